/// `migrate convert --to compose`: compose services from `docker run`/`create` lines, as composerize maps
/// them, but from the migrated line, so the file is already migrated (`userns_mode: auto`, `:U`, fully
/// qualified images, `restart: always`) and carries `x-podman: {in_pod: false}` as MG202 asks.
public enum ComposeEmitter {
  /// The compose file for the run lines of `plan` (services in file order).
  /// `source` names the input in the comment of a file that holds secret values.
  public static func emit(_ plan: ProjectPlan, options: ConversionOptions, source: String = "the input") -> String {
    var lines: [String] = []
    lines += plan.notes.flatMap(EmitComment.note)
    lines += UnitEmitter.secretNote(plan.literalSecrets.map(\.key), source: source)
    lines.append("services:")
    var networks: [String] = []
    var volumes: [String] = []
    var userns = false
    for container in plan.containers {
      lines.append("  \(YAMLQuote.key(container.name)):")
      let keys = container.composeKeys ?? []
      for (key, value) in keys {
        write(key, value, indent: 4, into: &lines)
        if key == "userns_mode" { userns = true }
      }
      networks += container.networks.filter { !networks.contains($0) }
      for volume in container.volumes {
        let parts = Mount.splitShortSpec(volume)
        if parts.count >= 2, !Mount.isHostPath(parts[0].text), !volumes.contains(parts[0].text) {
          volumes.append(parts[0].text)
        }
      }
    }
    // Like composerize: networks and volumes a run line names already exist (`docker network create`).
    for (title, names) in [("networks", networks), ("volumes", volumes)] where !names.isEmpty {
      lines.append("\(title):")
      for name in names {
        lines.append("  \(YAMLQuote.key(name)):")
        lines.append("    external: true")
        lines.append("    name: \(YAMLQuote.scalar(name))")
      }
    }
    if userns && options.mode != .rootless {
      lines += ["x-podman:", "  in_pod: false"]
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func write(_ key: String, _ value: ComposeValue, indent: Int, into lines: inout [String]) {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .scalar(let text):
      lines.append("\(pad)\(YAMLQuote.key(key)): \(YAMLQuote.scalar(text))")
    case .boolean(let value):
      lines.append("\(pad)\(YAMLQuote.key(key)): \(value)")
    case .list(let items):
      lines.append("\(pad)\(YAMLQuote.key(key)):")
      for item in items { writeItem(item, indent: indent + 2, into: &lines) }
    case .map(let pairs):
      lines.append("\(pad)\(YAMLQuote.key(key)):")
      for (k, v) in pairs { write(k, v, indent: indent + 2, into: &lines) }
    }
  }

  static func writeItem(_ value: ComposeValue, indent: Int, into lines: inout [String]) {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .scalar(let text):
      lines.append("\(pad)- \(YAMLQuote.scalar(text))")
    case .boolean(let value):
      lines.append("\(pad)- \(value)")
    case .list(let items):
      lines.append("\(pad)-")
      for item in items { writeItem(item, indent: indent + 2, into: &lines) }
    case .map(let pairs):
      var nested: [String] = []
      for (k, v) in pairs { write(k, v, indent: indent + 2, into: &nested) }
      guard let first = nested.first else {
        lines.append("\(pad)- {}")
        return
      }
      lines.append(pad + "- " + String(first.dropFirst(indent + 2)))
      lines += nested.dropFirst()
    }
  }
}

/// YAML scalar quoting for emitted compose files: plain when every YAML reader (1.1 and 1.2) reads the
/// text back as the same string, else double-quoted.
public enum YAMLQuote {
  public static func scalar(_ s: String) -> String {
    isPlainSafe(s) ? s : doubleQuoted(s)
  }

  public static func key(_ s: String) -> String { scalar(s) }

  static func doubleQuoted(_ s: String) -> String { CStyleEscape.quoted(s) }

  static let special: Set<String> = [
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
  ]

  static func isPlainSafe(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
    if special.contains(s.lowercased()) { return false }
    if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) && !(first == "-" && s.count > 1 && !s.hasPrefix("- ")) {
      return false
    }
    if first == " " || last == " " || last == ":" { return false }
    if s.contains(": ") || s.contains(" #") || s.contains("\t") { return false }
    if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
    // Numbers (and YAML 1.1 sexagesimals such as 80:80) would not read back as strings.
    let numeric = s.unicodeScalars.allSatisfy {
      ($0 >= "0" && $0 <= "9") || "+-.:_eExXoObB".unicodeScalars.contains($0)
    }
    if numeric && s.unicodeScalars.contains(where: { $0 >= "0" && $0 <= "9" }) { return false }
    if s.hasPrefix(".")
      && [".inf", ".nan"].contains(s.lowercased().replacingAll("+", with: "").replacingAll("-", with: ""))
    {
      return false
    }
    return true
  }
}

/// The composerize mapping from `docker run` flags to compose service keys.
enum ComposeMapping {
  static func keys(_ invocation: DockerCall, text: (ShellWord) -> String) -> [(key: String, value: ComposeValue)] {
    var keys: [(key: String, value: ComposeValue)] = []
    func index(_ key: String) -> Int? { keys.firstIndex { $0.key == key } }
    func set(_ key: String, _ value: ComposeValue) {
      if let i = index(key) { keys[i].value = value } else { keys.append((key, value)) }
    }
    func append(_ key: String, _ value: String) {
      if let i = index(key), case .list(var items) = keys[i].value {
        items.append(.scalar(value))
        keys[i].value = .list(items)
      } else {
        keys.append((key, .list([.scalar(value)])))
      }
    }
    /// Sets `path` inside nested maps (`deploy.resources.limits.cpus`).
    func setPath(_ path: [String], _ value: ComposeValue) {
      func insert(_ node: ComposeValue?, _ path: ArraySlice<String>) -> ComposeValue {
        guard let head = path.first else { return value }
        var pairs: [(String, ComposeValue)] = []
        if case .map(let existing)? = node { pairs = existing }
        if let i = pairs.firstIndex(where: { $0.0 == head }) {
          pairs[i].1 = insert(pairs[i].1, path.dropFirst())
        } else {
          pairs.append((head, insert(nil, path.dropFirst())))
        }
        return .map(pairs)
      }
      let root = path[0]
      let existing = index(root).map { keys[$0].value }
      set(root, insert(existing, path.dropFirst()))
    }
    func appendPath(_ path: [String], _ value: ComposeValue) {
      var items: [ComposeValue] = []
      if let i = index(path[0]) { items = lookup(keys[i].value, path.dropFirst()) }
      setPath(path, .list(items + [value]))
    }
    var network: String?
    var ipv4: String?
    var ipv6: String?
    var aliases: [String] = []
    /// The settings whose compose value is not the flag's value (`ContainerOption.Compose.reshaped`).
    func reshape(_ flag: String, _ value: String) {
      switch flag {
      case "blkio-weight-device":
        let (path, rest) = split(value, ":")
        appendPath(["blkio_config", "weight_device"], .map([("path", .scalar(path)), ("weight", .scalar(rest))]))
      case "device-read-bps", "device-read-iops", "device-write-bps", "device-write-iops":
        let (path, rest) = split(value, ":")
        appendPath(
          ["blkio_config", flag.replacingAll("-", with: "_")], .map([("path", .scalar(path)), ("rate", .scalar(rest))]))
      case "entrypoint": set("entrypoint", .list([.scalar(value)]))
      case "gpus":
        appendPath(
          ["deploy", "resources", "reservations", "devices"],
          .map([
            ("driver", .scalar("nvidia")), ("count", .scalar(value)), ("capabilities", .list([.scalar("gpu")])),
          ]))
      case "health-cmd": setPath(["healthcheck", "test"], .list([.scalar("CMD-SHELL"), .scalar(value)]))
      case "no-healthcheck": setPath(["healthcheck", "disable"], .boolean(true))
      case "ip": ipv4 = value
      case "network-alias": aliases.append(value)
      case "ip6": ipv6 = value
      case "log-opt":
        let (key, rest) = split(value, "=")
        setPath(["logging", "options", key], .scalar(rest))
      case "network":
        if ContainerOption.isNamedNetwork(value) {
          network = value
          set("networks", .list([.scalar(value)]))
        } else {
          set("network_mode", .scalar(value))
        }
      case "stop-timeout": set("stop_grace_period", .scalar(value + "s"))
      case "storage-opt":
        let (key, rest) = split(value, "=")
        setPath(["storage_opt", key], .scalar(rest))
      case "ulimit":
        let (key, rest) = split(value, "=")
        let (soft, hard) = split(rest, ":")
        setPath(
          ["ulimits", key], hard.isEmpty ? .scalar(soft) : .map([("soft", .scalar(soft)), ("hard", .scalar(hard))]))
      case "mount":
        var pairs: [(String, ComposeValue)] = []
        for field in value.split(separator: ",").map(String.init) {
          let (key, rest) = split(field, "=")
          switch key {
          case "type": pairs.append(("type", .scalar(rest)))
          case "source", "src": pairs.append(("source", .scalar(rest)))
          case "target", "destination", "dst": pairs.append(("target", .scalar(rest)))
          case "readonly", "ro": pairs.append(("read_only", .scalar(rest.isEmpty ? "true" : rest)))
          default: break
          }
        }
        if let i = index("volumes"), case .list(let items) = keys[i].value {
          keys[i].value = .list(items + [.map(pairs)])
        } else {
          keys.append(("volumes", .list([.map(pairs)])))
        }
      default: break
      }
    }
    for flag in invocation.flags {
      guard
        let value = flag.value.map(literal) ?? flag.valueWord.map(text)
          ?? (flag.spec?.arity == FlagArity.none ? "true" : nil)
      else { continue }
      guard let option = ContainerOption.forFlag(flag.name) else { continue }
      switch (option.compose, option.shape) {
      case (.key(let path), .repeated): appendPath(path, .scalar(value))
      case (.key(let path), .flag) where value == "true" || value == "false": setPath(path, .boolean(value == "true"))
      case (.key(let path), _): setPath(path, .scalar(value))
      case (.reshaped, _):
        reshape(option.flag, value)
      case (.none, _): break
      }
    }
    if let network, ipv4 != nil || ipv6 != nil || !aliases.isEmpty {
      var settings: [(String, ComposeValue)] = []
      if !aliases.isEmpty { settings.append(("aliases", .list(aliases.map(ComposeValue.scalar)))) }
      if let ipv4 { settings.append(("ipv4_address", .scalar(ipv4))) }
      if let ipv6 { settings.append(("ipv6_address", .scalar(ipv6))) }
      set("networks", .map([(network, .map(settings))]))
    }
    if let image = invocation.image { keys.append(("image", .scalar(text(image)))) }
    let rest = invocation.positionals.dropFirst().map(text)
    if !rest.isEmpty { keys.append(("command", .scalar(ShellQuote.join(rest)))) }
    return keys
  }

  /// A literal value as compose reads it back: `$` is `$$` (compose interpolates every value).
  static func literal(_ text: String) -> String { text.replacingAll("$", with: "$$") }

  static func lookup(_ value: ComposeValue, _ path: ArraySlice<String>) -> [ComposeValue] {
    guard let head = path.first else {
      if case .list(let items) = value { return items }
      return []
    }
    guard case .map(let pairs) = value, let next = pairs.first(where: { $0.0 == head }) else { return [] }
    return lookup(next.1, path.dropFirst())
  }

  static func split(_ text: String, _ separator: Character) -> (String, String) {
    guard let at = text.firstIndex(of: separator) else { return (text, "") }
    return (String(text[..<at]), String(text[text.index(after: at)...]))
  }
}

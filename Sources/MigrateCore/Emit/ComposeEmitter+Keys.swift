/// The composerize mapping from a run line's settings to compose service keys, through the option table.
extension ComposeEmitter {
  /// The compose keys of a container read from a `docker run` line, in the order its flags were given.
  /// Compose interpolates `$` in every value: a literal `$` (quoted on the run line, so the container's
  /// shell or program reads it) is `$$`; an expansion the host shell would do stays a compose variable.
  static func serviceKeys(_ container: Container) -> [(key: String, value: ComposeValue)] {
    func text(_ value: SourceValue) -> String { value.expansion == nil ? literal(value.text) : value.text }
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
        // `$(…)` is not Compose's to run: no network (the emitter notes it).
        if hasCommandSubstitution(value) { break }
        if ContainerOption.isNamedNetwork(value) {
          network = resourceKey(value)
          set("networks", .list([.scalar(resourceKey(value))]))
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
    for setting in container.options {
      guard let option = setting.option,
        let value = setting.value.map(text) ?? (option.shape == .flag ? "true" : nil)
      else { continue }
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
    if let image = container.image { keys.append(("image", .scalar(text(image)))) }
    if case .list(let words)? = container.command, !words.isEmpty {
      keys.append(("command", .scalar(ShellQuote.join(words.map(text)))))
    }
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

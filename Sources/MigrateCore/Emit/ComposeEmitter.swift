/// `migrate convert --to compose`: compose services from `docker run`/`create` lines, as composerize maps
/// them, but from the migrated line, so the file is already migrated (`userns_mode: auto`, `:U`, fully
/// qualified images, `restart: always`) and carries `x-podman: {in_pod: false}` as MG202 asks.
public enum ComposeEmitter {
  /// The compose file for the run lines of `plan` (services in file order).
  /// `source` names the input in the comment of a file that holds secret values.
  public static func emit(_ plan: ProjectPlan, options: ConversionOptions, source: String = "the input") -> String {
    var services: [String] = []
    var notes: [String] = []
    var networks: [String] = []
    var volumes: [String] = []
    var userns = false
    for container in plan.containers {
      services.append("  \(YAMLQuote.key(container.name)):")
      let keys = serviceKeys(container)
      for (key, value) in keys {
        write(key, value, indent: 4, into: &services)
        if key == "userns_mode" { userns = true }
      }
      for network in container.networks.map(\.text) where !networks.contains(network) {
        if hasCommandSubstitution(network) {
          notes.append(
            "`--network \(network)` of `\(container.name)` is a command substitution, which Compose cannot run: "
              + "no network is written for it; add the network by hand")
        } else {
          networks.append(network)
        }
      }
      for volume in container.volumeSpecs {
        let parts = Mount.splitShortSpec(volume)
        guard parts.count >= 2, !Mount.isHostPath(parts[0].text), !volumes.contains(parts[0].text) else { continue }
        if parts[0].text.contains("$") || parts[0].text.contains("`") {
          notes.append(
            "the volume source `\(parts[0].text)` of `\(container.name)` is a shell expansion: Compose substitutes "
              + "its variables when it runs; if it names a volume, declare that volume under `volumes:`")
        } else {
          volumes.append(parts[0].text)
        }
      }
    }
    var lines: [String] = []
    lines += (plan.notes + notes).flatMap(EmitComment.note)
    lines += UnitEmitter.secretNote(plan.literalSecrets.map(\.key), source: source)
    lines.append("services:")
    lines += services
    // Like composerize: networks and volumes a run line names already exist (`docker network create`). A
    // name with variables gets a key of its own, and Compose substitutes them in `name:`.
    for (title, names) in [("networks", networks), ("volumes", volumes)] where !names.isEmpty {
      lines.append("\(title):")
      for name in names {
        lines.append("  \(YAMLQuote.key(resourceKey(name))):")
        lines.append("    external: true")
        lines.append("    name: \(YAMLQuote.scalar(name))")
      }
    }
    if userns && options.mode != .rootless {
      lines += ["x-podman:", "  in_pod: false"]
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// True when a run line's value holds a command substitution (`$(…)`, `` `…` ``), which Compose cannot
  /// substitute (it rejects `$(` as an interpolation).
  static func hasCommandSubstitution(_ text: String) -> Bool {
    text.contains("$(") || text.contains("`")
  }

  /// The key a run line's network gets in the compose file: its name, or for a name with shell variables a
  /// name derived from the text (`${NET}` → `net`), never the variable as written.
  static func resourceKey(_ name: String) -> String {
    name.contains("$") ? EmitPlanner.derivedName(name) : name
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

/// `.migrate.yml`: a project's settings, found by walking up from the input.
///
/// ```yaml
/// target: focal              # jammy | focal | noble | bookworm
/// podman-version: "3.4.2"    # overrides the target's podman
/// mode: rootless             # userns-auto | rootless
/// bind-policy: keep          # chown (add :U) | keep
/// unsafe-fixes: false
/// fail-on: warning           # error | warning | info
/// suppressions: true         # honour `# migrate: ignore=` comments
/// select: [MG1, MG2]         # rule IDs, names, ID prefixes or ALL
/// ignore: [selinux-relabel-option]
/// severity: {MG105: error}
/// exclude: ["legacy/*"]      # batch: globs relative to this file's folder
/// data-roots: [/srv, ./volumes]  # folders whose subfolders `:U` may chown (replaces /srv /data /mnt /media ~)
/// ```
///
/// Unknown keys, invalid values and unknown rules are errors with the file, line and column, like a flag
/// with a typo: a misspelt setting must not be silently ignored.
public enum ConfigFile {
  /// The names looked for, in order, in each folder.
  public static let names = [".migrate.yml", ".migrate.yaml"]

  public static let keys = [
    "target", "podman-version", "mode", "bind-policy", "unsafe-fixes", "fail-on", "suppressions", "select", "ignore",
    "severity", "exclude", "data-roots",
  ]

  /// Reads the settings layer of `source`; `folder` is the folder the file is in (for `exclude`). With `quoting`
  /// false (a file that is not the project's own, such as `--config /etc/shadow`), an error gives the location
  /// and the problem only: neither the source line nor any key or value of the file.
  public static func parse(_ source: SourceFile, folder: String, quoting: Bool = true) throws -> SettingsLayer {
    func render(_ diagnostic: ParseDiagnostic) -> SettingsError {
      if quoting { return SettingsError(diagnostic.rendered(in: source).trimmingTrailingNewlines) }
      let position = source.lines.position(of: diagnostic.range.lower)
      return SettingsError(
        "\(diagnostic.path):\(position.line):\(position.column): error: \(diagnostic.stage): \(diagnostic.problem) "
          + "(not quoted: the file is not this project's own config)")
    }
    /// `text` in backticks and a space, or nothing when the file must not be quoted.
    func quoted(_ text: String) -> String { quoting ? "`\(text)` " : "" }
    let stream: YAMLStream
    do {
      stream = try YAMLParser.parse(source)
    } catch let diagnostic as ParseDiagnostic {
      throw render(diagnostic)
    }
    var layer = SettingsLayer()
    layer.excludeBase = folder
    guard let root = stream.documents.first?.root?.resolved, !root.isNull else { return layer }
    func fail(_ node: YAMLNode, _ problem: String) -> SettingsError {
      render(ParseDiagnostic(stage: "config", path: source.path, range: node.range, problem: problem))
    }
    guard root.isMapping else { throw fail(root, "expected a mapping of settings, found \(root.kindDescription)") }
    func scalar(_ node: YAMLNode) throws -> String {
      guard let value = node.resolved.scalarValue, node.resolved.isScalar else {
        throw fail(node, "expected a single value, found \(node.resolved.kindDescription)")
      }
      return value
    }
    func choice<T>(_ node: YAMLNode, _ parse: (String) -> T?, _ expected: String) throws -> T {
      let text = try scalar(node)
      guard let value = parse(text) else {
        throw fail(node, quoting ? "`\(text)` is not one of \(expected)" : "the value is not one of \(expected)")
      }
      return value
    }
    func selectors(_ node: YAMLNode) throws -> [String] {
      let items = node.resolved.isSequence ? node.resolved.items : [node]
      return try items.map { item in
        let text = try scalar(item)
        guard !RuleSelection.ids(matching: text).isEmpty else {
          throw fail(item, "unknown rule \(quoted(text))(see `migrate rules`)")
        }
        return text
      }
    }
    for (keyNode, value) in root.effectivePairs {
      let key = try scalar(keyNode)
      switch key {
      case "target": layer.target = try choice(value, TargetProfile.Name.init(rawValue:), Choices.targets)
      case "podman-version":
        layer.podmanVersion = try choice(value, PodmanVersion.init(parsing:), "a version such as 4.3 or 3.4.4")
      case "mode": layer.mode = try choice(value, RunMode.init(rawValue:), Choices.modes)
      case "bind-policy":
        layer.bindPolicy = try choice(value, BindOwnershipPolicy.init(rawValue:), Choices.bindPolicies)
      case "unsafe-fixes": layer.unsafeFixes = try choice(value, Choices.bool, "true, false")
      case "suppressions": layer.honorSuppressions = try choice(value, Choices.bool, "true, false")
      case "fail-on": layer.failOn = try choice(value, Choices.severity, Choices.severities)
      case "select": layer.select = try selectors(value)
      case "ignore": layer.ignore = try selectors(value)
      case "severity":
        guard value.resolved.isMapping else { throw fail(value, "expected a mapping of rule to severity") }
        for (ruleNode, levelNode) in value.resolved.effectivePairs {
          let rule = try scalar(ruleNode)
          guard let meta = RuleCatalog.meta(for: rule) else {
            throw fail(ruleNode, "unknown rule \(quoted(rule))(see `migrate rules`)")
          }
          guard !RuleSelection.locked.contains(meta.id) else {
            throw fail(ruleNode, "\(meta.id) (\(meta.name)) always reports an error")
          }
          layer.severities[meta.id] = try choice(levelNode, Choices.severity, Choices.severities)
        }
      case "exclude":
        let items = value.resolved.isSequence ? value.resolved.items : [value]
        layer.exclude = try items.map(scalar)
      case "data-roots":
        let items = value.resolved.isSequence ? value.resolved.items : [value]
        layer.dataRoots = try items.map { item in
          let text = try scalar(item)
          guard let root = dataRoot(text, folder: folder) else {
            throw fail(
              item,
              "`\(text)` cannot be a data root: give a folder other than `/` (absolute, `~/…`, or relative to this file)"
            )
          }
          return root
        }
      default:
        let hint = keys.first { $0.replacingUnderscores == key.replacingUnderscores }.map { "; did you mean `\($0)`?" }
        let known = "(known: \(keys.joined(separator: ", ")))"
        throw fail(keyNode, quoting ? "unknown setting `\(key)`\(hint ?? "") \(known)" : "unknown setting \(known)")
      }
    }
    return layer
  }
}

extension ConfigFile {
  /// A `data-roots` entry made absolute: `~` and `~/x` stay (the home is resolved at run time), a relative
  /// entry is relative to the config file's `folder`, `.`/`..` are applied. Nil for `/`, an empty entry or a
  /// variable: every path would be data.
  static func dataRoot(_ text: String, folder: String) -> String? {
    let trimmed = text.trimmingSpaces
    guard !trimmed.isEmpty, !trimmed.contains("$"), !trimmed.contains("`") else { return nil }
    if trimmed == "~" || trimmed == "~/" { return "~" }
    if trimmed.hasPrefix("~/") {
      let rest = BindPath.join("/", up: 0, trimmed.dropFirst(2).split(separator: "/").map(String.init))
      return rest == "/" ? "~" : "~" + rest
    }
    if trimmed.hasPrefix("~") { return nil }
    let base = trimmed.hasPrefix("/") ? "/" : folder
    let root = BindPath.join(base, up: 0, trimmed.split(separator: "/").map(String.init))
    return root == "/" ? nil : root
  }
}

extension String {
  fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }).lowercased() }

  var trimmingTrailingNewlines: String {
    var text = self
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}

/// Where and how to add an option to a container.
public enum OptionSite: Sendable, Hashable {
  /// Add a key to a compose service mapping: `offset` is where the new text goes; `indent` the indentation
  /// of the service's keys; `flow` when the mapping is written `{…}` (then entries are comma-separated).
  case composeKey(offset: Int, indent: String, lineEnding: String, flow: Bool, needsLeadingBreak: Bool)
  /// Add a flag to a command line right after `offset` (the end of the `run`/`create` word).
  case commandFlag(offset: Int)

  /// The edit that adds `key: value` (compose) or `--flag=value` (command line) to the container.
  public func addOption(composeKey key: String, value: String, flag: String) -> TextEdit {
    switch self {
    case .composeKey:
      return composeEntry(key: key, value: value)
    case .commandFlag(let offset):
      return .insert(" \(flag)=\(value)", at: offset)
    }
  }

  /// The edit that adds a mapping entry `key: value`, or with `nested` pairs a sub-mapping
  /// (`key:` then one indented `k: v` line each; `key: {k: v}` in flow style), indented by `unit`.
  public func composeEntry(key: String, value: String = "", nested: [(String, String)] = [], unit: String = "  ")
    -> TextEdit
  {
    switch self {
    case .composeKey(let offset, let indent, let lineEnding, let flow, let needsBreak):
      if flow {
        let body = nested.isEmpty ? value : "{" + nested.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        return .insert("\(needsBreak ? "" : ", ")\(key): \(body)", at: offset)
      }
      var lines = [nested.isEmpty ? "\(indent)\(key): \(value)" : "\(indent)\(key):"]
      lines += nested.map { "\(indent)\(unit)\($0.0): \($0.1)" }
      let text = lines.joined(separator: lineEnding)
      return .insert(needsBreak ? lineEnding + text : text + lineEnding, at: offset)
    case .commandFlag(let offset):
      return .insert(" --\(key)=\(value)", at: offset)
    }
  }
}

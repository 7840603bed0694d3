/// Text renderings of the rule catalogue: `migrate rules`, `migrate explain` and `docs/rules.md`.
public enum RuleDocs {
  /// One line per rule: ID, name, severity, fixability, summary.
  public static func list() -> String {
    RuleCatalog.metas.map { meta in
      let fix = meta.fixAvailability == .none ? "-" : "fix:\(meta.fixAvailability.rawValue)"
      return "\(meta.id)  \(pad(meta.name, 26)) \(pad(meta.severity.description, 8)) \(pad(fix, 14)) \(meta.summary)"
    }.joined(separator: "\n") + "\n"
  }

  /// The full text of one rule.
  public static func explain(_ meta: RuleMeta) -> String {
    var text =
      "\(meta.id) \(meta.name)\n\n\(meta.summary).\n\nSeverity: \(meta.severity). Fix: \(meta.fixAvailability.rawValue).\n"
    text += "\n## Why is this a problem?\n\(meta.why)\n\n## Fix safety\n\(meta.fixSafety)\n"
    let triggering = meta.examples.filter { $0.kind == .triggers }
    if let example = triggering.first {
      text += "\n## Example\n" + example.input.replacingMarkers() + "\n"
      if let fixed = example.fixed { text += "\nUse instead:\n" + fixed + "\n" }
    }
    if !meta.references.isEmpty { text += "\n## References\n" + meta.references.map { "- \($0)\n" }.joined() }
    return text
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}

extension String {
  /// The text without the example markers.
  func replacingMarkers() -> String {
    split(separator: RuleExample.marker, omittingEmptySubsequences: false).joined()
  }
}

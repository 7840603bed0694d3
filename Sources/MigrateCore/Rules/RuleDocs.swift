/// Text renderings of the rule catalogue: `migrate rules`, `migrate explain` and `docs/rules.md`.
public enum RuleDocs {
  /// One line per rule: ID, name, severity, fixability (`+review` when a fix may still need review), targets
  /// (and modes), summary.
  public static func list() -> String {
    let nameWidth = RuleCatalog.metas.map(\.name.count).max() ?? 0
    let scopeWidth = RuleCatalog.metas.map(\.scope.description.count).max() ?? 0
    // `+review`: a fix may leave the finding needing review (`RuleMeta.review`).
    let fixes = RuleCatalog.metas.map { meta in
      (meta.fixAvailability == .none ? "-" : "fix:\(meta.fixAvailability.rawValue)")
        + (meta.review == nil ? "" : "+review")
    }
    let fixWidth = max(13, fixes.map(\.count).max() ?? 0)
    return zip(RuleCatalog.metas, fixes).map { meta, fix in
      "\(meta.id)  \(pad(meta.name, nameWidth)) \(pad(meta.severity.description, 7)) \(pad(fix, fixWidth)) \(pad(meta.scope.description, scopeWidth)) \(meta.summary)"
    }.joined(separator: "\n") + "\n"
  }

  /// The full text of one rule.
  public static func explain(_ meta: RuleMeta) -> String {
    var text =
      "\(meta.id) \(meta.name)\n\n\(meta.summary).\n\nSeverity: \(meta.severity). Fix: \(meta.fixAvailability.rawValue). Applies to: \(meta.scope.description).\n"
    text += "Source: \(meta.sourceFile)\n"
    text += "\n## Why is this a problem?\n\(meta.why)\n\n## Fix safety\n\(meta.fixSafety)\n"
    if let review = meta.review { text += "\n## Needs review\n\(review)\n" }
    let triggering = meta.examples.filter { $0.kind == .triggers }
    if let example = triggering.first {
      text += "\n## Example\n" + example.input.replacingMarkers() + "\n"
      if let fixed = example.fixed { text += "\nUse instead:\n" + fixed + "\n" }
    }
    if !meta.references.isEmpty { text += "\n## References\n" + meta.references.map { "- \($0)\n" }.joined() }
    return text
  }

  /// `docs/rules.md`: every rule with its metadata and examples, generated from the catalogue (a test keeps
  /// the file in sync).
  public static func markdown() -> String {
    var text = "# Rules\n\nGenerated from the rule catalogue by `migrate rules --markdown`; do not edit by hand.\n\n"
    text += "| ID | name | severity | fix | applies to | summary |\n| --- | --- | --- | --- | --- | --- |\n"
    for meta in RuleCatalog.metas {
      text +=
        "| [\(meta.id)](#\(meta.id.lowercased())) | `\(meta.name)` | \(meta.severity) | \(meta.fixAvailability.rawValue) | \(meta.scope.description) | \(meta.summary) |\n"
    }
    for meta in RuleCatalog.metas {
      text +=
        "\n## \(meta.id)\n\n`\(meta.name)` — \(meta.summary). Severity: \(meta.severity). Fix: \(meta.fixAvailability.rawValue). Applies to: \(meta.scope.description).\n\n"
      text += "Source: [`\(meta.sourceFile)`](../\(meta.sourceFile))\n\n"
      text += "### Why is this a problem?\n\n\(meta.why)\n\n### Fix safety\n\n\(meta.fixSafety)\n"
      if let review = meta.review { text += "\n### Needs review\n\n\(review)\n" }
      for example in meta.examples {
        let fence =
          [.compose, .githubActions, .gitlabCI, .travisCI].contains(example.language)
          ? "yaml" : example.language == .systemd ? "ini" : example.language == .makefile ? "make" : "sh"
        let label = example.kind == .triggers ? "Triggers" : "Passes"
        let podman = example.podman.map { " with podman \($0.major).\($0.minor)" } ?? ""
        let upgrade = example.from.map { ", from \($0.rawValue)" } ?? ""
        let conditions =
          example.mode == .rootless || example.target != .jammy || example.podman != nil || example.from != nil
          ? " (\(example.mode.rawValue), \(example.target.rawValue)\(podman)\(upgrade))" : ""
        text += "\n\(label)\(conditions):\n\n```\(fence)\n\(example.input.replacingMarkers())```\n"
        if let fixed = example.fixed {
          let how = example.unsafeFixes ? "Fixed (with `--unsafe-fixes`)" : "Fixed"
          text += "\n\(how):\n\n```\(fence)\n\(fixed)```\n"
        }
      }
      if !meta.references.isEmpty { text += "\nReferences: " + meta.references.joined(separator: "; ") + "\n" }
    }
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

/// How findings are reported: compiler-style text, JSON (`docs/json-format.md`) or SARIF 2.1.0.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
  case text, json, sarif
}

/// Renders findings as compiler-style lines: `path:line:col: severity: [ID] message`.
public enum TextReporter {
  /// One line per finding (marked `(fixed)` or `(needs review)`, with what to review), a located excerpt for a parse error, then a count,
  /// and with `summary` a line of counts by severity and by rule (`batch` has its own for all files).
  public static func render(_ result: ConversionResult, color: Bool = false, summary: Bool = true) -> String {
    let path = result.source.path == "-" ? "<stdin>" : result.source.path
    if let diagnostic = result.parseError {
      var copy = diagnostic
      copy.path = path
      return copy.rendered(in: result.source) + "\n"
    }
    var text = ""
    let positions = result.source.lines.positions(of: result.findings.map(\.range.lower))
    for (finding, at) in zip(result.findings, positions) {
      let severity = colored(finding.severity, color)
      text += "\(path):\(at.line):\(at.column): \(severity): [\(finding.ruleID)] \(finding.message)"
      switch finding.status {
      case .fixed: text += " (fixed)"
      case .needsReview: text += " (needs review)"
      case .remaining:
        if let fix = finding.fix {
          let note = fix.applicability == .unsafe ? " (unsafe fix; apply with --unsafe-fixes)" : ""
          text += "\n  help: \(fix.title)\(note)"
        }
      }
      if let review = finding.review { text += "\n  review: \(review)" }
      text += "\n"
    }
    if !result.findings.isEmpty {
      let plural = result.findings.count == 1 ? "finding" : "findings"
      text += "\(path): \(result.findings.count) \(plural) (\(tally(result.findings)))\n"
      if summary { text += "\(path): summary: \(self.summary(result.findings))\n" }
    }
    return text
  }

  /// `1 error, 4 warnings, 0 info; by rule: MG101 ×3, MG102 ×1, MG202 ×1` (rules by ID).
  public static func summary(_ findings: [Finding]) -> String {
    let bySeverity = Severity.allCases.reversed().map { severity in
      let count = findings.filter { $0.severity == severity }.count
      return "\(count) \(severity)\(count == 1 || severity == .info ? "" : "s")"
    }
    var byRule: [String: Int] = [:]
    for finding in findings { byRule[finding.ruleID, default: 0] += 1 }
    let rules = byRule.keys.sorted().map { "\($0) ×\(byRule[$0] ?? 0)" }
    return bySeverity.joined(separator: ", ") + "; by rule: " + rules.joined(separator: ", ")
  }

  /// `6 fixed, 1 needs review, 0 remaining`; the review count only when there is one, so a file where every
  /// fix suffices reads as before.
  public static func tally(_ findings: [Finding]) -> String {
    let counts = findings.statusCounts
    var parts = ["\(counts[.fixed] ?? 0) fixed"]
    if let review = counts[.needsReview], review > 0 { parts.append("\(review) needs review") }
    parts.append("\(counts[.remaining] ?? 0) remaining")
    return parts.joined(separator: ", ")
  }

  static func colored(_ severity: Severity, _ color: Bool) -> String {
    guard color else { return severity.description }
    switch severity {
    case .error: return "\u{1B}[1;31merror\u{1B}[0m"
    case .warning: return "\u{1B}[1;33mwarning\u{1B}[0m"
    case .info: return "\u{1B}[1;36minfo\u{1B}[0m"
    }
  }
}

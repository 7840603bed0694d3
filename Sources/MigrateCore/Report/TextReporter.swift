/// How findings are reported: compiler-style text, JSON (`docs/json-format.md`) or SARIF 2.1.0.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
  case text, json, sarif
}

/// Renders findings as compiler-style lines: `path:line:col: severity: [ID] message`.
public enum TextReporter {
  /// One line per finding (fixed ones marked), a located excerpt for a parse error, then a count.
  public static func render(_ result: ConversionResult, color: Bool = false) -> String {
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
      if finding.fixed {
        text += " (fixed)"
      } else if let fix = finding.fix {
        let note = fix.applicability == .unsafe ? " (unsafe fix; apply with --unsafe-fixes)" : ""
        text += "\n  help: \(fix.title)\(note)"
      }
      text += "\n"
    }
    if !result.findings.isEmpty {
      let fixed = result.findings.filter(\.fixed).count
      let plural = result.findings.count == 1 ? "finding" : "findings"
      text +=
        "\(path): \(result.findings.count) \(plural) (\(fixed) fixed, \(result.findings.count - fixed) remaining)\n"
    }
    return text
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

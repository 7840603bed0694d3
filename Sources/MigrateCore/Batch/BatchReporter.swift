/// Renders a batch as diffs, findings and a summary (text), in path order.
public enum BatchReporter {
  /// The unified diffs of every file that changes (or changed, with `--write`), in path order.
  public static func diffs(_ report: BatchReport, color: Bool) -> String {
    var text = ""
    for file in report.files where file.changed {
      guard let result = file.result else { continue }
      text += UnifiedDiff.render(
        old: result.source.bytes, new: result.output, path: result.source.path, style: .init(color: color))
    }
    return text
  }

  /// Findings of every converted file, then the summary.
  public static func findings(_ report: BatchReport, color: Bool) -> String {
    var text = ""
    for file in report.files {
      if let result = file.result, !result.findings.isEmpty || result.parseError != nil {
        text += TextReporter.render(result, color: color)
      }
      if case .unreadable(let message) = file.status { text += "migrate: \(message)\n" }
    }
    for link in report.skippedLinks {
      text += "\(RepositoryWalker.join(report.root, link)): skipped: symbolic link (never followed)\n"
    }
    return text + summary(report)
  }

  /// `files scanned, using docker, would change; findings by severity, fixed and needing review; by rule`.
  public static func summary(_ report: BatchReport) -> String {
    let all = report.files.compactMap(\.result).flatMap(\.findings)
    let written = report.files.filter(\.written).count
    let change = written > 0 ? "\(report.changedCount) changed (written)" : "\(report.changedCount) would change"
    var text = "migrate batch: \(report.files.count) files scanned, \(report.usingDockerCount) use docker, \(change)"
    if report.failedCount > 0 { text += ", \(report.failedCount) could not be parsed (left untouched)" }
    let binary = report.files.filter { $0.status == .binary }.count
    if binary > 0 { text += ", \(binary) binary skipped" }
    text += "\n"
    let bySeverity = Severity.allCases.reversed().map { severity in
      "\(all.filter { $0.severity == severity }.count) \(severity)"
    }
    let counts = all.statusCounts
    let review = (counts[.needsReview] ?? 0) > 0 ? ", \(counts[.needsReview] ?? 0) need review" : ""
    text += "findings: \(all.count) (\(bySeverity.joined(separator: ", "))), \(counts[.fixed] ?? 0) fixed\(review)\n"
    var byRule: [String: Int] = [:]
    for finding in all { byRule[finding.ruleID, default: 0] += 1 }
    if !byRule.isEmpty {
      let names = Dictionary(uniqueKeysWithValues: RuleCatalog.metas.map { ($0.id, $0.name) })
      text +=
        "by rule: " + byRule.keys.sorted().map { "\($0) \(names[$0] ?? "") \(byRule[$0] ?? 0)" }.joined(separator: ", ")
        + "\n"
    }
    return text
  }
}

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
        text += TextReporter.render(result, color: color, summary: false)
      }
      if case .unreadable(let message) = file.status { text += "migrate: \(message)\n" }
      for note in file.notes { text += "\(RepositoryWalker.join(report.root, file.path)): \(note)\n" }
    }
    for link in report.skippedLinks {
      text += "\(RepositoryWalker.join(report.root, link)): skipped: symbolic link (never followed)\n"
    }
    for path in report.outside {
      text +=
        "\(RepositoryWalker.join(report.root, path)): skipped: its folder leads outside the batch folder through a "
        + "symbolic link (never followed)\n"
    }
    for path in report.leftovers {
      let name = path.split(separator: "/").last.map(String.init) ?? path
      let original = FileIO.leftoverOriginal(name) ?? name
      text +=
        "\(RepositoryWalker.join(report.root, path)): skipped: left by an interrupted `migrate --write` (never "
        + "converted); it holds the new text of \(original), perhaps incomplete; \(original) is whole unless it has hard links (then compare "
        + "the two); delete it once checked\n"
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
    if !report.outside.isEmpty { text += ", \(report.outside.count) outside the batch folder skipped" }
    if !report.leftovers.isEmpty { text += ", \(report.leftovers.count) leftover temporary files" }
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

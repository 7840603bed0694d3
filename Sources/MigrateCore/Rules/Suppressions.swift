/// `# migrate: ignore=MG102,MG103 -- reason` (the next command or key) and `# migrate: file-ignore=MG104`
/// (the whole file), read from a file's comments and applied centrally, so rules never see them (hadolint's
/// pragmas).
public struct Suppressions: Sendable {
  public struct Entry: Sendable {
    /// Rule IDs or names as written.
    public var rules: [String]
    /// Where the comment is (original bytes).
    public var range: ByteRange
    /// 0-based line span covered; nil for a file-wide entry.
    public var lines: ClosedRange<Int>?
  }

  public var entries: [Entry] = []

  /// Reads the suppressions of `source`.
  public static func read(_ source: SourceFile) -> Suppressions {
    var result = Suppressions()
    let lines = source.lines
    guard contains(source.bytes, "migrate:") else { return result }
    for index in 0..<lines.lineCount {
      let range = lines.lineRange(index)
      let text = source.text(range)
      guard let hash = text.firstIndex(of: "#") else { continue }
      var comment = text[text.index(after: hash)...].drop { $0 == " " || $0 == "\t" }
      guard comment.hasPrefix("migrate:") else { continue }
      comment = comment.dropFirst("migrate:".count).drop { $0 == " " }
      let fileWide = comment.hasPrefix("file-ignore=")
      guard fileWide || comment.hasPrefix("ignore=") else { continue }
      comment = comment.drop { $0 != "=" }.dropFirst()
      let list = comment.prefix { $0 != " " && $0 != "\t" }
      let rules = list.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
      // In the file's bytes (the decoded line is longer where it holds invalid UTF-8): the first `#` byte
      // is the first `#` of the text.
      let offset = source.bytes[range.lower..<range.upper].firstIndex(of: UInt8(ascii: "#")) ?? range.lower
      let standalone = text[..<hash].allSatisfy { $0 == " " || $0 == "\t" }
      var covered: ClosedRange<Int>?
      if !fileWide {
        // A trailing comment covers its own line; a comment line covers the statement that follows.
        covered = standalone ? statement(after: index, in: source) : index...index
      }
      result.entries.append(Entry(rules: rules, range: ByteRange(offset, range.upper), lines: covered))
    }
    return result
  }

  /// The lines of the statement that starts after comment line `index`: the next code line, its
  /// continuation lines (`\`) and the more indented lines under it (a YAML key's block).
  static func statement(after index: Int, in source: SourceFile) -> ClosedRange<Int>? {
    let lines = source.lines
    var start = index + 1
    func text(_ line: Int) -> String { source.text(lines.lineRange(line)) }
    func indent(_ line: String) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }
    while start < lines.lineCount {
      let line = text(start).trimmingSpaces
      if !line.isEmpty && !line.hasPrefix("#") { break }
      start += 1
    }
    guard start < lines.lineCount else { return nil }
    let base = indent(text(start))
    var end = start
    while end + 1 < lines.lineCount {
      let current = text(end)
      let next = text(end + 1)
      if current.hasSuffix("\\") || next.trimmingSpaces.isEmpty || indent(next) > base
        || next.trimmingSpaces.hasPrefix("-") && indent(next) == base && text(start).trimmingSpaces.hasSuffix(":")
      {
        end += 1
      } else {
        break
      }
    }
    // Trailing blank lines are not part of the statement.
    while end > start && text(end).trimmingSpaces.isEmpty { end -= 1 }
    return start...end
  }

  /// True when entry `entry` covers `finding` (by ID or rule name).
  func covers(_ entry: Entry, _ finding: Finding, line: Int) -> Bool {
    let name = RuleCatalog.meta(for: finding.ruleID)?.name
    guard entry.rules.contains(where: { $0.uppercased() == finding.ruleID || $0 == name }) else { return false }
    return entry.lines.map { $0.contains(line) } ?? true
  }

  /// The findings left after the suppressions, and which entries were used.
  public func apply(_ findings: [Finding], in source: SourceFile) -> (kept: [Finding], used: Set<Int>) {
    guard !entries.isEmpty else { return (findings, []) }
    var kept: [Finding] = []
    var used = Set<Int>()
    for finding in findings {
      let line = source.lines.lineIndex(of: finding.range.lower)
      if finding.ruleID == ParseError.meta.id { kept.append(finding); continue }
      if let index = entries.indices.first(where: { covers(entries[$0], finding, line: line) }) {
        used.insert(index)
      } else {
        kept.append(finding)
      }
    }
    return (kept, used)
  }

  /// MG002 findings: suppressions naming unknown rules, and ones that suppressed nothing. A suppression whose
  /// rules are all turned off (`ignore:` in the config, `--select`) had nothing to suppress and is not reported.
  public func problems(used: Set<Int>, selection: RuleSelection = RuleSelection()) -> [Finding] {
    var findings: [Finding] = []
    for (index, entry) in entries.enumerated() {
      let unknown = entry.rules.filter { RuleCatalog.meta(for: $0) == nil }
      if !unknown.isEmpty {
        findings.append(
          Finding(
            ruleID: UnusedSuppression.meta.id, severity: UnusedSuppression.meta.severity,
            message: "Suppression names unknown rule \(unknown.map { "`\($0)`" }.joined(separator: ", "))",
            range: entry.range))
      } else if !used.contains(index),
        entry.rules.contains(where: { RuleCatalog.meta(for: $0).map { selection.isEnabled($0.id) } ?? true })
      {
        findings.append(
          Finding(
            ruleID: UnusedSuppression.meta.id, severity: UnusedSuppression.meta.severity,
            message: "Suppression of \(entry.rules.joined(separator: ", ")) matches no finding",
            range: entry.range))
      }
    }
    return findings
  }

  static func contains(_ bytes: [UInt8], _ needle: String) -> Bool { BatchRunner.contains(bytes, needle) }
}

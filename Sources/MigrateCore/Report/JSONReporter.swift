import Foundation

/// The machine-readable report (`--format json`), documented in `docs/json-format.md`. Keys are sorted and
/// files come in path order, so the same input gives the same bytes.
public enum JSONReporter {
  public struct Report: Codable, Equatable, Sendable {
    public var version: Int
    public var tool: Tool
    public var target: String
    public var podmanVersion: String
    public var mode: String
    public var files: [File]
    public var summary: Summary
  }

  public struct Tool: Codable, Equatable, Sendable {
    public var name: String
    public var version: String
  }

  public struct File: Codable, Equatable, Sendable {
    public var path: String
    /// `compose`, `shell`, …; null for files that were not read as any kind.
    public var kind: String?
    /// `converted`, `failed`, `skipped`, `binary`, `unreadable`.
    public var status: String
    public var changed: Bool
    public var written: Bool
    public var error: Location?
    public var findings: [Finding]
  }

  public struct Location: Codable, Equatable, Sendable {
    public var message: String
    public var line: Int
    public var column: Int
  }

  public struct Finding: Codable, Equatable, Sendable {
    public var rule: String
    public var name: String
    public var severity: String
    public var message: String
    /// 1-based; columns count Unicode code points.
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    /// UTF-8 byte offsets in the original file, 0-based, half-open.
    public var startOffset: Int
    public var endOffset: Int
    /// True only when the fix was applied and resolves the finding (`status` is `fixed`).
    public var fixed: Bool
    /// `fixed`, `needs-review` or `remaining`.
    public var status: String
    /// What a person must decide, for a finding whose rule knows the container still does not work.
    public var review: String?
    public var fix: Fix?
  }

  public struct Fix: Codable, Equatable, Sendable {
    public var title: String
    /// `safe`, `unsafe`, `display-only`.
    public var applicability: String
    public var edits: [Edit]
  }

  public struct Edit: Codable, Equatable, Sendable {
    public var startOffset: Int
    public var endOffset: Int
    public var replacement: String
  }

  public struct Summary: Codable, Equatable, Sendable {
    public var files: Int
    public var usingDocker: Int
    public var changed: Int
    public var failed: Int
    public var findings: [String: Int]
    public var fixed: Int
    public var needsReview: Int
    public var remaining: Int
  }

  /// The report of a batch (or of one converted file wrapped as a batch of one).
  public static func report(_ batch: BatchReport, options: ConversionOptions) -> Report {
    let names = Dictionary(uniqueKeysWithValues: RuleCatalog.metas.map { ($0.id, $0.name) })
    var files: [File] = []
    for file in batch.files {
      var entry = File(
        path: file.result?.source.path ?? RepositoryWalker.join(batch.root, file.path),
        kind: file.result?.kind.rawValue,
        status: status(file.status), changed: file.changed, written: file.written, error: nil, findings: [])
      if let result = file.result {
        let lines = result.source.lines
        if let error = result.parseError {
          let at = lines.position(of: error.range.lower)
          entry.error = Location(message: "\(error.stage): \(error.problem)", line: at.line, column: at.column)
        }
        let starts = lines.positions(of: result.findings.map(\.range.lower))
        let ends = lines.positions(of: result.findings.map(\.range.upper))
        entry.findings = result.findings.indices.map { index in
          let finding = result.findings[index]
          return Finding(
            rule: finding.ruleID, name: names[finding.ruleID] ?? "", severity: finding.severity.description,
            message: finding.message, line: starts[index].line, column: starts[index].column, endLine: ends[index].line,
            endColumn: ends[index].column, startOffset: finding.range.lower, endOffset: finding.range.upper,
            fixed: finding.isResolved, status: finding.status.rawValue, review: finding.review,
            fix: finding.fix.map { fix in
              Fix(
                title: fix.title, applicability: fix.applicability.name,
                edits: fix.edits.map {
                  Edit(startOffset: $0.range.lower, endOffset: $0.range.upper, replacement: $0.replacement)
                })
            })
        }
      } else if case .unreadable(let message) = file.status {
        entry.error = Location(message: message, line: 1, column: 1)
      }
      files.append(entry)
    }
    let all = batch.files.compactMap(\.result).flatMap(\.findings)
    var counts: [String: Int] = ["error": 0, "warning": 0, "info": 0]
    for finding in all { counts[finding.severity.description, default: 0] += 1 }
    let statuses = all.statusCounts
    return Report(
      version: 1, tool: Tool(name: "migrate", version: MigrateVersion.string), target: options.target.name.rawValue,
      podmanVersion: options.target.podman.description, mode: options.mode.rawValue, files: files,
      summary: Summary(
        files: batch.files.count, usingDocker: batch.usingDockerCount, changed: batch.changedCount,
        failed: batch.failedCount, findings: counts, fixed: statuses[.fixed] ?? 0,
        needsReview: statuses[.needsReview] ?? 0, remaining: statuses[.remaining] ?? 0))
  }

  static func status(_ status: BatchFile.Status) -> String {
    switch status {
    case .skipped: return "skipped"
    case .binary: return "binary"
    case .converted: return "converted"
    case .failed: return "failed"
    case .unreadable: return "unreadable"
    }
  }

  public static func render(_ report: Report) -> String { document(report) }

  /// Any report of `migrate` as JSON, the one way: pretty-printed, keys sorted, slashes left bare, a final
  /// newline (`{}` if it could not be encoded).
  static func document(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

extension BatchReport {
  /// One converted file as a batch of one, so every reporter serves `convert` and `batch` alike.
  public init(single result: ConversionResult) {
    let status: BatchFile.Status = result.failed ? .failed : .converted
    self.init(
      files: [BatchFile(path: result.source.path, status: status, result: result)], skippedLinks: [], root: ".")
  }
}

/// How serious a finding is; rules give a default, configuration may re-rank it.
public enum Severity: Int, Comparable, Sendable, Codable, CaseIterable, CustomStringConvertible {
  case info
  case warning
  case error

  public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

  public var description: String {
    switch self {
    case .info: return "info"
    case .warning: return "warning"
    case .error: return "error"
    }
  }
}

/// One thing a rule (or the parser) reports about a file.
public struct Finding: Hashable, Sendable {
  /// Rule ID, e.g. `MG201`.
  public var ruleID: String
  public var severity: Severity
  /// States the problem: sentence case, no final period, code in backticks.
  public var message: String
  /// Where, in the original bytes of the file.
  public var range: ByteRange
  public var fix: Fix?
  /// True once the engine applied `fix` to the output (its edits are in it); whether that resolves the
  /// finding is `status`.
  public var fixed: Bool = false
  /// Set when the rule knows that the container still does not work once `migrate` has done what it can
  /// (the fix applied, or nothing left to apply): what a person must decide, as a clause in the style of
  /// `message`. Such a finding is never reported as fixed.
  public var review: String?

  public init(
    ruleID: String, severity: Severity, message: String, range: ByteRange, fix: Fix? = nil, review: String? = nil
  ) {
    self.ruleID = ruleID
    self.severity = severity
    self.message = message
    self.range = range
    self.fix = fix
    self.review = review
  }

  /// The verdict the reports show.
  public var status: FindingStatus {
    if review != nil && (fixed || fix == nil) { return .needsReview }
    return fixed ? .fixed : .remaining
  }

  /// True when nothing is left to do for the finding: its fix was applied and the rule says that suffices.
  /// Everything else counts as unfixed for `--fail-on`.
  public var isResolved: Bool { status == .fixed }
}

/// What became of a finding after the fixes: exactly one of three verdicts.
public enum FindingStatus: String, Sendable, Codable, CaseIterable {
  /// The fix was applied and resolves the finding.
  case fixed
  /// `migrate` did what it can (applied the fix, or there is none to apply), but the rule knows the container
  /// still does not work on its own: a person must decide (`Finding.review` says what). Never "fixed".
  case needsReview = "needs-review"
  /// Nothing was done about it: there is no fix, or its fix was not applied (below the requested
  /// applicability, or it overlapped another).
  case remaining

  /// How text output writes the status: `fixed`, `needs review`, `remaining`.
  public var label: String {
    switch self {
    case .fixed: return "fixed"
    case .needsReview: return "needs review"
    case .remaining: return "remaining"
    }
  }
}

extension Sequence where Element == Finding {
  /// How many findings have each status.
  public var statusCounts: [FindingStatus: Int] {
    var counts: [FindingStatus: Int] = [.fixed: 0, .needsReview: 0, .remaining: 0]
    for finding in self { counts[finding.status, default: 0] += 1 }
    return counts
  }

  /// True when a finding still needs a person: one whose rule said it needs review, fixed or not. `--check`
  /// fails on these even when the file would not change.
  public var needsReview: Bool { contains { $0.review != nil } }

  /// True when a finding at or above `level` is not resolved (remaining or needing review): `--fail-on`.
  public func hasUnresolved(atLeast level: Severity) -> Bool {
    contains { !$0.isResolved && $0.severity >= level }
  }
}

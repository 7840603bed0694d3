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
  /// True once the engine applied `fix` to the output.
  public var fixed: Bool = false

  public init(ruleID: String, severity: Severity, message: String, range: ByteRange, fix: Fix? = nil) {
    self.ruleID = ruleID
    self.severity = severity
    self.message = message
    self.range = range
    self.fix = fix
  }
}

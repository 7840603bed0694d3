/// Which rules run and at what severity: `select`/`ignore` lists and severity overrides from a config file,
/// the environment or flags (ruff's selectors).
public struct RuleSelection: Sendable, Hashable {
  /// IDs of rules that do not run (their findings and fixes are dropped).
  public var disabled: Set<String> = []
  /// Severity overrides by rule ID.
  public var severities: [String: Severity] = [:]

  public init(disabled: Set<String> = [], severities: [String: Severity] = [:]) {
    self.disabled = disabled
    self.severities = severities
  }

  /// Engine rules that cannot be turned off or down: a file that does not parse, or a bug.
  static let locked: Set<String> = [ParseError.meta.id, InternalError.meta.id]

  public func isEnabled(_ id: String) -> Bool { !disabled.contains(id) }

  /// Drops findings of disabled rules and applies severity overrides.
  public func apply(_ findings: [Finding]) -> [Finding] {
    guard !disabled.isEmpty || !severities.isEmpty else { return findings }
    return findings.compactMap { finding in
      guard !Self.locked.contains(finding.ruleID) else { return finding }
      guard isEnabled(finding.ruleID) else { return nil }
      var finding = finding
      if let severity = severities[finding.ruleID] { finding.severity = severity }
      return finding
    }
  }

  /// The rule IDs a selector names: an ID (`MG105`), a name (`restart-unless-stopped`), an ID prefix (`MG1`,
  /// `MG12`) or `ALL`; empty when it names nothing.
  public static func ids(matching selector: String) -> [String] {
    let metas = RuleCatalog.metas
    if selector == "ALL" { return metas.map(\.id) }
    if let meta = RuleCatalog.meta(for: selector) { return [meta.id] }
    let upper = selector.uppercased()
    guard upper.hasPrefix("MG"), (3...4).contains(upper.count), upper.dropFirst(2).allSatisfy(\.isNumber) else {
      return []
    }
    return metas.map(\.id).filter { $0.hasPrefix(upper) }
  }

  /// The selection after `layers` in order, as ruff layers them: a layer's `select` replaces the rules chosen so
  /// far, its `ignore` removes rules from them; `severities` are keyed by rule ID.
  public static func resolve(
    _ layers: [(select: [String]?, ignore: [String]?)], severities: [String: Severity] = [:]
  ) -> RuleSelection {
    let all = Set(RuleCatalog.metas.map(\.id))
    var enabled = all
    for layer in layers {
      if let select = layer.select { enabled = Set(select.flatMap(ids(matching:))) }
      if let ignore = layer.ignore { enabled.subtract(ignore.flatMap(ids(matching:))) }
    }
    return RuleSelection(disabled: all.subtracting(enabled).subtracting(locked), severities: severities)
  }
}

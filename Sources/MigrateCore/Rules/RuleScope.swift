/// Where a rule can report: the run modes and targets it applies to, as data, so `migrate rules`, the docs
/// and the tests (a triggering example must lie inside its rule's scope) agree with the code.
public struct RuleScope: Sendable, Hashable {
  public var modes: [RunMode]
  public var targets: [TargetProfile.Name]
  /// Why the targets are limited, e.g. "podman < 4.7"; nil when every target is in scope.
  public var reason: String?
  /// The rule reports only where the target's podman has this feature, named target or `--podman-version`
  /// override alike (podman 6 removals: no named target ships podman 6 yet).
  public var requires: PodmanFeature?
  /// With `requires`: the rule reports only where the target's podman lacks this later feature too (a
  /// behaviour of a few releases, such as pasta before 5.3).
  public var until: PodmanFeature?

  public init(
    modes: [RunMode] = RunMode.allCases, targets: [TargetProfile.Name] = TargetProfile.Name.allCases,
    reason: String? = nil
  ) {
    self.modes = modes
    self.targets = targets
    self.reason = reason
  }

  /// Every mode and target.
  public static let all = RuleScope()

  /// Targets whose podman lacks `feature` (the feature matrix decides which).
  public static func lacking(_ feature: PodmanFeature, modes: [RunMode] = RunMode.allCases) -> RuleScope {
    let version = feature.introduced
    let short = version.patch == 0 ? "\(version.major).\(version.minor)" : version.description
    return RuleScope(
      modes: modes, targets: TargetProfile.Name.allCases.filter { !TargetProfile.named($0).supports(feature) },
      reason: "podman < \(short)")
  }

  /// The targets whose profile has `property` (`cgroupV2`, `isUbuntu`), so a new target falls in or out of
  /// scope by its facts, not by a list.
  public static func targets(
    where property: (TargetProfile) -> Bool, reason: String, modes: [RunMode] = RunMode.allCases
  ) -> RuleScope {
    RuleScope(
      modes: modes, targets: TargetProfile.Name.allCases.filter { property(TargetProfile.named($0)) }, reason: reason)
  }

  /// Targets whose podman has `feature`, including a `--podman-version` override: the named targets that
  /// ship it now, and any target given a podman that new.
  public static func having(_ feature: PodmanFeature, modes: [RunMode] = RunMode.allCases) -> RuleScope {
    let version = feature.introduced
    let short = version.patch == 0 ? "\(version.major).\(version.minor)" : version.description
    var scope = RuleScope(
      modes: modes, targets: TargetProfile.Name.allCases.filter { TargetProfile.named($0).supports(feature) },
      reason: "podman ≥ \(short)")
    scope.requires = feature
    return scope
  }

  /// Targets whose podman has `feature` but not yet `later` (`--podman-version` overrides included): the
  /// releases in between, which may be no named target's.
  public static func between(
    _ feature: PodmanFeature, _ later: PodmanFeature, modes: [RunMode] = RunMode.allCases
  ) -> RuleScope {
    func short(_ version: PodmanVersion) -> String {
      version.patch == 0 ? "\(version.major).\(version.minor)" : version.description
    }
    let inside = { (profile: TargetProfile) in profile.supports(feature) && !profile.supports(later) }
    var scope = RuleScope(
      modes: modes, targets: TargetProfile.Name.allCases.filter { inside(TargetProfile.named($0)) },
      reason: "podman ≥ \(short(feature.introduced)), < \(short(later.introduced))")
    scope.requires = feature
    scope.until = later
    return scope
  }

  /// One mode, every target.
  public static func mode(_ mode: RunMode) -> RuleScope { RuleScope(modes: [mode]) }

  public func contains(_ target: TargetProfile.Name, _ mode: RunMode) -> Bool {
    targets.contains(target) && modes.contains(mode)
  }

  /// Whether `profile` (a named target, perhaps with another podman) lies in the scope.
  public func contains(_ profile: TargetProfile, _ mode: RunMode) -> Bool {
    guard modes.contains(mode) else { return false }
    if let requires { return profile.supports(requires) && !(until.map(profile.supports) ?? false) }
    return targets.contains(profile.name)
  }

  /// `all`, `jammy focal (podman < 4.3)`, `rootless`, `jammy focal; userns-auto`.
  public var description: String {
    var parts: [String] = []
    if targets.isEmpty, let reason {
      parts.append("\(reason) (`--podman-version`)")
    } else if targets.count < TargetProfile.Name.allCases.count {
      parts.append(targets.map(\.rawValue).joined(separator: " ") + (reason.map { " (\($0))" } ?? ""))
    }
    if modes.count < RunMode.allCases.count { parts.append(modes.map(\.rawValue).joined(separator: " ")) }
    return parts.isEmpty ? "all" : parts.joined(separator: "; ")
  }
}

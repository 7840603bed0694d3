/// The podman host files already run on, when `convert --from-target`/`--from-podman-version` says the input is
/// for podman (an upgrade between targets) rather than for docker.
public struct UpgradeOrigin: Sendable, Hashable {
  /// The target the files ran on; nil when only `--from-podman-version` was given.
  public var name: TargetProfile.Name?
  public var podman: PodmanVersion
  /// False for focal's cgroup v1 hosts; a bare `--from-podman-version` assumes cgroup v2.
  public var cgroupV2: Bool

  public init(name: TargetProfile.Name?, podman: PodmanVersion, cgroupV2: Bool) {
    self.name = name
    self.podman = podman
    self.cgroupV2 = cgroupV2
  }

  /// `--from-target NAME` with an optional `--from-podman-version` over the target's podman.
  public init(target: TargetProfile.Name?, podman: PodmanVersion?) {
    let profile = target.map(TargetProfile.named)
    self.init(
      name: target, podman: podman ?? profile?.podman ?? PodmanVersion(3, 4, 4), cgroupV2: profile?.cgroupV2 ?? true)
  }

  /// `jammy (podman 3.4.4)` or `podman 4.4.0`.
  public var description: String {
    name.map { "\($0.rawValue) (podman \(podman))" } ?? "podman \(podman)"
  }

  /// Whether the origin's podman has `feature`.
  public func supports(_ feature: PodmanFeature) -> Bool { podman >= feature.introduced }

  /// The usage problem when the origin is not older than `target` (an upgrade goes to a newer podman).
  public func problem(upgradingTo target: TargetProfile) -> String? {
    guard podman >= target.podman else { return nil }
    return
      "--from-target/--from-podman-version (\(description)) must be older than the target (\(target.name.rawValue), podman \(target.podman)): migrate rewrites files for a newer podman, never for an older one"
  }
}

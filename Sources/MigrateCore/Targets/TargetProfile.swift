/// A podman version as `major.minor[.patch]`.
public struct PodmanVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  public var major: Int
  public var minor: Int
  public var patch: Int

  public init(_ major: Int, _ minor: Int, _ patch: Int = 0) {
    self.major = major
    self.minor = minor
    self.patch = patch
  }

  /// Parses `4.3`, `4.3.1`, `v4.3.1`; nil for anything else.
  public init?(parsing text: String) {
    let trimmed = text.hasPrefix("v") ? String(text.dropFirst()) : text
    let parts = trimmed.split(separator: ".").map { Int($0) }
    guard (2...3).contains(parts.count), let major = parts[0], let minor = parts[1] else { return nil }
    let patch = parts.count == 3 ? parts[2] : 0
    guard let patch else { return nil }
    self.init(major, minor, patch)
  }

  public static func < (a: PodmanVersion, b: PodmanVersion) -> Bool {
    (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
  }

  public var description: String { "\(major).\(minor).\(patch)" }
}

/// How the migrated containers will run.
public enum RunMode: String, Sendable, CaseIterable, Codable {
  /// Root podman with `--userns=auto`: each container gets its own slice of subordinate IDs.
  case usernsAuto = "userns-auto"
  /// Podman run by an ordinary user.
  case rootless
}

/// The host a migration targets: distribution and the podman it ships (research section 0; the podman
/// 5 era targets: docs/verified-facts.md).
public struct TargetProfile: Sendable, Hashable {
  public enum Name: String, Sendable, CaseIterable, Codable {
    case jammy, focal, noble, bookworm
    /// Debian 13.
    case trixie
    /// Ubuntu 26.04 LTS.
    case resolute
    /// Red Hat Enterprise Linux 9 and its rebuilds (AlmaLinux, Rocky Linux).
    case rhel9
    /// Red Hat Enterprise Linux 10 and its rebuilds.
    case rhel10
  }

  /// The distribution family: which package manager, which security module.
  public enum Family: String, Sendable, Hashable {
    case ubuntu, debian, rhel
  }

  public var name: Name
  public var podman: PodmanVersion
  /// True for Ubuntu hosts: AppArmor, no SELinux, so `:z`/`:Z` relabelling does nothing.
  public var isUbuntu: Bool
  public var cgroupV2: Bool

  public static func named(_ name: Name) -> TargetProfile {
    switch name {
    case .jammy: return TargetProfile(name: .jammy, podman: PodmanVersion(3, 4, 4), isUbuntu: true, cgroupV2: true)
    case .focal: return TargetProfile(name: .focal, podman: PodmanVersion(3, 4, 2), isUbuntu: true, cgroupV2: false)
    case .noble: return TargetProfile(name: .noble, podman: PodmanVersion(4, 9, 3), isUbuntu: true, cgroupV2: true)
    case .bookworm:
      return TargetProfile(name: .bookworm, podman: PodmanVersion(4, 3, 1), isUbuntu: false, cgroupV2: true)
    case .trixie: return TargetProfile(name: .trixie, podman: PodmanVersion(5, 4, 2), isUbuntu: false, cgroupV2: true)
    case .resolute:
      return TargetProfile(name: .resolute, podman: PodmanVersion(5, 7, 0), isUbuntu: true, cgroupV2: true)
    case .rhel9: return TargetProfile(name: .rhel9, podman: PodmanVersion(5, 4, 0), isUbuntu: false, cgroupV2: true)
    case .rhel10: return TargetProfile(name: .rhel10, podman: PodmanVersion(5, 4, 0), isUbuntu: false, cgroupV2: true)
    }
  }

  public var family: Family {
    switch name {
    case .jammy, .focal, .noble, .resolute: return .ubuntu
    case .bookworm, .trixie: return .debian
    case .rhel9, .rhel10: return .rhel
    }
  }

  /// SELinux enforcing by default (RHEL and its rebuilds): bind mounts need a `:z`/`:Z` label to be usable.
  public var selinux: Bool { family == .rhel }

  /// The podman-compose `migrate prereqs` installs by pip where the distribution's is older than 1.0.6
  /// (focal's Python 3.8 allows at most 1.2.0).
  public var pipPodmanCompose: PodmanVersion { name == .focal ? PodmanVersion(1, 2, 0) : PodmanVersion(1, 3, 0) }
  /// The podman-compose the distribution packages, where it is recent enough (1.0.6+) to be used as is.
  public var packagedPodmanCompose: PodmanVersion? {
    switch name {
    case .noble: return PodmanVersion(1, 0, 6)
    case .trixie: return PodmanVersion(1, 3, 0)
    case .resolute: return PodmanVersion(1, 5, 0)
    case .jammy, .focal, .bookworm, .rhel9, .rhel10: return nil
    }
  }
  /// The podman-compose the host runs after `migrate prereqs`: the distribution's own where it is recent
  /// enough (noble 1.0.6, trixie 1.3.0, resolute 1.5.0), elsewhere pip's (jammy has none, bookworm's is
  /// 1.0.3, EPEL's is not verified: docs/verified-facts.md).
  public var podmanCompose: PodmanVersion { packagedPodmanCompose ?? pipPodmanCompose }

  /// `:idmap` bind mounts (root) exist from podman 4.0.
  public var supportsIdmapMounts: Bool { supports(.idmapMounts) }
}

/// What a conversion is asked to do: target host, run mode and fix policy.
public struct ConversionOptions: Sendable, Hashable {
  public var target: TargetProfile
  public var mode: RunMode
  /// Fixes at or above this applicability are applied (`--unsafe-fixes` lowers it to `.unsafe`).
  public var applyAtLeast: Applicability
  public var bindPolicy: BindOwnershipPolicy
  /// Honour `# migrate: ignore=…` comments (`--no-suppressions` turns them off).
  public var honorSuppressions: Bool = true
  /// Which rules run, and severity overrides (a config file's `select`/`ignore`/`severity`).
  public var rules = RuleSelection()
  /// What decides whether a bind source is a data directory `U` may chown: the data roots (a config file's
  /// `data-roots`), the home folder, and whether the disk and the git index are looked at.
  public var bindProbe = BindProbe()
  /// The podman host the input already runs on (`--from-target`), for an upgrade between targets; nil when the
  /// input is for docker.
  public var from: UpgradeOrigin?

  public init(
    target: TargetProfile = .named(.jammy), mode: RunMode = .usernsAuto, applyAtLeast: Applicability = .safe,
    bindPolicy: BindOwnershipPolicy = .chown
  ) {
    self.target = target
    self.mode = mode
    self.applyAtLeast = applyAtLeast
    self.bindPolicy = bindPolicy
  }

  /// The Podman API socket on the target, as a bind source.
  public var podmanSocketPath: String {
    mode == .rootless ? "${XDG_RUNTIME_DIR}/podman/podman.sock" : "/run/podman/podman.sock"
  }
}

/// How writable bind mounts are made writable for a container in its own user namespace.
public enum BindOwnershipPolicy: String, Sendable, CaseIterable, Codable {
  /// Add `:U` (podman chowns the host directory to the container's IDs) where the directory is safe to chown.
  case chown
  /// Leave writable binds alone; findings only.
  case keep
}

/// What changes at runtime when a podman host is upgraded across a version boundary, as data: `convert
/// --from-target X --target Y` reports the changes between X and Y whose condition the file meets (the
/// `Rules/Upgrade` rules, one per change, name theirs), and the docs list them all.
public struct RuntimeChange: Sendable, Hashable {
  public enum ID: String, Sendable, CaseIterable {
    case cgroupV2, netavark, pasta, sqlite, unlessStoppedAtBoot, generateSystemdDeprecated, podman6Removals
    case runcRemoved
  }

  public var id: ID
  /// The boundary the change comes with, as printed: `podman 4.0`, `RHEL 10`.
  public var boundary: String
  /// What behaves differently after the upgrade.
  public var change: String
  /// What `migrate` does about it.
  public var action: String
  /// Where the fact was checked.
  public var source: String
  /// True when upgrading from `origin` to `target` crosses the boundary.
  public var crossed: @Sendable (UpgradeOrigin, TargetProfile) -> Bool

  public static func == (a: RuntimeChange, b: RuntimeChange) -> Bool { a.id == b.id }
  public func hash(into hasher: inout Hasher) { hasher.combine(id) }

  /// The changes between `origin` and `target`, in table order.
  public static func crossed(from origin: UpgradeOrigin, to target: TargetProfile) -> [RuntimeChange] {
    all.filter { $0.crossed(origin, target) }
  }

  public static func named(_ id: ID) -> RuntimeChange {
    // Every ID has a row: `RuntimeChangeTests` walks `ID.allCases`.
    all.first { $0.id == id } ?? all[0]
  }

  static func versionCrossed(_ version: PodmanVersion) -> @Sendable (UpgradeOrigin, TargetProfile) -> Bool {
    { origin, target in origin.podman < version && target.podman >= version }
  }

  public static let all: [RuntimeChange] = [
    RuntimeChange(
      id: .cgroupV2, boundary: "cgroup v1 host (focal) → cgroup v2",
      change:
        "resource limits are set through the unified hierarchy; cgroup-v1-only options (`--kernel-memory`, "
        + "`--memory-swappiness`, blkio weights per device) fail or are ignored; rootless containers can be "
        + "limited only for the controllers systemd delegates (cpu, memory, pids by default)",
      action: "MG601 at each resource limit and cgroup option; MG135 removes the v1-only options",
      source: "docs/verified-facts.md 7 (podman#12045, fedora-coreos-tracker#791); RHEL 10 considerations, ch. 5",
      crossed: { origin, target in !origin.cgroupV2 && target.cgroupV2 }),
    RuntimeChange(
      id: .netavark, boundary: "podman 4.0",
      change:
        "new installs use netavark and aardvark-dns instead of CNI: networks in /etc/cni/net.d are not read by "
        + "netavark, and a host upgraded with existing CNI networks keeps CNI until `podman system reset`; "
        + "container names resolve on named networks without the dnsname plugin",
      action: "MG602 where the file creates or joins a network (recreate it, or `podman system reset`)",
      source:
        "podman-network(1) at 4.x (\"Netavark is the default network backend and was added in Podman version 4.0\"); "
        + "RHEL 10 considerations, ch. 5 (CNI removed: containers must be recreated)",
      crossed: versionCrossed(PodmanVersion(4, 0))),
    RuntimeChange(
      id: .pasta, boundary: "podman 5.0",
      change:
        "rootless containers use pasta instead of slirp4netns by default: they see the host's addresses (no "
        + "10.0.2.x), the host is reached as `host.containers.internal`, published ports keep the client's source "
        + "address",
      action: "MG603 at the ports of rootless containers on the default network",
      source: "RHEL 10 considerations, ch. 5 (\"The pasta network mode is the default network mode for rootless "
        + "containers\"); podman 5.0.0 release notes (not verified here)",
      crossed: versionCrossed(PodmanVersion(5, 0))),
    RuntimeChange(
      id: .sqlite, boundary: "podman 5.0 (new installs), 6.0 (BoltDB removed)",
      change:
        "hosts installed before podman 5.0 keep the BoltDB database; podman 6.0 no longer reads it: migrate with "
        + "`podman system migrate --migrate-db` (stop Quadlet units and `podman system service` first) or let "
        + "podman 6 migrate it at reboot",
      action: "MG604, once per file with containers",
      source:
        "podman-system-migrate(1) (docs.podman.io latest: --migrate-db; \"Support for BoltDB has been removed in "
        + "Podman 6.0\"); absent from 5.7.0's man page (manpages.ubuntu.com resolute); SQLite default for new "
        + "installs in 5.0 not verified",
      crossed: { origin, target in origin.podman < PodmanVersion(5, 0) && target.podman >= PodmanVersion(5, 0) }),
    RuntimeChange(
      id: .unlessStoppedAtBoot, boundary: "podman 5.8",
      change: "`podman-restart.service` also starts `unless-stopped` containers at boot, as docker does",
      action: "MG605 at each `unless-stopped` restart policy",
      source: "contrib/systemd @v5.8.0 (PodmanFeature.restartServiceUnlessStopped)",
      crossed: versionCrossed(PodmanFeature.restartServiceUnlessStopped.introduced)),
    RuntimeChange(
      id: .generateSystemdDeprecated, boundary: "podman 4.4 (Quadlet), 4.7 (`generate systemd` deprecated)",
      change:
        "Quadlet `.container` files replace units written by `podman generate systemd --new`; the command still "
        + "works but is deprecated",
      action:
        "MG606 at the `ExecStart=` of such a unit (and at `podman generate systemd`); `migrate units` writes "
        + "the `.container`; MG607 names what Quadlet cannot carry",
      source: "PodmanFeature.quadlet (4.4), .generateSystemdDeprecated (4.7): podman release notes",
      crossed: { origin, target in !origin.supports(.quadlet) && target.supports(.quadlet) }),
    RuntimeChange(
      id: .podman6Removals, boundary: "podman 6.0",
      change: "CNI, slirp4netns, cgroup v1, iptables and BoltDB are removed",
      action:
        "the version-aware rules (slirp4netns/CNI options, cgroup-v1-only flags) report and rewrite the options; "
        + "MG602 and MG604 say what to do with the host's networks and database",
      source: "research/podman-5-6.md (podman 6.0, not verified here); podman-system-migrate(1) latest (BoltDB)",
      crossed: versionCrossed(PodmanVersion(6, 0))),
    RuntimeChange(
      id: .runcRemoved, boundary: "RHEL 10",
      change:
        "runc is removed; crun is the runtime: containers created with runc need `podman system migrate "
        + "--new-runtime=crun`",
      action: "MG608 at `--runtime runc`",
      source: "Red Hat, Considerations in adopting RHEL 10, chapter 5 Containers (docs/verified-facts.md 15)",
      crossed: { origin, target in target.name == .rhel10 && origin.name != .rhel10 }),
  ]
}

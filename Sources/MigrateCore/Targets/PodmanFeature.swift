/// Podman features whose presence depends on the version: the feature matrix of research section 1, as data.
/// Rules and emitters ask `TargetProfile.supports(_:)` instead of comparing versions themselves.
public enum PodmanFeature: String, Sendable, CaseIterable {
  /// `userns = "auto"` in containers.conf is honoured (bug #12615 fixed in 4.0); before, the flag is needed.
  case usernsAutoInConfig
  /// `--userns=keep-id:uid=…,gid=…`.
  case keepIDWithIDs
  /// `--userns=keep-id` accepted by root podman (ignored before 4.2, an error in 4.2–4.4).
  case keepIDForRoot
  /// `:idmap` bind mounts for root podman.
  case idmapMounts
  /// `:O` overlay mounts with `upperdir=`/`workdir=`.
  case overlayUpperdir
  /// netavark and aardvark-dns (CNI before).
  case netavark
  /// `--network=pasta`.
  case pasta
  /// The `host.docker.internal` name inside containers.
  case hostDockerInternal
  /// `--add-host NAME:host-gateway`.
  case hostGateway
  /// Quadlet `.container` units.
  case quadlet
  /// Quadlet's `UserNS=` key (4.4 had only `RemapUsers=`).
  case quadletUserNS
  /// `podman generate systemd` is deprecated (still works).
  case generateSystemdDeprecated
  /// `podman-restart.service` upstream (restarts `always` containers only).
  case podmanRestartService
  /// `podman-restart.service` also restarts `unless-stopped` containers, and keeps them so across reboots.
  /// 5.8.0's unit selects them (PR #27619) but stops them at shutdown as if by hand, so they stay down after
  /// the next reboot (#28152); the fix (PR #28328, March 2026) is on the v5.8 branch, taken here as 5.8.1.
  case restartServiceUnlessStopped
  /// The `podman compose` wrapper command.
  case composeWrapper
  /// `--dns-option` (docker spelling; `--dns-opt` before).
  case dnsOptionSpelling
  /// `--security-opt key:value` colon form and `no-new-privileges=bool`.
  case securityOptColon
  /// `--health-on-failure`.
  case healthOnFailure
  /// Startup healthchecks, `--health-startup-*`.
  case healthStartup
  /// `podman wait --condition=healthy` (podman-compose `service_healthy`).
  case waitHealthy
  /// `--pids-limit -1` for unlimited.
  case pidsLimitUnlimited
  /// `.State.Health` in `inspect` output (`.State.Healthcheck` before).
  case inspectStateHealth
  /// `--gpus` does something (a hidden no-op before 5.0).
  case gpus
  /// pasta is the rootless default network (slirp4netns with the rootlessport forwarder before): the
  /// container gets the host's addresses and published ports keep the client's source address.
  case pastaDefault
  /// Under pasta, `host.containers.internal` and `host-gateway` name the host through pasta's
  /// `--map-guest-addr 169.254.1.2` (podman 5.3, with a passt that has the option). On 5.0–5.2 they take the
  /// host's address, which pasta gave the container too: the entry is missing or points at the container,
  /// and `--add-host NAME:host-gateway` fails ("host containers internal IP address is empty").
  case pastaHostAddress
  /// Podman 6.0 removed CNI, the slirp4netns network, cgroup v1, iptables and BoltDB: `--network
  /// slirp4netns`, `--network-backend cni`, `--cni-config-dir` and cgroup-v1-only resource options fail.
  case podman6Removals
  /// Heredocs in Containerfiles.
  case containerfileHeredocs
  /// `podman context` (hidden alias of `system connection`).
  case context
  /// `--requires`.
  case requires
  /// Containers with `--userns=auto` can be created at the same moment without deadlocking (podman#16062,
  /// fixed by containers/storage#1387).
  case concurrentUsernsAuto
  /// `podman generate systemd --new` passes the stop timeout to `podman stop -t`/`rm -t` (PR #16176).
  case stopTimeoutInUnits
  /// `--network` given several times joins several networks (before: one comma-separated value).
  case multipleNetworkFlags
  /// `podman build --cache-from/--cache-to REPOSITORY` (Buildah 1.27; `--cache-from` is a no-op before).
  case buildCacheRepository
  /// Quadlet `[Container]` keys of 4.5: `HealthCmd` and the other `Health*`, `IP`, `IP6`, `LogDriver`, `Mount`,
  /// `Tmpfs` (`UserNS` is `quadletUserNS`).
  case quadletKeys45
  /// Quadlet `[Container]` keys of 4.6: `HostName`, `Pull`, `Sysctl`, `WorkingDir`.
  case quadletKeys46
  /// Quadlet `[Container]` keys of 4.7: `DNS`, `DNSOption`, `DNSSearch`, `PidsLimit`, `ShmSize`, `Ulimit`.
  case quadletKeys47
  /// Quadlet of 4.8: `.image` files; `[Container]` `ContainersConfModule`, `GlobalArgs`, `ReadOnlyTmpfs`, the
  /// ID maps.
  case quadletKeys48
  /// Quadlet of 5.0: `.pod` files; `[Container]` `Entrypoint`, `Pod`, `StopTimeout`; `Notify=healthy`.
  case quadletKeys50
  /// Quadlet `[Container]` keys of 5.1: `GroupAdd`.
  case quadletKeys51
  /// Quadlet of 5.2: `.build` files; `[Container]` `LogOpt`, `NetworkAlias`, `StopSignal`; `[Pod]` `NetworkAlias`.
  case quadletKeys52
  /// Quadlet of 5.3: `[Container]` `AddHost`; `[Pod]` `AddHost`, `DNS*`, `IP`, `UserNS`; `Network=NAME.container`.
  case quadletKeys53
  /// Quadlet of 5.4: `[Pod]` `ShmSize`.
  case quadletKeys54
  /// Quadlet of 5.5: `[Container]` `Memory`; `[Pod]` `HostName`.
  case quadletKeys55
  /// Quadlet of 5.6: `[Image]` `Policy`; `[Pod]` `Label`, `ExitPolicy`.
  case quadletKeys56
  /// Quadlet of 5.7: `[Build]` `BuildArg`, `IgnoreFile`; `[Pod]` `StopTimeout`.
  case quadletKeys57
  /// Quadlet of 5.8: `[Container]` `AppArmor`.
  case quadletKeys58

  /// The first podman release with the feature.
  public var introduced: PodmanVersion {
    switch self {
    case .usernsAutoInConfig, .idmapMounts, .netavark, .inspectStateHealth, .multipleNetworkFlags:
      return PodmanVersion(4, 0)
    case .keepIDWithIDs, .dnsOptionSpelling, .healthOnFailure, .context: return PodmanVersion(4, 3)
    case .keepIDForRoot: return PodmanVersion(4, 5)
    case .overlayUpperdir, .securityOptColon, .buildCacheRepository: return PodmanVersion(4, 2)
    case .pasta, .quadlet, .healthStartup, .stopTimeoutInUnits, .concurrentUsernsAuto: return PodmanVersion(4, 4)
    case .quadletUserNS, .quadletKeys45: return PodmanVersion(4, 5)
    case .quadletKeys46: return PodmanVersion(4, 6)
    case .quadletKeys47: return PodmanVersion(4, 7)
    case .quadletKeys48: return PodmanVersion(4, 8)
    case .quadletKeys50: return PodmanVersion(5, 0)
    case .quadletKeys51: return PodmanVersion(5, 1)
    case .quadletKeys52: return PodmanVersion(5, 2)
    case .quadletKeys53: return PodmanVersion(5, 3)
    case .quadletKeys54: return PodmanVersion(5, 4)
    case .quadletKeys55: return PodmanVersion(5, 5)
    case .quadletKeys56: return PodmanVersion(5, 6)
    case .quadletKeys57: return PodmanVersion(5, 7)
    case .quadletKeys58: return PodmanVersion(5, 8)
    case .hostDockerInternal, .hostGateway, .generateSystemdDeprecated, .composeWrapper: return PodmanVersion(4, 7)
    case .podmanRestartService: return PodmanVersion(3, 3)
    case .restartServiceUnlessStopped: return PodmanVersion(5, 8, 1)
    case .waitHealthy: return PodmanVersion(4, 6)
    case .pidsLimitUnlimited: return PodmanVersion(3, 4, 1)
    case .gpus, .pastaDefault: return PodmanVersion(5, 0)
    case .pastaHostAddress: return PodmanVersion(5, 3)
    case .podman6Removals: return PodmanVersion(6, 0)
    case .containerfileHeredocs: return PodmanVersion(4, 8)
    case .requires: return PodmanVersion(3, 2)
    }
  }

  /// Where the research found the version.
  public var source: String {
    switch self {
    case .securityOptColon: return "pkg/specgenutil/specgen.go @v4.1.0 vs @v4.2.0"
    case .hostDockerInternal: return "containers/common 0.56 history"
    case .quadletUserNS: return "podman-systemd.unit.5.md @v4.4.0/@v4.5.0"
    case .restartServiceUnlessStopped:
      return
        "containers/podman PR #27619 (podman 5.8.0 changelog), issue #28152 and PR #28328 (v5.8 branch; the 5.8.x "
        + "release carrying it is not verified), contrib/systemd/system/podman-restart.service.in"
    case .pastaDefault:
      return "docs/tutorials/rootless_tutorial.md @v5.4.2 (pasta is the default since Podman 5.0)"
    case .pastaHostAddress:
      return "containers/podman PR #23791 (fixes #19213; podman 5.3.0), issues #22881 and #21681"
    case .podman6Removals: return "podman v6.0.0-rc1 release notes, Breaking Changes"
    case .inspectStateHealth: return "libpod/define/container_inspect.go"
    case .stopTimeoutInUnits: return "containers/podman PR #16176 (fix for issue #16149), released in 4.4"
    case .multipleNetworkFlags: return "podman 4.0 network redesign (netavark); 3.x reads --network a,b"
    case .concurrentUsernsAuto: return "containers/podman#16062, containers/storage#1387 (podman 4.4)"
    case .buildCacheRepository: return "buildah v1.27.0 release notes (vendored by podman 4.2)"
    case .quadletKeys45, .quadletKeys46, .quadletKeys47, .quadletKeys48, .quadletKeys50, .quadletKeys51,
      .quadletKeys52, .quadletKeys53, .quadletKeys54, .quadletKeys55, .quadletKeys56, .quadletKeys57, .quadletKeys58:
      return "podman-systemd.unit.5.md at v\(introduced.major).\(introduced.minor).0 (research podman-5-6.md)"
    default: return "podman release notes \(introduced.major).\(introduced.minor).\(introduced.patch)"
    }
  }
}

extension TargetProfile {
  /// Whether the target's podman has `feature`.
  public func supports(_ feature: PodmanFeature) -> Bool { podman >= feature.introduced }
}

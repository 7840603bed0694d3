import Foundation

/// What the scanned files need from the host, gathered from a batch scan.
public struct HostNeeds: Sendable, Equatable {
  /// Compose files were found: podman-compose is needed.
  public var composeFiles = false
  /// A container mounts the Docker socket: `podman.socket` must be enabled.
  public var socketMount = false
  /// The lowest host port below 1024 that is published, if any.
  public var lowestPrivilegedPort: Int?
  /// Containers with a restart policy: boot persistence is needed.
  public var restartPolicies = false
  /// GPUs passed (`--gpus`): the CDI specification must be generated.
  public var gpus = false
  /// Containers find each other by name on a user-defined network (a compose project with several services,
  /// or `--network NAME`): CNI targets need the dnsname plugin for that.
  public var containerDNS = false
  /// cgroup controllers that resource limits need beyond memory and pids (delegated to users by default).
  public var extraControllers: Set<String> = []
  /// Host ports published by the scanned files (`8080/tcp`), which a firewalld host must open.
  public var publishedPorts: Set<String> = []

  public init() {}

  /// The full baseline, for `prereqs` without a folder.
  public static var baseline: HostNeeds {
    var needs = HostNeeds()
    needs.composeFiles = true
    needs.socketMount = true
    needs.restartPolicies = true
    needs.containerDNS = true
    return needs
  }

  /// What the files of a batch need.
  public static func of(_ report: BatchReport, options: ConversionOptions) -> HostNeeds {
    var needs = HostNeeds()
    for file in report.files {
      guard let result = file.result, !result.failed else { continue }
      if result.kind == .compose { needs.composeFiles = true }
      for finding in result.findings {
        switch finding.ruleID {
        case DockerSocketMount.meta.id: needs.socketMount = true
        case RestartUnlessStopped.meta.id: needs.restartPolicies = true
        case GPUsFlag.meta.id: needs.gpus = true
        default: break
        }
      }
      // Ports and restart policies are read from the model, so every published port counts.
      if let model = result.model {
        let containers = model.containers
        if result.kind == .compose && containers.count > 1 { needs.containerDNS = true }
        for container in containers {
          // Podman 5 keeps `--gpus all` (MG123 is silent there); it needs the CDI specification all the same.
          if !container.locatedSettings(.gpus).isEmpty
            || container.locatedSettings(.device).contains(where: { $0.value?.hasPrefix("nvidia.com/gpu") == true })
          {
            needs.gpus = true
          }
          if container.origin == .runCommand, container.networks.contains(where: { !$0.text.hasPrefix("$") }) {
            needs.containerDNS = true
          }
          if container.restart.map({ $0.text != "no" && !$0.text.isEmpty }) ?? false { needs.restartPolicies = true }
          for limit in container.resourceLimits where !["memory", "pids"].contains(limit.controller) {
            needs.extraControllers.insert(limit.controller)
          }
          for port in container.ports {
            guard let range = port.hostPorts else { continue }
            let proto = port.proto
            needs.publishedPorts.insert(
              range.count == 1 ? "\(range.lowerBound)/\(proto)" : "\(range.lowerBound)-\(range.upperBound)/\(proto)")
          }
          for port in container.ports where port.publishesPrivilegedHostPort {
            let number = port.hostPorts?.lowerBound ?? 1024
            needs.lowestPrivilegedPort = min(needs.lowestPrivilegedPort ?? number, number)
          }
        }
        // Scripts that run compose need podman-compose too.
        if model.runsCompose { needs.composeFiles = true }
      }
    }
    return needs
  }
}

/// One step of host preparation.
public struct PrereqStep: Sendable, Equatable {
  public var title: String
  /// Why the step is there (which files or which rule need it).
  public var why: String
  /// Idempotent shell lines; `$ROOT` prefixes every host file path so the script can run against a
  /// temporary root.
  public var commands: [String]
}

/// Builds the host preparation for a target and mode (research section N).
public enum PrereqPlanner {
  public static func packages(_ target: TargetProfile.Name, _ mode: RunMode) -> [String] {
    switch target {
    case .jammy:
      var list = [
        "podman", "uidmap", "slirp4netns", "fuse-overlayfs", "containernetworking-plugins", "catatonit", "crun",
      ]
      if mode == .rootless { list.append("dbus-user-session") }
      return list
    case .focal:
      return ["podman", "uidmap", "slirp4netns", "fuse-overlayfs", "containernetworking-plugins"]
    case .noble:
      return ["podman", "uidmap", "slirp4netns", "fuse-overlayfs", "netavark", "aardvark-dns", "catatonit", "crun"]
    case .bookworm:
      return ["podman", "uidmap", "slirp4netns", "fuse-overlayfs", "catatonit", "crun"]
    case .trixie, .resolute:
      // podman 5: pasta (package passt) is the rootless network, netavark and aardvark-dns the root one.
      var list = ["podman", "uidmap", "passt", "netavark", "aardvark-dns", "catatonit", "crun"]
      if mode == .rootless { list.append("dbus-user-session") }
      return list
    case .rhel9, .rhel10:
      // The container-tools meta-package: podman, buildah, skopeo, crun, netavark, aardvark-dns, passt,
      // container-selinux, fuse-overlayfs.
      return ["container-tools"]
    }
  }

  /// Why the package step installs what it does: Ubuntu's universe podman leaves its helpers as Recommends.
  static func installWhy(_ target: TargetProfile.Name) -> String {
    switch target {
    case .jammy, .noble:
      return "From Ubuntu universe. fuse-overlayfs, slirp4netns, uidmap and catatonit are only Recommends: "
        + "install them explicitly."
    case .trixie:
      return "podman 5.4 from Debian main. passt (pasta, the rootless network of podman 5), uidmap and catatonit "
        + "are only Recommends: install them explicitly."
    case .resolute:
      return "From Ubuntu universe. passt (pasta, the rootless network of podman 5), uidmap and catatonit "
        + "are only Recommends: install them explicitly."
    default:
      return "The podman stack for \(target.rawValue)."
    }
  }

  public static func steps(_ target: TargetProfile.Name, _ mode: RunMode, needs: HostNeeds) -> [PrereqStep] {
    var steps: [PrereqStep] = []
    let user = "$MIGRATE_USER"
    let asUser =
      "runuser -u \"$MIGRATE_USER\" -- env XDG_RUNTIME_DIR=\"/run/user/$(id -u \"$MIGRATE_USER\")\" systemctl --user"
    if target == .focal {
      steps.append(
        PrereqStep(
          title: "Add the openSUSE Kubic repository (focal has no podman)",
          why: """
            focal's archive has no podman; the Kubic stable repository is frozen at podman 3.4.2 and unmaintained \
            (deprecated since 2022). Its signing key expires now and then: `EXPKEYSIG 4D64390375060AA4` means \
            download Release.key again. Prefer upgrading the host to jammy or noble.
            """,
          commands: [
            "install -d -m 0755 \"$ROOT/etc/apt/keyrings\"",
            "if [ -z \"$ROOT\" ] && [ ! -s /etc/apt/keyrings/devel_kubic_libcontainers_stable.gpg ]; then",
            "  curl -fsSL https://download.opensuse.org/repositories/devel:kubic:libcontainers:stable/xUbuntu_20.04/Release.key \\",
            "    | gpg --dearmor -o /etc/apt/keyrings/devel_kubic_libcontainers_stable.gpg",
            "fi",
            "install -d \"$ROOT/etc/apt/sources.list.d\"",
            "echo 'deb [signed-by=/etc/apt/keyrings/devel_kubic_libcontainers_stable.gpg] https://download.opensuse.org/repositories/devel:/kubic:/libcontainers:/stable/xUbuntu_20.04/ /' \\",
            "  > \"$ROOT/etc/apt/sources.list.d/devel:kubic:libcontainers:stable.list\"",
          ]))
    }
    let packageList = packages(target, mode).joined(separator: " ")
    let profile = TargetProfile.named(target)
    if profile.family == .rhel {
      steps.append(
        PrereqStep(
          title: "Install podman and its helpers",
          why:
            "The container-tools meta-package of \(target.rawValue) (also on AlmaLinux and Rocky Linux) brings podman, crun, netavark, aardvark-dns, passt and container-selinux.",
          commands: [
            "if [ -z \"$ROOT\" ]; then",
            "  dnf install -y \(packageList)",
            "fi",
          ]))
    } else {
      steps.append(
        PrereqStep(
          title: "Install podman and its helpers",
          why: Self.installWhy(target),
          commands: [
            "if [ -z \"$ROOT\" ]; then",
            "  apt-get update",
            "  DEBIAN_FRONTEND=noninteractive apt-get install -y \(packageList)",
            "fi",
          ]))
    }
    if needs.containerDNS && (target == .jammy || target == .focal) {
      let plugin =
        target == .jammy ? "golang-github-containernetworking-plugin-dnsname dnsmasq-base" : "podman-plugins"
      let origin = target == .jammy ? "Ubuntu universe" : "the Kubic repository, as `podman-plugins`"
      steps.append(
        PrereqStep(
          title: "Install the CNI dnsname plugin",
          why:
            "Containers that reach each other by name on a user-defined network (compose services, `--network NAME`) need the dnsname plugin under podman 3.4, which uses CNI (\(origin); netavark and aardvark-dns take over from podman 4.0).",
          commands: [
            "if [ -z \"$ROOT\" ]; then",
            "  DEBIAN_FRONTEND=noninteractive apt-get install -y \(plugin)",
            "fi",
          ]))
    }
    switch mode {
    case .usernsAuto:
      steps.append(
        PrereqStep(
          title: "Give root podman a `containers` range of subordinate IDs",
          why:
            "`--userns=auto` carves each container's IDs out of the `containers` entries of /etc/subuid and /etc/subgid; without them podman fails with \"could not find enough available IDs\".",
          commands: [
            "install -d \"$ROOT/etc\"",
            "for f in \"$ROOT/etc/subuid\" \"$ROOT/etc/subgid\"; do",
            "  touch \"$f\"",
            "  grep -q '^containers:' \"$f\" || echo 'containers:2147483647:2147483648' >> \"$f\"",
            "done",
          ]))
    case .rootless:
      steps.append(
        PrereqStep(
          title: "Give the rootless user subordinate IDs",
          why:
            "Rootless podman maps container IDs onto the user's own /etc/subuid and /etc/subgid ranges; `newuidmap` (package \(profile.family == .rhel ? "shadow-utils" : "uidmap")) applies them.",
          commands: [
            "install -d \"$ROOT/etc\"",
            "for f in \"$ROOT/etc/subuid\" \"$ROOT/etc/subgid\"; do",
            "  touch \"$f\"",
            "  grep -q \"^\(user):\" \"$f\" || echo \"\(user):100000:65536\" >> \"$f\"",
            "done",
          ]))
      steps.append(
        PrereqStep(
          title: "Let the user's services outlive their login",
          why:
            "Without lingering, the user's systemd instance, their containers and podman.socket stop at logout and do not start at boot.",
          commands: ["if [ -z \"$ROOT\" ]; then loginctl enable-linger \"\(user)\"; fi"]))
      if target == .focal {
        steps.append(
          PrereqStep(
            title: "Use fuse-overlayfs for rootless storage",
            why:
              "focal's patched 5.4 kernel makes podman pick a broken native overlay for rootless storage; configure fuse-overlayfs before first use.",
            commands: [
              "install -d \"$ROOT/etc/containers\"",
              "if ! grep -q 'mount_program' \"$ROOT/etc/containers/storage.conf\" 2>/dev/null; then",
              "  printf '[storage]\\ndriver = \"overlay\"\\n\\n[storage.options.overlay]\\nmount_program = \"/usr/bin/fuse-overlayfs\"\\n' \\",
              "    > \"$ROOT/etc/containers/storage.conf\"",
              "fi",
            ]))
      }
      if !needs.extraControllers.isEmpty && target != .focal {
        steps.append(
          PrereqStep(
            title: "Delegate the cpu, cpuset and io cgroup controllers to users",
            why:
              "Scanned files set \(needs.extraControllers.sorted().joined(separator: ", ")) limits; systemd delegates only memory and pids to user sessions, so rootless podman cannot apply the others (MG506).",
            commands: [
              "install -d \"$ROOT/etc/systemd/system/user@.service.d\"",
              "printf '[Service]\\nDelegate=memory pids cpu cpuset io\\n' > \"$ROOT/etc/systemd/system/user@.service.d/delegate.conf\"",
              "if [ -z \"$ROOT\" ]; then systemctl daemon-reload; fi",
            ]))
      }
      if let port = needs.lowestPrivilegedPort {
        steps.append(
          PrereqStep(
            title: "Allow unprivileged binds from port \(port)",
            why:
              "A scanned file publishes host port \(port); rootless podman cannot bind ports below `net.ipv4.ip_unprivileged_port_start` (1024).",
            commands: [
              "install -d \"$ROOT/etc/sysctl.d\"",
              "echo 'net.ipv4.ip_unprivileged_port_start=\(port)' > \"$ROOT/etc/sysctl.d/90-migrate-ports.conf\"",
              "if [ -z \"$ROOT\" ]; then sysctl --system >/dev/null; fi",
            ]))
      }
    }
    if needs.socketMount {
      let command =
        mode == .rootless
        ? "if [ -z \"$ROOT\" ]; then \(asUser) enable --now podman.socket; fi"
        : "if [ -z \"$ROOT\" ]; then systemctl enable --now podman.socket; fi"
      steps.append(
        PrereqStep(
          title: "Serve the Podman API socket",
          why:
            "A scanned file mounts the Docker socket; podman serves its Docker-compatible API only through podman.socket.",
          commands: [command]))
    }
    if needs.restartPolicies {
      let missing =
        "'podman-restart.service is missing: generate systemd units per container (podman generate systemd --new)'"
      let command =
        mode == .rootless
        ? "if [ -z \"$ROOT\" ]; then \(asUser) enable podman-restart.service || echo \(missing) >&2; fi"
        : "if [ -z \"$ROOT\" ]; then systemctl enable podman-restart.service || echo \(missing) >&2; fi"
      steps.append(
        PrereqStep(
          title: "Restart containers at boot",
          why: profile.supports(.restartServiceUnlessStopped)
            ? "Podman has no daemon: podman-restart.service starts `always` and `unless-stopped` containers at boot (podman 5.8.1 and later)."
            : "Podman has no daemon: podman-restart.service starts `--restart=always` containers at boot (jammy's package has only the system unit, not the user one; focal's is not verified: docs/verified-facts.md).",
          commands: [command]))
    }
    if needs.composeFiles, profile.family == .rhel {
      let pin = "podman-compose==\(profile.pipPodmanCompose)"
      steps.append(
        PrereqStep(
          title: "Install podman-compose",
          why:
            "Compose files were found. \(target.rawValue) has no podman-compose of its own (EPEL's follows its own schedule), so a pinned one goes into a virtual environment: podman-compose < 1.0.6 ignores `userns_mode`, 1.2+ honours `x-podman: {in_pod: false}`.",
          commands: [
            "if [ -z \"$ROOT\" ]; then",
            "  installed=$(podman-compose version 2>/dev/null | sed -n 's/^podman-composer\\{0,1\\} version:\\{0,1\\} *\\([0-9][0-9.]*\\).*/\\1/p' | head -n 1) || true",
            "  if [ -z \"$installed\" ] || [ \"$(printf '%s\\n' 1.0.6 \"$installed\" | sort -V | head -n 1)\" != 1.0.6 ]; then",
            "    dnf install -y python3",
            "    python3 -m venv /opt/podman-compose",
            "    /opt/podman-compose/bin/pip install '\(pin)'",
            "    ln -sf /opt/podman-compose/bin/podman-compose /usr/local/bin/podman-compose",
            "  fi",
            "fi",
          ]))
    } else if needs.composeFiles, profile.packagedPodmanCompose != nil, target != .noble {
      steps.append(
        PrereqStep(
          title: "Install podman-compose",
          why:
            "Compose files were found; \(target.rawValue) packages podman-compose \(profile.podmanCompose), which honours `userns_mode` and `x-podman: {in_pod: false}` (pip would meet an externally managed Python).",
          commands: [
            "if [ -z \"$ROOT\" ]; then",
            "  DEBIAN_FRONTEND=noninteractive apt-get install -y podman-compose",
            "fi",
          ]))
    } else if needs.composeFiles {
      let pin = "podman-compose==\(TargetProfile.named(target).pipPodmanCompose)"
      steps.append(
        PrereqStep(
          title: "Install podman-compose",
          why:
            "Compose files were found. podman-compose < 1.0.6 ignores `userns_mode` (a distribution package may be older), so an older one is replaced; 1.2+ honours `x-podman: {in_pod: false}` (focal's Python 3.8 allows at most 1.2.0). It goes into a virtual environment of its own: Debian 12's and Ubuntu 23.04+'s Pythons refuse a system-wide pip install (PEP 668, \"externally-managed-environment\").",
          commands: [
            "if [ -z \"$ROOT\" ]; then",
            "  installed=$(podman-compose version 2>/dev/null | sed -n 's/^podman-composer\\{0,1\\} version:\\{0,1\\} *\\([0-9][0-9.]*\\).*/\\1/p' | head -n 1) || true",
            "  if [ -z \"$installed\" ] || ! dpkg --compare-versions \"$installed\" ge 1.0.6; then",
            "    DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv",
            "    python3 -m venv /opt/podman-compose",
            "    /opt/podman-compose/bin/pip install '\(pin)'",
            "    ln -sf /opt/podman-compose/bin/podman-compose /usr/local/bin/podman-compose",
            "  fi",
            "fi",
          ]))
    }
    if needs.gpus, profile.family == .rhel {
      steps.append(
        PrereqStep(
          title: "Install nvidia-container-toolkit and describe the NVIDIA GPUs for CDI",
          why:
            "GPUs are passed as CDI devices (`--device nvidia.com/gpu=all`, or podman 5's `--gpus all`), which need the CDI specification.",
          commands: [
            "if [ -z \"$ROOT\" ] && ! command -v nvidia-ctk >/dev/null; then",
            "  curl -fsSL https://nvidia.github.io/libnvidia-container/stable/rpm/nvidia-container-toolkit.repo -o /etc/yum.repos.d/nvidia-container-toolkit.repo",
            "  dnf install -y nvidia-container-toolkit",
            "fi",
            "if [ -z \"$ROOT\" ]; then nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml; fi",
          ]))
    } else if needs.gpus {
      steps.append(
        PrereqStep(
          title: "Install nvidia-container-toolkit and describe the NVIDIA GPUs for CDI",
          why:
            "GPUs are passed as CDI devices (`--device nvidia.com/gpu=all`, or podman 5's `--gpus all`), which need the CDI specification.",
          commands: [
            "if [ -z \"$ROOT\" ] && ! command -v nvidia-ctk >/dev/null; then",
            "  curl -fsSL https://nvidia.github.io/libnvidia-container/gpgkey | gpg --dearmor --yes -o /usr/share/keyrings/nvidia-container-toolkit-keyring.gpg",
            "  curl -fsSL https://nvidia.github.io/libnvidia-container/stable/deb/nvidia-container-toolkit.list | sed 's#deb https://#deb [signed-by=/usr/share/keyrings/nvidia-container-toolkit-keyring.gpg] https://#' > /etc/apt/sources.list.d/nvidia-container-toolkit.list",
            "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nvidia-container-toolkit",
            "fi",
            "if [ -z \"$ROOT\" ]; then nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml; fi",
          ]))
    }
    if profile.family == .rhel, !needs.publishedPorts.isEmpty {
      let ports = needs.publishedPorts.sorted { a, b in
        let na = Int(a.prefix { $0.isNumber }) ?? 0
        let nb = Int(b.prefix { $0.isNumber }) ?? 0
        return na != nb ? na < nb : a < b
      }
      steps.append(
        PrereqStep(
          title: "Open the published ports in firewalld",
          why:
            "The scanned files publish \(ports.joined(separator: ", ")). firewalld, on by default on \(target.rawValue), filters connections to the host's own ports: rootless podman publishes ports as host sockets (pasta), unreachable from other machines until the zone opens them; for root containers, whose traffic netavark forwards with rules of its own, opening them is harmless.",
          commands: ["if [ -z \"$ROOT\" ] && systemctl is-active --quiet firewalld; then"]
            + ports.map { "  firewall-cmd --permanent --add-port=\($0)" } + ["  firewall-cmd --reload", "fi"]))
    }
    return steps
  }

  /// The steps as an idempotent bash script; `ROOT` (default empty) prefixes every host file it writes.
  public static func script(_ steps: [PrereqStep], target: TargetProfile.Name, mode: RunMode) -> String {
    var text = """
      #!/usr/bin/env bash
      # Host preparation for podman on \(target.rawValue) (\(mode.rawValue)), generated by migrate \(MigrateVersion.string).
      # Safe to run again. Set ROOT to write the host files under another root (for testing).
      set -euo pipefail
      ROOT="${ROOT:-}"

      """
    if mode == .rootless {
      text += "MIGRATE_USER=\"${MIGRATE_USER:?set MIGRATE_USER to the user that runs rootless podman}\"\n"
    }
    for (index, step) in steps.enumerated() {
      text += "\n# \(index + 1). \(step.title)\n"
      text += step.why.split(separator: "\n").map { "#    \($0)\n" }.joined()
      text += step.commands.joined(separator: "\n") + "\n"
    }
    return text
  }

  public static func markdown(_ steps: [PrereqStep], target: TargetProfile.Name, mode: RunMode) -> String {
    var text = "# Host preparation for podman on \(target.rawValue) (\(mode.rawValue))\n\n"
    text += "Packages: `\(packages(target, mode).joined(separator: " "))`\n"
    for (index, step) in steps.enumerated() {
      text +=
        "\n## \(index + 1). \(step.title)\n\n\(step.why)\n\n```sh\n\(step.commands.joined(separator: "\n"))\n```\n"
    }
    return text
  }
}

extension PrereqPlanner {
  /// The plan as JSON: target, mode, packages, what the files need, and the steps.
  public static func json(_ steps: [PrereqStep], target: TargetProfile.Name, mode: RunMode, needs: HostNeeds) -> String
  {
    let object: [String: Any] = [
      "target": target.rawValue,
      "mode": mode.rawValue,
      "packages": packages(target, mode),
      "needs": [
        "composeFiles": needs.composeFiles, "socketMount": needs.socketMount, "restartPolicies": needs.restartPolicies,
        "gpus": needs.gpus, "lowestPrivilegedPort": needs.lowestPrivilegedPort.map { $0 as Any } ?? NSNull(),
        "extraControllers": needs.extraControllers.sorted(), "containerDNS": needs.containerDNS,
        "publishedPorts": needs.publishedPorts.sorted(),
      ] as [String: Any],
      "steps": steps.map { ["title": $0.title, "why": $0.why, "commands": $0.commands] },
    ]
    let data =
      (try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
      ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

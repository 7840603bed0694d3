/// MG120: reports `docker run`/`create` flags that podman does not accept.
struct DockerOnlyRunFlag: Rule {
  static let meta = RuleMeta(
    id: "MG120", name: "docker-only-run-flag", severity: .error, fixAvailability: .sometimes,
    summary: "`docker run` flag podman does not accept",
    why: """
      Podman rejects these flags ("unknown flag"). Windows-only flags (`--isolation`, `--cpu-count`, \
      `--cpu-percent`, `--io-maxbandwidth`, `--io-maxiops`) do nothing on Linux and are dropped; the hidden \
      `--net-alias` is `--network-alias`. `--link` is MG128's (a shared network), `--volume-driver` needs a \
      `podman volume create --driver`. `--domainname` is folded into a fully qualified `--hostname` (the \
      container's `--hostname`, else its `--name`, plus the domain: `hostname -f` inside reads the same). \
      `--link-local-ip` (an IPv4/IPv6 link-local address for the container on a network) has no podman \
      equivalent and is dropped. `--storage-opt` has no \
      per-container equivalent, `--use-api-socket` is a `-v` of the podman socket. `--kernel-memory` is a \
      hidden no-op from podman 4.0; on 3.x with cgroup v2 (jammy) crun refuses it and the container fails.
      """,
    fixSafety: """
      Safe for Windows-only flags, the `--net-alias` spelling, `--domainname` (folded into the hostname) and \
      `--link-local-ip` (the finding says the address is gone); others need a decision.
      """,
    references: ["research G1, D8, D9, B11, E1"],
    examples: [
      .triggers(
        .command, "docker run 1️⃣--isolation=hyperv docker.io/library/alpine\n",
        fixed: "docker run docker.io/library/alpine\n"),
      .triggers(
        .command, "docker run 1️⃣--net-alias db docker.io/library/redis\n",
        fixed: "docker run --network-alias db docker.io/library/redis\n"),
      .triggers(.command, "docker run 1️⃣--use-api-socket docker.io/library/alpine\n"),
      .triggers(
        .command, "docker run --hostname web 1️⃣--domainname example.org docker.io/library/alpine\n",
        fixed: "docker run --hostname web.example.org docker.io/library/alpine\n"),
      .triggers(
        .command, "docker run --name db 1️⃣--domainname=example.org docker.io/library/alpine\n",
        fixed: "docker run --hostname=db.example.org --name db docker.io/library/alpine\n"),
      .triggers(
        .command, "docker run --network net 1️⃣--link-local-ip 169.254.1.1 docker.io/library/alpine\n",
        fixed: "docker run --network net docker.io/library/alpine\n"),
      .triggers(.command, "docker run 1️⃣--kernel-memory 64m docker.io/library/alpine\n", target: .jammy),
      .passes(.command, "docker run --network-alias db docker.io/library/redis\n"),
    ])

  static let windowsOnly: Set<String> = ["isolation", "cpu-count", "cpu-percent", "io-maxbandwidth", "io-maxiops"]
  static let advice: [String: String] = [
    "volume-driver": "create the volume first with `podman volume create --driver …`",
    "health-start-interval": "podman has no `--health-start-interval`",
    "use-api-socket": "mount the podman socket with `-v` instead",
    "storage-opt": "podman reads `--storage-opt` as a global storage-driver option, not a container quota",
  ]

  /// `--kernel-memory` breaks containers on podman 3.x with cgroup v2 (crun: "cannot set kernel memory with
  /// cgroupv2"), is applied on cgroup v1, and is a hidden no-op from 4.0 (podman PRs #12048, #12599).
  static func kernelMemoryAdvice(_ name: String, _ target: TargetProfile) -> String? {
    guard name == "kernel-memory" else { return nil }
    if target.podman >= PodmanVersion(4, 0) { return "podman \(target.podman) ignores it with a warning; drop it" }
    if target.cgroupV2 {
      return
        "on podman \(target.podman) with cgroup v2 the container fails to start (\"cannot set kernel memory with cgroupv2\"); drop it"
    }
    return "podman \(target.podman) applies it on cgroup v1, but kernel memory limits are deprecated; drop it"
  }

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    // Only `run` and `create` lines describe a container; the table's and the grammar's names agree for
    // every flag below (none is an alias of another entry).
    guard let container = command.container, let site = container.optionSite else { return }
    for setting in container.settings {
      let name = setting.option
      if Self.windowsOnly.contains(name) {
        let fix = site.remove(setting, in: context.source).map { Fix.safe("Drop the Windows-only flag", $0) }
        context.report(
          Self.meta, "`\(setting.spelled)` is Windows-only; podman rejects it", at: setting.nameRange, fix: fix)
      } else if name == "net-alias" {
        let fix = site.rename(setting, to: .networkAlias, in: context.source).map {
          Fix.safe("Write `--network-alias`", $0)
        }
        context.report(
          Self.meta, "`--net-alias` is a hidden docker spelling; podman accepts `--network-alias`",
          at: setting.nameRange, fix: fix)
      } else if name == "link-local-ip" {
        let fix = site.remove(setting, in: context.source).map { Fix.safe("Drop `--link-local-ip`", $0) }
        context.report(
          Self.meta,
          "`\(setting.spelled)`: podman has no link-local addresses per container; dropped: the container is reached at its network address instead",
          at: setting.nameRange, fix: fix)
      } else if name == "domainname" {
        DomainNameFold.report(
          setting, of: container, site: site, as: Self.meta, absent: "podman has no `--domainname`", in: &context)
      } else if let advice = Self.advice[name] ?? Self.kernelMemoryAdvice(name, context.options.target) {
        let fix = site.remove(setting, in: context.source).map { Fix("Drop the flag", .displayOnly, [$0]) }
        context.report(Self.meta, "`\(setting.spelled)`: \(advice)", at: setting.nameRange, fix: fix)
      }
    }
  }
}

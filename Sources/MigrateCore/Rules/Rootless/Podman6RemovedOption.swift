/// MG509: reports options of what podman 6 removed: the CNI network backend and cgroup v1.
struct Podman6RemovedOption: Rule {
  static let meta = RuleMeta(
    id: "MG509", name: "podman6-removed-option", severity: .error, fixAvailability: .sometimes,
    summary: "Option of a subsystem podman 6 removed (CNI, cgroup v1)",
    why: """
      Podman 6.0 removed CNI networking (netavark is the only backend), the slirp4netns network (and its \
      `--network-cmd-path` global option), iptables, BoltDB and support for cgroup v1 hosts. The global \
      options `--network-backend cni`, `--cni-config-dir` and `--network-cmd-path` name what is gone. \
      Every podman 6 host runs cgroup v2, where the cgroup v1 resource options fail or do nothing: \
      `--memory-swappiness` stops the container from starting (crun: "cannot set memory swappiness with \
      cgroupv2", podman#22712), `--cpu-rt-period`/`--cpu-rt-runtime` and `--oom-kill-disable` are ignored.
      """,
    fixSafety: """
      Safe: the option is removed. Networks made under CNI must be created again under netavark (`podman \
      network create`), which the migration scripts do for the networks they use.
      """,
    references: [
      "podman v6.0.0-rc1 release notes (Breaking Changes)", "podman-run(1) resource options",
      "containers/podman issue #22712",
    ],
    scope: .having(.podman6Removals),
    examples: [
      .triggers(
        .command, "podman 1️⃣--network-backend=cni run --rm docker.io/library/alpine\n",
        fixed: "podman run --rm docker.io/library/alpine\n", target: .rhel10, podman: PodmanVersion(6, 0)),
      .triggers(
        .command, "podman 1️⃣--cni-config-dir /etc/cni/net.d run --rm docker.io/library/alpine\n",
        fixed: "podman run --rm docker.io/library/alpine\n", target: .rhel10, podman: PodmanVersion(6, 0)),
      .triggers(
        .command, "docker run 1️⃣--memory-swappiness=0 -m 1g docker.io/library/redis\n",
        fixed: "docker run -m 1g docker.io/library/redis\n", target: .rhel10, podman: PodmanVersion(6, 0)),
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/redis\n    userns_mode: auto\n    1️⃣oom_kill_disable: true\n",
        fixed: "services:\n  db:\n    image: docker.io/library/redis\n    userns_mode: auto\n", target: .trixie,
        podman: PodmanVersion(6, 0)),
      .passes(.command, "podman --network-backend=netavark run --rm docker.io/library/alpine\n", target: .rhel10),
      .passes(
        .command, "podman --network-backend=cni run --rm docker.io/library/alpine\n", target: .rhel10,
        podman: PodmanVersion(5, 8)),
    ])

  /// Global options of podman that name a subsystem podman 6 removed, with what replaces it.
  static let globalOptions: [String: String] = [
    "cni-config-dir": "CNI is gone; netavark keeps its networks under /etc/containers/networks",
    "network-cmd-path": "it served slirp4netns, which is gone; pasta is the rootless network",
  ]

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    guard context.options.target.supports(.podman6Removals), command.invocation.tool == .podman else { return }
    let version = context.options.target.podman
    for flag in command.invocation.globalFlags {
      let why: String
      if flag.name == "network-backend" {
        guard flag.value == "cni" else { continue }
        why = "CNI is gone; netavark is the only network backend"
      } else if let reason = Self.globalOptions[flag.name] {
        why = reason
      } else {
        continue
      }
      let fix = flag.deletionRange(in: context.source).map {
        Fix.safe("Drop the option", TextEdit(replacing: $0, with: ""))
      }
      context.report(
        Self.meta, "podman \(version) removed `\(flag.spelledAs)`: \(why)", at: flag.spelling.range, fix: fix)
    }
  }

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.target.supports(.podman6Removals) else { return }
    let version = context.options.target.podman
    for setting in container.settings where CgroupV1OnlyOption.flags.contains(setting.option) {
      let fix = container.optionSite?.remove(setting, in: context.source).map {
        Fix.safe("Drop the cgroup v1 option", $0)
      }
      let effect =
        setting.option == "memory-swappiness"
        ? "the container does not start (crun cannot set swappiness on cgroup v2)" : "podman ignores it"
      context.report(
        Self.meta,
        "`\(setting.spelled)` needs cgroup v1, which podman \(version) no longer runs on: \(effect)",
        at: setting.nameRange, fix: fix)
    }
  }
}

/// MG135: reports resource options that only cgroup v1 honours, on cgroup v2 targets.
struct CgroupV1OnlyOption: Rule {
  static let meta = RuleMeta(
    id: "MG135", name: "cgroup-v1-only-option", severity: .info, fixAvailability: .sometimes,
    summary: "Resource option that cgroup v2 hosts do not honour",
    why: """
      Memory swappiness, real-time CPU scheduling budgets and disabling the OOM killer exist only in \
      cgroup v1. Every target but focal boots with cgroup v2, where podman warns about or ignores \
      `--memory-swappiness`, `--cpu-rt-period`, `--cpu-rt-runtime` and `--oom-kill-disable` (podman-run(1): \
      "cgroups V1 rootful only", "not supported on cgroups V2"); crun goes further and refuses swappiness, \
      so such a container may not start ("cannot set memory swappiness with cgroupv2", podman#22712). Focal (cgroup v1) keeps them for root \
      containers.
      """,
    fixSafety: "Safe: the option has no effect on the target.",
    references: ["research I3", "podman-run(1) 4.3.1", "containers/podman issue #22712"],
    scope: .targets(where: \.cgroupV2, reason: "cgroup v2"),
    examples: [
      .triggers(
        .command, "docker run 1️⃣--memory-swappiness=0 -m 1g docker.io/library/redis\n",
        fixed: "docker run -m 1g docker.io/library/redis\n"),
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/redis\n    userns_mode: auto\n    1️⃣mem_swappiness: 0\n    mem_limit: 1g\n",
        fixed: "services:\n  db:\n    image: docker.io/library/redis\n    userns_mode: auto\n    mem_limit: 1g\n"),
      .passes(.command, "docker run --memory-swappiness=0 docker.io/library/redis\n", target: .focal),
      .passes(.command, "docker run -m 1g docker.io/library/redis\n"),
    ])

  /// The `docker run` flags only cgroup v1 honours.
  static let flags: Set<String> = ["memory-swappiness", "cpu-rt-period", "cpu-rt-runtime", "oom-kill-disable"]

  func message(_ spelled: String, _ option: String, _ target: TargetProfile) -> String {
    // crun refuses swappiness on cgroup v2 rather than ignoring it (podman#22712, podman 5).
    let effect =
      option == "memory-swappiness"
      ? "where crun refuses it and the container may not start (\"cannot set memory swappiness with cgroupv2\")"
      : "where podman ignores it"
    return "`\(spelled)` needs cgroup v1; \(target.name.rawValue) uses cgroup v2, \(effect)"
  }

  func check(_ container: Container, in context: inout RuleContext) {
    // On podman 6 the options are errors (MG509 podman6-removed-option).
    guard context.options.target.cgroupV2, !context.options.target.supports(.podman6Removals) else { return }
    for setting in container.settings where Self.flags.contains(setting.option) {
      let fix = container.optionSite?.remove(setting, in: context.source).map {
        Fix.safe("Drop the cgroup v1 option", $0)
      }
      context.report(
        Self.meta, message(setting.spelled, setting.option, context.options.target), at: setting.nameRange, fix: fix)
    }
  }
}

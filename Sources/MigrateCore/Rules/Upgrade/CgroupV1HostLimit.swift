/// MG601: reports resource limits and cgroup options of containers moving from a cgroup v1 host to cgroup v2.
struct CgroupV1HostLimit: Rule {
  static let meta = RuleMeta(
    id: "MG601", name: "cgroup-v1-host-limit", severity: .info, fixAvailability: .none,
    summary: "Resource limit set on a cgroup v1 host that the upgraded host applies through cgroup v2",
    why: """
      Focal boots with cgroup v1; every newer target with cgroup v2 (and podman 6 drops cgroup v1). On cgroup \
      v2 limits are written to the unified hierarchy: rootless podman can now apply them, but only for the \
      controllers systemd delegates (cpu, memory, pids by default), and the cgroup-v1-only options (MG135) \
      stop working. Check that the limits still mean what they did.
      """,
    fixSafety: "No fix: the limit is kept; the finding says what changes.",
    references: ["RuntimeChange.cgroupV2", "docs/verified-facts.md 7"],
    examples: [
      .triggers(.command, "podman run --memory=1️⃣1g docker.io/library/redis\n", target: .noble, from: .focal),
      .passes(.command, "podman run --memory=1g docker.io/library/redis\n", target: .noble, from: .jammy),
      .passes(.command, "podman run docker.io/library/redis\n", target: .noble, from: .focal),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.upgradeCrosses(.cgroupV2) else { return }
    let rootless = context.options.mode == .rootless
    for limit in container.resourceLimits {
      let delegated = ["cpu", "memory", "pids"].contains(limit.controller)
      let note =
        rootless
        ? (delegated
          ? "rootless podman now applies it (it ignored it on cgroup v1)"
          : "rootless podman applies it only if systemd delegates the `\(limit.controller)` controller to the user")
        : "check that it still means what it did"
      context.report(
        Self.meta,
        "`\(limit.flag)` was applied through cgroup v1 on \(context.upgradeLabel), which uses cgroup v2: \(note)",
        at: limit.value.valueRange ?? limit.value.range)
    }
  }
}

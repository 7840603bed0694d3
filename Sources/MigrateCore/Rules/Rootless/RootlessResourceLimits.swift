/// MG506: reports cgroup limits that rootless podman cannot apply (cgroup v1) or applies only with delegated
/// controllers (cgroup v2).
struct RootlessResourceLimits: Rule {
  static let meta = RuleMeta(
    id: "MG506", name: "rootless-resource-limits", severity: .warning, fixAvailability: .none,
    summary: "Rootless resource limit that the target cannot enforce as written",
    why: """
      Rootless podman manages cgroups only on cgroup v2 with systemd delegation. On focal (cgroup v1) \
      limits such as `--memory`, `--cpus` and `--pids-limit` are not applied at all (podman 3.4 ignores or \
      rejects them) and `podman stats`/`pause` do not work: run those containers under root podman with \
      `--userns=auto`, or boot with `systemd.unified_cgroup_hierarchy=1`. On cgroup v2 (jammy, noble) systemd \
      delegates only the memory and pids controllers to users by default: CPU, cpuset and I/O limits need \
      `Delegate=memory pids cpu cpuset io` in `/etc/systemd/system/user@.service.d/delegate.conf` (`migrate \
      prereqs` emits it), otherwise crun fails with \"the requested cgroup controller `cpu` is not available\".
      """,
    fixSafety: "No fix: the answer is host setup or root podman.",
    references: ["research I1, I2", "podman rootless.md (cgroup v1)", "podman troubleshooting #26"],
    scope: .mode(.rootless),
    examples: [
      .triggers(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    mem_limit: 1️⃣512m\n    cpus: 1️⃣0.5\n",
        mode: .rootless, target: .focal),
      .triggers(
        .command, "podman run --cpus 1️⃣2 -m 512m --pids-limit 100 docker.io/library/nginx\n", mode: .rootless),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    deploy:\n      resources:\n        limits:\n          cpus: \"1️⃣0.5\"\n          memory: 1G\n",
        mode: .rootless, target: .noble),
      .passes(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    mem_limit: 512m\n    pids_limit: 100\n",
        mode: .rootless),
      .passes(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    mem_limit: 512m\n", target: .focal),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.mode == .rootless, !container.resourceLimits.isEmpty else { return }
    let target = context.options.target
    guard target.cgroupV2 else {
      for limit in container.resourceLimits {
        context.report(
          Self.meta,
          "\(target.name.rawValue.capitalizedFirst) uses cgroup v1: rootless podman cannot apply `\(limit.flag)`; the limit is ignored (run this container under root podman with `--userns=auto`)",
          at: limit.value.valueRange ?? limit.value.range)
      }
      return
    }
    for limit in container.resourceLimits where !["memory", "pids"].contains(limit.controller) {
      context.report(
        Self.meta,
        "Rootless `\(limit.flag)` needs the `\(limit.controller)` cgroup controller delegated to users (`Delegate=memory pids cpu cpuset io` for user@.service; `migrate prereqs` emits it)",
        at: limit.value.valueRange ?? limit.value.range)
    }
  }
}

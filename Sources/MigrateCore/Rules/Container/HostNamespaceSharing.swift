/// MG107: reports a container that shares a host namespace (`network_mode: host`, `pid: host`, …).
struct HostNamespaceSharing: Rule {
  static let meta = RuleMeta(
    id: "MG107", name: "host-namespace-sharing", severity: .warning, fixAvailability: .none,
    summary: "Container shares a host namespace",
    why: """
      A process in a new user namespace may not mount a fresh sysfs or procfs for namespaces it does not own: \
      with `--userns=auto`, runc fails on `--network=host` (crun works around it by bind-mounting /sys), and \
      Docker's own userns-remap forbids host PID/network sharing. The container is therefore left without \
      `userns_mode: auto`, so its root is host root. Review whether it really needs the host namespace.
      """,
    fixSafety: "No fix: dropping the host namespace changes how the service is reached.",
    references: ["research A8, D5, M4"],
    examples: [
      .triggers(.compose, "services:\n  web:\n    image: docker.io/library/nginx\n    network_mode: 1️⃣host\n"),
      .passes(.compose, "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n"),
    ])

  func check(_ container: ContainerSpec, in context: inout RuleContext) {
    for (kind, value) in container.hostNamespaces {
      let consequence =
        context.options.mode == .usernsAuto && container.userns == nil
        ? "; a user namespace cannot own it, so `--userns=auto` is not added and the container's root is host root"
        : context.options.mode == .usernsAuto ? "; with a user namespace, runc cannot mount sysfs/procfs for it" : ""
      context.report(Self.meta, "Shares the host \(kind) namespace\(consequence)", at: value.range)
    }
  }
}

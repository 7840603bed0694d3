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
      .triggers(
        .compose, "services:\n  app:\n    image: docker.io/library/nginx\n    network_mode: 1️⃣\"service:vpn\"\n"),
      .passes(.compose, "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    let withoutUserns = container.userNamespacePlan(context.options.mode) == .none(.sharedNamespace)
    for (kind, value) in container.sharedNamespaces {
      let consequence: String
      if withoutUserns {
        consequence =
          "; a user namespace cannot own it, so `--userns=auto` is not added and the container's root is host root"
      } else if context.options.mode == .usernsAuto {
        consequence = "; with a user namespace of its own, the container cannot join it"
      } else {
        consequence = ""
      }
      let what =
        value.text == "host"
        ? "the host \(kind) namespace" : "the \(kind) namespace of `\(value.text.drop { $0 != ":" }.dropFirst())`"
      context.report(Self.meta, "Shares \(what)\(consequence)", at: value.range)
    }
  }
}

/// MG101: reports a container that would run in the host user namespace (container root = host root).
struct HostUserNamespace: Rule {
  static let meta = RuleMeta(
    id: "MG101", name: "host-user-namespace", severity: .warning, fixAvailability: .sometimes,
    summary: "Container runs in the host user namespace",
    why: """
      Under root podman a container without a user namespace runs as real root: a breakout is host root, as \
      with the Docker daemon. `--userns=auto` (compose `userns_mode: auto`) gives each container its own \
      slice of the `containers` subordinate IDs, so its root is an unprivileged host ID. Podman 3.x ignores \
      `userns = "auto"` in containers.conf, so the option must be on every container.
      """,
    fixSafety: """
      Safe: adds `userns_mode: auto` to the service (or `--userns=auto` after `run`). Files the container \
      writes to bind mounts are then owned by high subordinate IDs; see MG102. Containers sharing host \
      namespaces (`network_mode: host`, `pid: host`) are not changed: MG107 explains why.
      """,
    references: ["research A1, A2, A7, A8, M2", "podman-run(1) --userns"],
    scope: .mode(.usernsAuto),
    examples: [
      .triggers(
        .compose, "services:\n  1️⃣web:\n    image: docker.io/library/nginx\n",
        fixed: "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n"),
      .passes(.compose, "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n"),
      .passes(.compose, "services:\n  web:\n    image: docker.io/library/nginx\n", mode: .rootless),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    switch container.userNamespacePlan(context.options.mode) {
    case .add:
      let fix = container.optionSite?.add(.userns, "auto", in: context.source).map {
        Fix.safe("Run it in its own user namespace", $0)
      }
      context.report(
        Self.meta, "\(container.displayName.capitalizedFirst) runs in the host user namespace: its root is host root",
        at: container.anchorRange, fix: fix)
    case .none(.pod):
      context.report(
        Self.meta,
        "\(container.displayName.capitalizedFirst) runs in a pod, which refuses `--userns`: set the user namespace on the pod",
        at: container.anchorRange)
    case .existing, .none:
      return
    }
  }
}

extension String {
  /// The string with its first character upper-cased, for messages that start with a name.
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

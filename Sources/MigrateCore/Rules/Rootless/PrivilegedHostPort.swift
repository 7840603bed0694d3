/// MG501: reports a host port below 1024 published by a rootless container.
struct PrivilegedHostPort: Rule {
  static let meta = RuleMeta(
    id: "MG501", name: "privileged-host-port", severity: .error, fixAvailability: .none,
    summary: "Rootless container publishes a host port below 1024",
    why: """
      An ordinary user cannot bind ports below `net.ipv4.ip_unprivileged_port_start` (1024 by default), so \
      rootless podman fails to publish them. Publish a port ≥ 1024 and forward to it, or lower the sysctl on \
      the host (`migrate prereqs` emits it), or run the service under root podman with `--userns=auto`.
      """,
    fixSafety: "No fix: the port clients use would change.",
    references: ["research D2"],
    scope: .mode(.rootless),
    examples: [
      .triggers(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    ports:\n      - 1️⃣80:80\n", mode: .rootless
      ),
      .passes(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    ports:\n      - 8080:80\n",
        mode: .rootless),
      .passes(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    ports:\n      - 80:80\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.mode == .rootless else { return }
    for port in container.ports where port.publishesPrivilegedHostPort {
      let number = port.hostPorts.map { String($0.lowerBound) } ?? "?"
      context.report(
        Self.meta,
        "Rootless podman cannot publish host port \(number): ports below 1024 need `net.ipv4.ip_unprivileged_port_start` lowered or a port ≥ 1024",
        at: port.spec.valueRange ?? port.spec.range)
    }
  }
}

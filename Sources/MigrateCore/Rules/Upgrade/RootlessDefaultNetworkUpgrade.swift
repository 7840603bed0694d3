/// MG603: reports rootless run lines on the default network whose network stack becomes pasta (podman 5.0).
struct RootlessDefaultNetworkUpgrade: Rule {
  static let meta = RuleMeta(
    id: "MG603", name: "rootless-default-network-upgrade", severity: .info, fixAvailability: .none,
    summary: "Rootless container on the default network, which is pasta from podman 5.0",
    why: """
      Rootless containers without `--network` used slirp4netns before podman 5.0 and use pasta since: the \
      container sees the host's own addresses instead of 10.0.2.x, the host is reached as \
      `host.containers.internal` rather than 10.0.2.2, and published ports keep the client's source address. \
      `--network slirp4netns` keeps the old stack until podman 6 removes it.
      """,
    fixSafety: "No fix: the finding says what changes.",
    references: ["RuntimeChange.pasta", "RHEL 10 considerations, chapter 5"],
    scope: .mode(.rootless),
    examples: [
      .triggers(
        .command, "podman run -p 1️⃣8080:80 docker.io/library/nginx\n", mode: .rootless, target: .resolute,
        from: .jammy),
      .passes(.command, "podman run -p 8080:80 docker.io/library/nginx\n", target: .resolute, from: .jammy),
      .passes(
        .command, "podman run --network=slirp4netns -p 8080:80 docker.io/library/nginx\n", mode: .rootless,
        target: .resolute, from: .jammy),
      .passes(
        .command, "podman run -p 8080:80 docker.io/library/nginx\n", mode: .rootless, target: .noble, from: .jammy),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.mode == .rootless, context.upgradeCrosses(.pasta), container.origin == .runCommand,
      container.networkMode == nil, container.networks.isEmpty
    else { return }
    let at = container.ports.first.map { $0.spec.valueRange ?? $0.spec.range } ?? container.anchorRange
    let ports = container.ports.isEmpty ? "" : "; published ports now keep the client's source address"
    context.report(
      Self.meta,
      "This rootless container used slirp4netns on \(context.upgradeLabel), which uses pasta: it sees the host's addresses (not 10.0.2.x) and reaches the host as `host.containers.internal`\(ports); `--network slirp4netns` keeps the old stack until podman 6",
      at: at)
  }
}

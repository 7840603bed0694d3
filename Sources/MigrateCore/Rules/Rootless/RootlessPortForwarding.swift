/// MG507: notes that rootless published ports hide the client's address (slirp4netns with rootlessport).
struct RootlessPortForwarding: Rule {
  static let meta = RuleMeta(
    id: "MG507", name: "rootless-port-forwarding", severity: .info, fixAvailability: .none,
    summary: "Rootless published ports go through a user-mode network stack",
    why: """
      Rootless containers get user-mode networking. Up to podman 4.x that is slirp4netns with the \
      `rootlessport` helper (pasta opt-in with `--network pasta` from 4.4, which needs the `passt` package: \
      noble has it, jammy does not): throughput is lower than kernel bridging, and the container sees every \
      connection as coming from `10.0.2.100`, not the client, so access logs, rate limits and IP allow-lists \
      break. Use `--network slirp4netns:port_handler=slirp4netns` there when client addresses matter \
      (slower, not on user-defined networks), pasta where available, or root podman with `--userns=auto`. \
      From podman 5.0 pasta is the default: the container has the host's addresses and published ports keep \
      the client's source address, so a container on the default network needs nothing. Containers on a \
      user-defined network (every compose service, `--network NAME`) still get their ports through \
      `rootlessport`, which hides the client; an explicit `slirp4netns` mode keeps slirp4netns's behaviour.
      """,
    fixSafety: "No fix: the trade-off (speed, networks) is the operator's.",
    references: ["research D1", "podman-run(1) --network slirp4netns, pasta", "rootless_tutorial.md @v5.4.2"],
    scope: .mode(.rootless),
    examples: [
      .triggers(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    ports:\n      - 1️⃣8080:80\n",
        mode: .rootless),
      .triggers(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    ports:\n      - 1️⃣8080:80\n",
        mode: .rootless, target: .resolute),
      .triggers(
        .command, "podman run --network slirp4netns -p 1️⃣8080:80 docker.io/library/nginx\n", mode: .rootless,
        target: .trixie),
      .passes(
        .command,
        "podman run --network slirp4netns:port_handler=slirp4netns -p 8080:80 docker.io/library/nginx\n",
        mode: .rootless),
      .passes(.command, "docker run -p 8080:80 docker.io/library/nginx\n", mode: .rootless, target: .resolute),
      .passes(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    ports:\n      - 8080:80\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.mode == .rootless, let port = container.ports.first else { return }
    let network = container.networkMode?.text
    if let network,
      network == "host" || network == "none" || network.contains("port_handler=slirp4netns")
        || network.hasPrefix("pasta") || network.hasPrefix("container:") || network.hasPrefix("ns:")
    {
      return
    }
    let target = context.options.target
    let at = port.spec.valueRange ?? port.spec.range
    let explicitSlirp = network.map { $0 == "slirp4netns" || $0.hasPrefix("slirp4netns:") } ?? false
    guard target.supports(.pastaDefault) else {
      let stack =
        target.supports(.pasta)
        ? "slirp4netns (or `--network pasta`, with the `passt` package)"
        : "slirp4netns, the only rootless network on this podman"
      context.report(
        Self.meta,
        "Rootless ports of \(container.displayName) are forwarded by \(stack): the container sees clients as 10.0.2.100; use `--network slirp4netns:port_handler=slirp4netns` if client addresses matter",
        at: at)
      return
    }
    if explicitSlirp {
      // Podman 6 has no slirp4netns at all: MG508 says so.
      guard !target.supports(.podman6Removals) else { return }
      context.report(
        Self.meta,
        "Rootless ports of \(container.displayName) go through slirp4netns and rootlessport: the container sees clients as 10.0.2.100; pasta, podman \(target.podman.major)'s default, keeps client addresses (leave the network mode out)",
        at: at)
      return
    }
    // The default network is pasta, which keeps the client's address; user-defined networks use rootlessport.
    guard !container.joinsPodmanDefaultNetwork, network != "private", network != "slirp4netns" else { return }
    context.report(
      Self.meta,
      "Rootless ports of \(container.displayName) on a user-defined network are forwarded by rootlessport: the container sees the forwarder's address, not the client's; pasta (`--network pasta`) keeps client addresses but leaves the network",
      at: at)
  }
}

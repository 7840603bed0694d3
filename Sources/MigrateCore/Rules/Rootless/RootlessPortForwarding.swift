/// MG507: notes that rootless published ports hide the client's address (slirp4netns with rootlessport).
struct RootlessPortForwarding: Rule {
  static let meta = RuleMeta(
    id: "MG507", name: "rootless-port-forwarding", severity: .info, fixAvailability: .none,
    summary: "Rootless published ports go through a user-mode network stack",
    why: """
      Rootless containers get user-mode networking: slirp4netns with the `rootlessport` helper up to podman \
      4.x (pasta from 5.0; opt-in with `--network pasta` from 4.4, which needs the `passt` package: noble has it, \
      jammy does not). Throughput is lower than kernel bridging, \
      and with rootlessport the container sees every connection as coming from `10.0.2.100`, not the client: \
      access logs, rate limits and IP allow-lists break. Use `--network \
      slirp4netns:port_handler=slirp4netns` when client addresses matter (slower, not on user-defined \
      networks), pasta where available, or root podman with `--userns=auto`.
      """,
    fixSafety: "No fix: the trade-off (speed, networks) is the operator's.",
    references: ["research D1", "podman-run(1) --network slirp4netns"],
    scope: .mode(.rootless),
    examples: [
      .triggers(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    ports:\n      - 1️⃣8080:80\n",
        mode: .rootless),
      .passes(
        .command,
        "podman run --network slirp4netns:port_handler=slirp4netns -p 8080:80 docker.io/library/nginx\n",
        mode: .rootless),
      .passes(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    ports:\n      - 8080:80\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.mode == .rootless, let port = container.ports.first else { return }
    if let network = container.networkMode?.text,
      network == "host" || network == "none" || network.contains("port_handler=slirp4netns")
        || network.hasPrefix("pasta")
    {
      return
    }
    let stack =
      context.options.target.supports(.pasta)
      ? "slirp4netns (or `--network pasta`, with the `passt` package)"
      : "slirp4netns, the only rootless network on this podman"
    context.report(
      Self.meta,
      "Rootless ports of \(container.displayName) are forwarded by \(stack): the container sees clients as 10.0.2.100; use `--network slirp4netns:port_handler=slirp4netns` if client addresses matter",
      at: port.spec.valueRange ?? port.spec.range)
  }
}

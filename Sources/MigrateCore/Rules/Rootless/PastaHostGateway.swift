/// MG510: reports `host-gateway` host entries of rootless pasta containers on podman 5.0–5.2, where the
/// host has no address of its own inside the container.
struct PastaHostGateway: Rule {
  static let meta = RuleMeta(
    id: "MG510", name: "pasta-host-gateway", severity: .warning, fixAvailability: .none,
    summary: "`host-gateway` under pasta before podman 5.3",
    why: """
      From podman 5.0 rootless containers use pasta, which copies the host's addresses into the container. \
      Podman 5.0–5.2 points `host.containers.internal` and `host-gateway` at a host address, but on a host \
      with one address that address is the container's own: the entry is left out and `--add-host \
      NAME:host-gateway` stops the container with "host containers internal IP address is empty" \
      (podman#22881, #21681, #19213). Podman 5.3 passes pasta's `--map-guest-addr 169.254.1.2`, so both \
      names reach the host again (PR #23791; it needs a passt with that option). Before 5.3 the host is \
      reachable from a pasta container only with `--network pasta:--map-gw`, at the gateway address, which \
      forwards to the host's loopback and so also exposes services that listen on 127.0.0.1 only.
      """,
    fixSafety: "No fix: upgrading podman (and passt), or opening the host's loopback, is the operator's choice.",
    references: [
      "podman-run(1) --network pasta", "containers/podman PR #23791, issues #19213, #22881, #21681",
    ],
    scope: .between(.pastaDefault, .pastaHostAddress, modes: [.rootless]),
    examples: [
      .triggers(
        .command, "docker run --add-host 1️⃣host.docker.internal:host-gateway docker.io/library/alpine\n",
        mode: .rootless, target: .trixie, podman: PodmanVersion(5, 2)),
      .triggers(
        .compose,
        "services:\n  app:\n    image: docker.io/library/alpine\n    network_mode: pasta\n    extra_hosts:\n      - \"1️⃣db.local=host-gateway\"\n",
        mode: .rootless, target: .rhel9, podman: PodmanVersion(5, 0)),
      .passes(
        .command, "docker run --add-host host.docker.internal:host-gateway docker.io/library/alpine\n",
        mode: .rootless, target: .trixie),
      .passes(
        .command,
        "docker run --network slirp4netns --add-host host.docker.internal:host-gateway docker.io/library/alpine\n",
        mode: .rootless, target: .trixie, podman: PodmanVersion(5, 2)),
      .passes(
        .command, "docker run --add-host host.docker.internal:host-gateway docker.io/library/alpine\n",
        target: .trixie, podman: PodmanVersion(5, 2)),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    let target = context.options.target
    guard context.options.mode == .rootless, target.supports(.pastaDefault), !target.supports(.pastaHostAddress)
    else { return }
    // pasta is the network of a run line without one, or one that names it; compose services join a bridge.
    let pasta = container.networkMode.map { $0.text == "pasta" || $0.text.hasPrefix("pasta:") }
    guard pasta ?? container.joinsPodmanDefaultNetwork else { return }
    for host in container.extraHosts where host.text.hasSuffix(":host-gateway") || host.text.hasSuffix("=host-gateway")
    {
      context.report(
        Self.meta,
        "`\(host.text)` under pasta: podman \(target.podman) fails with \"host containers internal IP address is empty\" on a host with one address (fixed in 5.3); upgrade podman and passt, or use `--network pasta:--map-gw` and the gateway address (it also exposes the host's loopback)",
        at: host.valueRange ?? host.range)
    }
  }
}

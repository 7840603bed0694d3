/// MG602: reports networks created or joined on a CNI host (podman < 4.0) that moves to netavark.
struct CniNetwork: Rule {
  static let meta = RuleMeta(
    id: "MG602", name: "cni-network", severity: .warning, fixAvailability: .none,
    summary: "Network created under CNI on a host that moves to netavark",
    why: """
      Podman 4.0 replaced CNI with netavark and aardvark-dns. A host upgraded from podman 3 keeps the CNI \
      backend while CNI networks or containers exist, and netavark does not read the configurations in \
      /etc/cni/net.d; podman 6 (and RHEL 10) have no CNI at all, so containers on CNI networks must be \
      recreated. Recreate the networks with `podman network create` (or wipe the host with `podman system \
      reset`, which deletes every container, image and volume) and then the containers; container names \
      resolve on named networks without the dnsname plugin.
      """,
    fixSafety: "No fix: the network has to be recreated on the host.",
    review: "Recreate the network and the containers on it after the upgrade (or `podman system reset`).",
    references: ["RuntimeChange.netavark", "podman-network(1)", "RHEL 10 considerations, chapter 5"],
    examples: [
      .triggers(
        .command, "1️⃣podman network create web\npodman run --network=1️⃣web docker.io/library/nginx\n",
        target: .noble, from: .jammy),
      .triggers(
        .compose, "services:\n  1️⃣web:\n    image: docker.io/library/nginx\n", target: .resolute, from: .jammy),
      .passes(.command, "podman network create web\n", target: .resolute, from: .noble),
      .passes(.command, "podman run docker.io/library/nginx\n", target: .noble, from: .jammy),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    guard context.upgradeCrosses(.netavark), command.invocation.subcommand == ["network", "create"] else { return }
    context.report(
      Self.meta,
      "`podman network create` made a CNI network on \(context.upgradeLabel)\(Self.after(context)); run it again after the upgrade (existing CNI networks are not read by netavark) and recreate the containers on it",
      at: command.invocation.range, review: Self.meta.review)
  }

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.upgradeCrosses(.netavark), container.origin == .runCommand, container.networkMode == nil else {
      return
    }
    for network in container.networks {
      context.report(
        Self.meta,
        "Network `\(network.text)` is a CNI network on \(context.upgradeLabel)\(Self.after(context)); recreate it with `podman network create \(network.text)` (or `podman system reset`) and recreate this container",
        at: network.valueRange ?? network.range, review: Self.meta.review)
    }
  }

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    guard context.upgradeCrosses(.netavark),
      let service = project.services.first(where: { $0.container.networkMode == nil })
    else { return }
    context.report(
      Self.meta,
      "podman-compose put these services on CNI networks on \(context.upgradeLabel)\(Self.after(context)); run `podman-compose down` before the upgrade and `up` after it, so the networks are created again",
      at: service.container.anchorRange, review: Self.meta.review)
  }

  /// What the target does with CNI networks left behind.
  static func after(_ context: RuleContext) -> String {
    context.options.target.podman >= PodmanVersion(6, 0) || context.options.target.name == .rhel10
      ? ", which has no CNI: containers on it no longer start"
      : ", which keeps CNI only while CNI networks exist (podman 6 removes it)"
  }
}

/// MG122: reports the `host-gateway` host alias on podman before 4.7.
struct HostGatewayAlias: Rule {
  static let meta = RuleMeta(
    id: "MG122", name: "host-gateway-alias", severity: .error, fixAvailability: .sometimes,
    summary: "`host-gateway` in an extra host on podman before 4.7",
    why: """
      Podman accepts the `host-gateway` keyword (and adds `host.docker.internal`) only from 4.7. Before, \
      every container already resolves `host.containers.internal` to the host; or give the gateway's address \
      (`10.88.0.1` on root podman's default network, the network's gateway on others).
      """,
    fixSafety: "Unsafe: `10.88.0.1` is right only on root podman's default network.",
    references: ["research D7"],
    scope: .lacking(.hostGateway),
    examples: [
      .triggers(.command, "docker run --add-host 1️⃣host.docker.internal:host-gateway docker.io/library/alpine\n"),
      .passes(
        .command, "docker run --add-host host.docker.internal:host-gateway docker.io/library/alpine\n", target: .noble),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard !context.options.target.supports(.hostGateway) else { return }
    for host in container.extraHosts where host.text.hasSuffix(":host-gateway") || host.text.hasSuffix("=host-gateway")
    {
      let keywordStart = host.text.utf8.count - "host-gateway".utf8.count
      let defaultNetwork = container.joinsPodmanDefaultNetwork && context.options.mode == .usernsAuto
      let edit = host.edit(replacingValueBytes: keywordStart, host.text.utf8.count, with: "10.88.0.1")
      let fix = edit.map {
        Fix("Use the default network's gateway address", defaultNetwork ? .unsafe : .displayOnly, [$0])
      }
      context.report(
        Self.meta,
        "podman \(context.options.target.podman) does not know `host-gateway`; containers reach the host as `host.containers.internal`",
        at: host.valueRange ?? host.range, fix: fix)
    }
  }
}

/// MG111: reports docker swarm commands, which have no podman equivalent.
struct SwarmCommand: Rule {
  static let meta = RuleMeta(
    id: "MG111", name: "swarm-command", severity: .error, fixAvailability: .none,
    summary: "Docker swarm command",
    why: """
      Podman has no orchestrator: `docker swarm`, `stack`, `service`, `node` and swarm `config` have no \
      equivalent. On one host run the stack with podman-compose or systemd units (Quadlet on podman ≥ 4.4); \
      across hosts, Kubernetes (`podman kube generate` / `podman kube play` port simple stacks).
      """,
    fixSafety: "No fix: the deployment model changes.",
    references: ["research L1"],
    examples: [
      .triggers(.command, "1️⃣docker stack deploy -c stack.yml shop\n"),
      .passes(.command, "docker compose -f stack.yml up -d\n"),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    guard command.invocation.tool == .docker, let first = command.invocation.subcommand.first,
      DockerCLIInvocation.swarmFamily.contains(first)
    else { return }
    context.report(
      Self.meta,
      "`docker \(command.invocation.subcommand.joined(separator: " "))` is a swarm command; podman has no orchestrator: use podman-compose or systemd units per host",
      at: command.invocation.program.range)
  }
}

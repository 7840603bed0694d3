/// MG112: reports docker subcommands podman lacks or does differently.
struct UnsupportedDockerCommand: Rule {
  static let meta = RuleMeta(
    id: "MG112", name: "unsupported-docker-command", severity: .warning, fixAvailability: .none,
    summary: "Docker subcommand without a podman equivalent",
    why: """
      Podman has no plugin manager (`docker plugin`), signs images differently (`docker trust` → `podman image \
      trust`/`sign`), has no `docker scan`, and on podman < 4.3 no `context` (use `podman system \
      connection`); `buildx` builders and `bake` have no equivalent (`buildx build` does).
      """,
    fixSafety: "No fix: each needs a different command.",
    references: ["research L3, L4, L5"],
    examples: [
      .triggers(.command, "1️⃣docker plugin install vieux/sshfs\n"),
      .triggers(.command, "1️⃣docker buildx create --use --name multi\n"),
      .passes(.command, "docker buildx build -t app .\n"),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    let invocation = command.invocation
    guard let advice = Self.advice(invocation, context.options.target) else { return }
    context.report(
      Self.meta, "`docker \(invocation.subcommand.joined(separator: " "))`: \(advice); the line is left as it is",
      at: invocation.program.range)
  }

  /// Why podman cannot run `invocation`, or nil when it can.
  static func advice(_ invocation: DockerCall, _ target: TargetProfile) -> String? {
    guard invocation.tool == .docker, let first = invocation.subcommand.first else { return nil }
    let advice: String?
    switch first {
    case "plugin": advice = "podman has no plugins; volume plugins go in containers.conf"
    case "trust": advice = "use `podman image trust` and `podman image sign`"
    case "scan": advice = "podman has no image scanner; use a scanner such as trivy"
    case "context" where !target.supports(.context):
      advice = "podman before 4.3 has no `context`; use `podman system connection`"
    case "buildx" where invocation.subcommand.count > 1 && invocation.subcommand[1] != "build":
      advice = "only `buildx build` has a podman equivalent (`podman build`)"
    case "checkpoint": advice = "use `podman container checkpoint` and `podman container restore` (root only)"
    default: advice = nil
    }
    return advice
  }
}

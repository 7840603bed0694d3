/// MG126: reports a flag the docker CLI grammar does not know; it is kept as written.
struct UnknownDockerFlag: Rule {
  static let meta = RuleMeta(
    id: "MG126", name: "unknown-docker-flag", severity: .warning, fixAvailability: .none,
    summary: "Flag the docker CLI does not define",
    why: """
      The flag is not in docker 28's grammar for this command (a typo, a plugin's flag, or a newer \
      docker's). It is kept as written, but podman will most likely reject it; and a value written as a \
      separate word after it may be misread as the image.
      """,
    fixSafety: "No fix: the intended flag is not known.",
    references: ["docker run --help (28.2.2)"],
    examples: [
      .triggers(.command, "docker run 1️⃣--frobnicate docker.io/library/alpine\n"),
      .passes(.command, "docker run --rm docker.io/library/alpine\n"),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    guard command.invocation.tool == .docker || command.invocation.tool == .dockerCompose else { return }
    // Commands podman lacks are reported once by MG112; their flags are not read in depth.
    if UnsupportedDockerCommand.advice(command.invocation, context.options.target) != nil { return }
    let path = command.invocation.subcommand.joined(separator: " ")
    for flag in command.invocation.unknownFlags {
      context.report(
        Self.meta, "Unknown flag `\(flag.spelledAs)` for `docker \(path)`: kept as written", at: flag.spelling.range)
    }
  }
}

/// MG110: reports a command that runs the docker CLI (or docker-compose) instead of podman.
struct DockerCLIInvocation: Rule {
  static let meta = RuleMeta(
    id: "MG110", name: "docker-cli-invocation", severity: .warning, fixAvailability: .sometimes,
    summary: "Command runs the docker CLI",
    why: """
      After the migration there is no Docker daemon for `docker` to talk to. `podman` takes the same \
      subcommands and flags (differences are separate rules); `docker compose`/`docker-compose` become \
      `podman-compose`, or `podman compose` where podman ≥ 4.7 ships the wrapper. A make or shell variable \
      that names the program (`DOCKER ?= docker`) is renamed where it is set.
      """,
    fixSafety: "Safe: the command line is otherwise unchanged; flags podman treats differently have their own rules.",
    references: ["research L1–L6, M1"],
    examples: [
      .triggers(.command, "1️⃣docker ps -a\n", fixed: "podman ps -a\n"),
      .triggers(.command, "1️⃣docker compose -f prod.yml up -d\n", fixed: "podman-compose -f prod.yml up -d\n"),
      .triggers(.command, "1️⃣docker-compose down\n", fixed: "podman compose down\n", target: .noble),
      .triggers(
        .command, "ssh -p 2222 deploy@worker1 '1️⃣docker ps -a'\nssh worker2 1️⃣docker logs web\n",
        fixed: "ssh -p 2222 deploy@worker1 'podman ps -a'\nssh worker2 podman logs web\n"),
      .passes(.command, "podman ps -a\necho docker run\n"),
      .passes(.command, "docker buildx create --use --name multi\n"),
    ])

  static let swarmFamily: Set<String> = ["swarm", "stack", "service", "node", "config"]

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    let invocation = command.invocation
    guard invocation.tool == .docker || invocation.tool == .dockerCompose, !command.programIsAlias else { return }
    if let first = invocation.subcommand.first, Self.swarmFamily.contains(first) { return }
    // A command podman does not have is left as written (MG112 says why), not turned into a broken one.
    if UnsupportedDockerCommand.advice(invocation, context.options.target) != nil { return }
    let program = invocation.program
    let composeWord =
      invocation.tool == .docker && invocation.subcommand.first == "compose" ? invocation.subcommandWords.first : nil
    let isCompose = invocation.tool == .dockerCompose || composeWord != nil
    let wrapper = context.options.target.supports(.composeWrapper)
    var replacement: String
    var range = program.range
    if isCompose {
      replacement = wrapper ? "podman compose" : "podman-compose"
      if let composeWord { range = ByteRange(program.range.lower, composeWord.range.upper) }
    } else {
      replacement = (program.staticValue ?? "docker").hasPrefix("/") ? "/usr/bin/podman" : "podman"
    }
    let written = program.rawText + (composeWord.map { " " + $0.rawText } ?? "")
    let title = "Run it with \(replacement)"
    let fix =
      program.isVerbatim && composeWord.map(\.isVerbatim) ?? true
      ? Fix.safe(title, TextEdit(replacing: range, with: replacement))
      : Fix(title, .displayOnly, [TextEdit(replacing: range, with: replacement)])
    context.report(
      Self.meta, "`\(written)` needs the Docker daemon; run it with `\(replacement)`", at: program.range, fix: fix)
  }

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    let wrapper = context.options.target.supports(.composeWrapper)
    for item in script.items {
      guard case .programVariable(let name) = item.kind else { continue }
      let replacement: String
      if item.text.hasSuffix("compose") {
        replacement = wrapper ? "podman compose" : "podman-compose"
      } else {
        replacement = item.text.hasPrefix("/") ? "/usr/bin/podman" : "podman"
      }
      context.report(
        Self.meta, "Variable `\(name)` runs `\(item.text)`, which needs the Docker daemon; set it to `\(replacement)`",
        at: item.range, fix: .safe("Set it to \(replacement)", TextEdit(replacing: item.range, with: replacement)))
    }
  }
}

/// MG303: reports a container command run through a variable the file does not set.
struct IndirectContainerCommand: Rule {
  static let meta = RuleMeta(
    id: "MG303", name: "indirect-container-command", severity: .info, fixAvailability: .none,
    summary: "Container command run through a variable set elsewhere",
    why: """
      `$CONTAINER_ENGINE run …` runs whatever the variable holds, often `docker`. The value is set outside \
      the file (the environment, another script), so migrate cannot rewrite the command: set the variable to \
      `podman` where it is defined and check the flags of the command by hand.
      """,
    fixSafety: "No fix: the variable's value is not known here.",
    references: [],
    examples: [
      .triggers(.command, "1️⃣$CONTAINER_ENGINE run --rm -v ./d:/d busybox\n"),
      .passes(.command, "ENGINE=docker\n$ENGINE ps\n"),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    for item in script.items where item.kind == .indirectProgram {
      context.report(
        Self.meta,
        "`\(item.text) …` runs a program set outside this file, maybe docker: set it to `podman` where it is defined",
        at: item.range)
    }
  }
}

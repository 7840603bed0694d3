/// MG301: reports shell text that could not be read; the affected command is left unchanged.
struct ShellSyntaxError: Rule {
  static let meta = RuleMeta(
    id: "MG301", name: "shell-syntax-error", severity: .warning, fixAvailability: .none,
    summary: "Shell text that could not be read",
    why: "A command with an unterminated quote or substitution cannot be rewritten safely; it is left as it is.",
    fixSafety: "No fix.",
    references: [],
    examples: [
      .triggers(.command, "docker run 1️⃣\"docker.io/library/alpine\n"),
      .passes(.command, "docker run \"docker.io/library/alpine\"\n"),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    for diagnostic in script.diagnostics {
      // Past a reader limit nothing after it is read: the docker commands there are not converted, which
      // a person must see (`--check` fails), not only a log line.
      let unread = diagnostic.message.hasSuffix("the rest is not read")
      context.report(
        Self.meta, "Cannot read the shell text: \(diagnostic.message); the command is left unchanged",
        at: diagnostic.range,
        review: unread
          ? "the text after this point was not read, so its docker commands are not converted: split the file or convert them by hand"
          : nil)
    }
  }
}

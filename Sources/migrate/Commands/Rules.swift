import ArgumentParser
import MigrateCore

struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List every rule, one line each: id, name, severity, fix availability, summary.")

  @Flag(help: "Print the whole catalogue as Markdown (docs/rules.md).")
  var markdown = false

  func run() {
    print(markdown ? RuleDocs.markdown() : RuleDocs.list(), terminator: "")
  }
}

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print a rule's full text.",
    discussion: "Examples:\n  migrate explain MG102\n  migrate explain writable-bind-mount")

  @Argument(help: "A rule ID (MG102) or name (writable-bind-mount).")
  var rule: String

  func run() throws {
    guard let meta = RuleCatalog.meta(for: rule) else {
      throw ValidationError("No rule '\(rule)'; `migrate rules` lists them.")
    }
    print(RuleDocs.explain(meta), terminator: "")
  }
}

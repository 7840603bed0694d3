/// MG004: a command sits in text that does not map onto the file byte for byte (a folded YAML block, an
/// escaped string), so its fixes are shown as the suggested text instead of applied.
enum EmbeddedCommandNotEditable {
  static let meta = RuleMeta(
    id: "MG004", name: "embedded-command-not-editable", severity: .info, fixAvailability: .none,
    summary: "Command in text that cannot be edited in place",
    why: """
      Folded (`>`) and escaped YAML scalars, multi-line plain scalars and Makefile words with `$$` do not \
      match the file byte for byte, so edits inside them could corrupt the file. The rewritten command is \
      shown instead, to copy by hand (or rewrite the step as a literal `|` block).
      """,
    fixSafety: "No fix.", references: [], examples: [])
}

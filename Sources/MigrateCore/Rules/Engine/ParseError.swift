/// MG001: the file could not be parsed; it gets no fixes and is never written.
enum ParseError {
  static let meta = RuleMeta(
    id: "MG001", name: "parse-error", severity: .error, fixAvailability: .none,
    summary: "File could not be parsed",
    why: "A file that does not parse cannot be rewritten safely; it is reported and left untouched.",
    fixSafety: "No fix.", references: [], examples: [])
}

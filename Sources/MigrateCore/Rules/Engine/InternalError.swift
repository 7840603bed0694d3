/// MG003: a fix made the output unparsable (a bug in migrate); every edit of the file was dropped.
enum InternalError {
  static let meta = RuleMeta(
    id: "MG003", name: "internal-error", severity: .error, fixAvailability: .none,
    summary: "A fix would have broken the file",
    why: "The engine re-parses every output; when a fix breaks it, all edits of the file are dropped and reported.",
    fixSafety: "No fix.", references: [], examples: [])
}

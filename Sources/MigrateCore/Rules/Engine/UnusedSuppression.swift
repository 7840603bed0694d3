/// MG002: a suppression comment that names an unknown rule or suppresses nothing.
enum UnusedSuppression {
  static let meta = RuleMeta(
    id: "MG002", name: "unused-suppression", severity: .warning, fixAvailability: .none,
    summary: "Suppression comment that suppresses nothing",
    why: "A `# migrate: ignore=ID` that matches no finding (or names no rule) is stale and hides nothing; remove it.",
    fixSafety: "No fix.", references: [], examples: [])
}

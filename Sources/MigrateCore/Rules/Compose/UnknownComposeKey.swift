/// MG201: reports a key the Compose Specification does not define.
struct UnknownComposeKey: Rule {
  static let meta = RuleMeta(
    id: "MG201", name: "unknown-compose-key", severity: .warning, fixAvailability: .none,
    summary: "Key not defined by the Compose Specification",
    why: """
      The key is kept as written, but no Compose implementation reads it, and podman-compose may reject it. \
      It is often a typo (`enviroment`) or an extension that lacks the `x-` prefix.
      """,
    fixSafety: "No fix: the intended key is not known.",
    references: ["compose-spec.json"],
    examples: [
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    1️⃣enviroment:\n      - A=1\n"),
      .passes(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    x-notes: kept\n"),
    ])

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    for key in project.unknownKeys {
      context.report(Self.meta, "Unknown top-level key `\(key.text)`", at: key.range)
    }
    for service in project.services {
      for key in service.unknownKeys {
        context.report(Self.meta, "Unknown key `\(key.text)` in service `\(service.name.text)`", at: key.range)
      }
    }
  }
}

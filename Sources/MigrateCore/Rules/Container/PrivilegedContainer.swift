/// MG106: reports a privileged container.
struct PrivilegedContainer: Rule {
  static let meta = RuleMeta(
    id: "MG106", name: "privileged-container", severity: .warning, fixAvailability: .none,
    summary: "Container runs privileged",
    why: """
      `privileged` gives every capability and all host devices. Inside a user namespace the capabilities \
      apply only to the container's own namespaces, so workloads that need real host privileges (loading \
      modules, raw devices) fail; rootless podman cannot grant devices the user cannot open. Prefer the \
      specific `cap_add`/`devices` the workload needs.
      """,
    fixSafety: "No fix: the capabilities actually needed are not known.",
    references: ["research H4"],
    examples: [
      .triggers(
        .compose,
        "services:\n  app:\n    image: docker.io/library/alpine\n    userns_mode: auto\n    privileged: 1️⃣true\n"),
      .passes(
        .compose,
        "services:\n  app:\n    image: docker.io/library/alpine\n    userns_mode: auto\n    privileged: false\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard let privileged = container.privileged, ["true", "True", "TRUE", "yes", ""].contains(privileged.text) else {
      return
    }
    context.report(
      Self.meta,
      "Privileged container: in a user namespace its capabilities cover only its own namespaces; grant the specific `cap_add`/`devices` it needs",
      at: privileged.range)
  }
}

/// MG604: reports, once per file with containers, that a host installed before podman 5.0 keeps BoltDB.
struct BoltdbHostDatabase: Rule {
  static let meta = RuleMeta(
    id: "MG604", name: "boltdb-host-database", severity: .info, fixAvailability: .none,
    summary: "Containers of a host installed before podman 5.0, whose database is BoltDB",
    why: """
      New installations of podman 5 keep their containers in SQLite; a host upgraded from podman 4 or 3 keeps \
      BoltDB. Podman 6 removes BoltDB: migrate with `podman system migrate --migrate-db` (after stopping \
      Quadlet units and `podman system service`), which podman 6 also does at reboot. Podman 5.7 has no \
      such option yet.
      """,
    fixSafety: "No fix: the database is the host's.",
    references: ["RuntimeChange.sqlite", "podman-system-migrate(1)"],
    examples: [
      .triggers(.command, "1️⃣podman run docker.io/library/nginx\n", target: .resolute, from: .jammy),
      .passes(.command, "podman run docker.io/library/nginx\n", target: .resolute, from: .trixie),
      .passes(.command, "podman pull docker.io/library/nginx\n", target: .resolute, from: .jammy),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    guard let first = script.commands.lazy.compactMap(\.container).first else { return }
    report(first, in: &context)
  }

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    guard let first = project.services.first else { return }
    report(first.container, in: &context)
  }

  private func report(_ container: Container, in context: inout RuleContext) {
    guard context.upgradeCrosses(.sqlite) else { return }
    let target = context.options.target.podman
    let what =
      target >= PodmanVersion(6, 0)
      ? "podman 6 no longer reads it: run `podman system migrate --migrate-db` on the old podman first, or let podman 6 migrate it at reboot"
      : "it keeps working; before podman 6 migrate it with `podman system migrate --migrate-db` (podman 5.8+, stop Quadlet units and `podman system service` first)"
    context.report(
      Self.meta,
      "The containers of a host installed with podman \(context.options.from?.podman.description ?? "") are kept in BoltDB after the upgrade (\(context.upgradeLabel)); \(what)",
      at: container.anchorRange)
  }
}

/// MG205: reports `healthcheck.start_interval`, which podman-compose turns into a flag old podman lacks.
struct HealthcheckStartInterval: Rule {
  static let meta = RuleMeta(
    id: "MG205", name: "healthcheck-start-interval", severity: .warning, fixAvailability: .sometimes,
    summary: "`healthcheck.start_interval` on podman before 4.4",
    why: """
      Docker probes every `start_interval` during `start_period`. Podman has no such setting: current \
      podman-compose passes it as `--health-startup-interval`, the interval of podman's separate startup \
      healthcheck, which podman before 4.4 does not know ("unknown flag"), so the container is not created; \
      older podman-compose versions drop the key. `start_period`, `interval`, `timeout`, `retries`, \
      `disable` and the `test` forms map to `--health-*` flags unchanged.
      """,
    fixSafety: "Safe: without it the check runs at `interval` during the start period, as podman does anyway.",
    references: ["research M6, K2", "podman create --health-startup-interval (4.4)"],
    scope: .lacking(.healthStartup),
    examples: [
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      interval: 30s\n      1️⃣start_interval: 2s\n      retries: 3\n",
        fixed:
          "services:\n  db:\n    image: docker.io/library/postgres\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      interval: 30s\n      retries: 3\n"
      ),
      .passes(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      start_interval: 2s\n",
        target: .noble),
      .passes(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      start_period: 30s\n"
      ),
    ])

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    let target = context.options.target
    guard !target.supports(.healthStartup) else { return }
    for service in project.services {
      guard let healthcheck = service.container.health?.node?.resolved, healthcheck.kind == .mapping,
        let (key, value) = healthcheck.ownPair("start_interval")
      else { continue }
      let fix = context.source.entryLines(key: key, value: value).map {
        Fix.safe("Remove `start_interval`", .delete($0))
      }
      context.report(
        Self.meta,
        "podman \(target.podman) has no start interval: podman-compose would pass `--health-startup-interval` (podman 4.4+); remove `start_interval`",
        at: key.range, fix: fix)
    }
  }
}

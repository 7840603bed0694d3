/// MG139: reports compose `healthcheck.start_interval`, which podman has no equivalent for.
struct HealthcheckStartInterval: Rule {
  static let meta = RuleMeta(
    id: "MG139", name: "healthcheck-start-interval", severity: .warning, fixAvailability: .sometimes,
    summary: "`healthcheck.start_interval` has no podman equivalent",
    why: """
      Docker 25 probes more often during `start_period` when `start_interval` is set. Podman has no such \
      setting (`docker run --health-start-interval` is an unknown flag there, MG120). podman-compose passes \
      the key as `--health-startup-interval`, the interval of podman's separate startup healthcheck, an \
      option podman before 4.4 (jammy, focal) does not know, so the container is not created.
      """,
    fixSafety: "Safe: checks during the start period then run at the normal `interval`, as on older Docker.",
    references: ["research K2, M6", "podman_compose.py container_to_args (healthcheck)"],
    examples: [
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    userns_mode: auto\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      start_period: 30s\n      1️⃣start_interval: 2s\n",
        fixed:
          "services:\n  db:\n    image: docker.io/library/postgres\n    userns_mode: auto\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      start_period: 30s\n"
      ),
      .passes(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    userns_mode: auto\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      start_period: 30s\n"
      ),
    ])

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    for service in project.services {
      guard let healthcheck = service.healthcheck, let pair = healthcheck.node.ownPair("start_interval") else {
        continue
      }
      let target = context.options.target
      let message =
        target.supports(.healthStartup)
        ? "Podman has no `start_interval`; podman-compose turns it into a startup-healthcheck interval, a different feature"
        : "Podman \(target.podman) has no `start_interval`; podman-compose passes it as `--health-startup-interval` (podman 4.4+), so the container fails to be created"
      let fix = context.source.entryLines(key: pair.key, value: pair.value).map {
        Fix.safe("Drop `start_interval`", .delete($0))
      }
      context.report(Self.meta, message, at: pair.key.range, fix: fix)
    }
  }
}

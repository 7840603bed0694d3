/// MG204: reports `depends_on` conditions that podman-compose does not wait for on the target.
struct DependencyCondition: Rule {
  static let meta = RuleMeta(
    id: "MG204", name: "dependency-condition", severity: .warning, fixAvailability: .none,
    summary: "`depends_on` condition podman-compose may not wait for",
    why: """
      podman-compose starts dependencies first and adds `--requires`, but enforces conditions only from 1.3.0 \
      (jammy and noble package older versions that ignore them). `service_healthy` is a `podman wait \
      --condition=healthy`, which needs podman 4.6: on older podman, podman-compose logs "Ignored … condition \
      check" and starts the dependent service at once (podman_compose.py `check_dep_conditions`). \
      `restart: true` (restart the dependent service with its dependency) is not implemented. A service that must not start before its \
      database is ready needs to retry itself, or a systemd unit ordering.
      """,
    fixSafety: "No fix: the wait has to move into the service or into unit ordering.",
    references: ["research M5", "podman_compose.py check_dep_conditions"],
    examples: [
      .triggers(
        .compose,
        "services:\n  app:\n    image: example.com/app\n    depends_on:\n      db:\n        condition: 1️⃣service_healthy\n  db:\n    image: docker.io/library/postgres\n"
      ),
      .triggers(
        .compose,
        "services:\n  app:\n    image: example.com/app\n    depends_on:\n      db:\n        condition: service_started\n        restart: 1️⃣true\n  db:\n    image: docker.io/library/postgres\n",
        target: .noble),
      .passes(
        .compose,
        "services:\n  app:\n    image: example.com/app\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: docker.io/library/postgres\n",
        target: .noble),
      .passes(
        .compose,
        "services:\n  app:\n    image: example.com/app\n    depends_on:\n      - db\n  db:\n    image: docker.io/library/postgres\n"
      ),
    ])

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    let target = context.options.target
    for service in project.services {
      guard let dependsOn = service.node.value(forKey: "depends_on")?.resolved, dependsOn.kind == .mapping else {
        continue
      }
      for (key, value) in dependsOn.effectivePairs {
        let settings = value.resolved
        guard settings.kind == .mapping else { continue }
        let dependency = key.value
        if let condition = settings.value(forKey: "condition"), condition.scalarValue == "service_healthy",
          !target.supports(.waitHealthy)
        {
          context.report(
            Self.meta,
            "podman \(target.podman) has no `podman wait --condition=healthy` (4.6+): podman-compose starts `\(service.name.text)` without waiting for `\(dependency)` to be healthy",
            at: condition.range)
        }
        if let restart = settings.value(forKey: "restart"), restart.resolved.boolValue == true {
          context.report(
            Self.meta,
            "podman-compose does not restart `\(service.name.text)` when `\(dependency)` restarts (`restart: true` is ignored)",
            at: restart.range)
        }
      }
    }
  }
}

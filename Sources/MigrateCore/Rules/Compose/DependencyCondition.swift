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

  /// One finding per place: services sharing a `depends_on` through a YAML anchor or merge key share its
  /// nodes, and are named together in one finding.
  func check(_ project: ComposeProject, in context: inout RuleContext) {
    let target = context.options.target
    // Range → (what, the services, the dependency), in file order of first sight.
    var places: [(range: ByteRange, healthy: Bool, services: [String], dependency: String)] = []
    func add(_ range: ByteRange, healthy: Bool, _ service: String, _ dependency: String) {
      if let i = places.firstIndex(where: { $0.range == range && $0.healthy == healthy }) {
        if !places[i].services.contains(service) { places[i].services.append(service) }
      } else {
        places.append((range, healthy, [service], dependency))
      }
    }
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
          add(condition.range, healthy: true, service.name.text, dependency)
        }
        if let restart = settings.value(forKey: "restart"), restart.resolved.boolValue == true {
          add(restart.range, healthy: false, service.name.text, dependency)
        }
      }
    }
    for place in places {
      let services = place.services.map { "`\($0)`" }.joined(separator: ", ")
      if place.healthy {
        context.report(
          Self.meta,
          "podman \(target.podman) has no `podman wait --condition=healthy` (4.6+): podman-compose starts \(services) without waiting for `\(place.dependency)` to be healthy",
          at: place.range)
      } else {
        context.report(
          Self.meta,
          "podman-compose does not restart \(services) when `\(place.dependency)` restarts (`restart: true` is ignored)",
          at: place.range)
      }
    }
  }
}

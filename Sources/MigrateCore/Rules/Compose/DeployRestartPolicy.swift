/// MG206: reports `deploy.restart_policy`, which podman-compose ignores.
struct DeployRestartPolicy: Rule {
  static let meta = RuleMeta(
    id: "MG206", name: "deploy-restart-policy", severity: .warning, fixAvailability: .sometimes,
    summary: "`deploy.restart_policy` is ignored by podman-compose",
    why: """
      Docker Compose v2 turns `deploy.restart_policy` into the container's restart policy (`any` → \
      `always`, `on-failure` with `max_attempts`, `none` → `no`). podman-compose reads only the service's \
      `restart:` key, so the containers get no restart policy at all. Of `deploy:` it uses only \
      `resources` (cpus, memory, GPU devices); `placement`, `update_config`, `rollback_config` and `mode` \
      are swarm settings that Docker Compose ignores too.
      """,
    fixSafety: "Safe: adds the `restart:` value Docker Compose derived from the policy.",
    references: ["research M7, F1", "podman_compose.py container_to_args"],
    examples: [
      .triggers(
        .compose,
        "services:\n  worker:\n    image: example.com/worker\n    deploy:\n      1️⃣restart_policy:\n        condition: on-failure\n        max_attempts: 3\n",
        fixed:
          "services:\n  worker:\n    image: example.com/worker\n    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 3\n    restart: on-failure:3\n"
      ),
      .triggers(
        .compose,
        "services:\n  worker:\n    image: example.com/worker\n    deploy:\n      1️⃣restart_policy: {delay: 5s}\n",
        fixed:
          "services:\n  worker:\n    image: example.com/worker\n    deploy:\n      restart_policy: {delay: 5s}\n    restart: always\n"
      ),
      .passes(
        .compose,
        "services:\n  worker:\n    image: example.com/worker\n    restart: always\n    deploy:\n      restart_policy:\n        condition: any\n"
      ),
      .passes(
        .compose,
        "services:\n  worker:\n    image: example.com/worker\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n"
      ),
    ])

  /// The `restart:` value Docker Compose derives from a policy (compose `mapRestartPolicyCondition`).
  static func restartValue(_ policy: YAMLNode) -> String? {
    let condition = policy.kind == .mapping ? policy.value(forKey: "condition")?.scalarValue ?? "any" : "any"
    switch condition {
    case "none", "no": return "no"
    case "any", "always": return "always"
    case "unless-stopped": return "unless-stopped"
    case "on-failure":
      if let attempts = policy.value(forKey: "max_attempts")?.scalarValue, Int(attempts) != nil {
        return attempts == "0" ? "on-failure" : "on-failure:\(attempts)"
      }
      return "on-failure"
    default: return nil
    }
  }

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    for service in project.services {
      guard let deploy = service.deploy?.resolved, deploy.kind == .mapping,
        let (key, value) = deploy.ownPair("restart_policy")
      else { continue }
      guard service.container.restart == nil else { continue }
      let policy = value.resolved
      let restart = Self.restartValue(policy)
      let fix = restart.flatMap { restart in
        service.node.resolved.appendSite(in: context.source).map {
          Fix.safe("Add `restart: \(restart)`", $0.composeEntry(key: "restart", value: restart))
        }
      }
      context.report(
        Self.meta,
        "podman-compose ignores `deploy.restart_policy`; without `restart:` `\(service.name.text)` is never restarted"
          + (restart.map { ": add `restart: \($0)`" } ?? ""),
        at: key.range, fix: fix)
    }
  }
}

/// MG207: reports compose secret settings that podman-compose rejects or ignores.
struct ComposeSecretOption: Rule {
  static let meta = RuleMeta(
    id: "MG207", name: "compose-secret-option", severity: .warning, fixAvailability: .none,
    summary: "Secret setting podman-compose rejects or ignores",
    why: """
      podman-compose bind-mounts `file:` secrets read-only at `/run/secrets/NAME` (or `target`) and passes \
      `external:`/`name:` secrets to `podman run --secret`, for a secret made beforehand with `podman secret \
      create`. It ignores `uid`, `gid` and `mode` of file secrets (with a warning), so the file keeps the host \
      file's owner and mode; it stops on an external secret whose `name:` differs from its key or that is \
      mounted at another `target:` ("not supported"); and 1.2.0 and older stop on `environment:` secrets \
      ("unparsable secret"), which later releases turn into a `podman secret`. Checked in podman_compose.py \
      `get_secret_args`.
      """,
    fixSafety: "No fix: the secret has to be provided differently.",
    references: ["research M11, L2", "podman_compose.py get_secret_args"],
    examples: [
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    secrets:\n      - source: pw\n        1️⃣mode: 0400\nsecrets:\n  pw:\n    file: ./pw.txt\n"
      ),
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    secrets: [pw]\nsecrets:\n  pw:\n    1️⃣environment: DB_PASSWORD\n"
      ),
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    secrets: [pw]\nsecrets:\n  pw:\n    external: true\n    name: 1️⃣prod_db_pw\n"
      ),
      .passes(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    secrets:\n      - source: pw\n        target: db_password\nsecrets:\n  pw:\n    file: ./pw.txt\n"
      ),
    ])

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    for name in project.secrets.keys.sorted() {
      guard let definition = project.secrets[name]?.resolved, definition.kind == .mapping else { continue }
      if let (key, _) = definition.ownPair("environment") {
        context.report(
          Self.meta,
          "podman-compose 1.2.0 and older stop on secret `\(name)` from `environment:` (\"unparsable secret\"); create it with `podman secret create` and mark it `external: true`",
          at: key.range)
      }
      let external = definition.value(forKey: "external")?.resolved.boolValue == true
      if external || definition.value(forKey: "file") == nil,
        let custom = definition.value(forKey: "name"), let text = custom.scalarValue, text != name
      {
        context.report(
          Self.meta,
          "podman-compose does not support secret `\(name)` named `\(text)` (\"Custom name/target reference … not supported\"); give the podman secret the key's name",
          at: custom.range)
      }
    }
    for service in project.services {
      guard let list = service.node.value(forKey: "secrets")?.resolved, list.kind == .sequence else { continue }
      for item in list.items {
        let entry = item.resolved
        guard entry.kind == .mapping, let source = entry.value(forKey: "source")?.scalarValue,
          let definition = project.secrets[source]?.resolved, definition.kind == .mapping
        else { continue }
        if definition.value(forKey: "file") != nil {
          for field in ["uid", "gid", "mode"] {
            guard let (key, _) = entry.ownPair(field) else { continue }
            context.report(
              Self.meta,
              "podman-compose ignores `\(field)` of file secret `\(source)`: the mounted file keeps the host file's owner and mode",
              at: key.range)
          }
        } else if definition.value(forKey: "external")?.resolved.boolValue == true
          || definition.value(forKey: "name") != nil,
          let target = entry.value(forKey: "target")?.scalarValue, target != source,
          entry.value(forKey: "type")?.scalarValue != "env"
        {
          context.report(
            Self.meta,
            "podman-compose stops on external secret `\(source)` mounted at `\(target)` (\"not supported\"); use the default `/run/secrets/\(source)`",
            at: entry.value(forKey: "target")?.range ?? entry.range)
        }
      }
    }
  }
}

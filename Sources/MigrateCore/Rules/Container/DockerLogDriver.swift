/// MG121: reports a log driver podman does not have.
struct DockerLogDriver: Rule {
  static let meta = RuleMeta(
    id: "MG121", name: "docker-log-driver", severity: .warning, fixAvailability: .sometimes,
    summary: "Log driver podman does not have",
    why: """
      Podman logs with `k8s-file`, `journald`, `none` or `passthrough`. Docker's `json-file` (and `local`) \
      becomes `k8s-file` (podman reads `json-file` only as a deprecated alias); `syslog`, `fluentd`, `gelf`, \
      `awslogs`, `splunk` and the other remote drivers have no equivalent: log to `journald` and forward from \
      the journal. `k8s-file` rotates by `max-size` only (no `max-file`).
      """,
    fixSafety: "Safe for `json-file`/`local`; unsafe for remote drivers (logs stop reaching their destination).",
    references: ["research J1, J2"],
    examples: [
      .triggers(
        .command, "docker run --log-driver 1️⃣json-file docker.io/library/nginx\n",
        fixed: "docker run --log-driver k8s-file docker.io/library/nginx\n"),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    logging:\n      driver: 1️⃣json-file\n",
        fixed:
          "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    logging:\n      driver: k8s-file\n"
      ),
      .passes(.command, "docker run --log-driver journald docker.io/library/nginx\n"),
    ])

  static let remote: Set<String> = [
    "syslog", "fluentd", "gelf", "awslogs", "splunk", "etwlogs", "gcplogs", "logentries",
  ]

  func check(_ container: Container, in context: inout RuleContext) {
    guard let driver = container.logDriver else { return }
    let at = driver.valueRange ?? driver.range
    if driver.text == "json-file" || driver.text == "local" {
      let fix = driver.edit(replacingWith: "k8s-file").map { Fix.safe("Log with `k8s-file`", $0) }
      context.report(
        Self.meta, "Podman has no `\(driver.text)` log driver; its file driver is `k8s-file`", at: at, fix: fix)
    } else if Self.remote.contains(driver.text) {
      let fix = driver.edit(replacingWith: "journald").map { Fix.unsafe("Log to the journal", $0) }
      context.report(
        Self.meta, "Podman has no `\(driver.text)` log driver; log to `journald` and forward from the journal", at: at,
        fix: fix)
    }
  }
}

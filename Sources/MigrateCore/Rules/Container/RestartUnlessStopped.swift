/// MG105: reports `restart: unless-stopped`, which podman does not bring back after a reboot.
struct RestartUnlessStopped: Rule {
  static let meta = RuleMeta(
    id: "MG105", name: "restart-unless-stopped", severity: .warning, fixAvailability: .sometimes,
    summary: "Restart policy `unless-stopped` is not restored at boot",
    why: """
      Podman has no daemon to restart containers after a reboot. `podman-restart.service` starts only \
      containers with `--restart=always` (unless-stopped is covered only from podman 5.8), so \
      `unless-stopped` containers stay down after a reboot. Enable `podman-restart.service` (or generate \
      systemd units) for boot persistence.
      """,
    fixSafety: "Safe: `always` and `unless-stopped` behave the same while the host is up.",
    references: ["research F1, F2", "podman-run(1) --restart"],
    examples: [
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/redis\n    userns_mode: auto\n    restart: 1️⃣unless-stopped\n",
        fixed: "services:\n  db:\n    image: docker.io/library/redis\n    userns_mode: auto\n    restart: always\n"),
      .triggers(
        .command, "docker run --restart=1️⃣unless-stopped -p 8080:80 --restart 1️⃣unless-stopped docker.io/library/nginx\n",
        fixed: "docker run --restart=always -p 8080:80 --restart always docker.io/library/nginx\n"),
      .passes(
        .compose, "services:\n  db:\n    image: docker.io/library/redis\n    userns_mode: auto\n    restart: always\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    for restart in container.restartValues where restart.text == "unless-stopped" { report(restart, in: &context) }
  }

  private func report(_ restart: SourceValue, in context: inout RuleContext) {
    let unit =
      context.options.mode == .rootless
      ? "systemctl --user enable podman-restart.service" : "systemctl enable podman-restart.service"
    let fix = restart.edit(replacingWith: "always").map { Fix.safe("Use the `always` restart policy", $0) }
    context.report(
      Self.meta,
      "`unless-stopped` containers are not restarted at boot without a daemon; use `always` and enable boot restarts with `\(unit)`",
      at: restart.valueRange ?? restart.range, fix: fix)
  }
}

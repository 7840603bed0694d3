/// MG105: reports `restart: unless-stopped`, which podman does not bring back after a reboot.
struct RestartUnlessStopped: Rule {
  static let meta = RuleMeta(
    id: "MG105", name: "restart-unless-stopped", severity: .warning, fixAvailability: .sometimes,
    summary: "Restart policy `unless-stopped` is not restored at boot",
    why: """
      Podman has no daemon to restart containers after a reboot. Before 5.8 `podman-restart.service` runs \
      `podman start --all --filter restart-policy=always`, so `unless-stopped` containers stay down after a \
      reboot. Podman 5.8 made `unless-stopped` match Docker (PR #27619): the unit starts every container \
      that `should-start-on-boot`, `unless-stopped` ones that were not stopped by hand included. 5.8.0's unit \
      still stopped them at shutdown as if by hand, so they stayed down after the next reboot (podman#28152); \
      the fix (PR #28328) is on the 5.8 branch, so from 5.8.1 nothing is rewritten. Enable `podman-restart.service` (or generate systemd units) for boot \
      persistence.
      """,
    fixSafety: "Safe: `always` and `unless-stopped` behave the same while the host is up.",
    references: [
      "research F1, F2", "podman-run(1) --restart", "contrib/systemd/system/podman-restart.service.in",
      "containers/podman PR #27619, issue #28152",
    ],
    scope: .lacking(.restartServiceUnlessStopped),
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
      .triggers(
        .command, "docker run --restart=1️⃣unless-stopped docker.io/library/nginx\n",
        fixed: "docker run --restart=always docker.io/library/nginx\n", target: .resolute, podman: PodmanVersion(5, 8)),
      .passes(
        .command, "docker run --restart=unless-stopped docker.io/library/nginx\n", target: .resolute,
        podman: PodmanVersion(5, 8, 1)),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    // From 5.8.1 podman-restart.service brings `unless-stopped` containers back as Docker does.
    guard !context.options.target.supports(.restartServiceUnlessStopped) else { return }
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

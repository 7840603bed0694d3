/// MG505: reports restart policies and healthchecks of rootless containers, which stop at logout without
/// lingering.
struct RootlessLinger: Rule {
  static let meta = RuleMeta(
    id: "MG505", name: "rootless-linger", severity: .warning, fixAvailability: .none,
    summary: "Rootless long-running container needs lingering for the user",
    why: """
      Rootless containers live in the user's systemd instance, which stops at logout and does not start at \
      boot unless lingering is enabled (`loginctl enable-linger USER`, as root; `migrate prereqs --mode \
      rootless` emits it). Without it detached containers, their restart policy, healthcheck timers and \
      `podman.socket` die with the last session. Manage the services from a real login session \
      (`machinectl shell USER@`): `sudo -u USER podman` lacks `XDG_RUNTIME_DIR` and D-Bus.
      """,
    fixSafety: "No fix: lingering is host setup, not file content.",
    references: ["research F5", "loginctl(1) enable-linger"],
    scope: .mode(.rootless),
    examples: [
      .triggers(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    restart: 1️⃣always\n", mode: .rootless),
      .triggers(
        .command, "podman run -d --restart=1️⃣on-failure:3 docker.io/library/nginx\n", mode: .rootless),
      .passes(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    restart: \"no\"\n", mode: .rootless),
      .passes(.compose, "services:\n  web:\n    image: docker.io/library/nginx\n    restart: always\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.mode == .rootless else { return }
    guard let restart = container.restart, !["no", "\"no\"", "'no'", ""].contains(restart.text) else { return }
    context.report(
      Self.meta,
      "\(container.displayName.capitalizedFirst) restarts `\(restart.text)`, but rootless containers stop at logout and stay down after a reboot unless the user lingers (`loginctl enable-linger USER`)",
      at: restart.valueRange ?? restart.range)
  }
}

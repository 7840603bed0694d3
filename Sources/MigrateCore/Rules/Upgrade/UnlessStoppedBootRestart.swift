/// MG605: reports `unless-stopped` containers that podman 5.8 starts at boot, where the old host did not.
struct UnlessStoppedBootRestart: Rule {
  static let meta = RuleMeta(
    id: "MG605", name: "unless-stopped-boot-restart", severity: .info, fixAvailability: .none,
    summary: "`unless-stopped` container that now comes back after a reboot",
    why: """
      Before podman 5.8 `podman-restart.service` started only `--restart=always` containers at boot, so \
      `unless-stopped` ones stayed down after a reboot. From 5.8 it starts them too, as docker does: a \
      container that was left down on purpose by a reboot now comes back.
      """,
    fixSafety: "No fix: the policy now does what it says.",
    references: ["RuntimeChange.unlessStoppedAtBoot", "contrib/systemd @v5.8.0"],
    examples: [
      .triggers(
        .command, "podman run --restart=1️⃣unless-stopped docker.io/library/nginx\n", target: .resolute,
        podman: PodmanVersion(5, 8, 1), from: .jammy),
      .passes(
        .command, "podman run --restart=unless-stopped docker.io/library/nginx\n", target: .resolute, from: .jammy),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.upgradeCrosses(.unlessStoppedAtBoot) else { return }
    for restart in container.restartValues where restart.text == "unless-stopped" {
      context.report(
        Self.meta,
        "`unless-stopped` containers were not started at boot on \(context.upgradeLabel), whose `podman-restart.service` starts them: this container now comes back after a reboot",
        at: restart.valueRange ?? restart.range)
    }
  }
}

/// MG606: reports a plain unit running `podman run` (or `podman generate systemd`) on a target with Quadlet.
struct PodmanRunUnit: Rule {
  static let meta = RuleMeta(
    id: "MG606", name: "podman-run-unit", severity: .warning, fixAvailability: .none,
    summary: "Plain systemd unit running `podman run` on a host with Quadlet",
    why: """
      Podman 4.4 added Quadlet, and 4.7 deprecated `podman generate systemd`. A `.container` file states the \
      container and lets podman's generator write the unit (cidfile, notify, stop and removal plumbing), so the \
      unit follows podman upgrades. `migrate units --from-target OLD --target NEW UNIT` writes the \
      `.container` with this unit's dependencies, restart policy, timeouts and environment.
      """,
    fixSafety: "No fix in place: `migrate units` writes the `.container`; the old unit is disabled by hand.",
    references: ["RuntimeChange.generateSystemdDeprecated", "podman-systemd.unit(5)"],
    examples: [
      .triggers(
        .systemd,
        "[Service]\nExecStart=1️⃣/usr/bin/podman run --cidfile=%t/%n.ctr-id -d --replace --name web docker.io/library/nginx\nType=notify\n",
        target: .noble, from: .jammy),
      .triggers(.command, "1️⃣podman generate systemd --new --name web\n", target: .noble, from: .jammy),
      .passes(
        .systemd,
        "[Service]\nExecStart=/usr/bin/podman run --cidfile=%t/%n.ctr-id -d --replace --name web docker.io/library/nginx\n",
        target: .noble, from: .noble),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    guard context.upgradeCrosses(.generateSystemdDeprecated), let unit = PodmanSystemdUnit.read(script),
      unit.run != nil
    else { return }
    let place = context.options.mode == .rootless ? "~/.config/containers/systemd/" : "/etc/containers/systemd/"
    context.report(
      Self.meta,
      "This unit runs `podman run` itself; \(context.upgradeLabel) has Quadlet: `migrate units \(context.upgradeFlags) \(script.source.path)` writes the `.container` (copy it to \(place), run `systemctl\(context.options.mode == .rootless ? " --user" : "") daemon-reload`, then disable this unit)",
      at: unit.execStart.valueRange)
  }

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    guard context.upgradeCrosses(.generateSystemdDeprecated), command.invocation.tool == .podman,
      command.invocation.subcommand.first == "generate",
      context.source.text(command.invocation.range).split(separator: " ").contains("systemd")
    else { return }
    context.report(
      Self.meta,
      "`podman generate systemd` is deprecated from podman 4.7 and \(context.upgradeLabel) has Quadlet: write a `.container` file instead (`migrate units` writes one from a `podman run` line)",
      at: command.invocation.range)
  }
}

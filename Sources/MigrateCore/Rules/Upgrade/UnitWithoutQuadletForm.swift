/// MG607: reports entries of a podman unit that a Quadlet `.container` cannot express.
struct UnitWithoutQuadletForm: Rule {
  static let meta = RuleMeta(
    id: "MG607", name: "unit-without-quadlet-form", severity: .warning, fixAvailability: .none,
    summary: "Entry of a podman unit that a Quadlet `.container` cannot carry",
    why: """
      Quadlet writes `ExecStart=`, `ExecStop=`, `ExecStopPost=` and `Type=notify` itself from the \
      `[Container]` section, and creates its container with `podman run`. A unit that starts a container \
      made elsewhere (`podman start`), joins a pod, runs several commands or stops the container its own way \
      has no `.container` equivalent; `migrate units` refuses it rather than drop the difference.
      """,
    fixSafety: "No fix: a person decides how the unit should look.",
    review: "Rewrite the unit by hand, or change it so that it runs one `podman run` line.",
    references: ["podman-systemd.unit(5)"],
    examples: [
      .triggers(
        .systemd, "[Service]\nExecStart=1️⃣/usr/bin/podman start web\nType=forking\n", target: .noble, from: .jammy),
      .triggers(
        .systemd,
        "[Service]\nExecStart=/usr/bin/podman run --name web docker.io/library/nginx\n1️⃣ExecStop=/usr/local/bin/drain web\n",
        target: .noble, from: .jammy),
      .passes(
        .systemd,
        "[Service]\nExecStartPre=/bin/rm -f %t/%n.ctr-id\nExecStart=/usr/bin/podman run --cidfile=%t/%n.ctr-id --name web docker.io/library/nginx\nExecStop=/usr/bin/podman stop --ignore --cidfile=%t/%n.ctr-id\nType=notify\n",
        target: .noble, from: .jammy),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    guard context.upgradeCrosses(.generateSystemdDeprecated), let unit = PodmanSystemdUnit.read(script) else { return }
    for refusal in unit.refusals {
      let at = refusal.entry.key == "ExecStart" ? refusal.entry.valueRange : refusal.entry.keyRange
      context.report(
        Self.meta, "No Quadlet form for `\(refusal.entry.key)=`: \(refusal.reason)", at: at, review: Self.meta.review)
    }
  }
}

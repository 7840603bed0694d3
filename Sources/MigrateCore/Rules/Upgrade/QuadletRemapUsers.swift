/// MG609: reports Quadlet 4.4's `RemapUsers=` keys, which `UserNS=` replaced in podman 4.5.
struct QuadletRemapUsers: Rule {
  static let meta = RuleMeta(
    id: "MG609", name: "quadlet-remap-users", severity: .warning, fixAvailability: .sometimes,
    summary: "Quadlet `RemapUsers=` key of podman 4.4",
    why: """
      Podman 4.4's Quadlet mapped user namespaces with `RemapUsers=` (`auto`, `keep-id`, `manual`) and \
      `RemapUid=`/`RemapGid=`/`RemapUidSize=`. Podman 4.5 added `UserNS=`, with podman's own `--userns` \
      values, and deprecated the `Remap*` keys; Quadlet refuses `Remap*` keys beside explicit mapping keys.
      """,
    fixSafety: "Safe: `UserNS=auto[:size=N]` and `UserNS=keep-id` are what Quadlet made of the `Remap*` keys.",
    references: ["podman-systemd.unit.5.md @v4.4.0/@v4.5.0 (PodmanFeature.quadletUserNS)"],
    scope: RuleScope(
      targets: TargetProfile.Name.allCases.filter { TargetProfile.named($0).supports(.quadletUserNS) },
      reason: "podman 4.5+"),
    examples: [
      .triggers(
        .systemd, "[Container]\nImage=docker.io/library/nginx\n1️⃣RemapUsers=auto\nRemapUidSize=65536\n",
        fixed: "[Container]\nImage=docker.io/library/nginx\nUserNS=auto:size=65536\n", target: .resolute,
        from: .bookworm),
      .triggers(
        .systemd, "[Container]\nImage=docker.io/library/nginx\n1️⃣RemapUsers=keep-id\n",
        fixed: "[Container]\nImage=docker.io/library/nginx\nUserNS=keep-id\n", target: .noble, from: .bookworm),
      .passes(
        .systemd, "[Container]\nImage=docker.io/library/nginx\nUserNS=auto\n", target: .resolute, from: .bookworm),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    guard context.options.from != nil, context.options.target.supports(.quadletUserNS) else { return }
    let file = SystemdUnitFile(script.source)
    guard file.isQuadlet, let remap = file.entries("Container", "RemapUsers").last else { return }
    let others = ["RemapUid", "RemapGid", "RemapUidSize"].flatMap { file.entries("Container", $0) }
    var userns: String?
    switch remap.value {
    case "auto":
      let sizes = file.entries("Container", "RemapUidSize")
      if others.count == sizes.count { userns = sizes.last.map { "auto:size=\($0.value)" } ?? "auto" }
    case "keep-id":
      if others.isEmpty { userns = "keep-id" }
    default: break
    }
    var fix: Fix?
    if let userns {
      let removals = others.map { TextEdit(replacing: $0.lineRange, with: "") }
      let edits = ([TextEdit(replacing: remap.lineRange, with: "UserNS=\(userns)\n")] + removals).sorted {
        $0.range.lower < $1.range.lower
      }
      fix = Fix("Write `UserNS=\(userns)`", .safe, edits)
    }
    let advice =
      userns.map { "write `UserNS=\($0)`" }
      ?? "write the mapping as `UserNS=` (or `UIDMap=`/`GIDMap=` on podman 4.8+) by hand"
    context.report(
      Self.meta,
      "`RemapUsers=\(remap.value)` is Quadlet 4.4's user namespace key, deprecated on \(context.upgradeLabel): \(advice)",
      at: remap.keyRange, fix: fix)
  }
}

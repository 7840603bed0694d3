/// MG608: reports `--runtime runc` on RHEL 10, which has no runc.
struct RuncRuntime: Rule {
  static let meta = RuleMeta(
    id: "MG608", name: "runc-runtime", severity: .error, fixAvailability: .always,
    summary: "Container run with runc on RHEL 10, which removed runc",
    why: """
      RHEL 10 removed the runc package; crun is the only OCI runtime. A container asking for runc does not \
      start, and containers created with runc before the upgrade are moved with `podman system migrate \
      --new-runtime=crun` ("Considerations in adopting RHEL 10", chapter Containers).
      """,
    fixSafety: "Unsafe: crun and runc accept most of the same options, but not all.",
    references: ["RuntimeChange.runcRemoved", "docs/verified-facts.md 15"],
    scope: RuleScope(targets: [.rhel10], reason: "RHEL 10"),
    examples: [
      .triggers(
        .command, "podman run --runtime 1️⃣runc docker.io/library/nginx\n",
        fixed: "podman run --runtime crun docker.io/library/nginx\n", target: .rhel10, unsafeFixes: true, from: .rhel9
      ),
      .passes(.command, "podman run --runtime runc docker.io/library/nginx\n", target: .rhel9, from: .jammy),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.upgradeCrosses(.runcRemoved) else { return }
    for runtime in container.values(of: "runtime") where runtime.text == "runc" || runtime.text.hasSuffix("/runc") {
      context.report(
        Self.meta,
        "RHEL 10 has no runc (\(context.upgradeLabel)); run with crun, and move containers created with runc with `podman system migrate --new-runtime=crun`",
        at: runtime.valueRange ?? runtime.range,
        fix: runtime.edit(replacingWith: "crun").map { Fix.unsafe("Use the crun runtime", $0) })
    }
  }
}

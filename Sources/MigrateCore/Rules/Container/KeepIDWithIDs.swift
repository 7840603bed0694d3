/// MG131: reports `keep-id:uid=…,gid=…` on podman before 4.3, which knows only plain `keep-id`.
struct KeepIDWithIDs: Rule {
  static let meta = RuleMeta(
    id: "MG131", name: "keep-id-with-ids", severity: .error, fixAvailability: .none,
    summary: "`keep-id:uid=,gid=` on podman before 4.3",
    why: """
      Mapping the user to a chosen ID inside the container (`--userns=keep-id:uid=N,gid=M`) exists from \
      podman 4.3; jammy's 3.4.4 and focal's 3.4.2 reject the options. Plain `keep-id` maps the user to its \
      own UID; a fixed in-container ID needs `--uidmap`/`--gidmap` there.
      """,
    fixSafety: "No fix: the replacement mapping depends on the host user's IDs.",
    references: ["research A6, section 1", "podman release notes 4.3.0"],
    scope: .lacking(.keepIDWithIDs),
    examples: [
      .triggers(
        .command, "podman run --userns=1️⃣keep-id:uid=1000,gid=1000 docker.io/library/alpine\n", mode: .rootless),
      .passes(
        .command, "podman run --userns=keep-id:uid=1000,gid=1000 docker.io/library/alpine\n", mode: .rootless,
        target: .bookworm),
      .passes(.command, "podman run --userns=keep-id docker.io/library/alpine\n", mode: .rootless),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard let userns = container.userns, userns.text.hasPrefix("keep-id:") else { return }
    let target = context.options.target
    guard !target.supports(.keepIDWithIDs) else { return }
    // Root podman before 4.5 does not take `keep-id` at all: MG130 reports that.
    if context.options.mode == .usernsAuto && !target.supports(.keepIDForRoot) { return }
    let options = userns.text.dropFirst("keep-id:".count).split(separator: ",")
    guard options.contains(where: { $0.hasPrefix("uid=") || $0.hasPrefix("gid=") }) else { return }
    context.report(
      Self.meta, "Podman \(target.podman) does not know `keep-id` options (4.3+); use `--uidmap`/`--gidmap`",
      at: userns.valueRange ?? userns.range)
  }
}

/// MG130: reports `--userns=keep-id` for root podman before 4.5, which ignores it (before 4.2) or refuses it.
struct KeepIDAsRoot: Rule {
  static let meta = RuleMeta(
    id: "MG130", name: "keep-id-as-root", severity: .error, fixAvailability: .sometimes,
    summary: "`keep-id` user namespace under root podman before 4.5",
    why: """
      `keep-id` maps the calling user to itself, which only means something for rootless podman. Root \
      podman before 4.2 silently ignores it, so the container runs with no user namespace at all: its root \
      is host root (jammy 3.4.4, focal 3.4.2). Podman 4.2–4.4 refuses it ("keep-id is only supported in \
      rootless mode"); only 4.5 and later emulate it for root. Root containers get their own slice of IDs \
      with `auto` instead.
      """,
    fixSafety: """
      Safe: `auto` gives the container the user namespace `keep-id` was meant to give it; without it the \
      container runs as host root (before 4.2) or does not start (4.2–4.4).
      """,
    references: ["research A6, section 1", "pkg/specgen/generate/namespaces.go @v3.4.4, @v4.3.1"],
    scope: .lacking(.keepIDForRoot, modes: [.usernsAuto]),
    examples: [
      .triggers(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: 1️⃣keep-id\n",
        fixed: "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n"),
      .triggers(
        .command, "podman run --userns=1️⃣keep-id:uid=1000,gid=1000 docker.io/library/alpine\n",
        fixed: "podman run --userns=auto docker.io/library/alpine\n", target: .bookworm),
      .passes(.command, "podman run --userns=keep-id docker.io/library/alpine\n", target: .noble),
      .passes(.command, "podman run --userns=keep-id docker.io/library/alpine\n", mode: .rootless),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.mode == .usernsAuto, let userns = container.userns,
      userns.text == "keep-id" || userns.text.hasPrefix("keep-id:")
    else { return }
    let target = context.options.target
    guard !target.supports(.keepIDForRoot) else { return }
    let message =
      target.podman < PodmanVersion(4, 2)
      ? "Root podman \(target.podman) ignores `\(userns.text)`: the container runs in the host user namespace, as host root"
      : "Root podman \(target.podman) refuses `\(userns.text)` (keep-id is rootless-only before 4.5)"
    let fix = userns.edit(replacingWith: "auto").map { Fix.safe("Give the container its own user namespace", $0) }
    context.report(Self.meta, message, at: userns.valueRange ?? userns.range, fix: fix)
  }
}

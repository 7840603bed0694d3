/// MG503: reports `--userns=auto` in rootless mode, where it maps from the user's own small range.
struct RootlessUsernsAuto: Rule {
  static let meta = RuleMeta(
    id: "MG503", name: "rootless-userns-auto", severity: .info, fixAvailability: .none,
    summary: "`--userns=auto` under rootless podman uses the user's own subordinate range",
    why: """
      Rootless podman takes `--userns=auto` ranges from the invoking user's own `/etc/subuid` and \
      `/etc/subgid` lines (65536 IDs by default with `useradd`: room for one full-size container), and the \
      user's own UID is not mapped into the container: it reaches the user's files only through \"other\" \
      permissions or `:U`, which chowns them away from the user. For rootless item-directory jobs \
      `--userns=keep-id` keeps written files owned by the user; give the user a larger range \
      (`usermod --add-subuids`) if several `auto` containers must run at once.
      """,
    fixSafety: "No fix: keep-id changes the user the container runs as; choose per workload.",
    references: ["research A5, A6, N4", "podman-run(1) --userns"],
    scope: .mode(.rootless),
    examples: [
      .triggers(
        .compose,
        "services:\n  job:\n    image: docker.io/library/alpine\n    userns_mode: 1️⃣auto\n", mode: .rootless),
      .triggers(.command, "podman run --userns=1️⃣auto:size=4096 docker.io/library/alpine\n", mode: .rootless),
      .passes(.compose, "services:\n  job:\n    image: docker.io/library/alpine\n    userns_mode: auto\n"),
      .passes(
        .compose, "services:\n  job:\n    image: docker.io/library/alpine\n    userns_mode: keep-id\n",
        mode: .rootless),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.mode == .rootless, let userns = container.userns,
      userns.text == "auto" || userns.text.hasPrefix("auto:")
    else { return }
    context.report(
      Self.meta,
      "Rootless `--userns=auto` maps \(container.displayName) from your own subordinate range (65536 IDs by default) and does not map your UID; files it writes are not yours (`keep-id` keeps them yours)",
      at: userns.valueRange ?? userns.range)
  }
}

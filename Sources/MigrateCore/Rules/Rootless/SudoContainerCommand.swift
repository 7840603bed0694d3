/// MG502: reports `sudo docker …` when the target is rootless podman.
struct SudoContainerCommand: Rule {
  static let meta = RuleMeta(
    id: "MG502", name: "sudo-container-command", severity: .warning, fixAvailability: .always,
    summary: "Container command run with sudo in rootless mode",
    why: """
      In rootless mode containers belong to the ordinary user who runs podman; `sudo podman` would use root's \
      podman, another image store and no user namespace of the user. In userns-auto mode root podman is \
      intended and `sudo` stays.
      """,
    fixSafety: "Safe in rootless mode: the command runs as the invoking user.",
    references: ["research A5, F5"],
    scope: .mode(.rootless),
    examples: [
      .triggers(
        .command, "1️⃣sudo docker run -d docker.io/library/redis\n", fixed: "docker run -d docker.io/library/redis\n",
        mode: .rootless),
      .passes(.command, "sudo docker run -d docker.io/library/redis\n"),
      .passes(.command, "sudo -u deploy docker run -d docker.io/library/redis\n", mode: .rootless),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    // `sudo -u deploy podman …` already runs as the service user (it lacks XDG_RUNTIME_DIR, but that is a
    // host matter); only sudo to root is dropped.
    guard context.options.mode == .rootless, let sudo = command.sudo, command.sudoUser == nil else { return }
    context.report(
      Self.meta, "`sudo` would run root podman; in rootless mode run the command as the service user",
      at: sudo, fix: .safe("Drop sudo", TextEdit.delete(sudo)))
  }
}

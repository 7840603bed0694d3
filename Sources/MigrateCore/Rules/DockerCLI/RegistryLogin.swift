/// MG113: reports `docker login`: podman keeps the credentials elsewhere, and needs the registry named.
struct RegistryLogin: Rule {
  static let meta = RuleMeta(
    id: "MG113", name: "registry-login", severity: .warning, fixAvailability: .sometimes,
    summary: "Registry login whose credentials podman keeps elsewhere",
    why: """
      `podman login` writes `${XDG_RUNTIME_DIR}/containers/auth.json` (root without `XDG_RUNTIME_DIR`: \
      `/run/containers/0/auth.json`), a tmpfs that is emptied at reboot, so services pulling private images \
      after a reboot fail; it reads `~/.docker/config.json` only as a fallback and uses no docker credential \
      helper (`credsStore`). For services log in with `--authfile /etc/containers/auth.json` (or set \
      `REGISTRY_AUTH_FILE`) and pass the same file to their pulls. Without a registry argument podman logs \
      in to the first unqualified-search registry; Ubuntu configures none, so the command fails: Docker \
      meant `docker.io`.
      """,
    fixSafety: "Safe: names `docker.io`, the registry `docker login` used when none was given.",
    references: ["research C4, L5", "podman-login(1)"],
    examples: [
      .triggers(
        .command, "echo \"$TOKEN\" | docker 1️⃣login -u ci --password-stdin\n",
        fixed: "echo \"$TOKEN\" | docker login -u ci --password-stdin docker.io\n"),
      .triggers(.command, "docker 1️⃣login -u ci -p \"$PW\" registry.example.com\n"),
      .passes(.gitlabCI, "push:\n  script:\n    - docker login -u ci -p \"$PW\" registry.example.com\n"),
      .passes(.command, "podman login --authfile /etc/containers/auth.json -u ci registry.example.com\n"),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    let invocation = command.invocation
    guard invocation.subcommand == ["login"] || invocation.subcommand == ["logout"],
      let word = invocation.subcommandWords.last
    else { return }
    let isLogin = invocation.subcommand == ["login"]
    if invocation.positionals.isEmpty && invocation.splittableWords.isEmpty {
      context.report(
        Self.meta,
        "`\(invocation.subcommand[0])` without a registry fails on Ubuntu's podman (no search registry): name `docker.io`"
          + (isLogin ? "; the login lasts only until reboot unless `--authfile` names a persistent file" : ""),
        at: word.range, fix: .safe("Name the registry `docker.io`", .insert(" docker.io", at: invocation.range.upper)))
      return
    }
    // Logins that already choose where the credentials go are fine; a CI job's login lasts only for the job.
    let inCI = context.script.map { [.githubActions, .gitlabCI, .travisCI].contains($0.kind) } ?? false
    guard isLogin, !inCI, invocation.flags(named: "authfile").isEmpty else { return }
    context.report(
      Self.meta,
      "podman keeps this login in `${XDG_RUNTIME_DIR}/containers/auth.json`, which is gone after a reboot; use `--authfile` with a persistent file for services",
      at: word.range)
  }
}

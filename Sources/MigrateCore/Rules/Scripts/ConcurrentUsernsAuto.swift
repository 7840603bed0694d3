/// MG309: reports `--userns=auto` containers a script starts in parallel on podman before 4.4, which can
/// deadlock.
struct ConcurrentUsernsAuto: Rule {
  static let meta = RuleMeta(
    id: "MG309", name: "concurrent-userns-auto", severity: .warning, fixAvailability: .none,
    summary: "`--userns=auto` containers started in parallel on podman before 4.4",
    why: """
      Creating two `--userns=auto` containers at the same moment can deadlock podman before 4.4: both \
      processes hang, and so does every later podman command until one is killed (podman#16062, a lock-order \
      bug in containers/storage fixed by containers/storage#1387). The end-to-end suite of `migrate` hits it \
      about once in eight parallel starts on podman 4.3.1 (bookworm). Deriver scripts that start jobs with \
      `&`, `xargs -P` or GNU `parallel` must serialize the creation: `flock /run/lock/podman-create.lock \
      podman create …` and then `podman start --attach NAME`, so that the jobs still run side by side.
      """,
    fixSafety: "No fix: wrapping a foreground `run` in `flock` would serialize the jobs themselves.",
    references: ["containers/podman#16062", "containers/storage#1387", "research A1, A4"],
    scope: .lacking(.concurrentUsernsAuto),
    examples: [
      .triggers(
        .command,
        "for item in /srv/items/*; do\n  1️⃣docker run --rm -v \"$item:/item\" docker.io/archive/deriver &\ndone\nwait\n",
        target: .bookworm),
      .triggers(
        .command, "ls /srv/items | 1️⃣xargs -P 4 -I{} docker run --rm --userns=auto docker.io/archive/deriver {}\n"),
      .triggers(.command, "1️⃣parallel docker run --rm docker.io/archive/deriver ::: a b c\n", target: .focal),
      .passes(
        .command,
        "for item in /srv/items/*; do\n  docker run --rm -v \"$item:/item\" docker.io/archive/deriver\ndone\n",
        target: .bookworm),
      .passes(.command, "docker run --rm docker.io/archive/deriver &\n", target: .noble),
      .passes(.command, "docker run --rm --network host docker.io/archive/deriver &\n", target: .bookworm),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    guard !context.options.target.supports(.concurrentUsernsAuto),
      ["run", "create"].contains(command.invocation.subcommand.last ?? ""),
      let container = command.container
    else { return }
    switch container.userNamespacePlan(context.options.mode) {
    case .add: break
    case .existing:
      guard let userns = container.userns?.text, userns == "auto" || userns.hasPrefix("auto:") else { return }
    case .none: return
    }
    let how: String
    if command.command.backgrounded {
      how = "started in the background (`&`)"
    } else if let launcher = command.command.parallelLauncher {
      how = "started in parallel by `\(launcher)`"
    } else {
      return
    }
    context.report(
      Self.meta,
      "\(container.displayName.capitalizedFirst) is \(how): podman \(context.options.target.podman) can deadlock when `--userns=auto` containers are created at once (podman#16062, fixed in 4.4); serialize creation with `flock`",
      at: command.command.range)
  }
}

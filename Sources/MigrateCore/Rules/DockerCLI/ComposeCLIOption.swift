/// MG127: reports options of `docker compose` (and `docker network`/`volume create`) that the podman-compose
/// (or podman) the target gets does not have.
struct ComposeCLIOption: Rule {
  static let meta = RuleMeta(
    id: "MG127", name: "compose-cli-option", severity: .error, fixAvailability: .sometimes,
    summary: "Compose or network option the target's podman-compose or podman does not have",
    why: """
      podman-compose reads its own, smaller set of options and stops on any other ("unrecognized \
      arguments"), so a `docker compose up --wait` line that became `podman-compose up --wait` fails. The \
      version that counts is the one the target gets: `migrate prereqs` installs 1.3.0 by pip on jammy and \
      bookworm (their packages are older than 1.0.6), 1.2.0 on focal (Python 3.8), and keeps noble's 1.0.6 \
      package. `up --wait`/`--wait-timeout` (1.6.0 only) wait for healthy services: without them the command \
      returns once the containers are started. `--pull always` is podman-compose's `--pull-always` (its \
      `--pull` takes no value). Output-only options (`--quiet-pull`, `--ansi`, `--progress`) are dropped. \
      `docker network create --attachable`/`--scope` exist for swarm overlay networks; podman has neither.
      """,
    fixSafety: """
      Safe: dropped options change no container (only how long the command waits or what it prints; the \
      finding says which); `--pull always` keeps its meaning. Options with no equivalent (`config --images`, \
      `--project-directory`, `network create --config-from`) are reported without a fix.
      """,
    references: ["podman_compose.py argparse of 1.0.6, 1.2.0, 1.3.0 (docs/verified-facts.md)"],
    examples: [
      .triggers(
        .command, "podman-compose up -d 1️⃣--wait 1️⃣--wait-timeout 60\n",
        fixed: "podman-compose up -d\n"),
      .triggers(
        .command, "podman-compose up 1️⃣--pull always -d\n",
        fixed: "podman-compose up --pull-always -d\n"),
      .triggers(.command, "podman-compose config 1️⃣--images\n"),
      .triggers(.command, "podman-compose 1️⃣--profile debug up -d\n", target: .noble),
      .triggers(
        .command, "podman network create 1️⃣--attachable backend\n",
        fixed: "podman network create backend\n"),
      .triggers(
        .command, "docker network create 1️⃣--scope local backend\n", fixed: "docker network create backend\n"),
      .triggers(.command, "docker network create 1️⃣--scope swarm backend\n"),
      .passes(.command, "podman-compose --profile debug up -d --remove-orphans\n"),
      .passes(.command, "podman-compose config --services\n"),
    ])

  /// The long options (`--` and the name) of each podman-compose subcommand, with the first release that has
  /// each, read from `podman_compose.py` of 1.0.6, 1.2.0, 1.3.0 and 1.5.0 (Ubuntu 26.04's package);
  /// `(global)` holds those before the subcommand. An option not listed is missing from all four.
  static let podmanCompose: [String: [String: PodmanVersion]] = {
    let v106 = PodmanVersion(1, 0, 6)
    let v120 = PodmanVersion(1, 2, 0)
    let v150 = PodmanVersion(1, 5, 0)
    func options(_ old: [String], since120: [String] = [], since150: [String] = []) -> [String: PodmanVersion] {
      Dictionary(
        uniqueKeysWithValues: old.map { ($0, v106) } + since120.map { ($0, v120) } + since150.map { ($0, v150) })
    }
    return [
      "(global)": options(
        [
          "dry-run", "env-file", "file", "in-pod", "no-ansi", "no-cleanup", "pod-args", "podman-args",
          "podman-path", "project-name", "version",
        ], since120: ["parallel", "profile", "verbose"]),
      "build": options(["build-arg", "no-cache", "pull", "pull-always"]),
      "config": options(["services"], since120: ["no-normalize"], since150: ["quiet"]),
      "down": options(["remove-orphans", "timeout", "volumes"], since150: ["rmi"]),
      "exec": options(["detach", "env", "index", "privileged", "user", "workdir", "T"]),
      "images": options([], since120: ["quiet"]),
      "kill": options(["all", "signal"]),
      "logs": options(["follow", "latest", "names", "since", "tail", "timestamps", "until"]),
      "pause": [:], "unpause": [:], "start": [:],
      "port": options(["index", "protocol"]),
      "ps": options(["quiet"], since120: ["format"]),
      "pull": options(["force-local"]),
      "push": options(["ignore-push-failures"]),
      "restart": options(["timeout"]),
      "stop": options(["timeout"]),
      "run": options(
        [
          "detach", "entrypoint", "env", "label", "name", "no-deps", "publish", "rm", "service-ports", "user",
          "volume", "workdir", "T",
        ], since120: ["build"]),
      "stats": options([], since120: ["format", "interval", "no-reset", "no-stream"]),
      "up": options(
        [
          "abort-on-container-exit", "always-recreate-deps", "build", "build-arg", "detach", "exit-code-from",
          "force-recreate", "no-build", "no-cache", "no-color", "no-deps", "no-recreate", "no-start", "pull",
          "pull-always", "quiet-pull", "remove-orphans", "renew-anon-volumes", "scale", "timeout",
        ], since150: ["abort-on-container-failure"]),
    ]
  }()

  /// Options that only change what the command prints or how long it waits: dropped, with why.
  static let droppable: [String: String] = [
    "quiet-pull": "it only hides pull progress",
    "ansi": "it only sets coloured output",
    "progress": "it only sets the progress display",
    "no-color": "it only turns off colours",
    "no-log-prefix": "it only hides the service name before each log line",
    "yes": "podman-compose asks no questions",
    "compatibility": "podman-compose reads `deploy` keys itself",
    "wait": "the command returns once the containers are started, not when they are healthy",
    "wait-timeout": "it only bounds `--wait`",
  ]

  /// `docker network create` / `volume create` options podman lacks: nil advice means dropped (and
  /// `network create --scope local`, a single host's only scope).
  static let podmanLacks: [[String]: [String: String?]] = [
    ["network", "create"]: [
      "attachable": nil, "scope": "swarm-scoped networks have no podman equivalent",
      "config-from": "swarm configuration networks have no podman equivalent",
      "config-only": "swarm configuration networks have no podman equivalent",
      "ingress": "the swarm routing mesh has no podman equivalent",
      "aux-address": "podman cannot reserve auxiliary addresses; leave them out of `--ip-range`",
    ],
    ["volume", "create"]: Dictionary(
      uniqueKeysWithValues: [
        "availability", "group", "limit-bytes", "required-bytes", "scope", "secret", "sharing",
        "topology-preferred", "topology-required", "type",
      ].map { ($0, "swarm cluster volumes have no podman equivalent") }),
  ]

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    let invocation = command.invocation
    if invocation.runsCompose {
      checkCompose(invocation, in: &context)
    } else if invocation.tool == .docker || invocation.tool == .podman,
      let lacking = Self.podmanLacks[invocation.subcommand]
    {
      for flag in invocation.flags {
        guard let entry = lacking[flag.name] else { continue }
        let path = invocation.subcommand.joined(separator: " ")
        let localScope =
          invocation.subcommand == ["network", "create"] && flag.name == "scope" && flag.value == "local"
        if let advice = entry, !localScope {
          context.report(
            Self.meta, "`\(path) \(flag.spelledAs)`: podman has no such option; \(advice)", at: flag.spelling.range)
        } else {
          let fix = flag.deletionRange(in: context.source).map {
            Fix.safe("Drop `\(flag.spelledAs)`", TextEdit(replacing: $0, with: ""))
          }
          context.report(
            Self.meta,
            "`\(path) \(flag.spelledAs)` is for swarm networks; podman has no such option; dropped (no effect on a single host)",
            at: flag.spelling.range, fix: fix)
        }
      }
    }
  }

  private func checkCompose(_ invocation: DockerCall, in context: inout RuleContext) {
    // `podman compose` runs podman-compose where docker-compose is not installed (the migrated host).
    let version = context.options.target.podmanCompose
    let subcommand = invocation.subcommand.dropFirst().first
    let subcommandStart = invocation.subcommandWords.last?.range.lower ?? Int.max
    for flag in invocation.flags where flag.known {
      let global = flag.spelling.range.lower < subcommandStart
      guard let table = Self.podmanCompose[global ? "(global)" : subcommand ?? ""] else { continue }
      let place = global ? "before the subcommand" : "for `\(subcommand ?? "")`"
      let lacks = "podman-compose \(version) has no `\(flag.spelledAs)` \(place)"
      // podman-compose's `--pull` takes no value: docker's `--pull always` would make `always` a service.
      if flag.name == "pull", let value = flag.value, !global {
        reportPull(flag, value: value, lacks: lacks, in: &context)
        continue
      }
      if let since = table[flag.name], since <= version { continue }
      if let why = Self.droppable[flag.name] {
        let fix = flag.deletionRange(in: context.source).map {
          Fix.safe("Drop `\(flag.spelledAs)`", TextEdit(replacing: $0, with: ""))
        }
        var message = "\(lacks); dropped: \(why)"
        if flag.name == "wait" {
          message +=
            context.options.target.podman >= PodmanVersion(4, 6)
            ? "; wait for each service with `podman wait --condition=healthy CONTAINER`"
            : "; poll `podman healthcheck run CONTAINER` to wait for health"
        }
        context.report(Self.meta, message, at: flag.spelling.range, fix: fix)
      } else {
        context.report(
          Self.meta, "\(lacks); podman-compose stops with \"unrecognized arguments\"", at: flag.spelling.range)
      }
    }
  }

  /// docker compose's `--pull POLICY` against podman-compose's valueless `--pull` / `--pull-always`.
  private func reportPull(_ flag: ParsedFlag, value: String, lacks: String, in context: inout RuleContext) {
    let range = flag.optionRange
    switch value {
    case "always":
      context.report(
        Self.meta, "\(lacks) taking a policy; `--pull always` is `--pull-always`", at: flag.spelling.range,
        fix: Fix.safe("Write `--pull-always`", TextEdit(replacing: range, with: "--pull-always")))
    case "missing", "policy":
      let fix = flag.deletionRange(in: context.source).map {
        Fix.safe("Drop `--pull \(value)`", TextEdit(replacing: $0, with: ""))
      }
      context.report(
        Self.meta, "\(lacks) taking a policy; dropped: pulling missing images is what podman does anyway",
        at: flag.spelling.range, fix: fix)
    default:
      context.report(
        Self.meta, "\(lacks) taking a policy; podman-compose has no `--pull \(value)`", at: flag.spelling.range)
    }
  }
}

/// MG307: reports scripts that write the Docker daemon's configuration.
struct DockerDaemonConfig: Rule {
  static let meta = RuleMeta(
    id: "MG307", name: "docker-daemon-config", severity: .info, fixAvailability: .none,
    summary: "Script writes `/etc/docker/daemon.json`",
    why: """
      Podman has no daemon and never reads `daemon.json`. Its settings live elsewhere: `log-driver`, \
      `log-opts`, `dns`, `default-ulimits`, `default-runtime` and the address pools in \
      `/etc/containers/containers.conf`; `registry-mirrors` and `insecure-registries` in \
      `/etc/containers/registries.conf`; `data-root` and `storage-driver` in \
      `/etc/containers/storage.conf`; `userns-remap` becomes `--userns=auto` per container. `live-restore`, \
      `iptables`, `icc` and `features.buildkit` have no equivalent or are not needed.
      """,
    fixSafety: "No fix: each setting moves to another file in another format (TOML).",
    references: ["research L8"],
    examples: [
      .triggers(.command, "echo '{\"log-driver\": \"local\"}' | sudo tee 1️⃣/etc/docker/daemon.json\n"),
      .triggers(
        .command, "cat > 1️⃣/etc/docker/daemon.json <<EOF\n{\"registry-mirrors\": [\"https://m.example\"]}\nEOF\n"),
      .triggers(.command, "install -m 644 daemon.json 1️⃣/etc/docker/daemon.json\n"),
      .passes(
        .command, "cat /etc/docker/daemon.json\nsudo tee /etc/containers/registries.conf.d/mirror.conf < mirror.conf\n"),
    ])

  static let path = "/etc/docker/daemon.json"
  static let writers: Set<String> = ["tee", "cp", "mv", "install", "ln", "rsync", "scp"]

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    let message =
      "podman never reads `daemon.json`: move its settings to containers.conf, registries.conf or storage.conf"
    for site in script.shellCommands {
      let command = site.command
      // `> /etc/docker/daemon.json`, `>> …`: the target is the redirection's last word.
      for redirection in command.redirections where site.region.isVerbatim {
        let text = context.source.text(redirection)
        guard text.hasPrefix(">") || text.hasPrefix("1>") || text.hasPrefix(">>"), text.hasSuffix(Self.path) else {
          continue
        }
        let upper = redirection.upper
        context.report(
          Self.meta, message, at: ByteRange(upper - Self.path.utf8.count, upper), in: site.region, fix: nil)
      }
      let words = command.wordsAfterSudo
      guard let program = words.first?.programName, Self.writers.contains(program)
      else { continue }
      let operands = words.dropFirst().filter { !($0.staticValue ?? "-").hasPrefix("-") }
      // tee writes every operand; the copy tools write their last one.
      let targets = program == "tee" ? Array(operands) : operands.last.map { [$0] } ?? []
      for word in targets where word.staticValue == Self.path || word.staticValue?.hasSuffix(":" + Self.path) == true {
        context.report(Self.meta, message, at: word.range, in: site.region, fix: nil)
      }
    }
  }
}

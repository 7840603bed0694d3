/// MG124: reports `--dns-option`, which podman before 4.3 spells `--dns-opt`.
struct DNSOptionSpelling: Rule {
  static let meta = RuleMeta(
    id: "MG124", name: "dns-option-spelling", severity: .error, fixAvailability: .always,
    summary: "`--dns-option` on podman before 4.3",
    why: "Podman accepts docker's `--dns-option` only from 4.3; jammy's 3.4.4 and focal's 3.4.2 know only `--dns-opt`.",
    fixSafety: "Safe: the same option under podman's older name.",
    references: ["research D9, section 1"],
    scope: .lacking(.dnsOptionSpelling),
    examples: [
      .triggers(
        .command, "docker run 1️⃣--dns-option ndots:2 docker.io/library/alpine\n",
        fixed: "docker run --dns-opt ndots:2 docker.io/library/alpine\n"),
      .passes(.command, "docker run --dns-option ndots:2 docker.io/library/alpine\n", target: .noble),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    guard !context.options.target.supports(.dnsOptionSpelling) else { return }
    // Only `run` and `create` lines describe a container.
    guard let container = command.container else { return }
    // `--dns-opt` is the same setting already in podman's spelling.
    for setting in container.locatedSettings(.dnsOption) where setting.spelled == "--dns-option" {
      let fix = container.optionSite?.rename(setting, to: .dnsOpt, in: context.source).map {
        Fix.safe("Write `--dns-opt`", $0)
      }
      context.report(
        Self.meta, "podman \(context.options.target.podman) does not know `--dns-option`; it spells it `--dns-opt`",
        at: setting.nameRange, fix: fix)
    }
  }
}

/// MG125: reports docker's `--security-opt` spellings that podman before 4.2 rejects.
struct SecurityOptSpelling: Rule {
  static let meta = RuleMeta(
    id: "MG125", name: "security-opt-spelling", severity: .error, fixAvailability: .sometimes,
    summary: "`security-opt` spelling podman before 4.2 rejects",
    why: """
      Podman before 4.2 accepts only bare `no-new-privileges` and `KEY=VALUE` for `apparmor`, `label`, \
      `seccomp`, `mask`, `unmask`, `proc-opts` and `systempaths`; docker's `KEY:VALUE` and \
      `no-new-privileges:true` fail with "invalid --security-opt" on jammy and focal.
      """,
    fixSafety: "Safe: the same option in podman 3.x's spelling.",
    references: ["research H2"],
    scope: .lacking(.securityOptColon),
    examples: [
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    security_opt:\n      - 1️⃣no-new-privileges:true\n      - 1️⃣seccomp:unconfined\n",
        fixed:
          "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    security_opt:\n      - no-new-privileges\n      - seccomp=unconfined\n"
      ),
      .passes(.command, "docker run --security-opt no-new-privileges:true docker.io/library/nginx\n", target: .noble),
    ])

  static let keys = ["apparmor", "label", "seccomp", "mask", "unmask", "proc-opts", "systempaths"]

  func check(_ container: Container, in context: inout RuleContext) {
    guard !context.options.target.supports(.securityOptColon) else { return }
    for option in container.securityOptions {
      let text = option.text
      var replacement: String?
      if ["no-new-privileges:true", "no-new-privileges=true"].contains(text) {
        replacement = "no-new-privileges"
      } else if let key = Self.keys.first(where: { text.hasPrefix($0 + ":") }) {
        replacement = key + "=" + text.dropFirst(key.count + 1)
      } else if ["no-new-privileges:false", "no-new-privileges=false"].contains(text) {
        context.report(
          Self.meta, "podman \(context.options.target.podman) rejects `\(text)`; drop it (it is the default)",
          at: option.valueRange ?? option.range)
        continue
      }
      guard let replacement else { continue }
      let fix =
        option.edit(replacingWith: replacement).map { Fix.safe("Write `\(replacement)`", $0) }
        ?? Fix("Write `\(replacement)`", .displayOnly, [])
      context.report(
        Self.meta, "podman \(context.options.target.podman) rejects `\(text)`; write `\(replacement)`",
        at: option.valueRange ?? option.range, fix: fix)
    }
  }
}

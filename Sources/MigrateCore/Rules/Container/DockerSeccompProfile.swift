/// MG138: reports a seccomp profile kept under Docker's configuration directory.
struct DockerSeccompProfile: Rule {
  static let meta = RuleMeta(
    id: "MG138", name: "docker-seccomp-profile", severity: .info, fixAvailability: .none,
    summary: "Seccomp profile under Docker's configuration directory",
    why: """
      Podman reads the same JSON seccomp format, and its default profile is \
      `/usr/share/containers/seccomp.json`. A profile kept under `/etc/docker/` (or another Docker \
      directory) goes away when Docker is removed: copy it elsewhere (for example `/etc/containers/`) and \
      point the option there.
      """,
    fixSafety: "No fix: the profile must be copied first.",
    references: ["research H7", "containers.conf seccomp_profile"],
    examples: [
      .triggers(
        .command,
        "docker run --security-opt seccomp=1️⃣/etc/docker/seccomp/strict.json docker.io/library/nginx\n"),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    security_opt:\n      - seccomp:1️⃣/etc/docker/seccomp.json\n"
      ),
      .passes(.command, "docker run --security-opt seccomp=/etc/containers/strict.json docker.io/library/nginx\n"),
      .passes(.command, "docker run --security-opt seccomp=unconfined docker.io/library/nginx\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    for option in container.securityOptions {
      let text = option.text
      guard let prefix = ["seccomp=", "seccomp:"].first(where: { text.hasPrefix($0) }) else { continue }
      let path = text.dropFirst(prefix.count)
      guard path.hasPrefix("/etc/docker/") || path.contains("/docker/") || path.hasPrefix("/var/lib/docker/")
      else { continue }
      let at = option.valueRange.map { ByteRange($0.lower + prefix.utf8.count, $0.upper) } ?? option.range
      context.report(
        Self.meta, "Seccomp profile `\(path)` lives in a Docker directory; copy it before Docker is removed", at: at)
    }
  }
}

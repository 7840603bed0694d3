/// MG308: reports commands that talk to the Docker API socket directly (`curl --unix-socket …`).
struct DockerSocketClient: Rule {
  static let meta = RuleMeta(
    id: "MG308", name: "docker-socket-client", severity: .warning, fixAvailability: .sometimes,
    summary: "Command uses the Docker API socket",
    why: """
      After the migration nothing listens on `/var/run/docker.sock`. Podman serves a Docker-compatible API \
      (plus its own `libpod` endpoints) on `/run/podman/podman.sock` for root and \
      `$XDG_RUNTIME_DIR/podman/podman.sock` rootless, once `podman.socket` is enabled (`systemctl [--user] \
      enable --now podman.socket`; not enabled by default, also on noble). Most endpoints answer as Docker's \
      do, but not all. The `podman-docker` package links `/run/docker.sock` to the root socket instead.
      """,
    fixSafety: "Unsafe: the podman socket must be enabled, and the client may call endpoints podman lacks.",
    references: ["research E1, E2", "podman-system-service(1)"],
    examples: [
      .triggers(
        .command, "curl -s --unix-socket 1️⃣/var/run/docker.sock http://localhost/containers/json\n"),
      .triggers(.command, "socat TCP-LISTEN:2375,fork UNIX-CONNECT:1️⃣/var/run/docker.sock\n"),
      .triggers(.command, "chmod 666 1️⃣/var/run/docker.sock\n"),
      .passes(.command, "curl -s --unix-socket /run/podman/podman.sock http://d/v4.0.0/libpod/info\n"),
      .passes(.command, "docker run -v /var/run/docker.sock:/var/run/docker.sock ci\n"),
    ])

  static let paths = ["/var/run/docker.sock", "/run/docker.sock"]
  static let programs: Set<String> = ["docker", "docker-compose", "podman", "podman-compose"]

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    let socket = context.options.podmanSocketPath
    for site in script.shellCommands {
      let words = site.command.words
      // Docker commands' own mounts of the socket are MG104's; `sudo docker …` too.
      if words.contains(where: { word in
        word.programName.map(Self.programs.contains) ?? false
      }) {
        continue
      }
      for word in words.dropFirst() {
        guard let text = word.staticValue else { continue }
        for path in Self.paths {
          // The path as a whole word, after `=` or `:`, or in a URL (`unix:///var/run/docker.sock`).
          guard text.hasSuffix(path) else { continue }
          let before = text.dropLast(path.count)
          guard before.isEmpty || before.hasSuffix("=") || before.hasSuffix(":") || before.hasSuffix("//") else {
            continue
          }
          let total = text.utf8.count
          let range = word.exactSourceRange(ofValueBytes: (total - path.utf8.count)..<total)
          var fix: Fix?
          // Opening the root podman socket to others (`chmod 666`) would hand out root: no fix there.
          let program = words.first { !["sudo", "doas"].contains($0.staticValue ?? "") }?.staticValue ?? ""
          let changesAccess = ["chmod", "chown", "chgrp", "setfacl"].contains(program)
          if let range, !changesAccess, !socket.contains("$") || word.parts.last?.quoting != .singleQuoted {
            fix = .unsafe("Use the podman socket", TextEdit(replacing: range, with: socket))
          }
          context.report(
            Self.meta,
            "Nothing serves `\(path)` without the Docker daemon; use the podman API socket `\(socket)` (enable `podman.socket`)",
            at: range ?? word.range, in: site.region, fix: fix)
          break
        }
      }
    }
  }
}

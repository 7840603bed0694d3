/// MG305: reports Docker client environment variables that podman ignores.
struct DockerEnvironmentVariable: Rule {
  static let meta = RuleMeta(
    id: "MG305", name: "docker-environment-variable", severity: .info, fixAvailability: .sometimes,
    summary: "Docker client environment variable podman ignores",
    why: """
      Podman reads none of the docker CLI's variables. `DOCKER_HOST` still matters to Docker API clients \
      (docker-compose, SDKs) pointed at the podman socket, while podman's own remote client uses \
      `CONTAINER_HOST`; `DOCKER_CONFIG` does not move podman's logins (use `REGISTRY_AUTH_FILE`); \
      `DOCKER_BUILDKIT`, `DOCKER_CONTENT_TRUST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH` and \
      `DOCKER_DEFAULT_PLATFORM` have no effect (Buildah always builds; use `policy.json`, \
      `/etc/containers/certs.d`, `--platform`); podman-compose ignores `COMPOSE_*` settings other than the \
      project name, files, profiles and env files.
      """,
    fixSafety: """
      Safe: a variable with no effect is removed where it prefixes a docker or podman command. Unsafe: a \
      `DOCKER_HOST` naming the Docker socket is pointed at the podman socket, which must be enabled \
      (`systemctl enable --now podman.socket`).
      """,
    references: ["research L6, E2, C4, C5"],
    examples: [
      .triggers(.command, "1️⃣DOCKER_BUILDKIT=1 docker build -t app .\n", fixed: "docker build -t app .\n"),
      .triggers(.command, "export 1️⃣DOCKER_HOST=unix:///var/run/docker.sock\ndocker-compose up -d\n"),
      .triggers(.command, "export 1️⃣COMPOSE_HTTP_TIMEOUT=200\n"),
      .passes(
        .command, "export COMPOSE_PROJECT_NAME=shop\nREGISTRY_AUTH_FILE=/etc/containers/auth.json podman pull x\n"),
    ])

  /// Variables with no effect on podman, and what to do instead.
  static let noEffect: [String: String] = [
    "DOCKER_BUILDKIT": "podman always builds with Buildah",
    "COMPOSE_DOCKER_CLI_BUILD": "podman-compose always builds with `podman build`",
    "BUILDKIT_PROGRESS": "podman always builds with Buildah",
    "BUILDX_BUILDER": "podman has no builder instances",
    "DOCKER_CONTENT_TRUST": "podman verifies images by `/etc/containers/policy.json`",
    "DOCKER_CONTENT_TRUST_SERVER": "podman verifies images by `/etc/containers/policy.json`",
    "DOCKER_TLS_VERIFY": "podman takes `--tls-verify` and certificates in `/etc/containers/certs.d`",
    "DOCKER_CERT_PATH": "podman takes certificates from `/etc/containers/certs.d` (`--cert-dir`)",
    "DOCKER_DEFAULT_PLATFORM": "give `--platform` to each podman command",
    "DOCKER_CONTEXT": "podman uses `--connection` or `CONTAINER_CONNECTION`",
    "DOCKER_API_VERSION": "podman is not a Docker API client",
    "DOCKER_CLI_EXPERIMENTAL": "podman has no experimental switch",
    "DOCKER_CLI_HINTS": "podman has no CLI hints",
    "DOCKER_SCAN_SUGGEST": "podman has no image scanner",
    "COMPOSE_HTTP_TIMEOUT": "podman-compose runs podman directly, with no API timeout",
    "COMPOSE_IGNORE_ORPHANS": "podman-compose ignores it",
    "COMPOSE_REMOVE_ORPHANS": "podman-compose ignores it (`down --remove-orphans`)",
    "COMPOSE_ANSI": "podman-compose ignores it",
    "COMPOSE_BAKE": "podman-compose has no bake builds",
    "COMPOSE_MENU": "podman-compose has no menu",
    "COMPOSE_STATUS_STDOUT": "podman-compose ignores it",
    "COMPOSE_CONVERT_WINDOWS_PATHS": "podman-compose ignores it",
    "COMPOSE_API_VERSION": "podman-compose is not a Docker API client",
    "COMPOSE_TLS_VERSION": "podman-compose is not a Docker API client",
  ]

  static let programs: Set<String> = ["docker", "docker-compose", "podman", "podman-compose"]

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    for site in script.shellCommands {
      let command = site.command
      let runsContainerTool =
        command.words.first?.programName.map(Self.programs.contains) ?? false
      for word in command.assignedWords {
        guard let name = word.assignmentName else { continue }
        let nameRange = ByteRange(word.range.lower, word.range.lower + name.utf8.count)
        let value = word.staticValue.map { String($0.dropFirst(name.count + 1)) }
        if name == "DOCKER_HOST" {
          var fix: Fix?
          if let value, value.hasPrefix("unix://"),
            let path = ["/var/run/docker.sock", "/run/docker.sock"].first(where: { value.hasSuffix($0) }),
            let total = word.staticValue?.utf8.count,
            let range = word.exactSourceRange(ofValueBytes: (total - path.utf8.count)..<total)
          {
            let socket = context.options.podmanSocketPath
            // `${XDG_RUNTIME_DIR}` must not land inside single quotes, where it would not expand.
            if !socket.contains("$") || word.parts.last?.quoting != .singleQuoted {
              fix = .unsafe("Point it at the podman socket", TextEdit(replacing: range, with: socket))
            }
          }
          context.report(
            Self.meta,
            "podman ignores `DOCKER_HOST` (its remote client reads `CONTAINER_HOST`); Docker API clients need the podman socket `unix://\(context.options.podmanSocketPath)`",
            at: nameRange, in: site.region, fix: fix)
        } else if name == "DOCKER_CONFIG" {
          context.report(
            Self.meta,
            "podman ignores `DOCKER_CONFIG`; its logins go to `${XDG_RUNTIME_DIR}/containers/auth.json` unless `REGISTRY_AUTH_FILE` names a file",
            at: nameRange, in: site.region, fix: nil)
        } else if let advice = Self.noEffect[name] {
          var fix: Fix?
          if runsContainerTool, command.assignments.contains(word) {
            var upper = word.range.upper
            let bytes = context.source.bytes
            if site.region.isVerbatim {
              while upper < bytes.count, bytes[upper] == 0x20 || bytes[upper] == 0x09 { upper += 1 }
            }
            fix = .safe("Remove `\(name)`", .delete(ByteRange(word.range.lower, upper)))
          }
          context.report(
            Self.meta, "`\(name)` has no effect under podman: \(advice)", at: nameRange, in: site.region, fix: fix)
        }
      }
    }
  }
}

/// MG104: reports a bind mount of the Docker API socket.
struct DockerSocketMount: Rule {
  static let meta = RuleMeta(
    id: "MG104", name: "docker-socket-mount", severity: .error, fixAvailability: .sometimes,
    summary: "Bind mount of the Docker API socket",
    why: """
      Podman has no daemon: `/var/run/docker.sock` does not exist. Its Docker-compatible API is served by \
      `podman.socket` at `/run/podman/podman.sock` (root) or `$XDG_RUNTIME_DIR/podman/podman.sock` \
      (rootless), once enabled. The root socket gives full control of root podman, and under `--userns=auto` \
      the container's root cannot open the root-owned socket at all: such management containers need review \
      (`userns_mode: host`) or replacement (podman auto-update instead of watchtower).
      """,
    fixSafety: "Safe: only the host side of the mount changes; the path inside the container stays.",
    references: ["research E1, E2, E3", "podman-system-service(1)"],
    examples: [
      .triggers(
        .compose,
        "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: auto\n    volumes:\n      - 1️⃣/var/run/docker.sock:/var/run/docker.sock\n",
        fixed:
          "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: auto\n    volumes:\n      - /run/podman/podman.sock:/var/run/docker.sock\n"
      ),
      .passes(
        .compose,
        "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: auto\n    volumes:\n      - /run/podman/podman.sock:/var/run/docker.sock\n"
      ),
    ])

  static let dockerSockets: Set<String> = ["/var/run/docker.sock", "/run/docker.sock"]

  func check(_ container: ContainerSpec, in context: inout RuleContext) {
    for mount in container.mounts where mount.kind == .bind {
      guard let source = mount.source, Self.dockerSockets.contains(source.text) else { continue }
      let path = context.options.podmanSocketPath
      let enable =
        context.options.mode == .rootless
        ? "`systemctl --user enable --now podman.socket` (and `loginctl enable-linger`)"
        : "`systemctl enable --now podman.socket`"
      var message =
        "Bind mount of the Docker API socket `\(source.text)`; podman serves it at `\(path)` after \(enable)"
      if context.options.mode == .usernsAuto {
        message +=
          "; under `--userns=auto` the container's root cannot open the root-owned socket: review whether it needs `userns_mode: host`"
      }
      let fix = source.edit(replacingWith: path).map { Fix.safe("Mount the Podman socket instead", $0) }
      context.report(Self.meta, message, at: source.valueRange ?? source.range, fix: fix)
    }
  }
}

/// MG104: reports a bind mount of the Docker API socket, and a Podman socket mount its container cannot open.
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
    review: """
      Under `--mode userns-auto`, when the container has a user namespace of its own (`userns_mode: auto`, \
      given or added by MG101): the socket path is right, but the container's root is not host root and cannot \
      open the root-owned socket, so the container still cannot reach the API. Give that one service \
      `userns_mode: host` (`--userns=host`: its root is then host root, as it was under Docker), or run it \
      rootless. The finding stays on the converted file (as a mount of the Podman socket) until one of the two \
      is done or it is suppressed with a reason. Rootless mode needs review only where the container has \
      `--userns=auto`, which does not map the user who owns the socket. In either mode a container whose \
      `user:` (`--user`) is not root needs review too: Docker's socket let the `docker` group in, Podman's \
      root socket is `root:root` 0660 and the rootless one belongs to you, so that user cannot open it.
      """,
    references: [
      "research E1, E2, E3", "podman-system-service(1)", "containers/podman issue #20204 (SELinux: label=disable)",
    ],
    examples: [
      .triggers(
        .compose,
        "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: host\n    volumes:\n      - 1️⃣/var/run/docker.sock:/var/run/docker.sock\n",
        fixed:
          "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: host\n    volumes:\n      - /run/podman/podman.sock:/var/run/docker.sock\n"
      ),
      // Needs review: the path is fixed, but root of `userns_mode: auto` cannot open the socket.
      .triggers(
        .compose,
        "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: auto\n    volumes:\n      - 1️⃣/var/run/docker.sock:/var/run/docker.sock\n",
        fixed:
          "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: auto\n    volumes:\n      - /run/podman/podman.sock:/var/run/docker.sock\n"
      ),
      // Needs review: a non-root user cannot open the root-owned socket, even in the host user namespace.
      .triggers(
        .compose,
        "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: host\n    user: \"1000\"\n    volumes:\n      - 1️⃣/var/run/docker.sock:/var/run/docker.sock\n",
        fixed:
          "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: host\n    user: \"1000\"\n    volumes:\n      - /run/podman/podman.sock:/var/run/docker.sock\n"
      ),
      // The converted file still needs review: nothing left to rewrite, but the container cannot open it.
      .triggers(
        .compose,
        "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: auto\n    volumes:\n      - 1️⃣/run/podman/podman.sock:/var/run/docker.sock\n"
      ),
      .triggers(
        .command, "docker run -v 1️⃣/var/run/docker.sock:/var/run/docker.sock ci\n",
        fixed: "docker run -v ${XDG_RUNTIME_DIR}/podman/podman.sock:/var/run/docker.sock ci\n", mode: .rootless),
      .passes(
        .compose,
        "services:\n  ci:\n    image: docker.io/library/docker\n    userns_mode: host\n    volumes:\n      - /run/podman/podman.sock:/var/run/docker.sock\n"
      ),
      .passes(
        .command, "docker run -v ${XDG_RUNTIME_DIR}/podman/podman.sock:/var/run/docker.sock ci\n", mode: .rootless),
    ])

  static let dockerSockets: Set<String> = ["/var/run/docker.sock", "/run/docker.sock"]

  func check(_ container: Container, in context: inout RuleContext) {
    let mode = context.options.mode
    let path = context.options.podmanSocketPath
    let review = Self.review(container, mode)
    // The sockets this mode's fix writes: a mount of one of them is the converted form of this finding.
    let podmanSockets: Set<String> = mode == .rootless ? [path] : [path, "/var/run/podman/podman.sock"]
    for mount in container.mounts where mount.kind == .bind {
      guard let source = mount.source else { continue }
      let at = source.valueRange ?? source.range
      if Self.dockerSockets.contains(source.text) {
        let enable =
          mode == .rootless
          ? "`systemctl --user enable --now podman.socket` (and `loginctl enable-linger`)"
          : "`systemctl enable --now podman.socket`"
        let fix = source.edit(replacingWith: path).map { Fix.safe("Mount the Podman socket instead", $0) }
        // SELinux keeps a confined container from connecting to the podman socket (podman#20204).
        let selinux =
          context.options.target.selinux && !BindMountOptions.labelsDisabled(container)
          ? "; SELinux on \(context.options.target.name.rawValue) also keeps the container from connecting to it unless it runs with `--security-opt label=disable`"
          : ""
        context.report(
          Self.meta,
          "Bind mount of the Docker API socket `\(source.text)`; podman serves it at `\(path)` after \(enable)\(selinux)",
          at: at, fix: fix, review: review)
      } else if let review, podmanSockets.contains(source.text) {
        context.report(
          Self.meta, "Bind mount of the Podman API socket `\(source.text)` into \(container.displayName)", at: at,
          review: review)
      }
    }
  }

  /// Why the container cannot open the socket even at the right path, or nil when it can.
  static func review(_ container: Container, _ mode: RunMode) -> String? {
    switch mode {
    case .usernsAuto:
      if container.hasOwnUserNamespace(mode) {
        return
          "under `--userns=auto` the container's root cannot open the root-owned socket: use `userns_mode: host` (`--userns=host`) for this container, or rootless mode"
      }
    case .rootless:
      if let userns = container.userns?.text, userns == "auto" || userns.hasPrefix("auto:") {
        return
          "rootless `--userns=auto` does not map your UID, so the container cannot open your podman socket: drop `--userns=auto` for this container"
      }
    }
    // Docker's socket is group `docker`; podman's root socket is root:root 0660, the rootless one yours.
    guard container.runsAsNonRoot, let user = container.user?.text else { return nil }
    let remedy =
      mode == .rootless
      ? "run it as root in the container (rootless root is you), or with `--userns=keep-id` if it runs as your UID"
      : "run it as root (`user: root`, with `userns_mode: host`) or give it the API another way"
    return
      "the container runs as `\(user)`, which cannot open the socket (Docker's let the `docker` group in; podman's belongs to \(mode == .rootless ? "you" : "root:root, mode 0660")): \(remedy)"
  }
}

/// MG504: suggests `--userns=keep-id` for rootless containers that write to the user's directories.
struct RootlessKeepID: Rule {
  static let meta = RuleMeta(
    id: "MG504", name: "rootless-keep-id", severity: .info, fixAvailability: .sometimes,
    summary: "Rootless container writes to a bind mount: files will belong to a subordinate ID",
    why: """
      Rootless podman maps container root to the user and every other container UID to the user's \
      subordinate IDs, so files a non-root container process writes into a bind-mounted directory belong \
      to an ID the user cannot manage without `podman unshare`, and `:U` chowns the directory away from the \
      user. `--userns=keep-id` maps the user's UID (and GID) to the same IDs inside the container and runs \
      the process as that user (an `/etc/passwd` entry is added), so written files stay the user's. \
      `keep-id:uid=N,gid=M` (podman ≥ 4.3) maps the user to another in-container ID.
      """,
    fixSafety: """
      Unsafe: with keep-id the container process runs as the user's UID unless `--user` is given, so an \
      image whose entrypoint needs root (chown, package installs, ports below 1024) fails; add `--user 0` \
      when root inside is needed. Applied only with `--unsafe-fixes`. Not offered where a writable bind is \
      not a data folder (by the same decision as `U`: `~`, the project root, a source tree, configuration), \
      since keep-id would let the container write it with the user's rights.
      """,
    references: ["research A5, A6", "podman-run(1) --userns=keep-id"],
    scope: .mode(.rootless),
    examples: [
      .triggers(
        .compose,
        "services:\n  1️⃣job:\n    image: docker.io/library/alpine\n    volumes:\n      - ./items/1:/item\n",
        fixed:
          "services:\n  job:\n    image: docker.io/library/alpine\n    volumes:\n      - ./items/1:/item\n    userns_mode: keep-id\n",
        mode: .rootless, unsafeFixes: true),
      .triggers(
        .command, "1️⃣podman run -v /srv/items/7:/item docker.io/library/alpine\n",
        fixed: "podman run --userns=keep-id -v /srv/items/7:/item docker.io/library/alpine\n", mode: .rootless,
        unsafeFixes: true),
      .passes(
        .compose,
        "services:\n  job:\n    image: docker.io/library/alpine\n    volumes:\n      - ./items/1:/item:ro\n      - cache:/cache\n",
        mode: .rootless),
      .passes(
        .command, "podman run --userns=keep-id -v /srv/items/7:/item docker.io/library/alpine\n", mode: .rootless),
      .passes(.command, "podman run -u 0 -v /srv/items/7:/item docker.io/library/alpine\n", mode: .rootless),
      .triggers(
        .command, "1️⃣podman run -v /srv/items/7:/item -v $HOME:/home/me docker.io/library/alpine\n", mode: .rootless,
        unsafeFixes: true),
      .passes(.command, "podman run --userns=auto -v /srv/items/7:/item docker.io/library/alpine\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.mode == .rootless, container.userns == nil else { return }
    // Root inside is the user outside: its files are already the user's.
    if let user = container.user?.text, ["0", "root", "0:0", "root:root"].contains(user) { return }
    let writable = container.mounts.filter {
      $0.kind == .bind && !$0.readOnly && $0.source.map { !DockerSocketMount.dockerSockets.contains($0.text) } == true
    }
    guard let first = writable.first?.source else { return }
    // keep-id gives the container the user's own write access to every bind: only where each writable one is
    // a data folder (the `U` decision), not `~`, the project root, a source tree or configuration.
    let contexts = (context.project?.buildContexts ?? []) + container.buildContexts
    let exposed = writable.compactMap(\.source).first { source in
      let mount = writable.first { $0.source?.text == source.text }
      let kind = BindSource.verdict(
        source: source.text, target: mount?.target?.text, buildContexts: contexts, at: context.binds
      ).kind
      return ![.data, .variable, .socket].contains(kind)
    }
    if let exposed {
      context.report(
        Self.meta,
        "\(container.displayName.capitalizedFirst) writes to `\(first.text)` as a subordinate ID, not as you; `--userns=keep-id` would keep its files yours but also let it write `\(exposed.text)` with your rights: mount that `:ro` first",
        at: container.anchorRange)
      return
    }
    let fix = container.optionSite?.add(.userns, "keep-id", in: context.source).map {
      Fix.unsafe("Map your UID into the container (`keep-id`)", $0)
    }
    context.report(
      Self.meta,
      "\(container.displayName.capitalizedFirst) writes to `\(first.text)` as a subordinate ID, not as you; `--userns=keep-id` keeps its files yours",
      at: container.anchorRange, fix: fix)
  }
}

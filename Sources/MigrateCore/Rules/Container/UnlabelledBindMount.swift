/// MG144: reports a bind mount without an SELinux label on an SELinux host (RHEL and its rebuilds).
struct UnlabelledBindMount: Rule {
  static let meta = RuleMeta(
    id: "MG144", name: "unlabelled-bind-mount", severity: .warning, fixAvailability: .sometimes,
    summary: "Bind mount without an SELinux label on an SELinux host",
    why: """
      RHEL, AlmaLinux and Rocky Linux run SELinux enforcing, and podman does not change the labels set by the \
      OS: without one the container cannot read or write the bind mount, read-only mounts included \
      (podman-run(1), "Labeling Volume Mounts"). `:Z` relabels the content privately (only this container \
      can use it), `:z` with a shared label for folders several containers mount. Relabelling changes host \
      files, and relabelling system content (`/etc`, `/usr`, a home folder, the project root) breaks other \
      confined services, so a label is added only to data folders, under the same rules as `U` \
      (`writable-bind-mount`): a folder strictly inside the project or a data root, not hidden, \
      configuration or source, not a single file. Elsewhere podman's advice is to disable SELinux \
      separation for that container (`--security-opt label=disable`). Ubuntu has no SELinux \
      (`selinux-relabel-option`).
      """,
    fixSafety: """
      Safe for data folders: appends `Z` (one container of the file mounts the folder) or `z` (several do) to \
      the short syntax, together with `U` where `writable-bind-mount` adds it, in one edit. Unsafe where the \
      source is a variable. `--mount` takes `relabel=private|shared` (shown only).
      """,
    references: [
      "podman-run(1) --volume: Labeling Volume Mounts", "podman troubleshooting.md 2 (do not relabel system content)",
      "containers/podman issue #20204 (sockets need label=disable)", "research B4",
    ],
    scope: .targets(where: \.selinux, reason: "SELinux: RHEL"),
    examples: [
      .triggers(
        .command, "docker run --rm -v 1️⃣./data:/data:ro docker.io/library/alpine\n",
        fixed: "docker run --rm -v ./data:/data:ro,Z docker.io/library/alpine\n", target: .rhel9),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    volumes:\n      - 1️⃣./media:/srv/media:ro\n  worker:\n    image: docker.io/library/alpine\n    volumes:\n      - 1️⃣./media:/media:ro\n",
        fixed:
          "services:\n  web:\n    image: docker.io/library/nginx\n    volumes:\n      - ./media:/srv/media:ro,z\n  worker:\n    image: docker.io/library/alpine\n    volumes:\n      - ./media:/media:ro,z\n",
        target: .rhel10),
      .triggers(
        .command, "docker run --userns=auto -v 1️⃣./items:/items docker.io/library/alpine\n",
        fixed: "docker run --userns=auto -v ./items:/items:Z,U docker.io/library/alpine\n", target: .rhel9),
      .triggers(
        .command, "docker run -v 1️⃣/etc/nginx:/etc/nginx:ro -v 1️⃣$HOME:/home/me docker.io/library/nginx\n",
        target: .rhel9),
      .triggers(
        .command, "docker run -v 1️⃣/run/user/1000/bus.sock:/run/bus.sock docker.io/library/alpine\n", target: .rhel10),
      .passes(.command, "docker run -v ./data:/data:z docker.io/library/alpine\n", target: .rhel9),
      .passes(
        .command, "docker run --security-opt label=disable -v $HOME:/home/me docker.io/library/alpine\n",
        target: .rhel9),
      .passes(.command, "docker run -v ./data:/data docker.io/library/alpine\n", target: .trixie),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.target.selinux else { return }
    for mount in container.mounts where BindMountOptions.needsLabel(mount, of: container, context) {
      guard let source = mount.source else { continue }
      let at = mount.spec.valueRange ?? mount.spec.range
      let sharers = context.bindUsers[BindSource.normalize(source.text)] ?? 0
      let label = sharers > 1 ? "z" : "Z"
      let access = mount.readOnly ? "read" : "read or write"
      if mount.syntax == .long {
        guard
          BindSource.verdict(
            source: source.text, target: mount.target?.text,
            buildContexts: (context.project?.buildContexts ?? []) + container.buildContexts, at: context.binds
          ).kind == .data
        else {
          refuse(mount, source, access, context.options.target, in: &context, container: container)
          continue
        }
        let relabel = sharers > 1 ? "shared" : "private"
        let flag = container.mountFlag(of: mount)
        let fix = flag.flatMap { _ in mount.spec.edit(appending: ",relabel=\(relabel)") }
        let how =
          flag == nil
          ? "write it in the short syntax with `:\(label)`"
          : "add `relabel=\(relabel)` to `--mount`, or write `-v` with `:\(label)`"
        context.report(
          Self.meta,
          "SELinux keeps the container from being able to \(access) `\(source.text)` without a label: \(how)",
          at: at, fix: fix.map { Fix("Label the folder for containers (`relabel=\(relabel)`)", .displayOnly, [$0]) })
        continue
      }
      guard let plan = BindMountOptions.plan(for: mount, of: container, context), plan.isData,
        plan.label != nil
      else {
        refuse(mount, source, access, context.options.target, in: &context, container: container)
        continue
      }
      let suffix = plan.suffix(after: mount.options)
      let applicability: Applicability = plan.verdict.kind == .variable ? .unsafe : .safe
      let fix =
        mount.spec.edit(appending: suffix).map {
          Fix("Label the folder for containers (`\(suffix.dropFirst())`)", applicability, [$0])
        } ?? Fix("Label the folder for containers", .displayOnly, [])
      let shared = sharers > 1 ? ", shared by \(sharers) containers of the file (`z`)" : " (`Z`: this container only)"
      let variable =
        plan.verdict.kind == .variable
        ? "; its source is a variable, so check it is a data folder before labelling it" : ""
      context.report(
        Self.meta,
        "SELinux keeps the container from being able to \(access) `\(source.text)` without a label\(shared)\(variable)",
        at: at, fix: fix)
    }
  }

  /// A source that is not a data folder: say why it gets no label and what to do instead.
  private func refuse(
    _ mount: Mount, _ source: SourceValue, _ access: String, _ target: TargetProfile, in context: inout RuleContext,
    container: Container
  ) {
    let verdict = BindSource.verdict(
      source: source.text, target: mount.target?.text,
      buildContexts: (context.project?.buildContexts ?? []) + container.buildContexts, at: context.binds)
    guard verdict.kind != .socket else {
      // A host socket belongs to its service: relabelling it breaks the service, and a label would not let a
      // confined container connect to it anyway.
      context.report(
        Self.meta,
        "SELinux on \(target.name.rawValue) keeps the container from connecting to the host socket `\(source.text)`, and relabelling it would break the service that owns it; if the container must use it, run the container with `--security-opt label=disable`",
        at: mount.spec.valueRange ?? mount.spec.range)
      return
    }
    let what = verdict.reason.map { ": \($0)" } ?? ""
    context.report(
      Self.meta,
      "SELinux on \(target.name.rawValue) keeps the container from being able to \(access) \(WritableBindMount.describe(verdict.kind)) `\(source.text)`, and relabelling it would break other services of the host\(what); run this container with `--security-opt label=disable` or move the files into a data folder",
      at: mount.spec.valueRange ?? mount.spec.range)
  }
}

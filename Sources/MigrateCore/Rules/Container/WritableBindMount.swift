/// MG102: reports a writable bind mount that a container in its own user namespace cannot write.
struct WritableBindMount: Rule {
  static let meta = RuleMeta(
    id: "MG102", name: "writable-bind-mount", severity: .warning, fixAvailability: .sometimes,
    summary: "Writable bind mount not owned by the container's user namespace",
    why: """
      Under `--userns=auto` (and rootless podman) container IDs are subordinate host IDs, so the container \
      cannot write a host directory owned by a host user. The `U` volume option makes podman chown the host \
      directory, recursively, to the IDs of the container's user (podman ≥ 3.1; `:idmap` needs 4.0 and is \
      rejected by podman-compose). Because `U` changes host ownership, it is added only to data directories: \
      a folder whose path, with `.`, `..`, `~`, `$HOME`, `$PWD` resolved and symbolic links followed, lies \
      strictly inside the project (the input's folder, or the top of its git work tree) or a data root \
      (`/srv`, `/data`, `/mnt`, `/media` and the user's home by default; `data-roots:` in `.migrate.yml`). \
      Never system paths, other users' homes, the project root or its parents, hidden or configuration \
      folders, source trees (a build context, a mount onto a code path such as `/app`, a folder with \
      source files or files tracked by git) or single files; there a read-only mount (`:ro`) or \
      `--mode rootless` is the better answer. Where the source exists, the disk and the git index decide.
      """,
    fixSafety: """
      Safe for data directories: appends `U` to the short syntax (`./data:/data:U`). Unsafe where the source \
      is a variable (its value is unknown): applied only with `--unsafe-fixes`. Long syntax has no `U` \
      option in podman-compose: the short form is suggested instead.
      """,
    references: ["research B2, B3, M3", "podman-run(1) Chowning Volume Mounts"],
    examples: [
      .triggers(
        .compose,
        "services:\n  job:\n    image: docker.io/library/alpine\n    userns_mode: auto\n    volumes:\n      - 1️⃣./items/1:/item\n",
        fixed:
          "services:\n  job:\n    image: docker.io/library/alpine\n    userns_mode: auto\n    volumes:\n      - ./items/1:/item:U\n"
      ),
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    userns_mode: auto\n    volumes:\n      - \"1️⃣./pg:/var/lib/postgresql/data:z\"\n",
        fixed:
          "services:\n  db:\n    image: docker.io/library/postgres\n    userns_mode: auto\n    volumes:\n      - \"./pg:/var/lib/postgresql/data:z,U\"\n"
      ),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    volumes:\n      - 1️⃣/etc/nginx:/etc/nginx\n"
      ),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    volumes:\n      - 1️⃣./media:/media\n  worker:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    volumes:\n      - 1️⃣./media:/media\n"
      ),
      .triggers(
        .command,
        "docker run --userns=auto -v 1️⃣$HOME/.ssh:/root/.ssh -v 1️⃣./secrets:/run/secrets docker.io/library/alpine\n"),
      .triggers(
        .command,
        "docker run --userns=auto -v 1️⃣/mnt/..:/host -v 1️⃣./data/../..:/up -v 1️⃣~alice/data:/d docker.io/library/alpine\n"),
      .triggers(
        .compose,
        "services:\n  job:\n    image: docker.io/library/alpine\n    userns_mode: auto\n    volumes:\n      - 1️⃣./items/1:/item\n",
        fixed:
          "services:\n  job:\n    image: docker.io/library/alpine\n    userns_mode: auto\n    volumes:\n      - ./items/1:/item:Z,U\n",
        target: .rhel9),
      .passes(
        .compose,
        "services:\n  job:\n    image: docker.io/library/alpine\n    userns_mode: auto\n    volumes:\n      - ./items/1:/item:ro\n      - data:/data\n"
      ),
      .passes(.command, "docker run --network host -v /srv/data:/data docker.io/library/alpine\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    // Without a user namespace of its own the container writes as host IDs: `U` would only hand host data to
    // the container's user.
    guard container.hasOwnUserNamespace(context.options.mode) else { return }
    let contexts = (context.project?.buildContexts ?? []) + container.buildContexts
    for mount in container.mounts where mount.kind == .bind && !mount.readOnly {
      guard let source = mount.source else { continue }
      if mount.options.contains(where: { ["U", "idmap"].contains($0) || $0.hasPrefix("idmap=") }) { continue }
      if DockerSocketMount.dockerSockets.contains(source.text) { continue }
      let at = mount.spec.valueRange ?? mount.spec.range
      let targetText = mount.target?.text ?? ""
      let verdict = BindSource.verdict(
        source: source.text, target: mount.target?.text, buildContexts: contexts, at: context.binds)
      let classification = verdict.kind
      // On SELinux targets the same edit adds the label `unlabelled-bind-mount` asks for (one suffix, `:Z,U`).
      let label = BindMountOptions.plan(for: mount, of: container, context)?.label
      let suffix = BindMountOptions(label: label, chown: true, verdict: verdict).suffix(after: mount.options)
      let sharers = context.writableBindUsers[BindSource.normalize(source.text)] ?? 0
      if sharers > 1, classification == .data || classification == .variable {
        // Each container of `--userns=auto` has its own IDs: `U` would re-chown the folder at every start,
        // taking it away from the others.
        context.report(
          Self.meta,
          "Writable bind mount of `\(source.text)` is shared by \(sharers) containers; `U` would re-chown it for each, locking the others out: share it through one named volume or a fixed `--userns=auto:uidmapping=…`",
          at: at)
        continue
      }
      switch classification {
      case .socket:
        continue
      case .data, .variable:
        let title =
          label.map { "Label the directory for SELinux and let podman chown it (`\($0),U`)" }
          ?? "Let podman chown the directory to the container (`U`)"
        if mount.syntax == .long {
          let short = "\(source.text):\(targetText):U"
          if container.mountFlag(of: mount) != nil {
            // `--mount type=bind,…` takes `U=true` on podman; shown, since the spelling varies by version.
            let edit = mount.spec.edit(appending: ",U=true")
            context.report(
              Self.meta,
              "Writable bind mount of `\(source.text)` needs `U`: add `,U=true` to `--mount`, or write `-v \(short)`",
              at: mount.spec.valueRange ?? mount.spec.range, fix: edit.map { Fix(title, .displayOnly, [$0]) })
            continue
          }
          context.report(
            Self.meta,
            "Writable bind mount of `\(source.text)` needs `U`, which podman-compose reads only in the short syntax `\(short)`",
            at: mount.spec.range,
            fix: Fix(title, .displayOnly, [TextEdit(replacing: mount.spec.range, with: short)]))
          continue
        }
        let applicability: Applicability =
          context.options.bindPolicy == .keep ? .displayOnly : classification == .variable ? .unsafe : .safe
        let edit = mount.spec.edit(appending: suffix)
        let fix: Fix =
          edit.map { Fix(title, applicability, [$0]) }
          ?? Fix(title, .displayOnly, [TextEdit(replacing: mount.spec.range, with: mount.spec.text + suffix)])
        let why =
          classification == .variable
          ? "; its source `\(source.text)` is a variable, so check it is a data directory before adding `U`"
          : ""
        context.report(
          Self.meta,
          "Writable bind mount of `\(source.text)` is owned by host IDs the container's user namespace does not map\(why)",
          at: at, fix: fix)
      default:
        // Resolving the path or looking at the disk decided: say what it is, so the refusal can be checked.
        let what = verdict.reason.map { ": \($0)" } ?? ""
        context.report(
          Self.meta,
          "Writable bind mount of \(Self.describe(classification)) `\(source.text)` is not writable under a user namespace, and `U` would chown it\(what); mount it `:ro` or use `--mode rootless`",
          at: at)
      }
    }
  }

  static func describe(_ classification: BindSourceClass) -> String {
    switch classification {
    case .systemPath: return "the system path"
    case .homeDirectory: return "the home directory"
    case .projectRoot: return "the project root"
    case .parentDirectory: return "the parent directory"
    case .sourceTree: return "the source tree"
    case .codeTarget: return "code"
    case .configuration: return "the single file or configuration folder"
    case .data, .variable, .socket: return "the path"
    }
  }
}

/// MG140: reports a named volume written by several containers that each get their own `--userns=auto` IDs.
struct NamedVolumeUserns: Rule {
  static let meta = RuleMeta(
    id: "MG140", name: "named-volume-userns", severity: .warning, fixAvailability: .sometimes,
    summary: "Named volume written by containers with different `--userns=auto` IDs",
    why: """
      Under `--userns=auto` every container gets its own slice of subordinate IDs. Podman chowns a named \
      volume to the container's IDs only when it first fills the empty volume (copy-up); a second container \
      with another slice then sees the files owned by unmapped IDs (`nobody`) and cannot write them. The \
      volume option `U` chowns the volume at every start instead: right for containers that run one after \
      another (a script's command lines), wrong for containers that run together (compose services), where \
      each start takes the volume away from the running ones. There, keep one writing service and mount the \
      volume `:ro` in the others, or give the writers one explicit `--uidmap`. Named volumes are idmapped on \
      root podman from 4.4 (`:idmap`), which podman-compose does not accept.
      """,
    fixSafety: """
      Unsafe (applied with `--unsafe-fixes`): adds `U` to the command lines' volume mounts, which is right only \
      if those containers never run at the same time. Compose services get no fix.
      """,
    references: ["research B7, M3", "podman-run(1) --volume U"],
    examples: [
      .triggers(
        .compose,
        "services:\n  app:\n    image: example.com/app\n    volumes:\n      - 1️⃣uploads:/srv/uploads\n  thumbnailer:\n    image: example.com/thumbs\n    volumes:\n      - uploads:/data\nvolumes:\n  uploads:\n"
      ),
      .passes(
        .compose,
        "services:\n  app:\n    image: example.com/app\n    volumes:\n      - uploads:/srv/uploads\n  web:\n    image: docker.io/library/nginx\n    volumes:\n      - uploads:/usr/share/nginx/html:ro\nvolumes:\n  uploads:\n"
      ),
      .triggers(
        .command,
        "docker run --rm -v 1️⃣pgdata:/var/lib/postgresql/data example.com/migrate\ndocker run -d -v pgdata:/var/lib/postgresql/data docker.io/library/postgres\n",
        fixed:
          "docker run --rm -v pgdata:/var/lib/postgresql/data:U example.com/migrate\ndocker run -d -v pgdata:/var/lib/postgresql/data:U docker.io/library/postgres\n",
        unsafeFixes: true),
      .passes(.command, "docker run -d -v pgdata:/var/lib/postgresql/data docker.io/library/postgres\n"),
    ])

  /// True when the container runs with IDs of its own from `--userns=auto` (given or added by the tool).
  static func hasAutoMapping(_ container: Container, _ mode: RunMode) -> Bool {
    switch container.userNamespacePlan(mode) {
    case .add: return true
    case .existing: return container.userns?.text.hasPrefix("auto") ?? false
    case .none: return false
    }
  }

  /// The writable named-volume mounts of a container (volume name → mounts).
  static func writableVolumes(_ container: Container) -> [Mount] {
    container.mounts.filter { $0.kind == .volume && !$0.readOnly && $0.source != nil }
  }

  /// The containers with `--userns=auto` IDs that write each named volume, in file order, each once.
  static func writers(_ containers: [Container], _ mode: RunMode) -> [String: [Container]] {
    var writers: [String: [Container]] = [:]
    for container in containers where hasAutoMapping(container, mode) {
      for name in Set(writableVolumes(container).compactMap(\.source?.text)) {
        writers[name, default: []].append(container)
      }
    }
    return writers
  }

  static func hasOwnerOption(_ mount: Mount) -> Bool {
    mount.options.contains(where: { $0 == "U" || $0 == "idmap" || $0.hasPrefix("idmap=") })
  }

  /// One finding per shared volume (not per container and mount): at the first writer's first mount of it
  /// (for run lines, the first one without `U`), naming every writer. A run line's fix adds `U` to every
  /// writer's mount of the volume in the file's own text (a command of a folded or escaped region gets
  /// only its own mounts, as its fixes are only shown).
  func check(_ container: Container, in context: inout RuleContext) {
    let mode = context.options.mode
    guard Self.hasAutoMapping(container, mode) else { return }
    let writers = context.namedVolumeWriters
    var reported = Set<String>()
    for mount in Self.writableVolumes(container) {
      guard let name = mount.source?.text, !reported.contains(name), let all = writers[name], all.count > 1 else {
        continue
      }
      let at = mount.spec.valueRange ?? mount.spec.range
      let names = all.map { "`\($0.name)`" }.joined(separator: ", ")
      if context.project != nil {
        // Services sharing mounts through a YAML anchor share their ranges too: reported once, by the first.
        guard all.first?.anchorRange == container.anchorRange else { continue }
        reported.insert(name)
        context.report(
          Self.meta,
          "Named volume `\(name)` is written by \(all.count) services (\(names)), each with its own `--userns=auto` IDs: the first to fill it owns it and the others cannot write (`U` would take it from the running ones); keep one writer and mount it `:ro` elsewhere, or give the writers one `--uidmap`",
          at: at)
        continue
      }
      if Self.hasOwnerOption(mount) { continue }
      // The first writer with a mount of the volume still lacking `U` reports it.
      let lacking = all.filter { other in
        Self.writableVolumes(other).contains { $0.source?.text == name && !Self.hasOwnerOption($0) }
      }
      guard lacking.first?.anchorRange == container.anchorRange else { continue }
      reported.insert(name)
      let verbatim =
        context.script?.commands.first { $0.container?.anchorRange == container.anchorRange }?.region
        .isVerbatim ?? true
      let regions = Dictionary(
        (context.script?.commands ?? []).compactMap { command in
          command.container.map { ($0.anchorRange, command.region.isVerbatim) }
        }, uniquingKeysWith: { first, _ in first })
      let fixed = verbatim ? lacking.filter { regions[$0.anchorRange] ?? true } : [container]
      var edits: [TextEdit] = []
      for writer in fixed {
        for other in Self.writableVolumes(writer)
        where other.source?.text == name && other.syntax == .short && !Self.hasOwnerOption(other) {
          if let edit = other.spec.edit(appending: other.options.isEmpty ? ":U" : ",U") { edits.append(edit) }
        }
      }
      let title = "Chown the volume to each container at start (`U`)"
      let fix = edits.isEmpty ? nil : Fix(title, .unsafe, edits.sorted { $0.range.lower < $1.range.lower })
      context.report(
        Self.meta,
        "Named volume `\(name)` is written by \(all.count) containers (\(names)) with different `--userns=auto` IDs: only the first can write it; add `U` if they never run at the same time",
        at: at, fix: fix)
    }
  }
}

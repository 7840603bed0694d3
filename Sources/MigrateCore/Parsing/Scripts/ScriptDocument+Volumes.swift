/// Which volumes a script's containers share: the queries MG143 (foreign-volume-userns) and the user
/// namespace plan read.

extension Mount {
  /// The mount with `sourceLookup` set when its source is one command substitution that asks docker or
  /// podman for an existing volume (`$(docker volume ls -qf name=^proj_vmail$)`, `$(docker inspect
  /// --format '{{range .Mounts}}{{.Name}}{{end}}' CONTAINER)`); such a source names a volume, so the mount
  /// becomes a `.volume` (a `$…` source is otherwise read as a host path).
  func resolvingSourceLookup() -> Mount {
    guard let text = source?.text, let command = Self.volumeLookupCommand(text) else { return self }
    var mount = self
    mount.sourceLookup = command
    if mount.kind == .bind { mount.kind = .volume }
    return mount
  }

  /// `docker volume ls` (or `podman volume inspect`, `docker inspect`, …) when `text` is exactly one
  /// `$(…)` or backtick substitution whose commands ask docker or podman for a volume.
  static func volumeLookupCommand(_ text: String) -> String? {
    let inner: Substring
    if text.hasPrefix("$("), text.hasSuffix(")"), closesAtEnd(text) {
      inner = text.dropFirst(2).dropLast()
    } else if text.count >= 2, text.hasPrefix("`"), text.hasSuffix("`"), text.filter({ $0 == "`" }).count == 2 {
      inner = text.dropFirst().dropLast()
    } else {
      return nil
    }
    let script = ShellReader.parse(String(inner), dialect: .bash)
    guard script.diagnostics.isEmpty else { return nil }
    for command in script.commands where !command.nested {
      guard let (index, _, _, _) = ScriptParser.programIndex(command, aliases: [:]),
        let invocation = DockerCommandParser.parse(command, programIndex: index)
      else { continue }
      let program = invocation.tool == .podman || invocation.tool == .podmanCompose ? "podman" : "docker"
      switch invocation.subcommand {
      case ["volume", "ls"], ["volume", "inspect"], ["volume", "create"]:
        return "\(program) \(invocation.subcommand.joined(separator: " "))"
      case ["inspect"], ["container", "inspect"]:
        // `docker inspect --format '{{range .Mounts}}{{.Name}}{{end}}' C`: the volume another container mounts.
        if inner.contains(".Mounts") { return "\(program) inspect" }
      default: continue
      }
    }
    return nil
  }

  /// True when the `$(` that opens `text` is closed by its last character (not `$(a)x$(b)`); parentheses
  /// in single or double quotes are skipped.
  static func closesAtEnd(_ text: String) -> Bool {
    var depth = 0
    var quote: Character?
    let characters = Array(text)
    for (index, character) in characters.enumerated() {
      if let open = quote {
        if character == open { quote = nil }
        continue
      }
      switch character {
      case "'", "\"": quote = character
      case "(": depth += 1
      case ")":
        depth -= 1
        if depth == 0 { return index == characters.count - 1 }
      default: break
      }
    }
    return false
  }
}

extension ScriptParser {
  /// The identity two command lines must share for one to fill a volume the other reads: same image,
  /// same `--userns` value.
  static func volumeOwnerKey(_ container: ContainerSpec) -> String {
    "\(container.image?.text ?? "")|\(container.userns?.text ?? "")"
  }

  /// Sets `foreignVolumes` on every run/create line, in script order: volumes looked up by a command,
  /// `--volumes-from`, and named volumes mounted read-only that no earlier command created (`docker volume
  /// create`) or wrote with the same image and user namespace. A writable named volume nobody wrote
  /// before is the container's own: it creates and fills it (two writers are MG140's).
  static func markForeignVolumes(_ commands: inout [DockerCommand]) {
    var created = Set<String>()
    var writers: [String: [(key: String, name: String)]] = [:]
    for index in commands.indices {
      let invocation = commands[index].invocation
      if invocation.subcommand == ["volume", "create"] {
        created.formUnion(invocation.positionals.compactMap(\.staticValue))
        for flag in invocation.flags where flag.name == "name" { if let name = flag.value { created.insert(name) } }
        continue
      }
      guard var container = commands[index].container else { continue }
      let key = volumeOwnerKey(container)
      var foreign: [ForeignVolume] = []
      for mount in container.mounts where mount.kind == .volume {
        guard let source = mount.source else { continue }
        if let lookup = mount.sourceLookup {
          foreign.append(
            ForeignVolume(name: source.text, value: mount.spec, origin: .lookup(lookup), readOnly: mount.readOnly))
          continue
        }
        let earlier = writers[source.text] ?? []
        guard mount.readOnly, !earlier.contains(where: { $0.key == key }) else { continue }
        if let writer = earlier.first {
          foreign.append(
            ForeignVolume(name: source.text, value: mount.spec, origin: .writtenBy(writer.name), readOnly: true))
        } else if !created.contains(source.text) {
          foreign.append(ForeignVolume(name: source.text, value: mount.spec, origin: .notWritten, readOnly: true))
        }
      }
      for value in container.volumesFrom {
        let parts = value.text.split(separator: ":", maxSplits: 1).map(String.init)
        foreign.append(
          ForeignVolume(
            name: parts.first ?? value.text, value: value, origin: .volumesFrom, readOnly: parts.last == "ro"))
      }
      container.foreignVolumes = foreign
      commands[index].container = container
      for mount in container.mounts where mount.kind == .volume && !mount.readOnly && mount.sourceLookup == nil {
        guard let name = mount.source?.text else { continue }
        writers[name, default: []].append((key, container.displayName))
      }
    }
  }
}

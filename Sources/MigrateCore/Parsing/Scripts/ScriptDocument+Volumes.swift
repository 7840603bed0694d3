/// Which volumes a script's containers share: the queries MG143 (foreign-volume-userns) and the user
/// namespace plan read.

extension Mount {
  /// The mount with `sourceLookup` set to `command` (a lookup names a volume, so the mount becomes a
  /// `.volume`: a `$…` source is otherwise read as a host path).
  func lookingUp(_ command: String) -> Mount {
    var mount = self
    mount.sourceLookup = command
    if mount.kind == .bind { mount.kind = .volume }
    return mount
  }

  /// The mount with `sourceLookup` set when its source is one command substitution that asks docker or
  /// podman for an existing volume (`$(docker volume ls -qf name=^proj_vmail$)`, `$(docker inspect
  /// --format '{{range .Mounts}}{{.Name}}{{end}}' CONTAINER)`), or a variable (`$VOL`, `${VOL}`) that the
  /// script sets to one (`variables`: name → lookup command).
  func resolvingSourceLookup(
    variables: [String: String] = [:], aliases: [String: DockerCall.Tool] = [:]
  ) -> Mount {
    guard sourceLookup == nil, let text = source?.text else { return self }
    if let command = Self.volumeLookupCommand(text, aliases: aliases) { return lookingUp(command) }
    if let name = Self.variableName(text), let command = variables[name] { return lookingUp(command) }
    return self
  }

  /// `NAME` for a source written as exactly `$NAME` or `${NAME}`.
  static func variableName(_ text: String) -> String? {
    var name = Substring(text)
    guard name.hasPrefix("$") else { return nil }
    name = name.dropFirst()
    if name.hasPrefix("{") && name.hasSuffix("}") { name = name.dropFirst().dropLast() }
    guard let first = name.first, first == "_" || first.isLetter,
      name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber })
    else { return nil }
    return String(name)
  }

  /// `docker volume ls` (or `podman volume inspect`, `docker inspect`, …) when `text` is exactly one
  /// `$(…)` or backtick substitution whose commands ask docker or podman for a volume.
  static func volumeLookupCommand(_ text: String, aliases: [String: DockerCall.Tool] = [:]) -> String? {
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
      guard let (index, _, _, isAlias) = ScriptParser.programIndex(command, aliases: aliases),
        let invocation = DockerCallParser.parse(
          command, programIndex: index, as: isAlias ? aliases[command.words[index].rawText.quoteRemoved] : nil)
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
  /// Sets `Mount.sourceLookup` on the run/create lines' mounts whose source asks docker or podman for a
  /// volume: a command substitution, or a variable the script assigns one to (`VOL=$(docker volume ls
  /// -q …)`, `local vol="$(…)"`, then `-v "$VOL":/data`). `aliases` are the file's names for docker.
  static func resolveVolumeLookups(
    _ commands: inout [DockerCallSite], shellCommands: [ScriptStatement], aliases: [String: DockerCall.Tool]
  ) {
    var variables: [String: String] = [:]
    let declarations: Set<String> = ["local", "export", "declare", "readonly", "typeset"]
    for scriptCommand in shellCommands {
      let command = scriptCommand.command
      var words = command.assignments
      if let first = command.words.first?.staticValue, declarations.contains(first) {
        words += command.words.dropFirst().filter { !$0.rawText.hasPrefix("-") }
      }
      for word in words {
        let raw = word.rawText
        guard let equals = raw.firstIndex(of: "=") else { continue }
        let name = String(raw[..<equals])
        var value = String(raw[raw.index(after: equals)...])
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
          value = String(value.dropFirst().dropLast())
        }
        guard Mount.variableName("$" + name) != nil else { continue }
        if let lookup = Mount.volumeLookupCommand(value, aliases: aliases) { variables[name] = lookup }
      }
    }
    for index in commands.indices {
      // Changed in place: a copy taken out and put back would copy the container's fields.
      guard let mounts = commands[index].container?.mounts else { continue }
      commands[index].container?.mounts = mounts.map {
        $0.resolvingSourceLookup(variables: variables, aliases: aliases)
      }
    }
  }

  /// The identity two command lines must share for one to fill a volume the other reads: same image,
  /// same `--userns` value.
  static func volumeOwnerKey(_ container: Container) -> String {
    "\(container.image?.text ?? "")|\(container.userns?.text ?? "")"
  }

  /// Sets `foreignVolumes` on every run/create line, in script order: volumes looked up by a command,
  /// `--volumes-from`, and named volumes mounted read-only that no earlier command created (`docker volume
  /// create`) or wrote with the same image and user namespace. A writable named volume nobody wrote
  /// before is the container's own: it creates and fills it (two writers are MG140's).
  static func markForeignVolumes(_ commands: inout [DockerCallSite]) {
    var created = Set<String>()
    var writers: [String: [(key: String, name: String)]] = [:]
    for index in commands.indices {
      let invocation = commands[index].invocation
      if invocation.subcommand == ["volume", "create"] {
        created.formUnion(invocation.positionals.compactMap(\.staticValue))
        for flag in invocation.flags where flag.name == "name" { if let name = flag.value { created.insert(name) } }
        continue
      }
      guard let container = commands[index].container else { continue }
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
      if !foreign.isEmpty { commands[index].container?.foreignVolumes = foreign }
      for mount in container.mounts where mount.kind == .volume && !mount.readOnly && mount.sourceLookup == nil {
        guard let name = mount.source?.text else { continue }
        writers[name, default: []].append((key, container.displayName))
      }
    }
  }
}

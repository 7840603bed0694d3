/// What the emitters (`migrate units`, `convert --to podman-script|compose`) write for one container, read
/// from the one container model **after** migration.
///
/// Why after: the emitters must make exactly the decisions the rewrite makes (`--userns=auto` per
/// `Container.userNamespacePlan`, `:U` per the writable-bind rule and the bind policy, fully qualified
/// images, `unless-stopped` → `always`, the socket path, …). Re-implementing those decisions here would let
/// the two drift apart; instead `EmitPlanner` runs the normal conversion (`Converter.convert`) and plans
/// from the model of the migrated text (`ConversionResult.model`, the engine's last parse), so every rule's
/// fix — present and future — reaches the units, scripts and compose files without the emitters knowing
/// the rules. The planner normalizes the model for them (compose variables as `VariableReference`s, long
/// mounts and ports in short form, a health test as one command); these views read it.
extension Container {
  /// The image reference as written (after planning: qualified, or the local name of a built image).
  public var imageText: String { self.image?.text ?? "" }

  /// The exec-form command words.
  public var commandWords: [String]? { self.command.map(Self.texts) }

  /// The exec-form entrypoint words.
  public var entrypointWords: [String]? { self.entrypoint.map(Self.texts) }

  static func texts(_ words: Words) -> [String] {
    switch words {
    case .string(let value): return [value.text]
    case .list(let items): return items.map(\.text)
    }
  }

  /// The health check command as podman's `--health-cmd` takes it (after planning, a shell command or a
  /// JSON array for `CMD`).
  public var healthCommand: String? {
    guard case .string(let value)? = self.health?.test else { return nil }
    return value.text
  }

  /// Short-syntax mounts as podman reads them (`SRC:DST[:OPTS]`, anonymous `DST`).
  public var volumeSpecs: [String] { self.mounts.filter { $0.syntax == .short }.map(\.spec.text) }

  /// `--mount` values.
  public var mountSpecs: [String] { self.mounts.filter { $0.syntax == .long }.map(\.spec.text) }

  /// The values of a setting the emitters write in a place of their own (`argumentOrder`,
  /// `UnitEmitter.quadletOrder`), by docker flag.
  func emitted(_ flag: String) -> [String] {
    switch flag {
    case "volume": return volumeSpecs
    case "mount": return mountSpecs
    case "publish": return self.ports.map(\.spec.text)
    default:
      switch Self.fields[flag] {
      case .one(let field)?, .toggle(let field)?: return self[dynamicMember: field].map { [$0.text] } ?? []
      case .many(let field)?: return self[dynamicMember: field].map(\.text)
      case .health(let field)?: return self.health?[keyPath: field].map { [$0.text] } ?? []
      case nil: return []
      }
    }
  }

  /// How `runOptions` spells a setting: `-p X`, `--user X` or `--cap-add=X` (as `podman generate systemd`
  /// writes them; the goldens hold the style).
  enum Spelling { case short, long, joined }

  /// The settings `runOptions` writes itself, in this order, by option.
  static let argumentOrder: [(flag: String, spelling: Spelling)] = [
    ("hostname", .long), ("user", .long), ("workdir", .long), ("publish", .short), ("volume", .short),
    ("mount", .long), ("tmpfs", .long), ("env-file", .long), ("env", .short), ("cap-add", .joined),
    ("cap-drop", .joined), ("device", .long), ("label", .long),
  ]

  /// Settings with a place of their own in the emitters' output (`argumentOrder`, the network, user
  /// namespace, restart, health, read-only and entrypoint code); every other setting is written by
  /// `otherArguments`, in the order given.
  static let writtenApart: Set<String> = Set(argumentOrder.map(\.flag)).union([
    "name", "userns", "restart", "health-cmd", "health-interval", "health-timeout", "health-retries",
    "health-start-period", "network", "no-healthcheck", "entrypoint", "read-only", "domainname",
  ])

  /// Every other setting as podman takes it (`--privileged`, `--security-opt=…`, `--add-host=…`), through
  /// the option table; a flag the table lacks is passed as written. Units put them in `PodmanArgs=`.
  public var otherArguments: [String] {
    self.options.compactMap { setting in
      guard !Self.writtenApart.contains(setting.flag) else { return nil }
      let name: String
      switch setting.option?.podman {
      case .argument(let podmanName)?: name = podmanName
      case .setByEmitters?, .none?: return nil
      case nil: name = setting.flag
      }
      return setting.value.map { "--\(name)=\($0.text)" } ?? "--\(name)"
    }
  }

  /// The `podman run` options (without `podman run`, the image and the command) that create the container:
  /// the one mapping from the model to podman arguments, shared by the plain unit's `ExecStart=` and the
  /// podman script. `networkNames` maps the model's network names to podman network names; `aliases` adds
  /// `--network-alias` for the service name; `restart` keeps `--restart` (units leave restarting to systemd).
  public func runOptions(
    name containerName: String?, networkNames: [String: String] = [:], volumeNames: [String: String] = [:],
    aliases: Bool = false, restart: Bool = true, joinNetworks: Bool = false
  ) -> [String] {
    var args: [String] = []
    if let containerName { args += ["--name", containerName] }
    if let userns = self.userns { args.append("--userns=\(userns.text)") }
    if let networkMode = self.networkMode {
      args.append("--network=\(networkMode.text)")
    } else {
      let names = self.networks.map { networkNames[$0.text] ?? $0.text }
      if joinNetworks && !names.isEmpty {
        // Podman before 4.0 takes several networks as one comma-separated `--network` value.
        args.append("--network=\(names.joined(separator: ","))")
      } else {
        for name in names { args.append("--network=\(name)") }
      }
      if aliases && !self.networks.isEmpty { args.append("--network-alias=\(self.name)") }
    }
    for (flag, spelling) in Self.argumentOrder {
      guard let option = ContainerOption.forFlag(flag), let name = option.podmanName else { continue }
      var values = emitted(flag)
      if flag == "volume" { values = values.map { Self.renamingVolume($0, volumeNames) } }
      for value in values {
        switch spelling {
        case .short: args += [option.short.map { "-\($0)" } ?? "--\(name)", value]
        case .long: args += ["--\(name)", value]
        case .joined: args.append("--\(name)=\(value)")
        }
      }
    }
    if isReadOnly { args.append("--read-only") }
    if let health = self.health {
      if health.disabled {
        args.append("--no-healthcheck")
      } else if let command = healthCommand {
        args += ["--health-cmd", command]
        if let value = health.interval { args.append("--health-interval=\(value.text)") }
        if let value = health.timeout { args.append("--health-timeout=\(value.text)") }
        if let value = health.retries { args.append("--health-retries=\(value.text)") }
        if let value = health.startPeriod { args.append("--health-start-period=\(value.text)") }
      }
    }
    if restart, let policy = self.restart { args.append("--restart=\(policy.text)") }
    args += otherArguments
    if let entrypoint = entrypointWords { args += ["--entrypoint", Self.entrypointArgument(entrypoint)] }
    return args
  }

  /// Host folders of writable short-syntax bind mounts: Docker and Compose create a missing one, podman
  /// refuses to start (`lstat …: no such file or directory`), so the emitters create them first. Read-only
  /// mounts are left alone: they bring content (often a single file such as `nginx.conf`), and an empty
  /// folder made in its place would hide the mistake.
  public var bindSources: [String] {
    volumeSpecs.compactMap { spec in
      let parts = Mount.splitShortSpec(spec)
      guard parts.count >= 2, Mount.isHostPath(parts[0].text), !parts[0].text.hasPrefix("$") else { return nil }
      let options = parts.count >= 3 ? parts[2].text.split(separator: ",").map(String.init) : []
      if options.contains("ro") || options.contains("readonly") { return nil }
      return parts[0].text
    }
  }

  /// The variables this container refers to (`VariableReference`s in its environment, command, entrypoint,
  /// health check and labels, and bare `KEY` environment entries, which podman takes from its environment),
  /// in order, each once.
  public var referencedVariables: [String] {
    var names: [String] = []
    func add(_ name: String) { if !names.contains(name) { names.append(name) } }
    for entry in self.environment.map(\.text) {
      if entry.contains("=") {
        VariableReference.names(in: entry).forEach(add)
      } else if VariableReference.isValidName(entry) {
        add(entry)
      }
    }
    let texts =
      (commandWords ?? []) + (entrypointWords ?? []) + [healthCommand].compactMap { $0 } + self.labels.map(\.text)
    for text in texts { VariableReference.names(in: text).forEach(add) }
    return names
  }

  /// Environment keys that look like credentials (`SecretName`) and have a literal value written in the
  /// input itself: whatever file holds this container holds them.
  /// Command and entrypoint options count too (`--requirepass VALUE`, `--password=VALUE`).
  public var literalSecretKeys: [String] {
    var keys: [String] = self.environment.compactMap { value in
      let entry = value.text
      guard let equals = entry.firstIndex(of: "=") else { return nil }
      let key = String(entry[..<equals])
      let value = VariableReference.literalText(String(entry[entry.index(after: equals)...]))
      return SecretName.looksSecret(key) && !value.isEmpty ? key : nil
    }
    for words in [entrypointWords ?? [], commandWords ?? []] {
      for (index, word) in words.enumerated() where word.hasPrefix("--") {
        let option = word.split(separator: "=", maxSplits: 1).map(String.init)
        let name = String(option[0].dropFirst(2))
        guard SecretName.looksSecret(name) || name.lowercased().hasSuffix("pass") else { continue }
        let value = option.count == 2 ? option[1] : (index + 1 < words.count ? words[index + 1] : "")
        if !value.hasPrefix("-") && !VariableReference.literalText(value).isEmpty && !keys.contains(option[0]) {
          keys.append(option[0])
        }
      }
    }
    return keys
  }

  /// `--entrypoint` takes one string: one word as is, several as a JSON array (podman reads both).
  static func entrypointArgument(_ words: [String]) -> String {
    words.count == 1 ? words[0] : JSONText.array(words)
  }

  /// Renames the source of a named-volume mount (`data:/x` → `proj_data:/x`).
  static func renamingVolume(_ spec: String, _ names: [String: String]) -> String {
    guard !names.isEmpty else { return spec }
    let parts = Mount.splitShortSpec(spec)
    guard parts.count >= 2, let renamed = names[parts[0].text] else { return spec }
    return renamed + String(decoding: Array(spec.utf8).dropFirst(parts[0].text.utf8.count), as: UTF8.self)
  }
}

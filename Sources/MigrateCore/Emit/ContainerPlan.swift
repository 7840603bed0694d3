/// What the emitters (`migrate units`, `convert --to podman-script|compose`) write for one container: its
/// settings as plain values, read from a compose service or a run line **after** migration.
///
/// Why after: the emitters must make exactly the decisions the rewrite makes (`--userns=auto` per
/// `Container.userNamespacePlan`, `:U` per the writable-bind rule and the bind policy, fully qualified
/// images, `unless-stopped` → `always`, the socket path, …). Re-implementing those decisions here would let
/// the two drift apart; instead `EmitPlanner` runs the normal conversion (`Converter.convert`) and plans
/// from the model of the migrated text (`ConversionResult.model`, the engine's last parse), so every rule's
/// fix — present and future — reaches the units, scripts and compose files without the emitters knowing
/// the rules.
public struct ContainerPlan: Sendable {
  /// The service name, or for a run line the name composerize would give it (image base name).
  public var name: String
  /// `container_name` / `--name`, when given.
  public var containerName: String?
  public var image: String
  /// Exec-form command (`command:` / words after the image).
  public var command: [String]?
  /// Exec-form entrypoint.
  public var entrypoint: [String]?
  /// `KEY=VALUE` (or bare `KEY`, taken from the environment). Compose variables in the value are
  /// `VariableReference`s, as in `command`, `entrypoint`, the health check and labels: the emitters write
  /// them as references, never as values.
  public var environment: [String] = []
  public var envFiles: [String] = []
  /// Short-syntax mounts as podman reads them (`SRC:DST[:OPTS]`, anonymous `DST`).
  public var volumes: [String] = []
  /// `--mount` values (compose long syntax, `--mount` flags).
  public var mounts: [String] = []
  public var ports: [String] = []
  /// Networks joined, by name in the source (compose: project network names).
  public var networks: [String] = []
  /// `network_mode` / `--network` that is not a named network (`host`, `none`, `container:x`).
  public var networkMode: String?
  /// `userns_mode` / `--userns`.
  public var userns: String?
  public var restart: String?
  public var health: Health?
  /// Services this one starts after, with the compose condition (`service_started`, `service_healthy`,
  /// `service_completed_successfully`).
  public var dependsOn: [(service: String, condition: String)] = []
  /// Options with a Quadlet key of their own.
  public var user: String?
  public var workingDir: String?
  public var hostname: String?
  /// `domainname` / `--domainname`, until the planner folds it into `hostname` (podman has no such option).
  public var domainName: String?
  public var capAdd: [String] = []
  public var capDrop: [String] = []
  public var devices: [String] = []
  public var labels: [String] = []
  public var tmpfs: [String] = []
  public var readOnly = false
  /// Every other podman run option, already spelled as podman arguments (`--privileged`,
  /// `--security-opt=…`, `--add-host=…`); units put them in `PodmanArgs=`.
  public var otherArguments: [String] = []
  /// Settings that could not be carried over, for a comment in the output.
  public var notes: [String] = []
  /// Where the container came from, for error messages.
  public var anchor: ByteRange
  /// Options as compose keys, for `--to compose` (built from a run line; nil for compose services).
  public var composeKeys: [(key: String, value: ComposeValue)]?

  public struct Health: Sendable {
    /// The test as podman's `--health-cmd` takes it: a shell command, or a JSON array for `CMD`.
    public var command: String?
    public var disabled = false
    public var interval: String?
    public var timeout: String?
    public var retries: String?
    public var startPeriod: String?
  }

  public init(name: String, image: String, anchor: ByteRange) {
    self.name = name
    self.image = image
    self.anchor = anchor
  }

  /// How `runOptions` spells a setting: `-p X`, `--user X` or `--cap-add=X` (as `podman generate systemd`
  /// writes them; the goldens hold the style).
  enum Spelling { case short, long, joined }

  /// The plan's own fields in the order `runOptions` writes them, by option.
  static let argumentOrder: [(flag: String, spelling: Spelling)] = [
    ("hostname", .long), ("user", .long), ("workdir", .long), ("publish", .short), ("volume", .short),
    ("mount", .long), ("tmpfs", .long), ("env-file", .long), ("env", .short), ("cap-add", .joined),
    ("cap-drop", .joined), ("device", .long), ("label", .long),
  ]

  /// The values of the plan field that holds `flag` (`fields`).
  func values(_ flag: String) -> [String] {
    switch Self.fields[flag] {
    case .one(let field)?: return self[keyPath: field].map { [$0] } ?? []
    case .many(let field)?: return self[keyPath: field]
    case .health(let field)?: return health?[keyPath: field].map { [$0] } ?? []
    case nil: return []
    }
  }

  /// A plan field that holds one setting of the option table.
  enum Field {
    case one(WritableKeyPath<ContainerPlan, String?>)
    case many(WritableKeyPath<ContainerPlan, [String]>)
    case health(WritableKeyPath<Health, String?>)
  }

  /// The settings the plan keeps in fields of their own, by the option's docker flag (`ContainerOption.flag`);
  /// every other setting is in `otherArguments`, spelled as podman takes it.
  static var fields: [String: Field] {
    [
      "name": .one(\.containerName), "userns": .one(\.userns), "restart": .one(\.restart), "user": .one(\.user),
      "workdir": .one(\.workingDir), "hostname": .one(\.hostname), "volume": .many(\.volumes),
      "mount": .many(\.mounts), "publish": .many(\.ports), "env": .many(\.environment),
      "env-file": .many(\.envFiles), "cap-add": .many(\.capAdd), "cap-drop": .many(\.capDrop),
      "device": .many(\.devices), "label": .many(\.labels), "tmpfs": .many(\.tmpfs),
      "health-cmd": .health(\.command), "health-interval": .health(\.interval), "health-timeout": .health(\.timeout),
      "health-retries": .health(\.retries), "health-start-period": .health(\.startPeriod),
    ]
  }

  /// True when the container joins named networks (so other containers reach it by name).
  public var usesNamedNetworks: Bool { networkMode == nil && !networks.isEmpty }

  /// The `podman run` options (without `podman run`, the image and the command) that create the container:
  /// the one mapping from the plan to podman arguments, shared by the plain unit's `ExecStart=` and the
  /// podman script. `networkNames` maps the plan's network names to podman network names; `aliases` adds
  /// `--network-alias` for the service name; `restart` keeps `--restart` (units leave restarting to systemd).
  public func runOptions(
    name containerName: String?, networkNames: [String: String] = [:], volumeNames: [String: String] = [:],
    aliases: Bool = false, restart: Bool = true, joinNetworks: Bool = false
  ) -> [String] {
    var args: [String] = []
    if let containerName { args += ["--name", containerName] }
    if let userns { args.append("--userns=\(userns)") }
    if let networkMode {
      args.append("--network=\(networkMode)")
    } else {
      let names = networks.map { networkNames[$0] ?? $0 }
      if joinNetworks && !names.isEmpty {
        // Podman before 4.0 takes several networks as one comma-separated `--network` value.
        args.append("--network=\(names.joined(separator: ","))")
      } else {
        for name in names { args.append("--network=\(name)") }
      }
      if aliases && !networks.isEmpty { args.append("--network-alias=\(name)") }
    }
    for (flag, spelling) in Self.argumentOrder {
      guard let option = ContainerOption.forFlag(flag), let name = option.podmanName else { continue }
      var values = self.values(flag)
      if flag == "volume" { values = values.map { Self.renamingVolume($0, volumeNames) } }
      for value in values {
        switch spelling {
        case .short: args += [option.short.map { "-\($0)" } ?? "--\(name)", value]
        case .long: args += ["--\(name)", value]
        case .joined: args.append("--\(name)=\(value)")
        }
      }
    }
    if readOnly { args.append("--read-only") }
    if let health {
      if health.disabled {
        args.append("--no-healthcheck")
      } else if let command = health.command {
        args += ["--health-cmd", command]
        if let value = health.interval { args.append("--health-interval=\(value)") }
        if let value = health.timeout { args.append("--health-timeout=\(value)") }
        if let value = health.retries { args.append("--health-retries=\(value)") }
        if let value = health.startPeriod { args.append("--health-start-period=\(value)") }
      }
    }
    if restart, let policy = self.restart { args.append("--restart=\(policy)") }
    args += otherArguments
    if let entrypoint { args += ["--entrypoint", Self.entrypointArgument(entrypoint)] }
    return args
  }

  /// Host folders of writable short-syntax bind mounts: Docker and Compose create a missing one, podman
  /// refuses to start (`lstat …: no such file or directory`), so the emitters create them first. Read-only
  /// mounts are left alone: they bring content (often a single file such as `nginx.conf`), and an empty
  /// folder made in its place would hide the mistake.
  public var bindSources: [String] {
    volumes.compactMap { spec in
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
    for entry in environment {
      if entry.contains("=") {
        VariableReference.names(in: entry).forEach(add)
      } else if VariableReference.isValidName(entry) {
        add(entry)
      }
    }
    let texts = (command ?? []) + (entrypoint ?? []) + [health?.command].compactMap { $0 } + labels
    for text in texts { VariableReference.names(in: text).forEach(add) }
    return names
  }

  /// Environment keys that look like credentials (`SecretName`) and have a literal value written in the
  /// input itself: whatever file holds this container holds them.
  /// Command and entrypoint options count too (`--requirepass VALUE`, `--password=VALUE`).
  public var literalSecretKeys: [String] {
    var keys: [String] = environment.compactMap { entry in
      guard let equals = entry.firstIndex(of: "=") else { return nil }
      let key = String(entry[..<equals])
      let value = VariableReference.literalText(String(entry[entry.index(after: equals)...]))
      return SecretName.looksSecret(key) && !value.isEmpty ? key : nil
    }
    for words in [entrypoint ?? [], command ?? []] {
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

/// A compose project's `.env` file: its absolute path and text.
public struct DotEnvFile: Sendable {
  public var path: String
  public var text: String

  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }
}

/// A value of a compose key written by `ComposeEmitter`.
public indirect enum ComposeValue: Sendable {
  case scalar(String)
  /// `true`/`false`, written plain (a quoted "true" is a string to YAML).
  case boolean(Bool)
  case list([ComposeValue])
  case map([(String, ComposeValue)])
}

/// A compose project, or the containers of a script, ready to emit.
public struct ProjectPlan: Sendable {
  /// The compose project name (`name:`, else the folder name), or nil for run lines.
  public var name: String?
  public var containers: [ContainerPlan]
  /// Named volumes the project declares: source name → podman volume name, and `external` ones.
  public var volumes: [(name: String, podmanName: String, external: Bool)] = []
  /// Networks the project uses: name → podman network name, driver, and `external` ones.
  public var networks: [(name: String, podmanName: String, driver: String?, external: Bool)] = []
  /// True when the plan comes from a compose file (service names resolve through network aliases).
  public var fromCompose: Bool
  /// Relative bind sources are resolved against this folder in units (systemd runs in `/`).
  public var baseDirectory: String?
  /// Problems found while planning (unsupported settings, expansions), as notes for the output.
  public var notes: [String] = []
  /// Which services were left out (a `profiles:` not selected) or kept for a dependency; also in `notes`.
  public var selectionNotes: [String] = []
  /// Where the variables the containers refer to have their values (compose only).
  public var variableSources = VariableSources()

  /// Where referenced variables come from when the container starts: Compose reads them from the `.env`
  /// file, overridden by the environment `podman-compose` runs in.
  public struct VariableSources: Sendable {
    /// The absolute path of the project's `.env`, when a referenced variable takes its value from it.
    public var dotEnvPath: String?
    /// Referenced variables whose value Compose takes from `.env`.
    public var fromDotEnv: Set<String> = []
    /// Referenced variables whose value came from the environment `migrate` ran in (not `.env`).
    public var fromEnvironment: Set<String> = []
    /// Referenced variables with no value in `.env` or the environment.
    public var unset: Set<String> = []
    /// `.env` variables whose line systemd's `EnvironmentFile=` reads as another value than Compose does.
    public var readDifferentlyBySystemd: Set<String> = []
    /// Variables `.env` sets that podman itself reads (`HOME`, `XDG_RUNTIME_DIR`, `CONTAINERS_CONF`, …):
    /// a unit's `EnvironmentFile=` hands podman the whole file, not only the referenced names.
    public var readByPodman: [String] = []

    public init() {}
  }

  /// The variables the containers refer to, in order, each once.
  public var referencedVariables: [String] {
    var names: [String] = []
    for container in containers {
      for name in container.referencedVariables where !names.contains(name) { names.append(name) }
    }
    return names
  }

  /// Each container's `literalSecretKeys`, as `service: KEY` pairs.
  public var literalSecrets: [(container: String, key: String)] {
    containers.flatMap { container in container.literalSecretKeys.map { (container.name, $0) } }
  }

  public init(name: String?, containers: [ContainerPlan], fromCompose: Bool) {
    self.name = name
    self.containers = containers
    self.fromCompose = fromCompose
  }

  public var volumeNames: [String: String] {
    Dictionary(volumes.map { ($0.name, $0.podmanName) }, uniquingKeysWith: { a, _ in a })
  }
  public var networkNames: [String: String] {
    Dictionary(networks.map { ($0.name, $0.podmanName) }, uniquingKeysWith: { a, _ in a })
  }

  /// The container name podman gets: `container_name`, else `PROJECT_SERVICE` (compose), else the plan name.
  public func containerName(_ plan: ContainerPlan) -> String {
    if let given = plan.containerName { return given }
    if let name { return "\(name)_\(plan.name)" }
    return plan.name
  }

  /// The containers in an order where each comes after those it depends on (stable: file order otherwise).
  /// A dependency cycle, or a dependency on a service that does not exist, is an error located at the
  /// service that closes the cycle.
  public func startOrder(path: String) throws -> [ContainerPlan] {
    let index = Dictionary(containers.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    var state = [Int](repeating: 0, count: containers.count)  // 0 new, 1 on stack, 2 done
    var order: [ContainerPlan] = []
    func visit(_ i: Int, _ trail: [String]) throws {
      if state[i] == 2 { return }
      if state[i] == 1 {
        let cycle = (trail.drop { $0 != containers[i].name } + [containers[i].name]).joined(separator: " → ")
        throw ParseDiagnostic(
          stage: "compose", path: path, range: containers[i].anchor, problem: "depends_on cycle: \(cycle)")
      }
      state[i] = 1
      for dependency in containers[i].dependsOn {
        guard let j = index[dependency.service] else {
          throw ParseDiagnostic(
            stage: "compose", path: path, range: containers[i].anchor,
            problem: "service `\(containers[i].name)` depends on `\(dependency.service)`, which is not a service")
        }
        try visit(j, trail + [containers[i].name])
      }
      state[i] = 2
      order.append(containers[i])
    }
    for i in containers.indices { try visit(i, []) }
    return order
  }
}

/// Minimal JSON text for string arrays (health checks and entrypoints in exec form).
enum JSONText {
  static func string(_ s: String) -> String { CStyleEscape.quoted(s, control: CStyleEscape.unicode) }

  static func array(_ words: [String]) -> String {
    "[" + words.map(string).joined(separator: ",") + "]"
  }
}

/// Comments in emitted files (shell scripts, units, YAML all use `#`).
enum EmitComment {
  /// `# note: TEXT` as comment lines: a note quoting a multi-line value (a block scalar) continues on
  /// `#   ` lines, so no line of it can escape the comment.
  static func note(_ text: String) -> [String] {
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" })
      .map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    guard let first = lines.first else { return [] }
    return ["# note: \(first)"] + lines.dropFirst().map { "#   \($0)" }
  }
}

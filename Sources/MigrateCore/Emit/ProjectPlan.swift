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
  public var containers: [Container]
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
  /// How each service with `build:` is built, by service name (compose only).
  public var builds: [String: Build] = [:]

  /// A compose service's `build:`, as written (after interpolation).
  public struct Build: Sendable, Equatable {
    /// The context folder (or URL), relative to the compose file's folder; `.` when not given.
    public var context: String
    /// `dockerfile:`, relative to the context.
    public var dockerfile: String?
    /// `target:`, the stage to build.
    public var target: String?
    /// `args:` in order: `KEY=VALUE`, or a bare `KEY` (taken from the environment Compose runs in).
    public var args: [String] = []

    public init(context: String, dockerfile: String? = nil, target: String? = nil, args: [String] = []) {
      self.context = context
      self.dockerfile = dockerfile
      self.target = target
      self.args = args
    }

    /// True when the context is a folder (not a git or HTTP URL).
    public var isLocalContext: Bool { !context.contains("://") && !context.hasPrefix("git@") }
  }

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

  public init(name: String?, containers: [Container], fromCompose: Bool) {
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
  public func containerName(_ plan: Container) -> String {
    if let given = plan.containerName?.text { return given }
    if let name { return "\(name)_\(plan.name)" }
    return plan.name
  }

  /// The containers in an order where each comes after those it depends on (stable: file order otherwise).
  /// A dependency cycle, or a dependency on a service that does not exist, is an error located at the
  /// service that closes the cycle.
  public func startOrder(path: String) throws -> [Container] {
    let index = Dictionary(containers.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    var state = [Int](repeating: 0, count: containers.count)  // 0 new, 1 on stack, 2 done
    var order: [Container] = []
    func visit(_ i: Int, _ trail: [String]) throws {
      if state[i] == 2 { return }
      if state[i] == 1 {
        let cycle = (trail.drop { $0 != containers[i].name } + [containers[i].name]).joined(separator: " → ")
        throw ParseDiagnostic(
          stage: "compose", path: path, range: containers[i].anchorRange, problem: "depends_on cycle: \(cycle)")
      }
      state[i] = 1
      for dependency in containers[i].dependsOn {
        guard let j = index[dependency.service.text] else {
          throw ParseDiagnostic(
            stage: "compose", path: path, range: containers[i].anchorRange,
            problem: "service `\(containers[i].name)` depends on `\(dependency.service.text)`, which is not a service")
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

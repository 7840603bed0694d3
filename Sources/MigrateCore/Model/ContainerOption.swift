/// One container setting, described once: how `docker run` spells it, which compose key holds it, which
/// Quadlet `.container` key writes it (and the podman that has the key), how podman spells it, and the shape
/// of its value. Where a mapping does not exist, the entry says why.
///
/// Every input and output reads this table (`ContainerOption.all`): the compose emitter maps run flags to
/// compose keys with it, the emit planner maps compose keys to podman arguments with it, the unit emitter
/// picks a Quadlet key only when the target's podman has it (else `PodmanArgs=`). Adding a setting is one
/// entry here; `ContainerOptionTableTests` checks each entry round-trips (run flag → podman argument →
/// Quadlet key → compose key → podman argument).
public final class ContainerOption: Sendable {
  /// The shape of the value.
  public enum Shape: Sendable, Equatable {
    /// A switch: `--read-only`, compose `read_only: true`.
    case flag
    /// One value; a later one replaces it.
    case single
    /// Given once per value; compose holds a list.
    case repeated
  }

  /// Where the setting lives in a compose service.
  public enum Compose: Sendable, Equatable {
    /// A key path (`["deploy", "resources", "limits", "memory"]`), value written as the flag's value.
    case key([String])
    /// A key path whose value the code reshapes (`--mount` → long volume syntax, `--health-cmd` →
    /// `test: [CMD-SHELL, …]`); `how` says what is done.
    case reshaped([String], how: String)
    /// No compose key carries it over; the reason.
    case none(String)
  }

  /// How podman takes the setting on its command line.
  public enum Podman: Sendable, Equatable {
    /// `--NAME` (podman's spelling, without the dashes).
    case argument(String)
    /// The emitters set it themselves, or it makes no sense for a managed container; the reason.
    case setByEmitters(String)
    /// Podman has no such option; the reason, written as a note where the setting is dropped.
    case none(String)
  }

  /// How a Quadlet `.container` unit writes the setting.
  public enum Quadlet: Sendable, Equatable {
    /// `KEY=value`, from the podman release that has the key (older ones get `PodmanArgs=`).
    case key(String, since: PodmanFeature)
    /// Not a `[Container]` key: the reason (`PodmanArgs=` carries the podman argument, or the unit has its own
    /// setting).
    case none(String)
  }

  /// The docker long flag, without dashes (`cap-add`): the entry's name.
  public let flag: String
  /// Other long spellings docker accepts (`net` for `network`).
  public let aliases: [String]
  /// The one-letter flag (`e` for `env`).
  public let short: Character?
  public let shape: Shape
  public let compose: Compose
  /// Other compose keys read as this setting (`mem_limit` for `deploy.resources.limits.memory`).
  public let composeAliases: [String]
  public let podman: Podman
  public let quadlet: Quadlet
  /// A value for the examples and the round-trip test (`NET_ADMIN`); a flag's is `true`.
  public let example: String

  init(
    _ flag: String, _ shape: Shape, aliases: [String] = [], short: Character? = nil, compose: Compose,
    composeAliases: [String] = [], podman: Podman? = nil, quadlet: Quadlet, example: String
  ) {
    self.flag = flag
    self.aliases = aliases
    self.short = short
    self.shape = shape
    self.compose = compose
    self.composeAliases = composeAliases
    self.podman = podman ?? .argument(flag)
    self.quadlet = quadlet
    self.example = example
  }

  /// Every long spelling docker accepts.
  public var dockerNames: [String] { [flag] + aliases }

  /// The compose key path, when there is one.
  public var composePath: [String]? {
    switch compose {
    case .key(let path), .reshaped(let path, _): return path
    case .none: return nil
    }
  }

  /// The podman long option, when podman has one.
  public var podmanName: String? {
    if case .argument(let name) = podman { return name }
    return nil
  }

  /// The Quadlet key for `target`, when the target's podman has it.
  public func quadletKey(on target: TargetProfile) -> String? {
    guard case .key(let key, let feature) = quadlet, target.supports(feature) else { return nil }
    return key
  }

  /// The entry for a docker long flag or one of its aliases.
  public static func forFlag(_ name: String) -> ContainerOption? { byDockerName[name] }

  /// The entry whose compose key (top-level, or an alias) is `key`.
  public static func forComposeKey(_ key: String) -> ContainerOption? { byComposeKey[key] }

  /// The entry for a podman long option (without dashes).
  public static func forPodmanArgument(_ name: String) -> ContainerOption? { byPodmanName[name] }

  static let byDockerName: [String: ContainerOption] = Dictionary(
    all.flatMap { option in option.dockerNames.map { ($0, option) } }, uniquingKeysWith: { a, _ in a })
  static let byComposeKey: [String: ContainerOption] = Dictionary(
    all.flatMap { option -> [(String, ContainerOption)] in
      var keys = option.composeAliases
      if let path = option.composePath, path.count == 1 { keys.insert(path[0], at: 0) }
      return keys.map { ($0, option) }
    }, uniquingKeysWith: { a, _ in a })
  static let byPodmanName: [String: ContainerOption] = Dictionary(
    all.flatMap { option in
      (option.podmanName.map { [$0] } ?? []).map { ($0, option) } + option.dockerNames.map { ($0, option) }
    },
    uniquingKeysWith: { a, _ in a })

  // MARK: networks

  /// `--network` values that are modes, not network names (`host`, `container:ID`, `slirp4netns:…`,
  /// `pasta:…`, compose `service:NAME`); compose writes them as `network_mode:`.
  public static let networkModes: Set<String> = [
    "host", "none", "bridge", "private", "default", "container", "ns", "slirp4netns", "pasta", "service",
  ]

  /// True when a `--network` value names a network rather than a mode.
  public static func isNamedNetwork(_ value: String) -> Bool {
    let mode = value.split(separator: ":", maxSplits: 1).first.map(String.init) ?? value
    return !value.isEmpty && !networkModes.contains(mode)
  }

  // MARK: cgroup limits

  /// Compose service keys that set a cgroup limit, with the docker flag each stands for.
  public static let resourceLimitComposeKeys: [String: String] = Dictionary(
    all.filter { ResourceLimit.runFlags.contains($0.flag) }.flatMap { option -> [(String, String)] in
      var keys = option.composeAliases
      if let path = option.composePath, path.count == 1 { keys.insert(path[0], at: 0) }
      if let path = option.composePath, path.count == 2, path[0] == "blkio_config", path[1] == "weight" {
        keys.append("blkio_config")
      }
      return keys.map { ($0, option.flag) }
    }, uniquingKeysWith: { a, _ in a })
}

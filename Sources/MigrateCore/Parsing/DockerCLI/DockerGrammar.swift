/// Table-driven grammar of the docker 28 command line (plus compose v1/v2 and buildx).
///
/// The table itself is in `DockerGrammarTable.swift`, generated from docker 28.2.2's help output.

/// How many arguments a flag takes.
public enum FlagArity: Sendable, Hashable {
  /// A boolean: `--rm`; also accepts an attached value, `--rm=false`, never a separate word.
  case none
  /// Takes one value: `--name web`, `--name=web`, `-p80:80`, `-p=80:80`, `-p 80:80`.
  case one
}

/// One flag of a command.
public struct FlagSpec: Sendable, Hashable {
  /// Long name without dashes, e.g. `publish`.
  public var long: String
  /// One-letter shorthand, e.g. `p`.
  public var short: Character?
  public var arity: FlagArity
  /// True when the flag may be given several times and accumulates (pflag list/map/array types).
  public var repeatable: Bool
  /// pflag's value type as printed by `--help` (`string`, `list`, `bytes`, …); nil for booleans.
  public var valueType: String?
  /// True for flags docker accepts but hides from `--help` (`--net`, `--dns-opt`, …).
  public var hidden: Bool

  public init(
    long: String, short: Character? = nil, arity: FlagArity, repeatable: Bool = false,
    valueType: String? = nil, hidden: Bool = false
  ) {
    self.long = long
    self.short = short
    self.arity = arity
    self.repeatable = repeatable
    self.valueType = valueType
    self.hidden = hidden
  }

  /// A boolean flag.
  public static func bool(_ long: String, _ short: Character? = nil, hidden: Bool = false) -> FlagSpec {
    FlagSpec(long: long, short: short, arity: .none, hidden: hidden)
  }

  /// A flag taking one value.
  public static func value(
    _ long: String, _ short: Character? = nil, type: String = "string", repeatable: Bool = false,
    hidden: Bool = false
  ) -> FlagSpec {
    FlagSpec(
      long: long, short: short, arity: .one, repeatable: repeatable, valueType: type, hidden: hidden)
  }
}

/// One command (or command group) of the grammar.
public struct CommandSpec: Sendable, Hashable {
  /// Canonical path: the shortest spelling docker accepts, e.g. `["run"]` for `docker container run`,
  /// `["ps"]` for `docker container ls`, `["compose", "up"]`, `["buildx", "build"]`.
  public var path: [String]
  /// The command's own flags (docker's global flags are in `DockerGrammar.globalFlags`).
  public var flags: [FlagSpec]
  /// True when flags end at the first positional argument (`run`, `create`, `exec`, `top`, `commit`,
  /// `tag`, `service create`, `compose run`, `compose exec`, and the `compose` group itself), so
  /// `docker run img --rm` passes `--rm` to the container.
  public var positionalsStopFlags: Bool
  /// Other spellings of the same command, e.g. `[["container", "run"]]`.
  public var aliases: [[String]]
  /// For a group (`container`, `compose`, `buildx`, …), the names of its subcommands as written after
  /// the group; empty for a leaf command.
  public var subcommands: [String]

  public init(
    path: [String], positionalsStopFlags: Bool = false, aliases: [[String]] = [],
    subcommands: [String] = [], flags: [FlagSpec]
  ) {
    self.path = path
    self.flags = flags
    self.positionalsStopFlags = positionalsStopFlags
    self.aliases = aliases
    self.subcommands = subcommands
  }

  /// True for a command group such as `container` or `compose`.
  public var isGroup: Bool { !subcommands.isEmpty }

  /// The flag with long name `long` (without dashes).
  public func flag(long: String) -> FlagSpec? { flags.first { $0.long == long } }

  /// The flag with shorthand `short`.
  public func flag(short: Character) -> FlagSpec? { flags.first { $0.short == short } }
}

/// Lookup tables over `commands` and `globalFlags`.
public enum DockerGrammar {
  /// The spec for a written path (canonical or alias), e.g. `["container", "ls"]` gives the spec of
  /// `["ps"]`.
  public static func command(_ path: [String]) -> CommandSpec? {
    guard let index = pathIndex[path.joined(separator: " ")] else { return nil }
    return commands[index]
  }

  /// The flag tables of the docker binary's global options.
  public static func globalFlag(long: String) -> FlagSpec? { globalIndex.long[long] }
  public static func globalFlag(short: Character) -> FlagSpec? { globalIndex.short[short] }

  struct FlagIndex: Sendable {
    var long: [String: FlagSpec] = [:]
    var short: [Character: FlagSpec] = [:]

    init(_ flags: [FlagSpec]) {
      for flag in flags {
        if long[flag.long] == nil { long[flag.long] = flag }
        if let s = flag.short, short[s] == nil { short[s] = flag }
      }
    }
  }

  private static let pathIndex: [String: Int] = {
    var index: [String: Int] = [:]
    for (i, spec) in commands.enumerated() {
      index[spec.path.joined(separator: " ")] = i
    }
    for (i, spec) in commands.enumerated() {
      for alias in spec.aliases where index[alias.joined(separator: " ")] == nil {
        index[alias.joined(separator: " ")] = i
      }
    }
    return index
  }()

  private static let flagIndexes: [String: FlagIndex] = {
    var out: [String: FlagIndex] = [:]
    for spec in commands { out[spec.path.joined(separator: " ")] = FlagIndex(spec.flags) }
    return out
  }()

  static let globalIndex = FlagIndex(globalFlags)

  /// podman's own global options that take a value (`podman --help`, and the hidden `--cni-config-dir`,
  /// `--network-backend`, `--db-backend` of podman 4 and 5), so `podman --root /x run …` reads `/x` as the
  /// option's value, not as the subcommand. Docker's global options come first where both have one.
  static let podmanGlobalFlags: [FlagSpec] = [
    "cdi-spec-dir", "cgroup-manager", "cni-config-dir", "conmon", "db-backend", "events-backend", "hooks-dir",
    "identity", "imagestore", "module", "network-backend", "network-cmd-path", "network-config-dir", "out", "root",
    "runroot", "runtime", "runtime-flag", "ssh", "storage-driver", "storage-opt", "tmpdir", "url", "volumepath",
  ].map { FlagSpec.value($0) }

  static let podmanGlobalIndex = FlagIndex(globalFlags + podmanGlobalFlags)

  /// The flag index of the table's command with canonical path `path`.
  static func flagIndex(forCanonicalPath path: [String]) -> FlagIndex? {
    flagIndexes[path.joined(separator: " ")]
  }
}

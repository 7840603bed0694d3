/// A stretch of shell text inside a host file (a whole script, a Makefile recipe, a systemd `ExecStart=`, a
/// CI `run:` step), located in the host file's bytes.
public struct ShellRegion: Sendable, Hashable {
  /// Where the text is in the host file (UTF-8 bytes, 0-based, half-open).
  public var range: ByteRange
  /// The text to read when it is not the host bytes of `range` verbatim (a folded YAML scalar, an escaped
  /// string): then spans inside it do not map onto the file and fixes can only be shown.
  public var detachedText: [UInt8]?
  /// What the region is, for messages: "recipe of `deploy`", "`ExecStart=`", "step `run:`".
  public var label: String
  /// Make recipe text: `$$` stands for `$`, and `$(VAR)` is a make variable.
  public var isMakeRecipe: Bool = false
  /// A YAML literal block: every line carries the block's indentation (here-document terminators too).
  public var isIndentedBlock: Bool = false
  /// A systemd `Exec*=` line: no shell runs it, so `<`, `>`, `|`, `&` and parentheses are plain characters.
  public var isSystemdCommand: Bool = false
  /// A systemd `Environment=` line: assignments the unit's `Exec*=` lines (and the shells they start) see;
  /// read as shell assignments through `ScriptParser.systemdEnvironmentView`.
  public var isSystemdEnvironment: Bool = false
  /// An array's elements (`CMD=(docker run …)`): line breaks are blanks, so elements over several lines are
  /// one command.
  public var joinsLines: Bool = false

  public init(
    range: ByteRange, detachedText: [UInt8]? = nil, label: String, isMakeRecipe: Bool = false,
    isIndentedBlock: Bool = false, isSystemdCommand: Bool = false, isSystemdEnvironment: Bool = false,
    joinsLines: Bool = false
  ) {
    self.isSystemdEnvironment = isSystemdEnvironment
    self.joinsLines = joinsLines
    self.range = range
    self.detachedText = detachedText
    self.label = label
    self.isMakeRecipe = isMakeRecipe
    self.isIndentedBlock = isIndentedBlock
    self.isSystemdCommand = isSystemdCommand
  }

  /// True when edits inside the region can be applied to the host file.
  public var isVerbatim: Bool { detachedText == nil }
}

/// Something about the host file (not a command) that a rule may report or fix: a make variable naming the
/// docker program, a systemd dependency on `docker.service`, a CI docker-in-docker service.
public struct HostFileItem: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    /// `DOCKER ?= docker`: `value` is the program word's range.
    case programVariable(name: String)
    /// `After=docker.service` and friends: the token's range; `lineRange` is the whole line with its break.
    case dockerServiceDependency(key: String, lineRange: ByteRange, onlyToken: Bool)
    /// GitLab `services: [docker:dind]`.
    case dockerInDockerService
    /// `$ENGINE run …`: a variable migrate cannot see runs a container command.
    case indirectProgram
  }

  public var kind: Kind
  public var range: ByteRange
  public var text: String
}

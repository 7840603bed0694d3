/// The process environment a command reads: terminal and colour settings.
public struct CommandEnvironment: Sendable {
  public var stdoutIsTerminal: Bool
  public var stderrIsTerminal: Bool
  public var noColor: Bool

  public init(stdoutIsTerminal: Bool, stderrIsTerminal: Bool, noColor: Bool) {
    self.stdoutIsTerminal = stdoutIsTerminal
    self.stderrIsTerminal = stderrIsTerminal
    self.noColor = noColor
  }

  /// Whether findings on standard error may be coloured (a terminal, and `NO_COLOR` unset or empty).
  public var stderrColor: Bool { stderrIsTerminal && !noColor }

  /// The environment of this process.
  public static var process: CommandEnvironment {
    CommandEnvironment(
      stdoutIsTerminal: FileIO.isTerminal(1), stderrIsTerminal: FileIO.isTerminal(2),
      noColor: FileIO.environment("NO_COLOR").map { !$0.isEmpty } ?? false)
  }
}

/// What a command printed and how it exits.
public struct CommandOutcome: Sendable {
  public var stdout: [UInt8] = []
  public var stderr: [UInt8] = []
  public var exitCode: Int32 = 0

  public init() {}

  /// The one failure path of every command: what was printed so far, then `migrate: MESSAGE` on standard
  /// error, and exit status 2 (usage, parse, I/O or internal error).
  public func failed(_ message: String) -> CommandOutcome {
    var outcome = self
    outcome.stderr += Array("migrate: \(message)\n".utf8)
    outcome.exitCode = 2
    return outcome
  }

  /// `failed` with what `error` says (`MigrateError.describe`).
  public func failed(_ error: any Error) -> CommandOutcome { failed(MigrateError.describe(error)) }
}

/// A command's input, read: its bytes and the kind they are read as.
struct CommandInput {
  var bytes: [UInt8]
  var kind: InputKind
  /// What was done to a pasted `--command` (`PastedCommand`), one sentence each.
  var notes: [String] = []

  /// Reads `text` (`--command`) or the file at `path`, and tells its kind (`kind` when given, else from
  /// the name and content); the error says which step failed, as `migrate: …` prints it. With `command`,
  /// `text` was given as `--command` and may be pasted from a README or a terminal: it is normalized.
  static func read(_ path: String, text: String?, kind: InputKind?, command: Bool = false)
    -> Result<CommandInput, CommandInputError>
  {
    let bytes: [UInt8]
    var notes: [String] = []
    do {
      if command, let text {
        let normalized = PastedCommand.normalize(text)
        notes = normalized.notes
        bytes = Array(normalized.text.utf8)
      } else {
        bytes = try text.map { Array($0.utf8) } ?? FileIO.read(path)
      }
    } catch {
      return .failure(CommandInputError(message: MigrateError.describe(error)))
    }
    guard let kind = kind ?? Converter.detectKind(path: path, bytes: bytes) else {
      let kinds = InputKind.allCases.map(\.rawValue).joined(separator: ", ")
      return .failure(
        CommandInputError(message: "\(path): cannot tell what kind of file this is; pass --kind (\(kinds))"))
    }
    return .success(CommandInput(bytes: bytes, kind: kind, notes: notes))
  }
}

/// Why a command's input could not be read.
struct CommandInputError: Error {
  var message: String
}

import ArgumentParser
import MigrateCore

/// The help of a command's input: a file, or one command line (`--command`).
protocol InputHelp {
  static var input: (file: ArgumentHelp, command: ArgumentHelp) { get }
}

/// What a command reads: a file (or `-`), or one command line given with `--command`; exactly one of the two.
struct InputFlags<Help: InputHelp>: ParsableArguments {
  @Argument(help: Help.input.file)
  var file: String?

  @Option(help: Help.input.command)
  var command: String?

  func validate() throws {
    if (file == nil) == (command == nil) { throw ValidationError("Give a file or --command, not both or neither.") }
  }

  /// The path findings name: the file, or `<command>`.
  var path: String { file ?? "<command>" }

  /// The text to read instead of a file: the command line, ended by a newline.
  var text: String? { command.map { $0 + "\n" } }

  /// Where `.migrate.yml` is looked for: beside the file; a command line has no file (the current folder).
  var settingsInput: String? { command == nil ? file : nil }

  /// The kind to read the input as: `given` (`--kind`) for a file, shell for a command line.
  func kind(_ given: InputKind?) -> InputKind? { command == nil ? given : .shell }
}

/// The help of the flags that write files in place.
protocol WriteHelp {
  static var writing: (write: ArgumentHelp, writeReadOnly: ArgumentHelp, check: ArgumentHelp) { get }
}

/// `--write`, `--write-read-only` and `--check`, shared by `convert` and `batch`.
struct WriteFlags<Help: WriteHelp>: ParsableArguments {
  @Flag(help: Help.writing.write)
  var write = false

  @Flag(help: Help.writing.writeReadOnly)
  var writeReadOnly = false

  @Flag(help: Help.writing.check)
  var check = false

  func validate() throws {
    if writeReadOnly && !write { throw ValidationError("--write-read-only goes with --write.") }
  }
}

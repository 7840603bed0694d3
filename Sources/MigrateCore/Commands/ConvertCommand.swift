/// What `migrate convert` was asked to do.
public struct ConvertRequest: Sendable {
  public enum Output: Sendable {
    /// Print the converted file.
    case converted
    /// Print a unified diff; write nothing.
    case diff
    /// Rewrite the file in place.
    case write
  }

  public var path: String
  public var kind: InputKind?
  public var options: ConversionOptions
  public var output: Output
  public var check: Bool
  /// Text to convert instead of reading `path` (`--command`).
  public var text: String?
  public var format: ReportFormat
  /// Exit 1 when a finding at or above this severity is not resolved (remaining, or needing review).
  public var failOn: Severity?
  /// With `.write`: also rewrite a file whose owner has no write permission (`--write-read-only`).
  public var writeReadOnly = false
  /// `text` is a `--command`: pasted text (prompts, output lines, lines broken without `\`, `docker service
  /// create`) is normalized first (`PastedCommand`), and a note says what was done.
  public var isCommand = false

  public init(
    path: String, kind: InputKind?, options: ConversionOptions, output: Output, check: Bool, text: String? = nil,
    format: ReportFormat = .text, failOn: Severity? = nil
  ) {
    self.format = format
    self.failOn = failOn
    self.path = path
    self.kind = kind
    self.options = options
    self.output = output
    self.check = check
    self.text = text
  }
}

/// `migrate convert` without the argument parsing: read, convert, report, write.
public enum ConvertCommand {
  public static func run(_ request: ConvertRequest, environment: CommandEnvironment) -> CommandOutcome {
    var outcome = CommandOutcome()
    let input: CommandInput
    switch CommandInput.read(request.path, text: request.text, kind: request.kind, command: request.isCommand) {
    case .success(let read): input = read
    case .failure(let error): return outcome.failed(error.message)
    }
    let bytes = input.bytes
    let kind = input.kind
    let source = SourceFile(path: request.path, bytes: bytes)
    let result = Converter.convert(source, kind: kind, options: request.options)
    outcome.stderr = Array(
      Reporter.render(.file(result), format: request.format, options: request.options, color: environment.stderrColor)
        .utf8)
    for note in input.notes { outcome.stderr += Array("migrate: \(request.path): \(note)\n".utf8) }
    if result.failed {
      outcome.exitCode = 2
      return outcome
    }
    switch request.output {
    case .converted:
      outcome.stdout = result.output
    case .diff:
      let style = UnifiedDiff.Style(color: environment.stdoutIsTerminal && !environment.noColor)
      outcome.stdout = Array(
        UnifiedDiff.render(old: source.bytes, new: result.output, path: request.path, style: style).utf8)
    case .write:
      if result.changed {
        do {
          // The repository is the git work tree of the path as given (or its folder): a link is followed
          // only to a file inside it.
          let report = try FileIO.rewrite(
            result.output, at: request.path, policy: WritePolicy(readOnly: request.writeReadOnly, expected: bytes))
          for note in report.notes { outcome.stderr += Array("migrate: \(request.path): \(note)\n".utf8) }
        } catch {
          return outcome.failed(error)
        }
      }
    }
    // `--check` is the CI gate: a file that would change, or that still needs a person, does not pass it.
    if request.check && (result.changed || result.findings.needsReview) { outcome.exitCode = 1 }
    if let level = request.failOn, result.findings.hasUnresolved(atLeast: level) { outcome.exitCode = 1 }
    return outcome
  }

}

/// A located problem that stops a file from being understood: it is printed as
/// `path:line:col: error: <stage>: <problem>` followed by the source line and a caret.
public struct ParseDiagnostic: Error, Hashable, Sendable {
  /// Which layer found the problem: `yaml`, `compose`, `shell`, `input`.
  public var stage: String
  public var path: String
  /// Where, in the file's original bytes.
  public var range: ByteRange
  public var problem: String
  /// Optional extra context, e.g. "while parsing a block mapping" and where that started.
  public var context: String?
  public var contextRange: ByteRange?

  public init(
    stage: String, path: String, range: ByteRange, problem: String, context: String? = nil,
    contextRange: ByteRange? = nil
  ) {
    self.stage = stage
    self.path = path
    self.range = range
    self.problem = problem
    self.context = context
    self.contextRange = contextRange
  }

  /// The diagnostic in compiler style, with the offending source line and a caret under the column.
  public func rendered(in source: SourceFile) -> String {
    let position = source.lines.position(of: range.lower)
    var text = "\(path):\(position.line):\(position.column): error: \(stage): \(problem)"
    if let context {
      if let contextRange {
        let at = source.lines.position(of: contextRange.lower)
        text += " (\(context) at line \(at.line), column \(at.column))"
      } else {
        text += " (\(context))"
      }
    }
    text += "\n" + SourceExcerpt.caretLines(in: source, at: range.lower)
    return text
  }
}

/// Draws the source line holding a byte offset with a caret under it.
public enum SourceExcerpt {
  /// Lines longer than this are cut around the caret, so a 10 MB one-line file prints a readable excerpt.
  static let maxWidth = 160

  public static func caretLines(in source: SourceFile, at offset: Int) -> String {
    guard !source.bytes.isEmpty else { return "\n^" }
    let clamped = max(0, min(offset, source.bytes.count))
    let lineRange = source.lines.lineRange(source.lines.lineIndex(of: clamped))
    var scalars = Array(source.text(lineRange).unicodeScalars)
    if lineRange.lower == 0, source.hasBOM, scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    let column = source.lines.position(of: clamped).column - 1
    var start = 0
    if scalars.count > maxWidth {
      start = max(0, min(column - maxWidth / 2, scalars.count - maxWidth))
    }
    let end = min(scalars.count, start + maxWidth)
    var line = ""
    var caret = ""
    for index in start..<end {
      let scalar = scalars[index]
      // Control characters (NUL in a binary file) are shown escaped so the terminal is not confused.
      if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
        line += "?"
      } else {
        line.unicodeScalars.append(scalar)
      }
      if index < column { caret += scalar == "\t" ? "\t" : " " }
    }
    if column > end { caret += String(repeating: " ", count: max(0, end - start)) }
    return line + "\n" + caret + "^"
  }
}

/// Every error `migrate` reports; each is located or names the file it concerns.
public enum MigrateError: Error, Sendable {
  case parse(ParseDiagnostic)
  case io(path: String, message: String)
  case usage(String)
  case config(String)
  /// The Docker engine, or what it printed (`docker inspect` output), could not be read.
  case docker(String)
  /// A bug in `migrate` itself, e.g. a fix that makes the output unparsable.
  case `internal`(String)

  /// What `migrate: …` says about `error`: the path and the problem, or the message (any other error as
  /// Swift prints it).
  public static func describe(_ error: any Error) -> String {
    switch error {
    case MigrateError.io(let path, let message): return "\(path): \(message)"
    case MigrateError.usage(let message), MigrateError.config(let message), MigrateError.internal(let message),
      MigrateError.docker(let message):
      return message
    case MigrateError.parse(let diagnostic): return "\(diagnostic.path): \(diagnostic.problem)"
    default: return "\(error)"
    }
  }
}

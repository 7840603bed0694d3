/// Reads POSIX sh / bash text into simple commands with exact host-file byte spans.
///
/// The reader does not execute or expand anything: it finds the simple commands (including those
/// inside `$(…)`, backticks and compound commands), their words, and located diagnostics. It never
/// traps on hostile input (unterminated quotes, NUL bytes, invalid UTF-8, very long lines) and runs in
/// time linear in the input, apart from a bounded nesting depth.
public enum ShellReader {
  /// The deepest nesting of `$(…)`, backticks, `${…}` and `$((…))` that is followed; deeper input
  /// gets a diagnostic and the rest of the region is skipped.
  public static let maximumNestingDepth = 48
  /// Limits against hostile input (a script is read whole into memory, about 200 bytes per word): past
  /// them the rest of the text is not read and a located diagnostic says why. A deploy script of 16,000
  /// `docker run` lines has about 130,000 words; a word of 16 MiB is no command line (Linux passes at most
  /// 128 KiB per argument, 2 MiB in all).
  public static let maximumWords = 500_000
  public static let maximumWordBytes = 16 << 20

  /// Reads `bytes[region]` as shell text.
  ///
  /// - Parameters:
  ///   - bytes: the host file's bytes.
  ///   - region: the half-open UTF-8 byte range (0-based) of `bytes` holding the shell text; nil means
  ///     the whole buffer. It is clamped to the buffer. Every range in the result is a host-file
  ///     range, so text embedded in a Makefile or YAML file keeps its real offsets.
  ///   - dialect: `.posix` or `.bash`.
  public static func parse(
    _ bytes: [UInt8], in region: ByteRange? = nil, dialect: ShellDialect = .posix,
    options: ShellReadOptions = ShellReadOptions()
  ) -> ShellScript {
    let lower = min(max(region?.lower ?? 0, 0), bytes.count)
    let upper = min(max(region?.upper ?? bytes.count, lower), bytes.count)
    var state = ShellParserState(bytes: bytes, start: lower, end: upper, dialect: dialect)
    state.options = options
    return state.run()
  }

  /// Convenience: reads a Swift string (offsets are UTF-8 byte offsets into `text`).
  public static func parse(_ text: String, dialect: ShellDialect = .posix) -> ShellScript {
    parse(Array(text.utf8), dialect: dialect)
  }
}

// The reader's state and its parts are internal only so that `ShellReader+….swift` can extend them;
// nothing outside `Parsing/Shell/` uses them.

/// Thrown inside the reader when a construct cannot be completed; the enclosing command is dropped.
struct ShellConstructFailure: Error {}

enum ShellByte {
  static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")
  static let newline = UInt8(ascii: "\n")
  static let semicolon = UInt8(ascii: ";")
  static let ampersand = UInt8(ascii: "&")
  static let pipe = UInt8(ascii: "|")
  static let less = UInt8(ascii: "<")
  static let greater = UInt8(ascii: ">")
  static let openParen = UInt8(ascii: "(")
  static let closeParen = UInt8(ascii: ")")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")
  static let openBracket = UInt8(ascii: "[")
  static let closeBracket = UInt8(ascii: "]")
  static let backslash = UInt8(ascii: "\\")
  static let singleQuote = UInt8(ascii: "'")
  static let doubleQuote = UInt8(ascii: "\"")
  static let backtick = UInt8(ascii: "`")
  static let dollar = UInt8(ascii: "$")
  static let hash = UInt8(ascii: "#")
  static let equals = UInt8(ascii: "=")
  static let plus = UInt8(ascii: "+")
  static let minus = UInt8(ascii: "-")

  static func isNameStart(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
  }
  static func isNameChar(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) }
  static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
  static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
  /// Bytes that end an unquoted word.
  static func isWordBreak(_ b: UInt8) -> Bool {
    switch b {
    case space, tab, newline, semicolon, ampersand, pipe, less, greater, openParen, closeParen: return true
    default: return false
    }
  }
  /// Special parameters `$@ $* $# $? $- $$ $!`.
  static func isSpecialParameter(_ b: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "@"), UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: "?"), minus, dollar,
      UInt8(ascii: "!"):
      return true
    default: return false
    }
  }
}

/// A simple command being collected.
struct ShellStatementBuilder {
  var id: Int
  var assignments: [ShellWord] = []
  var words: [ShellWord] = []
  var redirections: [ByteRange] = []
  var poisoned = false
  var backgrounded = false
  var isEmpty: Bool { assignments.isEmpty && words.isEmpty }
}

/// Where the list reader is inside compound-command syntax.
enum ShellListMode {
  case normal
  case caseSubject
  case caseIn
  case casePattern
  case forName
  case forIn
  case forWords
  case functionName
  case conditional
}

struct ShellPendingHeredoc {
  var delimiter: [UInt8]
  var stripTabs: Bool
  var operatorRange: ByteRange
  var ownerID: Int
}

struct ShellEmittedStatement {
  var id: Int
  var command: ShellStatement
}

struct ShellParserState {
  let bytes: [UInt8]
  let dialect: ShellDialect
  var options = ShellReadOptions()
  var pos: Int
  var end: Int
  var emitted: [ShellEmittedStatement] = []
  var diagnostics: [ShellDiagnostic] = []
  var comments: [ByteRange] = []
  var droppedIDs: Set<Int> = []
  var pendingHeredocs: [ShellPendingHeredoc] = []
  /// Offsets of the backslash of every line continuation seen, ascending.
  var continuations: [Int] = []
  var nextID = 0
  var depth = 0
  /// Set when the nesting limit stopped the reading (see `enterNesting`).
  /// True once a limit (nesting, words, word length) stopped the reading: what was left open is not
  /// reported as unterminated.
  var limitReached = false
  /// Words read so far (`ShellReader.maximumWords`).
  var wordCount = 0
  /// Bytes that look-ahead scans for `$(( … ))` / `(( … ))` may still read. Real arithmetic is read
  /// once (nested ones a few times); input such as a long run of `((((` would otherwise be rescanned
  /// from every position, so once the budget is spent `((` is read as two parentheses.
  var arithmeticScanBudget: Int

  init(bytes: [UInt8], start: Int, end: Int, dialect: ShellDialect) {
    self.bytes = bytes
    self.pos = start
    self.end = end
    self.dialect = dialect
    self.arithmeticScanBudget = 8 * (end - start) + 1_000_000
  }

  // MARK: Driver

  mutating func run() -> ShellScript {
    while pos < end {
      _ = parseList(closeParen: false, nested: false)
      // A stray `)` at top level is reported and skipped by parseList; anything else means end.
      if pos < end && bytes[pos] != ShellByte.closeParen { break }
    }
    for heredoc in pendingHeredocs { reportUnterminatedHeredoc(heredoc) }
    pendingHeredocs.removeAll()
    // Kept statements in source order (stable), through indices: copies of the statements themselves
    // would hold the list three times over (a one-line script may have millions).
    var order =
      droppedIDs.isEmpty ? Array(emitted.indices) : emitted.indices.filter { !droppedIDs.contains(emitted[$0].id) }
    let statements = emitted
    emitted = []
    func lower(_ index: Int) -> Int { statements[index].command.range.lower }
    if zip(order, order.dropFirst()).contains(where: { lower($0) > lower($1) }) {
      order.sort { lower($0) != lower($1) ? lower($0) < lower($1) : $0 < $1 }
    }
    let commands = order.map { statements[$0].command }
    return ShellScript(commands: commands, diagnostics: diagnostics, comments: comments)
  }

  mutating func diagnose(_ message: String, _ lower: Int, _ upper: Int) {
    // Past the nesting limit the rest of the text is skipped: every level that was open is then
    // "unterminated" only because of that skip, and the one finding about the depth says it all.
    if limitReached && message.hasPrefix("unterminated") { return }
    let lo = max(0, min(lower, bytes.count))
    let hi = max(lo, min(upper, bytes.count))
    diagnostics.append(ShellDiagnostic(message: message, range: ByteRange(lo, hi)))
  }

  /// Reports `message` at `lower..<upper`, skips the rest of the region and returns the error that drops
  /// the enclosing command: `throw giveUp("unterminated single quote", open, open + 1)`.
  mutating func giveUp(_ message: String, _ lower: Int, _ upper: Int) -> ShellConstructFailure {
    diagnose(message, lower, upper)
    pos = end
    return ShellConstructFailure()
  }

  func byte(at index: Int) -> UInt8? { index < end && index >= 0 ? bytes[index] : nil }

  mutating func newBuilder() -> ShellStatementBuilder {
    nextID += 1
    return ShellStatementBuilder(id: nextID)
  }
}

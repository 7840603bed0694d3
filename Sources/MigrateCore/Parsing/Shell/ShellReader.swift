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

/// Thrown inside the reader when a construct cannot be completed; the enclosing command is dropped.
private struct ShellConstructFailure: Error {}

private enum ShellByte {
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
private struct ShellCommandBuilder {
  var id: Int
  var assignments: [ShellWord] = []
  var words: [ShellWord] = []
  var redirections: [ByteRange] = []
  var poisoned = false
  var backgrounded = false
  var isEmpty: Bool { assignments.isEmpty && words.isEmpty }
}

/// Where the list reader is inside compound-command syntax.
private enum ShellListMode {
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

private struct ShellPendingHeredoc {
  var delimiter: [UInt8]
  var stripTabs: Bool
  var operatorRange: ByteRange
  var ownerID: Int
}

private struct ShellEmittedCommand {
  var id: Int
  var command: ShellCommand
}

private struct ShellParserState {
  let bytes: [UInt8]
  let dialect: ShellDialect
  var options = ShellReadOptions()
  var pos: Int
  var end: Int
  var emitted: [ShellEmittedCommand] = []
  var diagnostics: [ShellDiagnostic] = []
  var comments: [ByteRange] = []
  var droppedIDs: Set<Int> = []
  var pendingHeredocs: [ShellPendingHeredoc] = []
  /// Offsets of the backslash of every line continuation seen, ascending.
  var continuations: [Int] = []
  var nextID = 0
  var depth = 0
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
    let kept = emitted.enumerated().filter { !droppedIDs.contains($0.element.id) }
    let ordered = kept.sorted {
      $0.element.command.range.lower != $1.element.command.range.lower
        ? $0.element.command.range.lower < $1.element.command.range.lower
        : $0.offset < $1.offset
    }
    return ShellScript(
      commands: ordered.map { $0.element.command }, diagnostics: diagnostics, comments: comments)
  }

  mutating func diagnose(_ message: String, _ lower: Int, _ upper: Int) {
    let lo = max(0, min(lower, bytes.count))
    let hi = max(lo, min(upper, bytes.count))
    diagnostics.append(ShellDiagnostic(message: message, range: ByteRange(lo, hi)))
  }

  func byte(at index: Int) -> UInt8? { index < end && index >= 0 ? bytes[index] : nil }

  mutating func newBuilder() -> ShellCommandBuilder {
    nextID += 1
    return ShellCommandBuilder(id: nextID)
  }

  // MARK: Lists of commands

  /// Reads commands until the region end or, when `closeParen`, an unmatched `)` (left unconsumed).
  /// Returns true when it stopped where it should (the `)` for `closeParen`, the end otherwise).
  mutating func parseList(closeParen: Bool, nested: Bool) -> Bool {
    var builder = newBuilder()
    var mode = ShellListMode.normal
    var caseDepth = 0
    var parenDepth = 0
    while true {
      skipBlanks()
      guard pos < end else {
        finish(&builder, nested: nested)
        return !closeParen
      }
      let c = bytes[pos]
      let next = byte(at: pos + 1)
      if mode == .conditional {
        // Inside `[[ … ]]` operators are part of the expression, not command separators.
        switch c {
        case ShellByte.ampersand where next == ShellByte.ampersand, ShellByte.pipe where next == ShellByte.pipe:
          pos += 2
          continue
        case ShellByte.openParen, ShellByte.closeParen, ShellByte.less, ShellByte.greater, ShellByte.pipe:
          pos += 1
          continue
        case ShellByte.newline, ShellByte.semicolon, ShellByte.ampersand:
          mode = .normal  // unterminated `[[`: be lenient, fall through to normal handling
        default:
          break
        }
      }
      switch c {
      case ShellByte.hash:
        skipComment()
      case ShellByte.newline:
        finish(&builder, nested: nested)
        pos += 1
        readHeredocBodies()
        if mode == .forIn || mode == .forWords || mode == .functionName { mode = .normal }
      case ShellByte.semicolon:
        finish(&builder, nested: nested)
        if next == ShellByte.semicolon {
          pos += 2
          if byte(at: pos) == ShellByte.ampersand { pos += 1 }
          if caseDepth > 0 { mode = .casePattern }
        } else if next == ShellByte.ampersand {
          pos += 2
          if caseDepth > 0 { mode = .casePattern }
        } else {
          pos += 1
          if mode == .forIn || mode == .forWords || mode == .functionName { mode = .normal }
        }
      case ShellByte.ampersand:
        if next == ShellByte.greater && dialect == .bash {
          readRedirection(into: &builder)
        } else {
          if next != ShellByte.ampersand { builder.backgrounded = true }
          finish(&builder, nested: nested)
          pos += next == ShellByte.ampersand ? 2 : 1
        }
      case ShellByte.pipe:
        if mode == .casePattern {
          pos += 1
          continue
        }
        finish(&builder, nested: nested)
        pos += (next == ShellByte.pipe || next == ShellByte.ampersand) ? 2 : 1
      case ShellByte.openParen:
        if mode == .casePattern {
          pos += 1
          continue
        }
        if builder.words.count == 1 && builder.assignments.isEmpty && !builder.poisoned
          && nextNonBlank(after: pos + 1) == ShellByte.closeParen
        {
          // `name() …`: a function definition, not a command.
          builder = newBuilder()
          pos += 1
          skipBlanks()
          pos += 1
          continue
        }
        if dialect == .bash && next == ShellByte.openParen && (builder.isEmpty || mode == .forName) {
          // `(( … ))` arithmetic command or `for (( … ))`.
          if let close = findArithmeticEnd(from: pos + 2) {
            do {
              try scanArithmeticBody(from: pos + 2, to: close - 2)
            } catch {
              builder.poisoned = true
            }
            pos = close
            if mode == .forName { mode = .normal }
            continue
          }
        }
        finish(&builder, nested: nested)
        parenDepth += 1
        pos += 1
      case ShellByte.closeParen:
        if mode == .casePattern {
          mode = .normal
          pos += 1
          continue
        }
        finish(&builder, nested: nested)
        if parenDepth > 0 {
          parenDepth -= 1
          pos += 1
          continue
        }
        if closeParen { return true }
        diagnose("unexpected ')'", pos, pos + 1)
        pos += 1
      case ShellByte.less, ShellByte.greater:
        if dialect == .bash && next == ShellByte.openParen {
          readWordAndHandle(&builder, &mode, &caseDepth, nested: nested)
        } else {
          readRedirection(into: &builder)
        }
      default:
        readWordAndHandle(&builder, &mode, &caseDepth, nested: nested)
      }
    }
  }

  /// Reads one word at `pos` and files it according to `mode`.
  private mutating func readWordAndHandle(
    _ builder: inout ShellCommandBuilder, _ mode: inout ShellListMode, _ caseDepth: inout Int,
    nested: Bool
  ) {
    let word: ShellWord
    do {
      word = try readWord()
    } catch {
      builder.poisoned = true
      return
    }
    // `2>file`, `{fd}>file`: the word was a file-descriptor prefix of a redirection.
    if let next = byte(at: pos), next == ShellByte.less || next == ShellByte.greater,
      word.range.upper == pos, isRedirectionPrefix(word)
    {
      readRedirection(into: &builder, prefixStart: word.range.lower)
      return
    }
    switch mode {
    case .casePattern:
      if builder.isEmpty && keyword(word) == "esac" {
        caseDepth = max(0, caseDepth - 1)
        mode = .normal
      }
      return
    case .caseSubject:
      mode = .caseIn
      return
    case .caseIn:
      mode = .casePattern
      return
    case .forName:
      mode = .forIn
      return
    case .forIn:
      mode = keyword(word) == "do" ? .normal : .forWords
      return
    case .forWords:
      return
    case .functionName:
      mode = .normal
      return
    case .conditional:
      if keyword(word) == "]]" { mode = .normal }
      return
    case .normal:
      break
    }
    if builder.isEmpty, let kw = keyword(word) {
      switch kw {
      case "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}":
        return
      case "esac":
        caseDepth = max(0, caseDepth - 1)
        return
      case "case":
        caseDepth += 1
        mode = .caseSubject
        return
      case "for", "select":
        mode = .forName
        return
      case "function":
        mode = .functionName
        return
      case "[[":
        if dialect == .bash {
          mode = .conditional
          return
        }
      case "time", "coproc":
        if dialect == .bash { return }
      default:
        break
      }
    }
    if builder.words.isEmpty && isAssignment(word) {
      builder.assignments.append(word)
    } else {
      builder.words.append(word)
    }
  }

  /// The reserved word spelled by `word`, when it is a plain unquoted literal.
  func keyword(_ word: ShellWord) -> String? {
    guard word.isVerbatim, let value = word.staticValue, value.utf8.count <= 8 else { return nil }
    switch value {
    case "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "select", "in",
      "case", "esac", "function", "{", "}", "!", "[[", "]]", "time", "coproc":
      return value
    default:
      return nil
    }
  }

  /// `NAME=…` (or bash `NAME+=…`) with a plain unquoted name.
  func isAssignment(_ word: ShellWord) -> Bool {
    var i = word.range.lower
    guard i < word.range.upper, ShellByte.isNameStart(bytes[i]) else { return false }
    i += 1
    while i < word.range.upper && ShellByte.isNameChar(bytes[i]) { i += 1 }
    guard i < word.range.upper else { return false }
    if bytes[i] == ShellByte.equals { return true }
    return dialect == .bash && bytes[i] == ShellByte.plus && i + 1 < word.range.upper
      && bytes[i + 1] == ShellByte.equals
  }

  /// An all-digit word (`2` in `2>&1`) or bash `{name}`, written plainly.
  func isRedirectionPrefix(_ word: ShellWord) -> Bool {
    guard word.isVerbatim, word.range.count > 0 else { return false }
    let slice = bytes[word.range.lower..<word.range.upper]
    if slice.allSatisfy(ShellByte.isDigit) { return word.range.count <= 9 }
    guard dialect == .bash, word.range.count >= 3, slice.first == ShellByte.openBrace,
      slice.last == ShellByte.closeBrace
    else { return false }
    return slice.dropFirst().dropLast().allSatisfy(ShellByte.isNameChar)
  }

  mutating func finish(_ builder: inout ShellCommandBuilder, nested: Bool) {
    defer { builder = newBuilder() }
    guard !builder.poisoned, !builder.isEmpty else { return }
    var lower = Int.max
    var upper = 0
    if let first = builder.assignments.first { lower = min(lower, first.range.lower) }
    if let first = builder.words.first { lower = min(lower, first.range.lower) }
    if let last = builder.assignments.last { upper = max(upper, last.range.upper) }
    if let last = builder.words.last { upper = max(upper, last.range.upper) }
    for redirection in builder.redirections where redirection.upper > upper {
      upper = redirection.upper
    }
    guard lower <= upper else { return }
    let range = ByteRange(lower, upper)
    var command = ShellCommand(
      assignments: builder.assignments, words: builder.words, range: range, nested: nested,
      hasLineContinuations: hasContinuation(in: range), redirections: builder.redirections)
    command.backgrounded = builder.backgrounded
    emitted.append(ShellEmittedCommand(id: builder.id, command: command))
  }

  func hasContinuation(in range: ByteRange) -> Bool {
    // First continuation at or after range.lower (binary search), then compare with upper.
    var lo = 0
    var hi = continuations.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if continuations[mid] < range.lower { lo = mid + 1 } else { hi = mid }
    }
    return lo < continuations.count && continuations[lo] < range.upper
  }

  // MARK: Blanks, comments, here-documents

  /// Skips spaces, tabs and backslash-newline continuations.
  mutating func skipBlanks() {
    while pos < end {
      let c = bytes[pos]
      if ShellByte.isBlank(c) {
        pos += 1
      } else if c == ShellByte.backslash && byte(at: pos + 1) == ShellByte.newline {
        continuations.append(pos)
        pos += 2
      } else {
        return
      }
    }
  }

  func nextNonBlank(after index: Int) -> UInt8? {
    var i = index
    while i < end && ShellByte.isBlank(bytes[i]) { i += 1 }
    return i < end ? bytes[i] : nil
  }

  mutating func skipComment() {
    let start = pos
    while pos < end && bytes[pos] != ShellByte.newline { pos += 1 }
    comments.append(ByteRange(start, pos))
  }

  /// After a newline: skips the bodies of the here-documents opened on the line just ended.
  mutating func readHeredocBodies() {
    guard !pendingHeredocs.isEmpty else { return }
    let heredocs = pendingHeredocs
    pendingHeredocs.removeAll()
    for heredoc in heredocs {
      var found = false
      while pos < end {
        var lineEnd = pos
        while lineEnd < end && bytes[lineEnd] != ShellByte.newline { lineEnd += 1 }
        var s = pos
        if heredoc.stripTabs { while s < lineEnd && bytes[s] == ShellByte.tab { s += 1 } }
        if options.indentedText { while s < lineEnd && ShellByte.isBlank(bytes[s]) { s += 1 } }
        let matches =
          lineEnd - s == heredoc.delimiter.count
          && bytes[s..<lineEnd].elementsEqual(heredoc.delimiter)
        pos = lineEnd < end ? lineEnd + 1 : end
        if matches {
          found = true
          break
        }
      }
      if !found { reportUnterminatedHeredoc(heredoc) }
    }
  }

  mutating func reportUnterminatedHeredoc(_ heredoc: ShellPendingHeredoc) {
    let name = String(decoding: heredoc.delimiter, as: UTF8.self)
    diagnose(
      "unterminated here-document: no line '\(name)' before the end", heredoc.operatorRange.lower,
      heredoc.operatorRange.upper)
    droppedIDs.insert(heredoc.ownerID)
  }

  // MARK: Redirections

  /// Reads a redirection operator at `pos` and its target word.
  /// `prefixStart` is where a file-descriptor prefix (`2` of `2>&1`) begins, when there is one.
  mutating func readRedirection(into builder: inout ShellCommandBuilder, prefixStart: Int? = nil) {
    let start = prefixStart ?? pos
    var heredoc = false
    var stripTabs = false
    let operatorStart = pos
    let c = bytes[pos]
    let n1 = byte(at: pos + 1)
    let n2 = byte(at: pos + 2)
    if c == ShellByte.ampersand {
      // `&>` / `&>>` (bash only; the caller checked).
      pos += n2 == ShellByte.greater ? 3 : 2
    } else if c == ShellByte.less {
      if n1 == ShellByte.less {
        if n2 == ShellByte.less && dialect == .bash {
          pos += 3  // here-string
        } else if n2 == ShellByte.minus {
          pos += 3
          heredoc = true
          stripTabs = true
        } else {
          pos += 2
          heredoc = true
        }
      } else if n1 == ShellByte.ampersand || n1 == ShellByte.greater {
        pos += 2
      } else {
        pos += 1
      }
    } else {
      if n1 == ShellByte.greater || n1 == ShellByte.ampersand || n1 == ShellByte.pipe {
        pos += 2
      } else {
        pos += 1
      }
    }
    let operatorEnd = pos
    skipBlanks()
    guard let next = byte(at: pos), startsWord(next) else {
      diagnose("redirection without a target", operatorStart, operatorEnd)
      builder.poisoned = true
      return
    }
    let target: ShellWord
    do {
      target = try readWord()
    } catch {
      builder.poisoned = true
      return
    }
    if heredoc {
      var delimiter: [UInt8] = []
      if let value = target.staticValue {
        delimiter = Array(value.utf8)
      } else {
        delimiter = Array(target.rawText.utf8)
      }
      pendingHeredocs.append(
        ShellPendingHeredoc(
          delimiter: delimiter, stripTabs: stripTabs, operatorRange: ByteRange(operatorStart, operatorEnd),
          ownerID: builder.id))
    }
    builder.redirections.append(ByteRange(start, target.range.upper))
  }

  func startsWord(_ b: UInt8) -> Bool {
    if !ShellByte.isWordBreak(b) { return true }
    if dialect == .bash && (b == ShellByte.less || b == ShellByte.greater) {
      return byte(at: pos + 1) == ShellByte.openParen
    }
    return false
  }

  // MARK: Words

  /// Reads one word starting at `pos` (which must not be a blank or an operator, except bash `<(`).
  mutating func readWord() throws -> ShellWord {
    var acc = ShellWordAccumulator(start: pos)
    wordLoop: while pos < end {
      let c = bytes[pos]
      switch c {
      case ShellByte.space, ShellByte.tab, ShellByte.newline, ShellByte.semicolon, ShellByte.ampersand,
        ShellByte.pipe:
        break wordLoop
      case ShellByte.less, ShellByte.greater:
        if dialect == .bash && acc.isEmpty && byte(at: pos + 1) == ShellByte.openParen {
          let part = try readProcessSubstitution()
          acc.addDynamic(part)
          continue
        }
        break wordLoop
      case ShellByte.openParen:
        if acc.isSingleExactUnquotedSegment && isArrayAssignmentPrefix(acc.openSegmentBytes) {
          let start = pos
          try skipArrayBody()
          acc.appendUnquoted(bytes[start..<pos], at: start, exact: true)
          continue
        }
        break wordLoop
      case ShellByte.closeParen:
        break wordLoop
      case ShellByte.backslash:
        guard let escaped = byte(at: pos + 1) else {
          // A trailing backslash at the end of the text stays literal.
          acc.appendUnquoted(CollectionOfOne(c), at: pos, exact: true)
          pos += 1
          continue
        }
        if escaped == ShellByte.newline {
          // Line continuation: joins the word with what follows, unless the word ends here.
          if let after = byte(at: pos + 2), !ShellByte.isWordBreak(after) {
            continuations.append(pos)
            acc.appendUnquoted(EmptyCollection(), at: pos, exact: false)
            pos += 2
            continue
          }
          break wordLoop
        }
        acc.appendUnquoted(CollectionOfOne(escaped), at: pos, exact: false)
        pos += 2
      case ShellByte.singleQuote:
        try readSingleQuoted(into: &acc)
      case ShellByte.doubleQuote:
        try readDoubleQuoted(into: &acc, rangeStart: pos)
      case ShellByte.dollar:
        let next = byte(at: pos + 1)
        if options.makeDollars && next == ShellByte.dollar {
          // Make's `$$` is the shell's `$`: read on from the second one.
          pos += 1
          continue
        }
        if dialect == .bash && next == ShellByte.singleQuote {
          try readANSIC(into: &acc)
        } else if dialect == .bash && next == ShellByte.doubleQuote {
          let start = pos
          pos += 1
          try readDoubleQuoted(into: &acc, rangeStart: start)
        } else if let part = try readDollar(quoting: .unquoted) {
          acc.addDynamic(part)
        } else {
          acc.appendUnquoted(CollectionOfOne(c), at: pos, exact: true)
          pos += 1
        }
      case ShellByte.backtick:
        acc.addDynamic(try readBacktick(quoting: .unquoted))
      default:
        // A run of plain bytes.
        let start = pos
        pos += 1
        while pos < end && isPlainWordByte(bytes[pos]) { pos += 1 }
        acc.appendUnquoted(bytes[start..<pos], at: start, exact: true)
      }
    }
    if pos == acc.start && pos < end {
      // Never return an empty word: take the byte as literal text so the reader always advances.
      acc.appendUnquoted(CollectionOfOne(bytes[pos]), at: pos, exact: true)
      pos += 1
    }
    return acc.finish(end: pos, source: bytes)
  }

  func isPlainWordByte(_ b: UInt8) -> Bool {
    switch b {
    case ShellByte.backslash, ShellByte.singleQuote, ShellByte.doubleQuote, ShellByte.dollar,
      ShellByte.backtick:
      return false
    default:
      return !ShellByte.isWordBreak(b)
    }
  }

  func isArrayAssignmentPrefix(_ text: [UInt8]) -> Bool {
    guard let first = text.first, ShellByte.isNameStart(first), text.last == ShellByte.equals else {
      return false
    }
    var body = text.dropLast()
    if body.last == ShellByte.plus { body = body.dropLast() }
    return !body.isEmpty && body.allSatisfy(ShellByte.isNameChar)
  }

  /// Skips `( elem elem … )` of an array assignment, scanning the elements for substitutions.
  mutating func skipArrayBody() throws {
    let open = pos
    try enterNesting(at: open, 1)
    defer { depth -= 1 }
    pos += 1
    while true {
      skipBlanks()
      guard pos < end else {
        diagnose("unterminated array assignment", open, open + 1)
        throw ShellConstructFailure()
      }
      let c = bytes[pos]
      if c == ShellByte.closeParen {
        pos += 1
        return
      }
      if c == ShellByte.newline {
        pos += 1
        continue
      }
      if c == ShellByte.hash {
        skipComment()
        continue
      }
      if ShellByte.isWordBreak(c) {
        // Operators are not allowed inside an array literal; keep them as text.
        pos += 1
        continue
      }
      _ = try readWord()
    }
  }

  mutating func readSingleQuoted(into acc: inout ShellWordAccumulator) throws {
    let open = pos
    var i = pos + 1
    while i < end && bytes[i] != ShellByte.singleQuote { i += 1 }
    guard i < end else {
      diagnose("unterminated single quote", open, open + 1)
      pos = end
      throw ShellConstructFailure()
    }
    acc.closeSegment(rangeEnd: open, contentEnd: open)
    acc.addLiteral(
      Array(bytes[(open + 1)..<i]), range: ByteRange(open, i + 1), quoting: .singleQuoted,
      exactRange: ByteRange(open + 1, i))
    pos = i + 1
  }

  /// Reads `"…"` starting at the quote at `pos`; `rangeStart` is where the part's source begins
  /// (the `$` of bash `$"…"`).
  mutating func readDoubleQuoted(into acc: inout ShellWordAccumulator, rangeStart: Int) throws {
    let open = pos
    pos += 1
    acc.closeSegment(rangeEnd: rangeStart, contentEnd: rangeStart)
    let partsBefore = acc.parts.count
    acc.openSegment(at: rangeStart, contentStart: pos, quoting: .doubleQuoted)
    while true {
      guard pos < end else {
        diagnose("unterminated double quote", open, open + 1)
        pos = end
        throw ShellConstructFailure()
      }
      let c = bytes[pos]
      switch c {
      case ShellByte.doubleQuote:
        acc.closeSegment(rangeEnd: pos + 1, contentEnd: pos, keepEmpty: acc.parts.count == partsBefore)
        pos += 1
        return
      case ShellByte.backslash:
        guard let escaped = byte(at: pos + 1) else {
          acc.appendToSegment(CollectionOfOne(c), exact: true)
          pos += 1
          continue
        }
        switch escaped {
        case ShellByte.dollar, ShellByte.backtick, ShellByte.doubleQuote, ShellByte.backslash:
          acc.appendToSegment(CollectionOfOne(escaped), exact: false)
          pos += 2
        case ShellByte.newline:
          continuations.append(pos)
          acc.markInexact()
          pos += 2
        default:
          acc.appendToSegment(CollectionOfOne(c), exact: true)
          pos += 1
        }
      case ShellByte.dollar:
        let dollarAt = pos
        if let part = try readDollarDeferred(quoting: .doubleQuoted, acc: &acc) {
          acc.addDynamic(part)
          acc.openSegment(at: pos, contentStart: pos, quoting: .doubleQuoted)
        } else {
          acc.appendToSegment(CollectionOfOne(c), exact: true)
          pos = dollarAt + 1
        }
      case ShellByte.backtick:
        acc.closeSegment(rangeEnd: pos, contentEnd: pos)
        acc.addDynamic(try readBacktick(quoting: .doubleQuoted))
        acc.openSegment(at: pos, contentStart: pos, quoting: .doubleQuoted)
      default:
        let start = pos
        pos += 1
        while pos < end {
          let b = bytes[pos]
          if b == ShellByte.doubleQuote || b == ShellByte.backslash || b == ShellByte.dollar
            || b == ShellByte.backtick
          {
            break
          }
          pos += 1
        }
        acc.appendToSegment(bytes[start..<pos], exact: true)
      }
    }
  }

  /// Inside double quotes: reads an expansion at `pos` (closing the open literal segment first) or
  /// returns nil, leaving `pos` unchanged, when the `$` is literal.
  mutating func readDollarDeferred(
    quoting: ShellQuoting, acc: inout ShellWordAccumulator
  ) throws -> ShellWordPart? {
    guard let next = byte(at: pos + 1), startsExpansion(next) else { return nil }
    acc.closeSegment(rangeEnd: pos, contentEnd: pos)
    return try readDollar(quoting: quoting)
  }

  func startsExpansion(_ next: UInt8) -> Bool {
    next == ShellByte.openParen || next == ShellByte.openBrace || next == ShellByte.openBracket
      || ShellByte.isNameStart(next) || ShellByte.isDigit(next) || ShellByte.isSpecialParameter(next)
  }

  /// Reads `$…` at `pos`. Returns nil (with `pos` unchanged) when the `$` is a literal dollar sign.
  mutating func readDollar(quoting: ShellQuoting) throws -> ShellWordPart? {
    let start = pos
    guard let next = byte(at: pos + 1) else { return nil }
    if next == ShellByte.openParen {
      if byte(at: pos + 2) == ShellByte.openParen, let close = findArithmeticEnd(from: pos + 3) {
        try scanArithmeticBody(from: pos + 3, to: close - 2)
        pos = close
        return .arithmetic(range: ByteRange(start, close), quoting: quoting)
      }
      pos += 2
      try readSubstitutionBody(openedAt: start, openerLength: 2, what: "command substitution")
      return .commandSubstitution(range: ByteRange(start, pos), quoting: quoting)
    }
    if next == ShellByte.openBrace {
      try readParameterBraces(quoting: quoting)
      return .parameter(text(start, pos), range: ByteRange(start, pos), quoting: quoting)
    }
    if next == ShellByte.openBracket {
      // Obsolete `$[ … ]` arithmetic.
      var i = pos + 2
      var level = 1
      while i < end {
        if bytes[i] == ShellByte.openBracket { level += 1 }
        if bytes[i] == ShellByte.closeBracket {
          level -= 1
          if level == 0 { break }
        }
        i += 1
      }
      guard i < end else {
        diagnose("unterminated $[ arithmetic", start, start + 2)
        pos = end
        throw ShellConstructFailure()
      }
      pos = i + 1
      return .arithmetic(range: ByteRange(start, pos), quoting: quoting)
    }
    if ShellByte.isNameStart(next) {
      pos += 2
      while pos < end && ShellByte.isNameChar(bytes[pos]) { pos += 1 }
      return .parameter(text(start, pos), range: ByteRange(start, pos), quoting: quoting)
    }
    if ShellByte.isDigit(next) || ShellByte.isSpecialParameter(next) {
      pos += 2
      return .parameter(text(start, pos), range: ByteRange(start, pos), quoting: quoting)
    }
    return nil
  }

  func text(_ lower: Int, _ upper: Int) -> String {
    String(decoding: bytes[lower..<upper], as: UTF8.self)
  }

  mutating func enterNesting(at start: Int, _ length: Int) throws {
    depth += 1
    if depth > ShellReader.maximumNestingDepth {
      depth -= 1
      diagnose(
        "nesting deeper than \(ShellReader.maximumNestingDepth) levels; the rest is not read", start,
        start + length)
      pos = end
      throw ShellConstructFailure()
    }
  }

  /// Reads the commands of `$(…)` / `<(…)` from `pos` up to and including the closing `)`.
  mutating func readSubstitutionBody(openedAt start: Int, openerLength: Int, what: String) throws {
    try enterNesting(at: start, openerLength)
    defer { depth -= 1 }
    let before = emitted.count
    let closed = parseList(closeParen: true, nested: true)
    guard closed, byte(at: pos) == ShellByte.closeParen else {
      diagnose("unterminated \(what)", start, start + openerLength)
      if emitted.count > before { emitted.removeSubrange(before...) }
      pos = end
      throw ShellConstructFailure()
    }
    pos += 1
  }

  /// Bash `<(…)` / `>(…)`.
  mutating func readProcessSubstitution() throws -> ShellWordPart {
    let start = pos
    pos += 2
    try readSubstitutionBody(openedAt: start, openerLength: 2, what: "process substitution")
    return .commandSubstitution(range: ByteRange(start, pos), quoting: .unquoted)
  }

  /// Reads `` `…` `` at `pos`; the inside is read as its own list of (nested) commands.
  mutating func readBacktick(quoting: ShellQuoting) throws -> ShellWordPart {
    let open = pos
    var i = pos + 1
    while i < end {
      let b = bytes[i]
      if b == ShellByte.backslash {
        i += 2
        continue
      }
      if b == ShellByte.backtick { break }
      i += 1
    }
    guard i < end else {
      diagnose("unterminated backquote", open, open + 1)
      pos = end
      throw ShellConstructFailure()
    }
    try enterNesting(at: open, 1)
    defer { depth -= 1 }
    let savedEnd = end
    end = i
    pos = open + 1
    while pos < end {
      _ = parseList(closeParen: false, nested: true)
      if pos < end && bytes[pos] != ShellByte.closeParen { break }
    }
    end = savedEnd
    pos = i + 1
    return .commandSubstitution(range: ByteRange(open, pos), quoting: quoting)
  }

  /// Reads `${…}` at `pos` (the `$`), following nested braces, quotes and substitutions.
  mutating func readParameterBraces(quoting: ShellQuoting) throws {
    let start = pos
    try enterNesting(at: start, 2)
    defer { depth -= 1 }
    pos += 2
    var level = 1
    while pos < end {
      let c = bytes[pos]
      switch c {
      case ShellByte.backslash:
        pos = min(pos + 2, end)
      case ShellByte.closeBrace:
        level -= 1
        pos += 1
        if level == 0 { return }
      case ShellByte.dollar:
        if byte(at: pos + 1) == ShellByte.openBrace {
          level += 1
          pos += 2
        } else if byte(at: pos + 1) == ShellByte.openParen || byte(at: pos + 1) == ShellByte.openBracket {
          _ = try readDollar(quoting: quoting)
        } else {
          pos += 1
        }
      case ShellByte.backtick:
        _ = try readBacktick(quoting: quoting)
      case ShellByte.doubleQuote:
        var scratch = ShellWordAccumulator(start: pos)
        try readDoubleQuoted(into: &scratch, rangeStart: pos)
      case ShellByte.singleQuote where quoting == .unquoted:
        var i = pos + 1
        while i < end && bytes[i] != ShellByte.singleQuote { i += 1 }
        guard i < end else {
          diagnose("unterminated single quote", pos, pos + 1)
          pos = end
          throw ShellConstructFailure()
        }
        pos = i + 1
      default:
        pos += 1
      }
    }
    diagnose("unterminated parameter expansion", start, start + 2)
    pos = end
    throw ShellConstructFailure()
  }

  /// Finds the end of `$(( … ))` / `(( … ))` whose body starts at `from`: the offset just past the
  /// closing `))`, or nil when the text is not arithmetic (or is unterminated).
  mutating func findArithmeticEnd(from: Int) -> Int? {
    guard arithmeticScanBudget > 0 else { return nil }
    var level = 0
    var i = from
    defer { arithmeticScanBudget -= max(1, i - from) }
    while i < end {
      let b = bytes[i]
      switch b {
      case ShellByte.backslash:
        i += 2
        continue
      case ShellByte.singleQuote, ShellByte.doubleQuote, ShellByte.backtick:
        var j = i + 1
        while j < end && bytes[j] != b {
          if b != ShellByte.singleQuote && bytes[j] == ShellByte.backslash { j += 1 }
          j += 1
        }
        guard j < end else { return nil }
        i = j + 1
        continue
      case ShellByte.openParen:
        level += 1
      case ShellByte.closeParen:
        if level == 0 {
          return byte(at: i + 1) == ShellByte.closeParen ? i + 2 : nil
        }
        level -= 1
      default:
        break
      }
      i += 1
    }
    return nil
  }

  /// Scans an arithmetic body `bytes[from..<to]` for command substitutions.
  mutating func scanArithmeticBody(from: Int, to: Int) throws {
    try enterNesting(at: max(from - 3, 0), 3)
    defer { depth -= 1 }
    let savedEnd = end
    end = max(from, to)
    defer { end = savedEnd }
    pos = from
    while pos < end {
      let c = bytes[pos]
      switch c {
      case ShellByte.dollar:
        if let next = byte(at: pos + 1),
          next == ShellByte.openParen || next == ShellByte.openBrace || next == ShellByte.openBracket
        {
          _ = try readDollar(quoting: .unquoted)
        } else {
          pos += 1
        }
      case ShellByte.backtick:
        _ = try readBacktick(quoting: .unquoted)
      case ShellByte.backslash:
        pos = min(pos + 2, end)
      default:
        pos += 1
      }
    }
  }

  /// Reads bash `$'…'` at `pos`, decoding its escapes.
  mutating func readANSIC(into acc: inout ShellWordAccumulator) throws {
    let start = pos
    var i = pos + 2
    var value: [UInt8] = []
    var exact = true
    while i < end {
      let b = bytes[i]
      if b == ShellByte.singleQuote { break }
      if b == ShellByte.backslash, i + 1 < end {
        exact = false
        i = decodeANSICEscape(at: i, into: &value)
        continue
      }
      value.append(b)
      i += 1
    }
    guard i < end else {
      diagnose("unterminated $' quote", start, start + 2)
      pos = end
      throw ShellConstructFailure()
    }
    acc.closeSegment(rangeEnd: start, contentEnd: start)
    acc.addLiteral(
      value, range: ByteRange(start, i + 1), quoting: .ansiC,
      exactRange: exact ? ByteRange(start + 2, i) : nil)
    pos = i + 1
  }

  /// Decodes the escape at `bytes[i]` (a backslash) and returns the index after it.
  func decodeANSICEscape(at i: Int, into value: inout [UInt8]) -> Int {
    let e = bytes[i + 1]
    var j = i + 2
    switch e {
    case UInt8(ascii: "n"): value.append(0x0A)
    case UInt8(ascii: "t"): value.append(0x09)
    case UInt8(ascii: "r"): value.append(0x0D)
    case UInt8(ascii: "a"): value.append(0x07)
    case UInt8(ascii: "b"): value.append(0x08)
    case UInt8(ascii: "e"), UInt8(ascii: "E"): value.append(0x1B)
    case UInt8(ascii: "f"): value.append(0x0C)
    case UInt8(ascii: "v"): value.append(0x0B)
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      var code = Int(e - UInt8(ascii: "0"))
      var count = 1
      while count < 3, j < end, bytes[j] >= UInt8(ascii: "0"), bytes[j] <= UInt8(ascii: "7") {
        code = code * 8 + Int(bytes[j] - UInt8(ascii: "0"))
        j += 1
        count += 1
      }
      value.append(UInt8(truncatingIfNeeded: code))
    case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
      let limit = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
      var code: UInt32 = 0
      var count = 0
      while count < limit, j < end, let digit = hexValue(bytes[j]) {
        code = code &* 16 &+ UInt32(digit)
        j += 1
        count += 1
      }
      if count == 0 {
        value.append(ShellByte.backslash)
        value.append(e)
      } else if e == UInt8(ascii: "x") {
        value.append(UInt8(truncatingIfNeeded: code))
      } else {
        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
        value.append(contentsOf: Array(String(Character(scalar)).utf8))
      }
    case UInt8(ascii: "c"):
      if j < end {
        value.append(bytes[j] & 0x1F)
        j += 1
      }
    case ShellByte.backslash, ShellByte.singleQuote, ShellByte.doubleQuote, UInt8(ascii: "?"):
      value.append(e)
    default:
      value.append(ShellByte.backslash)
      value.append(e)
    }
    return j
  }

  func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}

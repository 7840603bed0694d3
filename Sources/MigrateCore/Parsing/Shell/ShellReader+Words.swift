/// Words and quotes: plain words, array assignments, `'…'`, `"…"` and bash `$'…'`.
extension ShellParserState {
  /// The bytes after `$` that name Make's automatic variables.
  static let makeAutomatic: Set<UInt8> = Set("<|^+?*@".utf8)

  /// Reads one word starting at `pos` (which must not be a blank or an operator, except bash `<(`).
  mutating func readWord() throws -> ShellWord {
    var acc = ShellWordAccumulator(start: pos)
    wordLoop: while pos < end {
      if pos - acc.start > ShellReader.maximumWordBytes { throw wordTooLong(acc.start) }
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
        if options.makeDollars, let next, Self.makeAutomatic.contains(next) {
          // Make's automatic variables (`$<`, `$|`, `$^`, `$+`, `$?`, `$*`, `$@`) are expanded by make
          // before the shell runs: a word part of unknown value, not a redirection or a pipe.
          acc.addDynamic(
            .parameter("$" + String(UnicodeScalar(next)), range: ByteRange(pos, pos + 2), quoting: .unquoted))
          pos += 2
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
        if pos - acc.start > ShellReader.maximumWordBytes { throw wordTooLong(acc.start) }
        acc.appendUnquoted(bytes[start..<pos], at: start, exact: true)
      }
    }
    if pos - acc.start > ShellReader.maximumWordBytes { throw wordTooLong(acc.start) }
    if pos == acc.start && pos < end {
      // Never return an empty word: take the byte as literal text so the reader always advances.
      acc.appendUnquoted(CollectionOfOne(bytes[pos]), at: pos, exact: true)
      pos += 1
    }
    return acc.finish(end: pos, source: bytes)
  }

  mutating func wordTooLong(_ start: Int) -> ShellConstructFailure {
    stopAtLimit("a word longer than \(ShellReader.maximumWordBytes >> 20) MiB", start, start + 1)
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
    try finishQuote(
      Array(bytes[(open + 1)..<i]), opener: open, length: 1, close: i, quoting: .singleQuoted, exact: true,
      unterminated: "unterminated single quote", into: &acc)
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
        throw giveUp("unterminated double quote", open, open + 1)
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
    try finishQuote(
      value, opener: start, length: 2, close: i, quoting: .ansiC, exact: exact,
      unterminated: "unterminated $' quote", into: &acc)
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

  /// Ends a single-quoted or `$'…'` word part whose closing quote is at `close`: adds `value` as a literal
  /// from the opener (`length` bytes at `opener`) through the closing quote, exact when `value` is the
  /// text between the quotes. When `close` is the region end the quote is unterminated: reported at its
  /// opener, and the construct is given up.
  mutating func finishQuote(
    _ value: [UInt8], opener: Int, length: Int, close: Int, quoting: ShellQuoting, exact: Bool,
    unterminated: String, into acc: inout ShellWordAccumulator
  ) throws {
    guard close < end else { throw giveUp(unterminated, opener, opener + length) }
    acc.closeSegment(rangeEnd: opener, contentEnd: opener)
    acc.addLiteral(
      value, range: ByteRange(opener, close + 1), quoting: quoting,
      exactRange: exact ? ByteRange(opener + length, close) : nil)
    pos = close + 1
  }
}

/// Expansions: `$name`, `${…}`, `$(…)`, backticks, process substitution and arithmetic.
extension ShellParserState {
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
        throw giveUp("unterminated $[ arithmetic", start, start + 2)
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

  /// Stops reading at a limit: one diagnostic at `lower..<upper`, the rest of the region skipped, and the
  /// error that drops the command being read.
  mutating func stopAtLimit(_ message: String, _ lower: Int, _ upper: Int) -> ShellConstructFailure {
    limitReached = true
    diagnose("\(message); the rest is not read", lower, upper)
    pos = end
    return ShellConstructFailure()
  }

  mutating func enterNesting(at start: Int, _ length: Int) throws {
    depth += 1
    if depth > ShellReader.maximumNestingDepth {
      depth -= 1
      throw stopAtLimit("nesting deeper than \(ShellReader.maximumNestingDepth) levels", start, start + length)
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
      throw giveUp("unterminated backquote", open, open + 1)
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
          throw giveUp("unterminated single quote", pos, pos + 1)
        }
        pos = i + 1
      default:
        pos += 1
      }
    }
    throw giveUp("unterminated parameter expansion", start, start + 2)
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
}

/// Lists of commands: separators, pipelines, compound commands (`if`, `case`, `for`, functions) and
/// where one simple command ends.
extension ShellParserState {
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
  mutating func readWordAndHandle(
    _ builder: inout ShellStatementBuilder, _ mode: inout ShellListMode, _ caseDepth: inout Int,
    nested: Bool
  ) {
    let word: ShellWord
    do {
      word = try readWord()
      wordCount += 1
      if wordCount > ShellReader.maximumWords {
        // Located at the start of the word's line: a fix that adds a word before it moves the limit by a
        // word, not the finding (each round's would otherwise be reported apart).
        var lineStart = word.range.lower
        while lineStart > 0 && bytes[lineStart - 1] != ShellByte.newline { lineStart -= 1 }
        throw stopAtLimit(
          "more than \(ShellReader.maximumWords) words (a limit against hostile input)", lineStart, lineStart + 1)
      }
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

  mutating func finish(_ builder: inout ShellStatementBuilder, nested: Bool) {
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
    var command = ShellStatement(
      assignments: builder.assignments, words: builder.words, range: range, nested: nested,
      hasLineContinuations: hasContinuation(in: range), redirections: builder.redirections)
    command.backgrounded = builder.backgrounded
    emitted.append(ShellEmittedStatement(id: builder.id, command: command))
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
}

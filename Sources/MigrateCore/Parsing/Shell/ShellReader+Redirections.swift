/// Blanks, comments, here-documents and redirections.
extension ShellParserState {
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
  mutating func readRedirection(into builder: inout ShellStatementBuilder, prefixStart: Int? = nil) {
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
      // The delimiter is the word after quote removal, never expanded (POSIX 2.7.4): `<< "${EOT}"` ends
      // at a line `${EOT}`.
      let delimiter = target.staticValue.map { Array($0.utf8) } ?? Self.quoteRemoved(Array(target.rawText.utf8))
      pendingHeredocs.append(
        ShellPendingHeredoc(
          delimiter: delimiter, stripTabs: stripTabs, operatorRange: ByteRange(operatorStart, operatorEnd),
          ownerID: builder.id))
    }
    builder.redirections.append(ByteRange(start, target.range.upper))
  }

  /// `raw` with shell quoting removed and nothing expanded: single-quoted text as is, double-quoted text with
  /// `\$`, `` \` ``, `\"`, `\\` unescaped, a backslash outside quotes dropping itself.
  static func quoteRemoved(_ raw: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var index = 0
    var inDouble = false
    while index < raw.count {
      let b = raw[index]
      if b == ShellByte.singleQuote && !inDouble {
        index += 1
        while index < raw.count && raw[index] != ShellByte.singleQuote {
          out.append(raw[index])
          index += 1
        }
      } else if b == ShellByte.doubleQuote {
        inDouble.toggle()
      } else if b == ShellByte.backslash && index + 1 < raw.count {
        let next = raw[index + 1]
        if !inDouble
          || [ShellByte.dollar, ShellByte.backtick, ShellByte.doubleQuote, ShellByte.backslash].contains(next)
        {
          out.append(next)
          index += 1
        } else {
          out.append(b)
        }
      } else {
        out.append(b)
      }
      index += 1
    }
    return out
  }

  func startsWord(_ b: UInt8) -> Bool {
    if !ShellByte.isWordBreak(b) { return true }
    if dialect == .bash && (b == ShellByte.less || b == ShellByte.greater) {
      return byte(at: pos + 1) == ShellByte.openParen
    }
    return false
  }
}

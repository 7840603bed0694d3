/// How systemd reads an `EnvironmentFile=` (systemd.exec(5)), to tell whether a units' `EnvironmentFile=`
/// pointing at the project's `.env` gives each variable the value Compose gives it.
///
/// The two formats differ in ways a real `.env` hits: systemd keeps ` # comment` after an unquoted value
/// (Compose cuts it), reads backslashes in unquoted values as escapes, knows no `export`, and in `"…"`
/// undoes only `\"`, `\\`, `` \` ``, `\$` and a backslash-newline (Compose also reads `\n` as a newline).
enum EnvironmentFileSyntax {
  /// The assignments systemd reads from `text`: lines starting with `#` or `;` are comments, `'…'` is
  /// verbatim, `"…"` has shell double-quote escapes, unquoted values have shell backslash escapes and lose
  /// leading and trailing blanks, a backslash at the end of a line continues it, quotes can span lines.
  static func systemd(_ text: String) -> [String: String] {
    enum State {
      case preKey, key, preValue, value, valueEscape, singleQuote, doubleQuote, doubleQuoteEscape, comment,
        commentEscape
    }
    var result: [String: String] = [:]
    var state = State.preKey
    var key = ""
    var value = ""
    // Trailing blanks of an unquoted value are dropped; blanks inside quotes are kept.
    var keptLength = 0
    func push() {
      let name = key.trimmingSpaces
      if !name.isEmpty, !name.contains(" "), !name.contains("\t") {
        result[name] = String(value.unicodeScalars.prefix(keptLength))
      }
      key = ""
      value = ""
      keptLength = 0
    }
    func append(_ c: Unicode.Scalar, kept: Bool) {
      value.unicodeScalars.append(c)
      if kept { keptLength = value.unicodeScalars.count }
    }
    for c in text.unicodeScalars {
      let newline = c == "\n" || c == "\r"
      let blank = c == " " || c == "\t"
      switch state {
      case .preKey:
        if c == "#" || c == ";" {
          state = .comment
        } else if !newline && !blank {
          state = .key
          key.unicodeScalars.append(c)
        }
      case .key:
        if newline {
          state = .preKey
          key = ""
        } else if c == "=" {
          state = .preValue
        } else {
          key.unicodeScalars.append(c)
        }
      case .preValue:
        if newline {
          push()
          state = .preKey
        } else if c == "'" {
          state = .singleQuote
        } else if c == "\"" {
          state = .doubleQuote
        } else if c == "\\" {
          state = .valueEscape
        } else if !blank {
          state = .value
          append(c, kept: true)
        }
      case .value:
        if newline {
          push()
          state = .preKey
        } else if c == "\\" {
          state = .valueEscape
        } else {
          append(c, kept: !blank)
        }
      case .valueEscape:
        state = .value
        if !newline { append(c, kept: true) }
      case .singleQuote:
        if c == "'" { state = .preValue } else { append(c, kept: true) }
      case .doubleQuote:
        if c == "\"" {
          state = .preValue
        } else if c == "\\" {
          state = .doubleQuoteEscape
        } else {
          append(c, kept: true)
        }
      case .doubleQuoteEscape:
        state = .doubleQuote
        if "\"\\`$".unicodeScalars.contains(c) {
          append(c, kept: true)
        } else if !newline {
          append("\\", kept: true)
          append(c, kept: true)
        }
      case .comment:
        if c == "\\" { state = .commentEscape } else if newline { state = .preKey }
      case .commentEscape:
        state = .comment
      }
    }
    switch state {
    case .preValue, .value, .valueEscape, .singleQuote, .doubleQuote, .doubleQuoteEscape: push()
    default: break
    }
    return result
  }
}

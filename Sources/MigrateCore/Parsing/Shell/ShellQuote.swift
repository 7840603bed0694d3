/// POSIX shell quoting for generated command lines.
public enum ShellQuote {
  /// Quotes `s` so that a POSIX shell reads it back as exactly one word with value `s`.
  ///
  /// Words made only of `[A-Za-z0-9_@%+=:,./-]` stay bare, except words that a shell would read
  /// specially in command position: an assignment prefix (`NAME=…`) and the reserved words
  /// (`if`, `then`, `do`, …). Everything else, including the empty string, is single-quoted, with
  /// each `'` written as `'\''`.
  public static func quote(_ s: String) -> String {
    if !s.isEmpty && s.utf8.allSatisfy(isSafe) && !looksLikeAssignment(s) && !reserved.contains(s) {
      return s
    }
    var out = "'"
    for ch in s {
      if ch == "'" { out += "'\\''" } else { out.append(ch) }
    }
    out += "'"
    return out
  }

  /// Quotes `s` as an argument (not the command word): `NAME=value` and reserved words stay bare there.
  public static func quoteArgument(_ s: String) -> String {
    !s.isEmpty && s.utf8.allSatisfy(isSafe) ? s : quote(s)
  }

  /// Quotes each word with `quoteArgument(_:)` and joins them with single spaces: the words after a command.
  public static func joinArguments(_ words: [String]) -> String {
    words.map(quoteArgument).joined(separator: " ")
  }

  /// Quotes each word with `quote(_:)` and joins them with single spaces.
  public static func join(_ words: [String]) -> String {
    words.map(quote).joined(separator: " ")
  }

  private static let reserved: Set<String> = [
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "in",
    "select", "function", "time", "coproc",
  ]

  private static func isSafe(_ b: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    case UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: "="),
      UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "-"):
      return true
    default:
      return false
    }
  }

  private static func looksLikeAssignment(_ s: String) -> Bool {
    guard let eq = s.utf8.firstIndex(of: UInt8(ascii: "=")) else { return false }
    let name = s.utf8[s.utf8.startIndex..<eq]
    guard let first = name.first else { return false }
    let isStart = { (b: UInt8) in
      (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }
    if !isStart(first) { return false }
    let body = name.last == UInt8(ascii: "+") ? name.dropLast() : name[...]
    return body.allSatisfy { isStart($0) || ($0 >= 0x30 && $0 <= 0x39) }
  }
}

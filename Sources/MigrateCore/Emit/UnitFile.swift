/// A systemd unit file (or Quadlet file) read back: sections of `key=value` settings, with comments
/// dropped and `\` continuation lines joined (systemd.syntax(7)). Used to check what the emitters write.
public struct UnitFile: Sendable {
  public struct Setting: Sendable, Equatable {
    public var section: String
    public var key: String
    public var value: String
  }

  public var settings: [Setting] = []

  /// Values of `key` in `section`, in order.
  public func values(_ section: String, _ key: String) -> [String] {
    settings.filter { $0.section == section && $0.key == key }.map(\.value)
  }

  public var sections: [String] {
    var seen: [String] = []
    for setting in settings where !seen.contains(setting.section) { seen.append(setting.section) }
    return seen
  }

  public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
  }

  /// Parses `text`; throws on a setting outside a section, a line that is neither, or a file that ends
  /// inside a continuation.
  public static func parse(_ text: String) throws -> UnitFile {
    var file = UnitFile()
    var section: String?
    var pending: (key: String, value: String, line: Int)?
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let number = index + 1
      var line = String(raw)
      if line.hasSuffix("\r") { line.removeLast() }
      if var current = pending {
        // Comment lines inside a continuation are ignored (systemd.syntax(7)).
        let stripped = line.drop { $0 == " " || $0 == "\t" }
        if stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }
        if line.hasSuffix("\\") {
          current.value += " " + String(stripped.dropLast())
          pending = current
          continue
        }
        current.value += " " + String(stripped)
        pending = nil
        file.settings.append(Setting(section: section ?? "", key: current.key, value: trimmed(current.value)))
        continue
      }
      let body = line.drop { $0 == " " || $0 == "\t" }
      if body.isEmpty || body.hasPrefix("#") || body.hasPrefix(";") { continue }
      if body.hasPrefix("[") {
        guard body.hasSuffix("]") else { throw Problem(line: number, message: "unterminated section header") }
        section = String(body.dropFirst().dropLast())
        continue
      }
      guard let equals = body.firstIndex(of: "=") else {
        throw Problem(line: number, message: "not a key=value line: \(body)")
      }
      guard section != nil else { throw Problem(line: number, message: "setting before any section") }
      let key = trimmed(String(body[..<equals]))
      var value = String(body[body.index(after: equals)...])
      if value.hasSuffix("\\") {
        value.removeLast()
        pending = (key, value, number)
        continue
      }
      file.settings.append(Setting(section: section ?? "", key: key, value: trimmed(value)))
    }
    if let pending { throw Problem(line: pending.line, message: "file ends inside a continued line") }
    return file
  }

  static func trimmed(_ s: String) -> String {
    var text = Substring(s)
    while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
    while let last = text.last, last == " " || last == "\t" { text.removeLast() }
    return String(text)
  }

  /// Splits a command line value (`ExecStart=`, Quadlet `Exec=`) into the words systemd passes to the
  /// program: whitespace separates words, `"…"`/`'…'` group, backslash escapes (C-style inside quotes),
  /// `%%` is `%` and `$$` is `$`. Other specifiers (`%t`, `%n`) and variables are kept as written.
  public static func splitCommandLine(_ value: String) throws -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var chars = Array(value)
    var i = 0
    func unescape(_ c: Character) -> String {
      switch c {
      case "n": return "\n"
      case "t": return "\t"
      case "r": return "\r"
      default: return String(c)
      }
    }
    while i < chars.count {
      let c = chars[i]
      if c == "%" || c == "$", i + 1 < chars.count, chars[i + 1] == c {
        current.append(c)
        inWord = true
        i += 2
        continue
      }
      if let q = quote {
        if c == q {
          quote = nil
        } else if c == "\\", i + 1 < chars.count {
          i += 1
          if chars[i] == "x", i + 2 < chars.count, let code = UInt8(String(chars[(i + 1)...(i + 2)]), radix: 16) {
            current.unicodeScalars.append(Unicode.Scalar(code))
            i += 2
          } else {
            current += unescape(chars[i])
          }
        } else {
          current.append(c)
        }
        i += 1
        continue
      }
      switch c {
      case " ", "\t":
        if inWord { words.append(current) }
        current = ""
        inWord = false
      case "\"", "'":
        quote = c
        inWord = true
      case "\\":
        i += 1
        if i < chars.count { current += unescape(chars[i]) }
        inWord = true
      default:
        current.append(c)
        inWord = true
      }
      i += 1
    }
    if quote != nil { throw Problem(line: 0, message: "unterminated quote in \(value)") }
    if inWord { words.append(current) }
    chars.removeAll()
    return words
  }
}

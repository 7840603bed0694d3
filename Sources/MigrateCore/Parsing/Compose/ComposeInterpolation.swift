/// Compose variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:?error}`, `$$`), read only to
/// know where values are not literal; shell and make `$(…)` count as variables too. The rewrite never expands
/// variables into its output.
public enum ComposeInterpolation {
  public enum Segment: Sendable, Hashable {
    case literal(String)
    /// A variable reference as written, with its name.
    case variable(name: String, raw: String)
    /// `$$`, a literal dollar.
    case escapedDollar

    /// The segment as written.
    public var rawText: String {
      switch self {
      case .literal(let text): return text
      case .variable(_, let raw): return raw
      case .escapedDollar: return "$$"
      }
    }
  }

  /// Splits `text` into literal text, variables and `$$`. An unterminated `${` is kept as literal text.
  public static func segments(_ text: String) -> [Segment] {
    var result: [Segment] = []
    var literal = ""
    let scalars = Array(text.unicodeScalars)
    var index = 0
    func flush() {
      if !literal.isEmpty { result.append(.literal(literal)) }
      literal = ""
    }
    while index < scalars.count {
      let scalar = scalars[index]
      guard scalar == "$", index + 1 < scalars.count else {
        literal.unicodeScalars.append(scalar)
        index += 1
        continue
      }
      let next = scalars[index + 1]
      if next == "$" {
        flush()
        result.append(.escapedDollar)
        index += 2
      } else if next == "{" || next == "(" {
        // `${…}` is a variable; `$(…)` a shell command substitution or a make variable, whose value is as
        // unknown as a variable's.
        let close: Unicode.Scalar = next == "{" ? "}" : ")"
        var depth = 1
        var end = index + 2
        while end < scalars.count && depth > 0 {
          if scalars[end] == next { depth += 1 }
          if scalars[end] == close { depth -= 1 }
          end += 1
        }
        guard depth == 0 else {
          literal.unicodeScalars.append(contentsOf: scalars[index...])
          break
        }
        flush()
        var raw = ""
        raw.unicodeScalars.append(contentsOf: scalars[index..<end])
        var name = ""
        if next == "{" {
          for inner in scalars[(index + 2)..<(end - 1)] {
            guard inner.properties.isAlphabetic || inner == "_" || ("0"..."9").contains(inner) else { break }
            name.unicodeScalars.append(inner)
          }
        } else {
          name.unicodeScalars.append(contentsOf: scalars[(index + 2)..<(end - 1)])
          name = name.trimmingSpaces
        }
        result.append(.variable(name: name, raw: raw))
        index = end
      } else if next == "_" || next.properties.isAlphabetic {
        flush()
        var end = index + 1
        while end < scalars.count,
          scalars[end] == "_" || scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end])
        {
          end += 1
        }
        var raw = ""
        raw.unicodeScalars.append(contentsOf: scalars[index..<end])
        result.append(.variable(name: String(raw.dropFirst()), raw: raw))
        index = end
      } else {
        literal.unicodeScalars.append(scalar)
        index += 1
      }
    }
    flush()
    return result
  }

  /// True when `text` refers to a variable (its value is not known until run time).
  public static func hasVariables(_ text: String) -> Bool {
    guard text.contains("$") else { return false }
    return segments(text).contains { if case .variable = $0 { return true } else { return false } }
  }

  /// The name of the variable `text` starts with (`HOME` for `${HOME}/x`, `$(HOME)`), if it starts with one.
  public static func leadingVariable(_ text: String) -> String? {
    if case .variable(let name, _) = segments(text).first { return name }
    return nil
  }

  /// The literal text before the first variable (with `$$` read as `$`).
  public static func literalPrefix(_ text: String) -> String {
    var prefix = ""
    for segment in segments(text) {
      switch segment {
      case .literal(let value): prefix += value
      case .escapedDollar: prefix += "$"
      case .variable: return prefix
      }
    }
    return prefix
  }

  /// `text` with the variables Compose would substitute replaced, as Compose text again (a `$` of a
  /// substituted value is written `$$`): `${VAR}`/`$VAR` from `variables`, `${VAR:-default}` (unset or empty)
  /// and `${VAR-default}` (unset) fall back to the default, `${VAR:+alt}`/`${VAR+alt}` give `alt` when set.
  /// A variable without a value and without a default is kept as written and named in `unresolved`.
  /// `$(…)` is kept too.
  /// `${NAME<op><word>}` taken apart: the operator right after the name (`-`, `?`, `+`, after an optional
  /// `:`), the word after it, whether the `:` form was used, and whether it is a bare `${NAME}`.
  static func braced(_ raw: String, name: String) -> (op: Character?, word: String, colon: Bool, bare: Bool) {
    let rest = String(String.UnicodeScalarView(raw.unicodeScalars.dropFirst(2 + name.unicodeScalars.count).dropLast()))
    let colon = rest.hasPrefix(":")
    return (colon ? rest.dropFirst().first : rest.first, String(rest.dropFirst(colon ? 2 : 1)), colon, rest.isEmpty)
  }

  public static func resolve(_ text: String, variables: [String: String]) -> (text: String, unresolved: [String]) {
    var out = ""
    var unresolved: [String] = []
    func escaped(_ value: String) -> String { value.replacingAll("$", with: "$$") }
    for segment in segments(text) {
      guard case .variable(let name, let raw) = segment, raw.hasPrefix("${"), !name.isEmpty else {
        if case .variable(let name, let raw) = segment, !raw.hasPrefix("$("), let value = variables[name] {
          out += escaped(value)
        } else {
          if case .variable(let name, let raw) = segment, !raw.hasPrefix("$(") { unresolved.append(name) }
          out += segment.rawText
        }
        continue
      }
      let (op, word, colon, bare) = ComposeInterpolation.braced(raw, name: name)
      let value = variables[name]
      let isSet = value != nil && (!colon || value?.isEmpty == false)
      switch (op, bare) {
      case (_, true):
        if let value {
          out += escaped(value)
        } else {
          unresolved.append(name)
          out += raw
        }
      case ("-", _):
        out += isSet ? escaped(value ?? "") : resolve(word, variables: variables).text
      case ("+", _):
        out += isSet ? resolve(word, variables: variables).text : ""
      default:
        // `${VAR:?message}` and anything else: the value when set, else kept for whoever runs it.
        if isSet {
          out += escaped(value ?? "")
        } else {
          unresolved.append(name)
          out += raw
        }
      }
    }
    return (out, unresolved)
  }

  /// The `NAME=value` lines of a Compose `.env` file: blank lines and `#` comments skipped, `export ` allowed,
  /// values unquoted (`'…'` literally, `"…"` with `\n`, `\"` and `\\`), unquoted values cut at ` #`.
  public static func dotEnv(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
      var line = String(rawLine).trimmingSpaces
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingSpaces }
      guard let equals = line.firstIndex(of: "=") else { continue }
      let name = String(line[..<equals]).trimmingSpaces
      guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else { continue }
      var value = String(line[line.index(after: equals)...]).trimmingSpaces
      if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
        value = String(value.dropFirst().dropLast())
      } else if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
        var unescaped = ""
        var chars = value.dropFirst().dropLast().makeIterator()
        while let char = chars.next() {
          guard char == "\\", let next = chars.next() else {
            unescaped.append(char)
            continue
          }
          unescaped.append(next == "n" ? "\n" : next)
        }
        value = unescaped
      } else if let comment = value.firstRange(of: " #") {
        value = String(value[..<comment.lowerBound]).trimmingSpaces
      }
      result[name] = value
    }
    return result
  }
}

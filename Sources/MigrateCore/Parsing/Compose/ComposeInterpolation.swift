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
}

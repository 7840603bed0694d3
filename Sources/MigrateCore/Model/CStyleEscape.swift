/// Double-quoted strings with C-style escapes, the form YAML, JSON and systemd share: `"` and `\` escaped,
/// newline, tab and carriage return as `\n`, `\t`, `\r`, other control characters as each format spells them.
enum CStyleEscape {
  /// YAML and systemd spell a control character `\xHH`.
  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "\\x" + (digits.count == 1 ? "0" + digits : digits)
  }

  /// JSON spells a control character `\u00HH`.
  static func unicode(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// `s` in double quotes; `control` writes the other control characters (below 0x20, and DEL).
  static func quoted(_ s: String, control: (UInt32) -> String = hex) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += control(scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}

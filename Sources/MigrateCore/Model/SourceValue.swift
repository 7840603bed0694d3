/// How a value is written in its file, which decides how new text may be placed inside it.
public enum ValueContext: Sendable, Hashable {
  /// A plain scalar inside a flow collection (`[a, b]`), where `,[]{}` end it.
  case yamlPlain
  /// A plain scalar in block context, where `,[]{}` inside it are ordinary characters.
  case yamlPlainBlock
  case yamlSingleQuoted
  case yamlDoubleQuoted
  /// Literal or folded block scalars, and anything else that is not one verbatim line.
  case yamlBlock
  case shellUnquoted
  case shellSingleQuoted
  case shellDoubleQuoted
  /// Text that does not map to the file byte for byte (escapes, folding, Makefile `$$`).
  case opaque
}

/// A value read from a source file together with where it is and how it may be edited.
public struct SourceValue: Sendable, Hashable, CustomStringConvertible {
  /// The value after unquoting.
  public var text: String
  /// The whole token in the original bytes, quotes included.
  public var range: ByteRange
  /// Where `text` sits byte for byte in the file; nil when the value does not map to the bytes (escapes,
  /// folding, line continuations): then fixes inside it can only be shown, not applied.
  public var valueRange: ByteRange?
  public var context: ValueContext
  /// Where text appended to the value lands (inside its closing quote), when that is known even though the
  /// value itself is not verbatim (`"$ITEM:/item"`); defaults to the end of `valueRange`.
  public var appendOffset: Int?
  /// The quoting at `appendOffset`.
  public var appendContext: ValueContext

  public init(
    text: String, range: ByteRange, valueRange: ByteRange?, context: ValueContext, appendOffset: Int? = nil,
    appendContext: ValueContext? = nil
  ) {
    self.text = text
    self.range = range
    self.valueRange = valueRange
    self.context = context
    self.appendOffset = appendOffset ?? valueRange?.upper
    self.appendContext = appendContext ?? context
  }

  public var description: String { text }

  /// True when edits inside the value can be applied to the file.
  public var isEditable: Bool { valueRange != nil }

  /// An edit replacing the UTF-8 bytes `lower..<upper` of `text` (0-based byte offsets within the value),
  /// or nil when the value is not verbatim in the file or the new text cannot be written in this context.
  public func edit(replacingValueBytes lower: Int, _ upper: Int, with replacement: String) -> TextEdit? {
    guard let valueRange, lower >= 0, upper <= valueRange.count, lower <= upper,
      ValueContext.canHold(replacement, in: context)
    else { return nil }
    return TextEdit(replacing: ByteRange(valueRange.lower + lower, valueRange.lower + upper), with: replacement)
  }

  /// An edit replacing the whole value with `replacement`, keeping the original quotes.
  public func edit(replacingWith replacement: String) -> TextEdit? {
    edit(replacingValueBytes: 0, text.utf8.count, with: replacement)
  }

  /// An edit appending `suffix` to the value (inside its quotes).
  public func edit(appending suffix: String) -> TextEdit? {
    guard let appendOffset, ValueContext.canHold(suffix, in: appendContext) else { return nil }
    return TextEdit.insert(suffix, at: appendOffset)
  }
}

extension ValueContext {
  /// Whether `text` can be placed inside a value of this context without changing the file's syntax.
  static func canHold(_ text: String, in context: ValueContext) -> Bool {
    switch context {
    case .yamlPlain:
      // A plain scalar may not gain `: `, ` #`, a line break, or flow indicators (they end flow scalars).
      return !text.contains(": ") && !text.contains(" #") && !text.contains("\n")
        && !text.contains(where: { ",[]{}".contains($0) }) && !text.hasSuffix(":")
    case .yamlPlainBlock:
      return !text.contains(": ") && !text.contains(" #") && !text.contains("\n") && !text.hasSuffix(":")
    case .yamlSingleQuoted: return !text.contains("'") && !text.contains("\n")
    case .yamlDoubleQuoted: return !text.contains("\"") && !text.contains("\\") && !text.contains("\n")
    case .shellUnquoted:
      return !text.contains(where: { " \t\n'\"\\;&|<>()`*?[#~".contains($0) }) || text.isEmpty
    case .shellDoubleQuoted: return !text.contains(where: { "\"\\`\n".contains($0) })
    case .shellSingleQuoted: return !text.contains("'") && !text.contains("$")
    case .yamlBlock, .opaque: return false
    }
  }
}

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
  /// The shell word as written (quotes included) when the value holds an expansion the host shell performs
  /// (`"$HOME/data"`, `$(…)`): `text` is then the word without its quotes, not the value the command gets.
  public var expansion: String?

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

  /// The value with other text (a resolved or normalized form), still located where it was written but no
  /// longer editable in place.
  public func retexted(_ text: String) -> SourceValue {
    var copy = self
    copy.text = text
    copy.valueRange = nil
    return copy
  }

  /// True when edits inside the value can be applied to the file.
  public var isEditable: Bool { valueRange != nil }
}

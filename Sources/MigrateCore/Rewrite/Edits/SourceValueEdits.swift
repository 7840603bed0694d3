extension SourceValue {
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

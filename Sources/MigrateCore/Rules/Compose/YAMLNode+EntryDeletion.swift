extension SourceFile {
  /// The whole lines holding the block mapping entry `key: value` (from the start of the key's line to just
  /// past the line break after the value), or nil when other text shares those lines (flow style, a comment
  /// after the value, another entry on the same line).
  func entryLines(key: YAMLNode, value: YAMLNode) -> ByteRange? {
    let lineStart = lines.lineStarts[lines.lineIndex(of: key.range.lower)]
    guard bytes[lineStart..<key.range.lower].allSatisfy({ $0 == 0x20 }) else { return nil }
    var end = max(value.range.upper, key.range.upper)
    // A block scalar's range already runs to its last line break.
    if end > 0, bytes[end - 1] == 0x0A { return ByteRange(lineStart, end) }
    while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
    if end < bytes.count, bytes[end] == 0x0D { end += 1 }
    if end == bytes.count { return ByteRange(lineStart, end) }
    guard bytes[end] == 0x0A else { return nil }
    return ByteRange(lineStart, end + 1)
  }
}

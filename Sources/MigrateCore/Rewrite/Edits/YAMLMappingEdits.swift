extension SourceFile {
  /// The whole lines holding a block mapping entry `key: value` (through the line break after the value),
  /// when nothing else shares those lines; nil otherwise (flow style, `- key: v` list items).
  func entryLines(key: YAMLNode, value: YAMLNode) -> ByteRange? {
    let keyLine = lines.lineIndex(of: key.range.lower)
    let lineStart = lines.lineStarts[keyLine]
    guard bytes[lineStart..<key.range.lower].allSatisfy({ $0 == 0x20 }) else { return nil }
    let end = max(key.range.upper, value.resolved.contentEnd(in: self))
    var upper = lines.endOfLineIncludingBreak(containing: max(lineStart, end - 1))
    // Only blanks or a comment may follow the value on its last line.
    var index = end
    while index < upper, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    guard index >= upper || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == UInt8(ascii: "#")
    else { return nil }
    upper = min(upper, bytes.count)
    return ByteRange(lineStart, upper)
  }
}

extension SourceFile {
  /// The whole line of a block sequence item `- item` (with its line break), when nothing else shares it.
  func itemLine(_ item: YAMLNode) -> ByteRange? {
    let line = lines.lineIndex(of: item.range.lower)
    let lineStart = lines.lineStarts[line]
    let prefix = bytes[lineStart..<item.range.lower].filter { $0 != 0x20 }
    guard prefix == [UInt8(ascii: "-")] else { return nil }
    let end = item.resolved.contentEnd(in: self)
    guard lines.lineIndex(of: max(item.range.lower, end - 1)) == line else { return nil }
    return ByteRange(lineStart, lines.endOfLineIncludingBreak(containing: item.range.lower))
  }

  /// The deletion of one item of a compose list key (`security_opt:`): its line, or the whole key when it is
  /// the only item.
  func listItemDeletion(key: YAMLNode, list: YAMLNode, item: YAMLNode) -> TextEdit? {
    let resolved = list.resolved
    if resolved.items.count == 1 { return entryLines(key: key, value: list).map { .delete($0) } }
    return itemLine(item).map { .delete($0) }
  }
}

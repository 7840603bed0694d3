extension YAMLNode {
  /// The edit that appends a plain scalar item to this non-empty sequence: a `- item` line after the last
  /// item (block style) or `, item` before the closing bracket (flow style).
  func sequenceAppend(_ item: String, in source: SourceFile) -> TextEdit? {
    guard kind == .sequence, let last = items.last, let first = items.first else { return nil }
    if collectionStyle == .flow { return .insert(", " + item, at: last.range.upper) }
    let firstLine = source.lines.lineIndex(of: first.range.lower)
    let lineStart = source.lines.lineStarts[firstLine]
    var dash = lineStart
    while dash < first.range.lower, source.bytes[dash] == 0x20 { dash += 1 }
    guard dash < source.bytes.count, source.bytes[dash] == UInt8(ascii: "-") else { return nil }
    let indent = String(repeating: " ", count: dash - lineStart)
    let end = last.contentEnd(in: source)
    let lastLine = source.lines.lineIndex(of: max(last.range.lower, end - 1))
    let eol = source.lineEnding
    if lastLine + 1 < source.lines.lineCount {
      return .insert("\(indent)- \(item)\(eol)", at: source.lines.lineStarts[lastLine + 1])
    }
    return .insert("\(eol)\(indent)- \(item)", at: source.bytes.count)
  }
}

extension YAMLNode {
  /// The scalar as a `SourceValue`: its value, and where that value sits byte for byte in `source` when it
  /// does (plain scalars on one line, quoted scalars without escapes).
  public func sourceValue(in source: SourceFile) -> SourceValue {
    let node = self
    guard node.kind == .scalar else {
      return SourceValue(text: "", range: node.range, valueRange: nil, context: .opaque)
    }
    let valueBytes = Array(node.value.utf8)
    let range = node.range
    func matches(_ inner: ByteRange) -> Bool {
      inner.count == valueBytes.count && source.bytes[inner.lower..<inner.upper].elementsEqual(valueBytes)
    }
    switch node.style {
    case .plain:
      return SourceValue(
        text: node.value, range: range, valueRange: matches(range) ? range : nil,
        context: matches(range) ? (node.inFlow ? .yamlPlain : .yamlPlainBlock) : .opaque)
    case .singleQuoted, .doubleQuoted:
      guard range.count >= 2 else {
        return SourceValue(text: node.value, range: range, valueRange: nil, context: .opaque)
      }
      let inner = ByteRange(range.lower + 1, range.upper - 1)
      let context: ValueContext = node.style == .singleQuoted ? .yamlSingleQuoted : .yamlDoubleQuoted
      return SourceValue(
        text: node.value, range: range, valueRange: matches(inner) ? inner : nil,
        context: matches(inner) ? context : .opaque)
    case .literal, .folded:
      return SourceValue(text: node.value, range: range, valueRange: nil, context: .yamlBlock)
    }
  }

  /// Byte offset just past the last non-blank byte of the node's text.
  func contentEnd(in source: SourceFile) -> Int {
    var upper = range.upper
    while upper > range.lower {
      let byte = source.bytes[upper - 1]
      guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { break }
      upper -= 1
    }
    return upper
  }

  /// Where a new entry of this mapping goes, written with the mapping's own indentation: after the line of
  /// its last entry (block style) or before the closing brace (flow style).
  public func appendSite(in source: SourceFile) -> OptionSite? {
    appendPlacement(in: source).map { OptionSite(placement: $0, mapping: self) }
  }

  func appendPlacement(in source: SourceFile) -> OptionSite.Placement? {
    guard kind == .mapping else { return nil }
    let lineEnding = source.lineEnding
    if collectionStyle == .flow {
      let offset =
        pairs.last.map { $0.value.range.upper > $0.key.range.upper ? $0.value.range.upper : $0.key.range.upper }
        ?? (range.lower + 1)
      return .composeKey(
        offset: offset, indent: "", lineEnding: lineEnding, flow: true, needsLeadingBreak: pairs.isEmpty)
    }
    guard let firstKey = pairs.first?.key else { return nil }
    // A key that is not a plain scalar on its own line (`? key`, a mapping as a key) leaves no column a new
    // key could be written at.
    guard pairs.allSatisfy({ $0.key.kind == .scalar }) else { return nil }
    let firstLine = source.lines.lineStarts[source.lines.lineIndex(of: firstKey.range.lower)]
    guard !source.bytes[firstLine..<firstKey.range.lower].contains(UInt8(ascii: "?")) else { return nil }
    // The `?` may also stand alone on the line before the key (with a tag): the mapping then starts at it.
    guard range.lower < source.bytes.count, source.bytes[range.lower] != UInt8(ascii: "?") else { return nil }
    let indent = source.indentation(before: firstKey.range.lower)
    // A keep-chomped block scalar (`|+`, `>+`) owns the blank lines after it: insert after them.
    var last = pairs.last?.value
    while let node = last, node.kind == .mapping || node.kind == .sequence, node.collectionStyle == .block {
      last = node.kind == .mapping ? node.pairs.last?.value : node.items.last
    }
    if let scalar = last, scalar.kind == .scalar, scalar.style == .literal || scalar.style == .folded {
      let header = source.bytes[scalar.range.lower..<min(scalar.range.upper, scalar.range.lower + 4)]
      if header.contains(UInt8(ascii: "+")) {
        let end = scalar.range.upper
        if end > 0, source.bytes[end - 1] == 0x0A {
          return .composeKey(offset: end, indent: indent, lineEnding: lineEnding, flow: false, needsLeadingBreak: false)
        }
      }
    }
    let end = contentEnd(in: source)
    let lastLine = source.lastLineOfEntry(from: source.lines.lineIndex(of: max(range.lower, end - 1)), indent: indent)
    if lastLine + 1 < source.lines.lineCount {
      return .composeKey(
        offset: source.lines.lineStarts[lastLine + 1], indent: indent, lineEnding: lineEnding, flow: false,
        needsLeadingBreak: false)
    }
    return .composeKey(
      offset: source.bytes.count, indent: indent, lineEnding: lineEnding, flow: false, needsLeadingBreak: true)
  }
}

extension SourceFile {
  /// The last line of a block mapping's last entry, from the line its node ends on: libyaml ends a mapping
  /// before a trailing item of a list written at the key's own indentation (`key:` then `- ` under it, with an
  /// empty item), so the lines after it that are deeper than `indent`, or `- ` items at it, still belong to it.
  /// Blank and comment lines in between are passed over but do not count.
  func lastLineOfEntry(from line: Int, indent: String) -> Int {
    var last = line
    var next = line + 1
    let width = indent.utf8.count
    while next < lines.lineCount {
      let start = lines.lineStarts[next]
      let stop = next + 1 < lines.lineCount ? lines.lineStarts[next + 1] : bytes.count
      var index = start
      while index < stop, bytes[index] == 0x20 { index += 1 }
      let first = index < stop ? bytes[index] : 0x0A
      if first == 0x0A || first == 0x0D || first == UInt8(ascii: "#") || first == 0x09 {
        next += 1
        continue
      }
      let spaces = index - start
      let item =
        first == UInt8(ascii: "-")
        && (index + 1 >= stop || [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index + 1]))
      guard spaces > width || (spaces == width && item) else { break }
      last = next
      next += 1
    }
    return last
  }

  /// The indentation before `offset` on its line, as written (spaces), or spaces for its column when other
  /// text precedes it on the line (`- key: v`).
  public func indentation(before offset: Int) -> String {
    let lineStart = lines.lineStarts[lines.lineIndex(of: offset)]
    var index = lineStart
    if lineStart == 0 && hasBOM { index = 3 }
    let prefix = bytes[index..<offset]
    if prefix.allSatisfy({ $0 == 0x20 }) { return String(repeating: " ", count: prefix.count) }
    return String(repeating: " ", count: lines.position(of: offset).column - 1)
  }
}

internal import CLibYAML

/// Parses YAML with libyaml into `YAMLNode` trees whose ranges are UTF-8 byte offsets of the original file.
///
/// The only code that touches libyaml. libyaml counts marks in Unicode scalars (CRLF as two), so every mark
/// goes through `ScalarOffsetMap` before it leaves this file.
public enum YAMLParser {
  /// Deeper nesting is refused: no real configuration needs it, and it guards the recursive readers above.
  public static let maxDepth = 256
  /// Refuse documents whose aliases would expand to more nodes than this (billion-laughs protection).
  public static let maxAliasExpansion = 1_000_000

  /// Parses every document of `source`. Throws a located `ParseDiagnostic` (stage `yaml`) on the first error.
  public static func parse(_ source: SourceFile) throws -> YAMLStream {
    let bytes = source.bytes
    if let nul = bytes.prefix(8192).firstIndex(of: 0) {
      throw ParseDiagnostic(
        stage: "yaml", path: source.path, range: ByteRange(nul, nul + 1),
        problem: "binary file (NUL byte at offset \(nul)); not YAML text")
    }
    if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
      throw ParseDiagnostic(
        stage: "yaml", path: source.path, range: ByteRange(0, 2),
        problem: "the file is UTF-16 (byte order mark); only UTF-8 is read")
    }
    // YAML takes a carriage return on its own as a line break; the edits (and most editors and tools) take
    // only LF and CRLF: such a file is refused before any fix, at the first one.
    if let lone = loneCarriageReturn(source.bytes) {
      throw ParseDiagnostic(
        stage: "yaml", path: source.path, range: ByteRange(lone, lone + 1),
        problem:
          "a carriage return that is not followed by a line feed (old Mac line ending); only LF and CRLF line ends are read"
      )
    }
    var builder = TreeBuilder(source: source)
    try withParser(source.bytes) { parser in
      var event = yaml_event_t()
      while true {
        guard yaml_parser_parse(parser, &event) == 1 else {
          throw diagnostic(from: parser.pointee, source: source, offsets: builder.offsets)
        }
        defer { yaml_event_delete(&event) }
        let done = event.type == YAML_STREAM_END_EVENT
        try builder.handle(&event)
        if done { break }
      }
    }
    return YAMLStream(documents: builder.documents, source: source)
  }

  /// The offset of the first CR byte not followed by LF, if any (one `memchr` per CR).
  static func loneCarriageReturn(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBytes { buffer -> Int? in
      guard let base = buffer.baseAddress else { return nil }
      var offset = 0
      while offset < buffer.count, let hit = memchr(base + offset, 0x0D, buffer.count - offset) {
        let position = base.distance(to: UnsafeRawPointer(hit))
        if position + 1 >= buffer.count || buffer[position + 1] != 0x0A { return position }
        offset = position + 2
      }
      return nil
    }
  }

  /// Runs `body` with an initialized parser reading `bytes`; the buffer outlives the parser.
  private static func withParser(
    _ bytes: [UInt8], _ body: (UnsafeMutablePointer<yaml_parser_t>) throws -> Void
  ) throws {
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else {
      throw MigrateError.internal("libyaml could not initialize (out of memory)")
    }
    defer { yaml_parser_delete(parser) }
    // libyaml detects the encoding itself and then skips a UTF-8 byte order mark without counting it in
    // marks (forcing UTF-8 would count it as a column and shift the first line). UTF-16 input is refused
    // before parsing, since its marks would not be UTF-8 offsets.
    let padded = bytes.isEmpty ? [0] : bytes
    try padded.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      yaml_parser_set_input_string(parser, base, bytes.count)
      try body(parser)
    }
  }

  /// Maps libyaml's error fields to one located diagnostic.
  static func diagnostic(from parser: yaml_parser_t, source: SourceFile, offsets: ScalarOffsetMap)
    -> ParseDiagnostic
  {
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
    if parser.error == YAML_READER_ERROR {
      // Reader errors carry a raw byte offset, not a mark.
      let offset = min(Int(parser.problem_offset), source.bytes.count)
      var text = problem
      if parser.problem_value >= 0, problem.contains("octet") || problem.contains("character") {
        text += " (byte 0x\(String(Int(parser.problem_value), radix: 16, uppercase: true)))"
      }
      if problem.contains("control characters") || problem.contains("octet") {
        text += "; the file is not UTF-8 text"
      }
      return ParseDiagnostic(
        stage: "yaml", path: source.path, range: ByteRange(offset, min(offset + 1, source.bytes.count)),
        problem: text)
    }
    let at = offsets.byteOffset(ofScalar: Int(parser.problem_mark.index))
    var context: String?
    var contextRange: ByteRange?
    if let contextText = parser.context {
      context = String(cString: contextText)
      let contextOffset = offsets.byteOffset(ofScalar: Int(parser.context_mark.index))
      contextRange = ByteRange.at(contextOffset)
    }
    return ParseDiagnostic(
      stage: "yaml", path: source.path, range: ByteRange.at(at), problem: problem, context: context,
      contextRange: contextRange)
  }
}

/// Turns libyaml events into nodes; tracks anchors, nesting depth and alias expansion.
private struct TreeBuilder {
  final class Frame {
    let node: YAMLNode
    var pendingKey: YAMLNode?
    /// End (byte offset) of the last completed child, where an empty value that follows is placed.
    var lastEnd: Int

    init(node: YAMLNode, start: Int) {
      self.node = node
      self.lastEnd = start
    }
  }

  let source: SourceFile
  let offsets: ScalarOffsetMap
  var documents: [YAMLDocument] = []
  private var stack: [Frame] = []
  /// How many flow collections are open.
  private var flowDepth = 0
  private var anchors: [String: YAMLNode] = [:]
  private var openAnchors: Set<String> = []
  private var root: YAMLNode?
  private var documentStart = 0
  private var nodeCount = 0
  private var aliasExpansion = 0

  init(source: SourceFile) {
    self.source = source
    self.offsets = ScalarOffsetMap(source.bytes)
  }

  private func offset(_ mark: yaml_mark_t) -> Int { offsets.byteOffset(ofScalar: Int(mark.index)) }

  mutating func handle(_ event: inout yaml_event_t) throws {
    let start = offset(event.start_mark)
    let end = max(start, offset(event.end_mark))
    switch event.type {
    case YAML_DOCUMENT_START_EVENT:
      root = nil
      anchors = [:]
      openAnchors = []
      documentStart = start
      nodeCount = 0
      aliasExpansion = 0
    case YAML_DOCUMENT_END_EVENT:
      documents.append(YAMLDocument(root: root, range: ByteRange(documentStart, max(documentStart, end))))
    case YAML_SCALAR_EVENT:
      let scalar = event.data.scalar
      let anchor = scalar.anchor.map { String(cString: $0) }
      let tag = scalar.tag.map { String(cString: $0) }
      let value =
        scalar.value.map {
          String(decoding: UnsafeBufferPointer(start: $0, count: Int(scalar.length)), as: UTF8.self)
        } ?? ""
      let style: ScalarStyle
      switch scalar.style {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
      case YAML_LITERAL_SCALAR_STYLE: style = .literal
      case YAML_FOLDED_SCALAR_STYLE: style = .folded
      default: style = .plain
      }
      var range: ByteRange
      if style == .plain && value.isEmpty && start == end {
        // libyaml places an empty value at the next token, possibly lines later: keep it beside its key.
        range = .at(stack.last?.lastEnd ?? start)
      } else {
        let lower = (anchor != nil || tag != nil) ? skipProperties(from: start, limit: end) : start
        range = ByteRange(lower, end)
        if style == .literal || style == .folded { range = trimTrailingSpace(range) }
      }
      let node = YAMLNode(kind: .scalar, range: range, tag: tag, anchor: anchor, value: value, style: style)
      node.inFlow = flowDepth > 0
      try attach(node, at: start)
      if let anchor { anchors[anchor] = node }
    case YAML_ALIAS_EVENT:
      let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
      let node = YAMLNode(
        kind: .alias, range: ByteRange(start, end), tag: nil, anchor: nil, aliasName: name)
      guard let target = anchors[name] else {
        let problem =
          openAnchors.contains(name)
          ? "alias `*\(name)` refers to a node that contains it (recursive alias)"
          : "alias `*\(name)` refers to no anchor `&\(name)` defined before it"
        throw ParseDiagnostic(stage: "yaml", path: source.path, range: node.range, problem: problem)
      }
      node.target = target
      node.expandedCount = target.expandedCount
      aliasExpansion = aliasExpansion &+ target.expandedCount
      if aliasExpansion > YAMLParser.maxAliasExpansion
        || (aliasExpansion > 50_000 && aliasExpansion > 100 * max(nodeCount, 1))
      {
        throw ParseDiagnostic(
          stage: "yaml", path: source.path, range: node.range,
          problem:
            "aliases expand to over \(aliasExpansion) nodes from \(nodeCount) written ones (an alias bomb); refusing to read further"
        )
      }
      try attach(node, at: start)
    case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
      let isMapping = event.type == YAML_MAPPING_START_EVENT
      let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
      let tagPointer = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
      let flowStyle =
        isMapping
        ? event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
        : event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
      let anchor = anchorPointer.map { String(cString: $0) }
      let tag = tagPointer.map { String(cString: $0) }
      let lower =
        (anchor != nil || tag != nil) ? skipProperties(from: start, limit: source.bytes.count) : start
      let node = YAMLNode(
        kind: isMapping ? .mapping : .sequence, range: .at(lower), tag: tag, anchor: anchor,
        collectionStyle: flowStyle ? .flow : .block)
      node.inFlow = flowDepth > 0
      if flowStyle { flowDepth += 1 }
      if stack.count >= YAMLParser.maxDepth {
        throw ParseDiagnostic(
          stage: "yaml", path: source.path, range: .at(start),
          problem: "nesting deeper than \(YAMLParser.maxDepth) levels")
      }
      if let anchor { openAnchors.insert(anchor) }
      stack.append(Frame(node: node, start: lower))
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      guard let frame = stack.popLast() else { return }
      let node = frame.node
      if node.collectionStyle == .flow {
        flowDepth -= 1
        node.range = ByteRange(node.range.lower, max(node.range.lower, end))
      } else {
        node.range = ByteRange(node.range.lower, max(node.range.lower, frame.lastEnd))
      }
      if let pending = frame.pendingKey {
        // Cannot happen with a well-formed event stream; keep the key rather than lose it.
        node.pairs.append((pending, YAMLNode(kind: .scalar, range: .at(pending.range.upper), tag: nil, anchor: nil)))
      }
      try attach(node, at: node.range.lower, counted: false)
      if let anchor = node.anchor {
        openAnchors.remove(anchor)
        anchors[anchor] = node
      }
    default:
      break
    }
  }

  /// Adds a completed node to its parent (or makes it the document root).
  private mutating func attach(_ node: YAMLNode, at start: Int, counted: Bool = true) throws {
    if counted || node.kind == .mapping || node.kind == .sequence { nodeCount += 1 }
    guard let frame = stack.last else {
      root = node
      return
    }
    let parent = frame.node
    parent.expandedCount = parent.expandedCount &+ node.expandedCount
    if parent.kind == .mapping {
      if let key = frame.pendingKey {
        parent.pairs.append((key, node))
        frame.pendingKey = nil
      } else {
        frame.pendingKey = node
      }
    } else {
      parent.items.append(node)
    }
    frame.lastEnd = max(frame.lastEnd, node.range.upper)
  }

  /// Skips `&anchor`, `!tag` and the blanks and comments after them, to where the node's own text starts.
  private func skipProperties(from start: Int, limit: Int) -> Int {
    let bytes = source.bytes
    var index = start
    let end = min(limit, bytes.count)
    while index < end {
      let byte = bytes[index]
      if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!") {
        if byte == UInt8(ascii: "!"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "<") {
          while index < end && bytes[index] != UInt8(ascii: ">") { index += 1 }
          index += 1
          continue
        }
        while index < end && !isBlank(bytes[index]) && !isFlowIndicator(bytes[index]) { index += 1 }
      } else if isBlank(byte) {
        index += 1
      } else if byte == UInt8(ascii: "#") {
        while index < end && bytes[index] != 0x0A { index += 1 }
      } else {
        break
      }
    }
    return min(index, end)
  }

  /// Block scalars end where libyaml stopped reading, which can be inside the next line's indentation.
  private func trimTrailingSpace(_ range: ByteRange) -> ByteRange {
    var upper = range.upper
    let bytes = source.bytes
    while upper > range.lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
    return ByteRange(range.lower, upper)
  }

  private func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
  private func isFlowIndicator(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
      || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
  }
}

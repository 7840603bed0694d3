/// Collects the parts of one word while the reader walks its bytes. Internal.
///
/// Offsets are host-file UTF-8 byte offsets (0-based).
struct ShellWordAccumulator {
  /// First byte of the word.
  var start: Int
  var parts: [ShellWordPart] = []
  var valueRanges: [ByteRange?] = []
  /// All literal values concatenated (the word's value when it is static).
  var value: [UInt8] = []
  /// False once a non-literal part was added.
  var isStatic = true
  /// False once any quote, escape or line continuation was seen.
  var isPlain = true

  // The literal segment being collected.
  private var segment: [UInt8] = []
  private var segmentOpen = false
  private var segmentStart = 0
  private var segmentContentStart = 0
  private var segmentQuoting: ShellQuoting = .unquoted
  private var segmentExact = true

  init(start: Int) {
    self.start = start
  }

  var isEmpty: Bool { parts.isEmpty && !segmentOpen }

  /// True when a literal segment of `quoting` is being collected.
  func hasOpenSegment(_ quoting: ShellQuoting) -> Bool { segmentOpen && segmentQuoting == quoting }

  /// The bytes collected so far in the open segment (empty when none is open).
  var openSegmentBytes: [UInt8] { segmentOpen ? segment : [] }

  /// True when the word so far is exactly one open, exact, unquoted literal segment.
  var isSingleExactUnquotedSegment: Bool {
    parts.isEmpty && segmentOpen && segmentQuoting == .unquoted && segmentExact
  }

  /// Opens a literal segment whose source starts at `rangeStart` and whose value bytes start at
  /// `contentStart` (after an opening quote).
  mutating func openSegment(at rangeStart: Int, contentStart: Int, quoting: ShellQuoting) {
    segment.removeAll(keepingCapacity: true)
    segmentOpen = true
    segmentStart = rangeStart
    segmentContentStart = contentStart
    segmentQuoting = quoting
    segmentExact = true
    if quoting != .unquoted { isPlain = false }
  }

  /// Appends unquoted literal bytes that start at `offset`, opening an unquoted segment if needed.
  mutating func appendUnquoted<C: Collection>(_ bytes: C, at offset: Int, exact: Bool)
  where C.Element == UInt8 {
    if segmentOpen && segmentQuoting != .unquoted { closeSegment(rangeEnd: offset, contentEnd: offset) }
    if !segmentOpen { openSegment(at: offset, contentStart: offset, quoting: .unquoted) }
    segment.append(contentsOf: bytes)
    value.append(contentsOf: bytes)
    if !exact {
      segmentExact = false
      isPlain = false
    }
  }

  /// Appends bytes to the open (quoted) segment.
  mutating func appendToSegment<C: Collection>(_ bytes: C, exact: Bool) where C.Element == UInt8 {
    segment.append(contentsOf: bytes)
    value.append(contentsOf: bytes)
    if !exact {
      segmentExact = false
      isPlain = false
    }
  }

  /// Marks the open segment inexact (an escape or continuation removed bytes).
  mutating func markInexact() {
    segmentExact = false
    isPlain = false
  }

  /// Closes the open segment, if any. `rangeEnd` is the end of its source (after a closing quote),
  /// `contentEnd` the end of its value bytes. An empty segment is dropped unless `keepEmpty`.
  mutating func closeSegment(rangeEnd: Int, contentEnd: Int, keepEmpty: Bool = false) {
    guard segmentOpen else { return }
    segmentOpen = false
    if segment.isEmpty && !keepEmpty { return }
    let text = String(decoding: segment, as: UTF8.self)
    var exactRange: ByteRange? = nil
    if segmentExact && contentEnd >= segmentContentStart && text.utf8.elementsEqual(segment) {
      exactRange = ByteRange(segmentContentStart, contentEnd)
    }
    parts.append(.literal(text, range: ByteRange(segmentStart, rangeEnd), quoting: segmentQuoting))
    valueRanges.append(exactRange)
  }

  /// Adds a finished literal part (single-quoted or ANSI-C strings).
  mutating func addLiteral(
    _ bytes: [UInt8], range: ByteRange, quoting: ShellQuoting, exactRange: ByteRange?
  ) {
    let text = String(decoding: bytes, as: UTF8.self)
    value.append(contentsOf: bytes)
    if quoting != .unquoted { isPlain = false }
    parts.append(.literal(text, range: range, quoting: quoting))
    valueRanges.append(text.utf8.elementsEqual(bytes) ? exactRange : nil)
  }

  /// Adds a non-literal part (parameter, substitution, arithmetic).
  mutating func addDynamic(_ part: ShellWordPart) {
    closeSegment(rangeEnd: part.range.lower, contentEnd: part.range.lower)
    isStatic = false
    isPlain = false
    parts.append(part)
    valueRanges.append(nil)
  }

  /// Builds the word that ends at `end`.
  mutating func finish(end: Int, source: [UInt8]) -> ShellWord {
    closeSegment(rangeEnd: end, contentEnd: end)
    let range = ByteRange(start, max(start, end))
    let slice = source[range.lower..<range.upper]
    let raw = String(decoding: slice, as: UTF8.self)
    let staticValue: String? = isStatic ? String(decoding: value, as: UTF8.self) : nil
    var verbatim = false
    if isStatic && isPlain && value.count == range.count {
      verbatim = raw.utf8.count == slice.count && raw.utf8.elementsEqual(slice)
    }
    return ShellWord(
      range: range, parts: parts, staticValue: staticValue, rawText: raw, isVerbatim: verbatim,
      partValueRanges: valueRanges)
  }
}

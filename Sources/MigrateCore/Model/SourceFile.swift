/// The bytes of one input file, as read, plus a line index for reporting positions.
public struct SourceFile: Sendable {
  /// The path as given by the user (`-` for standard input); used only in reports.
  public let path: String
  /// The original bytes; every `ByteRange` of this file points into these.
  public let bytes: [UInt8]
  public let lines: LineIndex

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    self.lines = LineIndex(bytes)
    self.lineEnding = Self.dominantLineEnding(bytes)
  }

  public init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  /// The text of `range`, decoded with repair of invalid UTF-8.
  public func text(_ range: ByteRange) -> String {
    String(decoding: bytes[range.lower..<range.upper], as: UTF8.self)
  }

  /// True if the file starts with a UTF-8 byte order mark.
  public var hasBOM: Bool { bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF }

  /// The dominant line ending, so inserted lines match the file (`\r\n` for CRLF files). Counted once
  /// here: every key a fix inserts asks for it.
  public let lineEnding: String

  static func dominantLineEnding(_ bytes: [UInt8]) -> String {
    var crlf = 0
    var lf = 0
    var previous: UInt8 = 0
    for byte in bytes.prefix(1 << 16) {
      if byte == 0x0A { if previous == 0x0D { crlf += 1 } else { lf += 1 } }
      previous = byte
    }
    return crlf > lf ? "\r\n" : "\n"
  }
}

/// A 1-based line and column; the column counts Unicode scalars from the line start.
public struct SourcePosition: Hashable, Sendable, Comparable {
  /// 1-based line number.
  public var line: Int
  /// 1-based column, in Unicode scalars.
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
    a.line != b.line ? a.line < b.line : a.column < b.column
  }
}

/// Maps byte offsets to lines and columns. Lines end at `\n`; a `\r` before it belongs to the line ending.
public struct LineIndex: Sendable {
  /// Byte offset (0-based) of the start of each line; `lineStarts[0] == 0`.
  public let lineStarts: [Int]
  private let bytes: [UInt8]

  public init(_ bytes: [UInt8]) {
    var starts = [0]
    for (offset, byte) in bytes.enumerated() where byte == 0x0A {
      starts.append(offset + 1)
    }
    self.lineStarts = starts
    self.bytes = bytes
  }

  /// 0-based index of the line holding byte `offset`.
  public func lineIndex(of offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// The 1-based position of byte `offset`; the column counts Unicode scalars (a BOM is not counted).
  public func position(of offset: Int) -> SourcePosition {
    let clamped = max(0, min(offset, bytes.count))
    let line = lineIndex(of: clamped)
    var start = lineStarts[line]
    if line == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF, clamped >= 3 {
      start = 3
    }
    var column = 1
    var index = start
    while index < clamped {
      // Count scalar starts: every byte that is not a UTF-8 continuation byte.
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return SourcePosition(line: line + 1, column: column)
  }

  /// Positions of many offsets at once: sorting lets each column count continue from the previous one, so
  /// thousands of findings on one long line cost one pass over it.
  public func positions(of offsets: [Int]) -> [SourcePosition] {
    var result = [SourcePosition](repeating: SourcePosition(line: 1, column: 1), count: offsets.count)
    var cursorOffset = -1
    var cursor = SourcePosition(line: 1, column: 1)
    for index in offsets.indices.sorted(by: { offsets[$0] < offsets[$1] }) {
      let offset = max(0, min(offsets[index], bytes.count))
      let line = lineIndex(of: offset)
      if cursorOffset < 3 || line + 1 != cursor.line {
        cursor = position(of: offset)
      } else {
        var column = cursor.column
        for byte in bytes[cursorOffset..<offset] where byte & 0xC0 != 0x80 { column += 1 }
        cursor = SourcePosition(line: line + 1, column: column)
      }
      cursorOffset = offset
      result[index] = cursor
    }
    return result
  }

  /// Byte range of line `index` (0-based), without its line ending.
  public func lineRange(_ index: Int) -> ByteRange {
    let start = lineStarts[index]
    var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
    if end > start, end <= bytes.count, end - 1 >= start, end - 1 < bytes.count, bytes[end - 1] == 0x0D {
      end -= 1
    }
    return ByteRange(start, max(start, end))
  }

  /// Byte offset just past the line ending of the line holding `offset` (or the end of the file).
  public func endOfLineIncludingBreak(containing offset: Int) -> Int {
    let line = lineIndex(of: offset)
    return line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
  }

  public var lineCount: Int { lineStarts.count }
}

/// A half-open range of UTF-8 byte offsets into a file's original bytes (0-based, `lower..<upper`).
public struct ByteRange: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// First byte (0-based, inclusive).
  public var lower: Int
  /// One past the last byte (0-based, exclusive).
  public var upper: Int

  public init(_ lower: Int, _ upper: Int) {
    // Programmer error only: every caller derives both ends from positions it already ordered.
    precondition(lower <= upper, "ByteRange lower \(lower) > upper \(upper)")
    self.lower = lower
    self.upper = upper
  }

  /// An empty range at `offset`, the place of an insertion.
  public static func at(_ offset: Int) -> ByteRange { ByteRange(offset, offset) }

  public var isEmpty: Bool { lower == upper }
  public var count: Int { upper - lower }

  public func contains(_ offset: Int) -> Bool { offset >= lower && offset < upper }
  public func contains(_ other: ByteRange) -> Bool { other.lower >= lower && other.upper <= upper }

  /// The range moved by `delta` bytes, for spans of text embedded at a base offset.
  public func shifted(by delta: Int) -> ByteRange { ByteRange(lower + delta, upper + delta) }

  public static func < (a: ByteRange, b: ByteRange) -> Bool {
    a.lower != b.lower ? a.lower < b.lower : a.upper < b.upper
  }

  public var description: String { "\(lower)..<\(upper)" }
}

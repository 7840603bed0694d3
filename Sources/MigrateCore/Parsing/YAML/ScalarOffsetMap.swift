/// Converts libyaml's mark indexes (Unicode scalars from the start of the input, CRLF counted as two) to
/// UTF-8 byte offsets. A UTF-8 byte order mark is not counted by libyaml, so scalar 0 is the one after it.
/// Stores one checkpoint every `stride` scalars, so memory stays small on large files;
/// an ASCII file needs no table at all.
struct ScalarOffsetMap: Sendable {
  private static let stride = 64
  private let bytes: [UInt8]
  /// Byte offset of scalar `k * stride`; empty when every byte is ASCII (scalar index == byte offset).
  private let checkpoints: [Int]
  private let isASCII: Bool
  /// Bytes of the byte order mark (0 or 3), which come before scalar 0.
  private let base: Int

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    base = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    var ascii = true
    for byte in bytes.dropFirst(base) where byte >= 0x80 {
      ascii = false
      break
    }
    isASCII = ascii
    guard !ascii else {
      checkpoints = []
      return
    }
    var points: [Int] = []
    points.reserveCapacity(bytes.count / Self.stride + 1)
    var scalar = 0
    for offset in base..<bytes.count where bytes[offset] & 0xC0 != 0x80 {
      if scalar % Self.stride == 0 { points.append(offset) }
      scalar += 1
    }
    checkpoints = points
  }

  /// The byte offset of the scalar at `index`, clamped to the end of the input.
  func byteOffset(ofScalar index: Int) -> Int {
    if isASCII { return max(0, min(base + index, bytes.count)) }
    let slot = index / Self.stride
    guard slot < checkpoints.count else { return bytes.count }
    var offset = checkpoints[slot]
    var remaining = index - slot * Self.stride
    while remaining > 0 && offset < bytes.count {
      offset += 1
      while offset < bytes.count && bytes[offset] & 0xC0 == 0x80 { offset += 1 }
      remaining -= 1
    }
    return offset
  }
}

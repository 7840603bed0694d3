import Foundation

/// Substring search over raw bytes: `memchr` finds the candidates for the first byte, `memcmp` checks them
/// (a byte-by-byte loop is several times slower, and far slower under the fuzzer's instrumentation).
enum ByteSearch {
  /// How many times `needle` occurs in `haystack` without overlapping, counting up to `limit` and only the
  /// places `accept` takes (given the offset of each).
  static func count(
    _ needle: String, in haystack: UnsafeRawBufferPointer, limit: Int = .max,
    where accept: (Int) -> Bool = { _ in true }
  ) -> Int {
    let pattern = Array(needle.utf8)
    guard let first = pattern.first, haystack.count >= pattern.count, let base = haystack.baseAddress else {
      return 0
    }
    var found = 0
    var offset = 0
    let last = haystack.count - pattern.count
    while offset <= last && found < limit {
      guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { break }
      let position = base.distance(to: UnsafeRawPointer(hit))
      if memcmp(base + position, pattern, pattern.count) == 0 && accept(position) {
        found += 1
        offset = position + pattern.count
      } else {
        offset = position + 1
      }
    }
    return found
  }

  static func count(_ needle: String, in bytes: [UInt8]) -> Int { bytes.withUnsafeBytes { count(needle, in: $0) } }

  /// Whether `needle` occurs in `haystack` (an empty needle always does).
  static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: String) -> Bool {
    needle.isEmpty || count(needle, in: haystack, limit: 1) > 0
  }

  /// Whether a NUL byte occurs (what marks a binary file): one `memchr`, not a byte loop (11% of a batch).
  static func containsNUL(_ haystack: UnsafeRawBufferPointer) -> Bool {
    guard let base = haystack.baseAddress, !haystack.isEmpty else { return false }
    return memchr(base, 0, haystack.count) != nil
  }
}

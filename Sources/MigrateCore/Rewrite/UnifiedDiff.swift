/// Unified diffs (`--- a/…`, `+++ b/…`, `@@ … @@`, 3 lines of context) between two byte buffers, by
/// Myers' O(ND) algorithm over lines.
public enum UnifiedDiff {
  public struct Style: Sendable {
    public var color: Bool
    public init(color: Bool) { self.color = color }
  }

  /// The diff of `old` and `new` for `path`, or "" when they are equal.
  public static func render(
    old: [UInt8], new: [UInt8], path: String, context: Int = 3, style: Style = Style(color: false)
  )
    -> String
  {
    guard old != new else { return "" }
    let a = splitLines(old)
    let b = splitLines(new)
    let script = diff(a.map(\.hash), b.map(\.hash), a: a, b: b)
    var output = ""
    let red = style.color ? "\u{1B}[31m" : ""
    let green = style.color ? "\u{1B}[32m" : ""
    let cyan = style.color ? "\u{1B}[36m" : ""
    let bold = style.color ? "\u{1B}[1m" : ""
    let reset = style.color ? "\u{1B}[0m" : ""
    let display = path.hasPrefix("/") ? String(path.dropFirst()) : path
    output += "\(bold)--- a/\(display)\(reset)\n\(bold)+++ b/\(display)\(reset)\n"
    for hunk in hunks(script, context: context) {
      let oldStart = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart + 1
      let newStart = hunk.newCount == 0 ? hunk.newStart : hunk.newStart + 1
      output += "\(cyan)@@ -\(range(oldStart, hunk.oldCount)) +\(range(newStart, hunk.newCount)) @@\(reset)\n"
      for op in hunk.ops {
        switch op {
        case .equal(let i, _): output += " " + a[i].text + terminator(a[i])
        case .delete(let i): output += red + "-" + a[i].text + reset + terminator(a[i])
        case .insert(let j): output += green + "+" + b[j].text + reset + terminator(b[j])
        }
      }
    }
    return output
  }

  struct Line {
    var text: String
    var hash: Int
    var hasNewline: Bool
  }

  private static func terminator(_ line: Line) -> String {
    line.hasNewline ? "\n" : "\n\\ No newline at end of file\n"
  }

  private static func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }

  static func splitLines(_ bytes: [UInt8]) -> [Line] {
    var lines: [Line] = []
    var start = 0
    for index in bytes.indices where bytes[index] == 0x0A {
      let slice = bytes[start..<index]
      lines.append(Line(text: String(decoding: slice, as: UTF8.self), hash: hashBytes(slice), hasNewline: true))
      start = index + 1
    }
    if start < bytes.count {
      let slice = bytes[start...]
      lines.append(
        Line(text: String(decoding: slice, as: UTF8.self), hash: hashBytes(slice) ^ 0x5bd1e995, hasNewline: false))
    }
    return lines
  }

  private static func hashBytes(_ bytes: ArraySlice<UInt8>) -> Int {
    var hasher = Hasher()
    hasher.combine(bytes.count)
    for byte in bytes { hasher.combine(byte) }
    return hasher.finalize()
  }

  enum Op: Equatable {
    case equal(Int, Int)
    case delete(Int)
    case insert(Int)
  }

  /// Myers' shortest edit script; line equality is hash equality confirmed by text.
  static func diff(_ x: [Int], _ y: [Int], a: [Line], b: [Line]) -> [Op] {
    // Trim the common prefix and suffix first: most edits touch a few lines of a large file.
    var prefix = 0
    while prefix < x.count && prefix < y.count && x[prefix] == y[prefix] && a[prefix].text == b[prefix].text {
      prefix += 1
    }
    var suffix = 0
    while suffix < x.count - prefix && suffix < y.count - prefix
      && x[x.count - 1 - suffix] == y[y.count - 1 - suffix]
      && a[x.count - 1 - suffix].text == b[y.count - 1 - suffix].text
    {
      suffix += 1
    }
    let n = x.count - prefix - suffix
    let m = y.count - prefix - suffix
    func same(_ i: Int, _ j: Int) -> Bool { x[prefix + i] == y[prefix + j] && a[prefix + i].text == b[prefix + j].text }
    let maxD = n + m
    var v = [Int](repeating: 0, count: 2 * maxD + 2)
    var trace: [[Int]] = []
    var found = false
    if maxD > 0 {
      outer: for d in 0...maxD {
        trace.append(v)
        var k = -d
        while k <= d {
          var i: Int
          if k == -d || (k != d && v[maxD + k - 1] < v[maxD + k + 1]) {
            i = v[maxD + k + 1]
          } else {
            i = v[maxD + k - 1] + 1
          }
          var j = i - k
          while i < n && j < m && same(i, j) {
            i += 1
            j += 1
          }
          v[maxD + k] = i
          if i >= n && j >= m {
            found = true
            break outer
          }
          k += 2
        }
      }
    }
    var middle: [Op] = []
    if found {
      var i = n
      var j = m
      for d in stride(from: trace.count - 1, through: 0, by: -1) {
        let vd = trace[d]
        let k = i - j
        let prevK: Int
        if k == -d || (k != d && vd[maxD + k - 1] < vd[maxD + k + 1]) { prevK = k + 1 } else { prevK = k - 1 }
        let prevI = vd[maxD + prevK]
        let prevJ = prevI - prevK
        while i > prevI && j > prevJ {
          middle.append(.equal(prefix + i - 1, prefix + j - 1))
          i -= 1
          j -= 1
        }
        if d > 0 {
          if i == prevI { middle.append(.insert(prefix + j - 1)) } else { middle.append(.delete(prefix + i - 1)) }
        }
        i = prevI
        j = prevJ
      }
      middle.reverse()
    }
    var ops: [Op] = (0..<prefix).map { .equal($0, $0) }
    ops += middle
    ops += (0..<suffix).map { .equal(x.count - suffix + $0, y.count - suffix + $0) }
    return ops
  }

  struct Hunk {
    var oldStart: Int
    var oldCount: Int
    var newStart: Int
    var newCount: Int
    var ops: [Op]
  }

  static func hunks(_ ops: [Op], context: Int) -> [Hunk] {
    let changes = ops.indices.filter { if case .equal = ops[$0] { return false } else { return true } }
    guard !changes.isEmpty else { return [] }
    var groups: [(Int, Int)] = []
    var start = max(0, changes[0] - context)
    var end = min(ops.count - 1, changes[0] + context)
    for index in changes.dropFirst() {
      if index - context <= end + 1 {
        end = min(ops.count - 1, index + context)
      } else {
        groups.append((start, end))
        start = max(0, index - context)
        end = min(ops.count - 1, index + context)
      }
    }
    groups.append((start, end))
    return groups.map { (lo, hi) in
      var oldLine = 0
      var newLine = 0
      for op in ops[0..<lo] {
        switch op {
        case .equal: oldLine += 1; newLine += 1
        case .delete: oldLine += 1
        case .insert: newLine += 1
        }
      }
      let slice = Array(ops[lo...hi])
      let oldCount = slice.filter { if case .insert = $0 { return false } else { return true } }.count
      let newCount = slice.filter { if case .delete = $0 { return false } else { return true } }.count
      return Hunk(oldStart: oldLine, oldCount: oldCount, newStart: newLine, newCount: newCount, ops: slice)
    }
  }
}

/// One change to a file: replace the bytes of `range` (original offsets) with `replacement`.
/// An empty range is an insertion; an empty replacement is a deletion.
public struct TextEdit: Hashable, Sendable {
  public var range: ByteRange
  public var replacement: String

  public init(replacing range: ByteRange, with replacement: String) {
    self.range = range
    self.replacement = replacement
  }

  public static func insert(_ text: String, at offset: Int) -> TextEdit {
    TextEdit(replacing: .at(offset), with: text)
  }

  public static func delete(_ range: ByteRange) -> TextEdit {
    TextEdit(replacing: range, with: "")
  }

  /// Applies `edits` (sorted by range and disjoint) to `bytes`, copying untouched bytes.
  public static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + edits.reduce(0) { $0 + $1.replacement.utf8.count })
    var cursor = 0
    for edit in edits {
      // Callers pass edits the engine already sorted and filtered for overlap.
      precondition(edit.range.lower >= cursor && edit.range.upper <= bytes.count, "unsorted or overlapping edits")
      output.append(contentsOf: bytes[cursor..<edit.range.lower])
      output.append(contentsOf: edit.replacement.utf8)
      cursor = edit.range.upper
    }
    output.append(contentsOf: bytes[cursor...])
    return output
  }
}

/// How safe a fix is to apply without review (ruff's applicability levels).
public enum Applicability: Int, Comparable, Sendable, Codable, CaseIterable {
  /// Shown as a suggestion, never applied (the text cannot be edited byte for byte, or it needs a decision).
  case displayOnly
  /// Applied only with `--unsafe-fixes`: it may change behaviour in ways the rule cannot check.
  case unsafe
  /// Applied by default.
  case safe

  public static func < (a: Applicability, b: Applicability) -> Bool { a.rawValue < b.rawValue }

  public var name: String {
    switch self {
    case .displayOnly: return "display-only"
    case .unsafe: return "unsafe"
    case .safe: return "safe"
    }
  }
}

/// A titled set of edits that together resolve one finding.
public struct Fix: Hashable, Sendable {
  /// Imperative title, e.g. "Mount the Podman socket instead".
  public var title: String
  public var applicability: Applicability
  /// Sorted by range, disjoint.
  public var edits: [TextEdit]

  public init(_ title: String, _ applicability: Applicability, _ edits: [TextEdit]) {
    self.title = title
    self.applicability = applicability
    self.edits = edits.sorted { $0.range < $1.range }
  }

  public static func safe(_ title: String, _ edits: TextEdit...) -> Fix { Fix(title, .safe, edits) }
  public static func unsafe(_ title: String, _ edits: TextEdit...) -> Fix { Fix(title, .unsafe, edits) }
  public static func displayOnly(_ title: String, _ edits: TextEdit...) -> Fix { Fix(title, .displayOnly, edits) }

  /// The smallest range covering every edit.
  public var span: ByteRange? {
    guard let first = edits.first else { return nil }
    return ByteRange(first.range.lower, edits.map(\.range.upper).max() ?? first.range.upper)
  }
}

import Foundation
import PropertyBased
import Testing

@testable import MigrateCore

@Suite("Fix engine")
struct FixEngineTests {
  func finding(_ id: String, _ edits: [TextEdit], _ applicability: Applicability = .safe) -> Finding {
    Finding(
      ruleID: id, severity: .warning, message: id, range: edits.first?.range ?? .at(0),
      fix: Fix(id, applicability, edits))
  }

  @Test("overlapping fixes: the later one is skipped in the round")
  func overlap() {
    let engine = FixEngine(applyAtLeast: .safe)
    let a = finding("A", [TextEdit(replacing: ByteRange(0, 5), with: "x")])
    let b = finding("B", [TextEdit(replacing: ByteRange(3, 8), with: "y")])
    let c = finding("C", [TextEdit(replacing: ByteRange(8, 9), with: "z")])
    let selected = engine.select([a, b, c])
    #expect(selected.findingIndexes == [0, 2])
  }

  @Test("identical edits from two findings are applied once")
  func identical() {
    let engine = FixEngine(applyAtLeast: .safe)
    let edit = TextEdit.insert("docker.io/", at: 4)
    let selected = engine.select([finding("A", [edit]), finding("A", [edit])])
    #expect(selected.edits == [edit])
    #expect(selected.findingIndexes == [0, 1])
  }

  @Test("fixes below the requested applicability are not applied")
  func applicability() {
    let safeOnly = FixEngine(applyAtLeast: .safe)
    let unsafe = finding("U", [TextEdit.insert(":U", at: 3)], .unsafe)
    let display = finding("D", [TextEdit.insert("!", at: 1)], .displayOnly)
    #expect(safeOnly.select([unsafe, display]).edits.isEmpty)
    #expect(FixEngine(applyAtLeast: .unsafe).select([unsafe, display]).edits.count == 1)
  }

  @Test("insertions at one offset: text continuing the line goes before a new line")
  func sameOffset() {
    let engine = FixEngine(applyAtLeast: .safe)
    let newLine = finding("N", [TextEdit.insert("\nkey: v", at: 10)])
    let suffix = finding("S", [TextEdit.insert(":U", at: 10)])
    #expect(engine.select([newLine, suffix]).edits.map(\.replacement) == [":U", "\nkey: v"])
  }

  @Test("no fixes: the output is the input, byte for byte")
  func identity() throws {
    let source = SourceFile("a: 1\n")
    let outcome = try FixEngine(applyAtLeast: .safe).run(source) { _ in [] }
    #expect(outcome.output == source.bytes)
    #expect(outcome.rounds == 0)
  }

  @Test("a fix that breaks the output drops every edit and reports an internal error")
  func safetyNet() throws {
    let source = SourceFile("a: 1\nb: 2\n")
    let good = finding("G", [TextEdit(replacing: ByteRange(3, 4), with: "3")])
    let bad = finding("B", [TextEdit(replacing: ByteRange(5, 6), with: "[")])
    let outcome = try FixEngine(applyAtLeast: .safe).run(source) { file in
      _ = try YAMLParser.parse(file)
      return file.bytes == source.bytes ? [good, bad] : []
    }
    #expect(outcome.output == source.bytes)
    #expect(outcome.internalError?.contains("B") == true)
    #expect(outcome.findings.allSatisfy { !$0.fixed })
  }

  @Test("fixes that never converge are stopped and reverted")
  func convergence() throws {
    let source = SourceFile("a: 1\n")
    let outcome = try FixEngine(applyAtLeast: .safe).run(source) { file in
      [finding("L", [TextEdit.insert("#", at: file.bytes.count)])]
    }
    #expect(outcome.output == source.bytes)
    #expect(outcome.internalError?.contains("converge") == true)
  }

  @Test("ranges found in later rounds map back to the original file")
  func mapBack() {
    let engine = FixEngine(applyAtLeast: .safe)
    let history = [[TextEdit.insert("abc", at: 2), TextEdit(replacing: ByteRange(5, 7), with: "")]]
    #expect(engine.mapBack(ByteRange(0, 1), through: history) == ByteRange(0, 1))
    #expect(engine.mapBack(ByteRange(3, 4), through: history) == ByteRange(2, 2))
    #expect(engine.mapBack(ByteRange(6, 7), through: history) == ByteRange(3, 4))
    #expect(engine.mapBack(ByteRange(8, 9), through: history) == ByteRange(7, 8))
    #expect(engine.mapBack(ByteRange(9, 10), through: history) == ByteRange(8, 9))
  }

  /// The walk the edit map replaces: edit after edit until one starts past the offset.
  static func walkBack(_ offset: Int, _ edits: [TextEdit]) -> Int {
    var delta = 0
    for edit in edits {
      let newLower = edit.range.lower + delta
      let newUpper = newLower + edit.replacement.utf8.count
      if offset < newLower { break }
      if offset < newUpper { return edit.range.lower }
      delta += edit.replacement.utf8.count - edit.range.count
    }
    return offset - delta
  }

  @Test("the edit map's binary search maps every offset back as the walk over the edits does")
  func editMapMatchesWalk() async {
    // Each step: a gap of kept bytes, then an edit replacing 0-3 bytes with 0-3 bytes (insertions at one
    // place, deletions and replacements, next to each other when the gap is 0).
    let steps = Gen.int(in: 0...3).array(of: 3).array(of: 0...12)
    await propertyCheck(count: 500, input: steps) { steps in
      var edits: [TextEdit] = []
      var at = 0
      for step in steps {
        at += step[0]
        edits.append(TextEdit(replacing: ByteRange(at, at + step[1]), with: String(repeating: "x", count: step[2])))
        at += step[1]
      }
      let map = FixEngine.EditMap(edits)
      let length = at + 4 + edits.reduce(0) { $0 + $1.replacement.utf8.count }
      for offset in 0...length {
        #expect(map.original(offset) == Self.walkBack(offset, edits), "offset \(offset) after \(edits)")
      }
    }
  }
}

@Suite("Unified diff")
struct UnifiedDiffTests {
  @Test("equal inputs give no diff")
  func equal() {
    #expect(UnifiedDiff.render(old: Array("a\n".utf8), new: Array("a\n".utf8), path: "f") == "")
  }

  @Test("hunks have three lines of context and git-style headers")
  func hunk() {
    let old = (1...10).map { "line \($0)\n" }.joined()
    let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
    let diff = UnifiedDiff.render(old: Array(old.utf8), new: Array(new.utf8), path: "dir/f.yml")
    #expect(
      diff == """
        --- a/dir/f.yml
        +++ b/dir/f.yml
        @@ -2,7 +2,7 @@
         line 2
         line 3
         line 4
        -line 5
        +line five
         line 6
         line 7
         line 8

        """)
  }

  @Test("distant changes make separate hunks; insertions count right")
  func twoHunks() {
    let old = (1...20).map { "l\($0)\n" }.joined()
    var lines = (1...20).map { "l\($0)\n" }
    lines.insert("new\n", at: 1)
    lines[19] = "changed\n"
    let diff = UnifiedDiff.render(old: Array(old.utf8), new: Array(lines.joined().utf8), path: "f")
    #expect(diff.contains("@@ -1,4 +1,5 @@"))
    #expect(diff.contains("@@ -16,5 +17,5 @@"))
  }

  @Test("a missing final newline is marked")
  func noNewline() {
    let diff = UnifiedDiff.render(old: Array("a\nb".utf8), new: Array("a\nb\nc".utf8), path: "f")
    #expect(diff.contains("-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n"))
  }

  @Test("colour only when asked")
  func color() {
    let diff = UnifiedDiff.render(old: Array("a\n".utf8), new: Array("b\n".utf8), path: "f", style: .init(color: true))
    #expect(diff.contains("\u{1B}[31m-a"))
    #expect(!UnifiedDiff.render(old: Array("a\n".utf8), new: Array("b\n".utf8), path: "f").contains("\u{1B}"))
  }
}

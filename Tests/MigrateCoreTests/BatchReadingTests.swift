import Foundation
import PropertyBased
import Testing

@testable import MigrateCore

/// The batch's own reading and listing: the reusable read buffer, the git index searched by halves, and the
/// workers telling links, folders outside the root and vanished files apart.
@Suite("Batch reading and listed kinds")
struct BatchReadingTests {
  @Test("the byte search counts what a plain scan counts, at the ends and overlapping candidates too")
  func byteSearch() async {
    // Texts over a three-letter alphabet, so that needles occur, overlap and nearly match.
    let letters = Gen.int(in: 0...2).array(of: 0...40)
    let needleLetters = Gen.int(in: 0...2).array(of: 1...4)
    await propertyCheck(count: 800, input: letters, needleLetters) { letters, needleLetters in
      let text = Array(letters.map { UInt8(97 + $0) })
      let needle = String(decoding: needleLetters.map { UInt8(97 + $0) }, as: UTF8.self)
      let pattern = Array(needle.utf8)
      var expected = 0
      var index = 0
      while index + pattern.count <= text.count {
        if Array(text[index..<(index + pattern.count)]) == pattern {
          expected += 1
          index += pattern.count
        } else {
          index += 1
        }
      }
      #expect(ByteSearch.count(needle, in: text) == expected, "\(needle) in \(text)")
      #expect(BatchRunner.contains(text, needle) == (expected > 0))
      // NUL (binary files): letter 0 stands for the byte 0 here.
      let withNUL = letters.map { UInt8($0 == 0 ? 0 : 96 + $0) }
      #expect(withNUL.withUnsafeBytes { ByteSearch.containsNUL($0) } == withNUL.contains(0))
    }
  }

  @Test("the reusable reader returns each file whole, whatever the sizes before it, and refuses what is not a file")
  func reusableReader() throws {
    let tree = try TempTree("reader")
    defer { tree.remove() }
    let reader = ReusableReader(capacity: 16)
    for size in [0, 1, 15, 16, 17, 100_000, 3, 70_000, 0] {
      let text = String((0..<size).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
      try tree.file("f\(size)", text)
      let bytes = try reader.read(tree.path("f\(size)"))
      #expect(Array(bytes) == Array(text.utf8), "size \(size)")
    }
    try tree.link("link", to: "f3")
    #expect(throws: MigrateError.self) { _ = try reader.read(tree.path("link")) }
    #expect(mkfifo(tree.path("fifo"), 0o600) == 0)
    // A FIFO is opened without waiting for a writer, then refused.
    #expect(throws: MigrateError.self) { _ = try reader.read(tree.path("fifo")) }
    try tree.folder("dir")
    #expect(throws: MigrateError.self) { _ = try reader.read(tree.path("dir")) }
    #expect(throws: MigrateError.self) { _ = try reader.read(tree.path("missing")) }
  }

  @Test("the git index answers tracked files and the first non-placeholder file of a folder, in any input order")
  func gitIndexSearch() {
    let paths = ["b/x.txt", "a/.gitkeep", "a/sub/.keep", "a/sub/real.csv", "a/z.txt", "ab/c", "é/f", "a-b/c"]
    let index = GitIndex(paths: paths)
    #expect(index.paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    for path in paths { #expect(index.contains(path), "\(path)") }
    #expect(!index.contains("a"))
    #expect(!index.contains("a/sub"))
    #expect(!index.contains("c"))
    #expect(index.sourceExample(folder: "a") == "a/sub/real.csv")
    #expect(index.sourceExample(folder: "a/sub") == "a/sub/real.csv")
    // `ab/c` and `a-b/c` share the letters, not the folder.
    #expect(index.sourceExample(folder: "b") == "b/x.txt")
    #expect(index.sourceExample(folder: "é") == "é/f")
    #expect(GitIndex(paths: ["only/.gitkeep"]).sourceExample(folder: "only") == nil)
    #expect(index.sourceExample(folder: "none") == nil)
  }

  @Test("a batch reports links and folders that lead outside, and drops files git lists but that are gone")
  func listedKinds() throws {
    let tree = try TempTree("kinds")
    defer { tree.remove() }
    let outside = try TempTree("outside")
    defer { outside.remove() }
    let compose = "services:\n  app:\n    image: docker.io/library/alpine\n"
    try tree.file("in/compose.yml", compose)
    try tree.file("gone/compose.yml", compose)
    try tree.file("away/compose.yml", compose)
    try tree.file("plain.txt", "no container here\n")
    try tree.link("linked.yml", to: "in/compose.yml")
    try tree.git(add: ["in/compose.yml", "gone/compose.yml", "away/compose.yml", "plain.txt", "linked.yml"])
    // After the index was written: one file deleted, one tracked folder replaced by a link leading outside.
    try FileManager.default.removeItem(atPath: tree.path("gone"))
    try outside.file("compose.yml", compose)
    try FileManager.default.removeItem(atPath: tree.path("away"))
    try tree.link("away", to: outside.root)
    for write in [false, true] {
      var request = BatchRequest(root: tree.root, options: ConversionOptions(), jobs: 2)
      request.write = write
      let report = try BatchRunner.run(request)
      #expect(report.files.map(\.path) == ["in/compose.yml", "plain.txt"], "write \(write)")
      // The link that replaced the folder is itself an untracked link: reported, not followed.
      #expect(report.skippedLinks == ["away", "linked.yml"])
      #expect(report.outside == ["away/compose.yml"])
      #expect(report.files.first?.result != nil)
      #expect(report.files.last?.status == .skipped)
    }
    // The file outside was neither read into a result nor written.
    #expect(try String(contentsOfFile: outside.path("compose.yml"), encoding: .utf8) == compose)
  }
}

import Foundation
import Testing

@testable import MigrateCore

#if canImport(Glibc)
  import Glibc
#endif

@Suite("FileIO: reading and rewriting files safely")
struct FileIOTests {
  /// A temporary folder (real path), removed at the end.
  final class Tree {
    let root: String
    init() throws {
      let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-fileio-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      root = FileIO.realPath(url.path) ?? url.path
    }
    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { root + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
      let url = URL(fileURLWithPath: path(relative))
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }

    func link(_ relative: String, to destination: String) throws {
      try FileManager.default.createDirectory(
        at: URL(fileURLWithPath: path(relative)).deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: destination)
    }

    func read(_ relative: String) -> String? { try? String(contentsOfFile: path(relative), encoding: .utf8) }
  }

  @Test(
    "leftover temporary names are recognised, and only those",
    arguments: [
      (".deploy.sh.migrate-Ab12Cd", "deploy.sh"), (".a.migrate-zzzzzz", "a"), (".x.y.migrate-000000", "x.y"),
      ("deploy.sh.migrate-Ab12Cd", nil), (".deploy.sh.migrate-Ab12C", nil), (".deploy.sh.migrate-Ab12C!", nil),
      (".migrate-Ab12Cd", nil), ("compose.yml", nil), (".deploy.sh.migrate-Ab12Cde", nil),
    ] as [(String, String?)])
  func leftoverNames(name: String, original: String?) {
    #expect(FileIO.leftoverOriginal(name) == original)
  }

  @Test("a link chain that ends outside the root is refused even when each link looks local")
  func linkChain() throws {
    let tree = try Tree()
    try tree.write("outside/x.sh", "old\n")
    try tree.link("repo/a.sh", to: "b.sh")
    try tree.link("repo/b.sh", to: "../outside/x.sh")
    #expect(throws: MigrateError.self) {
      try FileIO.rewrite(Array("new\n".utf8), at: tree.path("repo/a.sh"), policy: WritePolicy(root: tree.path("repo")))
    }
    #expect(tree.read("outside/x.sh") == "old\n")
  }

  @Test("extended attributes (user.*, ACLs) move to the new file")
  func extendedAttributes() throws {
    let tree = try Tree()
    try tree.write("x.sh", "old\n")
    let fd = open(tree.path("x.sh"), O_RDONLY)
    #expect(fd >= 0)
    let supported = ExtendedAttributes.set("user.migrate-test", Array("kept".utf8), on: fd)
    close(fd)
    guard supported else { return }  // a file system without user attributes
    let before = inode(tree.path("x.sh"))
    let report = try FileIO.rewrite(Array("new\n".utf8), at: tree.path("x.sh"), policy: WritePolicy(root: tree.root))
    #expect(report.method == .replaced)
    #expect(inode(tree.path("x.sh")) != before)
    let reopened = open(tree.path("x.sh"), O_RDONLY)
    defer { close(reopened) }
    let attributes = try #require(ExtendedAttributes.all(of: reopened))
    #expect(attributes.contains { $0.name == "user.migrate-test" && $0.value == Array("kept".utf8) })
    #expect(tree.read("x.sh") == "new\n")
  }

  func inode(_ path: String) -> UInt {
    var info = stat()
    _ = lstat(path, &info)
    return UInt(info.st_ino)
  }

  @Test("a file edited after it was read is not written over")
  func editedMeanwhile() throws {
    let tree = try Tree()
    try tree.write("x.sh", "edited by someone\n")
    let policy = WritePolicy(root: tree.root, expected: Array("as read\n".utf8))
    #expect(throws: MigrateError.self) {
      try FileIO.rewrite(Array("new\n".utf8), at: tree.path("x.sh"), policy: policy)
    }
    #expect(tree.read("x.sh") == "edited by someone\n")
    let same = WritePolicy(root: tree.root, expected: Array("edited by someone\n".utf8))
    try FileIO.rewrite(Array("new\n".utf8), at: tree.path("x.sh"), policy: same)
    #expect(tree.read("x.sh") == "new\n")
  }

  @Test("read refuses FIFOs and devices at once; regular files through links are read")
  func readKinds() throws {
    let tree = try Tree()
    #expect(mkfifo(tree.path("fifo"), 0o644) == 0)
    #expect(throws: MigrateError.self) { try FileIO.read(tree.path("fifo")) }
    #expect(throws: MigrateError.self) { try FileIO.read("/dev/null") }
    #expect(throws: MigrateError.self) { try FileIO.read("/dev/zero") }
    try tree.write("real", "text\n")
    try tree.link("link", to: "real")
    #expect(try FileIO.read(tree.path("link")) == Array("text\n".utf8))
  }

  /// A small seeded generator, so a failing tree can be rebuilt from its seed.
  struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state ^ (state >> 29)
    }
  }

  @Test("property: rewrite changes only files really inside the root, keeps links as links", arguments: 0..<40)
  func neverLeavesTheRoot(seed: Int) throws {
    var random = Seeded(state: UInt64(seed) &+ 0x9E37_79B9)
    let tree = try Tree()
    let folders = ["repo", "repo/sub", "repo/sub/deep", "outside", "outside/in"]
    var files: [String] = []
    for (index, folder) in folders.enumerated() {
      try tree.write("\(folder)/f\(index).sh", "old \(index)\n")
      files.append("\(folder)/f\(index).sh")
    }
    // Links of every kind: to files and folders, inside and outside, relative and absolute, chains, dangling.
    var candidates = files
    for index in 0..<8 {
      let from = folders.filter { $0.hasPrefix("repo") }.randomElement(using: &random) ?? "repo"
      let depth = from.split(separator: "/").count
      let up = String(repeating: "../", count: depth)
      let destinations =
        files.map { up + $0 } + folders.map { up + $0 } + files.map { tree.path($0) } + ["missing", up + "repo"]
        + candidates.map { up + $0 }
      let destination = destinations.randomElement(using: &random) ?? "missing"
      let name = "\(from)/l\(index)"
      try tree.link(name, to: destination)
      candidates.append(name)
      // Paths through a folder link as well.
      for file in files { candidates.append(name + "/" + (file.split(separator: "/").last.map(String.init) ?? "")) }
    }
    let before = Dictionary(uniqueKeysWithValues: files.map { ($0, tree.read($0)) })
    let realRoot = tree.path("repo")
    for candidate in candidates.shuffled(using: &random).prefix(30) {
      let path = tree.path(candidate)
      var linkInfo = stat()
      let existed = lstat(path, &linkInfo) == 0
      let real = FileIO.realPath(path)
      do {
        let report = try FileIO.rewrite(Array("new\n".utf8), at: path, policy: WritePolicy(root: realRoot))
        // Written: it really is a regular file inside the root, and a link stayed a link.
        let target = try #require(real)
        #expect(FileIO.isInside(target, realRoot), "\(candidate) → \(target) is outside")
        #expect(report.target == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
        var after = stat()
        #expect(lstat(path, &after) == 0 && existed)
        #expect(after.st_mode & S_IFMT == linkInfo.st_mode & S_IFMT, "\(candidate) changed type")
      } catch {
        #expect(error is MigrateError)
      }
    }
    for file in files where !file.hasPrefix("repo") {
      #expect(tree.read(file) == before[file] ?? nil, "\(file) outside the root was written")
    }
    let leftovers = try FileManager.default.subpathsOfDirectory(atPath: tree.root).filter { $0.contains(".migrate-") }
    #expect(leftovers.isEmpty)
  }
}

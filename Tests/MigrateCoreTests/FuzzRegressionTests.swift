import Foundation
import Testing

@testable import MigrateCore

/// Every input a fuzz target once failed on (`fixtures/fuzz/TARGET/`), run through that target's oracles;
/// and the oracles themselves on the repository's fixtures (the fuzzer's seeds) and on inputs that must trip.
@Suite("fuzz regressions and oracles")
struct FuzzRegressionTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  static func files(under folder: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: root + "/" + folder) else { return [] }
    return walker.compactMap { $0 as? String }.filter {
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: root + "/" + folder + "/" + $0, isDirectory: &isDirectory)
        && !isDirectory.boolValue
    }.sorted().map { folder + "/" + $0 }
  }

  @Test("each input that once failed a target passes it now", arguments: FuzzTarget.allCases)
  func regressions(target: FuzzTarget) throws {
    for path in Self.files(under: "fixtures/fuzz/\(target.rawValue)") {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.root + "/" + path)))
      #expect(target.run(bytes) == nil, "\(path)")
    }
  }

  @Test("the seeds hold every oracle of every target", arguments: FuzzTarget.allCases)
  func seeds(target: FuzzTarget) throws {
    let seeds = Self.files(under: "fixtures").filter { path in
      let name = String(path.split(separator: "/").last ?? "")
      return target.seedPatterns.contains { fnmatch($0, name, 0) == 0 }
    }
    #expect(!seeds.isEmpty)
    for path in seeds {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.root + "/" + path)))
      #expect(target.run(bytes) == nil, "\(path)")
    }
  }

  @Test("the oracles trip: an added privilege, a chowned system folder, a source folder")
  func oraclesTrip() {
    #expect(FuzzTarget.count("privileged", in: Array("a privileged privileged".utf8)) == 2)
    for bad in [
      "/", "/etc", "/srv", "/srv/../etc", ".", "./", "..", "../x", "$X/y", "${HOME}", "$(CURDIR)", "$PWD/..", "/srv/.",
      "/home/fuzz", "/usr/lib", "~",
    ] {
      #expect(!FuzzTarget.chownable(bad), "\(bad)")
    }
    for good in [
      "/srv/items/1", "/data/x", "~/items", "$HOME/jobs", "$HOME/./logs", "$(CURDIR)/data", "./data", "data/x",
    ] {
      #expect(FuzzTarget.chownable(good), "\(good)")
    }
  }
}

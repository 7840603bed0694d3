import Testing

@testable import MigrateCore

@Suite("Paths by text")
struct PathTextTests {
  @Test("normalising: `.` and empty parts dropped, `..` takes a folder off but never goes above /")
  func normalized() {
    #expect(PathText.normalized("/srv/app", ["data", ".", "", "x"]) == "/srv/app/data/x")
    #expect(PathText.normalized("/srv/app", ["..", "..", "..", "etc"]) == "/etc")
    #expect(PathText.normalized("", [String]()) == "/")
    #expect(PathText.joined("/srv/app/", "./a//b/../c") == "/srv/app/a/c")
    #expect(PathText.joined("/srv/app", "/etc/./x/..") == "/etc")
  }

  @Test("parent and absolute folder of a file")
  func folders() {
    #expect(PathText.parent(of: "/a/b/c.yml") == "/a/b")
    #expect(PathText.parent(of: "/c.yml") == "/")
    #expect(PathText.parent(of: "c.yml") == ".")
    #expect(PathText.absoluteFolder(of: "sub/../x/compose.yml", workingFolder: "/w") == "/w/x")
    #expect(PathText.absoluteFolder(of: "a/..", workingFolder: "/w") == "/w/a")
    #expect(PathText.absoluteFolder(of: "/compose.yml", workingFolder: nil) == "/")
    #expect(PathText.absoluteFolder(of: "compose.yml", workingFolder: nil) == nil)
  }

  @Test("the joiners that call it agree with it, and with the unit emitter's copy for relative paths")
  func agreement() {
    let bases = ["/", "/srv/app", "/srv/app/", "/a/b/c"]
    let paths = ["x", "./x", "../x", "../../../../x", "a/./b/../c", ".", "..", "a//b"]
    for base in bases {
      for path in paths {
        let expected = PathText.joined(base, path)
        #expect(UnitEmitter.absolute(path, base: base) == expected, "\(base) + \(path)")
        let components = path.split(separator: "/").map(String.init)
        #expect(BindPath.join(base, up: 0, components) == expected, "\(base) + \(path)")
      }
      #expect(BindPath.join(base, up: 2, ["x"]) == PathText.joined(base, "../../x"))
    }
    #expect(FileIO.lexicallyAbsolute("/a/./b/../c") == "/a/c")
  }
}

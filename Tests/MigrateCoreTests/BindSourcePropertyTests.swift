import Foundation
import PropertyBased
import Testing

@testable import MigrateCore

/// A temporary world for the property: a project (a git work tree), a home, an extra data root, and links
/// inside and outside them. Built once; every generated source is converted against it.
final class BindWorld: Sendable {
  let tree: TempTree
  var project: String { tree.path("proj") }
  var home: String { tree.path("home") }
  var store: String { tree.path("store") }
  /// Tracked by git, relative to the project (placeholders excepted).
  static let tracked = ["tracked/notes.txt", "deep/sub/kept.md", "uploads/.gitkeep"]

  init() throws {
    tree = try TempTree("world")
    for folder in [
      "proj/data", "proj/uploads", "proj/conf", "proj/deep/sub", "proj/.hidden", "home/data", "home/uploads",
      "store/data", "store/uploads", "store/deep/sub",
    ] {
      try tree.folder(folder)
    }
    try tree.file("proj/srcdir/Gemfile", "source 'x'\n")
    try tree.file("proj/tracked/notes.txt", "n\n")
    try tree.file("proj/deep/sub/kept.md", "k\n")
    try tree.file("proj/uploads/.gitkeep", "")
    try tree.file("proj/file.bin", "b")
    try tree.file("proj/plainfile", "p")
    try tree.file("store/plainfile", "p")
    try tree.file("proj/compose.yml", "services: {}\n")
    try tree.link("proj/link-in", to: "data")
    try tree.link("proj/link-up", to: "..")
    try tree.link("proj/link-out", to: "/etc")
    try tree.link("proj/link-store", to: tree.path("store/data"))
    try tree.link("proj/link-far", to: "../../../../../../../../var/backups")
    try tree.link("home/link-out", to: "/usr")
    try tree.link("store/link-in", to: "data")
    try tree.link("store/link-proj", to: tree.path("proj"))
    // The git index: the project is its own work tree.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "sh", "-c", "git -C proj init -q && git -C proj add -- " + Self.tracked.joined(separator: " "),
    ]
    process.currentDirectoryURL = URL(fileURLWithPath: tree.root)
    try process.run()
    process.waitUntilExit()
  }

  var options: ConversionOptions {
    var options = ConversionOptions()
    options.bindProbe = BindProbe(dataRoots: ["/srv", "/data", "/mnt", "/media", "~", store], home: home)
    return options
  }
}

/// The property's own reading of a source, written independently of `BindSource`: the places the source
/// may land (podman's lexical cleaning and the kernel's link-following), and whether each is a folder
/// strictly inside the project or a data root, holding no source.
enum BindOracle {
  static let starts = [
    "", "./", "/", "~/", "~alice/", "~root/", "$HOME/", "${HOME}/", "$PWD/", "`pwd`/", "$(pwd)/", "${DATA}/",
    "/srv/", "/data/", "/mnt/", "/media/", "/var/", "/etc/", "/opt/", "/home/", "../", "@store/", "@project/",
    // Project-relative starts again, so links in the project are met often.
    "", "./", "", "./", "$PWD/",
  ]
  static let pieces = [
    "..", ".", "data", "uploads", "x", "deep", "sub", "etc", "usr", "var", "backups", "lib", "www", "nix", "home",
    "alice", "link-in", "link-up", "link-out", "link-store", "link-far", "link-proj", "file.bin", "plainfile",
    "srcdir", "tracked", "conf", ".hidden", "$VAR", "proj", "store", "lost+found",
    // Links and `..` again, the pieces that move a path.
    "link-in", "link-up", "link-out", "link-store", "link-far", "link-proj", "..", "..",
  ]

  /// The source text for a start and pieces; `@store/` and `@project/` are the world's absolute folders.
  static func source(_ start: Int, _ parts: [Int], in world: BindWorld) -> String {
    var head = starts[start]
    if head == "@store/" { head = world.store + "/" }
    if head == "@project/" { head = world.project + "/" }
    let text = head + parts.map { pieces[$0] }.joined(separator: "/")
    return text.isEmpty ? "." : text
  }

  /// Absolute base and the written components, or nil where the source is a variable or another user's home.
  static func base(_ source: String, in world: BindWorld) -> (String, [String])? {
    var rest = Substring(source)
    var base: String?
    for (prefix, place) in [
      ("$HOME/", world.home), ("${HOME}/", world.home), ("$PWD/", world.project), ("`pwd`/", world.project),
      ("$(pwd)/", world.project), ("~/", world.home),
    ] where rest.hasPrefix(prefix) {
      base = place
      rest = rest.dropFirst(prefix.count)
      break
    }
    if base == nil {
      if rest.hasPrefix("~") { return nil }
      base = rest.hasPrefix("/") ? "/" : world.project
    }
    if rest.contains("$") || rest.contains("`") { return nil }
    return (base ?? "/", rest.split(separator: "/").map(String.init).filter { $0 != "." })
  }

  static func clean(_ base: String, _ parts: [String]) -> String {
    var out = base.split(separator: "/").map(String.init)
    for part in parts {
      if part == ".." {
        _ = out.popLast()
      } else {
        out.append(part)
      }
    }
    return "/" + out.joined(separator: "/")
  }

  /// Follows links component by component (the kernel's reading; `..` after a link leaves its target).
  static func follow(_ path: String) -> String {
    var current: [String] = []
    var pending = path.split(separator: "/").map(String.init)
    var hops = 0
    while !pending.isEmpty {
      let part = pending.removeFirst()
      if part == ".." {
        _ = current.popLast()
        continue
      }
      let candidate = "/" + (current + [part]).joined(separator: "/")
      if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: candidate), hops < 40 {
        hops += 1
        if target.hasPrefix("/") { current = [] }
        pending = target.split(separator: "/").map(String.init) + pending
      } else {
        current.append(part)
      }
    }
    return "/" + current.joined(separator: "/")
  }

  /// True when `path` is a place `U` may chown: strictly inside the project or a data root, not the
  /// folder of the input or above it, a folder (or missing) without source markers or tracked files.
  static func isData(_ path: String, in world: BindWorld) -> Bool {
    let roots = [world.project, world.home, world.store, "/srv", "/data", "/mnt", "/media"]
    guard roots.contains(where: { path.hasPrefix($0 + "/") }) else { return false }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      if !isFolder.boolValue { return false }
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      if names.contains("Gemfile") { return false }
    }
    if path.hasPrefix(world.project + "/") {
      let relative = String(path.dropFirst(world.project.count + 1))
      for file in BindWorld.tracked where !file.hasSuffix(".gitkeep") {
        if file == relative || file.hasPrefix(relative + "/") { return false }
      }
    }
    return true
  }

  /// True when every reading of `source` is data.
  static func mayChown(_ source: String, in world: BindWorld) -> Bool {
    guard let (base, parts) = base(source, in: world) else { return false }
    let lexical = follow(clean(base, parts))
    let kernel = follow(base + "/" + parts.joined(separator: "/"))
    return isData(lexical, in: world) && isData(kernel, in: world)
  }
}

/// Counts what the property saw, so it is known to have exercised both outcomes.
final class Tally: @unchecked Sendable {
  private let lock = NSLock()
  private var counts: [String: Int] = [:]
  func add(_ key: String) {
    lock.lock()
    counts[key, default: 0] += 1
    lock.unlock()
  }
  subscript(_ key: String) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return counts[key] ?? 0
  }
}

@Suite("Bind sources: property")
struct BindSourcePropertyTests {
  /// Options that grant privileges or share host namespaces; a conversion must never add one.
  static let privileges = [
    "--privileged", "privileged:", "--cap-add", "cap_add", "--userns=host", "userns_mode: host", "--security-opt",
    "security_opt", "--device", "devices:", "--network=host", "--network host", "network_mode: host", "--pid",
    "pid:", "--ipc", "ipc:", "--uts", "uts:", "--cgroupns", "--group-add", "--volumes-from",
  ]
  /// Extras a generated input may carry, so the check covers conversions of privileged inputs too.
  /// The last ones exercise fixes that rewrite a grant or a mount option: `--gpus` becomes CDI `--device`
  /// entries (the same GPUs, so a `--gpus` counts as a device the input had), tmpfs owners become `U`.
  static let composeExtras = [
    "", "    cap_add: [NET_ADMIN]\n", "    privileged: true\n", "    network_mode: host\n",
    "    tmpfs: [\"/run:uid=1000,gid=1000\"]\n",
  ]
  static let runExtras = [
    "", "--cap-add NET_ADMIN ", "--device /dev/fuse ", "--security-opt label=disable ",
    "--gpus all --tmpfs /run:uid=1 ",
  ]

  static func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  @Test("U only on sources whose every reading is a data folder; no conversion adds a privilege")
  func onlyData() async throws {
    let world = try BindWorld()
    defer { world.tree.remove() }
    let options = world.options
    let tally = Tally()
    let starts = Gen.int(in: 0...(BindOracle.starts.count - 1))
    let parts = Gen.int(in: 0...(BindOracle.pieces.count - 1)).array(of: 0...4)
    let extra = Gen.int(in: 0...(Self.runExtras.count - 1))
    await propertyCheck(count: 600, input: starts, parts, extra) { start, parts, extra in
      let source = BindOracle.source(start, parts, in: world)
      let compose =
        "services:\n  app:\n    image: docker.io/library/alpine\n\(Self.composeExtras[extra])    volumes:\n      - \"\(source):/data\"\n"
      let script =
        "#!/bin/sh\ndocker run --rm \(Self.runExtras[extra])-v \(source):/data docker.io/library/alpine\n"
      let results = [
        Converter.convert(
          SourceFile(compose, path: world.project + "/compose.yml"), kind: .compose, options: options),
        Converter.convert(SourceFile(script, path: world.project + "/deploy.sh"), kind: .shell, options: options),
      ]
      let allowed = BindOracle.mayChown(source, in: world)
      for (result, input) in zip(results, [compose, script]) {
        let output = result.outputText
        let chowned = output.contains("\(source):/data:U")
        tally.add(chowned ? "chowned" : "kept")
        #expect(!chowned || allowed, "`\(source)` got U in \(result.source.path) but resolves outside the data folders")
        for privilege in Self.privileges {
          let granted =
            Self.count(privilege, in: input) + (privilege == "--device" ? Self.count("--gpus", in: input) : 0)
          #expect(
            Self.count(privilege, in: output) <= granted,
            "converting `\(source)` added `\(privilege)`:\n\(output)")
        }
      }
    }
    // Both outcomes occurred, so the implication was tested, not vacuously true.
    #expect(tally["chowned"] > 0)
    #expect(tally["kept"] > 0)
  }

  /// The options written after `SOURCE:/data` in `output` (`["ro", "Z"]`), or nil when the mount is not there
  /// as written.
  static func mountOptions(of source: String, in output: String, at target: String = "/data") -> [String]? {
    guard let range = output.range(of: "\(source):\(target)") else { return nil }
    let rest = output[range.upperBound...]
    guard rest.first == ":" else { return [] }
    let options = rest.dropFirst().prefix { ![" ", "\"", "\n"].contains($0) }
    return options.split(separator: ",").map(String.init)
  }

  @Test("on SELinux targets z/Z (and U) only on sources whose every reading is a data folder, read-only or not")
  func labelsOnlyData() async throws {
    let world = try BindWorld()
    defer { world.tree.remove() }
    var options = world.options
    options.target = .named(.rhel9)
    let tally = Tally()
    let starts = Gen.int(in: 0...(BindOracle.starts.count - 1))
    let parts = Gen.int(in: 0...(BindOracle.pieces.count - 1)).array(of: 0...4)
    let readOnly = Gen.int(in: 0...1)
    await propertyCheck(count: 600, input: starts, parts, readOnly) { start, parts, readOnly in
      let source = BindOracle.source(start, parts, in: world)
      let mode = readOnly == 1 ? ":ro" : ""
      let compose =
        "services:\n  app:\n    image: docker.io/library/alpine\n    volumes:\n      - \"\(source):/data\(mode)\"\n"
      let script = "#!/bin/sh\ndocker run --rm -v \(source):/data\(mode) docker.io/library/alpine\n"
      let results = [
        Converter.convert(
          SourceFile(compose, path: world.project + "/compose.yml"), kind: .compose, options: options),
        Converter.convert(SourceFile(script, path: world.project + "/deploy.sh"), kind: .shell, options: options),
      ]
      let allowed = BindOracle.mayChown(source, in: world)
      for result in results {
        let written = Self.mountOptions(of: source, in: result.outputText) ?? []
        let labelled = written.contains("z") || written.contains("Z")
        tally.add(labelled ? "labelled" : "kept")
        #expect(
          !labelled || allowed, "`\(source)` got an SELinux label in \(result.source.path) but is not a data folder")
        #expect(!written.contains("U") || allowed, "`\(source)` got U in \(result.source.path)")
        // A label never comes twice, and the options stay one comma-separated field podman accepts.
        #expect(written.filter { $0 == "z" || $0 == "Z" }.count <= 1, "\(written)")
        #expect(!result.outputText.contains("\(source):/data\(mode):U:"), "two option fields: \(result.outputText)")
      }
    }
    #expect(tally["labelled"] > 0)
    #expect(tally["kept"] > 0)
  }

  @Test(
    "on SELinux targets a folder two containers mount gets z on both, never Z, and none on non-data or without separation"
  )
  func sharedLabelsOnlyData() async throws {
    let world = try BindWorld()
    defer { world.tree.remove() }
    var options = world.options
    options.target = .named(.rhel10)
    let tally = Tally()
    let starts = Gen.int(in: 0...(BindOracle.starts.count - 1))
    let parts = Gen.int(in: 0...(BindOracle.pieces.count - 1)).array(of: 0...4)
    // 0: nothing; 1: SELinux separation off; 2: privileged (separation off too); 3: the second mount read-only.
    let extra = Gen.int(in: 0...3)
    await propertyCheck(count: 400, input: starts, parts, extra) { start, parts, extra in
      let source = BindOracle.source(start, parts, in: world)
      let composeExtra = ["", "    security_opt: [\"label=disable\"]\n", "    privileged: true\n", ""][extra]
      let runExtra = ["", "--security-opt label=disable ", "--privileged ", ""][extra]
      let second = extra == 3 ? ":ro" : ""
      let compose =
        "services:\n  app:\n    image: docker.io/library/alpine\n\(composeExtra)    volumes:\n      - \"\(source):/data\"\n"
        + "  worker:\n    image: docker.io/library/alpine\n\(composeExtra)    volumes:\n      - \"\(source):/work\(second)\"\n"
      let script =
        "#!/bin/sh\ndocker run -d \(runExtra)-v \(source):/data docker.io/library/alpine\n"
        + "docker run --rm \(runExtra)-v \(source):/work\(second) docker.io/library/alpine\n"
      let results = [
        Converter.convert(
          SourceFile(compose, path: world.project + "/compose.yml"), kind: .compose, options: options),
        Converter.convert(SourceFile(script, path: world.project + "/deploy.sh"), kind: .shell, options: options),
      ]
      let allowed = BindOracle.mayChown(source, in: world)
      let separated = extra == 0 || extra == 3
      for result in results {
        let written = [
          Self.mountOptions(of: source, in: result.outputText) ?? [],
          Self.mountOptions(of: source, in: result.outputText, at: "/work") ?? [],
        ]
        let labels = written.map { options in options.filter { $0 == "z" || $0 == "Z" } }
        tally.add(labels.allSatisfy(\.isEmpty) ? "kept" : "labelled")
        for label in labels {
          #expect(
            label.isEmpty || allowed, "`\(source)` got \(label) in \(result.source.path) but is not a data folder")
          #expect(label.isEmpty || separated, "`\(source)` got \(label) with SELinux separation off")
          // A private label on a shared folder would lock the other container out.
          #expect(!label.contains("Z"), "`\(source)` is mounted by two containers but got Z:\n\(result.outputText)")
        }
        // Both containers use the folder, so both mounts get the same label, or neither does.
        #expect(labels[0] == labels[1], "`\(source)` labelled \(labels[0]) and \(labels[1]):\n\(result.outputText)")
      }
    }
    #expect(tally["labelled"] > 0)
    #expect(tally["kept"] > 0)
  }

  @Test("the oracle agrees with the resolver on the world's landmarks")
  func landmarks() throws {
    let world = try BindWorld()
    defer { world.tree.remove() }
    let options = world.options
    for (source, data) in [
      ("./data", true), ("./link-in", true), ("./link-store", true), ("./uploads", true), ("$HOME/data", true),
      (world.store + "/data", true), (world.store + "/link-proj/data", true), ("./link-out", false),
      ("./link-up", false), ("./link-far", false), ("./srcdir", false), ("./tracked", false), ("./deep", false),
      ("./file.bin", false), ("./plainfile", false), ("./link-out/../data", false), ("$HOME/link-out", false),
      ("~alice/data", false), ("link-up/.", false), ("./link-in/../link-out/..", false), ("./link-up/proj/data", true),
    ] {
      #expect(BindOracle.mayChown(source, in: world) == data, "oracle: \(source)")
      let result = Converter.convert(
        SourceFile(
          "services:\n  app:\n    image: docker.io/library/alpine\n    volumes:\n      - \"\(source):/data\"\n",
          path: world.project + "/compose.yml"), kind: .compose, options: options)
      #expect(result.outputText.contains("\(source):/data:U") == data, "converter: \(source)")
    }
  }
}

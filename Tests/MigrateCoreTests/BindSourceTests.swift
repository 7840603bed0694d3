import Foundation
import Testing

@testable import MigrateCore

/// A real folder tree under the temporary folder for bind-source tests: files, folders, links, a git index.
struct TempTree {
  let root: String

  init(_ label: String = "tree") throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent(
      "migrate-bind-\(label)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    // The folder as the resolver sees it (`/tmp` may itself be a link).
    root = FileIO.absolutePath(base.path)
  }

  func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

  func folder(_ relative: String) throws {
    try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
  }

  func file(_ relative: String, _ text: String = "x\n") throws {
    let full = path(relative)
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: full))
  }

  func link(_ relative: String, to target: String) throws {
    try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: target)
  }

  /// `git init` and `git add` of `files` (the index is what counts; no commit needed).
  func git(add files: [String]) throws {
    try run(["init", "-q"])
    if !files.isEmpty { try run(["add", "--"] + files) }
  }

  private func run(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", root] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
  }

  func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// Conversions of one bind mount, to see whether `U` was added and what MG102 said.
enum BindCheck {
  static func options(home: String? = "/home/tester", roots: [String]? = nil) -> ConversionOptions {
    var options = ConversionOptions()
    options.bindProbe = BindProbe(dataRoots: roots, home: home)
    return options
  }

  static func compose(_ source: String, _ target: String, options: ConversionOptions, at path: String)
    -> ConversionResult
  {
    let text =
      "services:\n  app:\n    image: docker.io/library/alpine\n    userns_mode: auto\n    volumes:\n      - \"\(source):\(target)\"\n"
    return Converter.convert(SourceFile(text, path: path), kind: .compose, options: options)
  }

  static func script(_ source: String, _ target: String, options: ConversionOptions, at path: String)
    -> ConversionResult
  {
    let text = "#!/bin/sh\ndocker run --rm -v \(source):\(target) docker.io/library/alpine\n"
    return Converter.convert(SourceFile(text, path: path), kind: .shell, options: options)
  }

  /// True when the output mounts `source` with `U`.
  static func chowns(_ result: ConversionResult, _ source: String, _ target: String) -> Bool {
    let out = result.outputText
    return out.contains("\(source):\(target):U") || out.contains("\(source):\(target):z,U")
  }

  static func mg102(_ result: ConversionResult) -> String {
    result.findings.filter { $0.ruleID == "MG102" }.map(\.message).joined(separator: "\n")
  }
}

@Suite("Bind sources: `:U` only on real data directories")
struct BindSourceTests {
  /// Every path of issue 11 item 1 that resolves to a system folder, another home or a parent.
  static let escapes = [
    "/mnt/..", "/srv/x/../..", "/data/../usr", "/opt/../var/lib/x/..", "$HOME/..", "~root", "~alice",
    "./data/../..", "`pwd`/..", "../../../../../../var/backups",
  ]

  @Test(
    "paths that leave the data roots after normalising never get U (compose, script, --command)", arguments: escapes)
  func escapesNeverChowned(source: String) throws {
    let tree = try TempTree("escape")
    defer { tree.remove() }
    let options = BindCheck.options()
    for result in [
      BindCheck.compose(source, "/data", options: options, at: tree.path("compose.yml")),
      BindCheck.script(source, "/data", options: options, at: tree.path("run.sh")),
      BindCheck.script(source, "/data", options: options, at: "<command>"),
      BindCheck.compose(source, "/data", options: options, at: "-"),
    ] {
      #expect(!BindCheck.chowns(result, source, "/data"), "\(source) got U in \(result.source.path)")
      #expect(result.outputText.contains("\(source):/data"))
      #expect(BindCheck.mg102(result).contains("`U` would chown it"), "\(source): \(BindCheck.mg102(result))")
    }
  }

  @Test("the refusal says what the path resolves to")
  func explains() throws {
    let options = BindCheck.options()
    let mnt = BindCheck.compose("/mnt/..", "/host", options: options, at: "-")
    #expect(BindCheck.mg102(mnt).contains("`/mnt/..` resolves to `/`, the root folder, a system path"))
    let usr = BindCheck.compose("/data/../usr", "/host", options: options, at: "-")
    #expect(BindCheck.mg102(usr).contains("`/data/../usr` resolves to `/usr`, a system path"))
    let home = BindCheck.compose("$HOME/..", "/host", options: options, at: "-")
    #expect(BindCheck.mg102(home).contains("`$HOME/..` resolves to `/home`"))
    let alice = BindCheck.compose("~alice", "/host", options: options, at: "-")
    #expect(BindCheck.mg102(alice).contains("another user's home"))
    let up = BindCheck.compose("./data/../..", "/host", options: options, at: "-")
    #expect(BindCheck.mg102(up).contains("`./data/../..` climbs above the project folder"))
    let tree = try TempTree("explain")
    defer { tree.remove() }
    let backups = BindCheck.compose(
      "../../../../../../var/backups", "/b", options: options, at: tree.path("compose.yml"))
    #expect(BindCheck.mg102(backups).contains("resolves to `/var/backups`, a system path"))
  }

  @Test(
    "system folders missing from the old list are not data",
    arguments: [
      "/var/backups", "/var/opt", "/var/local", "/var/www", "/var/crash", "/nix", "/efi", "/lost+found",
      "/var/backups/db", "/var/opt/app/data", "/var/local/x", "/var/crash/dumps", "/nix/store", "/efi/EFI",
      "/opt/app/data", "/home/other/data", "/usr/local/data", "/var/lib/app",
    ])
  func systemFolders(source: String) {
    let result = BindCheck.compose(source, "/data", options: BindCheck.options(), at: "-")
    #expect(!BindCheck.chowns(result, source, "/data"))
    #expect(BindCheck.mg102(result).contains("`U` would chown it"))
  }

  @Test("data roots, the project and the home keep their U (the goldens' cases)")
  func dataKeepsU() throws {
    let tree = try TempTree("data")
    defer { tree.remove() }
    try tree.folder("data")
    try tree.folder("real-data")
    try tree.link("linked", to: "real-data")
    let options = BindCheck.options()
    for (source, at) in [
      ("/srv/items/0001", "-"), ("$HOME/jobs", "-"), ("~/cache", "-"), ("./data", tree.path("compose.yml")),
      ("./not-yet", tree.path("compose.yml")), ("./linked", tree.path("compose.yml")), ("/mnt/disk1/media", "-"),
      ("${HOME}/work", "-"), ("/home/tester/store", "-"), ("./data", "-"), ("./items/0001", "<command>"),
    ] {
      #expect(
        BindCheck.chowns(BindCheck.compose(source, "/data", options: options, at: at), source, "/data"), "\(source)")
    }
    let makefile = "up:\n\tdocker run --rm -v $(CURDIR)/data:/data docker.io/library/alpine\n"
    let made = Converter.convert(
      SourceFile(makefile, path: tree.path("Makefile")), kind: .makefile, options: options)
    #expect(made.outputText.contains("$(CURDIR)/data:/data:U"))
  }

  @Test("a home of `/` or in a system folder (daemons) makes nothing below it data")
  func systemHomes() {
    for home in ["/", "/var/lib/postgresql", "/etc"] {
      let options = BindCheck.options(home: home)
      for source in ["~/etc", "$HOME/data", "~/x/y"] {
        let result = BindCheck.compose(source, "/d", options: options, at: "-")
        #expect(!BindCheck.chowns(result, source, "/d"), "HOME=\(home): \(source)")
      }
    }
  }

  @Test("a data root itself, the project folder and the home folder are not data")
  func rootsThemselves() throws {
    let tree = try TempTree("roots")
    defer { tree.remove() }
    let options = BindCheck.options()
    for source in ["/srv", "/data", "/mnt", "/media", "/home/tester", "~", "$HOME", "/home", "/"] {
      #expect(!BindCheck.chowns(BindCheck.compose(source, "/x", options: options, at: "-"), source, "/x"), "\(source)")
    }
    for source in [".", "$PWD", "${PWD}", "$(pwd)", "`pwd`", tree.root, ".."] {
      let result = BindCheck.compose(source, "/x", options: options, at: tree.path("compose.yml"))
      #expect(!BindCheck.chowns(result, source, "/x"), "\(source)")
    }
  }

  @Test("a relative source that is a symbolic link to /etc is not data; the link's target decides")
  func symlinkToEtc() throws {
    let tree = try TempTree("link")
    defer { tree.remove() }
    try tree.link("data", to: "/etc")
    try tree.folder("sub")
    try tree.link("sub/state", to: "../../")
    let options = BindCheck.options()
    let result = BindCheck.compose("./data", "/data", options: options, at: tree.path("compose.yml"))
    #expect(!BindCheck.chowns(result, "./data", "/data"))
    #expect(BindCheck.mg102(result).contains("`./data` is a symbolic link to `/etc`"))
    // A link below the project that leads to the project's parent.
    let up = BindCheck.compose("./sub/state", "/s", options: options, at: tree.path("compose.yml"))
    #expect(!BindCheck.chowns(up, "./sub/state", "/s"))
    // A folder below a link: the link is followed for a path that does not exist yet.
    let below = BindCheck.compose("./data/new", "/n", options: options, at: tree.path("compose.yml"))
    #expect(!BindCheck.chowns(below, "./data/new", "/n"))
    // podman reads `./data/../srv` as `./srv`, the kernel as `/etc/../srv` = `/srv`: both must be data.
    try tree.folder("srv")
    let kernel = BindCheck.compose("./data/../srv", "/k", options: options, at: tree.path("compose.yml"))
    #expect(!BindCheck.chowns(kernel, "./data/../srv", "/k"))
    #expect(BindCheck.mg102(kernel).contains("leads through a symbolic link to `/srv`"))
    let script = BindCheck.script("./data", "/data", options: options, at: tree.path("deploy.sh"))
    #expect(!BindCheck.chowns(script, "./data", "/data"))
  }

  @Test("source trees named in the issue never get U (appwrite, loki)")
  func sourceTrees() throws {
    let tree = try TempTree("source")
    defer { tree.remove() }
    try tree.file("clients/cmd/logstash/Gemfile", "source 'https://rubygems.org'\n")
    try tree.file("clients/cmd/logstash/lib/logstash/outputs/loki.rb", "class Loki; end\n")
    let options = BindCheck.options()
    let compose = tree.path("docker-compose.yml")
    for (source, target) in [
      ("./public", "/usr/src/code/public"), ("./docs", "/usr/src/code/docs"), ("./dev", "/usr/src/code/dev"),
      ("./docs", "/data"), ("./dev", "/data"), ("./public", "/data"),
    ] {
      let result = BindCheck.compose(source, target, options: options, at: compose)
      #expect(!BindCheck.chowns(result, source, target), "\(source):\(target)")
    }
    // loki's Makefile: `pwd`/clients/cmd/logstash holds a Gemfile and lib/.
    let makefile = "test:\n\tdocker run --rm -v `pwd`/clients/cmd/logstash:/work docker.io/library/ruby\n"
    let made = Converter.convert(SourceFile(makefile, path: tree.path("Makefile")), kind: .makefile, options: options)
    #expect(!made.outputText.contains("logstash:/work:U"))
    #expect(BindCheck.mg102(made).contains("holds source code (`Gemfile`, `lib/`)"), "\(BindCheck.mg102(made))")
  }

  @Test(
    "a folder with source markers on disk is a source tree",
    arguments: [
      "package.json", "go.mod", "Cargo.toml", "setup.py", "pyproject.toml", "Makefile", "Dockerfile", "lib/x",
      "src/x", "main.py", "app.rb", "index.js", "main.go", "index.php", "Main.java", "a.c", "x.swift", "y.ts",
    ])
  func markers(marker: String) throws {
    let tree = try TempTree("marker")
    defer { tree.remove() }
    try tree.file("stuff/" + marker)
    let result = BindCheck.compose("./stuff", "/stuff", options: BindCheck.options(), at: tree.path("compose.yml"))
    #expect(!BindCheck.chowns(result, "./stuff", "/stuff"))
    #expect(BindCheck.mg102(result).contains("holds source code"))
  }

  @Test("single files never get U, even when their container name differs and git tracks them")
  func singleFiles() throws {
    let tree = try TempTree("files")
    defer { tree.remove() }
    try tree.file("conf/logo.png", "PNG")
    try tree.file("custom-favicon.ico", "ICO")
    try tree.file("blob", "no extension")
    try tree.git(add: ["conf/logo.png", "custom-favicon.ico", "blob"])
    let options = BindCheck.options()
    let compose = tree.path("compose.yml")
    for (source, target) in [
      ("./conf/logo.png", "/app/logo2.png"),
      ("custom-favicon.ico", "/usr/lib/GNUstep/SOGo/WebServerResources/img/sogo.ico:z"),
      ("./blob", "/data"),
    ] {
      let result = BindCheck.compose(source, target, options: options, at: compose)
      #expect(!result.outputText.contains("\(source):\(target)U"), "\(source)")
      #expect(!result.outputText.contains("\(source):\(target),U"), "\(source)")
      #expect(!BindCheck.chowns(result, source, target), "\(source)")
    }
    let blob = BindCheck.compose("./blob", "/data", options: options, at: compose)
    #expect(BindCheck.mg102(blob).contains("`./blob` is a single file"))
    // Without a folder (`--command`), the names alone refuse them.
    for (source, target) in [("./conf/logo.png", "/app/logo2.png"), ("custom-favicon.ico", "/img/sogo.ico")] {
      #expect(!BindCheck.chowns(BindCheck.script(source, target, options: options, at: "<command>"), source, target))
    }
  }

  @Test("a folder holding tracked files is a source tree; placeholders alone do not count (real git repo)")
  func trackedFiles() throws {
    let tree = try TempTree("git")
    defer { tree.remove() }
    try tree.file("deploy/compose.yml", "services: {}\n")
    try tree.file("store/seed.csv", "a,b\n")
    try tree.file("uploads/.gitkeep", "")
    try tree.file("cache/.gitignore", "*.tmp\n")
    try tree.file("gone/kept.txt", "x\n")
    try tree.folder("fresh")
    try tree.git(add: ["deploy/compose.yml", "store/seed.csv", "uploads/.gitkeep", "cache/.gitignore", "gone/kept.txt"])
    // Deleted from disk, still in the index: the index still says it holds source.
    try FileManager.default.removeItem(atPath: tree.path("gone"))
    let options = BindCheck.options()
    let compose = tree.path("compose.yml")
    let store = BindCheck.compose("./store", "/store", options: options, at: compose)
    #expect(!BindCheck.chowns(store, "./store", "/store"))
    #expect(BindCheck.mg102(store).contains("holds files tracked by git (`store/seed.csv`)"))
    #expect(!BindCheck.chowns(BindCheck.compose("./gone", "/g", options: options, at: compose), "./gone", "/g"))
    for source in ["./uploads", "./cache", "./fresh", "./new-one"] {
      #expect(
        BindCheck.chowns(BindCheck.compose(source, "/d", options: options, at: compose), source, "/d"), "\(source)")
    }
    // From a subfolder the work tree's top is the project: `../store` is inside it, and still tracked.
    let sub = tree.path("deploy/compose.yml")
    #expect(!BindCheck.chowns(BindCheck.compose("../store", "/s", options: options, at: sub), "../store", "/s"))
    #expect(BindCheck.chowns(BindCheck.compose("../uploads", "/u", options: options, at: sub), "../uploads", "/u"))
    // `..` from the subfolder is the top itself: never.
    #expect(!BindCheck.chowns(BindCheck.compose("..", "/t", options: options, at: sub), "..", "/t"))
    // The index of a work tree is read once, however many mounts and files ask.
    #expect(GitIndexCache.shared.loads(top: tree.root) == 1)
  }

  @Test("a parallel batch reads each work tree's git index once and decides every file alike")
  func batchReadsIndexOnce() throws {
    let tree = try TempTree("batch")
    defer { tree.remove() }
    var tracked: [String] = []
    for index in 0..<12 {
      let text =
        "services:\n  app:\n    image: docker.io/library/alpine\n    volumes:\n      - ./data\(index):/data\n      - ./store:/store\n      - ./docs\(index):/d\n"
      try tree.file("svc\(index)/compose.yml", text)
      try tree.folder("svc\(index)/data\(index)")
      try tree.file("svc\(index)/store/seed.csv", "a\n")
      tracked += ["svc\(index)/compose.yml", "svc\(index)/store/seed.csv"]
    }
    try tree.git(add: tracked)
    let report = try BatchRunner.run(BatchRequest(root: tree.root, options: BindCheck.options(), jobs: 4))
    let results = report.files.compactMap(\.result)
    #expect(results.count == 12)
    for result in results {
      let index = result.source.path.split(separator: "/").dropLast().last.map { $0.dropFirst(3) } ?? ""
      #expect(result.outputText.contains("./data\(index):/data:U"), "\(result.source.path)")
      #expect(!result.outputText.contains("./store:/store:U"), "\(result.source.path)")
    }
    #expect(GitIndexCache.shared.loads(top: tree.root) == 1)
  }

  @Test("data-roots in .migrate.yml replace the built-in roots; relative entries are relative to the file")
  func configuredRoots() throws {
    let layer = try ConfigFile.parse(
      SourceFile("data-roots: [/backup-data, ./volumes, ~/state]\n", path: ".migrate.yml"), folder: "/repo")
    #expect(layer.dataRoots == ["/backup-data", "/repo/volumes", "~/state"])
    let settings = Settings.resolve([layer])
    #expect(settings.options.bindProbe.dataRoots == ["/backup-data", "/repo/volumes", "~/state"])
    var options = BindCheck.options(roots: layer.dataRoots)
    options.bindProbe.home = "/home/tester"
    for (source, data) in [
      ("/backup-data/db", true), ("/repo/volumes/pg", true), ("~/state/x", true), ("/srv/items/1", false),
      ("~/jobs", false), ("/mnt/disk", false), ("/backup-data", false),
    ] {
      #expect(
        BindCheck.chowns(BindCheck.compose(source, "/d", options: options, at: "-"), source, "/d") == data, "\(source)")
    }
    for bad in ["/", "$DATA", "", "~alice/x"] {
      #expect(throws: SettingsError.self) {
        try ConfigFile.parse(SourceFile("data-roots: [\"\(bad)\"]\n", path: ".migrate.yml"), folder: "/repo")
      }
    }
  }

  @Test("a discovered .migrate.yml's data-roots decide a conversion beside it")
  func discoveredRoots() throws {
    let tree = try TempTree("config")
    defer { tree.remove() }
    try tree.file(".migrate.yml", "data-roots: [./volumes]\n")
    try tree.folder("volumes/pg")
    try tree.folder("app")
    let compose = tree.path("app/compose.yml")
    try tree.file("app/compose.yml", "services: {}\n")
    let settings = try SettingsLoader.load(input: compose, flags: SettingsLayer(), environment: { _ in nil })
    #expect(settings.options.bindProbe.dataRoots == [tree.path("volumes")])
    let pg = tree.path("volumes/pg")
    #expect(BindCheck.chowns(BindCheck.compose(pg, "/pg", options: settings.options, at: compose), pg, "/pg"))
    // The built-in roots are replaced.
    #expect(
      !BindCheck.chowns(BindCheck.compose("/srv/x", "/x", options: settings.options, at: compose), "/srv/x", "/x"))
    // The project still counts.
    #expect(BindCheck.chowns(BindCheck.compose("./data", "/d", options: settings.options, at: compose), "./data", "/d"))
  }

  @Test("variables other than the known places stay an unsafe fix; a variable below a system path is refused")
  func variables() {
    let options = BindCheck.options()
    let variable = BindCheck.compose("${DATA_DIR}", "/d", options: options, at: "-")
    #expect(!BindCheck.chowns(variable, "${DATA_DIR}", "/d"))
    #expect(variable.findings.contains { $0.ruleID == "MG102" && $0.fix?.applicability == .unsafe })
    let below = BindCheck.compose("./pg/${PG_VERSION}", "/d", options: options, at: "-")
    #expect(below.findings.contains { $0.ruleID == "MG102" && $0.fix?.applicability == .unsafe })
    let etc = BindCheck.compose("/etc/${APP}", "/d", options: options, at: "-")
    #expect(etc.findings.contains { $0.ruleID == "MG102" && $0.fix == nil })
  }

  @Test("podman scripts and units emitted from a compose file obey the same decision")
  func emitters() throws {
    let tree = try TempTree("emit")
    defer { tree.remove() }
    try tree.file("app/package.json", "{}\n")
    try tree.folder("data")
    let text =
      "services:\n  web:\n    image: docker.io/library/node\n    volumes:\n      - ./app:/srv/web\n      - ./data:/var/lib/web\n      - /mnt/..:/host\n"
    let options = BindCheck.options()
    let plan = try EmitPlanner.plan(
      SourceFile(text, path: tree.path("compose.yml")), kind: .compose, options: options, folder: tree.root
    ).plan
    let script = try PodmanScriptEmitter.emit(plan, options: options, source: "compose.yml")
    #expect(script.contains("/data:/var/lib/web:U"))
    #expect(!script.contains("/app:/srv/web:U"))
    #expect(!script.contains("/host:U"))
    let units = try UnitEmitter.emit(plan, options: options, source: "compose.yml")
    let all = units.files.map(\.text).joined(separator: "\n")
    #expect(all.contains("/data:/var/lib/web:U"))
    #expect(!all.contains("/srv/web:U"))
  }
}

import Foundation
import Testing

@testable import MigrateCore

/// Golden outputs of the emitters over `fixtures/emit/<case>/` (`compose.yaml`, `runlines.sh`) into
/// `expected/`, and re-parsing of everything they write: units by `UnitFile` (and `systemd-analyze verify`
/// when the machine has it), scripts by `ScriptParser`, `sh -n` and `shellcheck`, compose by `ComposeParser`.
/// `MIGRATE_RECORD=1` re-records the goldens (and fails, so they are reviewed).
@Suite("Emitters")
struct EmitTests {
  static let directory = Paths.fixtures.appendingPathComponent("emit")
  /// Relative bind sources are resolved against this folder in units, so goldens do not depend on the checkout.
  static let base = "/srv/shop"

  static func options(_ target: TargetProfile.Name, _ mode: RunMode = .usernsAuto) -> ConversionOptions {
    ConversionOptions(target: .named(target), mode: mode)
  }

  static func plan(_ caseName: String, _ file: String, _ options: ConversionOptions) throws -> ProjectPlan {
    let url = directory.appendingPathComponent(caseName).appendingPathComponent(file)
    let bytes = try #require(FileManager.default.contents(atPath: url.path).map { [UInt8]($0) })
    let kind = try #require(Converter.detectKind(path: file, bytes: bytes))
    var plan = try EmitPlanner.plan(SourceFile(path: file, bytes: bytes), kind: kind, options: options).plan
    plan.baseDirectory = base
    return plan
  }

  static func golden(_ caseName: String, _ name: String, _ text: String) {
    let url = directory.appendingPathComponent(caseName).appendingPathComponent("expected").appendingPathComponent(name)
    let check = matchesGolden(text, url)
    #expect(check.ok, "\(check.message)")
  }

  struct UnitCase: CustomTestStringConvertible, Sendable {
    var file: String
    var target: TargetProfile.Name
    var mode: RunMode
    var golden: String
    var testDescription: String { golden }
  }

  static let unitCases: [UnitCase] = [
    UnitCase(file: "compose.yaml", target: .noble, mode: .usernsAuto, golden: "units-noble.txt"),
    UnitCase(file: "compose.yaml", target: .jammy, mode: .usernsAuto, golden: "units-jammy.txt"),
    UnitCase(file: "compose.yaml", target: .focal, mode: .usernsAuto, golden: "units-focal.txt"),
    UnitCase(file: "compose.yaml", target: .jammy, mode: .rootless, golden: "units-jammy-rootless.txt"),
    UnitCase(file: "runlines.sh", target: .noble, mode: .usernsAuto, golden: "runlines-units-noble.txt"),
    UnitCase(file: "runlines.sh", target: .jammy, mode: .usernsAuto, golden: "runlines-units-jammy.txt"),
  ]

  @Test("units", arguments: unitCases)
  func units(_ item: UnitCase) throws {
    let options = Self.options(item.target, item.mode)
    let plan = try Self.plan("rich", item.file, options)
    let result = try UnitEmitter.emit(plan, options: options, source: item.file)
    Self.golden("rich", item.golden, EmitCommand.render(result.files) + "\n" + result.install)
    try checkUnits(result, plan: plan, item: item)
  }

  /// Reads every emitted unit back: `WantedBy=`, Quadlet keys, and `ExecStart=` words equal to the plan's run
  /// command; `systemd-analyze verify` on plain units when the machine has it.
  func checkUnits(_ result: UnitEmitter.Result, plan: ProjectPlan, item: UnitCase) throws {
    let options = Self.options(item.target, item.mode)
    let quadlet = options.target.supports(.quadlet)
    for file in result.files {
      let unit = try UnitFile.parse(file.text)
      if file.name.hasSuffix(".container") || file.name.hasSuffix(".service") {
        #expect(unit.values("Install", "WantedBy") == [item.mode == .rootless ? "default.target" : "multi-user.target"])
      }
      if file.name.hasSuffix(".container") {
        #expect(quadlet)
        let container = try #require(
          plan.containers.first { UnitEmitter.unitName($0, plan: plan) + ".container" == file.name })
        #expect(unit.values("Container", "Image") == [container.imageText])
        if item.mode == .usernsAuto { #expect(unit.values("Container", "UserNS") == ["auto"]) }
        if let command = container.commandWords {
          #expect(
            try UnitFile.splitCommandLine(try #require(unit.values("Container", "Exec").first))
              == command.map(VariableReference.systemd))
        }
      }
      if file.name.hasSuffix(".service") {
        #expect(!quadlet)
        #expect(unit.values("Service", "Type") == ["notify"])
        #expect(unit.values("Service", "ExecStartPre").last == "/bin/rm -f %t/%n.ctr-id")
        let container = try #require(
          plan.containers.first { UnitEmitter.unitName($0, plan: plan) + ".service" == file.name })
        // The ExecStart words systemd passes to podman are exactly the run command the plan gives.
        let words = try UnitFile.splitCommandLine(try #require(unit.values("Service", "ExecStart").first))
        let expected = container.runOptions(
          name: plan.containerName(container), networkNames: plan.networkNames, volumeNames: plan.volumeNames,
          aliases: plan.fromCompose, restart: false, joinNetworks: true)
        #expect(
          Array(words.prefix(8)) == [
            "/usr/bin/podman", "run", "--cidfile=%t/%n.ctr-id", "--cgroups=no-conmon", "--rm", "--sdnotify=conmon",
            "-d",
            "--replace",
          ])
        let resolved = UnitEmitter.resolved(container, plan: plan)
        let resolvedOptions = resolved.runOptions(
          name: plan.containerName(container), networkNames: plan.networkNames, volumeNames: plan.volumeNames,
          aliases: plan.fromCompose, restart: false, joinNetworks: true)
        // (A variable reference reaches podman as `${NAME}`, which systemd expands when the unit starts.)
        #expect(
          Array(words.dropFirst(8))
            == (resolvedOptions + [container.imageText] + (container.commandWords ?? [])).map(
              VariableReference.systemd))
        #expect(expected.count == resolvedOptions.count)
        if item.mode == .usernsAuto { #expect(words.contains("--userns=auto")) }
      }
    }
    try systemdAnalyze(result.files, quadlet: quadlet)
  }

  /// `systemd-analyze verify` on plain units when the machine has it and podman (it checks syntax and that
  /// `ExecStart=`'s program exists; CI installs podman before the tests, `Tests/E2E/setup.sh`).
  func systemdAnalyze(_ files: [EmittedFile], quadlet: Bool) throws {
    let tools = ["/usr/bin/systemd-analyze", "/usr/bin/podman"]
    guard !quadlet, tools.allSatisfy(FileManager.default.isExecutableFile(atPath:)) else { return }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-units-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    for file in files {
      let url = folder.appendingPathComponent(file.name)
      try Data(file.text.utf8).write(to: url)
      paths.append(url.path)
    }
    let (status, output) = try run("/usr/bin/systemd-analyze", ["verify"] + paths)
    // Only problems in our files count (the host's own units may have warnings of their own).
    let ours = output.split(separator: "\n").filter { line in files.contains { line.contains($0.name) } }
      .filter { !$0.contains("not found") && !$0.contains("Failed to prepare filename") }
    #expect(ours.isEmpty, "systemd-analyze verify (\(status)):\n\(output)")
  }

  func run(_ program: String, _ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test("podman script", arguments: [TargetProfile.Name.bookworm, .noble, .jammy])
  func podmanScript(_ target: TargetProfile.Name) throws {
    let options = Self.options(target)
    let plan = try Self.plan("rich", "compose.yaml", options)
    let script = try PodmanScriptEmitter.emit(plan, options: options, source: "compose.yaml")
    Self.golden("rich", "podman-script-\(target.rawValue).sh", script)
    // Read back: one podman run per service, in dependency order, each with its user namespace.
    let document = try ScriptParser.parse(SourceFile(path: "up.sh", text: script), kind: .shell)
    #expect(document.diagnostics.isEmpty)
    let runs = document.commands.filter { $0.invocation.subcommand == ["run"] }
    let names = runs.compactMap { $0.invocation.flags(named: "name").first?.value }
    #expect(names == ["shop_db", "shop_cache", "shop_app", "shop_proxy", "shop_migrate"])
    for run in runs {
      #expect(run.invocation.tool == .podman)
      #expect(run.invocation.flags(named: "userns").first?.value == "auto")
      #expect(run.invocation.flags(named: "replace").count == 1)
    }
    let app = try #require(runs.first { $0.invocation.flags(named: "name").first?.value == "shop_app" })
    #expect(app.invocation.positionals.compactMap(\.staticValue).last == "it's 100% \"ready\"")
    #expect(app.invocation.flags(named: "volume").first?.value == "./uploads:/srv/uploads:U")
    #expect(script.contains(target == .noble ? "podman wait --condition=healthy" : "podman healthcheck run"))
    // Converting the emitted script changes nothing: it is already migrated.
    let again = Converter.convert(SourceFile(path: "up.sh", text: script), kind: .shell, options: options)
    #expect(!again.changed, "\(String(decoding: again.output, as: UTF8.self))")
    try shellChecks(script)
  }

  func shellChecks(_ script: String) throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString).sh")
    try Data(script.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let (status, output) = try run("/bin/sh", ["-n", file.path])
    #expect(status == 0, "sh -n: \(output)")
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck") {
      let (status, output) = try run("/usr/bin/shellcheck", ["-s", "sh", file.path])
      #expect(status == 0, "shellcheck:\n\(output)")
    }
  }

  @Test func composeFromRunLines() throws {
    let options = Self.options(.jammy)
    let plan = try Self.plan("rich", "runlines.sh", options)
    let text = ComposeEmitter.emit(plan, options: options)
    Self.golden("rich", "runlines-compose.yaml", text)
    let project = try ComposeParser.parse(SourceFile(path: "compose.yaml", text: text))
    #expect(project.services.map(\.name.text) == ["nginx", "worker"])
    #expect(project.services.allSatisfy { $0.container.userns?.text == "auto" })
    #expect(project.xPodman != nil)
    // Already migrated: converting it again changes nothing.
    let again = Converter.convert(SourceFile(path: "compose.yaml", text: text), kind: .compose, options: options)
    #expect(!again.changed, "\(String(decoding: again.output, as: UTF8.self))")
  }

  @Test func dependencyCycleIsLocated() throws {
    let text = """
      services:
        a:
          image: docker.io/library/busybox
          depends_on: [b]
        b:
          image: docker.io/library/busybox
          depends_on: [a]

      """
    #expect(throws: ParseDiagnostic.self) {
      try EmitPlanner.plan(SourceFile(path: "c.yml", text: text), kind: .compose, options: Self.options(.jammy))
    }
    do {
      _ = try EmitPlanner.plan(SourceFile(path: "c.yml", text: text), kind: .compose, options: Self.options(.jammy))
    } catch let diagnostic as ParseDiagnostic {
      #expect(diagnostic.problem.contains("cycle"))
      let line = SourceFile(path: "c.yml", text: text).lines.lineIndex(of: diagnostic.range.lower)
      #expect(line == 1 || line == 4, "points at a service of the cycle")
    }
  }

  @Test func systemdQuoting() throws {
    let samples = [
      "plain", "", "two words", "100%", "$HOME", "it's \"q\"", "back\\slash", "tab\there", "new\nline", ";",
    ]
    let line = SystemdQuote.commandLine(samples)
    #expect(try UnitFile.splitCommandLine(line) == samples)
    #expect(SystemdQuote.execArgument("%t") == "%%t")
    #expect(SystemdQuote.environmentAssignment("A", "x y") == "\"A=x y\"")
    #expect(SystemdQuote.value("50%") == "50%%")
  }

  @Test func unitFileParser() throws {
    let unit = try UnitFile.parse("# c\n[Service]\nExecStart=/bin/a \\\n\t-x \\\n# note\n\tb\nType=notify\n")
    #expect(unit.values("Service", "ExecStart") == ["/bin/a  -x  b"])
    #expect(try UnitFile.splitCommandLine(unit.values("Service", "ExecStart")[0]) == ["/bin/a", "-x", "b"])
    #expect(throws: UnitFile.Problem.self) { try UnitFile.parse("Key=value\n") }
    #expect(throws: UnitFile.Problem.self) { try UnitFile.parse("[A]\nKey=x \\") }
  }
}

import Foundation
import Testing

@testable import MigrateCore

@Suite("Config file, environment and rule selection")
struct ConfigTests {
  /// A temporary folder tree, removed at the end of the test.
  final class Tree {
    let root: URL
    init() throws {
      root = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-config-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: root) }

    @discardableResult
    func write(_ path: String, _ text: String) throws -> String {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
      return url.path
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
  }

  static let noEnvironment: @Sendable (String) -> String? = { _ in nil }

  func parse(_ text: String) throws -> SettingsLayer {
    try ConfigFile.parse(SourceFile(path: ".migrate.yml", bytes: Array(text.utf8)), folder: "/repo")
  }

  func error(_ text: String) -> String? {
    do {
      _ = try parse(text)
      return nil
    } catch let error as SettingsError {
      return error.message
    } catch {
      return "\(error)"
    }
  }

  @Test("every key is read")
  func keys() throws {
    let layer = try parse(
      """
      # team settings
      target: focal
      podman-version: "3.4.4"
      mode: rootless
      bind-policy: keep
      unsafe-fixes: yes
      fail-on: warning
      suppressions: false
      select: [MG1, docker-cli-invocation]
      ignore:
        - MG108
      severity:
        restart-unless-stopped: error
        MG103: info
      exclude: ["legacy/*", vendor]

      """)
    #expect(layer.target == .focal)
    #expect(layer.podmanVersion == PodmanVersion(3, 4, 4))
    #expect(layer.mode == .rootless)
    #expect(layer.bindPolicy == .keep)
    #expect(layer.unsafeFixes == true)
    #expect(layer.failOn == .warning)
    #expect(layer.honorSuppressions == false)
    #expect(layer.select == ["MG1", "docker-cli-invocation"])
    #expect(layer.ignore == ["MG108"])
    #expect(layer.severities == ["MG105": .error, "MG103": .info])
    #expect(layer.exclude == ["legacy/*", "vendor"])
    #expect(layer.excludeBase == "/repo")
  }

  @Test("an empty file or one with only comments sets nothing")
  func empty() throws {
    #expect(
      try parse("")
        == {
          var l = SettingsLayer(); l.excludeBase = "/repo"; return l
        }())
    #expect(try parse("# nothing yet\n").target == nil)
  }

  @Test("unknown keys, bad values and unknown rules are located errors")
  func errors() {
    #expect(
      error("target: jammy\nfail_on: error\n")
        == """
        .migrate.yml:2:1: error: config: unknown setting `fail_on`; did you mean `fail-on`? (known: target, podman-version, mode, bind-policy, unsafe-fixes, fail-on, suppressions, select, ignore, severity, exclude, data-roots)
        fail_on: error
        ^
        """)
    #expect(
      error("target: xenial\n")?.hasPrefix(".migrate.yml:1:9: error: config: `xenial` is not one of jammy") == true)
    #expect(
      error("select: [MG1, MG999]\n")?.hasPrefix(".migrate.yml:1:15: error: config: unknown rule `MG999`") == true)
    #expect(error("ignore: no-such-rule\n")?.hasPrefix(".migrate.yml:1:9: error: config: unknown rule") == true)
    #expect(
      error("severity:\n  MG777: error\n")?.hasPrefix(".migrate.yml:2:3: error: config: unknown rule `MG777`") == true)
    #expect(
      error("severity:\n  MG105: fatal\n")?.hasPrefix(".migrate.yml:2:10: error: config: `fatal` is not one of") == true
    )
    #expect(error("severity:\n  MG001: info\n")?.contains("always reports an error") == true)
    #expect(error("podman-version: four\n")?.contains("a version such as 4.3") == true)
    #expect(error("- target\n")?.contains("expected a mapping of settings") == true)
    #expect(error("mode: [rootless]\n")?.contains("expected a single value") == true)
    #expect(error("target: [unclosed\n")?.hasPrefix(".migrate.yml:2:1: error: yaml:") == true)
  }

  @Test("environment variables: values, lists and errors naming the variable")
  func environment() throws {
    let values = [
      "MIGRATE_TARGET": "noble", "MIGRATE_MODE": "rootless", "MIGRATE_PODMAN_VERSION": "4.4",
      "MIGRATE_SELECT": "MG1, MG5", "MIGRATE_IGNORE": "MG108", "MIGRATE_FAIL_ON": "info",
      "MIGRATE_UNSAFE_FIXES": "1", "MIGRATE_BIND_POLICY": "keep",
    ]
    let layer = try SettingsLayer.environment { values[$0] }
    #expect(layer.target == .noble)
    #expect(layer.mode == .rootless)
    #expect(layer.podmanVersion == PodmanVersion(4, 4))
    #expect(layer.select == ["MG1", "MG5"])
    #expect(layer.ignore == ["MG108"])
    #expect(layer.failOn == .info)
    #expect(layer.unsafeFixes == true)
    #expect(layer.bindPolicy == .keep)
    #expect(throws: SettingsError.self) { try SettingsLayer.environment { $0 == "MIGRATE_MODE" ? "root" : nil } }
    do {
      _ = try SettingsLayer.environment { $0 == "MIGRATE_IGNORE" ? "MG1,MG998" : nil }
      Issue.record("expected an error")
    } catch let error as SettingsError {
      #expect(error.message == "MIGRATE_IGNORE: unknown rule `MG998` (see `migrate rules`)")
    }
    // Empty variables are unset.
    #expect(try SettingsLayer.environment { _ in "" } == SettingsLayer())
  }

  @Test("precedence: defaults < config file < environment < flags")
  func precedence() throws {
    let tree = try Tree()
    try tree.write(".migrate.yml", "target: focal\nmode: rootless\nbind-policy: keep\nfail-on: warning\n")
    let file = try tree.write("app/compose.yml", "services: {}\n")
    // Config over defaults.
    var settings = try SettingsLoader.load(input: file, flags: SettingsLayer(), environment: Self.noEnvironment)
    #expect(settings.configPath == tree.path(".migrate.yml"))
    #expect(settings.options.target.name == .focal)
    #expect(settings.options.target.podman == PodmanVersion(3, 4, 2))
    #expect(settings.options.mode == .rootless)
    #expect(settings.options.bindPolicy == .keep)
    #expect(settings.failOn == .warning)
    // Environment over config.
    let environment = ["MIGRATE_TARGET": "noble", "MIGRATE_FAIL_ON": "error"]
    settings = try SettingsLoader.load(input: file, flags: SettingsLayer()) { environment[$0] }
    #expect(settings.options.target.name == .noble)
    #expect(settings.options.mode == .rootless)
    #expect(settings.failOn == .error)
    // Flags over environment.
    var flags = SettingsLayer()
    flags.target = .jammy
    flags.podmanVersion = PodmanVersion(4, 7)
    settings = try SettingsLoader.load(input: file, flags: flags) { environment[$0] }
    #expect(settings.options.target.name == .jammy)
    #expect(settings.options.target.podman == PodmanVersion(4, 7))
    #expect(settings.options.target.supports(.hostGateway))
    #expect(settings.options.mode == .rootless)
    // No config: defaults.
    settings = try SettingsLoader.load(
      input: file, flags: SettingsLayer(), config: .none, environment: Self.noEnvironment)
    #expect(settings.configPath == nil)
    #expect(settings.options.target.name == .jammy)
    #expect(settings.options.mode == .usernsAuto)
    #expect(settings.failOn == nil)
  }

  @Test("the nearest .migrate.yml up from the input wins; MIGRATE_CONFIG and --config name one")
  func discovery() throws {
    let tree = try Tree()
    try tree.write(".migrate.yml", "target: focal\n")
    try tree.write("services/.migrate.yaml", "target: noble\n")
    let deep = try tree.write("services/api/deploy/run.sh", "docker run nginx\n")
    let top = try tree.write("other/run.sh", "docker run nginx\n")
    #expect(SettingsLoader.find(from: deep) == tree.path("services/.migrate.yaml"))
    #expect(SettingsLoader.find(from: tree.path("services/api")) == tree.path("services/.migrate.yaml"))
    #expect(SettingsLoader.find(from: top) == tree.path(".migrate.yml"))
    let named = try tree.write("ci/strict.yml", "target: bookworm\n")
    var settings = try SettingsLoader.load(input: deep, flags: SettingsLayer()) {
      $0 == "MIGRATE_CONFIG" ? named : nil
    }
    #expect(settings.options.target.name == .bookworm)
    settings = try SettingsLoader.load(
      input: deep, flags: SettingsLayer(), config: .file(tree.path(".migrate.yml")), environment: Self.noEnvironment)
    #expect(settings.options.target.name == .focal)
    #expect(throws: SettingsError.self) {
      try SettingsLoader.load(
        input: deep, flags: SettingsLayer(), config: .file(tree.path("missing.yml")), environment: Self.noEnvironment)
    }
  }

  @Test("rule selection layers as ruff's: select replaces, ignore removes")
  func selection() {
    let all = Set(RuleCatalog.metas.map(\.id))
    #expect(RuleSelection.resolve([]).disabled.isEmpty)
    let mg1 = RuleSelection.resolve([(["MG1"], nil)])
    #expect(mg1.isEnabled("MG105") && !mg1.isEnabled("MG202") && !mg1.isEnabled("MG002"))
    #expect(mg1.isEnabled("MG001"), "parse errors cannot be turned off")
    let layered = RuleSelection.resolve([(nil, ["MG108"]), (nil, ["restart-unless-stopped"])])
    #expect(layered.disabled == ["MG108", "MG105"])
    let reset = RuleSelection.resolve([(nil, ["MG108"]), (["ALL"], ["MG105"])])
    #expect(reset.disabled == ["MG105"])
    #expect(RuleSelection.ids(matching: "MG12").allSatisfy { $0.hasPrefix("MG12") })
    #expect(RuleSelection.ids(matching: "MG12").count > 3)
    #expect(RuleSelection.ids(matching: "ALL").count == all.count)
    #expect(RuleSelection.ids(matching: "MG9").isEmpty)
    #expect(RuleSelection.ids(matching: "mg").isEmpty)
  }

  @Test("a disabled rule neither reports nor fixes; severity overrides change findings")
  func conversion() {
    let text = "services:\n  web:\n    image: nginx\n    restart: unless-stopped\n"
    var options = ConversionOptions()
    options.rules = RuleSelection.resolve([(nil, ["MG103"])], severities: ["MG105": .error])
    let result = Converter.convert(SourceFile(text), kind: .compose, options: options)
    let output = String(decoding: result.output, as: UTF8.self)
    #expect(output.contains("image: nginx\n"), "MG103 is off: the image stays short")
    #expect(output.contains("restart: always"))
    #expect(!result.findings.contains { $0.ruleID == "MG103" })
    #expect(result.findings.first { $0.ruleID == "MG105" }?.severity == .error)
    // A file that does not parse still reports MG001 with every rule off.
    options.rules = RuleSelection.resolve([([], nil)])
    let broken = Converter.convert(SourceFile("services: [\n"), kind: .compose, options: options)
    #expect(broken.findings.map(\.ruleID) == ["MG001"])
  }

  @Test("a suppression of a rule the config turns off is not reported as unused")
  func suppressionOfDisabledRule() {
    let text = "services:\n  web:\n    # migrate: ignore=MG103 -- our mirror\n    image: nginx\n"
    var options = ConversionOptions()
    options.rules = RuleSelection.resolve([(nil, ["short-image-name"])])
    let result = Converter.convert(SourceFile(text), kind: .compose, options: options)
    #expect(!result.findings.contains { $0.ruleID == "MG002" })
    options.rules = RuleSelection.resolve([(nil, ["MG105"])])
    let other = Converter.convert(SourceFile(text + "    restart: always\n"), kind: .compose, options: options)
    #expect(!other.findings.contains { $0.ruleID == "MG002" }, "MG103 fired and was suppressed")
  }

  @Test("config exclusions are relative to the config file's folder")
  func exclusions() throws {
    let tree = try Tree()
    try tree.write(".migrate.yml", "exclude: [\"services/legacy/*\", \"*.bak.yml\"]\n")
    let compose = "services:\n  web:\n    image: nginx\n"
    try tree.write("services/app/compose.yml", compose)
    try tree.write("services/legacy/compose.yml", compose)
    try tree.write("services/app/old.bak.yml", compose)
    for root in [tree.root.path, tree.path("services")] {
      let settings = try SettingsLoader.load(input: root, flags: SettingsLayer(), environment: Self.noEnvironment)
      let request = BatchRequest(
        root: root, options: settings.options, baseExcludes: settings.batchExcludes(root: root))
      let report = try BatchRunner.run(request)
      let paths = report.files.filter { $0.status != .skipped }.map(\.path)
      #expect(paths.count == 1 && paths[0].hasSuffix("app/compose.yml"), "\(root): \(paths)")
    }
  }
}

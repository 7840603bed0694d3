import Foundation
import Testing

@testable import MigrateCore

/// `convert --from-target X --target Y` on files that already run on podman, and plain podman units turned
/// into Quadlet `.container` files (fixtures/upgrade, goldens in fixtures/upgrade/expected).
@Suite("Upgrades between podman hosts")
struct UpgradeTests {
  static let directory = Paths.fixtures.appendingPathComponent("upgrade")

  static func options(from: TargetProfile.Name?, to: TargetProfile.Name, mode: RunMode = .rootless)
    -> ConversionOptions
  {
    var options = ConversionOptions(target: .named(to), mode: mode)
    options.from = from.map { UpgradeOrigin(target: $0, podman: nil) }
    return options
  }

  static func convert(_ name: String, kind: InputKind, options: ConversionOptions) throws -> ConversionResult {
    let url = directory.appendingPathComponent(name)
    let source = SourceFile(path: "fixtures/upgrade/\(name)", bytes: Array(try Data(contentsOf: url)))
    return Converter.convert(source, kind: kind, options: options)
  }

  /// The converted file, then one `file:line:col: [ID] message` line per finding.
  static func report(_ result: ConversionResult) -> String {
    let findings = result.findings.map { finding in
      let position = result.source.lines.position(of: finding.range.lower)
      return "\(result.source.path):\(position.line):\(position.column): [\(finding.ruleID)] \(finding.message)"
    }
    return result.outputText + "---- findings\n" + findings.joined(separator: "\n") + "\n"
  }

  @Test(
    "jammy → resolute goldens",
    arguments: [
      ("deploy.sh", InputKind.shell), ("compose.yaml", .compose), ("web.container", .systemd),
      ("container-web.service", .systemd),
    ])
  func golden(name: String, kind: InputKind) throws {
    let result = try Self.convert(name, kind: kind, options: Self.options(from: .jammy, to: .resolute))
    #expect(result.parseError == nil)
    let check = matchesGolden(
      Self.report(result), Self.directory.appendingPathComponent("expected/\(name).convert.txt"))
    #expect(check.ok, "\(check.message)")
  }

  @Test("the upgrade rules stay silent without --from-target, and across no boundary")
  func silentWithoutUpgrade() throws {
    let upgradeIDs = Set(RuleCatalog.all.map { type(of: $0).meta.id }.filter { $0.hasPrefix("MG6") })
    for (name, kind) in [
      ("deploy.sh", InputKind.shell), ("compose.yaml", .compose), ("container-web.service", .systemd),
    ] {
      let docker = try Self.convert(name, kind: kind, options: Self.options(from: nil, to: .resolute))
      #expect(docker.findings.allSatisfy { !upgradeIDs.contains($0.ruleID) }, "\(name) without --from-target")
      let same = try Self.convert(name, kind: kind, options: Self.options(from: .trixie, to: .resolute))
      #expect(!same.ids().contains("MG602"), "trixie already has netavark")
      #expect(!same.ids().contains("MG603"), "trixie already has pasta")
      #expect(!same.ids().contains("MG606"), "trixie already has Quadlet")
    }
  }

  @Test("each finding only where its condition holds")
  func conditions() throws {
    let script = try Self.convert("deploy.sh", kind: .shell, options: Self.options(from: .jammy, to: .resolute))
    #expect(script.ids().filter { $0 == "MG602" }.count == 2)  // `network create` and `--network app-net`
    #expect(script.ids().filter { $0 == "MG603" }.count == 1)  // only `web`: `api` has its own network
    #expect(!script.ids().contains("MG601"), "jammy is cgroup v2 already")
    let root = try Self.convert(
      "deploy.sh", kind: .shell, options: Self.options(from: .jammy, to: .resolute, mode: .usernsAuto))
    #expect(!root.ids().contains("MG603"), "pasta is the rootless default only")
    let focal = try Self.convert("deploy.sh", kind: .shell, options: Self.options(from: .focal, to: .noble))
    #expect(focal.ids().contains("MG601"))
    var sixOptions = Self.options(from: .jammy, to: .resolute)
    sixOptions.target.podman = PodmanVersion(5, 8, 1)
    let six = try Self.convert("deploy.sh", kind: .shell, options: sixOptions)
    #expect(six.ids().contains("MG605"))
    #expect(!script.ids().contains("MG605"), "resolute's 5.7 does not restart unless-stopped at boot")
  }

  @Test("a downgrade is refused")
  func downgrade() {
    let origin = UpgradeOrigin(target: .resolute, podman: nil)
    #expect(origin.problem(upgradingTo: .named(.jammy)) != nil)
    #expect(origin.problem(upgradingTo: .named(.resolute)) != nil)
    #expect(UpgradeOrigin(target: .jammy, podman: nil).problem(upgradingTo: .named(.resolute)) == nil)
    #expect(UpgradeOrigin(target: nil, podman: PodmanVersion(4, 4)).problem(upgradingTo: .named(.noble)) == nil)
  }

  @Test("every runtime change has a row, a source and a boundary")
  func table() {
    for id in RuntimeChange.ID.allCases {
      let row = RuntimeChange.named(id)
      #expect(row.id == id)
      #expect(!row.source.isEmpty && !row.boundary.isEmpty && !row.action.isEmpty)
    }
    let crossed = RuntimeChange.crossed(from: UpgradeOrigin(target: .jammy, podman: nil), to: .named(.resolute))
    #expect(crossed.map(\.id) == [.netavark, .pasta, .sqlite, .generateSystemdDeprecated])
  }

  @Test("a generate-systemd unit becomes a .container with its own dependencies, restart and install")
  func unitToQuadlet() throws {
    let url = Self.directory.appendingPathComponent("container-web.service")
    let source = SourceFile(path: "container-web.service", bytes: Array(try Data(contentsOf: url)))
    let options = Self.options(from: .jammy, to: .resolute, mode: .usernsAuto)
    let outcome = try EmitPlanner.plan(source, kind: .systemd, options: options)
    guard case .script(let document)? = outcome.conversion.model, let unit = PodmanSystemdUnit.read(document) else {
      Issue.record("not read as a podman unit")
      return
    }
    #expect(unit.refusals.isEmpty)
    var plan = outcome.plan
    UnitUpgrade.dropPlumbing(&plan)
    let files = try UnitEmitter.emit(plan, options: options, source: "container-web.service").files.map {
      UnitUpgrade.merge($0, with: unit)
    }
    let text = EmitCommand.render(files)
    for plumbing in ["cidfile", "cgroups", "sdnotify", "--replace", "PODMAN_SYSTEMD_UNIT", "ctr-id", "NotifyAccess"] {
      #expect(!text.contains(plumbing), "\(plumbing) left in the .container")
    }
    let check = matchesGolden(text, Self.directory.appendingPathComponent("expected/container-web.quadlet.txt"))
    #expect(check.ok, "\(check.message)")
  }

  @Test("a unit Quadlet cannot express is refused, located")
  func refusal() throws {
    let url = Self.directory.appendingPathComponent("container-db.service")
    let result = try Self.convert(
      "container-db.service", kind: .systemd, options: Self.options(from: .jammy, to: .noble))
    #expect(result.ids() == ["MG607", "MG607"])
    #expect(!result.ids().contains("MG606"))
    let source = SourceFile(path: "db", bytes: Array(try Data(contentsOf: url)))
    let document = try ScriptParser.parse(source, kind: .systemd)
    #expect(PodmanSystemdUnit.read(document)?.refusals.map(\.entry.key) == ["ExecStart", "ExecStop"])
  }
}

import Foundation
import Testing

@testable import MigrateCore

/// One rich compose file and one rich script converted for every target: goldens per target and mode, and a
/// check that focal and noble differ exactly where the feature matrix (research section 1) says.
@Suite("Per-target goldens")
struct TargetGoldenTests {
  static let fixtures = ["compose/input.yml", "script/input.sh"]
  static let variants: [(TargetProfile.Name, RunMode)] =
    TargetProfile.Name.allCases.map { ($0, .usernsAuto) } + [(.focal, .rootless), (.noble, .rootless)]
    + [TargetProfile.Name.trixie, .resolute, .rhel9, .rhel10].map { ($0, .rootless) }

  static func convert(_ fixture: String, _ target: TargetProfile, _ mode: RunMode) throws -> ConversionResult {
    let url = Paths.fixtures.appendingPathComponent("targets").appendingPathComponent(fixture)
    let bytes = try #require(FileManager.default.contents(atPath: url.path).map { [UInt8]($0) })
    let path = "fixtures/targets/\(fixture)"
    let kind = try #require(Converter.detectKind(path: path, bytes: bytes))
    return Converter.convert(
      SourceFile(path: path, bytes: bytes), kind: kind, options: ConversionOptions(target: target, mode: mode))
  }

  @Test("golden output and findings per target and mode", arguments: fixtures)
  func goldens(_ fixture: String) throws {
    let expected = Paths.fixtures.appendingPathComponent("targets").appendingPathComponent(fixture)
      .deletingLastPathComponent().appendingPathComponent("expected")
    for (target, mode) in Self.variants {
      let result = try Self.convert(fixture, .named(target), mode)
      #expect(!result.failed)
      let name = "\(target.rawValue)-\(mode.rawValue)"
      for (actual, file) in [
        (String(decoding: result.output, as: UTF8.self), "\(name).out"),
        (TextReporter.render(result), "\(name).findings"),
      ] {
        let check = matchesGolden(actual, expected.appendingPathComponent(file))
        #expect(check.ok, "\(check.message)")
      }
    }
  }

  /// A finding as compared across targets: rule, where, and what its fix writes.
  struct Key: Hashable, CustomStringConvertible {
    var rule: String
    var line: Int
    var edits: [String]
    /// The message with target names and podman versions masked.
    var message: String
    var description: String { "\(rule)@\(line)" }
  }

  static func keys(_ result: ConversionResult) -> Set<Key> {
    Set(
      result.findings.map { finding in
        Key(
          rule: finding.ruleID, line: result.source.lines.position(of: finding.range.lower).line,
          edits: finding.fix?.edits.map(\.replacement) ?? [], message: masked(finding.message))
      })
  }

  static func masked(_ message: String) -> String {
    var text = message
    for profile in TargetProfile.Name.allCases.map(TargetProfile.named) {
      text = text.replacingOccurrences(of: profile.name.rawValue.capitalized, with: "TARGET")
        .replacingOccurrences(of: profile.name.rawValue, with: "target")
        .replacingOccurrences(of: profile.podman.description, with: "VERSION")
    }
    return text
  }

  /// Where focal (podman 3.4.2) and noble (4.9.3) must differ, and the feature behind each difference.
  static let expectedDifferences: [String: [(rule: String, line: Int, feature: PodmanFeature)]] = [
    "compose/input.yml": [
      ("MG205", 16, .healthStartup), ("MG204", 24, .waitHealthy), ("MG122", 26, .hostGateway),
      ("MG130", 34, .keepIDForRoot),
    ],
    "script/input.sh": [
      ("MG112", 5, .context), ("MG110", 5, .context), ("MG124", 9, .dnsOptionSpelling),
      ("MG125", 10, .securityOptColon), ("MG122", 11, .hostGateway), ("MG115", 16, .inspectStateHealth),
      ("MG110", 17, .composeWrapper),
    ],
  ]

  @Test("focal and noble differ exactly where the feature matrix says", arguments: fixtures)
  func featureMatrix(_ fixture: String) throws {
    let focal = TargetProfile.named(.focal)
    let noble = TargetProfile.named(.noble)
    let expected = try #require(Self.expectedDifferences[fixture])
    for entry in expected {
      #expect(!focal.supports(entry.feature) && noble.supports(entry.feature), "\(entry.feature)")
    }
    let focalKeys = Self.keys(try Self.convert(fixture, focal, .usernsAuto))
    let nobleKeys = Self.keys(try Self.convert(fixture, noble, .usernsAuto))
    let differing = Set(focalKeys.symmetricDifference(nobleKeys).map { "\($0.rule)@\($0.line)" })
    #expect(differing == Set(expected.map { "\($0.rule)@\($0.line)" }))

    // The podman version alone explains them: focal planned for noble's podman converts exactly as noble.
    var upgraded = focal
    upgraded.podman = noble.podman
    let asNoble = try Self.convert(fixture, upgraded, .usernsAuto)
    #expect(asNoble.output == (try Self.convert(fixture, noble, .usernsAuto)).output)
    #expect(Self.keys(asNoble) == nobleKeys)
  }

  @Test("rootless: with the same podman, focal and noble differ only by cgroup v1", arguments: fixtures)
  func rootless(_ fixture: String) throws {
    var upgraded = TargetProfile.named(.focal)
    upgraded.podman = TargetProfile.named(.noble).podman
    let focalKeys = Self.keys(try Self.convert(fixture, upgraded, .rootless))
    let nobleKeys = Self.keys(try Self.convert(fixture, .named(.noble), .rootless))
    // Same podman: only cgroup v1 is left (limits are ignored on focal, need delegation on noble: MG506).
    let rules = Set(focalKeys.symmetricDifference(nobleKeys).map(\.rule))
    #expect(rules == ["MG506"])
  }
}

import Testing

@testable import MigrateCore

/// One finding per cause and place: a volume shared by several services, a `depends_on` shared through a
/// YAML anchor, and a service's many `:z` mounts are each reported once (a mailcow-like file gave 180).
@Suite("findings: one per cause and place")
struct FindingNoiseTests {
  static let project = """
    x-deps: &deps
      depends_on:
        db:
          condition: service_healthy
    x-mounts: &mounts
      volumes:
        - mail:/var/vmail:z
        - index:/var/index:Z
        - ./conf:/etc/app:z
    services:
      db:
        image: docker.io/library/mariadb
      imap:
        image: example.com/imap
        <<: [*deps, *mounts]
      smtp:
        image: example.com/smtp
        <<: [*deps, *mounts]
      sieve:
        image: example.com/sieve
        <<: *deps
        volumes:
          - mail:/var/vmail:z
    volumes:
      mail:
      index:

    """

  static func findings(_ id: String) -> [Finding] {
    convert(project, target: .jammy).findings.filter { $0.ruleID == id }
  }

  @Test("MG140: one finding per shared volume, naming every writer")
  func sharedVolumes() throws {
    let findings = Self.findings("MG140")
    #expect(findings.count == 2)
    let mail = try #require(findings.first { $0.message.contains("`mail`") })
    #expect(mail.message.contains("written by 3 services (`imap`, `smtp`, `sieve`)"))
    #expect(findings.contains { $0.message.contains("`index` is written by 2 services (`imap`, `smtp`)") })
  }

  @Test("MG204: one finding per position, naming the services that share it")
  func sharedDependsOn() throws {
    let findings = Self.findings("MG204")
    #expect(findings.count == 1)
    #expect(try #require(findings.first).message.contains("starts `imap`, `smtp`, `sieve` without waiting for `db`"))
  }

  @Test("MG108: one finding per container, not per mount; an anchor's mounts once")
  func relabelOptions() throws {
    let findings = Self.findings("MG108")
    #expect(findings.count == 2)
    #expect(findings.first?.message.contains("`z` and `Z` on 3 mounts of `imap`") == true)
    #expect(findings.last?.message.hasPrefix("Volume option `z` relabels for SELinux") == true)
  }

  @Test("MG140 on run lines: one finding per volume whose fix adds U to every mount")
  func runLines() {
    let script =
      "docker run -d -v data:/d img1\ndocker run --rm -v data:/d:z img2\ndocker run -v data:/e -v data:/f img3\n"
    let options = ConversionOptions(target: .named(.jammy), mode: .usernsAuto, applyAtLeast: .unsafe)
    let result = Converter.convert(
      SourceFile(script, path: "t.sh"), kind: .shell, options: options, rules: [NamedVolumeUserns()])
    #expect(
      result.outputText
        == "docker run -d -v data:/d:U img1\ndocker run --rm -v data:/d:z,U img2\ndocker run -v data:/e:U -v data:/f:U img3\n"
    )
    #expect(result.findings.count == 1)
    #expect(result.findings.first?.message.contains("written by 3 containers") == true)
  }

  @Test("the text report ends with counts by severity and by rule; batch keeps its own summary")
  func summaryLine() throws {
    let result = convert(Self.project, target: .jammy)
    let lines = TextReporter.render(result).split(separator: "\n").map(String.init)
    let counts = Dictionary(grouping: result.findings, by: \.ruleID).mapValues(\.count)
    let rules = counts.keys.sorted().map { "\($0) ×\(counts[$0] ?? 0)" }.joined(separator: ", ")
    let errors = result.findings.filter { $0.severity == .error }.count
    let warnings = result.findings.filter { $0.severity == .warning }.count
    let info = result.findings.filter { $0.severity == .info }.count
    #expect(
      lines.last
        == "test.yml: summary: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warnings, \(info) info; by rule: \(rules)"
    )
    #expect(rules.contains("MG108 ×2") && rules.contains("MG140 ×2") && rules.contains("MG204 ×1"))
    #expect(!TextReporter.render(result, summary: false).contains("summary:"))
    #expect(
      TextReporter.summary([Finding(ruleID: "MG101", severity: .warning, message: "m", range: .at(0))])
        == "0 errors, 1 warning, 0 info; by rule: MG101 ×1")
  }
}

import Foundation
import Testing

@testable import MigrateCore

/// Honest verdicts: a fix that is applied but does not make the container work is "needs review", never
/// "fixed", in every report, and `--check` / `--fail-on` see it.
@Suite("Verdicts")
struct VerdictTests {
  /// traefik as its README runs it: the Docker socket, read-only, for its provider.
  static let traefik = """
    services:
      proxy:
        image: traefik:v3.0
        ports:
          - "80:80"
        volumes:
          - /var/run/docker.sock:/var/run/docker.sock:ro

    """
  static let runLine = "docker run -d -v /var/run/docker.sock:/var/run/docker.sock containrrr/watchtower\n"

  func socketFinding(_ result: ConversionResult) throws -> Finding {
    try #require(result.findings.first { $0.ruleID == DockerSocketMount.meta.id })
  }

  func check(_ text: String, kind: InputKind = .compose, check: Bool = true, failOn: Severity? = nil)
    -> CommandOutcome
  {
    let request = ConvertRequest(
      path: kind == .compose ? "compose.yml" : "deploy.sh", kind: kind, options: ConversionOptions(),
      output: .diff, check: check, text: text, failOn: failOn)
    return ConvertCommand.run(
      request, environment: CommandEnvironment(stdoutIsTerminal: false, stderrIsTerminal: false, noColor: true))
  }

  @Test("status: fixed only when applied and nothing to review; needs review when applied or nothing to apply")
  func statusTable() {
    var finding = Finding(ruleID: "MG999", severity: .warning, message: "m", range: .at(0))
    #expect(finding.status == .remaining)
    finding.fix = .safe("Do it", .insert("x", at: 0))
    #expect(finding.status == .remaining)
    finding.fixed = true
    #expect(finding.status == .fixed && finding.isResolved)
    finding.review = "check it"
    #expect(finding.status == .needsReview && !finding.isResolved)
    finding.fixed = false
    // A fix that was not applied: `migrate` still has something to do, so it is remaining.
    #expect(finding.status == .remaining)
    finding.fix = nil
    // Nothing left to apply (the file is already converted): a person must decide.
    #expect(finding.status == .needsReview)
    #expect([finding].needsReview)
    #expect([finding].hasUnresolved(atLeast: .warning) && ![finding].hasUnresolved(atLeast: .error))
  }

  @Test("a socket-mounting compose service: path rewritten, verdict needs review in text, JSON and SARIF")
  func composeService() throws {
    let result = convert(Self.traefik)
    #expect(result.outputText.contains("- /run/podman/podman.sock:/var/run/docker.sock:ro"))
    #expect(result.outputText.contains("userns_mode: auto"))
    let socket = try socketFinding(result)
    #expect(socket.fixed && socket.status == .needsReview)
    #expect(socket.review?.contains("userns_mode: host") == true)

    let text = TextReporter.render(result)
    let line = try #require(text.split(separator: "\n").first { $0.contains("[MG104]") })
    #expect(line.hasSuffix("(needs review)") && !line.contains("(fixed)"))
    #expect(text.contains("\n  review: under `--userns=auto` the container's root cannot open the root-owned socket"))
    let fixed = result.findings.filter { $0.status == .fixed }.count
    #expect(text.contains("test.yml: \(result.findings.count) findings (\(fixed) fixed, 1 needs review, 0 remaining)"))

    let report = JSONReporter.report(BatchReport(single: result), options: ConversionOptions())
    let json = try #require(report.files.first?.findings.first { $0.rule == "MG104" })
    #expect(json.status == "needs-review" && !json.fixed && json.review == socket.review)
    #expect(report.summary.needsReview == 1 && report.summary.fixed == fixed && report.summary.remaining == 0)
    let decoded = try JSONDecoder().decode(
      JSONReporter.Report.self, from: Data(JSONReporter.render(report).utf8))
    #expect(decoded == report)

    let sarif = try #require(
      try JSONSerialization.jsonObject(with: Data(SARIFReporter.render(BatchReport(single: result)).utf8))
        as? [String: Any])
    let results = try #require((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
    let entry = try #require(results.first { $0["ruleId"] as? String == "MG104" })
    let properties = try #require(entry["properties"] as? [String: Any])
    #expect(properties["status"] as? String == "needs-review")
    #expect(properties["fixed"] as? Bool == false)
    #expect(properties["review"] as? String == socket.review)
    #expect(entry["level"] as? String == "error")
    #expect(((entry["message"] as? [String: Any])?["text"] as? String)?.contains("(needs review: ") == true)
    let other = try #require(results.first { $0["ruleId"] as? String == "MG103" })
    #expect((other["properties"] as? [String: Any])?["status"] as? String == "fixed")
  }

  @Test("a socket-mounting run line needs review too")
  func runLine() throws {
    let options = ConversionOptions()
    let result = Converter.convert(SourceFile(Self.runLine, path: "deploy.sh"), kind: .shell, options: options)
    #expect(
      result.outputText
        == "podman run --userns=auto -d -v /run/podman/podman.sock:/var/run/docker.sock docker.io/containrrr/watchtower\n"
    )
    #expect(try socketFinding(result).status == .needsReview)
    #expect(TextReporter.render(result).contains(", 1 needs review, 0 remaining)"))
  }

  @Test("--check and --fail-on see needs review: exit 1 even where nothing else is left")
  func exitStatus() {
    for (text, kind) in [(Self.traefik, InputKind.compose), (Self.runLine, .shell)] {
      #expect(check(text, kind: kind).exitCode == 1)
      #expect(check(text, kind: kind, check: false, failOn: .warning).exitCode == 1)
      #expect(check(text, kind: kind, check: false, failOn: .error).exitCode == 1, "MG104 is an error")
      #expect(check(text, kind: kind, check: false).exitCode == 0, "without a gate a finding does not fail")
    }
    // The same service opted out of the user namespace: the socket fix suffices.
    let host = Self.traefik.replacingOccurrences(of: "    ports:", with: "    userns_mode: host\n    ports:")
    let converted = convert(host)
    #expect(converted.findings.allSatisfy { $0.status == .fixed })
    #expect(check(converted.outputText).exitCode == 0)
    #expect(check(converted.outputText, check: false, failOn: .info).exitCode == 0)
  }

  @Test("the converted file still needs review: --check keeps failing until the service is decided")
  func convertedStillNeedsReview() throws {
    let once = convert(Self.traefik)
    let twice = convert(once.outputText)
    #expect(twice.output == once.output, "a second pass changes nothing")
    let socket = try socketFinding(twice)
    #expect(socket.fix == nil && socket.status == .needsReview)
    #expect(socket.message.contains("`/run/podman/podman.sock`"))
    #expect(twice.findings.count == 1)
    #expect(check(once.outputText).exitCode == 1)
    #expect(
      TextReporter.render(twice, summary: false).hasSuffix(
        "test.yml: 1 finding (0 fixed, 1 needs review, 0 remaining)\n"))
    // Deciding for `userns_mode: host` ends it.
    let decided = once.outputText.replacingOccurrences(of: "userns_mode: auto", with: "userns_mode: host")
    #expect(check(decided).exitCode == 0)
    #expect(!convert(decided).findings.contains { $0.ruleID == "MG104" })
  }

  @Test("rootless: the user's socket opens, unless the container has --userns=auto")
  func rootless() throws {
    let result = convert(Self.traefik, mode: .rootless)
    let socket = try socketFinding(result)
    #expect(socket.status == .fixed && socket.review == nil)
    #expect(result.outputText.contains("${XDG_RUNTIME_DIR}/podman/podman.sock:/var/run/docker.sock:ro"))
    let auto = Self.traefik.replacingOccurrences(of: "    ports:", with: "    userns_mode: auto\n    ports:")
    let withAuto = try socketFinding(convert(auto, mode: .rootless))
    #expect(withAuto.status == .needsReview)
    #expect(withAuto.review?.contains("does not map your UID") == true)
  }

  @Test("examples/compose.yml says its deriver needs review")
  func bundledExample() throws {
    let url = Paths.root.appendingPathComponent("examples/compose.yml")
    let bytes = try #require(FileManager.default.contents(atPath: url.path).map { [UInt8]($0) })
    let result = Converter.convert(
      SourceFile(path: "examples/compose.yml", bytes: bytes), kind: .compose, options: ConversionOptions())
    let text = TextReporter.render(result, summary: false)
    #expect(text.hasSuffix("examples/compose.yml: 10 findings (9 fixed, 1 needs review, 0 remaining)\n"))
    #expect(!text.split(separator: "\n").contains { $0.contains("[MG104]") && $0.contains("(fixed)") })
  }

  @Test("batch summary counts findings that need review apart from fixed ones")
  func batchSummary() {
    let result = convert(Self.traefik)
    let report = BatchReport(
      files: [BatchFile(path: "compose.yml", status: .converted, result: result)], skippedLinks: [], root: ".")
    let fixed = result.findings.filter { $0.status == .fixed }.count
    #expect(BatchReporter.summary(report).contains("), \(fixed) fixed, 1 need review\n"))
    let clean = BatchReport(
      files: [BatchFile(path: "compose.yml", status: .converted, result: convert("services:\n  a:\n    image: x\n"))],
      skippedLinks: [], root: ".")
    #expect(!BatchReporter.summary(clean).contains("need review"))
  }
}

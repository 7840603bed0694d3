import Foundation
import Testing

@testable import MigrateCore

@Suite("Reports")
struct ReportTests {
  func batch() -> BatchReport {
    let texts = [
      (
        "compose.yml", InputKind.compose,
        "services:\n  web:\n    image: nginx  # é\n    volumes:\n      - ./data:/data\n"
      ),
      ("deploy.sh", .shell, "docker run --gpus all -v ./d:/d -v /var/run/docker.sock:/var/run/docker.sock busybox\n"),
      ("broken.yml", .compose, "services:\n  a: [\n"),
    ]
    let files = texts.map { path, kind, text in
      let result = Converter.convert(SourceFile(path: path, text: text), kind: kind, options: ConversionOptions())
      return BatchFile(path: path, status: result.failed ? .failed : .converted, result: result)
    }
    return BatchReport(files: files, skippedLinks: [], root: ".")
  }

  @Test(
    "one reporter switch: a file is text lines, a batch adds the summary; JSON and SARIF report a file as a batch of one"
  )
  func reporterSwitch() throws {
    let report = batch()
    let file = try #require(report.files[1].result)
    let options = ConversionOptions()
    let text = Reporter.render(.file(file), format: .text, options: options, color: false)
    #expect(text.hasPrefix("deploy.sh:1:"))
    #expect(!text.contains("migrate batch:"))
    #expect(!text.contains("\u{1B}["))
    #expect(Reporter.render(.file(file), format: .text, options: options, color: true).contains("\u{1B}["))
    let batchText = Reporter.render(.batch(report), format: .text, options: options, color: false)
    #expect(
      batchText.contains("compose.yml:") && batchText.contains("broken.yml:")
        && batchText.contains("migrate batch: 3 files"))
    let json = Reporter.render(.file(file), format: .json, options: options, color: true)
    let decoded = try JSONDecoder().decode(JSONReporter.Report.self, from: Data(json.utf8))
    #expect(decoded.files.map(\.path) == ["deploy.sh"])
    #expect(json == Reporter.render(.batch(BatchReport(single: file)), format: .json, options: options, color: false))
    let sarif = Reporter.render(.batch(report), format: .sarif, options: options, color: true)
    #expect(sarif.contains("\"version\" : \"2.1.0\"") || sarif.contains("\"version\":\"2.1.0\""))
    #expect(!sarif.contains("\u{1B}["))
  }

  @Test("one failure path: what was printed stays, then `migrate: …` and exit status 2")
  func failurePath() {
    var outcome = CommandOutcome()
    outcome.stderr = Array("finding\n".utf8)
    let failed = outcome.failed(MigrateError.io(path: "a.yml", message: "cannot read"))
    #expect(String(decoding: failed.stderr, as: UTF8.self) == "finding\nmigrate: a.yml: cannot read\n")
    #expect(failed.exitCode == 2)
    #expect(CommandOutcome().failed("no compose file").exitCode == 2)
  }

  @Test("SARIF output validates against the SARIF 2.1.0 schema")
  func sarifSchema() throws {
    let sarif = SARIFReporter.render(batch())
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString).sarif")
    try Data(sarif.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let schema = Paths.shared.appendingPathComponent("schema/sarif-schema-2.1.0.json").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c",
      "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
      file.path, schema,
    ]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "SARIF does not validate (needs python3 with jsonschema: scripts/deps.sh)")
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    #expect(run["columnKind"] as? String == "unicodeCodePoints")
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.contains { ($0["fixes"] as? [Any])?.isEmpty == false })
    let rules = try #require(
      ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
    #expect(rules.count == RuleCatalog.metas.count)
    // The verdict is a property (SARIF's `kind: "review"` would force `level: "none"`).
    let socket = try #require(results.first { $0["ruleId"] as? String == "MG104" })
    #expect((socket["properties"] as? [String: Any])?["status"] as? String == "needs-review")
    #expect(socket["level"] as? String == "error")
  }

  @Test("JSON output round-trips through its documented model and is stable")
  func jsonRoundTrip() throws {
    let report = JSONReporter.report(batch(), options: ConversionOptions())
    let text = JSONReporter.render(report)
    let decoded = try JSONDecoder().decode(JSONReporter.Report.self, from: Data(text.utf8))
    #expect(decoded == report)
    #expect(JSONReporter.render(decoded) == text)
    #expect(report.files.map(\.status) == ["converted", "converted", "failed"])
    #expect(report.files[2].error?.line == 3)
    let image = try #require(report.files[0].findings.first { $0.rule == "MG103" })
    #expect(image.line == 3 && image.column == 12 && image.fixed)
    #expect(report.summary.failed == 1)
    let socket = try #require(report.files[1].findings.first { $0.rule == "MG104" })
    #expect(socket.status == "needs-review" && !socket.fixed && socket.review != nil)
    #expect(image.status == "fixed" && image.review == nil)
    let all = report.files.flatMap(\.findings)
    #expect(report.summary.needsReview == 1)
    #expect(report.summary.fixed == all.filter { $0.status == "fixed" }.count)
    #expect(report.summary.remaining == all.filter { $0.status == "remaining" }.count)
    #expect(report.summary.fixed + report.summary.needsReview + report.summary.remaining == all.count)
  }

  @Test("the JSON format document lists every field of the model")
  func documented() throws {
    let doc = try String(contentsOf: Paths.root.appendingPathComponent("docs/json-format.md"), encoding: .utf8)
    for field in [
      "version", "tool", "target", "podmanVersion", "mode", "files", "summary", "path", "kind", "status", "changed",
      "written", "error", "findings", "rule", "name", "severity", "message", "line", "column", "endLine", "endColumn",
      "startOffset", "endOffset", "fixed", "fix", "title", "applicability", "edits", "replacement", "usingDocker",
      "failed", "review", "needs-review", "remaining", "needsReview",
    ] {
      #expect(doc.contains("`\(field)`"), "docs/json-format.md does not document `\(field)`")
    }
  }
}

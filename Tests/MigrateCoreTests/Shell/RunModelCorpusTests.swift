import Foundation
import Testing

@testable import MigrateCore

/// Every `docker run`/`create` of the composerize corpus maps into the container model with the image, ports,
/// volumes, environment, restart policy and network that composerize's expected compose service has.
@Suite("Corpus: run lines map to the model as composerize maps them to compose")
struct RunModelCorpusTests {
  /// Cases left out, with why.
  static let exceptions: [String: String] = DockerRunCorpusTests.exceptions

  struct Mismatch: CustomStringConvertible {
    var id: String
    var field: String
    var expected: [String]
    var actual: [String]
    var description: String { "\(id) \(field): expected \(expected), got \(actual)" }
  }

  @Test("image, ports, volumes, environment, restart and network match expected_compose")
  func model() throws {
    let text = try String(contentsOfFile: DockerRunCorpusTests.corpusPath, encoding: .utf8)
    var mismatches: [Mismatch] = []
    var compared = 0
    for line in text.split(separator: "\n") {
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let id = object["id"] as? String, let command = object["command"] as? String,
        let expected = object["expected_compose"] as? String, object["expected_error"] as? String == nil
      else { continue }
      if Self.exceptions[id] != nil { continue }
      let script = try ScriptParser.parse(SourceFile(path: id, text: command), kind: .shell)
      let project = try ComposeParser.parse(SourceFile(path: "\(id).yml", text: expected))
      var services = project.services
      for container in script.commands.compactMap(\.container) {
        guard let image = container.image?.text,
          let index = services.firstIndex(where: { $0.image?.text == image })
        else {
          mismatches.append(
            Mismatch(
              id: id, field: "image", expected: services.compactMap(\.image?.text),
              actual: [container.image?.text ?? "-"]))
          continue
        }
        let service = services.remove(at: index)
        compared += 1
        func check(_ field: String, _ expected: [String], _ actual: [String]) {
          if expected != actual {
            mismatches.append(Mismatch(id: id, field: field, expected: expected, actual: actual))
          }
        }
        check("ports", service.container.ports.map(\.spec.text), container.ports.map(\.spec.text))
        // Short and long syntax alike: kind, source, target and read-only flag.
        func mount(_ m: Mount) -> String {
          "\(m.kind.rawValue) \(m.source?.text ?? "-") \(m.target?.text ?? "-")\(m.readOnly ? " ro" : "")"
        }
        check("volumes", service.container.mounts.map(mount), container.mounts.map(mount))
        check(
          "environment", service.container.environment.map(\.text),
          container.environment.map(\.text))
        check("restart", service.container.restart.map { [$0.text] } ?? [], container.restart.map { [$0.text] } ?? [])
        var network: [String] = []
        if let mode = service.container.networkMode?.text { network.append(mode) }
        network += service.container.networks.map(\.text)
        let actual = (container.networkMode.map { [$0.text] } ?? []) + container.networks.map(\.text)
        // composerize writes `--network host` as both `network_mode: host` and, for named networks, `networks:`.
        if !(actual.isEmpty && network.isEmpty) && !(actual.count == 1 && network.contains(actual[0])) {
          mismatches.append(Mismatch(id: id, field: "network", expected: network, actual: actual))
        }
      }
    }
    #expect(compared >= 38, "only \(compared) run lines compared")
    #expect(mismatches.isEmpty, "\(mismatches.map(\.description).joined(separator: "\n"))")
  }
}

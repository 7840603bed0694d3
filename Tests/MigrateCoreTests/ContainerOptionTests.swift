import Foundation
import Testing

@testable import MigrateCore

/// The option table (`ContainerOption.all`) and the emitters and parsers that read it.
@Suite("Container option table")
struct ContainerOptionTests {
  static let noble = ConversionOptions(target: .named(.noble), mode: .usernsAuto)

  static func runPlan(_ line: String, _ options: ConversionOptions = noble) throws -> ProjectPlan {
    try EmitPlanner.plan(SourceFile(path: "run.sh", text: line + "\n"), kind: .shell, options: options).plan
  }

  static func composePlan(_ text: String, _ options: ConversionOptions = noble) throws -> ProjectPlan {
    try EmitPlanner.plan(
      SourceFile(path: "/srv/app/compose.yaml", text: text), kind: .compose, options: options, folder: "/srv/app"
    ).plan
  }

  static func quadlet(_ plan: ProjectPlan, _ options: ConversionOptions = noble) throws -> String {
    let result = try UnitEmitter.emit(plan, options: options, source: "input")
    return try #require(result.files.first { $0.name.hasSuffix(".container") }).text
  }

  @Test("a network mode such as pasta is `network_mode:` in compose, as in units (drift fix)")
  func networkModeInCompose() throws {
    for mode in ["pasta", "slirp4netns:port_handler=slirp4netns", "private", "ns:/run/netns/x"] {
      let plan = try Self.runPlan("docker run -d --network \(mode) nginx")
      let compose = ComposeEmitter.emit(plan, options: Self.noble)
      #expect(compose.contains("    network_mode: \(YAMLQuote.scalar(mode))\n"), "\(mode):\n\(compose)")
      #expect(!compose.contains("networks:"), "\(mode):\n\(compose)")
      #expect(try Self.quadlet(plan).contains("Network=\(mode)\n"))
    }
    let named = ComposeEmitter.emit(try Self.runPlan("docker run -d --network backend nginx"), options: Self.noble)
    #expect(named.contains("    networks:\n      - backend\n"), "\(named)")
    #expect(named.contains("networks:\n  backend:\n    external: true\n"), "\(named)")
  }
}

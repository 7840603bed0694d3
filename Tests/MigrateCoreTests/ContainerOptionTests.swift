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

extension ContainerOptionTests {
  @Test("a literal `$` is `$$` in command:, the health check and the environment of --to compose, as in units (drift fix)")
  func dollarInCompose() throws {
    let line = "docker run -e 'GREETING=$HOME' --health-cmd 'pg_isready -U $POSTGRES_USER' postgres sh -c 'echo $HOME'"
    let plan = try Self.runPlan(line)
    let compose = ComposeEmitter.emit(plan, options: Self.noble)
    #expect(compose.contains("      - pg_isready -U $$POSTGRES_USER\n"), "\(compose)")
    #expect(compose.contains("    command: sh -c 'echo $$HOME'\n"), "\(compose)")
    #expect(compose.contains("      - GREETING=$$HOME\n"), "\(compose)")
    // Units write the same test and command, `$` escaped for systemd.
    let unit = try Self.quadlet(plan)
    #expect(unit.contains("HealthCmd=pg_isready -U $$POSTGRES_USER\n"), "\(unit)")
    #expect(unit.contains("Exec=sh -c \"echo $$HOME\"\n"), "\(unit)")
    // Read back, the compose file hands the container the same text the run line did.
    let back = try Self.composePlan(compose)
    let container = try #require(back.containers.first)
    #expect(container.health?.command == "pg_isready -U $POSTGRES_USER")
    #expect(container.command == ["sh", "-c", "echo $HOME"])
    #expect(container.environment == ["GREETING=$HOME"])
    // An expansion the host shell does stays a variable for compose to fill in.
    let expanded = ComposeEmitter.emit(try Self.runPlan("docker run -e TOKEN=$TOKEN alpine"), options: Self.noble)
    #expect(expanded.contains("      - TOKEN=$TOKEN\n"), "\(expanded)")
  }
}

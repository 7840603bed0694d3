import Foundation
import Testing

@testable import MigrateCore

/// `migrate capture` (#15): docker inspect output recorded from Debian's docker.io 20.10 engine
/// (`fixtures/capture/engine-20.10.json`: three containers, their images, a volume and a network).
@Suite("capture from docker inspect")
struct CaptureTests {
  static let inspect: DockerInspect = {
    let url = Paths.fixtures.appendingPathComponent("capture/engine-20.10.json")
    let bytes = (try? Data(contentsOf: url)).map { Array($0) } ?? []
    return (try? DockerInspect.decode(bytes, path: url.path)) ?? DockerInspect()
  }()

  func line(_ name: String) -> String {
    guard let container = Self.inspect.container(name) else { return "missing \(name)" }
    return CapturedRunLine(container, in: Self.inspect).text
  }

  @Test("the mixed inspect output is read by shape: containers in creation order, images, volumes, networks")
  func decodesByShape() {
    #expect(Self.inspect.containers.map(\.name) == ["app", "app2", "app3"])
    #expect(Self.inspect.images.count == 2)
    #expect(Self.inspect.volumes.map(\.name) == ["appdata"])
    #expect(Self.inspect.networks.map(\.name) == ["appnet"])
  }

  @Test("what the image and the engine filled in is left out; what the user gave is kept")
  func leavesOutDefaults() {
    // The image sets APP_HOME, PATH, USER 1000, WORKDIR /srv, a label, CMD and EXPOSE 8080.
    #expect(
      line("app")
        == "docker run -d --name app -e FOO=bar --restart unless-stopped -p 8080:80 -v appdata:/data "
        + "-v /tmp/dk/bind:/bind -v ec357e4685485a4b58d4ead1a0c635004005d65d5eb407b5400276d6afa7c1c4:/cache "
        + "example.com/app:1")
    #expect(line("app3") == "docker run -d --name app3 --network appnet -p 8081:80 busybox")
  }

  @Test("a captured container takes the same rules as a written one")
  func convertsThroughRules() {
    let outcome = CaptureCommand.run(
      CaptureRequest(
        source: ContainerSource(
          inspectPath: Paths.fixtures.appendingPathComponent("capture/engine-20.10.json").path, containers: ["app3"]),
        output: .podman, options: ConversionOptions(target: .named(.bookworm))),
      environment: CommandEnvironment(stdoutIsTerminal: false, stderrIsTerminal: false, noColor: true))
    let text = String(decoding: outcome.stdout, as: UTF8.self)
    #expect(outcome.exitCode == 0)
    #expect(text.contains("podman network create appnet\n"))
    #expect(
      text.contains("podman run --userns=auto -d --name app3 --network appnet -p 8081:80 docker.io/library/busybox\n"))
  }

  @Test("an unknown container, non-JSON and a non-inspect object are refused with the reason")
  func refusesBadInput() {
    #expect(throws: MigrateError.self) { try CapturedScript.select(Self.inspect, ["nosuch"]) }
    #expect(throws: MigrateError.self) { try DockerInspect.decode(Array("not json".utf8), path: "x.json") }
    #expect(throws: MigrateError.self) { try DockerInspect.decode(Array("[{\"a\": 1}]".utf8), path: "x.json") }
    #expect(throws: MigrateError.self) { try DockerInspect.decode([0xFF, 0xFE], path: "x.json") }
  }

  @Test("values docker stores in its own units come back in the flags' units")
  func units() {
    #expect(CapturedRunLine.bytesText(512 * 1024 * 1024) == "512m")
    #expect(CapturedRunLine.cpusText(1_500_000_000) == "1.5")
    #expect(CapturedRunLine.durationText(90_000_000_000) == "1m30s")
    #expect(CapturedRunLine.linkText("/db:/web/database") == "db:database")
    #expect(
      CapturedRunLine.portText(.init(containerPort: "53/udp", hostIP: "127.0.0.1", hostPort: "5353"))
        == "127.0.0.1:5353:53/udp")
  }

  @Test("printed lines take a secret from the environment; --show-secrets prints it")
  func secretsWithheld() throws {
    let json = """
      [{"Id": "0123456789abcdef", "Name": "/db", "Created": "2026-01-01T00:00:00Z",
        "Config": {"Image": "busybox", "Env": ["DB_PASSWORD=hunter2", "MODE=x", "PASSWORD_FILE=/run/secrets/p"]},
        "HostConfig": {}}]
      """
    let inspect = try DockerInspect.decode(Array(json.utf8), path: "inline")
    let container = try #require(inspect.container("db"))
    let withheld = CapturedRunLine(container, in: inspect, withholdSecrets: true)
    #expect(withheld.text == "docker run -d --name db -e DB_PASSWORD -e MODE=x -e PASSWORD_FILE=/run/secrets/p busybox")
    #expect(withheld.notes.contains { $0.contains("export DB_PASSWORD") })
    let script = CapturedScript.render(inspect, containers: [container], withholdSecrets: true)
    #expect(!script.contains("hunter2"))
    #expect(CapturedRunLine(container, in: inspect).text.contains("DB_PASSWORD=hunter2"))
  }
}

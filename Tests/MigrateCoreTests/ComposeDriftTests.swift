import Foundation
import Testing

@testable import MigrateCore

/// `migrate capture --drift` (#15): `fixtures/capture/proj/docker-compose.yml` against the containers
/// docker-compose 1.29 made from it (`fixtures/capture/compose-1.29.json`, recorded by `record-compose.sh`).
@Suite("drift between a compose file and what runs")
struct ComposeDriftTests {
  static let inspect: DockerInspect = {
    let url = Paths.fixtures.appendingPathComponent("capture/compose-1.29.json")
    let bytes = (try? Data(contentsOf: url)).map { Array($0) } ?? []
    return (try? DockerInspect.decode(bytes, path: url.path)) ?? DockerInspect()
  }()
  static let path = Paths.fixtures.appendingPathComponent("capture/proj/docker-compose.yml").path
  static let declared = (try? FileIO.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""

  static func drift(_ text: String) throws -> ComposeDrift {
    try ComposeDrift.compare(path: path, bytes: Array(text.utf8), inspect: inspect, variables: [:])
  }

  @Test("the file docker-compose brought up matches what runs")
  func noDrift() throws {
    #expect(Self.inspect.containers.count == 2)
    let drift = try Self.drift(Self.declared)
    #expect(drift.project == "proj")
    #expect(drift.compared == 2)
    #expect(drift.differences == [], "\(drift.text())")
    #expect(drift.text().hasSuffix("no drift: what runs is what \(Self.path) declares\n"))
  }

  @Test("each changed field is reported, declared against running")
  func changedFields() throws {
    let changed = Self.declared
      .replacingOccurrences(of: "MODE: prod", with: "MODE: staging")
      .replacingOccurrences(of: "18081:8080", with: "127.0.0.1:18082:8080")
      .replacingOccurrences(of: "restart: unless-stopped", with: "restart: always")
      .replacingOccurrences(of: "webdata:/data", with: "webdata:/var/data")
      .replacingOccurrences(of: "user: \"1000:1000\"", with: "user: \"1001\"")
      .replacingOccurrences(
        of: "image: registry.example/app:1\n    command: [", with: "image: registry.example/app:2\n    command: [")
    let drift = try Self.drift(changed)
    let fields = Dictionary(
      drift.differences.map { ("\($0.service) \($0.field)", ($0.declared, $0.running)) },
      uniquingKeysWith: { a, _ in a })
    #expect(fields["web environment MODE"]! == ("staging", "prod"))
    #expect(fields["web ports"]! == ("127.0.0.1:18082:8080", "18081:8080"))
    #expect(fields["web restart"]! == ("always", "unless-stopped"))
    #expect(fields["web user"]! == ("1001", "1000:1000"))
    #expect(fields["worker image"]! == ("registry.example/app:2", "registry.example/app:1"))
    #expect(fields["web mounts"]?.0?.contains("volume proj_webdata:/var/data:rw") == true)
    #expect(fields["web mounts"]?.1?.contains("volume proj_webdata:/data:rw") == true)
    #expect(drift.differences.count == 6)
  }

  @Test("a service with no container and a container with no service are drift")
  func declaredAndRunning() throws {
    let drift = try Self.drift(Self.declared.replacingOccurrences(of: "  worker:", with: "  cron:"))
    #expect(drift.differences.contains { $0.service == "cron" && $0.container == nil })
    #expect(drift.differences.contains { $0.service == "worker" && $0.container == "proj_worker_1" })
    #expect(drift.text().contains("service cron: declared, but no container runs it"))
  }

  @Test("secret-looking values are not printed")
  func secretsHidden() throws {
    let drift = try Self.drift(Self.declared.replacingOccurrences(of: "API_TOKEN: abc", with: "API_TOKEN: xyz"))
    let text = drift.text() + drift.json()
    #expect(text.contains("environment API_TOKEN: declared (a value), running (another value)"))
    #expect(!text.contains("xyz") && !text.contains("abc"))
  }

  @Test("references compare as Docker resolves them")
  func imageNames() {
    #expect(ComposeDrift.Context.normalizedImage("nginx") == "docker.io/library/nginx:latest")
    #expect(ComposeDrift.Context.normalizedImage("docker.io/library/nginx:latest") == "docker.io/library/nginx:latest")
    #expect(ComposeDrift.Context.normalizedImage("localhost:5000/app") == "localhost:5000/app:latest")
  }
}

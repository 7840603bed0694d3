import Foundation
import Testing

@testable import MigrateCore

#if canImport(Glibc)
  import Glibc
#endif

/// `migrate data` (#15): the inventory and the migration script, from the docker inspect output recorded from
/// docker.io 20.10 (`fixtures/capture/engine-20.10.json`). The script itself runs against a real dockerd and
/// podman in the end-to-end group `docker`; these tests pin what is generated.
@Suite("data inventory and migration script")
struct DataTests {
  static let inspect = CaptureTests.inspect

  /// Contents as if the folders were readable: `/data` holds uid 1234.
  static func scan(_ path: String) -> TreeScan? {
    var scan = TreeScan()
    scan.entries = 3
    scan.bytes = 2048
    scan.owners = ["1000:1000"]
    scan.maxID = path.hasSuffix("appdata/_data") ? 1234 : 1000
    return scan
  }

  static func inventory(_ names: [String] = []) throws -> (DataInventory, [InspectedContainer]) {
    let containers = try CapturedScript.select(inspect, names)
    return (DataInventory(inspect, containers: containers, scan: scan), containers)
  }

  static func script(_ names: [String] = [], mode: RunMode = .usernsAuto, user: String? = nil) throws -> String {
    let (inventory, containers) = try inventory(names)
    let captured = CapturedScript.render(inspect, containers: containers, verb: "create")
    let options = ConversionOptions(target: .named(.bookworm), mode: mode)
    let result = Converter.convert(
      SourceFile(path: "<captured>", bytes: Array(captured.utf8)), kind: .shell, options: options)
    return try DataScript(
      inspect: inspect, containers: containers, inventory: inventory,
      converted: String(decoding: result.output, as: UTF8.self), mode: mode, rootlessUser: user,
      stateDirectory: "/var/tmp/state"
    ).render()
  }

  @Test("the inventory lists each volume, bind folder and image once, with who uses it")
  func inventoryUses() throws {
    let (inventory, _) = try Self.inventory()
    #expect(inventory.containers.map(\.name) == ["app", "app2", "app3"])
    let appdata = try #require(inventory.volumes.first { $0.name == "appdata" })
    #expect(appdata.users.map(\.container).sorted() == ["app", "app2"] || appdata.users.map(\.container) == ["app"])
    #expect(!appdata.anonymous)
    #expect(inventory.volumes.contains { $0.anonymous && $0.users.first?.destination == "/cache" })
    #expect(inventory.binds.map(\.source).contains("/tmp/dk/bind"))
    let image = try #require(inventory.images.first { $0.tags.contains("example.com/app:1") })
    #expect(image.users.contains("app"))
    #expect(image.size > 0)
    let text = inventory.text()
    #expect(text.contains("appdata\n    at /"))
    #expect(text.contains("owners 1000:1000"))
    let json = try JSONSerialization.jsonObject(with: Data(inventory.json().utf8)) as? [String: Any]
    #expect((json?["volumes"] as? [Any])?.count == inventory.volumes.count)
  }

  @Test("steps come in an order that can be resumed: images, volumes, owners, stage, containers, fill")
  func stepOrder() throws {
    let text = try Self.script(["app"])
    let steps = text.split(separator: "\n").filter { $0.hasPrefix("step ") }.map {
      String($0.dropFirst(5).prefix { $0 != "-" })
    }
    #expect(steps == ["image", "volume", "volume", "owners", "stage", "stage", "container", "fill", "fill"])
    #expect(text.contains("TOTAL=\(steps.count)\n"))
    #expect(text.contains("source_container app "))
    // The container is created by its converted line, labelled as ours, never started.
    #expect(text.contains("podman_ create --label \"io.migrate.data=$ID\" --userns=auto"))
    #expect(!text.contains("podman_ start") && !text.contains("podman_ run "))
  }

  @Test("a volume holding IDs beyond 1024 gets a user namespace that covers them")
  func userNamespaceSize() throws {
    let text = try Self.script(["app"])
    #expect(text.contains("--userns=auto:size=2048"))
  }

  @Test("the script parses as bash, and shellcheck has nothing to say about it")
  func scriptIsValidBash() throws {
    for (mode, user) in [(RunMode.usernsAuto, nil), (.rootless, "app")] as [(RunMode, String?)] {
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("data-\(getpid())-\(mode).sh").path
      try Self.script(mode: mode, user: user).write(toFile: path, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(atPath: path) }
      #expect(CommandRunner.run(["bash", "-n", path])?.status == 0)
      if let check = CommandRunner.run(["shellcheck", "-s", "bash", path]), check.status != 127 {
        #expect(check.status == 0, "\(String(decoding: check.stdout, as: UTF8.self))")
      }
    }
  }

  @Test("rootless moves go to the named user's podman, through its namespace")
  func rootless() throws {
    let text = try Self.script(mode: .rootless, user: "app")
    #expect(text.contains("PODMAN_USER=${PODMAN_USER-app}"))
    #expect(!text.contains("io.migrate.data=$ID\" --userns=auto"))
    #expect(text.contains("podman_ create --label \"io.migrate.data=$ID\" --name app"))
  }

  @Test("the rollback note names what the script makes, and Docker's data is never removed")
  func rollbackAndNoDeletion() throws {
    let text = try Self.script()
    #expect(text.contains("# Rollback:"))
    #expect(text.contains("podman volume rm $(podman volume ls -q --filter label=io.migrate.data="))
    for line in text.split(separator: "\n") where line.contains("docker_ ") {
      for verb in ["rm", "rmi", "volume rm", "system prune", "image rm", "container rm"] {
        #expect(!line.contains("docker_ \(verb) "), "the script removes Docker's data: \(line)")
      }
    }
  }

  @Test("the converted text is cut by the captured comments")
  func sections() {
    let text = """
      #!/bin/sh
      podman network create appnet

      # container web (0123456789ab), running
      # note: something
      podman create --name web x

      # container db (0123456789ac), stopped
      podman create --name db y
      """
    let cut = DataScript.sections(text)
    #expect(cut.networks == ["podman network create appnet"])
    #expect(cut.containers == ["web": "podman create --name web x", "db": "podman create --name db y"])
  }

  @Test("a tree is read without following links: hard-linked bytes once, the largest ID, set-ID files")
  func treeScan() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(getpid())").path
    try? FileManager.default.removeItem(atPath: root)
    try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    try Data(repeating: 1, count: 1000).write(to: URL(fileURLWithPath: root + "/a"))
    #expect(link(root + "/a", root + "/sub/b") == 0)
    #expect(symlink("/etc", root + "/l") == 0)
    #expect(chmod(root + "/a", 0o4755) == 0)
    #expect(lchown(root + "/l", 4321, 4321) == 0 || getuid() != 0)
    let scan = try #require(TreeScan.scan(root))
    #expect(scan.entries == 5)
    #expect(scan.bytes == 1000)
    #expect(scan.hardLinked == 2)
    #expect(scan.setID == 2)
    if getuid() == 0 { #expect(scan.maxID == 4321) }
    #expect(TreeScan.scan(root + "/a") == nil)
    #expect(TreeScan.sizeText(1536) == "1.5 KiB")
  }

  @Test("migrate data prints the inventory and writes the script mode 0700, atomically")
  func command() throws {
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("move-\(getpid()).sh").path
    defer { try? FileManager.default.removeItem(atPath: script) }
    let source = ContainerSource(inspectPath: Paths.fixtures.appendingPathComponent("capture/engine-20.10.json").path)
    let environment = CommandEnvironment(stdoutIsTerminal: false, stderrIsTerminal: false, noColor: true)
    let outcome = DataCommand.run(
      DataRequest(source: source, options: ConversionOptions(target: .named(.bookworm)), scriptPath: script),
      environment: environment)
    #expect(outcome.exitCode == 0, "\(String(decoding: outcome.stderr, as: UTF8.self))")
    #expect(String(decoding: outcome.stdout, as: UTF8.self).hasPrefix("Containers (3):"))
    var info = stat()
    #expect(stat(script, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o700)
    let rootless = DataCommand.run(
      DataRequest(
        source: source, options: ConversionOptions(target: .named(.bookworm), mode: .rootless), scriptPath: script),
      environment: environment)
    #expect(rootless.exitCode == 2)
    #expect(String(decoding: rootless.stderr, as: UTF8.self).contains("--rootless-user"))
  }
}

import Foundation
import Testing

@testable import MigrateCore

@Suite("Host prerequisites")
struct PrereqTests {
  /// Every target in both modes.
  static let combinations: [(TargetProfile.Name, RunMode)] = TargetProfile.Name.allCases.flatMap { target in
    RunMode.allCases.map { (target, $0) }
  }

  func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  @Test("baseline scripts match their goldens and are valid shell", arguments: PrereqTests.combinations.indices)
  func golden(index: Int) throws {
    let (target, mode) = Self.combinations[index]
    let script = PrereqPlanner.script(PrereqPlanner.steps(target, mode, needs: .baseline), target: target, mode: mode)
    let name = "\(target.rawValue)-\(mode.rawValue).sh"
    let check = matchesGolden(script, Paths.fixtures.appendingPathComponent("prereqs/\(name)"))
    #expect(check.ok, "\(check.message)")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString)-\(name)")
    try Data(script.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    #expect(try run("bash", ["-n", file.path]) == 0)
    #expect(try run("shellcheck", [file.path]) == 0, "shellcheck (scripts/deps.sh installs it) reports problems")
  }

  @Test(
    "host-file steps run against a temporary root, and a second run changes nothing",
    arguments: PrereqTests.combinations.indices)
  func temporaryRoot(index: Int) throws {
    let (target, mode) = Self.combinations[index]
    var needs = HostNeeds.baseline
    needs.lowestPrivilegedPort = 443
    let script = PrereqPlanner.script(PrereqPlanner.steps(target, mode, needs: needs), target: target, mode: mode)
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-root-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let file = root.appendingPathComponent("prepare.sh")
    try Data(script.utf8).write(to: file)
    let environment = ["ROOT": root.path + "/host", "MIGRATE_USER": "alice"]
    #expect(try run("bash", [file.path], environment: environment) == 0)
    func tree() throws -> [String: Data] {
      var files: [String: Data] = [:]
      let base = root.appendingPathComponent("host")
      for case let path as String in FileManager.default.enumerator(atPath: base.path)?.allObjects ?? [] {
        var isDirectory: ObjCBool = false
        let url = base.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
          files[path] = try Data(contentsOf: url)
        }
      }
      return files
    }
    let first = try tree()
    let subuid = String(decoding: first["etc/subuid"] ?? Data(), as: UTF8.self)
    #expect(subuid == (mode == .rootless ? "alice:100000:65536\n" : "containers:2147483647:2147483648\n"))
    #expect((first["etc/sysctl.d/90-migrate-ports.conf"] != nil) == (mode == .rootless))
    #expect((first["etc/containers/storage.conf"] != nil) == (target == .focal && mode == .rootless))
    #expect(try run("bash", [file.path], environment: environment) == 0)
    #expect(try tree() == first, "the second run changed host files")
  }

  @Test("steps are tailored to what the files use")
  func tailored() throws {
    var needs = HostNeeds()
    let bare = PrereqPlanner.steps(.jammy, .usernsAuto, needs: needs).map(\.title)
    #expect(!bare.contains { $0.contains("podman-compose") || $0.contains("socket") || $0.contains("boot") })
    needs.socketMount = true
    needs.composeFiles = true
    needs.lowestPrivilegedPort = 80
    let root = PrereqPlanner.steps(.jammy, .usernsAuto, needs: needs).map(\.title)
    #expect(root.contains { $0.contains("podman-compose") } && root.contains { $0.contains("API socket") })
    #expect(!root.contains { $0.contains("unprivileged") }, "the port sysctl is for rootless mode only")
    let rootless = PrereqPlanner.steps(.jammy, .rootless, needs: needs).map(\.title)
    #expect(rootless.contains("Allow unprivileged binds from port 80"))

    let source = SourceFile(
      path: "compose.yml",
      text: "services:\n  web:\n    image: nginx\n    ports: [\"443:443\", \"8080:80\"]\n    restart: always\n")
    let result = Converter.convert(source, kind: .compose, options: ConversionOptions(mode: .rootless))
    let scanned = HostNeeds.of(BatchReport(single: result), options: ConversionOptions(mode: .rootless))
    #expect(scanned.composeFiles && scanned.restartPolicies && !scanned.socketMount)
    #expect(scanned.lowestPrivilegedPort == 443)
    #expect(scanned.extraControllers.isEmpty)
  }

  @Test("prereqs read the converted model, not finding messages: scripts that run compose in any spelling")
  func composeScripts() throws {
    for line in ["docker compose up -d", "docker-compose up -d", "podman-compose up -d", "podman compose up -d"] {
      let result = Converter.convert(SourceFile(path: "up.sh", text: line + "\n"), kind: .shell, options: .init())
      #expect(result.model?.runsCompose == true, "\(line)")
      #expect(HostNeeds.of(BatchReport(single: result), options: .init()).composeFiles, "\(line)")
    }
    let run = Converter.convert(
      SourceFile(path: "run.sh", text: "docker run -d nginx\n"), kind: .shell, options: .init())
    #expect(run.model?.runsCompose == false)
    #expect(!HostNeeds.of(BatchReport(single: run), options: .init()).composeFiles)
    // The model is the output's: the container there already has the user namespace the fix added.
    #expect(run.model?.containers.first?.userns?.text == "auto")
    #expect(run.model?.containers.first?.image?.text == "docker.io/library/nginx")
    let broken = Converter.convert(SourceFile(path: "c.yml", text: "services: [\n"), kind: .compose, options: .init())
    #expect(broken.model == nil)
  }

  @Test("name resolution between containers: the dnsname plugin on CNI targets only")
  func containerDNS() throws {
    func needs(_ text: String, _ kind: InputKind) -> HostNeeds {
      let result = Converter.convert(SourceFile(path: "f", text: text), kind: kind, options: ConversionOptions())
      return HostNeeds.of(BatchReport(single: result), options: ConversionOptions())
    }
    let two = needs("services:\n  web:\n    image: nginx\n  db:\n    image: redis\n", .compose)
    #expect(two.containerDNS)
    #expect(!needs("services:\n  web:\n    image: nginx\n", .compose).containerDNS)
    #expect(needs("docker run --network backend redis\n", .shell).containerDNS)
    #expect(!needs("docker run --network host redis\ndocker run --net=container:db redis\n", .shell).containerDNS)
    let title = "Install the CNI dnsname plugin"
    let jammy = PrereqPlanner.steps(.jammy, .usernsAuto, needs: two).first { $0.title == title }
    #expect(jammy?.commands.joined().contains("golang-github-containernetworking-plugin-dnsname") == true)
    let focal = PrereqPlanner.steps(.focal, .rootless, needs: two).first { $0.title == title }
    #expect(focal?.commands.joined().contains("podman-plugins") == true)
    #expect(!PrereqPlanner.steps(.noble, .usernsAuto, needs: two).contains { $0.title == title }, "aardvark-dns")
    #expect(!PrereqPlanner.steps(.bookworm, .usernsAuto, needs: two).contains { $0.title == title })
  }

  @Test("rootless cpu/io limits on cgroup v2 get controller delegation; memory and pids need none")
  func delegation() throws {
    let text =
      "services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    deploy:\n      resources:\n        limits:\n          cpus: '0.5'\n"
    let options = ConversionOptions(mode: .rootless)
    let result = Converter.convert(SourceFile(path: "compose.yml", text: text), kind: .compose, options: options)
    let needs = HostNeeds.of(BatchReport(single: result), options: options)
    #expect(needs.extraControllers == ["cpu"])
    let title = "Delegate the cpu, cpuset and io cgroup controllers to users"
    #expect(PrereqPlanner.steps(.jammy, .rootless, needs: needs).contains { $0.title == title })
    #expect(!PrereqPlanner.steps(.focal, .rootless, needs: needs).contains { $0.title == title }, "cgroup v1")
    #expect(!PrereqPlanner.steps(.jammy, .usernsAuto, needs: needs).contains { $0.title == title })
    var memoryOnly = HostNeeds()
    memoryOnly.restartPolicies = true
    #expect(!PrereqPlanner.steps(.noble, .rootless, needs: memoryOnly).contains { $0.title == title })
  }
}

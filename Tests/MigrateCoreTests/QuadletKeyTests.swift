import Foundation
import Testing

@testable import MigrateCore

/// The Quadlet key table (`QuadletKey`) and the Quadlet family the unit emitter writes from it: every emitted
/// Quadlet file of the rich fixtures, for every target and podman release, holds only keys, file types and
/// values the target's Quadlet reads; per-target goldens of `fixtures/emit/quadlet/` (`MIGRATE_RECORD=1`
/// re-records them and fails, so they are reviewed).
@Suite("Quadlet key table")
struct QuadletKeyTests {
  static let directory = Paths.fixtures.appendingPathComponent("emit").appendingPathComponent("quadlet")

  /// Every target, then `--podman-version` on trixie for the releases that changed Quadlet most.
  static let profiles: [(label: String, target: TargetProfile)] =
    TargetProfile.Name.allCases.map { ($0.rawValue, TargetProfile.named($0)) }
    + [(4, 4), (4, 8), (5, 0), (5, 2), (5, 8)].map { major, minor in
      var target = TargetProfile.named(.trixie)
      target.podman = PodmanVersion(major, minor)
      return ("podman-\(major).\(minor)", target)
    }

  /// The rich inputs: per-target goldens, the emitters' rich and secrets cases, and the Quadlet family case.
  static let inputs = [
    "targets/compose/input.yml", "emit/rich/compose.yaml", "emit/rich/runlines.sh", "emit/secrets/compose.yaml",
    "emit/quadlet/compose.yaml",
  ]

  static func emit(_ input: String, _ target: TargetProfile, _ mode: RunMode = .usernsAuto) throws
    -> UnitEmitter.Result
  {
    let url = Paths.fixtures.appendingPathComponent(input)
    let bytes = try #require(FileManager.default.contents(atPath: url.path).map { [UInt8]($0) })
    let kind = try #require(Converter.detectKind(path: url.lastPathComponent, bytes: bytes))
    let options = ConversionOptions(target: target, mode: mode)
    var plan = try EmitPlanner.plan(SourceFile(path: url.lastPathComponent, bytes: bytes), kind: kind, options: options)
      .plan
    plan.baseDirectory = "/srv/gallery"
    return try UnitEmitter.emit(plan, options: options, source: url.lastPathComponent)
  }

  // MARK: the table

  @Test("each key once per section; releases in order; every Quadlet release is used")
  func tableShape() {
    var seen: Set<String> = []
    for key in QuadletKey.all {
      #expect(seen.insert("\(key.section.rawValue)/\(key.key)").inserted, "\(key) twice")
      #expect(key.since.introduced >= PodmanFeature.quadlet.introduced, "\(key) before Quadlet existed")
    }
    let releases = Set(QuadletKey.all.map(\.since) + QuadletKey.fileTypes.map(\.since))
    for feature in PodmanFeature.allCases where feature.rawValue.hasPrefix("quadletKeys") {
      #expect(releases.contains(feature), "\(feature) names no key")
    }
    // The research's 4.4 base set, and a few keys whose release the emitters depend on.
    for (section, key, version) in [
      (QuadletKey.Section.container, "RemapUsers", PodmanVersion(4, 4)), (.container, "UserNS", PodmanVersion(4, 5)),
      (.container, "Notify", PodmanVersion(4, 4)), (.container, "Pod", PodmanVersion(5, 0)),
      (.container, "AddHost", PodmanVersion(5, 3)), (.container, "NetworkAlias", PodmanVersion(5, 2)),
      (.container, "Memory", PodmanVersion(5, 5)), (.container, "StopSignal", PodmanVersion(5, 2)),
      (.container, "LogOpt", PodmanVersion(5, 2)), (.pod, "PublishPort", PodmanVersion(5, 0)),
      (.pod, "UserNS", PodmanVersion(5, 3)), (.build, "BuildArg", PodmanVersion(5, 7)),
      (.build, "ImageTag", PodmanVersion(5, 2)), (.image, "Image", PodmanVersion(4, 8)),
      (.volume, "VolumeName", PodmanVersion(4, 7)), (.network, "NetworkName", PodmanVersion(4, 7)),
    ] {
      #expect(QuadletKey.entry(section, key)?.since.introduced == version, "[\(section.rawValue)] \(key)")
    }
  }

  @Test("the checker finds keys, values, sections and file types the target lacks")
  func checkerCanFail() throws {
    let noble = TargetProfile.named(.noble)
    func problems(_ name: String, _ text: String) throws -> [String] {
      try QuadletKey.problems(name: name, text: text, target: noble)
    }
    #expect(try problems("a.container", "[Container]\nImage=x\nNotify=true\n").isEmpty)
    #expect(try problems("a.container", "[Container]\nImage=x\nMemory=1g\n").count == 1)
    #expect(try problems("a.container", "[Container]\nImage=x\nNotify=healthy\n").count == 1)
    #expect(try problems("a.container", "[Container]\nImage=a.build\n").count == 1)
    #expect(try problems("a.container", "[Container]\nImage=x\nBogus=1\n").count == 1)
    #expect(try problems("a.container", "[Pod]\nPodName=p\n").count == 2)
    #expect(try problems("a.pod", "[Pod]\nPodName=p\n").count == 2)
    #expect(try problems("a.service", "[Service]\nMemory=1g\n").isEmpty)
    #expect(try problems("a.container", "[Container]\nImage=x\n[Bogus]\nA=b\n").count == 1)
  }

  // MARK: the walk

  @Test("no emitted Quadlet key, value or file type is newer than the target's podman", arguments: inputs)
  func walk(_ input: String) throws {
    var families: Set<String> = []
    for (label, target) in Self.profiles {
      for mode in RunMode.allCases {
        let result = try Self.emit(input, target, mode)
        for file in result.files {
          let problems = try QuadletKey.problems(name: file.name, text: file.text, target: target)
          #expect(problems.isEmpty, "\(input) for \(label) \(mode.rawValue):\n\(problems.joined(separator: "\n"))")
          if let type = QuadletKey.fileType(of: file.name) {
            #expect(target.supports(.quadlet), "\(file.name) for \(label)")
            families.insert(type.suffix)
          } else {
            #expect(file.name.hasSuffix(".service") && !target.supports(.quadlet), "\(file.name) for \(label)")
          }
        }
      }
    }
    if input == "emit/quadlet/compose.yaml" {
      #expect(families == [".container", ".network", ".volume", ".pod", ".build", ".image"])
    }
  }

  // MARK: goldens

  @Test("units of the Quadlet family fixture, per target and podman release", arguments: profiles.map(\.label))
  func goldens(_ label: String) throws {
    let target = try #require(Self.profiles.first { $0.label == label }).target
    let modes: [RunMode] = label == "resolute" || label == "rhel10" ? [.usernsAuto, .rootless] : [.usernsAuto]
    for mode in modes {
      let result = try Self.emit("emit/quadlet/compose.yaml", target, mode)
      let name = mode == .usernsAuto ? "units-\(label).txt" : "units-\(label)-\(mode.rawValue).txt"
      let url = Self.directory.appendingPathComponent("expected").appendingPathComponent(name)
      let check = matchesGolden(EmitCommand.render(result.files) + "\n" + result.install, url)
      #expect(check.ok, "\(check.message)")
    }
  }

  // MARK: behaviour per release

  static func files(_ target: TargetProfile) throws -> [String: UnitFile] {
    Dictionary(
      uniqueKeysWithValues: try Self.emit("emit/quadlet/compose.yaml", target).files.map {
        ($0.name, try UnitFile.parse($0.text))
      })
  }

  static func podman(_ major: Int, _ minor: Int) -> TargetProfile {
    var target = TargetProfile.named(.trixie)
    target.podman = PodmanVersion(major, minor)
    return target
  }

  @Test("a shared network namespace is a pod from 5.0: ports, networks and user namespace move to it")
  func pods() throws {
    let new = try Self.files(Self.podman(5, 0))
    let pod = try #require(new["gallery.pod"])
    #expect(pod.values("Pod", "PodName") == ["gallery"])
    #expect(pod.values("Pod", "PublishPort") == ["51820:51820/udp"])
    #expect(pod.values("Pod", "Network") == ["gallery-back.network"])
    // 5.0 has no [Pod] UserNS=, AddHost= or NetworkAlias=: podman's own options.
    #expect(
      pod.values("Pod", "PodmanArgs") == [
        "--userns=auto --network-alias=vpn --add-host=queue.internal:10.0.0.30 --dns=10.0.0.53 --share=net"
      ])
    for member in ["gallery-vpn.container", "gallery-worker.container"] {
      let unit = try #require(new[member])
      #expect(unit.values("Container", "Pod") == ["gallery.pod"])
      for key in ["PublishPort", "Network", "UserNS", "AddHost", "DNS", "PodmanArgs"] {
        #expect(unit.values("Container", key).isEmpty, "\(member) \(key)")
      }
    }
    let later = try #require(try Self.files(Self.podman(5, 3))["gallery.pod"])
    #expect(later.values("Pod", "UserNS") == ["auto"] && later.values("Pod", "AddHost") == ["queue.internal:10.0.0.30"])
    #expect(later.values("Pod", "PodmanArgs") == ["--share=net"])
    // Before 5.0: no pod; the worker joins the vpn container's namespace and needs it running.
    let old = try Self.files(.named(.noble))
    #expect(old["gallery.pod"] == nil)
    let worker = try #require(old["gallery-worker.container"])
    #expect(worker.values("Container", "Network") == ["container:gallery_vpn"])
    #expect(worker.values("Unit", "Requires") == ["gallery-vpn.service"])
    #expect(worker.values("Container", "Pod").isEmpty)
  }

  @Test("run lines that share a network namespace are a pod too, named after the owner")
  func runLinePod() throws {
    let text = """
      docker run -d --name vpn -p 51820:51820/udp alpine sleep infinity
      docker run -d --name worker --network container:vpn busybox sleep 1000

      """
    let options = ConversionOptions(target: .named(.trixie), mode: .usernsAuto)
    let plan = try EmitPlanner.plan(SourceFile(path: "up.sh", text: text), kind: .shell, options: options).plan
    let files = try UnitEmitter.emit(plan, options: options, source: "up.sh").files
    #expect(files.map(\.name) == ["vpn_pod.pod", "vpn.container", "worker.container"])
    let pod = try UnitFile.parse(try #require(files.first).text)
    #expect(pod.values("Pod", "PodName") == ["vpn_pod"] && pod.values("Pod", "PublishPort") == ["51820:51820/udp"])
    for file in files.dropFirst() {
      let unit = try UnitFile.parse(file.text)
      #expect(unit.values("Container", "Pod") == ["vpn_pod.pod"], "\(file.name)")
      #expect(unit.values("Container", "PublishPort").isEmpty && unit.values("Container", "Network").isEmpty)
    }
  }

  @Test("build: is a .build unit from 5.2, with BuildArg= from 5.7")
  func builds() throws {
    let old = try Self.files(Self.podman(5, 0))
    #expect(old["gallery-web.build"] == nil)
    #expect(old["gallery-web.container"]?.values("Container", "Image") == ["localhost/gallery-web:latest"])
    let middle = try Self.files(.named(.trixie))
    let build = try #require(middle["gallery-web.build"])
    #expect(build.values("Build", "ImageTag") == ["localhost/gallery-web:latest"])
    #expect(build.values("Build", "SetWorkingDirectory") == ["/srv/gallery/web"])
    #expect(build.values("Build", "File") == ["/srv/gallery/web/Containerfile.prod"])
    #expect(build.values("Build", "Target") == ["runtime"])
    #expect(build.values("Build", "BuildArg").isEmpty)
    #expect(build.values("Build", "PodmanArgs") == ["--build-arg=NODE_ENV=production --build-arg=COMMIT=abc123"])
    #expect(middle["gallery-web.container"]?.values("Container", "Image") == ["gallery-web.build"])
    let new = try #require(try Self.files(.named(.resolute))["gallery-web.build"])
    #expect(new.values("Build", "BuildArg") == ["NODE_ENV=production", "COMMIT=abc123"])
    #expect(new.values("Build", "PodmanArgs").isEmpty)
  }

  @Test(".image only for pull_policy: always, from 4.8")
  func images() throws {
    let new = try Self.files(Self.podman(4, 8))
    #expect(new.keys.filter { $0.hasSuffix(".image") } == ["gallery-proxy.image"])
    #expect(new["gallery-proxy.image"]?.values("Image", "Image") == ["docker.io/library/nginx:1.27"])
    let proxy = try #require(new["gallery-proxy.container"])
    #expect(proxy.values("Container", "Image") == ["gallery-proxy.image"])
    #expect(proxy.values("Container", "Pull").isEmpty)
    let old = try Self.files(Self.podman(4, 7))
    #expect(!old.keys.contains { $0.hasSuffix(".image") })
    #expect(old["gallery-proxy.container"]?.values("Container", "Pull") == ["always"])
  }

  @Test("Notify=healthy from 5.0 on a service others wait on with service_healthy")
  func notifyHealthy() throws {
    let new = try Self.files(Self.podman(5, 0))
    #expect(new["gallery-db.container"]?.values("Container", "Notify") == ["healthy"])
    #expect(new["gallery-web.container"]?.values("Container", "Notify") == [])
    #expect(new["gallery-web.container"]?.values("Unit", "Requires") == ["gallery-db.service"])
    let old = try Self.emit("emit/quadlet/compose.yaml", .named(.noble)).files
    let db = try #require(old.first { $0.name == "gallery-db.container" })
    #expect(try UnitFile.parse(db.text).values("Container", "Notify").isEmpty)
    #expect(db.text.contains("has no Notify=healthy (5.0): `web` waits"))
  }

  @Test("4.4 says the user namespace with RemapUsers=; names of networks and volumes need 4.7")
  func firstQuadlet() throws {
    let files = try Self.files(Self.podman(4, 4))
    let db = try #require(files["gallery-db.container"])
    #expect(db.values("Container", "RemapUsers") == ["auto"] && db.values("Container", "UserNS").isEmpty)
    #expect(files["gallery-dbdata.volume"]?.values("Volume", "VolumeName") == [])
    #expect(files["gallery-back.network"]?.values("Network", "NetworkName") == [])
    let rootless = try Self.emit("emit/quadlet/compose.yaml", Self.podman(4, 4), .rootless).files
    #expect(rootless.allSatisfy { !$0.text.contains("RemapUsers=") })
  }
}

extension QuadletKeyTests {
  /// The Quadlet generators `Tests/E2E/setup.sh` unpacks (Debian trixie's and sid's podman), with their version.
  static func generators() -> [(path: String, version: PodmanVersion)] {
    let state = ProcessInfo.processInfo.environment["E2E_STATE"] ?? "/tmp/migrate-e2e"
    return ["trixie", "sid"].compactMap { suite in
      let folder = "\(state)/quadlet/\(suite)"
      guard FileManager.default.isExecutableFile(atPath: folder + "/quadlet"),
        let text = FileManager.default.contents(atPath: folder + "/version").map({ String(decoding: $0, as: UTF8.self) }
        ),
        let version = PodmanVersion(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
      else { return nil }
      return (folder + "/quadlet", version)
    }
  }

  /// Each key of the table alone in a file of its type: the generator refuses it exactly when the key is newer
  /// than the generator's podman (docs/verified-facts.md 17). Runs where setup.sh has unpacked the generators
  /// (CI runs it before the tests); the e2e group `quadlet` runs them on every emitted file.
  @Test("the key table agrees with the real Quadlet generators")
  func tableAgreesWithGenerators() throws {
    for generator in Self.generators() {
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quadlet-keys-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      var names: [String: QuadletKey] = [:]
      for key in QuadletKey.all where key.section != .kube {
        let type =
          key.section == .quadlet
          ? ".container"
          : try #require(
            QuadletKey.fileTypes.first { $0.section == key.section }
          ).suffix
        let required: [String: String] = [".container": "Image", ".image": "Image", ".build": "ImageTag"]
        var text = key.section == .quadlet ? "[Container]\nImage=x\n[Quadlet]\n" : "[\(key.section.rawValue)]\n"
        text += "\(key.key)=x\n"
        if let other = required[type], other != key.key || key.section == .quadlet { text += "\(other)=x\n" }
        if key.section == .quadlet { text = "[Quadlet]\n\(key.key)=false\n[Container]\nImage=x\n" }
        let name = "k-\(key.section.rawValue)-\(key.key)\(type)"
        names[name] = key
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
      }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: generator.path)
      process.arguments = ["-dryrun", "-no-kmsg-log"]
      process.environment = ["QUADLET_UNIT_DIRS": folder.path, "PATH": "/usr/bin:/bin"]
      let pipe = Pipe()
      process.standardError = pipe
      process.standardOutput = FileHandle.nullDevice
      try process.run()
      let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      let generatorRelease = PodmanVersion(generator.version.major, generator.version.minor)
      for (name, key) in names.sorted(by: { $0.key < $1.key }) {
        let refused = output.contains("\"\(name)\": unsupported key '\(key.key)'")
        #expect(
          refused == (key.since.introduced > generatorRelease),
          "\(key) since \(key.since.introduced): podman \(generator.version)'s generator \(refused ? "refuses" : "reads") it"
        )
      }
      #expect(!names.isEmpty)
    }
  }
}

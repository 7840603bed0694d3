import Foundation
import Testing

@testable import MigrateCore

/// `convert --to compose` over the composerize corpus: every run line composerize converts gives compose
/// services structurally equal to composerize's `expected_compose`, except for the documented migration
/// changes (normalised away below) and a fixed, reviewed list of remaining differences.
@Suite("Corpus: compose from run lines matches composerize")
struct ComposeFromRunCorpusTests {
  /// A YAML tree compared by value: scalars as strings, mappings without order, sequences in order.
  indirect enum Tree: Equatable, CustomStringConvertible {
    case scalar(String)
    case list([Tree])
    case map([String: Tree])

    init(_ node: YAMLNode) {
      let node = node.resolved
      switch node.kind {
      case .mapping:
        self = .map(
          Dictionary(node.effectivePairs.map { ($0.key.value, Tree($0.value)) }, uniquingKeysWith: { a, _ in a }))
      case .sequence: self = .list(node.items.map(Tree.init))
      default: self = .scalar(node.isNull && node.style == .plain ? "" : node.value)
      }
    }

    var description: String {
      switch self {
      case .scalar(let s): return s
      case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
      case .map(let pairs):
        return "{" + pairs.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
      }
    }
  }

  /// The migration changes `--to compose` makes on purpose (they are what `migrate convert` does to the
  /// run line first), undone on our side so the rest compares with composerize:
  /// - `userns_mode: auto` added (MG101) and top-level `x-podman: {in_pod: false}` (MG202);
  /// - images fully qualified (MG103): `docker.io/library/nginx` is compared as `nginx`;
  /// - `:U` added to writable binds of data directories (MG102);
  /// - `restart: unless-stopped` becomes `always` (MG105);
  /// - the Docker socket mount becomes the Podman socket (MG104).
  static func undoMigration(_ service: Tree) -> Tree {
    guard case .map(var keys) = service else { return service }
    keys["userns_mode"] = nil
    if case .scalar(let image)? = keys["image"] {
      var short = image
      for prefix in ["docker.io/library/", "docker.io/"] where short.hasPrefix(prefix) {
        short = String(short.dropFirst(prefix.count))
        break
      }
      keys["image"] = .scalar(short)
    }
    if case .list(let volumes)? = keys["volumes"] {
      keys["volumes"] = .list(
        volumes.map { volume in
          guard case .scalar(var text) = volume else { return volume }
          if text.hasSuffix(":U") { text.removeLast(2) } else if text.hasSuffix(",U") { text.removeLast(2) }
          text = text.replacingOccurrences(of: "/run/podman/podman.sock:", with: "/var/run/docker.sock:")
          return .scalar(text)
        })
    }
    return .map(keys)
  }

  /// Differences that remain, by case id and path, with why. The test fails on any difference not listed
  /// here, and on a listed one that no longer occurs.
  static let documented: [String: [String: String]] = [
    "composerize/mappings/003": [
      "services.baz.sysctls":
        "migration: the container runs as uid 99 and listens on port 80; Docker lets non-root processes bind "
        + "ports below 1024 inside containers, podman does not, so MG134 adds `net.ipv4.ip_unprivileged_port_start=0`"
    ],
    "composerize/mappings/005": [
      "services.baz.domainname":
        "migration: podman has no `--domainname`, so MG120 folds the domain into the hostname on the run line",
      "services.baz.hostname": "migration: the fully qualified hostname MG120 writes (`myHostName.example.org`)",
    ],
    "composerize/mappings/015": [
      "services.ai-art.deploy":
        "migration: `--gpus` is a no-op before podman 5.0, so MG123 writes the GPU as a CDI device on the run line",
      "services.ai-art.devices": "migration: the CDI device MG123 writes (`nvidia.com/gpu=all`)",
    ],
    "composerize/mappings/021": [
      "services.check-mk-raw.tmpfs":
        "composerize writes one `--tmpfs` as a string, we always write a list; Compose reads both the same"
    ],
    "composerize/mappings/043": [
      "services.ubuntu.isolation":
        "migration: `--isolation` is Windows-only and podman rejects it, so MG120 removes it from the run line "
        + "before the compose service is built"
    ],
  ]

  /// `path: expected ≠ actual` lines for two trees.
  static func differences(_ expected: Tree, _ actual: Tree, path: String) -> [String: String] {
    switch (expected, actual) {
    case (.map(let a), .map(let b)):
      var out: [String: String] = [:]
      for key in Set(a.keys).union(b.keys) {
        let sub = path.isEmpty ? key : "\(path).\(key)"
        switch (a[key], b[key]) {
        case (let x?, let y?): out.merge(differences(x, y, path: sub)) { a, _ in a }
        case (let x?, nil): out[sub] = "missing (composerize: \(x))"
        case (nil, let y?): out[sub] = "extra (\(y))"
        default: break
        }
      }
      return out
    default:
      return expected == actual ? [:] : [path: "composerize: \(expected), ours: \(actual)"]
    }
  }

  @Test("every converted run line matches composerize's service, modulo migration")
  func corpus() throws {
    let text = try String(contentsOfFile: DockerRunCorpusTests.corpusPath, encoding: .utf8)
    var unexplained: [String] = []
    var seen: [String: Set<String>] = [:]
    var compared = 0
    for line in text.split(separator: "\n") {
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let id = object["id"] as? String, let command = object["command"] as? String,
        let expectedText = object["expected_compose"] as? String, object["expected_error"] as? String == nil
      else { continue }
      if DockerRunCorpusTests.exceptions[id] != nil { continue }
      let options = ConversionOptions(target: .named(.jammy), mode: .usernsAuto)
      let plan = try EmitPlanner.plan(SourceFile(path: id, text: command), kind: .shell, options: options).plan
      let ours = ComposeEmitter.emit(plan, options: options)
      let oursRoot = try #require(try YAMLParser.parse(SourceFile(path: "ours.yml", text: ours)).documents.first?.root)
      let expectedRoot = try #require(
        try YAMLParser.parse(SourceFile(path: "expected.yml", text: expectedText)).documents.first?.root)
      // Also valid compose for the project's own parser.
      _ = try ComposeParser.parse(SourceFile(path: "ours.yml", text: ours))
      guard case .map(var expected) = Tree(expectedRoot), case .map(var actual) = Tree(oursRoot) else {
        Issue.record("\(id): not mappings")
        continue
      }
      for key in ["name", "version"] { expected[key] = nil }
      #expect(actual["x-podman"] == .map(["in_pod": .scalar("false")]), "\(id): x-podman")
      actual["x-podman"] = nil
      // Services merged from `existing_compose` are composerize's merge feature, not a conversion.
      if let existing = object["existing_compose"] as? String,
        let root = try YAMLParser.parse(SourceFile(path: "existing.yml", text: existing)).documents.first?.root,
        case .map(let old) = Tree(root)
      {
        for section in ["services", "networks", "volumes"] {
          guard case .map(let oldItems)? = old[section], case .map(var items)? = expected[section] else { continue }
          for name in oldItems.keys where name != "vol" && name != "othernet" { items[name] = nil }
          expected[section] = .map(items)
        }
      }
      if case .map(let services)? = actual["services"] {
        actual["services"] = .map(services.mapValues(Self.undoMigration))
      }
      if case .map(let services)? = expected["services"] {
        // composerize writes restart unless-stopped; the migrated form is always.
        expected["services"] = .map(
          services.mapValues { service in
            guard case .map(var keys) = service else { return service }
            if keys["restart"] == .scalar("unless-stopped") { keys["restart"] = .scalar("always") }
            return .map(keys)
          })
      }
      compared += 1
      let found = Self.differences(.map(expected), .map(actual), path: "")
      seen[id] = Set(found.keys)
      for (path, what) in found.sorted(by: { $0.key < $1.key }) where Self.documented[id]?[path] == nil {
        unexplained.append("\(id) \(path): \(what)")
      }
    }
    for (id, paths) in Self.documented {
      for path in paths.keys where !(seen[id]?.contains(path) ?? false) {
        unexplained.append("\(id) \(path): documented difference no longer occurs; remove it from the list")
      }
    }
    #expect(compared >= 38, "only \(compared) cases compared")
    #expect(
      unexplained.isEmpty, "\(unexplained.count) unexplained differences:\n\(unexplained.joined(separator: "\n"))")
  }
}

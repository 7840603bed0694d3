import Foundation

/// The parts of `docker inspect` output that `migrate capture` and `migrate data` read. One JSON array may mix
/// containers, images, volumes and networks (`docker inspect $(docker ps -aq) $(docker images -q)`, or the
/// `--type volume` and `--type network` forms); each object is told by its shape.
public struct DockerInspect: Sendable {
  public var containers: [InspectedContainer] = []
  public var images: [InspectedImage] = []
  public var volumes: [InspectedVolume] = []
  public var networks: [InspectedNetwork] = []

  public init() {}

  /// Reads one or more JSON arrays (or objects), as `docker inspect` prints them, one after another.
  public static func decode(_ bytes: [UInt8], path: String) throws -> DockerInspect {
    var result = DockerInspect()
    try result.add(bytes, path: path)
    return result
  }

  /// Adds what `bytes` holds; the same object (by ID or name) read twice is kept once.
  public mutating func add(_ bytes: [UInt8], path: String) throws {
    for (index, value) in try Self.values(bytes, path: path).enumerated() {
      guard let object = value as? [String: Any] else {
        throw MigrateError.docker("\(path): item \(index + 1) of the docker inspect output is not an object")
      }
      let json = JSONObject(object)
      if json.object("HostConfig") != nil, json.object("Config") != nil {
        let container = InspectedContainer(json)
        if !containers.contains(where: { $0.id == container.id }) { containers.append(container) }
      } else if json.object("IPAM") != nil {
        let network = InspectedNetwork(json)
        if !networks.contains(where: { $0.name == network.name }) { networks.append(network) }
      } else if json.has("RepoTags") || json.has("RootFS") {
        let image = InspectedImage(json)
        if !images.contains(where: { $0.id == image.id }) { images.append(image) }
      } else if json.has("Mountpoint") {
        let volume = InspectedVolume(json)
        if !volumes.contains(where: { $0.name == volume.name }) { volumes.append(volume) }
      } else {
        throw MigrateError.docker(
          "\(path): item \(index + 1) is neither a container, an image, a volume nor a network from docker inspect")
      }
    }
    containers.sort { ($0.created, $0.name) < ($1.created, $1.name) }
  }

  /// The JSON values in `bytes`: a top-level array is spread; several documents may follow each other.
  static func values(_ bytes: [UInt8], path: String) throws -> [Any] {
    var text = bytes
    if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
    guard String(validating: text, as: UTF8.self) != nil else {
      throw MigrateError.docker("\(path): not UTF-8 text, not docker inspect output")
    }
    var out: [Any] = []
    for document in splitDocuments(text) {
      let parsed: Any
      do {
        parsed = try JSONSerialization.jsonObject(with: Data(document), options: [])
      } catch {
        let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "invalid JSON"
        throw MigrateError.docker("\(path): not docker inspect output (JSON): \(reason)")
      }
      if let array = parsed as? [Any] { out += array } else { out.append(parsed) }
    }
    return out
  }

  /// Splits concatenated top-level JSON documents (`[…]\n[…]`) by bracket depth outside strings.
  static func splitDocuments(_ text: [UInt8]) -> [ArraySlice<UInt8>] {
    var documents: [ArraySlice<UInt8>] = []
    var depth = 0
    var start: Int?
    var inString = false
    var escaped = false
    for (index, byte) in text.enumerated() {
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        continue
      }
      switch byte {
      case UInt8(ascii: "\""): inString = true
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        if depth == 0 { start = index }
        depth += 1
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        depth -= 1
        if depth == 0, let begin = start {
          documents.append(text[begin...index])
          start = nil
        }
      default: break
      }
    }
    if let begin = start { documents.append(text[begin...]) }  // unterminated: let the parser say where
    if documents.isEmpty && text.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
      documents.append(text[...])
    }
    return documents
  }

  /// The image a container was created from (by its ID), when it was read.
  public func image(of container: InspectedContainer) -> InspectedImage? {
    images.first { $0.id == container.imageID }
  }

  /// The container with this ID (full or a prefix of at least 12 characters) or name.
  public func container(_ reference: String) -> InspectedContainer? {
    let name = reference.hasPrefix("/") ? String(reference.dropFirst()) : reference
    return containers.first { $0.name == name }
      ?? containers.first { reference.count >= 12 && $0.id.hasPrefix(reference) }
  }

  public func volume(_ name: String) -> InspectedVolume? { volumes.first { $0.name == name } }
  public func network(_ name: String) -> InspectedNetwork? { networks.first { $0.name == name || $0.id == name } }
}

/// A JSON object from `JSONSerialization`, read leniently: a missing or differently typed field is absent.
struct JSONObject {
  let raw: [String: Any]
  init(_ raw: [String: Any]) { self.raw = raw }

  func has(_ key: String) -> Bool { raw[key] != nil }
  func object(_ key: String) -> JSONObject? { (raw[key] as? [String: Any]).map(JSONObject.init) }
  func string(_ key: String) -> String? { raw[key] as? String }
  func nonEmpty(_ key: String) -> String? { string(key).flatMap { $0.isEmpty ? nil : $0 } }
  func bool(_ key: String) -> Bool { (raw[key] as? Bool) ?? (raw[key] as? NSNumber)?.boolValue ?? false }
  func optionalBool(_ key: String) -> Bool? { (raw[key] as? NSNumber)?.boolValue }
  func int(_ key: String) -> Int64 { (raw[key] as? NSNumber)?.int64Value ?? 0 }
  func optionalInt(_ key: String) -> Int64? { (raw[key] as? NSNumber)?.int64Value }
  /// A string array; null (docker's empty) is `nil`.
  func strings(_ key: String) -> [String]? { (raw[key] as? [Any])?.compactMap { $0 as? String } }
  func objects(_ key: String) -> [JSONObject] {
    ((raw[key] as? [Any]) ?? []).compactMap { ($0 as? [String: Any]).map(JSONObject.init) }
  }
  /// A string-to-string map (labels, sysctls, log options), sorted by key.
  func stringMap(_ key: String) -> [(String, String)] {
    ((raw[key] as? [String: Any]) ?? [:]).compactMap { k, v in (v as? String).map { (k, $0) } }.sorted { $0.0 < $1.0 }
  }
  /// The keys of an object used as a set (`ExposedPorts`, `Volumes`), sorted.
  func keys(_ key: String) -> [String] { ((raw[key] as? [String: Any]) ?? [:]).keys.sorted() }
}

/// The `Config` object images and containers share: for an image, what a container inherits unless its run
/// line says otherwise; for a container, what it runs with.
public struct ContainerConfig: Sendable, Equatable {
  public var env: [String] = []
  /// `env` by name (`KEY=VALUE` entries; a later one wins, as in the engine).
  public var environment: [String: String] {
    var out: [String: String] = [:]
    for entry in env {
      let key = String(entry.prefix { $0 != "=" })
      out[key] = String(entry.dropFirst(key.count + 1))
    }
    return out
  }
  public var cmd: [String]?
  public var entrypoint: [String]?
  public var user = ""
  public var workingDir = ""
  public var labels: [String: String] = [:]
  public var exposedPorts: [String] = []
  public var volumes: [String] = []
  public var stopSignal: String?
  public var healthcheck: Healthcheck?

  public init() {}

  init(_ config: JSONObject?) {
    guard let config else { return }
    env = config.strings("Env") ?? []
    cmd = config.strings("Cmd")
    entrypoint = config.strings("Entrypoint")
    user = config.string("User") ?? ""
    workingDir = config.string("WorkingDir") ?? ""
    labels = Dictionary(config.stringMap("Labels"), uniquingKeysWith: { a, _ in a })
    exposedPorts = config.keys("ExposedPorts")
    volumes = config.keys("Volumes")
    stopSignal = config.nonEmpty("StopSignal")
    healthcheck = config.object("Healthcheck").map(Healthcheck.init)
  }
}

/// A health check as docker stores it (durations in nanoseconds).
public struct Healthcheck: Sendable, Equatable {
  public var test: [String]
  public var interval: Int64
  public var timeout: Int64
  public var startPeriod: Int64
  public var retries: Int64

  init(_ json: JSONObject) {
    test = json.strings("Test") ?? []
    interval = json.int("Interval")
    timeout = json.int("Timeout")
    startPeriod = json.int("StartPeriod")
    retries = json.int("Retries")
  }
}

public struct InspectedImage: Sendable {
  public var id: String
  public var repoTags: [String]
  public var repoDigests: [String]
  public var size: Int64
  public var config: ContainerConfig

  init(_ json: JSONObject) {
    id = json.string("Id") ?? ""
    repoTags = json.strings("RepoTags") ?? []
    repoDigests = json.strings("RepoDigests") ?? []
    size = json.int("Size")
    config = ContainerConfig(json.object("Config"))
  }
}

public struct InspectedVolume: Sendable {
  public var name: String
  public var driver: String
  public var mountpoint: String
  public var labels: [String: String]
  /// Bytes used, when known (`docker system df -v`).
  public var size: Int64?

  init(_ json: JSONObject) {
    name = json.string("Name") ?? ""
    driver = json.string("Driver") ?? "local"
    mountpoint = json.string("Mountpoint") ?? ""
    labels = Dictionary(json.stringMap("Labels"), uniquingKeysWith: { a, _ in a })
    size = json.object("UsageData").flatMap { $0.optionalInt("Size") }.flatMap { $0 >= 0 ? $0 : nil }
  }

  /// The compose project that created the volume (`com.docker.compose.project`).
  public var composeProject: String? { labels["com.docker.compose.project"] }
}

public struct InspectedNetwork: Sendable {
  public var id: String
  public var name: String
  public var driver: String
  public var isInternal: Bool
  public var subnets: [String]
  public var labels: [String: String]

  init(_ json: JSONObject) {
    id = json.string("Id") ?? ""
    name = json.string("Name") ?? ""
    driver = json.string("Driver") ?? "bridge"
    isInternal = json.bool("Internal")
    subnets = (json.object("IPAM")?.objects("Config") ?? []).compactMap { $0.nonEmpty("Subnet") }
    labels = Dictionary(json.stringMap("Labels"), uniquingKeysWith: { a, _ in a })
  }

  /// Docker's own networks, which every engine has.
  public static let predefinedNames: Set<String> = ["bridge", "host", "none"]
  public var isPredefined: Bool { Self.predefinedNames.contains(name) }
}

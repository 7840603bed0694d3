/// Reads a parsed YAML stream as a Compose file. Structural errors (a scalar where a mapping belongs) throw
/// a located `ParseDiagnostic` with stage `compose`; keys it does not know are kept and listed.
public enum ComposeParser {
  /// Top-level keys of the Compose Specification.
  public static let topLevelKeys: Set<String> = [
    "version", "name", "include", "services", "volumes", "networks", "secrets", "configs", "models",
  ]

  /// Service keys of the Compose Specification (compose-spec.json, `definitions.service.properties`).
  public static let serviceKeys: Set<String> = [
    "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent",
    "command", "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota",
    "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on",
    "deploy", "develop", "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname",
    "entrypoint", "env_file", "environment", "expose", "extends", "external_links", "extra_hosts", "gpus",
    "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation", "label_file", "labels",
    "links", "logging", "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit",
    "models", "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit",
    "platform", "ports", "post_start", "pre_stop", "privileged", "profiles", "provider", "pull_policy",
    "pull_refresh_after", "read_only", "restart", "runtime", "scale", "secrets", "security_opt", "shm_size",
    "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits",
    "use_api_socket", "user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir",
    // Removed from the specification but still read by Compose implementations.
    "volume_driver", "cpu_rt_runtime", "mem_swappiness",
  ]

  /// Parses `source` as a compose file.
  public static func parse(_ source: SourceFile) throws -> ComposeProject {
    let stream = try YAMLParser.parse(source)
    return try parse(stream)
  }

  public static func parse(_ stream: YAMLStream) throws -> ComposeProject {
    let source = stream.source
    let documents = stream.documents.filter { $0.root != nil }
    guard let document = documents.first, let root = document.root else {
      throw ParseDiagnostic(
        stage: "compose", path: source.path, range: .at(0),
        problem: "the file has no content; a compose file is a mapping with a `services:` key")
    }
    if documents.count > 1, let second = documents[1].root {
      throw ParseDiagnostic(
        stage: "compose", path: source.path, range: .at(second.range.lower),
        problem: "a compose file holds one YAML document; found a second one")
    }
    let reader = Reader(source: source)
    let top = try reader.mapping(root, "the top level of a compose file")
    var project = ComposeProject(source: source, root: top)
    for (key, value) in top.effectivePairs {
      let name = key.value
      switch name {
      case "version": project.version = try reader.scalar(value, "`version`")
      case "name": project.name = try reader.scalar(value, "`name`")
      case "services":
        if value.isNull { continue }
        project.servicesNode = try reader.mapping(value, "`services`")
      case "volumes": project.volumes = try reader.namedDefinitions(value, "`volumes`")
      case "networks": project.networks = try reader.namedDefinitions(value, "`networks`")
      case "secrets": project.secrets = try reader.namedDefinitions(value, "`secrets`")
      case "configs": project.configs = try reader.namedDefinitions(value, "`configs`")
      case "x-podman": project.xPodman = (key, value)
      default:
        if name.hasPrefix("x-") {
          project.extensions[name] = value
        } else if topLevelKeys.contains(name) {
          project.otherKeys[name] = value
        } else {
          project.unknownKeys.append(key.sourceValue(in: source))
        }
      }
    }
    if let services = project.servicesNode {
      if let firstKey = services.pairs.first?.key, services.collectionStyle == .block {
        let serviceIndent = source.indentation(before: firstKey.range.lower)
        let rootIndent = top.pairs.first.map { source.indentation(before: $0.key.range.lower) } ?? ""
        let unit = String(serviceIndent.dropFirst(rootIndent.count))
        if !unit.isEmpty { project.indentUnit = unit }
      }
      // `name: !reset {}` removes the service of a file merged before: in this file it defines no container.
      for (key, value) in services.effectivePairs where !key.isMergeKey && value.tag != "!reset" {
        project.services.append(try reader.service(name: key, node: value))
      }
    }
    project.builtImageNames = Set(project.services.filter { $0.build != nil }.compactMap { $0.image?.text })
    project.buildContexts = project.services.flatMap(\.container.buildContexts)
    return project
  }
}

/// Typed reading of nodes, with located errors for wrong kinds.
struct Reader {
  let source: SourceFile

  func error(_ node: YAMLNode, _ problem: String) -> ParseDiagnostic {
    ParseDiagnostic(stage: "compose", path: source.path, range: node.range, problem: problem)
  }

  func mapping(_ node: YAMLNode, _ what: String) throws -> YAMLNode {
    let resolved = node.resolved
    guard resolved.kind == .mapping else {
      throw error(node, "\(what) must be a mapping, found \(node.kindDescription)")
    }
    // Compose refuses a key written twice; the YAML layer keeps both, so the later one would be ignored.
    // Compose keys are strings: a mapping or list used as a key (`? a: b`) is refused before any fix, which
    // could not place a new key beside it.
    if let complex = resolved.pairs.first(where: { $0.key.kind != .scalar })?.key {
      throw error(complex, "the keys of \(what) must be strings, found \(complex.kindDescription) as a key")
    }
    var seen = Set<String>()
    for (key, _) in resolved.pairs where key.kind == .scalar && !key.isMergeKey {
      if !seen.insert(key.value).inserted {
        throw error(key, "duplicate key `\(key.value)` in \(what)")
      }
    }
    return resolved
  }

  func scalar(_ node: YAMLNode, _ what: String) throws -> SourceValue {
    let resolved = node.resolved
    guard resolved.kind == .scalar else {
      throw error(node, "\(what) must be a scalar, found \(node.kindDescription)")
    }
    return resolved.sourceValue(in: source)
  }

  /// The items of a sequence (none for null); anything else is a located error.
  func sequence(_ node: YAMLNode, _ what: String) throws -> [YAMLNode] {
    let resolved = node.resolved
    if resolved.isNull { return [] }
    guard resolved.kind == .sequence else {
      throw error(node, "\(what) must be a sequence, found \(node.kindDescription)")
    }
    return resolved.items
  }

  /// A list of scalars, or a single scalar where Compose allows one (`env_file: .env`, `dns: 1.1.1.1`).
  /// The entries of a sequence whose items are a short string or a long-syntax mapping (`ports`, `volumes`).
  func entries<Entry>(
    _ node: YAMLNode, _ what: String, long: (YAMLNode) throws -> Entry, short: (SourceValue) -> Entry
  ) throws -> [Entry] {
    try sequence(node, what).map { item in
      let entry = item.resolved
      return entry.kind == .mapping ? try long(entry) : short(try scalar(item, "an entry of \(what)"))
    }
  }

  func scalars(_ node: YAMLNode, _ what: String, allowSingle: Bool = true) throws -> [SourceValue] {
    let resolved = node.resolved
    if resolved.isNull { return [] }
    if resolved.kind == .scalar {
      guard allowSingle else { throw error(node, "\(what) must be a sequence, found a scalar") }
      return [resolved.sourceValue(in: source)]
    }
    guard resolved.kind == .sequence else {
      throw error(node, "\(what) must be a sequence, found \(node.kindDescription)")
    }
    return try resolved.items.map { try scalar($0, "an entry of \(what)") }
  }

  /// A list (`- K=V`) or mapping (`K: V`) of key/value entries, as `labels`, `sysctls`, `extra_hosts` allow.
  func keyValues(_ node: YAMLNode, _ what: String, separator: String = "=") throws -> [SourceValue] {
    let resolved = node.resolved
    if resolved.isNull { return [] }
    if resolved.kind == .mapping {
      return resolved.effectivePairs.map { pair in
        var value = pair.key.sourceValue(in: source)
        let item = pair.value.resolved
        if item.kind == .scalar && !item.isNull { value.text += separator + item.value }
        value.valueRange = nil
        return value
      }
    }
    return try scalars(node, what, allowSingle: false)
  }

  func namedDefinitions(_ node: YAMLNode, _ what: String) throws -> [String: YAMLNode] {
    if node.resolved.isNull { return [:] }
    let map = try mapping(node, what)
    var result: [String: YAMLNode] = [:]
    for (key, value) in map.effectivePairs where !key.isMergeKey { result[key.value] = value }
    return result
  }

  func command(_ node: YAMLNode, _ what: String) throws -> Container.Words? {
    let resolved = node.resolved
    if resolved.isNull { return nil }
    if resolved.kind == .scalar { return .string(resolved.sourceValue(in: source)) }
    return .list(try scalars(node, what, allowSingle: false))
  }

  func longPort(_ map: YAMLNode) -> PortMapping {
    let whole = SourceValue(text: "", range: map.range, valueRange: nil, context: .opaque)
    var mapping = PortMapping(
      spec: whole, hostIP: map.value(forKey: "host_ip")?.scalarValue, hostPorts: nil, containerPorts: nil,
      proto: map.value(forKey: "protocol")?.scalarValue ?? "tcp")
    if let published = map.value(forKey: "published")?.scalarValue {
      mapping.hostPorts = PortMapping.parseRange(published)
      mapping.hostPortIsVariable = published.contains("$")
    }
    if let target = map.value(forKey: "target")?.scalarValue { mapping.containerPorts = PortMapping.parseRange(target) }
    return mapping
  }

  func longVolume(_ map: YAMLNode, _ what: String) throws -> Mount {
    let typeText = try map.value(forKey: "type").map { try scalar($0, "`type` in \(what)").text } ?? "volume"
    let kind = Mount.Kind(rawValue: typeText) ?? .volume
    let source = try map.value(forKey: "source").map { try scalar($0, "`source` in \(what)") }
    let target = try map.value(forKey: "target").map { try scalar($0, "`target` in \(what)") }
    let readOnly =
      map.value(forKey: "read_only")?.resolved.boolValue ?? (map.value(forKey: "read_only")?.scalarValue == "true")
    let whole = SourceValue(text: "", range: map.range, valueRange: nil, context: .opaque)
    return Mount(
      kind: kind, syntax: .long, spec: whole, source: source, target: target, options: readOnly ? ["ro"] : [],
      readOnly: readOnly)
  }
}

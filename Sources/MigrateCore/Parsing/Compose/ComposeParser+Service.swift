/// A compose service read into the one container model (`Container`): keys of the option table go through
/// `Container.record` in the flag's form; the service keeps only what is compose's own (build, profiles,
/// secrets, extensions, the keys kept as nodes).
extension Reader {
  func service(name key: YAMLNode, node: YAMLNode) throws -> ComposeService {
    let name = key.sourceValue(in: source)
    let what = "service `\(name.text)`"
    let map = try mapping(node, what)
    var container = Container(origin: .composeService(name.text), anchorRange: key.range, name: name.text)
    container.optionSite = map.appendSite(in: source)
    container.settings = LocatedSetting.entries(map, in: source)
    // Consumed, so the service holds the only reference and its changes below copy nothing.
    var service = ComposeService(name: name, node: map, container: consume container)
    for (keyNode, value) in map.effectivePairs {
      let field = keyNode.value
      let label = "`\(field)` of \(what)"
      /// Records each value for the option `flag`, located at the key.
      func record(_ flag: String, _ values: [SourceValue]) {
        for value in values { service.container.record(flag, value, at: keyNode.range, composeKey: field) }
      }
      switch field {
      case "image": service.container.image = try scalar(value, label)
      case "build":
        let resolved = value.resolved
        if resolved.kind == .scalar {
          service.build = .init(context: resolved.sourceValue(in: source), dockerfile: nil, node: resolved)
        } else {
          let build = try mapping(value, label)
          service.build = .init(
            context: try build.value(forKey: "context").map { try scalar($0, "`build.context` of \(what)") },
            dockerfile: try build.value(forKey: "dockerfile").map { try scalar($0, "`build.dockerfile` of \(what)") },
            node: build)
        }
        service.container.builds = true
        service.container.buildContexts = [service.build?.context?.text ?? "."]
      case "command": service.container.command = try command(value, label)
      case "entrypoint": service.container.entrypoint = try command(value, label)
      case "environment": record("env", try environment(value, label))
      case "env_file":
        let resolved = value.resolved
        if resolved.kind == .sequence {
          record(
            "env-file",
            try resolved.items.map { item in
              let entry = item.resolved
              if entry.kind == .mapping, let path = entry.value(forKey: "path") { return try scalar(path, label) }
              return try scalar(item, label)
            })
        } else {
          record("env-file", try scalars(value, label))
        }
      case "ports":
        // podman-compose also takes one port as a plain string (`ports: "8080:80"`).
        let resolved = value.resolved
        if resolved.kind == .scalar && !resolved.isNull {
          service.container.ports.append(PortMapping.parse(resolved.sourceValue(in: source)))
        } else {
          service.container.ports += try entries(value, label, long: longPort, short: PortMapping.parse)
        }
      case "volumes":
        service.container.mounts += try entries(
          value, label, long: { try longVolume($0, label) }, short: Mount.parseShort)
      case "networks":
        let resolved = value.resolved
        if resolved.kind == .mapping {
          service.container.networks = resolved.effectivePairs.map { $0.key.sourceValue(in: source) }
          networkSettings(resolved, &service.container)
        } else {
          service.container.networks = try scalars(value, label, allowSingle: false)
        }
      case "devices":
        record(
          "device",
          try value.resolved.items.map { item in
            let entry = item.resolved
            if entry.kind == .mapping, let source = entry.value(forKey: "source") { return try scalar(source, label) }
            return try scalar(item, label)
          })
      case "healthcheck": service.container.health = try healthcheck(value, what)
      case "logging":
        let map = try mapping(value, label)
        if let driver = map.value(forKey: "driver") {
          record("log-driver", [try scalar(driver, "`logging.driver` of \(what)")])
        }
        if let options = map.value(forKey: "options")?.resolved, options.kind == .mapping {
          let entries = try keyValues(options, label)
          record("log-opt", entries.sorted { $0.text.prefix { $0 != "=" } < $1.text.prefix { $0 != "=" } })
        }
      case "sysctls": record("sysctl", try keyValues(value, label))
      case "labels": record("label", try keyValues(value, label))
      case "extra_hosts": record("add-host", try keyValues(value, label, separator: ":"))
      case "ulimits": record("ulimit", try ulimits(value, label))
      case "network_mode": service.container.networkMode = try scalar(value, label)
      case "stop_grace_period":
        service.otherKeys[field] = value
        let period = try scalar(value, label)
        if let seconds = Self.seconds(period.text) {
          record(
            "stop-timeout", [SourceValue(text: "\(seconds)", range: period.range, valueRange: nil, context: .opaque)])
        }
      case "depends_on":
        let resolved = value.resolved
        if resolved.kind == .mapping {
          service.container.dependsOn = resolved.effectivePairs.map { pair in
            .init(
              service: pair.key.sourceValue(in: source), condition: pair.value.value(forKey: "condition")?.scalarValue)
          }
        } else {
          service.container.dependsOn = try scalars(value, label, allowSingle: false).map {
            .init(service: $0, condition: nil)
          }
        }
      case "deploy":
        service.deploy = try mapping(value, label)
        nestedSettings(map, under: field, &service.container)
      case "blkio_config":
        service.otherKeys[field] = value
        nestedSettings(map, under: field, &service.container)
      case "secrets", "configs":
        let names = try sequence(value, label).map { item -> SourceValue in
          let entry = item.resolved
          if entry.kind == .mapping, let sourceKey = entry.value(forKey: "source") {
            return try scalar(sourceKey, label)
          }
          return try scalar(item, label)
        }
        if field == "secrets" { service.secrets = names } else { service.configs = names }
      case "profiles": service.profiles = try scalars(value, label, allowSingle: false)
      case "extends": service.extends = value.resolved
      default:
        if field.hasPrefix("x-") {
          service.extensions[field] = value
        } else if ComposeParser.serviceKeys.contains(field) {
          service.otherKeys[field] = value
          try genericSetting(field, value, label, &service.container)
        } else if !keyNode.isMergeKey {
          service.unknownKeys.append(keyNode.sourceValue(in: source))
        }
      }
    }
    service.container.resourceLimits = resourceLimits(of: map)
    return service
  }

  /// A key the option table maps to one flag (`user`, `cap_add`, `dns`, `init`): its scalar, or each item
  /// of its list, recorded in the container. Keys without such an entry stay in `otherKeys` only.
  func genericSetting(_ key: String, _ value: YAMLNode, _ label: String, _ container: inout Container) throws {
    guard let option = ContainerOption.forComposeKey(key) else { return }
    if case .reshaped = option.compose { return }
    let resolved = value.resolved
    if resolved.isNull { return }
    let values = resolved.kind == .sequence ? try scalars(value, label) : [try scalar(value, label)]
    for item in values { container.record(option.flag, item, at: item.range, composeKey: key) }
  }

  /// `environment:` as `KEY=VALUE` entries (a bare `KEY` when it is taken from the environment), located at
  /// the list item or the mapping key.
  func environment(_ node: YAMLNode, _ what: String) throws -> [SourceValue] {
    let resolved = node.resolved
    if resolved.isNull { return [] }
    if resolved.kind == .mapping { return try keyValues(node, what) }
    guard resolved.kind == .sequence else {
      throw error(node, "\(what) must be a sequence or a mapping, found \(node.kindDescription)")
    }
    return try resolved.items.map { try scalar($0, "an entry of \(what)") }
  }

  func healthcheck(_ node: YAMLNode, _ what: String) throws -> Container.Health {
    let map = try mapping(node, "`healthcheck` of \(what)")
    var health = Container.Health()
    health.node = map
    health.test = try map.value(forKey: "test").flatMap { try command($0, "`healthcheck.test` of \(what)") }
    health.disabled = map.value(forKey: "disable")?.resolved.boolValue ?? false
    func field(_ key: String) -> SourceValue? {
      guard let value = map.value(forKey: key)?.resolved, value.kind == .scalar else { return nil }
      return value.sourceValue(in: source)
    }
    health.interval = field("interval")
    health.timeout = field("timeout")
    health.retries = field("retries")
    health.startPeriod = field("start_period")
    health.startInterval = field("start_interval")
    return health
  }

  /// `ulimits:` entries as `NAME=SOFT[:HARD]` (a single number, or `soft:`/`hard:`); podman-compose also
  /// takes them already in that form, one string or a list of them (`ulimits: nofile=1001`).
  func ulimits(_ node: YAMLNode, _ what: String) throws -> [SourceValue] {
    let resolved = node.resolved
    if resolved.kind == .scalar || resolved.kind == .sequence {
      let entries = try scalars(node, what)
      for entry in entries where !entry.text.contains("=") {
        throw error(node, "an entry of \(what) must be NAME=LIMIT or NAME=SOFT:HARD, found `\(entry.text)`")
      }
      return entries
    }
    return try namedDefinitions(node, what).sorted { $0.key < $1.key }.compactMap { name, value -> SourceValue? in
      let entry = value.resolved
      var text = "\(name)="
      if let single = entry.scalarValue {
        text += single
      } else {
        guard let soft = entry.value(forKey: "soft")?.scalarValue, let hard = entry.value(forKey: "hard")?.scalarValue
        else { return nil }
        text += "\(soft):\(hard)"
      }
      return SourceValue(text: text, range: entry.range, valueRange: nil, context: .opaque)
    }
  }

  /// `aliases` of the networks a service joins, as `--network-alias`, and `ipv4_address`/`ipv6_address` of
  /// the one network it joins, as `--ip`/`--ip6` (podman takes them per container).
  func networkSettings(_ networks: YAMLNode, _ container: inout Container) {
    for pair in networks.effectivePairs {
      guard let list = pair.value.resolved.value(forKey: "aliases")?.resolved, list.kind == .sequence else { continue }
      for item in list.items where item.resolved.kind == .scalar {
        let alias = item.resolved.sourceValue(in: source)
        if alias.text != container.name { container.record("network-alias", alias, at: alias.range) }
      }
    }
    guard networks.effectivePairs.count == 1, let settings = networks.effectivePairs.first?.value.resolved else {
      return
    }
    for (key, flag) in [("ipv4_address", "ip"), ("ipv6_address", "ip6")] {
      guard let address = settings.value(forKey: key)?.resolved, address.kind == .scalar else { continue }
      container.record(flag, address.sourceValue(in: source), at: address.range)
    }
  }
}

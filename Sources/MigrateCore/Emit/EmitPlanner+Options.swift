/// Settings to podman arguments through the option table (`ContainerOption`).
extension EmitPlanner {
  /// Compose keys without a typed field in `ComposeService`, as podman arguments through `ContainerOption`.
  static func otherKey(_ key: String, _ node: YAMLNode, _ plan: inout ContainerPlan, _ notes: inout [String]) {
    let scalar = node.scalarValue
    let items = node.kind == .sequence ? node.items.compactMap(\.resolved.scalarValue) : scalar.map { [$0] } ?? []
    switch key {
    case "container_name": plan.containerName = scalar
    case "working_dir": plan.workingDir = scalar
    case "hostname": plan.hostname = scalar
    case "read_only": plan.readOnly = node.boolValue ?? (scalar == "true")
    case "blkio_config" where readsAll(node, under: "blkio_config"): break
    case "stop_grace_period":
      if let scalar, let seconds = seconds(scalar) { plan.otherArguments.append("--stop-timeout=\(seconds)") }
    default:
      guard let option = ContainerOption.forComposeKey(key), case .key = option.compose else {
        notes.append("`\(key)` of service `\(plan.name)` is not carried over")
        return
      }
      add(
        option, values: option.shape == .flag ? (node.boolValue == true || scalar == "true" ? ["true"] : []) : items,
        to: &plan, notes: &notes)
    }
  }

  /// A setting's values as podman arguments (`--dns=1.1.1.1`, `--init`), or, for one podman lacks, a note
  /// with the table's reason (`--domainname` goes into a fully qualified hostname).
  static func add(_ option: ContainerOption, values: [String], to plan: inout ContainerPlan, notes: inout [String]) {
    guard !values.isEmpty else { return }
    switch option.podman {
    case .argument(let name):
      for value in option.shape == .single ? Array(values.suffix(1)) : values {
        plan.otherArguments.append(option.shape == .flag ? "--\(name)" : "--\(name)=\(value)")
      }
    case .setByEmitters: break
    case .none(let reason):
      if option.flag == "domainname", let domain = values.last {
        plan.domainName = domain
      } else {
        notes.append("`--\(option.flag)` of `\(plan.name)`: \(reason)")
      }
    }
  }

  /// Settings under `deploy.resources` and `blkio_config` (`ContainerOption.Compose.key` paths of more than
  /// one key whose first key has no typed field).
  static func nestedKeys(_ node: YAMLNode, _ plan: inout ContainerPlan, _ notes: inout [String]) {
    for option in ContainerOption.all {
      guard let path = option.composePath, path.count > 1, nestedRoots.contains(path[0]) else { continue }
      var value: YAMLNode? = node.resolved
      for key in path { value = value?.value(forKey: key)?.resolved }
      guard let value, !value.isNull else { continue }
      switch option.compose {
      case .key:
        if let scalar = value.scalarValue { add(option, values: [scalar], to: &plan, notes: &notes) }
      case .reshaped where path[0] == "blkio_config" && value.kind == .sequence:
        // `[{path: /dev/sda, rate: 1mb}]` (`weight:` for `weight_device`) → `/dev/sda:1mb`.
        let values = value.items.compactMap { item -> String? in
          let entry = item.resolved
          guard let device = entry.value(forKey: "path")?.scalarValue,
            let amount = (entry.value(forKey: "rate") ?? entry.value(forKey: "weight"))?.scalarValue
          else { return nil }
          return "\(device):\(amount)"
        }
        add(option, values: values, to: &plan, notes: &notes)
      default: continue
      }
    }
  }

  /// Compose keys whose settings `nestedKeys` reads.
  static let nestedRoots: Set<String> = ["deploy", "blkio_config"]

  /// `aliases` of the networks a service joins, as `--network-alias`, and `ipv4_address`/`ipv6_address` of
  /// the one network it joins, as `--ip`/`--ip6` (podman takes them per container).
  static func addresses(_ node: YAMLNode, _ plan: inout ContainerPlan, _ notes: inout [String]) {
    guard let networks = node.resolved.value(forKey: "networks")?.resolved, networks.isMapping else { return }
    let aliases = networks.effectivePairs.flatMap { pair -> [String] in
      let list = pair.value.resolved.value(forKey: "aliases")?.resolved
      return list?.kind == .sequence ? (list?.items.compactMap(\.resolved.scalarValue) ?? []) : []
    }
    if let option = ContainerOption.forFlag("network-alias") {
      add(option, values: aliases.filter { $0 != plan.name }, to: &plan, notes: &notes)
    }
    guard networks.effectivePairs.count == 1, let settings = networks.effectivePairs.first?.value.resolved else {
      return
    }
    for (key, flag) in [("ipv4_address", "ip"), ("ipv6_address", "ip6")] {
      guard let address = settings.value(forKey: key)?.scalarValue, let option = ContainerOption.forFlag(flag) else {
        continue
      }
      add(option, values: [address], to: &plan, notes: &notes)
    }
  }

  /// The services Compose starts when no `--profile` is given: those without `profiles:`, those in a profile
  /// `COMPOSE_PROFILES` selects (`*` selects all), and the services these depend on. Each service left out
  /// gets a note, so the output says why it is missing.
  static func selectedServices(_ project: ComposeProject, variables: [String: String]) -> (
    names: Set<String>, notes: [String]
  ) {
    let active = Set(
      (variables["COMPOSE_PROFILES"] ?? "").split(separator: ",").map { String($0).trimmingSpaces }.filter {
        !$0.isEmpty
      })
    func enabled(_ service: ComposeService) -> Bool {
      service.profiles.isEmpty || active.contains("*") || service.profiles.contains { active.contains($0.text) }
    }
    var names = Set(project.services.filter(enabled).map(\.name.text))
    var notes: [String] = []
    // Dependencies of a selected service start with it (Compose refuses to start without them).
    var changed = true
    while changed {
      changed = false
      for service in project.services where names.contains(service.name.text) {
        for dependency in service.dependsOn where !names.contains(dependency.service.text) {
          guard project.services.contains(where: { $0.name.text == dependency.service.text }) else { continue }
          names.insert(dependency.service.text)
          notes.append(
            "service `\(dependency.service.text)` is in a profile no one selected, but `\(service.name.text)` "
              + "depends on it: kept")
          changed = true
        }
      }
    }
    for service in project.services where !names.contains(service.name.text) {
      let profiles = service.profiles.map(\.text).joined(separator: ", ")
      notes.append(
        "service `\(service.name.text)` is in profile \(profiles), which is not selected: left out, as Compose "
          + "does without --profile (set COMPOSE_PROFILES=\(service.profiles.first?.text ?? "") to include it)")
    }
    return (names, notes)
  }

  /// True when every setting under `node` (the value of `root`: `deploy:`, `blkio_config:`) is one
  /// `nestedKeys` reads, so nothing of it is lost.
  static func readsAll(_ node: YAMLNode?, under root: String) -> Bool {
    guard let node = node?.resolved, node.isMapping else { return false }
    let paths = ContainerOption.all.compactMap { option -> [String]? in
      guard let path = option.composePath, path.count > 1, path[0] == root else { return nil }
      if case .reshaped = option.compose, root != "blkio_config" { return nil }
      return path
    }
    func check(_ node: YAMLNode, _ prefix: [String]) -> Bool {
      node.effectivePairs.allSatisfy { pair in
        let path = prefix + [pair.key.value]
        if paths.contains(path) { return true }
        let value = pair.value.resolved
        return value.isMapping && paths.contains { $0.starts(with: path) } && check(value, path)
      }
    }
    return check(node, [root])
  }

  /// Podman has no `--domainname`: the domain joins the hostname (or the container name), as a fully
  /// qualified `--hostname`, and a note says so.
  static func foldDomainName(_ plan: inout ContainerPlan) {
    guard let domain = plan.domainName, !domain.isEmpty else { return }
    let host = plan.hostname ?? plan.containerName ?? plan.name
    plan.hostname = host.hasSuffix("." + domain) ? host : "\(host).\(domain)"
    plan.domainName = nil
    plan.notes.append(
      "podman has no `--domainname`: `\(plan.name)` gets the fully qualified hostname \(plan.hostname ?? host)")
  }

  /// `1m30s`, `10s`, `90` as whole seconds.
  static func seconds(_ text: String) -> Int? {
    if let plain = Int(text) { return plain }
    var total = 0.0
    var number = ""
    var index = text.startIndex
    while index < text.endIndex {
      let ch = text[index]
      if ch.isNumber || ch == "." {
        number.append(ch)
      } else {
        guard let value = Double(number) else { return nil }
        var unit = String(ch)
        let next = text.index(after: index)
        if ch == "m", next < text.endIndex, text[next] == "s" {
          unit = "ms"
          index = next
        }
        switch unit {
        case "h": total += value * 3600
        case "m": total += value * 60
        case "s": total += value
        case "ms": total += value / 1000
        default: return nil
        }
        number = ""
      }
      index = text.index(after: index)
    }
    if !number.isEmpty { return nil }
    return Int(total.rounded(.up))
  }
}

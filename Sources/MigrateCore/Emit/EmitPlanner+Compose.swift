/// Plans the services of a compose project (after conversion).
extension EmitPlanner {
  static func compose(_ project: ComposeProject, path: String, variables: [String: String] = [:]) throws
    -> ProjectPlan
  {
    let projectName = projectName(project, path: path)
    var usesDefault = false
    var containers: [ContainerPlan] = []
    let selected = selectedServices(project, variables: variables)
    var notes: [String] = selected.notes
    for service in project.services where selected.names.contains(service.name.text) {
      let name = service.name.text
      var local: [String] = []
      var image = service.image.map { literal($0.text, &local, "`image` of `\(name)`") } ?? ""
      if image.isEmpty {
        image = "localhost/\(projectName)_\(name)"
        local.append("service `\(name)` is built from source: build it first (podman build -t \(image) …)")
      }
      var plan = ContainerPlan(name: name, image: image, anchor: service.name.range)
      plan.command = service.command.map { words($0, variables, &local, "`command` of `\(name)`") }
      plan.entrypoint = service.entrypoint.map { words($0, variables, &local, "`entrypoint` of `\(name)`") }
      plan.environment = service.environment.map { entry in
        let key = VariableReference.sanitized(entry.name)
        guard let text = entry.value else { return key }
        let value = containerValue(text, variables, &local, "`\(entry.name)` of `\(name)`")
        // `KEY: ${KEY}` passes the variable through under its own name, as a bare `KEY` does.
        return value == VariableReference.marker(key) ? key : "\(key)=\(value)"
      }
      plan.envFiles = service.envFiles.map(\.text)
      for mount in service.volumes { add(mount, to: &plan) }
      plan.ports = service.ports.map(portText)
      plan.userns = service.usernsMode?.text
      if let mode = service.networkMode?.text {
        if mode.hasPrefix("service:") {
          let other = String(mode.dropFirst("service:".count))
          let target = project.services.first { $0.name.text == other }
          let containerName = target?.otherKeys["container_name"]?.scalarValue ?? "\(projectName)_\(other)"
          plan.networkMode = "container:\(containerName)"
        } else {
          plan.networkMode = mode
        }
      } else if service.networks.isEmpty {
        plan.networks = ["default"]
        usesDefault = true
      } else {
        plan.networks = service.networks.map(\.text)
        addresses(service.node, &plan, &local)
      }
      plan.restart = service.restart?.text
      if let check = service.healthcheck { plan.health = health(check, variables, &local, name) }
      plan.dependsOn = service.dependsOn.map { ($0.service.text, $0.condition ?? "service_started") }
      plan.user = service.user?.text
      plan.capAdd = service.capAdd.map(\.text)
      plan.capDrop = service.capDrop.map(\.text)
      plan.devices = service.devices.map(\.text)
      plan.labels = service.labels.map { containerValue($0.text, variables, &local, "a label of `\(name)`") }
      plan.tmpfs = service.tmpfs.map(\.text)
      // Typed settings without a field of their own, as podman arguments through the table.
      var typed: [(flag: String, values: [String])] = [
        ("privileged", service.privileged?.text == "true" ? ["true"] : []),
        ("security-opt", service.securityOpt.map(\.text)), ("add-host", service.extraHosts.map { hostEntry($0.text) }),
        ("sysctl", service.sysctls.map(\.text)), ("pid", service.pid.map { [$0.text] } ?? []),
        ("ipc", service.ipc.map { [$0.text] } ?? []), ("uts", service.uts.map { [$0.text] } ?? []),
        ("log-driver", service.logging?.driver.map { [$0.text] } ?? []),
        (
          "log-opt",
          (service.logging?.options ?? [:]).sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value.text)" }
        ),
      ]
      typed.append(
        (
          "ulimit",
          service.ulimits.sorted(by: { $0.key < $1.key }).compactMap { key, value in
            let node = value.resolved
            if let single = node.scalarValue { return "\(key)=\(single)" }
            guard let soft = node.value(forKey: "soft")?.scalarValue, let hard = node.value(forKey: "hard")?.scalarValue
            else { return nil }
            return "\(key)=\(soft):\(hard)"
          }
        ))
      for (flag, values) in typed {
        guard let option = ContainerOption.forFlag(flag) else { continue }
        add(option, values: values, to: &plan, notes: &local)
      }
      for (key, value) in service.otherKeys.sorted(by: { $0.key < $1.key }) {
        otherKey(key, value.resolved, &plan, &local)
      }
      nestedKeys(service.node, &plan, &local)
      for key in ["deploy", "secrets", "configs", "extends"]
      where has(service, key) && !(key == "deploy" && readsAll(service.deploy, under: "deploy")) {
        local.append("`\(key)` of service `\(name)` is not carried over")
      }
      for key in service.unknownKeys {
        local.append("`\(key.text)` of service `\(name)` is not a compose key; left out")
      }
      plan.notes = local
      foldDomainName(&plan)
      notes += plan.notes
      containers.append(plan)
    }
    var plan = ProjectPlan(name: projectName, containers: containers, fromCompose: true)
    plan.notes = notes
    plan.selectionNotes = selected.notes
    for (name, node) in project.volumes.sorted(by: { $0.key < $1.key }) {
      let definition = node.resolved
      let external = definition.value(forKey: "external")?.resolved.boolValue ?? false
      let given = definition.value(forKey: "name")?.scalarValue
      plan.volumes.append((name, given ?? (external ? name : "\(projectName)_\(name)"), external))
    }
    var networkNames = project.networks.keys.sorted()
    if usesDefault && project.networks["default"] == nil { networkNames.insert("default", at: 0) }
    for name in networkNames {
      let definition = project.networks[name]?.resolved
      let external = definition?.value(forKey: "external")?.resolved.boolValue ?? false
      let given = definition?.value(forKey: "name")?.scalarValue
      plan.networks.append(
        (
          name, given ?? (external ? name : "\(projectName)_\(name)"), definition?.value(forKey: "driver")?.scalarValue,
          external
        ))
    }
    return plan
  }

  static func has(_ service: ComposeService, _ key: String) -> Bool {
    switch key {
    case "deploy": return service.deploy != nil
    case "secrets": return !service.secrets.isEmpty
    case "configs": return !service.configs.isEmpty
    case "extends": return service.extends != nil
    default: return false
    }
  }

  /// `host:ip` (compose) or `host=ip` as podman's `--add-host host:ip`.
  static func hostEntry(_ text: String) -> String {
    guard let equals = text.firstIndex(of: "=") else { return text }
    return String(text[..<equals]) + ":" + String(text[text.index(after: equals)...])
  }

  static func portText(_ port: PortMapping) -> String {
    if !port.spec.text.isEmpty { return port.spec.text }
    func range(_ r: ClosedRange<Int>?) -> String {
      guard let r else { return "" }
      return r.lowerBound == r.upperBound ? "\(r.lowerBound)" : "\(r.lowerBound)-\(r.upperBound)"
    }
    var text = range(port.containerPorts)
    if port.hostPorts != nil { text = range(port.hostPorts) + ":" + text }
    if let ip = port.hostIP {
      text = (ip.contains(":") ? "[\(ip)]" : ip) + ":" + (port.hostPorts == nil ? ":" : "") + text
    }
    return port.proto == "tcp" ? text : text + "/" + port.proto
  }

  static func add(_ mount: Mount, to plan: inout ContainerPlan) {
    switch (mount.syntax, mount.kind) {
    case (.short, _):
      plan.volumes.append(mount.spec.text)
    case (.long, .tmpfs):
      if let target = mount.target?.text { plan.tmpfs.append(target) }
    case (.long, .bind), (.long, .volume):
      guard let source = mount.source?.text, let target = mount.target?.text else { return }
      let options = mount.options.filter { !$0.isEmpty }
      plan.volumes.append(source + ":" + target + (options.isEmpty ? "" : ":" + options.joined(separator: ",")))
    case (.long, _):
      if let target = mount.target?.text { plan.volumes.append(target) }
    }
  }

  static func words(
    _ value: ComposeService.CommandValue, _ variables: [String: String], _ notes: inout [String], _ what: String
  ) -> [String] {
    switch value {
    case .list(let items): return items.map { containerValue($0.text, variables, &notes, what) }
    case .string(let text): return splitWords(containerValue(text.text, variables, &notes, what))
    }
  }

  /// Splits a command string into words as Compose does (shell-like: quotes group, no expansions).
  static func splitWords(_ text: String) -> [String] {
    let script = ShellReader.parse(Array(text.utf8), dialect: .bash)
    return script.commands.first.map { command in
      command.words.map { $0.staticValue ?? $0.rawText.replacingQuotes }
    } ?? []
  }

  static func health(
    _ check: ComposeService.Healthcheck, _ variables: [String: String], _ notes: inout [String], _ name: String
  ) -> ContainerPlan.Health {
    var health = ContainerPlan.Health()
    health.disabled = check.disable
    let what = "the health check of `\(name)`"
    switch check.test {
    case .list(let items):
      let words = items.map { containerValue($0.text, variables, &notes, what) }
      switch words.first {
      case "NONE": health.disabled = true
      case "CMD-SHELL": health.command = words.dropFirst().joined(separator: " ")
      case "CMD": health.command = JSONText.array(Array(words.dropFirst()))
      default: health.command = JSONText.array(words)
      }
    case .string(let text): health.command = containerValue(text.text, variables, &notes, what)
    case nil: break
    }
    health.interval = check.fields["interval"]?.text
    health.timeout = check.fields["timeout"]?.text
    health.retries = check.fields["retries"]?.text
    health.startPeriod = check.fields["start_period"]?.text
    return health
  }
}

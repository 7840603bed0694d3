/// Plans the services of a compose project (after conversion).
extension EmitPlanner {
  /// `path` names the project (its folder) when the file sets none; `file` is where errors point.
  static func compose(
    _ project: ComposeProject, path: String, variables: [String: String] = [:], profiles: [String] = [],
    file: String? = nil
  ) throws -> ProjectPlan {
    let projectName = projectName(project, path: path)
    var usesDefault = false
    var containers: [Container] = []
    let selected = try selectedServices(project, variables: variables, profiles: profiles, path: file ?? path)
    var notes: [String] = selected.notes
    for service in project.services where selected.names.contains(service.name.text) {
      var container = normalized(service, project: project, projectName: projectName, variables: variables)
      // A dependency left out with its profile (`required: false`) is not waited for.
      container.dependsOn.removeAll { !selected.names.contains($0.service.text) }
      if container.networkMode == nil && container.networks.isEmpty {
        container.networks = [container.anchorValue("default")]
        usesDefault = true
      }
      notes += container.notes
      containers.append(container)
    }
    var plan = ProjectPlan(name: projectName, containers: containers, fromCompose: true)
    plan.notes = notes
    for service in project.services where selected.names.contains(service.name.text) {
      if let build = service.build { plan.builds[service.name.text] = buildPlan(build) }
    }
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

  /// A service's `build:` as the emitters read it: context, dockerfile, target stage and build arguments
  /// (a mapping or a list of `KEY=VALUE`).
  static func buildPlan(_ build: ComposeService.BuildSpec) -> ProjectPlan.Build {
    var plan = ProjectPlan.Build(context: build.context?.text ?? ".", dockerfile: build.dockerfile?.text)
    let node = build.node.resolved
    guard node.isMapping else { return plan }
    plan.target = node.value(forKey: "target")?.resolved.scalarValue
    if let args = node.value(forKey: "args")?.resolved {
      if args.isMapping {
        for pair in args.effectivePairs {
          guard let key = pair.key.scalarValue else { continue }
          let value = pair.value.resolved
          plan.args.append(value.isNull ? key : "\(key)=\(value.scalarValue ?? "")")
        }
      } else if args.isSequence {
        plan.args = args.items.compactMap { $0.resolved.scalarValue }
      }
    }
    return plan
  }

  /// The note for a service built from source whose image the host must build first (no `.build` unit).
  static func buildFirstNote(_ name: String, image: String) -> String {
    "service `\(name)` is built from source: build it first (podman build -t \(image) …)"
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

  /// The service's container in the form the emitters write: compose variables in what the container is
  /// handed as `VariableReference`s, long mounts and ports in short form, the health test as one command,
  /// `service:NAME` as the container it names, switches as podman's bare flags, and notes for what is not
  /// carried over.
  static func normalized(
    _ service: ComposeService, project: ComposeProject, projectName: String, variables: [String: String]
  ) -> Container {
    var container = service.container
    let name = container.name
    var local: [String] = []
    var image = service.image.map { literal($0.text, &local, "`image` of `\(name)`") } ?? ""
    if image.isEmpty {
      image = "localhost/\(projectName)_\(name)"
      local.append(buildFirstNote(name, image: image))
    }
    container.image = (service.image ?? container.anchorValue(image)).retexted(image)
    container.command = container.command.map { .list(words($0, variables, &local, "`command` of `\(name)`")) }
    container.entrypoint = container.entrypoint.map {
      .list(words($0, variables, &local, "`entrypoint` of `\(name)`"))
    }
    container.environment = container.environment.map { entry in
      guard let equals = entry.text.firstIndex(of: "=") else {
        return entry.retexted(VariableReference.sanitized(entry.text))
      }
      let key = VariableReference.sanitized(String(entry.text[..<equals]))
      let text = String(entry.text[entry.text.index(after: equals)...])
      let value = containerValue(text, variables, &local, "`\(entry.text[..<equals])` of `\(name)`")
      // `KEY: ${KEY}` passes the variable through under its own name, as a bare `KEY` does.
      return entry.retexted(value == VariableReference.marker(key) ? key : "\(key)=\(value)")
    }
    var mounts: [Mount] = []
    var tmpfs = container.tmpfs
    for mount in container.mounts {
      switch (mount.syntax, mount.kind) {
      case (.short, _): mounts.append(mount)
      case (.long, .tmpfs): if let target = mount.target { tmpfs.append(target) }
      case (.long, .bind), (.long, .volume):
        guard let source = mount.source?.text, let target = mount.target?.text else { continue }
        let options = mount.options.filter { !$0.isEmpty }
        let spec = source + ":" + target + (options.isEmpty ? "" : ":" + options.joined(separator: ","))
        mounts.append(Mount.parseShort(mount.spec.retexted(spec)))
      case (.long, _):
        if let target = mount.target { mounts.append(Mount.parseShort(target.retexted(target.text))) }
      }
    }
    container.mounts = mounts
    container.tmpfs = tmpfs
    container.ports = container.ports.map { port in
      var copy = port
      if port.spec.text.isEmpty { copy.spec = port.spec.retexted(portText(port)) }
      return copy
    }
    if let mode = container.networkMode, mode.text.hasPrefix("service:") {
      let other = String(mode.text.dropFirst("service:".count))
      let target = project.services.first { $0.name.text == other }
      let containerName = target?.container.containerName?.text ?? "\(projectName)_\(other)"
      container.networkMode = mode.retexted("container:\(containerName)")
    }
    if var check = container.health { container.health = health(&check, variables, &local, name) }
    container.dependsOn = container.dependsOn.map {
      .init(service: $0.service, condition: $0.condition ?? "service_started")
    }
    container.labels = container.labels.map {
      $0.retexted(containerValue($0.text, variables, &local, "a label of `\(name)`"))
    }
    container.options = composeOptions(container.options)
    local += keyNotes(service)
    for key in ["deploy", "secrets", "configs", "extends"]
    where has(service, key) && !(key == "deploy" && readsAll(service.deploy, under: "deploy")) {
      local.append("`\(key)` of service `\(name)` is not carried over")
    }
    for key in service.unknownKeys {
      local.append("`\(key.text)` of service `\(name)` is not a compose key; left out")
    }
    container.notes = local
    foldDomainName(&container)
    return container
  }

  static func portText(_ port: PortMapping) -> String {
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

  /// A command or entrypoint as exec-form words, with compose variables as references.
  static func words(_ value: Container.Words, _ variables: [String: String], _ notes: inout [String], _ what: String)
    -> [SourceValue]
  {
    switch value {
    case .list(let items): return items.map { $0.retexted(containerValue($0.text, variables, &notes, what)) }
    case .string(let text):
      return splitWords(containerValue(text.text, variables, &notes, what)).map { text.retexted($0) }
    }
  }

  /// Splits a command string into words as Compose does (shell-like: quotes group, no expansions).
  static func splitWords(_ text: String) -> [String] {
    let script = ShellReader.parse(Array(text.utf8), dialect: .bash)
    return script.commands.first.map { command in
      command.words.map { $0.staticValue ?? $0.rawText.quoteRemoved }
    } ?? []
  }

  /// The health check with its test as one podman `--health-cmd` (a shell command, or a JSON array for
  /// `CMD`), compose variables as references.
  static func health(
    _ check: inout Container.Health, _ variables: [String: String], _ notes: inout [String], _ name: String
  ) -> Container.Health {
    let what = "the health check of `\(name)`"
    guard let test = check.test else { return check }
    switch test {
    case .list(let items):
      let words = items.map { containerValue($0.text, variables, &notes, what) }
      let at = items.first ?? SourceValue(text: "", range: .at(0), valueRange: nil, context: .opaque)
      switch words.first {
      case "NONE":
        check.disabled = true
        check.test = nil
      case "CMD-SHELL": check.test = .string(at.retexted(words.dropFirst().joined(separator: " ")))
      case "CMD": check.test = .string(at.retexted(JSONText.array(Array(words.dropFirst()))))
      default: check.test = .string(at.retexted(JSONText.array(words)))
      }
    case .string(let text): check.test = .string(text.retexted(containerValue(text.text, variables, &notes, what)))
    }
    return check
  }
}

/// Builds `ProjectPlan`s for the emitters: converts the input with the normal pipeline, then reads the
/// migrated text back (see `ContainerPlan` for why).
public enum EmitPlanner {
  /// What planning produced: the plan, and the conversion it was read from (its findings are reported).
  public struct Outcome: Sendable {
    public var plan: ProjectPlan
    public var conversion: ConversionResult
  }

  /// Converts `source` (a compose file, or any file holding `docker run`/`create` lines) for `options`,
  /// then plans from the converted text. Throws the parse error when the input does not parse, and a
  /// located error for a dependency cycle.
  /// `folder` is the absolute folder of the file, whose name is the compose project name when the file
  /// sets none (as Compose does).
  /// `variables` are what Compose would interpolate (the `.env` file beside a compose file, then the
  /// environment): substituted before planning where they decide structure, with `${VAR:-default}`
  /// defaults; in what the container is handed (environment, command, …) they stay references
  /// (`VariableReference`), never values. `dotEnv` is that `.env` file, which units then read.
  public static func plan(
    _ source: SourceFile, kind: InputKind, options: ConversionOptions, folder: String? = nil,
    variables: [String: String] = [:], dotEnv: DotEnvFile? = nil
  ) throws -> Outcome {
    // Interpolated first, so the rules see the values Compose would run (`${IMAGE:-nginx}` gets qualified);
    // a file that does not parse is left to the conversion to report.
    var input = source
    if kind == .compose, let interpolated = try? interpolate(source, variables: variables) { input = interpolated }
    let conversion = Converter.convert(input, kind: kind, options: options)
    if let diagnostic = conversion.parseError { throw diagnostic }
    if let error = conversion.internalError { throw MigrateError.internal(error) }
    let migrated = SourceFile(path: source.path, bytes: conversion.output)
    var plan: ProjectPlan
    switch kind {
    case .compose:
      plan = try compose(
        ComposeParser.parse(migrated), path: folder.map { $0 + "/compose.yaml" } ?? source.path,
        variables: variables)
      plan.variableSources = sources(plan.referencedVariables, variables: variables, dotEnv: dotEnv)
    default:
      plan = try runLines(ScriptParser.parse(migrated, kind: kind))
    }
    _ = try plan.startOrder(path: source.path)
    return Outcome(plan: plan, conversion: conversion)
  }

  /// Where each referenced variable's value comes from: the `.env` file (when Compose takes it from there
  /// and not from the environment), the environment, or nowhere.
  static func sources(_ names: [String], variables: [String: String], dotEnv: DotEnvFile?)
    -> ProjectPlan.VariableSources
  {
    var sources = ProjectPlan.VariableSources()
    let fromFile = dotEnv.map { ComposeInterpolation.dotEnv($0.text) } ?? [:]
    let asSystemdReadsIt = dotEnv.map { EnvironmentFileSyntax.systemd($0.text) } ?? [:]
    for name in names {
      if let value = fromFile[name], variables[name] == nil || variables[name] == value {
        sources.fromDotEnv.insert(name)
        if asSystemdReadsIt[name] != value { sources.readDifferentlyBySystemd.insert(name) }
      } else if variables[name] != nil {
        sources.fromEnvironment.insert(name)
      } else {
        sources.unset.insert(name)
      }
    }
    if !sources.fromDotEnv.isEmpty {
      sources.dotEnvPath = dotEnv?.path
      sources.readByPodman = asSystemdReadsIt.keys.filter(readByPodman).sorted()
    }
    return sources
  }

  /// Environment variables podman (or its helpers) reads for itself: set by a unit's `EnvironmentFile=`,
  /// they change where podman keeps its storage, which configuration it loads, or which program runs.
  static func readByPodman(_ name: String) -> Bool {
    let exact: Set<String> = [
      "PATH", "HOME", "USER", "TMPDIR", "REGISTRY_AUTH_FILE", "STORAGE_DRIVER", "STORAGE_OPTS", "LD_PRELOAD",
      "LD_LIBRARY_PATH", "DBUS_SESSION_BUS_ADDRESS", "NOTIFY_SOCKET",
    ]
    return exact.contains(name) || name.hasPrefix("XDG_") || name.hasPrefix("CONTAINERS_")
      || name.hasPrefix("PODMAN_") || name.hasPrefix("CONTAINER_")
  }

  // MARK: compose

  /// The compose text with Compose's interpolation done on every scalar value (not keys), each rewritten
  /// value written as a double-quoted YAML scalar, so the result parses as the same structure.
  /// What the container is handed (`containerValueKeys`) is left out: its variables become references.
  static func interpolate(_ file: SourceFile, variables: [String: String]) throws -> SourceFile {
    guard file.bytes.contains(UInt8(ascii: "$")), let root = try YAMLParser.parse(file).documents.first?.root else {
      return file
    }
    var edits: [TextEdit] = []
    let kept = containerValueRanges(root)
    // Block scalars (`|`, `>`) keep their variables (noted): a quoted scalar in their place would need their
    // indentation rules.
    for (node, isKey) in root.scalars()
    where !isKey && node.value.contains("$") && node.style != .literal && node.style != .folded
      && !kept.contains(where: { $0.lower <= node.range.lower && node.range.upper <= $0.upper })
    {
      let resolved = ComposeInterpolation.resolve(node.value, variables: variables).text
      if resolved != node.value {
        edits.append(TextEdit(replacing: node.range, with: YAMLQuote.doubleQuoted(resolved)))
      }
    }
    guard !edits.isEmpty else { return file }
    return SourceFile(path: file.path, bytes: TextEdit.apply(edits, to: file.bytes))
  }

  /// Service keys whose values are handed to the container rather than deciding what is created: where
  /// passwords and keys are passed, so their variables are never replaced by values.
  static let containerValueKeys = ["environment", "command", "entrypoint", "healthcheck", "labels"]

  /// The byte ranges of every service's `containerValueKeys` values, with the anchored nodes they reach
  /// through aliases and merge keys (an anchor's scalars stand where it is defined).
  static func containerValueRanges(_ root: YAMLNode) -> [ByteRange] {
    guard let services = root.value(forKey: "services")?.resolved, services.isMapping else { return [] }
    var ranges: [ByteRange] = []
    func add(_ node: YAMLNode, depth: Int) {
      // Aliases only point back to completed nodes, so there is no cycle; the depth bounds a deep input.
      guard depth < 64 else { return }
      ranges.append(node.range)
      switch node.kind {
      case .alias: if let target = node.target { add(target, depth: depth + 1) }
      case .mapping:
        for (key, value) in node.pairs {
          add(key, depth: depth + 1)
          add(value, depth: depth + 1)
        }
      case .sequence: for item in node.items { add(item, depth: depth + 1) }
      case .scalar: break
      }
    }
    for (_, service) in services.effectivePairs {
      let node = service.resolved
      guard node.isMapping else { continue }
      for key in containerValueKeys {
        if let value = node.value(forKey: key) { add(value, depth: 0) }
      }
    }
    return ranges
  }

  /// The compose project name: `name:`, else the folder of the file (as Compose derives it).
  static func projectName(_ project: ComposeProject, path: String) -> String {
    if let name = project.name?.text, !name.isEmpty, !ComposeInterpolation.hasVariables(name) {
      return sanitize(name)
    }
    let parts = path.split(separator: "/").map(String.init)
    let folder = parts.count >= 2 ? parts[parts.count - 2] : "project"
    return sanitize(folder == "." || folder == ".." ? "project" : folder)
  }

  /// Lower case letters, digits, `_` and `-` (what Compose allows in a project name).
  static func sanitize(_ name: String) -> String {
    let kept = name.lowercased().unicodeScalars.filter { scalar in
      (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "-"
    }
    let text = String(String.UnicodeScalarView(kept))
    return text.isEmpty ? "project" : text
  }

  /// A compose value as the container sees it: `$$` is a literal `$`; other interpolations are kept as
  /// written (and noted), since the emitted files are not read by Compose.
  static func literal(_ text: String, _ notes: inout [String], _ what: String) -> String {
    var out = ""
    var variable = false
    for segment in ComposeInterpolation.segments(text) {
      switch segment {
      case .literal(let value): out += value
      case .escapedDollar: out += "$"
      case .variable(_, let written):
        out += written
        variable = true
      }
    }
    if variable { notes.append("\(what) uses a variable (\(text)); it is written as is, set it by hand") }
    return out
  }

  /// A compose value handed to the container (environment, command, entrypoint, health check, label) as
  /// the container sees it, `$$` read as `$`, with each variable a `VariableReference` instead of its value.
  /// Operators are decided here, from whether the variable is set (`variables`), never from its value:
  /// `${V:-default}` is the reference when V is set (non-empty) and the default otherwise, `${V:+alt}` the
  /// alternative when set, `${V:?message}` the reference. `$(…)` and names sh and systemd cannot expand
  /// are kept as written (and noted).
  static func containerValue(
    _ text: String, _ variables: [String: String], _ notes: inout [String], _ what: String
  ) -> String {
    var out = ""
    var unexpandable = false
    for segment in ComposeInterpolation.segments(text) {
      switch segment {
      case .literal(let value): out += VariableReference.sanitized(value)
      case .escapedDollar: out += "$"
      case .variable(let name, let raw):
        guard !raw.hasPrefix("$("), VariableReference.isValidName(name) else {
          out += VariableReference.sanitized(raw)
          unexpandable = true
          continue
        }
        guard raw.hasPrefix("${") else {
          out += VariableReference.marker(name)
          continue
        }
        // `${NAME<op><word>}`: the operator right after the name.
        let rest = String(
          String.UnicodeScalarView(raw.unicodeScalars.dropFirst(2 + name.unicodeScalars.count).dropLast()))
        let colon = rest.hasPrefix(":")
        let op = colon ? rest.dropFirst().first : rest.first
        let word = String(rest.dropFirst(colon ? 2 : 1))
        let value = variables[name]
        let isSet = value != nil && (!colon || value?.isEmpty == false)
        switch (op, rest.isEmpty) {
        case (_, true): out += VariableReference.marker(name)
        case ("-", _): out += isSet ? VariableReference.marker(name) : containerValue(word, variables, &notes, what)
        case ("+", _): out += isSet ? containerValue(word, variables, &notes, what) : ""
        default: out += VariableReference.marker(name)
        }
      }
    }
    if unexpandable { notes.append("\(what) uses a variable (\(text)); it is written as is, set it by hand") }
    return out
  }

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
      guard case .key(let path) = option.compose, path.count > 1, ["deploy", "blkio_config"].contains(path[0]) else {
        continue
      }
      var value: YAMLNode? = node.resolved
      for key in path { value = value?.value(forKey: key)?.resolved }
      guard let scalar = value?.scalarValue, value?.isNull == false else { continue }
      add(option, values: [scalar], to: &plan, notes: &notes)
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
      guard case .key(let path) = option.compose, path.count > 1, path[0] == root else { return nil }
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

  // MARK: run lines

  static func runLines(_ document: ScriptDocument) throws -> ProjectPlan {
    var containers: [ContainerPlan] = []
    var taken: [String: Int] = [:]
    for command in document.commands {
      guard command.container != nil, var plan = runLine(command) else { continue }
      let count = taken[plan.name, default: 0]
      taken[plan.name] = count + 1
      if count > 0 { plan.name += "-\(count + 1)" }
      containers.append(plan)
    }
    var plan = ProjectPlan(name: nil, containers: containers, fromCompose: false)
    plan.notes = containers.flatMap(\.notes)
    return plan
  }

  /// The service name composerize gives a run line: the image's last path part, without tag or digest.
  static func serviceName(image: String) -> String {
    let repository = ScriptDocument.repository(image)
    return repository.split(separator: "/").last.map(String.init) ?? repository
  }

  static func runLine(_ command: DockerCommand) -> ContainerPlan? {
    let invocation = command.invocation
    var notes: [String] = []
    func text(_ word: ShellWord) -> String {
      if let value = word.staticValue { return value }
      notes.append("`\(word.rawText)` is a shell expansion; it is written as is")
      return word.rawText.replacingQuotes
    }
    guard let imageWord = invocation.image else { return nil }
    let image = text(imageWord)
    var plan = ContainerPlan(name: serviceName(image: image), image: image, anchor: invocation.range)
    let rest = invocation.positionals.dropFirst()
    if !rest.isEmpty { plan.command = rest.map(text) }
    var health = ContainerPlan.Health()
    var hasHealth = false
    for flag in invocation.flags {
      let value = flag.value ?? flag.valueWord.map(text)
      switch flag.name {
      case "name": plan.containerName = value
      case "userns": plan.userns = value
      case "volume": if let value { plan.volumes.append(value) }
      case "mount": if let value { plan.mounts.append(value) }
      case "publish": if let value { plan.ports.append(value) }
      case "env": if let value { plan.environment.append(value) }
      case "env-file": if let value { plan.envFiles.append(value) }
      case "network", "net":
        guard let value else { continue }
        if ContainerSpec.isNamedNetwork(value) { plan.networks.append(value) } else { plan.networkMode = value }
      case "restart": plan.restart = value
      case "health-cmd":
        health.command = value
        hasHealth = true
      case "health-interval": health.interval = value
      case "health-timeout": health.timeout = value
      case "health-retries": health.retries = value
      case "health-start-period": health.startPeriod = value
      case "no-healthcheck":
        health.disabled = true
        hasHealth = true
      case "entrypoint": if let value { plan.entrypoint = [value] }
      case "user": plan.user = value
      case "workdir": plan.workingDir = value
      case "hostname": plan.hostname = value
      case "cap-add": if let value { plan.capAdd.append(value) }
      case "cap-drop": if let value { plan.capDrop.append(value) }
      case "device": if let value { plan.devices.append(value) }
      case "label": if let value { plan.labels.append(value) }
      case "tmpfs": if let value { plan.tmpfs.append(value) }
      case "read-only": plan.readOnly = value.map { $0 != "false" } ?? true
      default:
        if let option = ContainerOption.forFlag(flag.name), option.podmanName == nil {
          add(option, values: [value ?? "true"], to: &plan, notes: &notes)
          continue
        }
        let long = "--" + (ContainerOption.forFlag(flag.name)?.podmanName ?? flag.name)
        if flag.spec?.arity == FlagArity.none || (flag.valueWord == nil && !flag.known) {
          plan.otherArguments.append(value.map { "\(long)=\($0)" } ?? long)
        } else if let value {
          plan.otherArguments.append("\(long)=\(value)")
        }
      }
    }
    if hasHealth { plan.health = health }
    plan.notes = notes
    foldDomainName(&plan)
    // Compose interpolates `$` in every value: a literal `$` (quoted on the run line, so the container's shell
    // or program reads it) is `$$`; an expansion the host shell would do stays a compose variable.
    plan.composeKeys = ComposeMapping.keys(invocation) { word in
      word.staticValue.map(ComposeMapping.literal) ?? word.rawText.replacingQuotes
    }
    return plan
  }
}

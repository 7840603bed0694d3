/// A compose service's settings as podman arguments, through the option table (`ContainerOption`).
extension EmitPlanner {
  /// The settings written first among the other podman arguments of a compose service, in this order
  /// (after a network's aliases and addresses); other keys follow by name, nested keys in table order.
  static let leadingComposeSettings = [
    "privileged", "security-opt", "add-host", "sysctl", "pid", "ipc", "uts", "log-driver", "log-opt", "ulimit",
  ]

  /// A service's settings as the emitters pass them on: switches as bare flags (left out when false),
  /// `host=ip` hosts as `host:ip`, in a fixed order (see `leadingComposeSettings`).
  static func composeOptions(_ options: [Container.OptionValue]) -> [Container.OptionValue] {
    func rank(_ setting: Container.OptionValue) -> (Int, String, Int) {
      if ["network-alias", "ip", "ip6"].contains(setting.flag) { return (0, "", 0) }
      if let index = leadingComposeSettings.firstIndex(of: setting.flag) { return (1 + index, "", 0) }
      if let key = setting.composeKey { return (100, key, 0) }
      return (200, "", ContainerOption.all.firstIndex { $0.flag == setting.flag } ?? 0)
    }
    let kept = options.compactMap { setting -> Container.OptionValue? in
      var copy = setting
      if setting.option?.shape == .flag {
        guard let value = setting.value, isOn(value, setting.flag) else { return nil }
        copy.value = nil
      } else if setting.flag == "add-host", let value = setting.value, let equals = value.text.firstIndex(of: "=") {
        copy.value = value.retexted(
          String(value.text[..<equals]) + ":" + String(value.text[value.text.index(after: equals)...]))
      }
      return copy
    }
    // Ranked once each, then sorted stably by rank.
    return kept.enumerated().map { (rank: rank($0.element), offset: $0.offset, setting: $0.element) }
      .sorted { $0.rank != $1.rank ? $0.rank < $1.rank : $0.offset < $1.offset }.map(\.setting)
  }

  /// True when a compose switch (`init: true`, `tty: yes`) is on: `true` as written, or a plain YAML 1.1
  /// true; `privileged` only for `true` (a privilege is never read into a looser spelling).
  static func isOn(_ value: SourceValue, _ flag: String) -> Bool {
    if value.text == "true" { return true }
    guard flag != "privileged", value.context == .yamlPlain || value.context == .yamlPlainBlock else { return false }
    return YAMLNode.boolValue(ofPlain: value.text) == true
  }

  /// Notes for the service keys kept as nodes that do not reach podman: a key the option table lacks (or
  /// reshapes without a reader), and a setting podman has no option for (with the table's reason).
  static func keyNotes(_ service: ComposeService) -> [String] {
    let name = service.container.name
    var notes: [String] = []
    for (key, node) in service.otherKeys.sorted(by: { $0.key < $1.key }) {
      switch key {
      case "container_name", "working_dir", "hostname", "read_only", "stop_grace_period": continue
      case "blkio_config" where readsAll(node, under: "blkio_config"): continue
      default: break
      }
      guard let option = ContainerOption.forComposeKey(key), case .key = option.compose else {
        notes.append("`\(key)` of service `\(name)` is not carried over")
        continue
      }
      let given =
        !node.resolved.isNull
        && (option.shape != .flag || node.resolved.boolValue == true || node.resolved.scalarValue == "true")
      if given, case .none(let reason) = option.podman, option.flag != "domainname" {
        notes.append("`--\(option.flag)` of `\(name)`: \(reason)")
      }
    }
    return notes
  }

  /// The profiles Compose enables: `--profile` (`profiles`, repeatable) when given, else `COMPOSE_PROFILES`
  /// from the variables (the environment, then `.env`), comma-separated; `*` enables all.
  static func activeProfiles(_ profiles: [String], variables: [String: String]) -> Set<String> {
    let given =
      profiles.isEmpty ? (variables["COMPOSE_PROFILES"] ?? "").split(separator: ",").map(String.init) : profiles
    return Set(given.map(\.trimmingSpaces).filter { !$0.isEmpty })
  }

  /// The services `docker compose up` starts: those without `profiles:` and those in an enabled profile
  /// (see `activeProfiles`). Each service left out gets a note, so the output says why it is missing.
  /// A selected service that depends on one left out is an error, as in Compose ("references to other
  /// services do not automatically enable a component … Compose returns an error", compose spec,
  /// Profiles), unless the dependency says `required: false`; and two selected services whose containers
  /// get one name (`container_name:`) are an error naming both, since one would replace the other.
  static func selectedServices(
    _ project: ComposeProject, variables: [String: String], profiles: [String] = [], path: String = "compose.yaml"
  ) throws -> (names: Set<String>, notes: [String]) {
    let active = activeProfiles(profiles, variables: variables)
    func enabled(_ service: ComposeService) -> Bool {
      service.profiles.isEmpty || active.contains("*") || service.profiles.contains { active.contains($0.text) }
    }
    let names = Set(project.services.filter(enabled).map(\.name.text))
    var notes: [String] = []
    for service in project.services where names.contains(service.name.text) {
      for dependency in service.container.dependsOn where !names.contains(dependency.service.text) {
        guard let other = project.services.first(where: { $0.name.text == dependency.service.text }) else {
          continue
        }
        let profiles = other.profiles.map(\.text)
        if !isRequired(dependency.service.text, of: service) {
          notes.append(
            "service `\(service.name.text)` depends on `\(other.name.text)` (required: false), which is in profile "
              + "\(profiles.joined(separator: ", ")), not enabled: started without it")
          continue
        }
        throw ParseDiagnostic(
          stage: "compose", path: path, range: dependency.service.range,
          problem: "service `\(service.name.text)` depends on `\(other.name.text)`, which is in profile "
            + "\(profiles.joined(separator: ", ")), not enabled (Compose refuses this too): add "
            + profiles.map { "--profile \($0)" }.joined(separator: " or ")
            + ", or give the dependency `required: false`")
      }
    }
    var byName: [String: ComposeService] = [:]
    for service in project.services where names.contains(service.name.text) {
      guard let name = service.container.containerName, !name.text.isEmpty else { continue }
      if let first = byName[name.text] {
        let advice =
          first.profiles.isEmpty && service.profiles.isEmpty
          ? "rename one" : "enable the profile of only one of them (--profile), or rename one"
        throw ParseDiagnostic(
          stage: "compose", path: path, range: name.range,
          problem: "services `\(first.name.text)` and `\(service.name.text)` both name their container "
            + "`\(name.text)` (`container_name`): only one can run; \(advice)")
      }
      byName[name.text] = service
    }
    for service in project.services where !names.contains(service.name.text) {
      let profiles = service.profiles.map(\.text).joined(separator: ", ")
      notes.append(
        "service `\(service.name.text)` is in profile \(profiles), which is not enabled: left out, as `docker "
          + "compose up` does (add --profile \(service.profiles.first?.text ?? "") to include it)")
    }
    return (names, notes)
  }

  /// False when `service`'s long-form `depends_on` entry for `dependency` says `required: false` (Compose
  /// then starts the service without it).
  static func isRequired(_ dependency: String, of service: ComposeService) -> Bool {
    guard let entry = service.node.value(forKey: "depends_on")?.resolved.value(forKey: dependency)?.resolved,
      entry.isMapping, let required = entry.value(forKey: "required")?.resolved
    else { return true }
    return required.boolValue != false
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
  static func foldDomainName(_ container: inout Container) {
    guard let domain = container.domainName?.text, !domain.isEmpty else { return }
    let host = container.hostname?.text ?? container.containerName?.text ?? container.name
    let qualified = Container.qualifiedHostname(host, domain: domain)
    container.hostname = (container.hostname ?? container.anchorValue(qualified)).retexted(qualified)
    container.domainName = nil
    container.notes.append(
      "podman has no `--domainname`: `\(container.name)` gets the fully qualified hostname \(qualified)")
  }
}

extension Container {
  /// `host.domain`, the fully qualified hostname podman gets in place of Docker's `--domainname` (`host`
  /// unchanged when it already ends in the domain).
  static func qualifiedHostname(_ host: String, domain: String) -> String {
    host.hasSuffix("." + domain) ? host : "\(host).\(domain)"
  }

  /// A value made by the planner, located at the container's anchor.
  func anchorValue(_ text: String) -> SourceValue {
    SourceValue(text: text, range: self.anchorRange, valueRange: nil, context: .opaque)
  }
}

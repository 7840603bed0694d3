/// Quadlet `.container`, `.volume` and `.network` files (podman 4.4+); each setting's key comes from the
/// option table, used only when the target's podman has it.
extension UnitEmitter {
  /// The plan's own fields in the order a `.container` file writes them, by option (`Container.emitted`).
  static let quadletOrder = [
    "volume", "mount", "tmpfs", "publish", "env-file", "env", "user", "workdir", "cap-add", "cap-drop", "device",
    "label",
  ]

  /// The file name (without suffix) of a project's network or volume: `PROJECT-NAME`.
  static func quadletBase(_ name: String, plan: ProjectPlan) -> String {
    unitSafe(plan.name.map { "\($0)-\(name)" } ?? name)
  }

  static func quadletNetwork(
    _ network: (name: String, podmanName: String, driver: String?, external: Bool), plan: ProjectPlan
  ) -> EmittedFile {
    let base = quadletBase(network.name, plan: plan)
    var lines = ["[Network]", "NetworkName=\(SystemdQuote.value(network.podmanName))"]
    if let driver = network.driver { lines.append("Driver=\(SystemdQuote.value(driver))") }
    return EmittedFile(name: base + ".network", text: lines.joined(separator: "\n") + "\n")
  }

  static func quadletVolume(_ volume: (name: String, podmanName: String, external: Bool), plan: ProjectPlan)
    -> EmittedFile
  {
    let base = quadletBase(volume.name, plan: plan)
    let lines = ["[Volume]", "VolumeName=\(SystemdQuote.value(volume.podmanName))"]
    return EmittedFile(name: base + ".volume", text: lines.joined(separator: "\n") + "\n")
  }

  static func quadletContainer(
    _ original: Container, plan: ProjectPlan, options: ConversionOptions, source: String
  ) -> EmittedFile {
    let container = resolved(original, plan: plan)
    let name = unitName(container, plan: plan)
    var lines = header("\(name).container: \(describe(container, plan: plan))", options: options, source: source)
    lines += notes(container, plan: plan)
    lines += variableNotes(container, plan: plan, source: source)
    lines += [
      "[Unit]", "Description=\(SystemdQuote.value(describe(container, plan: plan).replacingAll("`", with: "")))",
    ]
    let dependencies = container.dependsOn.map { unitName(service: $0.service.text, plan: plan) + ".service" }
    if !dependencies.isEmpty {
      lines.append("Requires=\(dependencies.joined(separator: " "))")
      lines.append("After=\(dependencies.joined(separator: " "))")
    }
    lines += ["", "[Container]", "Image=\(SystemdQuote.quadletValue(container.imageText))"]
    lines.append("ContainerName=\(SystemdQuote.quadletValue(plan.containerName(container)))")
    var podmanArgs: [String] = []
    /// `KEY=value` when the target's podman has the setting's Quadlet key (`ContainerOption`), else the podman
    /// argument in `PodmanArgs=`.
    func set(_ flag: String, _ value: String, quote: (String) -> String = SystemdQuote.quadletValue) {
      let option = ContainerOption.forFlag(flag) ?? ContainerOption.forPodmanArgument(flag)
      if let key = option?.quadletKey(on: options.target) {
        lines.append("\(key)=\(quote(value))")
      } else {
        let name = option?.podmanName ?? flag
        podmanArgs.append(option?.shape == .flag ? "--\(name)" : "--\(name)=\(value)")
      }
    }
    if let userns = container.userns { set("userns", userns.text) }
    let networkFiles = Dictionary(
      plan.networks.map { network in
        (network.name, network.external ? network.podmanName : quadletBase(network.name, plan: plan) + ".network")
      }, uniquingKeysWith: { a, _ in a })
    if let mode = container.networkMode {
      lines.append("Network=\(SystemdQuote.quadletValue(mode.text))")
    } else {
      for network in container.networks.map(\.text) {
        lines.append("Network=\(SystemdQuote.quadletValue(networkFiles[network] ?? network))")
      }
      if plan.fromCompose && !container.networks.isEmpty { set("network-alias", container.name) }
    }
    if let hostname = container.hostname { set("hostname", hostname.text) }
    let volumeFiles = Dictionary(
      plan.volumes.map { volume in
        (volume.name, volume.external ? volume.podmanName : quadletBase(volume.name, plan: plan) + ".volume")
      }, uniquingKeysWith: { a, _ in a })
    for flag in quadletOrder {
      for value in container.emitted(flag) {
        switch flag {
        case "volume": set(flag, Container.renamingVolume(value, volumeFiles))
        case "label": set(flag, value, quote: SystemdQuote.quadletListItem)
        case "env":
          // `Environment=KEY=VALUE`; a bare `KEY` (taken from podman's environment) has no Quadlet form.
          guard let equals = value.firstIndex(of: "=") else {
            podmanArgs += ["--env", value]
            continue
          }
          let key = String(value[..<equals])
          let text = String(value[value.index(after: equals)...])
          lines.append("Environment=\(SystemdQuote.quadletEnvironmentAssignment(key, text))")
        default: set(flag, value)
        }
      }
    }
    if container.isReadOnly { set("read-only", "true") }
    if let health = container.health {
      if health.disabled {
        set("no-healthcheck", "true")
      } else if let command = container.healthCommand {
        set("health-cmd", command)
        if let value = health.interval { set("health-interval", value.text) }
        if let value = health.timeout { set("health-timeout", value.text) }
        if let value = health.retries { set("health-retries", value.text) }
        if let value = health.startPeriod { set("health-start-period", value.text) }
      }
    }
    // The other podman arguments, as Quadlet keys where the target has them.
    for argument in container.otherArguments {
      let parts = argument.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
      guard argument.hasPrefix("--"), let name = parts.first, let option = ContainerOption.forPodmanArgument(name),
        option.quadletKey(on: options.target) != nil
      else {
        podmanArgs.append(argument)
        continue
      }
      set(name, parts.count == 2 ? parts[1] : "true")
    }
    if let entrypoint = container.entrypointWords {
      if let key = ContainerOption.forFlag("entrypoint")?.quadletKey(on: options.target) {
        lines.append("\(key)=\(SystemdQuote.quadletValue(Container.entrypointArgument(entrypoint)))")
      } else {
        podmanArgs += ["--entrypoint", Container.entrypointArgument(entrypoint)]
      }
    }
    if !podmanArgs.isEmpty { lines.append("PodmanArgs=\(SystemdQuote.commandLine(podmanArgs))") }
    if let command = container.commandWords, !command.isEmpty {
      lines.append("Exec=\(SystemdQuote.commandLine(command))")
    }
    lines += ["", "[Service]"]
    lines += environmentFile(container, plan: plan)
    lines += createBindSources(container)
    lines += restartSettings(container.restart?.text)
    // Image pulls can take longer than systemd's default 90 s start timeout.
    lines.append("TimeoutStartSec=900")
    lines += ["", "[Install]", "WantedBy=\(wantedBy(options))"]
    return EmittedFile(
      name: name + ".container", text: VariableReference.systemd(lines.joined(separator: "\n") + "\n"),
      secretKeys: container.literalSecretKeys)
  }
}

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
    _ network: (name: String, podmanName: String, driver: String?, external: Bool), plan: ProjectPlan,
    options: ConversionOptions
  ) -> EmittedFile {
    let base = quadletBase(network.name, plan: plan)
    var lines: [String] = []
    if let key = QuadletKey.key(.network, "NetworkName", on: options.target) {
      lines = ["[Network]", "\(key)=\(SystemdQuote.value(network.podmanName))"]
    } else {
      lines = [
        "# \(podmanOf(options))'s Quadlet has no NetworkName= (4.7): podman names this network systemd-\(base), "
          + "not \(network.podmanName).", "[Network]",
      ]
    }
    if let driver = network.driver, let key = QuadletKey.key(.network, "Driver", on: options.target) {
      lines.append("\(key)=\(SystemdQuote.value(driver))")
    }
    return EmittedFile(name: base + ".network", text: lines.joined(separator: "\n") + "\n")
  }

  static func quadletVolume(
    _ volume: (name: String, podmanName: String, external: Bool), plan: ProjectPlan, options: ConversionOptions
  ) -> EmittedFile {
    let base = quadletBase(volume.name, plan: plan)
    var lines: [String] = []
    if let key = QuadletKey.key(.volume, "VolumeName", on: options.target) {
      lines = ["[Volume]", "\(key)=\(SystemdQuote.value(volume.podmanName))"]
    } else {
      lines = [
        "# \(podmanOf(options))'s Quadlet has no VolumeName= (4.7): podman names this volume systemd-\(base), "
          + "not \(volume.podmanName).", "[Volume]",
      ]
    }
    return EmittedFile(name: base + ".volume", text: lines.joined(separator: "\n") + "\n")
  }

  /// The `.network` file of each project network (the podman name for external ones), by compose name.
  static func networkFiles(_ plan: ProjectPlan) -> [String: String] {
    Dictionary(
      plan.networks.map { network in
        (network.name, network.external ? network.podmanName : quadletBase(network.name, plan: plan) + ".network")
      }, uniquingKeysWith: { a, _ in a })
  }

  static func quadletContainer(
    _ original: Container, plan: ProjectPlan, options: ConversionOptions, source: String,
    family: QuadletFamily = QuadletFamily()
  ) -> EmittedFile {
    let container = resolved(original, plan: plan)
    let target = options.target
    let name = unitName(container, plan: plan)
    let pod = family.podOf[container.name].map { family.pods[$0] }
    let build = family.builds[container.name]
    let image = family.images[container.name]
    var lines = header("\(name).container: \(describe(container, plan: plan))", options: options, source: source)
    var described = container
    if build != nil {
      // The `.build` unit builds it: the note to build it first does not apply.
      described.notes.removeAll { $0 == EmitPlanner.buildFirstNote(container.name, image: container.imageText) }
    }
    lines += notes(described, plan: plan, healthy: family.notifiesHealthy)
    lines += familyNotes(container, family: family, plan: plan, options: options)
    lines += variableNotes(container, plan: plan, source: source)
    lines += [
      "[Unit]", "Description=\(SystemdQuote.value(describe(container, plan: plan).replacingAll("`", with: "")))",
    ]
    var dependencies = container.dependsOn.map { unitName(service: $0.service.text, plan: plan) + ".service" }
    if let joined = family.joins[container.name], !dependencies.contains(joined) { dependencies.append(joined) }
    if !dependencies.isEmpty {
      lines.append("Requires=\(dependencies.joined(separator: " "))")
      lines.append("After=\(dependencies.joined(separator: " "))")
    }
    let imageValue = build.map { $0 + ".build" } ?? image.map { $0 + ".image" } ?? container.imageText
    lines += ["", "[Container]", "Image=\(SystemdQuote.quadletValue(imageValue))"]
    lines.append("ContainerName=\(SystemdQuote.quadletValue(plan.containerName(container)))")
    if let pod, let key = QuadletKey.key(.container, "Pod", on: target) {
      lines.append("\(key)=\(SystemdQuote.quadletValue(pod.base + ".pod"))")
    }
    var podmanArgs: [String] = []
    /// `KEY=value` when the target's podman has the setting's Quadlet key (`ContainerOption`), else the podman
    /// argument in `PodmanArgs=`. A pod member's network settings are the pod's (`podFlags`).
    func set(_ flag: String, _ value: String, quote: (String) -> String = SystemdQuote.quadletValue) {
      let option = ContainerOption.forFlag(flag) ?? ContainerOption.forPodmanArgument(flag)
      if pod != nil, podFlags.contains(option?.flag ?? flag) { return }
      if image != nil, option?.flag == "pull" { return }
      if let key = option?.quadletKey(on: target) {
        lines.append("\(key)=\(quote(value))")
      } else {
        let name = option?.podmanName ?? flag
        podmanArgs.append(option?.shape == .flag ? "--\(name)" : "--\(name)=\(value)")
      }
    }
    if let userns = container.userns, pod == nil {
      if target.supports(.quadletUserNS) {
        set("userns", userns.text)
      } else if let remap = remapUsers(userns.text, options: options) {
        lines += remap
      } else {
        podmanArgs.append("--userns=\(userns.text)")
      }
    }
    let networkFiles = networkFiles(plan)
    if pod != nil {
      // The pod joins the networks.
    } else if let mode = container.networkMode {
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
    // Started (for systemd) once healthy: units that wait for it with `service_healthy` start then (5.0).
    if family.notifiesHealthy.contains(container.name), let key = QuadletKey.key(.container, "Notify", on: target) {
      lines.append("\(key)=healthy")
    }
    // The other podman arguments, as Quadlet keys where the target has them.
    for argument in container.otherArguments {
      let parts = argument.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
      guard argument.hasPrefix("--"), let name = parts.first, let option = ContainerOption.forPodmanArgument(name),
        option.quadletKey(on: target) != nil || pod != nil || image != nil
      else {
        podmanArgs.append(argument)
        continue
      }
      set(name, parts.count == 2 ? parts[1] : "true")
    }
    if let entrypoint = container.entrypointWords {
      if let key = ContainerOption.forFlag("entrypoint")?.quadletKey(on: target) {
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
    // Image pulls (and builds) can take longer than systemd's default 90 s start timeout.
    lines.append("TimeoutStartSec=900")
    lines += ["", "[Install]", "WantedBy=\(wantedBy(options))"]
    return EmittedFile(
      name: name + ".container", text: VariableReference.systemd(lines.joined(separator: "\n") + "\n"),
      secretKeys: container.literalSecretKeys)
  }

  /// Quadlet 4.4's `RemapUsers=` for a `--userns` value it can say (`auto`, `auto:size=N`, and `keep-id` for
  /// user units, which 4.4 refuses in system units); nil for others, which go in `PodmanArgs=`.
  static func remapUsers(_ value: String, options: ConversionOptions) -> [String]? {
    if value == "auto" { return ["RemapUsers=auto"] }
    if value.hasPrefix("auto:size="), let size = Int(value.dropFirst("auto:size=".count)) {
      return ["RemapUsers=auto", "RemapUidSize=\(size)"]
    }
    if value == "keep-id" && options.mode == .rootless { return ["RemapUsers=keep-id"] }
    return nil
  }
}

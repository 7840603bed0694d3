/// Turns an inspected container back into the `docker run` line a person would have written: every setting
/// that differs from what Docker fills in by itself (the image's environment, command, entrypoint, user,
/// working folder, labels, exposed ports and health check; the default network, log driver, shm size, IPC
/// mode, hostname), in a stable order.
public struct CapturedRunLine: Sendable {
  /// The words after `docker`: `run -d --name web … IMAGE ARGS…`.
  public var words: [String]
  /// What the line cannot say, one sentence each (written as comments above it).
  public var notes: [String]

  /// Docker's own default `PATH`, which `docker run` sets when the image has none.
  static let defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  /// Labels docker-compose and the engine add by themselves.
  static let generatedLabelPrefixes = ["com.docker.compose.", "com.docker.stack.", "com.docker.swarm."]

  /// With `withholdSecrets`, a secret-looking variable (`DB_PASSWORD=…`) is written as `-e DB_PASSWORD`, which
  /// takes its value from the environment the line runs in, and a note says so: the line is printed, and
  /// whatever captures the output must not become a copy of the secret.
  public init(
    _ container: InspectedContainer, in inspect: DockerInspect, verb: String = "run", withholdSecrets: Bool = false
  ) {
    let image = inspect.image(of: container)
    let defaults = image?.config ?? ContainerConfig()
    let config = container.config
    var words = [verb]
    var notes: [String] = []
    func add(_ flag: String, _ value: String) { words += [flag, value] }

    if verb == "run" { words.append("-d") }
    if !container.name.isEmpty { add("--name", container.name) }
    if container.autoRemove { words.append("--rm") }
    if container.openStdin { words.append("-i") }
    if container.tty { words.append("-t") }

    // Identity and process.
    let defaultHostname = String(container.id.prefix(12))
    if !container.hostname.isEmpty && container.hostname != defaultHostname && container.networkMode != "host"
      && !container.networkMode.hasPrefix("container:") && container.utsMode != "host"
    {
      add("--hostname", container.hostname)
    }
    if !container.domainname.isEmpty { add("--domainname", container.domainname) }
    if config.user != defaults.user { add("--user", config.user.isEmpty ? "0" : config.user) }
    if !config.workingDir.isEmpty && config.workingDir != defaults.workingDir {
      add("--workdir", config.workingDir)
    }
    for group in container.groupAdd { add("--group-add", group) }
    let imageEnv = Set(defaults.env)
    for entry in config.env where !imageEnv.contains(entry) {
      if image == nil && entry == Self.defaultPath { continue }
      let key = String(entry.prefix { $0 != "=" })
      if withholdSecrets && entry.count > key.count + 1 && SecretName.looksSecret(key) {
        add("-e", key)
        notes.append(
          "the value of \(key) is not printed: export \(key) before running this line (or capture with --show-secrets)")
        continue
      }
      add("-e", entry)
    }
    for (key, value) in config.labels.sorted(by: { $0.key < $1.key }) where defaults.labels[key] != value {
      if Self.generatedLabelPrefixes.contains(where: key.hasPrefix) { continue }
      add("--label", value.isEmpty ? key : "\(key)=\(value)")
    }

    // Restart, lifetime, signals.
    switch container.restartName {
    case "", "no": break
    case "on-failure" where container.restartRetries > 0: add("--restart", "on-failure:\(container.restartRetries)")
    default: add("--restart", container.restartName)
    }
    if let signal = config.stopSignal, signal != (defaults.stopSignal ?? "SIGTERM") {
      add("--stop-signal", signal)
    }
    if let timeout = container.stopTimeout { add("--stop-timeout", String(timeout)) }
    if container.initProcess { words.append("--init") }

    // Networking.
    let primary = Self.primaryNetwork(container, inspect)
    if let primary { add("--network", primary) }
    let joinsNetworks = primary.map { !Self.isNamespaceMode($0) } ?? false
    for attachment in container.networks
    where joinsNetworks && attachment.name != primary && !Self.isDefaultNetwork(attachment.name) {
      notes.append(
        "also attached to network \(attachment.name): `docker network connect \(attachment.name) \(container.name)`")
    }
    if let primary, let attachment = container.networks.first(where: { $0.name == primary }) {
      for alias in Self.userAliases(attachment, container) { add("--network-alias", alias) }
      if let ip = attachment.ipv4Address { add("--ip", ip) }
    }
    if let mac = container.macAddress { add("--mac-address", mac) }
    for binding in container.portBindings { add("-p", Self.portText(binding)) }
    if container.publishAll { words.append("-P") }
    let published = Set(container.portBindings.map(\.containerPort))
    for port in config.exposedPorts where !defaults.exposedPorts.contains(port) && !published.contains(port) {
      add("--expose", port.hasSuffix("/tcp") ? String(port.dropLast(4)) : port)
    }
    for server in container.dns { add("--dns", server) }
    for option in container.dnsOptions { add("--dns-option", option) }
    for domain in container.dnsSearch { add("--dns-search", domain) }
    for host in container.extraHosts { add("--add-host", host) }
    for link in container.links { add("--link", Self.linkText(link)) }

    // Storage.
    let declared = Set(
      container.binds.compactMap { Self.bindTarget($0) } + container.mountSpecs.map(\.target)
        + container.tmpfs.map(\.0))
    for bind in container.binds { add("-v", bind) }
    for mount in container.mountSpecs { add("--mount", Self.mountText(mount)) }
    for mount in container.mounts where mount.type == "volume" && !declared.contains(mount.destination) {
      // An anonymous volume (the image's VOLUME or `-v /path`): named here so its data can be moved.
      guard let name = mount.name, !Self.inheritedFromVolumesFrom(mount, container, inspect) else { continue }
      add("-v", "\(name):\(mount.destination)" + (mount.readWrite ? "" : ":ro"))
      notes.append(
        "anonymous volume at \(mount.destination) is named \(name) (its Docker name) so `migrate data` can move it")
    }
    for (path, options) in container.tmpfs { add("--tmpfs", options.isEmpty ? path : "\(path):\(options)") }
    for source in container.volumesFrom { add("--volumes-from", Self.containerName(source, inspect)) }
    if container.readOnly { words.append("--read-only") }
    if container.shmSize != 0 && container.shmSize != 64 * 1024 * 1024 && container.ipcMode != "host" {
      add("--shm-size", Self.bytesText(container.shmSize))
    }

    // Privileges and namespaces.
    if container.privileged { words.append("--privileged") }
    for cap in container.capAdd { add("--cap-add", cap) }
    for cap in container.capDrop { add("--cap-drop", cap) }
    for option in container.securityOpt { add("--security-opt", option) }
    for device in container.devices {
      var text = device.host
      if device.container != device.host || device.permissions != "rwm" { text += ":\(device.container)" }
      if device.permissions != "rwm" { text += ":\(device.permissions)" }
      add("--device", text)
    }
    if !["", "private", "shareable"].contains(container.ipcMode) {
      add("--ipc", Self.namespaceText(container.ipcMode, inspect))
    }
    if !container.pidMode.isEmpty { add("--pid", Self.namespaceText(container.pidMode, inspect)) }
    if !container.utsMode.isEmpty { add("--uts", container.utsMode) }
    if !container.usernsMode.isEmpty { add("--userns", container.usernsMode) }
    if container.cgroupnsMode == "private" { add("--cgroupns", "private") }
    for (key, value) in container.sysctls { add("--sysctl", "\(key)=\(value)") }

    // Resources.
    if container.memory > 0 { add("--memory", Self.bytesText(container.memory)) }
    if container.memoryReservation > 0 { add("--memory-reservation", Self.bytesText(container.memoryReservation)) }
    if container.memorySwap != 0 && container.memorySwap != container.memory * 2 {
      add("--memory-swap", container.memorySwap < 0 ? "-1" : Self.bytesText(container.memorySwap))
    }
    if container.nanoCPUs > 0 { add("--cpus", Self.cpusText(container.nanoCPUs)) }
    if container.cpuShares > 0 { add("--cpu-shares", String(container.cpuShares)) }
    if !container.cpusetCPUs.isEmpty { add("--cpuset-cpus", container.cpusetCPUs) }
    if let pids = container.pidsLimit, pids != 0 { add("--pids-limit", String(pids)) }
    for limit in container.ulimits {
      add(
        "--ulimit",
        limit.soft == limit.hard ? "\(limit.name)=\(limit.soft)" : "\(limit.name)=\(limit.soft):\(limit.hard)")
    }
    if container.oomKillDisable { words.append("--oom-kill-disable") }
    if container.oomScoreAdj != 0 { add("--oom-score-adj", String(container.oomScoreAdj)) }
    if !container.cgroupParent.isEmpty { add("--cgroup-parent", container.cgroupParent) }
    if !["", "runc"].contains(container.runtime) { add("--runtime", container.runtime) }

    // Logging.
    if container.logDriver != "json-file" || !container.logOptions.isEmpty {
      if container.logDriver != "json-file" { add("--log-driver", container.logDriver) }
      for (key, value) in container.logOptions { add("--log-opt", "\(key)=\(value)") }
    }

    // Health.
    if config.healthcheck != defaults.healthcheck, let health = config.healthcheck {
      words += Self.healthWords(health)
    }

    // Entrypoint, image, command.
    let entrypoint = config.entrypoint ?? []
    var arguments = config.cmd ?? []
    if entrypoint != (defaults.entrypoint ?? []) {
      add("--entrypoint", entrypoint.first ?? "")
      arguments = Array(entrypoint.dropFirst()) + arguments
    } else if arguments == (defaults.cmd ?? []) {
      arguments = []
    }
    words.append(Self.imageText(container, image))
    words += arguments
    self.words = words
    self.notes = notes
  }

  /// The whole line, quoted for a POSIX shell.
  public var text: String { "docker " + ShellQuote.joinArguments(words) }

  // MARK: - Pieces

  static func isDefaultNetwork(_ name: String) -> Bool { ["default", "bridge"].contains(name) }
  static func isNamespaceMode(_ mode: String) -> Bool {
    mode == "host" || mode == "none" || mode.hasPrefix("container:")
  }

  /// The `--network` value, or nil for Docker's default bridge.
  static func primaryNetwork(_ container: InspectedContainer, _ inspect: DockerInspect) -> String? {
    let mode = container.networkMode
    if isDefaultNetwork(mode) || mode.isEmpty { return nil }
    if mode.hasPrefix("container:") { return "container:" + containerName(String(mode.dropFirst(10)), inspect) }
    if mode == "host" || mode == "none" { return mode }
    return inspect.network(mode)?.name ?? mode
  }

  /// Aliases the user gave: without the container's short ID and, for compose containers, the service name
  /// and container name compose adds by itself.
  static func userAliases(_ attachment: InspectedContainer.NetworkAttachment, _ container: InspectedContainer)
    -> [String]
  {
    let automatic = Set([String(container.id.prefix(12)), container.name, container.composeService ?? ""])
    return attachment.aliases.filter { !automatic.contains($0) }
  }

  static func portText(_ binding: InspectedContainer.PortBinding) -> String {
    var port = binding.containerPort
    if port.hasSuffix("/tcp") { port.removeLast(4) }
    let ip = ["", "0.0.0.0", "::"].contains(binding.hostIP) ? "" : binding.hostIP
    let hostIP = ip.contains(":") ? "[\(ip)]" : ip
    switch (hostIP.isEmpty, binding.hostPort.isEmpty) {
    case (true, true): return port
    case (true, false): return "\(binding.hostPort):\(port)"
    case (false, _): return "\(hostIP):\(binding.hostPort):\(port)"
    }
  }

  /// `/db:/web/database` (docker's stored form) as `db:database`.
  static func linkText(_ link: String) -> String {
    let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
    let source = parts[0].hasPrefix("/") ? String(parts[0].dropFirst()) : parts[0]
    guard parts.count == 2 else { return source }
    let alias = parts[1].split(separator: "/").last.map(String.init) ?? parts[1]
    return alias == source ? source : "\(source):\(alias)"
  }

  /// The container path of a `-v` bind (`src:dst[:opts]`), or of an anonymous `-v /dst`.
  static func bindTarget(_ bind: String) -> String? {
    let parts = bind.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    return parts.count >= 2 ? parts[1] : parts.first
  }

  static func mountText(_ mount: InspectedContainer.MountSpec) -> String {
    var fields = ["type=\(mount.type)"]
    if !mount.source.isEmpty { fields.append("source=\(mount.source)") }
    fields.append("target=\(mount.target)")
    if mount.readOnly { fields.append("readonly") }
    fields += mount.options
    return fields.joined(separator: ",")
  }

  /// A volume that came with `--volumes-from`: the source container's mount at the same place and name.
  static func inheritedFromVolumesFrom(
    _ mount: InspectedContainer.MountPoint, _ container: InspectedContainer, _ inspect: DockerInspect
  ) -> Bool {
    container.volumesFrom.contains { reference in
      let name = String(reference.split(separator: ":").first ?? "")
      return inspect.container(name)?.mounts.contains { $0.name == mount.name } ?? false
    }
  }

  /// A container's name for a reference by ID or name; the reference itself when the container was not read.
  static func containerName(_ reference: String, _ inspect: DockerInspect) -> String {
    let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
    let name = inspect.container(parts[0])?.name ?? parts[0]
    return parts.count == 2 ? "\(name):\(parts[1])" : name
  }

  static func namespaceText(_ mode: String, _ inspect: DockerInspect) -> String {
    mode.hasPrefix("container:") ? "container:" + containerName(String(mode.dropFirst(10)), inspect) : mode
  }

  /// Bytes in the largest unit that divides them (`512m`, `2g`), as docker's flags take them.
  static func bytesText(_ bytes: Int64) -> String {
    for (unit, size) in [("g", Int64(1) << 30), ("m", Int64(1) << 20), ("k", Int64(1) << 10)]
    where bytes % size == 0 {
      return "\(bytes / size)\(unit)"
    }
    return "\(bytes)b"
  }

  static func cpusText(_ nano: Int64) -> String {
    let whole = nano / 1_000_000_000
    var fraction = String(nano % 1_000_000_000)
    if fraction == "0" { return String(whole) }
    fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return "\(whole).\(fraction)"
  }

  /// Nanoseconds as a Go duration (`30s`, `1m30s`, `500ms`).
  static func durationText(_ nano: Int64) -> String {
    if nano % 1_000_000_000 != 0 { return "\(nano / 1_000_000)ms" }
    var seconds = nano / 1_000_000_000
    var text = ""
    if seconds >= 3600 {
      text += "\(seconds / 3600)h"
      seconds %= 3600
    }
    if seconds >= 60 {
      text += "\(seconds / 60)m"
      seconds %= 60
    }
    if seconds > 0 || text.isEmpty { text += "\(seconds)s" }
    return text
  }

  static func healthWords(_ health: Healthcheck) -> [String] {
    guard let kind = health.test.first else { return [] }
    if kind == "NONE" { return ["--no-healthcheck"] }
    let command: String
    switch kind {
    case "CMD-SHELL": command = health.test.dropFirst().joined(separator: " ")
    case "CMD": command = ShellQuote.join(Array(health.test.dropFirst()))
    default: command = ShellQuote.join(health.test)
    }
    var words = ["--health-cmd", command]
    if health.interval > 0 { words += ["--health-interval", durationText(health.interval)] }
    if health.timeout > 0 { words += ["--health-timeout", durationText(health.timeout)] }
    if health.startPeriod > 0 { words += ["--health-start-period", durationText(health.startPeriod)] }
    if health.retries > 0 { words += ["--health-retries", String(health.retries)] }
    return words
  }

  /// The image as the user named it; by its tag when the container was created from a bare ID.
  static func imageText(_ container: InspectedContainer, _ image: InspectedImage?) -> String {
    let reference = container.imageReference
    let bareID =
      reference.hasPrefix("sha256:") || (reference.count >= 12 && container.imageID.hasPrefix("sha256:" + reference))
    if bareID, let tag = image?.repoTags.first { return tag }
    return reference
  }
}

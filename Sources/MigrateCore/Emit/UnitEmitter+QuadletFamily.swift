/// The Quadlet files beside `.container`: `.pod` (5.0+) for containers that share a network namespace,
/// `.build` (5.2+) for services with `build:`, `.image` (4.8+) for `pull_policy: always`, and `Notify=healthy`
/// (5.0+) for services others wait on with `service_healthy`. Each key comes from `QuadletKey`, used only
/// when the target's Quadlet has it.
extension UnitEmitter {
  /// What the Quadlet files of one plan share, decided once for the target.
  struct QuadletFamily {
    struct Pod {
      /// The file name without `.pod`.
      var base: String
      /// The podman pod name (`PodName=`).
      var podName: String
      /// The container whose network namespace the others joined (`network_mode: service:ROOT`).
      var root: Container
      /// The members, root first, in plan order after it.
      var members: [Container]
    }

    var pods: [Pod] = []
    /// Container (service) name → index in `pods`.
    var podOf: [String: Int] = [:]
    /// Services with a health check that others depend on with `service_healthy`: name → dependents.
    var healthGated: [String: [String]] = [:]
    /// Services that get `Notify=healthy` (the target has it).
    var notifiesHealthy: Set<String> = []
    /// Service name → `.build` file base.
    var builds: [String: String] = [:]
    /// Service name → `.image` file base.
    var images: [String: String] = [:]
    /// Containers that join another's network namespace with `Network=container:NAME` (no `.pod` on the
    /// target): name → the unit of the container they join.
    var joins: [String: String] = [:]
  }

  /// Settings a container in a pod cannot have itself: podman refuses network settings on a container that
  /// shares the pod's network namespace, and `--userns` together with `--pod`; the pod takes them.
  static let podFlags: Set<String> = [
    "publish", "expose", "add-host", "dns", "dns-option", "dns-search", "ip", "ip6", "network-alias", "userns",
  ]

  /// `[Pod]` keys of the container settings a pod takes (`podFlags` but `expose`, which pods lack).
  static let podKeys: [String: String] = [
    "publish": "PublishPort", "add-host": "AddHost", "dns": "DNS", "dns-option": "DNSOption",
    "dns-search": "DNSSearch", "ip": "IP", "ip6": "IP6", "network-alias": "NetworkAlias", "userns": "UserNS",
  ]

  static func family(_ plan: ProjectPlan, options: ConversionOptions) -> QuadletFamily {
    let target = options.target
    var family = QuadletFamily()
    let byContainerName = Dictionary(
      plan.containers.map { (plan.containerName($0), $0) }, uniquingKeysWith: { a, _ in a })
    /// The container whose namespace `container` joins, when it is one of the plan's.
    func joined(_ container: Container) -> Container? {
      guard let mode = container.networkMode?.text, mode.hasPrefix("container:") else { return nil }
      return byContainerName[String(mode.dropFirst("container:".count))]
    }
    func root(_ container: Container) -> Container {
      var current = container
      var seen: Set<String> = [container.name]
      while let next = joined(current), seen.insert(next.name).inserted { current = next }
      return current
    }
    let sharing = plan.containers.filter { joined($0) != nil }
    if target.supports(.quadletKeys50) {
      var roots: [String] = []
      for container in sharing {
        let top = root(container)
        if !roots.contains(top.name) { roots.append(top.name) }
      }
      for name in roots {
        guard let top = plan.containers.first(where: { $0.name == name }) else { continue }
        let members = [top] + plan.containers.filter { $0.name != name && joined($0) != nil && root($0).name == name }
        // One pod of a compose project is the project's; otherwise each is named after the container
        // whose namespace it holds.
        let podName = roots.count == 1 && plan.name != nil ? (plan.name ?? "") : plan.containerName(top) + "_pod"
        let base = unitSafe(podName)
        family.pods.append(QuadletFamily.Pod(base: base, podName: podName, root: top, members: members))
        for member in members { family.podOf[member.name] = family.pods.count - 1 }
      }
    } else {
      for container in sharing {
        if let other = joined(container) { family.joins[container.name] = unitName(other, plan: plan) + ".service" }
      }
    }
    for container in plan.containers {
      for dependency in container.dependsOn where dependency.condition == "service_healthy" {
        family.healthGated[dependency.service.text, default: []].append(container.name)
      }
    }
    for name in family.healthGated.keys {
      guard let container = plan.containers.first(where: { $0.name == name }), hasHealthCheck(container) else {
        continue
      }
      if target.supports(.quadletKeys50) { family.notifiesHealthy.insert(name) }
    }
    for container in plan.containers {
      if let build = plan.builds[container.name], build.isLocalContext, target.supports(.quadletKeys52) {
        family.builds[container.name] = unitName(container, plan: plan)
      } else if plan.fromCompose, plan.builds[container.name] == nil, pullPolicy(container) == "always",
        target.supports(.quadletKeys48)
      {
        family.images[container.name] = unitName(container, plan: plan)
      }
    }
    return family
  }

  static func hasHealthCheck(_ container: Container) -> Bool {
    guard let health = container.health, !health.disabled else { return false }
    return container.healthCommand != nil
  }

  /// `pull_policy:` / `--pull` as given.
  static func pullPolicy(_ container: Container) -> String? {
    container.options.last { $0.flag == "pull" }?.value?.text
  }

  /// The target's name and podman, for comments.
  static func podmanOf(_ options: ConversionOptions) -> String {
    "podman \(options.target.podman) (\(options.target.name.rawValue))"
  }

  // MARK: .pod

  static func quadletPod(
    _ pod: QuadletFamily.Pod, plan: ProjectPlan, options: ConversionOptions, source: String,
    networkFiles: [String: String]
  ) -> EmittedFile {
    let target = options.target
    let names = pod.members.map { "`\(plan.fromCompose ? $0.name : plan.containerName($0))`" }.joined(separator: ", ")
    var lines = header(
      "\(pod.base).pod: the shared network namespace of \(names)", options: options, source: source)
    let shared =
      plan.fromCompose
      ? "network_mode: service:\(pod.root.name)" : "--network container:\(plan.containerName(pod.root))"
    lines.append("# They share one network namespace (`\(shared)`): podman puts them in one pod,")
    lines.append("# which holds their published ports, networks and user namespace (podman refuses them on members).")
    var podmanArgs: [String] = []
    var body = ["[Pod]", "PodName=\(SystemdQuote.quadletValue(pod.podName))"]
    func set(_ flag: String, _ value: String) {
      if let podKey = podKeys[flag], let key = QuadletKey.key(.pod, podKey, on: target) {
        body.append("\(key)=\(SystemdQuote.quadletValue(value))")
      } else {
        podmanArgs.append("--\(flag)=\(value)")
      }
    }
    if let userns = pod.members.lazy.compactMap(\.userns).first { set("userns", userns.text) }
    if pod.root.networkMode == nil {
      for network in pod.root.networks.map(\.text) {
        body.append("Network=\(SystemdQuote.quadletValue(networkFiles[network] ?? network))")
      }
      if plan.fromCompose && !pod.root.networks.isEmpty { set("network-alias", pod.root.name) }
    } else if let mode = pod.root.networkMode {
      body.append("Network=\(SystemdQuote.quadletValue(mode.text))")
    }
    for member in pod.members {
      for port in member.emitted("publish") { set("publish", port) }
      for (flag, value) in podArguments(member) where flag != "expose" { set(flag, value) }
      for value in podArguments(member).filter({ $0.flag == "expose" }).map(\.value) {
        lines.append(
          "# note: `expose: \(value)` of `\(member.name)` is left out: a pod member's ports are the pod's, and "
            + "`podman pod create` has no --expose.")
      }
    }
    // Only the network namespace is shared, as with `network_mode: service:…` (a pod shares IPC and UTS too
    // by default, which would give every member the same host name).
    podmanArgs.append("--share=net")
    body.append("PodmanArgs=\(SystemdQuote.commandLine(podmanArgs))")
    lines += body
    return EmittedFile(name: pod.base + ".pod", text: VariableReference.systemd(lines.joined(separator: "\n") + "\n"))
  }

  /// A pod member's settings the pod takes (`podFlags` but `publish` and `userns`), as podman flag and value.
  static func podArguments(_ container: Container) -> [(flag: String, value: String)] {
    container.otherArguments.compactMap { argument in
      let parts = argument.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
      guard argument.hasPrefix("--"), parts.count == 2, let option = ContainerOption.forPodmanArgument(parts[0]),
        podFlags.contains(option.flag)
      else { return nil }
      return (option.flag, parts[1])
    }
  }

  // MARK: .build

  static func quadletBuild(
    _ container: Container, base: String, build: ProjectPlan.Build, plan: ProjectPlan, options: ConversionOptions,
    source: String
  ) -> EmittedFile {
    var lines = header(
      "\(base).build: builds the image of \(describe(container, plan: plan))", options: options, source: source)
    let context = absolute(build.context, base: plan.baseDirectory)
    var body = [
      "[Build]", "ImageTag=\(SystemdQuote.quadletValue(container.imageText))",
      "SetWorkingDirectory=\(SystemdQuote.quadletValue(context))",
    ]
    if let file = build.dockerfile {
      body.append("File=\(SystemdQuote.quadletValue(file.hasPrefix("/") ? file : absolute(file, base: context)))")
    }
    if let stage = build.target { body.append("Target=\(SystemdQuote.quadletValue(stage))") }
    var podmanArgs: [String] = []
    for argument in build.args {
      guard argument.contains("=") else {
        lines.append(
          "# note: build argument \(argument) takes its value from the environment Compose runs in; a unit has "
            + "none, so it is left out (write \(argument)=VALUE in `args:`).")
        continue
      }
      if let key = QuadletKey.key(.build, "BuildArg", on: options.target) {
        body.append("\(key)=\(SystemdQuote.quadletValue(argument))")
      } else {
        podmanArgs.append("--build-arg=\(argument)")
      }
    }
    if !podmanArgs.isEmpty {
      lines.append("# \(podmanOf(options))'s Quadlet has no BuildArg= (5.7): the arguments are podman's --build-arg.")
      body.append("PodmanArgs=\(SystemdQuote.commandLine(podmanArgs))")
    }
    lines += body
    return EmittedFile(name: base + ".build", text: VariableReference.systemd(lines.joined(separator: "\n") + "\n"))
  }

  // MARK: .image

  static func quadletImage(
    _ container: Container, base: String, plan: ProjectPlan, options: ConversionOptions, source: String
  ) -> EmittedFile {
    var lines = header(
      "\(base).image: pulls the image of \(describe(container, plan: plan))", options: options, source: source)
    lines.append(
      "# `pull_policy: always`: this unit pulls the image each time it starts, before the container; without the")
    lines.append("# registry (offline boot) it fails, and so does the container, as `docker compose up` would.")
    lines += ["[Image]", "Image=\(SystemdQuote.quadletValue(container.imageText))"]
    return EmittedFile(name: base + ".image", text: lines.joined(separator: "\n") + "\n")
  }

  /// Comments on what the target's Quadlet lacks for this container (`.pod`, `Notify=healthy`, `.build`).
  static func familyNotes(
    _ container: Container, family: QuadletFamily, plan: ProjectPlan, options: ConversionOptions
  ) -> [String] {
    var lines: [String] = []
    if let unit = family.joins[container.name] {
      lines.append(
        "# \(podmanOf(options))'s Quadlet has no .pod (5.0): this container joins the network namespace of "
          + "\(unit) with Network=container:…, so it needs that unit running first (Requires=).")
    }
    if let dependents = family.healthGated[container.name], !family.notifiesHealthy.contains(container.name) {
      let waiting = dependents.map { "`\($0)`" }.joined(separator: ", ")
      let (wait, start) = dependents.count == 1 ? ("waits", "starts") : ("wait", "start")
      if hasHealthCheck(container) {
        lines.append(
          "# \(podmanOf(options))'s Quadlet has no Notify=healthy (5.0): \(waiting) \(wait) for this service's "
            + "health check (service_healthy) but \(start) once it has started.")
      } else {
        lines.append(
          "# warning: \(waiting) \(wait) for this service's health check (service_healthy), but it has none here.")
      }
    }
    if let build = plan.builds[container.name], family.builds[container.name] == nil {
      let why =
        build.isLocalContext
        ? "\(podmanOf(options))'s Quadlet has no .build (5.2)"
        : "the build context \(build.context) is not a folder"
      lines.append(
        "# \(why): build \(container.imageText) first (podman build -t \(container.imageText) "
          + "\(build.isLocalContext ? absolute(build.context, base: plan.baseDirectory) : build.context)).")
    }
    return lines
  }
}

/// The compose service as the container model that container rules read.
extension Reader {
  /// Maps a service onto the container model that container rules read.
  func container(for service: ComposeService, base: Container) -> Container {
    var spec = base
    spec.image = service.image
    if let build = service.build {
      spec.builds = true
      spec.buildContexts = [build.context?.text ?? "."]
    }
    spec.mounts = service.volumes
    spec.ports = service.ports
    spec.userns = service.usernsMode
    spec.networkMode = service.networkMode
    spec.pidMode = service.pid
    spec.ipcMode = service.ipc
    spec.utsMode = service.uts
    spec.privileged = service.privileged
    spec.capAdd = service.capAdd
    spec.capDrop = service.capDrop
    spec.restartValues = service.restart.map { [$0] } ?? []
    spec.logDriver = service.logging?.driver
    spec.user = service.user
    spec.securityOptions = service.securityOpt
    spec.devices = service.devices
    spec.extraHosts = service.extraHosts
    spec.resourceLimits = resourceLimits(of: service.node)
    spec.sysctls = service.sysctls
    spec.tmpfs = service.tmpfs
    if let readOnly = service.otherKeys["read_only"]?.resolved, readOnly.kind == .scalar {
      spec.readOnly = readOnly.sourceValue(in: source)
    }
    if let expose = service.otherKeys["expose"]?.resolved, expose.kind == .sequence {
      spec.exposedPorts = expose.items.compactMap { item in
        let entry = item.resolved
        return entry.kind == .scalar ? entry.sourceValue(in: source) : nil
      }
    }
    return spec
  }

  /// The cgroup limits a service sets, from its keys and `deploy.resources` (limits and reservations).
  func resourceLimits(of node: YAMLNode) -> [ResourceLimit] {
    var limits: [ResourceLimit] = []
    for (key, value) in node.resolved.effectivePairs {
      guard let name = key.scalarValue, let flag = ResourceLimit.composeKeys[name], !value.resolved.isNull else {
        continue
      }
      limits.append(ResourceLimit(flag: flag, value: value.resolved.sourceValue(in: source)))
    }
    guard let resources = node.value(forKey: "deploy")?.resolved.value(forKey: "resources")?.resolved,
      resources.isMapping
    else { return limits }
    for (section, reservations) in [("limits", false), ("reservations", true)] {
      guard let map = resources.value(forKey: section)?.resolved, map.isMapping else { continue }
      for (key, value) in map.effectivePairs {
        guard let name = key.scalarValue, let flags = ResourceLimit.deployKeys[name], !value.resolved.isNull,
          let flag = reservations ? flags.reservations : flags.limits
        else { continue }
        limits.append(ResourceLimit(flag: flag, value: value.resolved.sourceValue(in: source)))
      }
    }
    return limits
  }
}

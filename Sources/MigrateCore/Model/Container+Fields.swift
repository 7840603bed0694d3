extension Container {
  /// A field of the container model that holds one setting of the option table.
  enum Field: @unchecked Sendable {
    /// One value; a later flag replaces it.
    // Paths into the stored fields, applied in place through `withFields`: a path through the dynamic
    // member would copy the whole array out and back for each value appended (quadratic in the flags).
    case one(WritableKeyPath<Container.Fields, SourceValue?>)
    /// A switch (`--privileged`): the value, or `true` located at the flag when it has none.
    case toggle(WritableKeyPath<Container.Fields, SourceValue?>)
    case many(WritableKeyPath<Container.Fields, [SourceValue]>)
    /// A field of the health check (created when the first one is given).
    case health(WritableKeyPath<Health, SourceValue?>)
  }

  /// The settings the model keeps as plain values, by the option's docker flag (`ContainerOption.flag`).
  /// Mounts, ports, networks, cgroup limits, the health command and `--pod` are read by `record` itself.
  static let fields: [String: Field] = [
    "name": .one(\.containerName), "volumes-from": .many(\.volumesFrom), "userns": .one(\.userns),
    "pid": .one(\.pidMode), "ipc": .one(\.ipcMode), "uts": .one(\.utsMode), "privileged": .toggle(\.privileged),
    "cap-add": .many(\.capAdd), "cap-drop": .many(\.capDrop), "restart": .many(\.restartValues),
    "log-driver": .one(\.logDriver), "log-opt": .many(\.logOptions), "user": .one(\.user),
    "env": .many(\.environment), "env-file": .many(\.envFiles), "security-opt": .many(\.securityOptions),
    "device": .many(\.devices), "add-host": .many(\.extraHosts), "read-only": .toggle(\.readOnly),
    "sysctl": .many(\.sysctls), "expose": .many(\.exposedPorts), "read-only-tmpfs": .toggle(\.readOnlyTmpfs),
    "tmpfs": .many(\.tmpfs), "workdir": .one(\.workingDir), "hostname": .one(\.hostname),
    "domainname": .one(\.domainName), "label": .many(\.labels), "health-interval": .health(\.interval),
    "health-timeout": .health(\.timeout), "health-retries": .health(\.retries),
    "health-start-period": .health(\.startPeriod), "health-start-interval": .health(\.startInterval),
  ]

  /// Records one setting, whichever input gave it: `flag` is the option table's name (or, for a flag the
  /// table lacks, the flag as written, without dashes), `value` its value in the flag's form, nil for a
  /// switch written bare; `at` is where the setting is written (a bare switch's value is located there).
  /// The setting joins `options` in order, and its typed view is updated.
  /// `composeKey` is the service key that gave it (nil for a flag, or a key nested under `deploy:`).
  public mutating func record(_ flag: String, _ value: SourceValue?, at: ByteRange, composeKey: String? = nil) {
    let option = ContainerOption.forFlag(flag)
    let name = option?.flag ?? flag
    self.options.append(OptionValue(flag: name, option: option, value: value, composeKey: composeKey))
    switch (Self.fields[name], name) {
    case (.one(let field)?, _): withFields { $0[keyPath: field] = value }
    case (.many(let field)?, _): if let value { withFields { $0[keyPath: field].append(value) } }
    case (.toggle(let field)?, _):
      let set = value ?? SourceValue(text: "true", range: at, valueRange: nil, context: .opaque)
      withFields { $0[keyPath: field] = set }
    case (.health(let field)?, _):
      var check = self.health ?? Health()
      check[keyPath: field] = value
      self.health = check
    case (_, "health-cmd"):
      var check = self.health ?? Health()
      check.test = value.map(Words.string)
      self.health = check
    case (_, "no-healthcheck"):
      var check = self.health ?? Health()
      check.disabled = value.map { $0.text != "false" } ?? true
      self.health = check
    case (_, "entrypoint"): self.entrypoint = value.map(Words.string)
    case (_, "network"):
      guard let value else { break }
      if ContainerOption.isNamedNetwork(value.text) { self.networks.append(value) } else { self.networkMode = value }
    case (_, "volume"): if let value { self.mounts.append(Mount.parseShort(value)) }
    case (_, "mount"): if let value { self.mounts.append(Mount.parseMountFlag(value)) }
    case (_, "publish"): if let value { self.ports.append(PortMapping.parse(value)) }
    case (_, "pod"): self.inPod = true
    case (_, let name) where ResourceLimit.runFlags.contains(name):
      if let value { self.resourceLimits.append(ResourceLimit(flag: name, value: value)) }
    default: break
    }
  }
}

extension Container {
  /// A field of the rules' container model that holds one setting of the option table.
  enum Field {
    /// One value; a later flag replaces it.
    case one(WritableKeyPath<Container, SourceValue?>)
    /// A switch (`--privileged`): the value, or `true` located at the flag when it has none.
    case toggle(WritableKeyPath<Container, SourceValue?>)
    case many(WritableKeyPath<Container, [SourceValue]>)
  }

  /// The settings the model keeps as plain values, by the option's docker flag (`ContainerOption.flag`).
  /// Mounts, ports, cgroup limits and `--pod` have code of their own in the parsers.
  static var fields: [String: Field] {
    [
      "volumes-from": .many(\.volumesFrom), "userns": .one(\.userns), "network": .one(\.networkMode),
      "pid": .one(\.pidMode), "ipc": .one(\.ipcMode), "uts": .one(\.utsMode), "privileged": .toggle(\.privileged),
      "cap-add": .many(\.capAdd), "cap-drop": .many(\.capDrop), "restart": .many(\.restartValues),
      "log-driver": .one(\.logDriver), "user": .one(\.user), "env": .many(\.environment),
      "security-opt": .many(\.securityOptions), "device": .many(\.devices), "add-host": .many(\.extraHosts),
      "read-only": .toggle(\.readOnly), "sysctl": .many(\.sysctls), "expose": .many(\.exposedPorts),
      "read-only-tmpfs": .toggle(\.readOnlyTmpfs), "tmpfs": .many(\.tmpfs),
    ]
  }
}

/// The explicit, ID-sorted list of every rule (hadolint's registry): the engine, `explain`, the docs and the
/// tests all read it.
public enum RuleCatalog {
  static let all: [any Rule] = [
    HostUserNamespace(),
    WritableBindMount(),
    ShortImageName(),
    DockerSocketMount(),
    RestartUnlessStopped(),
    PrivilegedContainer(),
    HostNamespaceSharing(),
    SELinuxRelabelOption(),
    DockerCLIInvocation(),
    SwarmCommand(),
    UnsupportedDockerCommand(),
    RegistryLogin(),
    BuildCacheBackend(),
    InspectTemplateField(),
    DockerOnlyRunFlag(),
    LogDriver(),
    HostGatewayAlias(),
    GPUsFlag(),
    DNSOptionSpelling(),
    SecurityOptSpelling(),
    UnknownDockerFlag(),
    KeepIDAsRoot(),
    KeepIDWithIDs(),
    UserOutsideUserNamespace(),
    ReadOnlyRootTmpfs(),
    PrivilegedContainerPort(),
    CgroupV1OnlyOption(),
    DockerOnlyMountKey(),
    AppArmorProfile(),
    DockerSeccompProfile(),
    NamedVolumeUserNamespace(),
    TmpfsOwnerOption(),
    BindSourceMustExist(),
    ForeignVolumeUserNamespace(),
    UnknownComposeKey(),
    PodmanComposePods(),
    ComposeVolumeOption(),
    DependencyCondition(),
    HealthcheckStartInterval(),
    DeployRestartPolicy(),
    ComposeSecretOption(),
    ComposeIgnoredKey(),
    YAMLTabSeparator(),
    ShellSyntaxError(),
    DockerInDockerService(),
    IndirectContainerCommand(),
    RemoveThenRun(),
    DockerEnvironmentVariable(),
    DockerGroupMembership(),
    DockerDaemonConfig(),
    DockerSocketClient(),
    ConcurrentUsernsAuto(),
    DockerServiceDependency(),
    PrivilegedHostPort(),
    SudoDocker(),
    RootlessUsernsAuto(),
    RootlessKeepID(),
    RootlessLinger(),
    RootlessResourceLimits(),
    RootlessPortForwarding(),
  ]

  /// Metadata of the rules the engine itself reports (not `Rule` types).
  public static let engineRules: [RuleMeta] = [
    ParseError.meta, UnusedSuppression.meta, InternalError.meta, DetachedCommand.meta,
  ]

  /// Every rule's metadata, sorted by ID.
  public static var metas: [RuleMeta] {
    (engineRules + all.map { type(of: $0).meta }).sorted { $0.id < $1.id }
  }

  /// Looks a rule up by ID (`MG101`) or name (`host-user-namespace`).
  public static func meta(for idOrName: String) -> RuleMeta? {
    metas.first { $0.id == idOrName.uppercased() || $0.name == idOrName }
  }
}

/// MG001: the file could not be parsed; it gets no fixes and is never written.
enum ParseError {
  static let meta = RuleMeta(
    id: "MG001", name: "parse-error", severity: .error, fixAvailability: .none,
    summary: "File could not be parsed",
    why: "A file that does not parse cannot be rewritten safely; it is reported and left untouched.",
    fixSafety: "No fix.", references: [], examples: [])
}

/// MG003: a fix made the output unparsable (a bug in migrate); every edit of the file was dropped.
enum InternalError {
  static let meta = RuleMeta(
    id: "MG003", name: "internal-error", severity: .error, fixAvailability: .none,
    summary: "A fix would have broken the file",
    why: "The engine re-parses every output; when a fix breaks it, all edits of the file are dropped and reported.",
    fixSafety: "No fix.", references: [], examples: [])
}

/// MG004: a command sits in text that does not map onto the file byte for byte (a folded YAML block, an
/// escaped string), so its fixes are shown as the suggested text instead of applied.
enum DetachedCommand {
  static let meta = RuleMeta(
    id: "MG004", name: "embedded-command-not-editable", severity: .info, fixAvailability: .none,
    summary: "Command in text that cannot be edited in place",
    why: """
      Folded (`>`) and escaped YAML scalars, multi-line plain scalars and Makefile words with `$$` do not \
      match the file byte for byte, so edits inside them could corrupt the file. The rewritten command is \
      shown instead, to copy by hand (or rewrite the step as a literal `|` block).
      """,
    fixSafety: "No fix.", references: [], examples: [])
}

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
    DockerLogDriver(),
    HostGatewayAlias(),
    GPUsFlag(),
    DNSOptionSpelling(),
    SecurityOptSpelling(),
    UnknownDockerFlag(),
    ComposeCLIOption(),
    DockerLink(),
    KeepIDAsRoot(),
    KeepIDWithIDs(),
    UserOutsideUserNamespace(),
    ReadOnlyRootTmpfs(),
    PrivilegedContainerPort(),
    CgroupV1OnlyOption(),
    DockerOnlyMountKey(),
    AppArmorProfile(),
    DockerSeccompProfile(),
    NamedVolumeUserns(),
    TmpfsOwnerOption(),
    BindSourceMustExist(),
    ForeignVolumeUserns(),
    UnlabelledBindMount(),
    UnknownComposeKey(),
    PodmanComposePods(),
    ComposeVolumeOption(),
    DependencyCondition(),
    HealthcheckStartInterval(),
    DeployRestartPolicy(),
    ComposeSecretOption(),
    ComposeUnsupportedKey(),
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
    SudoContainerCommand(),
    RootlessUsernsAuto(),
    RootlessKeepID(),
    RootlessLinger(),
    RootlessResourceLimits(),
    RootlessPortForwarding(),
    Slirp4netnsNetwork(),
    Podman6RemovedOption(),
    PastaHostGateway(),
    CgroupV1HostLimit(),
    CniNetwork(),
    RootlessDefaultNetworkUpgrade(),
    BoltdbHostDatabase(),
    UnlessStoppedBootRestart(),
    PodmanRunUnit(),
    UnitWithoutQuadletForm(),
    RuncRuntime(),
    QuadletRemapUsers(),
  ]

  /// Metadata of the rules the engine itself reports (not `Rule` types).
  public static let engineRules: [RuleMeta] = [
    ParseError.meta, UnusedSuppression.meta, InternalError.meta, EmbeddedCommandNotEditable.meta,
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

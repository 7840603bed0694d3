/// One container as a compose service or a `docker run`/`docker create` line describes it: the one model
/// that the container rules read and the emitters write from. Each value keeps where it came from in the
/// source (for surgical edits) and is held in the docker flag's form (`db:10.0.0.2`, `nofile=1024:2048`,
/// `90` seconds), whichever input spelled it; the parsers fill it through the option table
/// (`record(_:_:)`), so a setting is read the same from a compose key and from a flag.
@dynamicMemberLookup
public struct Container: Sendable {
  public enum Origin: Sendable, Hashable {
    /// A service of a compose file, by name.
    case composeService(String)
    /// A `docker run` or `docker create` command line.
    case runCommand
  }

  /// The stored settings. A container is one reference to them, copied only when a shared one is changed
  /// (copy on write): rules, contexts and projects pass containers around by the thousand, and the fields
  /// take about 2.4 KB.
  public struct Fields: Sendable {
    public var origin: Origin
    /// Where findings about the container as a whole point: the service key, or the `run` word.
    public var anchorRange: ByteRange
    /// How a new option is added to this container (a compose key or a command-line flag).
    public var optionSite: OptionSite?
    /// Every setting as written (flags of a command line, the service's own keys), for rules that remove one.
    public var settings: [LocatedSetting] = []

    /// The service name, or for a command line the name composerize gives it (the image's base name).
    public var name: String = ""
    /// `container_name` / `--name`.
    public var containerName: SourceValue?
    public var image: SourceValue?
    /// `command:` / the words after the image.
    public var command: Words?
    /// `entrypoint:` / `--entrypoint` (one string on a command line).
    public var entrypoint: Words?
    /// True when the container's image is built from source (compose `build:`).
    public var builds: Bool = false
    /// Build context paths of this container (compose `build:`), as written.
    public var buildContexts: [String] = []
    public var mounts: [Mount] = []
    public var ports: [PortMapping] = []
    /// `userns_mode` / `--userns`.
    public var userns: SourceValue?
    /// `network_mode` / a `--network` that is a mode (`host`, `none`, `container:ID`, `slirp4netns:…`).
    public var networkMode: SourceValue?
    /// Networks joined by name: compose `networks:`, each `--network NAME`.
    public var networks: [SourceValue] = []
    public var pidMode: SourceValue?
    public var ipcMode: SourceValue?
    public var utsMode: SourceValue?
    public var privileged: SourceValue?
    public var capAdd: [SourceValue] = []
    public var capDrop: [SourceValue] = []
    public var logDriver: SourceValue?
    /// `logging.options` / `--log-opt`, as `KEY=VALUE`.
    public var logOptions: [SourceValue] = []
    public var user: SourceValue?
    /// `environment:` / `-e`: `KEY=VALUE`, or a bare `KEY` taken from the environment.
    public var environment: [SourceValue] = []
    /// `env_file:` / `--env-file`.
    public var envFiles: [SourceValue] = []
    public var workingDir: SourceValue?
    public var hostname: SourceValue?
    /// `domainname` / `--domainname` (podman has none; the emitters fold it into the hostname).
    public var domainName: SourceValue?
    /// `labels:` / `--label`, as `KEY=VALUE`.
    public var labels: [SourceValue] = []
    /// `healthcheck:` / `--health-*`, `--no-healthcheck`.
    public var health: Health? {
      get { healthStorage?.value }
      set { healthStorage = newValue.map(CopyOnWrite.init) }
    }
    /// Boxed: a health check takes over 500 bytes, and most containers have none.
    private var healthStorage: CopyOnWrite<Health>?
    /// Containers this one starts after (compose `depends_on`), with the compose condition.
    public var dependsOn: [Dependency] = []
    /// Every setting, in the order given (flags as written, compose keys in file order; the compose planner
    /// orders them for the emitters), with its value in the flag's form; the typed fields are views of it.
    public var options: [OptionValue] = []
    /// What the emit planners found they cannot carry over exactly (a shell expansion, a key podman has no
    /// option for), for comments in emitted files; empty in the parsers' model.
    public var notes: [String] = []
    public var securityOptions: [SourceValue] = []
    public var devices: [SourceValue] = []
    public var extraHosts: [SourceValue] = []
    /// cgroup resource limits (`--memory`, `mem_limit`, `deploy.resources.limits.cpus`, …), by docker flag name.
    public var resourceLimits: [ResourceLimit] = []
    /// True when the container joins a pod (`--pod`); podman refuses `--userns` there.
    public var inPod: Bool = false
    /// Every restart policy given: compose `restart:`, or each `--restart` (a command line may repeat it; the
    /// last one wins).
    public var restartValues: [SourceValue] = []
    /// True when a flag the grammar does not know came before the image, so the word taken as the image may
    /// be that flag's value: image rewrites are then left alone.
    public var imageUncertain: Bool = false
    /// `read_only` / `--read-only` (a command line's bare flag reads `true`).
    public var readOnly: SourceValue?
    /// `sysctls` / `--sysctl` entries as `NAME=VALUE` (compose mapping entries are not editable as one value).
    public var sysctls: [SourceValue] = []
    /// `expose` / `--expose` ports.
    public var exposedPorts: [SourceValue] = []
    /// `tmpfs` / `--tmpfs` entries (`PATH[:OPTIONS]`).
    public var tmpfs: [SourceValue] = []
    /// Podman's `--read-only-tmpfs` when a command line already has it.
    public var readOnlyTmpfs: SourceValue?
    /// `--volumes-from` values of a command line (`NAME`, `NAME:ro`). Compose `volumes_from` is not read
    /// here: podman-compose drops it (MG208).
    public var volumesFrom: [SourceValue] = []
    /// Volumes the container mounts that it did not create and fill itself, so their files belong to the
    /// IDs of another container: set for command lines by `ScriptParser.markForeignVolumes`.
    public var foreignVolumes: [ForeignVolume] = []

    init(origin: Origin, anchorRange: ByteRange, name: String) {
      self.origin = origin
      self.anchorRange = anchorRange
      self.name = name
    }
  }

  private var storage: CopyOnWrite<Fields>

  /// Changes the stored fields in place (for key paths into `Fields` chosen at run time).
  mutating func withFields<Result>(_ body: (inout Fields) -> Result) -> Result { body(&storage.value) }

  // Inlined, so the key path of each use is known where it is applied and becomes a plain field access.
  @inline(__always)
  public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
    _read { yield storage.value[keyPath: keyPath] }
    _modify { yield &storage.value[keyPath: keyPath] }
  }

  /// The restart policy in force: the last one given.
  public var restart: SourceValue? { self.restartValues.last }

  /// True when the root filesystem is mounted read-only (`read_only: true`, `--read-only`).
  public var isReadOnly: Bool {
    guard let readOnly = self.readOnly else { return false }
    return ["true", "True", "TRUE", "yes", "1", "on"].contains(readOnly.text)
  }

  /// The numeric user and group IDs of `user:` / `--user` (`1000`, `1000:1000`); names are skipped.
  public var numericUserIDs: [Int] {
    guard let user = self.user else { return [] }
    return user.text.split(separator: ":", omittingEmptySubsequences: false).compactMap { Int($0) }
  }

  /// True when `user:` / `--user` names someone other than root (by ID or name).
  public var runsAsNonRoot: Bool {
    guard let user = self.user, !user.text.isEmpty else { return false }
    let name = user.text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    return !name.isEmpty && name != "0" && name != "root"
  }

  public init(origin: Origin, anchorRange: ByteRange, name: String = "") {
    storage = CopyOnWrite(Fields(origin: origin, anchorRange: anchorRange, name: name))
  }

  /// A command or entrypoint: a string (split shell-like by Compose, run by a shell for `CMD-SHELL`), or
  /// exec-form words.
  public enum Words: Sendable {
    case string(SourceValue)
    case list([SourceValue])
  }

  /// A health check: compose `healthcheck:`, or `--health-*` flags.
  public struct Health: Sendable {
    /// `test:` / `--health-cmd` (a string: a shell command).
    public var test: Words?
    /// `disable: true`, `test: [NONE]` or `--no-healthcheck`.
    public var disabled = false
    public var interval: SourceValue?
    public var timeout: SourceValue?
    public var retries: SourceValue?
    public var startPeriod: SourceValue?
    public var startInterval: SourceValue?
    /// The compose `healthcheck:` mapping, for rules that edit it.
    public var node: YAMLNode?

    public init() {}
  }

  /// A container this one starts after.
  public struct Dependency: Sendable {
    public var service: SourceValue
    /// `service_started`, `service_healthy`, `service_completed_successfully`; nil when not given.
    public var condition: String?
  }

  /// One setting as given: the option table's entry (nil for a flag the table lacks, passed to podman as
  /// written), and its value in the flag's form (nil for a switch written bare).
  public struct OptionValue: Sendable {
    /// The option table's name (`ContainerOption.flag`), or the flag as written without dashes.
    public var flag: String
    public var option: ContainerOption?
    public var value: SourceValue?
    /// The compose service key that gave the setting (`mem_limit`), nil for a flag or a nested key.
    public var composeKey: String?
  }

  /// The values given for option `flag` (the table's name), in order.
  public func values(of flag: String) -> [SourceValue] {
    self.options.compactMap { $0.flag == flag ? $0.value : nil }
  }

  /// True when a `--network` value names a network rather than a mode (`host`, `none`, `bridge`, `private`,
  /// `container:ID`, `ns:PATH`, `slirp4netns[:…]`, `pasta[:…]`, compose `service:NAME`).
  public static func isNamedNetwork(_ value: String) -> Bool { ContainerOption.isNamedNetwork(value) }

  /// The display name: the service name, or the image for a command line.
  public var displayName: String {
    switch self.origin {
    case .composeService(let name): return "service `\(name)`"
    case .runCommand: return self.image.map { "container of `\($0.text)`" } ?? "container"
    }
  }

  /// The host namespaces the container shares (`network`, `pid`, `ipc`, `uts`), with the value that says so.
  public var hostNamespaces: [(kind: String, value: SourceValue)] {
    sharedNamespaces.filter { $0.value.text == "host" }
  }

  /// Namespaces the container takes from the host (`host`) or from another container (`container:NAME`,
  /// compose `service:NAME`): those belong to another user namespace, so the container cannot have its own.
  public var sharedNamespaces: [(kind: String, value: SourceValue)] {
    var result: [(kind: String, value: SourceValue)] = []
    for (kind, value) in [
      ("network", self.networkMode), ("pid", self.pidMode), ("ipc", self.ipcMode), ("uts", self.utsMode),
    ] {
      guard let value else { continue }
      if value.text == "host" || value.text.hasPrefix("container:") || value.text.hasPrefix("service:") {
        result.append((kind, value))
      }
    }
    return result
  }

  /// True when a bind mount brings in the Docker API socket, or the Podman socket that replaces it.
  public var mountsDockerSocket: Bool {
    self.mounts.contains { mount in
      guard mount.kind == .bind, let source = mount.source?.text else { return false }
      return source.hasSuffix("/docker.sock") || source.hasSuffix("/podman/podman.sock")
    }
  }

  /// What happens to the container's user namespace under the conversion.
  public enum UserNamespacePlan: Sendable, Equatable {
    /// `userns_mode: auto` / `--userns=auto` is added.
    case add
    /// The container already names a user namespace mode (not `host`).
    case existing
    /// No user namespace of its own: rootless mode already gives one; or it shares host or container
    /// namespaces, runs in a pod, opted out with `host`, or mounts volumes another container filled.
    case none(Reason)

    public enum Reason: Sendable, Equatable { case rootless, optedOut, sharedNamespace, pod, foreignVolume }
  }

  /// The one decision every rule about user namespaces reads.
  public func userNamespacePlan(_ mode: RunMode) -> UserNamespacePlan {
    if let userns = self.userns {
      return userns.text == "host" || userns.text.isEmpty ? .none(.optedOut) : .existing
    }
    if mode == .rootless { return .none(.rootless) }
    if self.inPod { return .none(.pod) }
    if !sharedNamespaces.isEmpty { return .none(.sharedNamespace) }
    // Fresh IDs of its own could not read the files another container's IDs own in those volumes (a
    // backup would be silently incomplete); MG143 explains and names the remedies.
    if !self.foreignVolumes.isEmpty { return .none(.foreignVolume) }
    // A container that mounts the API socket still gets a user namespace (the compose issue asks for every
    // service); MG104 says that its root cannot open the root-owned socket there, so it needs review.
    return .add
  }

  /// True when the container will run in a user namespace of its own (so host directories it writes must
  /// belong to that namespace).
  public func hasOwnUserNamespace(_ mode: RunMode) -> Bool {
    switch userNamespacePlan(mode) {
    case .add, .existing, .none(.rootless): return true
    case .none: return false
    }
  }
}

/// A compose file read into typed fields; every field keeps the node (and so the span) it came from.
public struct ComposeProject: Sendable {
  public var source: SourceFile
  /// The top-level mapping.
  public var root: YAMLNode
  /// Obsolete `version:` (reported, kept).
  public var version: SourceValue?
  public var name: SourceValue?
  /// The `services:` mapping node (nil when the file has none).
  public var servicesNode: YAMLNode?
  public var services: [ComposeService] = []
  /// Top-level `volumes`, `networks`, `secrets`, `configs`: names as declared, with their definitions.
  public var volumes: [String: YAMLNode] = [:]
  public var networks: [String: YAMLNode] = [:]
  public var secrets: [String: YAMLNode] = [:]
  public var configs: [String: YAMLNode] = [:]
  /// Top-level `x-podman:` (podman-compose settings), key and value.
  public var xPodman: (key: YAMLNode, value: YAMLNode)?
  /// Top-level `x-*` extensions other than `x-podman`.
  public var extensions: [String: YAMLNode] = [:]
  /// Other top-level keys the Compose Specification defines (`include`, `models`), kept as they are.
  public var otherKeys: [String: YAMLNode] = [:]
  /// Keys neither the specification nor an `x-` prefix allows: kept, and reported.
  public var unknownKeys: [SourceValue] = []
  /// The file's indentation step (the indentation of the first service), for inserted blocks.
  public var indentUnit: String = "  "

  /// Image names that some service builds (`build:` with `image:`); these are local, under `localhost/`.
  public var builtImageNames: Set<String> = []
  /// The build contexts of every service, as written.
  public var buildContexts: [String] = []
}

/// One service of a compose file.
public struct ComposeService: Sendable {
  public var name: SourceValue
  public var node: YAMLNode
  public var image: SourceValue?
  public var build: BuildSpec?
  public var command: CommandValue?
  public var entrypoint: CommandValue?
  /// `environment:` entries (list `K=V` or map `K: V`), in order.
  public var environment: [EnvironmentEntry] = []
  public var envFiles: [SourceValue] = []
  public var ports: [PortMapping] = []
  /// Long-syntax ports (`target:`, `published:`), as mappings.
  public var longPorts: [YAMLNode] = []
  public var volumes: [Mount] = []
  public var user: SourceValue?
  public var usernsMode: SourceValue?
  public var networkMode: SourceValue?
  /// `networks:` names (list or map form).
  public var networks: [SourceValue] = []
  public var privileged: SourceValue?
  public var capAdd: [SourceValue] = []
  public var capDrop: [SourceValue] = []
  public var devices: [SourceValue] = []
  public var restart: SourceValue?
  public var healthcheck: Healthcheck?
  public var logging: Logging?
  public var securityOpt: [SourceValue] = []
  public var sysctls: [SourceValue] = []
  public var ulimits: [String: YAMLNode] = [:]
  public var tmpfs: [SourceValue] = []
  public var extraHosts: [SourceValue] = []
  public var dependsOn: [Dependency] = []
  public var deploy: YAMLNode?
  public var labels: [SourceValue] = []
  public var secrets: [SourceValue] = []
  public var configs: [SourceValue] = []
  public var profiles: [SourceValue] = []
  public var extends: YAMLNode?
  public var pid: SourceValue?
  public var ipc: SourceValue?
  public var uts: SourceValue?
  /// `x-*` keys of the service.
  public var extensions: [String: YAMLNode] = [:]
  /// Keys the specification defines that have no typed field here, kept as nodes.
  public var otherKeys: [String: YAMLNode] = [:]
  /// Keys the specification does not define.
  public var unknownKeys: [SourceValue] = []
  /// The service as the container model every container rule reads.
  public var container: Container

  public struct BuildSpec: Sendable {
    public var context: SourceValue?
    public var dockerfile: SourceValue?
    public var node: YAMLNode
  }

  /// A command or entrypoint: a string run by a shell-like split, or an exec-form list.
  public enum CommandValue: Sendable {
    case string(SourceValue)
    case list([SourceValue])
  }

  public struct EnvironmentEntry: Sendable {
    public var name: String
    /// nil for `- NAME` / `NAME:` (taken from the environment).
    public var value: String?
    public var node: YAMLNode
  }

  public struct Healthcheck: Sendable {
    public var test: CommandValue?
    public var disable: Bool
    public var node: YAMLNode
    /// Fields by name (`interval`, `timeout`, `retries`, `start_period`, `start_interval`).
    public var fields: [String: SourceValue]
  }

  public struct Logging: Sendable {
    public var driver: SourceValue?
    public var options: [String: SourceValue]
    public var node: YAMLNode
  }

  public struct Dependency: Sendable {
    public var service: SourceValue
    public var condition: String?
  }
}

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

/// One service of a compose file: its container settings in the one container model (`container`), and
/// what only compose has (build, dependencies' profiles, secrets, extensions, keys kept as nodes).
public struct ComposeService: Sendable {
  public var name: SourceValue
  public var node: YAMLNode
  public var build: BuildSpec?
  public var deploy: YAMLNode?
  public var secrets: [SourceValue] = []
  public var configs: [SourceValue] = []
  public var profiles: [SourceValue] = []
  public var extends: YAMLNode?
  /// `x-*` keys of the service.
  public var extensions: [String: YAMLNode] = [:]
  /// Keys the specification defines that have no reader of their own, kept as nodes (those the option
  /// table maps are also recorded in `container`).
  public var otherKeys: [String: YAMLNode] = [:]
  /// Keys the specification does not define.
  public var unknownKeys: [SourceValue] = []
  /// The service's container: every setting the option table knows, located.
  public var container: Container

  /// `image:`.
  public var image: SourceValue? { container.image }

  public struct BuildSpec: Sendable {
    public var context: SourceValue?
    public var dockerfile: SourceValue?
    public var node: YAMLNode
  }
}

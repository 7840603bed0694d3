/// One container as a compose service or a `docker run`/`docker create` line describes it: the
/// intermediate model every container rule reads. Each field keeps where it came from in the source.
public struct ContainerSpec: Sendable {
  public enum Origin: Sendable, Hashable {
    /// A service of a compose file, by name.
    case composeService(String)
    /// A `docker run` or `docker create` command line.
    case runCommand
  }

  public var origin: Origin
  /// Where findings about the container as a whole point: the service key, or the `run` word.
  public var anchorRange: ByteRange
  /// How a new option is added to this container (a compose key or a command-line flag).
  public var optionSite: OptionSite?
  /// Every setting as written (flags of a command line, the service's own keys), for rules that remove one.
  public var settings: [LocatedSetting] = []

  public var image: SourceValue?
  /// True when the container's image is built from source (compose `build:`).
  public var builds: Bool = false
  /// Build context paths of this container (compose `build:`), as written.
  public var buildContexts: [String] = []
  public var mounts: [Mount] = []
  public var ports: [PortMapping] = []
  /// `userns_mode` / `--userns`.
  public var userns: SourceValue?
  /// `network_mode` / `--network`.
  public var networkMode: SourceValue?
  public var pidMode: SourceValue?
  public var ipcMode: SourceValue?
  public var utsMode: SourceValue?
  public var privileged: SourceValue?
  public var capAdd: [SourceValue] = []
  public var capDrop: [SourceValue] = []
  /// The restart policy in force: the last one given.
  public var restart: SourceValue? { restartValues.last }
  public var logDriver: SourceValue?
  public var user: SourceValue?
  public var environment: [SourceValue] = []
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

  /// True when the root filesystem is mounted read-only (`read_only: true`, `--read-only`).
  public var isReadOnly: Bool {
    guard let readOnly else { return false }
    return ["true", "True", "TRUE", "yes", "1", "on"].contains(readOnly.text)
  }

  /// The numeric user and group IDs of `user:` / `--user` (`1000`, `1000:1000`); names are skipped.
  public var numericUserIDs: [Int] {
    guard let user else { return [] }
    return user.text.split(separator: ":", omittingEmptySubsequences: false).compactMap { Int($0) }
  }

  /// True when `user:` / `--user` names someone other than root (by ID or name).
  public var runsAsNonRoot: Bool {
    guard let user, !user.text.isEmpty else { return false }
    let name = user.text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    return !name.isEmpty && name != "0" && name != "root"
  }

  public init(origin: Origin, anchorRange: ByteRange) {
    self.origin = origin
    self.anchorRange = anchorRange
  }

  /// True when a `--network` value names a network rather than a mode (`host`, `none`, `bridge`, `private`,
  /// `container:ID`, `ns:PATH`, `slirp4netns[:…]`, `pasta[:…]`, compose `service:NAME`).
  public static func isNamedNetwork(_ value: String) -> Bool { ContainerOption.isNamedNetwork(value) }

  /// The display name: the service name, or the image for a command line.
  public var displayName: String {
    switch origin {
    case .composeService(let name): return "service `\(name)`"
    case .runCommand: return image.map { "container of `\($0.text)`" } ?? "container"
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
    for (kind, value) in [("network", networkMode), ("pid", pidMode), ("ipc", ipcMode), ("uts", utsMode)] {
      guard let value else { continue }
      if value.text == "host" || value.text.hasPrefix("container:") || value.text.hasPrefix("service:") {
        result.append((kind, value))
      }
    }
    return result
  }

  /// True when a bind mount brings in the Docker API socket, or the Podman socket that replaces it.
  public var mountsDockerSocket: Bool {
    mounts.contains { mount in
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
    if let userns {
      return userns.text == "host" || userns.text.isEmpty ? .none(.optedOut) : .existing
    }
    if mode == .rootless { return .none(.rootless) }
    if inPod { return .none(.pod) }
    if !sharedNamespaces.isEmpty { return .none(.sharedNamespace) }
    // Fresh IDs of its own could not read the files another container's IDs own in those volumes (a
    // backup would be silently incomplete); MG143 explains and names the remedies.
    if !foreignVolumes.isEmpty { return .none(.foreignVolume) }
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

/// A mount of a container: a bind mount, named volume, tmpfs, and so on.
public struct Mount: Sendable {
  public enum Kind: String, Sendable, Hashable {
    case bind, volume, tmpfs, npipe, image, cluster
    /// `-v /path` or compose `- /path`: an anonymous volume.
    case anonymous
  }

  public enum Syntax: Sendable, Hashable {
    /// `SRC:DST[:OPTS]` in one value (compose short syntax, `-v`).
    case short
    /// A compose long-syntax mapping or a `--mount` flag.
    case long
  }

  public var kind: Kind
  public var syntax: Syntax
  /// The whole mount as written (the short string, or the long mapping's range).
  public var spec: SourceValue
  /// Host path (bind), volume name (volume), absent for tmpfs and anonymous volumes.
  public var source: SourceValue?
  public var target: SourceValue?
  /// Short-syntax options, split at commas (`ro`, `z`, `U`, …); long syntax: derived (`ro` for read_only).
  public var options: [String]
  public var readOnly: Bool
  /// When the source is a command substitution that asks docker or podman for an existing volume
  /// (`$(docker volume ls -qf name=…)`, `$(docker inspect --format '{{…Mounts…}}' …)`): that command, as
  /// `docker volume ls`. Set by the script parser; such a mount is a `.volume`, not a host path.
  public var sourceLookup: String?

  public init(
    kind: Kind, syntax: Syntax, spec: SourceValue, source: SourceValue?, target: SourceValue?,
    options: [String], readOnly: Bool
  ) {
    self.kind = kind
    self.syntax = syntax
    self.spec = spec
    self.source = source
    self.target = target
    self.options = options
    self.readOnly = readOnly
  }

  /// Parses a short-syntax mount string (`./data:/data:ro`, `name:/path`, `/anon`), as Compose and
  /// `docker run -v` read it.
  public static func parseShort(_ value: SourceValue) -> Mount {
    let text = value.text
    var parts = splitShortSpec(text)
    var options: [String] = []
    if parts.count >= 3 {
      options = parts[2].text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      parts = Array(parts.prefix(2))
    }
    func sub(_ part: (text: String, lower: Int)) -> SourceValue {
      let bytes = part.text.utf8.count
      return SourceValue(
        text: part.text,
        range: value.range,
        valueRange: value.valueRange.map { ByteRange($0.lower + part.lower, $0.lower + part.lower + bytes) },
        context: value.context)
    }
    let readOnly = options.contains("ro") || options.contains("readonly")
    if parts.count == 1 {
      return Mount(
        kind: .anonymous, syntax: .short, spec: value, source: nil, target: sub(parts[0]), options: options,
        readOnly: readOnly)
    }
    let source = sub(parts[0])
    let kind: Kind = isHostPath(source.text) ? .bind : .volume
    return Mount(
      kind: kind, syntax: .short, spec: value, source: source, target: sub(parts[1]), options: options,
      readOnly: readOnly)
  }

  /// Parses a `--mount type=bind,source=/x,target=/y,readonly` value.
  public static func parseMountFlag(_ value: SourceValue) -> Mount {
    var kind = Kind.volume
    var source: SourceValue?
    var target: SourceValue?
    var readOnly = false
    var options: [String] = []
    var offset = 0
    for field in value.text.split(separator: ",", omittingEmptySubsequences: false) {
      let fieldText = String(field)
      let pieces = fieldText.split(separator: "=", maxSplits: 1).map(String.init)
      let key = pieces.first ?? ""
      let fieldValue = pieces.count > 1 ? pieces[1] : nil
      func sub() -> SourceValue? {
        guard let fieldValue else { return nil }
        let lower = offset + key.utf8.count + 1
        return SourceValue(
          text: fieldValue, range: value.range,
          valueRange: value.valueRange.map { ByteRange($0.lower + lower, $0.lower + lower + fieldValue.utf8.count) },
          context: value.context)
      }
      switch key {
      case "type": kind = Kind(rawValue: fieldValue ?? "") ?? .volume
      case "source", "src": source = sub()
      case "target", "destination", "dst": target = sub()
      case "readonly", "ro": readOnly = fieldValue == nil || fieldValue == "true" || fieldValue == "1"
      default: options.append(fieldText)
      }
      offset += fieldText.utf8.count + 1
    }
    if readOnly { options.append("ro") }
    return Mount(
      kind: kind, syntax: .long, spec: value, source: source, target: target, options: options, readOnly: readOnly)
  }

  /// Splits `SRC:DST:OPTS` at colons, keeping a Windows drive letter (`C:\x`) and colons inside `${…}`
  /// (as in `${DATA:-./data}`), `$(…)` and backticks in their part. Returns each part with its UTF-8 byte
  /// offset in `text`.
  static func splitShortSpec(_ text: String) -> [(text: String, lower: Int)] {
    let bytes = Array(text.utf8)
    var parts: [(text: String, lower: Int)] = []
    var start = 0
    var depth = 0
    var inBackticks = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "$"), index + 1 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "{") || bytes[index + 1] == UInt8(ascii: "(")
      {
        depth += 1
        index += 2
        continue
      }
      if byte == UInt8(ascii: "`") {
        inBackticks.toggle()
      } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: ")"), depth > 0 {
        depth -= 1
      } else if byte == UInt8(ascii: ":"), depth == 0, !inBackticks {
        let isDrive =
          index - start == 1 && parts.isEmpty
          && (index + 1 < bytes.count
            && (bytes[index + 1] == UInt8(ascii: "\\") || bytes[index + 1] == UInt8(ascii: "/")))
          && (bytes[start] | 0x20) >= UInt8(ascii: "a") && (bytes[start] | 0x20) <= UInt8(ascii: "z")
        if !isDrive && parts.count < 2 {
          parts.append((String(decoding: bytes[start..<index], as: UTF8.self), start))
          start = index + 1
        }
      }
      index += 1
    }
    parts.append((String(decoding: bytes[start..<bytes.count], as: UTF8.self), start))
    return parts
  }

  /// A bind source is a path (absolute, relative, home, Windows drive) or starts with a variable; anything
  /// else names a volume.
  public static func isHostPath(_ source: String) -> Bool {
    if source.hasPrefix("/") || source.hasPrefix(".") || source.hasPrefix("~") || source.hasPrefix("$") {
      return true
    }
    let scalars = Array(source.unicodeScalars)
    if scalars.count >= 2, scalars[1] == ":", scalars[0].properties.isAlphabetic { return true }
    return source.contains("/")
  }
}

/// A volume a container mounts that another container filled: its files belong to that container's IDs.
public struct ForeignVolume: Sendable {
  /// Why the volume is another container's.
  public enum Origin: Sendable, Hashable {
    /// The source is looked up by a command (`docker volume ls`), so the volume exists already.
    case lookup(String)
    /// `--volumes-from NAME`: the volumes of container NAME.
    case volumesFrom
    /// A named volume mounted read-only that no earlier command of the script creates or writes (a compose
    /// project's, another service's).
    case notWritten
    /// A named volume an earlier command of the script writes with another image or user namespace (that
    /// container's display name).
    case writtenBy(String)
  }

  /// The volume name, the looked-up source as written, or the `--volumes-from` container.
  public var name: String
  /// Where findings point: the mount as written, or the `--volumes-from` value.
  public var value: SourceValue
  public var origin: Origin
  /// True when mounted read-only (`:ro`): a reader such as a backup helper.
  public var readOnly: Bool

  public init(name: String, value: SourceValue, origin: Origin, readOnly: Bool) {
    self.name = name
    self.value = value
    self.origin = origin
    self.readOnly = readOnly
  }
}

/// A published port: `[IP:][HOST:]CONTAINER[/PROTO]`, ranges allowed.
public struct PortMapping: Sendable, Hashable {
  public var spec: SourceValue
  public var hostIP: String?
  /// Host port range (lower, upper); nil when the host port is left to the engine.
  public var hostPorts: ClosedRange<Int>?
  public var containerPorts: ClosedRange<Int>?
  public var proto: String
  /// True when the host port is written with a variable, so its number is unknown.
  public var hostPortIsVariable: Bool = false

  public init(
    spec: SourceValue, hostIP: String?, hostPorts: ClosedRange<Int>?, containerPorts: ClosedRange<Int>?, proto: String
  ) {
    self.spec = spec
    self.hostIP = hostIP
    self.hostPorts = hostPorts
    self.containerPorts = containerPorts
    self.proto = proto
  }

  /// Parses the short port syntax used by Compose and `docker run -p`.
  public static func parse(_ value: SourceValue) -> PortMapping {
    var text = value.text
    var proto = "tcp"
    if let slash = text.lastIndex(of: "/") {
      proto = String(text[text.index(after: slash)...])
      text = String(text[..<slash])
    }
    var hostIP: String?
    var rest = text
    // IPv6 addresses are written in brackets: [::1]:80:80.
    if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
      hostIP = String(rest[rest.index(after: rest.startIndex)..<close])
      rest = String(rest[rest.index(after: close)...])
      if rest.hasPrefix(":") { rest.removeFirst() }
    }
    var fields = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    if hostIP == nil, fields.count == 3 {
      hostIP = fields[0]
      fields.removeFirst()
    }
    var mapping = PortMapping(spec: value, hostIP: hostIP, hostPorts: nil, containerPorts: nil, proto: proto)
    if fields.count == 2 {
      mapping.hostPorts = parseRange(fields[0])
      mapping.hostPortIsVariable = fields[0].contains("$")
      mapping.containerPorts = parseRange(fields[1])
    } else if let only = fields.first {
      mapping.containerPorts = parseRange(only)
    }
    return mapping
  }

  static func parseRange(_ text: String) -> ClosedRange<Int>? {
    let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
    guard let low = bounds.first.flatMap({ Int($0) }) else { return nil }
    let high = bounds.count == 2 ? Int(bounds[1]) ?? low : low
    return low <= high ? low...high : nil
  }

  /// True when a host port below 1024 is published (rootless podman cannot bind those by default).
  public var publishesPrivilegedHostPort: Bool {
    guard let hostPorts else { return false }
    return hostPorts.lowerBound < 1024 && hostPorts.lowerBound > 0
  }
}

/// One cgroup resource limit, named by its `docker run` flag whatever syntax set it.
public struct ResourceLimit: Sendable {
  /// The docker flag's long name: `memory`, `cpus`, `pids-limit`, `blkio-weight`, …
  public var flag: String
  public var value: SourceValue

  public init(flag: String, value: SourceValue) {
    self.flag = flag
    self.value = value
  }

  /// The cgroup controller the limit needs.
  public var controller: String {
    if flag.hasPrefix("memory") || flag == "kernel-memory" || flag == "oom-kill-disable" { return "memory" }
    if flag == "pids-limit" { return "pids" }
    if flag.hasPrefix("cpuset") { return "cpuset" }
    if flag.hasPrefix("cpu") { return "cpu" }
    return "io"
  }

  /// `docker run` flags that set a cgroup limit.
  public static let runFlags: Set<String> = [
    "memory", "memory-swap", "memory-reservation", "memory-swappiness", "kernel-memory", "oom-kill-disable", "cpus",
    "cpu-shares", "cpu-quota", "cpu-period", "cpuset-cpus", "cpuset-mems", "cpu-rt-runtime", "cpu-rt-period",
    "pids-limit", "blkio-weight", "blkio-weight-device", "device-read-bps", "device-write-bps", "device-read-iops",
    "device-write-iops",
  ]

  /// Compose service keys that set a cgroup limit, with the flag each stands for.
  public static let composeKeys: [String: String] = ContainerOption.resourceLimitComposeKeys

  /// `deploy.resources.limits`/`reservations` keys, with the flag each stands for.
  public static let deployKeys: [String: (limits: String, reservations: String?)] = [
    "memory": ("memory", "memory-reservation"), "cpus": ("cpus", nil), "pids": ("pids-limit", nil),
  ]
}

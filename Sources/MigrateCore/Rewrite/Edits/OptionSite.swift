/// Where and how to add an option to a container: the one edit builder container rules use, so a rule says
/// which setting it wants (`site.add(.sysctl, "net.ipv4.ip_unprivileged_port_start=0", in: source)`) and the
/// option table (`ContainerOption`) decides how a compose file and a command line spell it.
public struct OptionSite: Sendable {
  /// Where the new text goes.
  public enum Placement: Sendable, Hashable {
    /// Add a key to a compose service mapping: `offset` is where the new text goes; `indent` the indentation
    /// of the service's keys; `flow` when the mapping is written `{…}` (then entries are comma-separated).
    case composeKey(offset: Int, indent: String, lineEnding: String, flow: Bool, needsLeadingBreak: Bool)
    /// Add a flag to a command line right after `offset` (the end of the `run`/`create` word).
    case commandFlag(offset: Int)
  }

  public var placement: Placement
  /// The compose mapping the keys go into (nil on a command line), so a key already there is extended
  /// rather than written twice.
  public var mapping: YAMLNode?

  public init(placement: Placement, mapping: YAMLNode? = nil) {
    self.placement = placement
    self.mapping = mapping
  }

  /// A command-line site: flags go right after `offset`.
  public static func commandFlag(offset: Int) -> OptionSite { OptionSite(placement: .commandFlag(offset: offset)) }

  /// Where a command-line flag goes; nil for a compose service.
  public var commandOffset: Int? {
    if case .commandFlag(let offset) = placement { return offset }
    return nil
  }

  /// The edit that sets the option `name` to `value`, spelled as the option table says: `--NAME=value` after
  /// `run` on a command line (the name's flag); on a compose service the entry's compose key (`key: value`), or for a repeated
  /// setting one more item of the key (`key=value` items become `key: value` entries of a mapping, a new one
  /// when the key is absent). Nil when the setting has no top-level compose key (`--read-only-tmpfs`), when a
  /// single-valued key is already there, or when the existing value cannot be extended in place.
  public func add(_ name: ContainerOption.Name, _ value: String, in source: SourceFile, indentUnit: String = "  ")
    -> TextEdit?
  {
    if let offset = commandOffset, name.isWritable { return .insert(" --\(name.flag)=\(value)", at: offset) }
    guard let option = ContainerOption.entry(name) else { return nil }
    guard case .key(let path) = option.compose, path.count == 1 else { return nil }
    let key = path[0]
    let existing = mapping?.value(forKey: key)?.resolved
    switch option.shape {
    case .repeated:
      let pair = Self.keyValue(value)
      guard let existing else {
        if let pair { return composeEntry(key: key, nested: [pair], unit: indentUnit) }
        return composeEntry(key: key, value: "[\(value)]")
      }
      if existing.kind == .sequence { return existing.sequenceAppend(value, in: source) }
      guard existing.kind == .mapping, let pair else { return nil }
      return existing.appendSite(in: source)?.composeEntry(key: pair.0, value: pair.1, unit: indentUnit)
    case .single, .flag:
      guard existing == nil else { return nil }
      return composeEntry(key: key, value: value)
    }
  }

  /// The edit that turns on the switch `name` (a setting of shape `.flag`): `--flag` after `run` on a command
  /// line, `key: true` on a compose service. Nil when the setting has no top-level compose key (`--replace`),
  /// or the key is already there.
  public func add(_ name: ContainerOption.Name, in source: SourceFile) -> TextEdit? {
    if let offset = commandOffset, name.isWritable { return .insert(" --\(name.flag)", at: offset) }
    guard let option = ContainerOption.entry(name), option.shape == .flag, case .key(let path) = option.compose,
      path.count == 1, mapping?.value(forKey: path[0]) == nil
    else { return nil }
    return composeEntry(key: path[0], value: "true")
  }

  /// `key=value` split at the first `=`, as compose writes such items in a mapping.
  static func keyValue(_ value: String) -> (String, String)? {
    guard let equals = value.firstIndex(of: "="), equals != value.startIndex else { return nil }
    return (String(value[..<equals]), String(value[value.index(after: equals)...]))
  }

  /// The edit that adds a mapping entry `key: value`, or with `nested` pairs a sub-mapping
  /// (`key:` then one indented `k: v` line each; `key: {k: v}` in flow style), indented by `unit`.
  public func composeEntry(key: String, value: String = "", nested: [(String, String)] = [], unit: String = "  ")
    -> TextEdit
  {
    switch placement {
    case .composeKey(let offset, let indent, let lineEnding, let flow, let needsBreak):
      if flow {
        let body = nested.isEmpty ? value : "{" + nested.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        return .insert("\(needsBreak ? "" : ", ")\(key): \(body)", at: offset)
      }
      var lines = [nested.isEmpty ? "\(indent)\(key): \(value)" : "\(indent)\(key):"]
      lines += nested.map { "\(indent)\(unit)\($0.0): \($0.1)" }
      let text = lines.joined(separator: lineEnding)
      return .insert(needsBreak ? lineEnding + text : text + lineEnding, at: offset)
    case .commandFlag(let offset):
      return .insert(" --\(key)=\(value)", at: offset)
    }
  }
}

extension ContainerOption {
  /// A setting as a rule names it (`.sysctl`): by the option table entry's docker long flag (or alias), or
  /// by podman's flag for a setting only podman has (`.readOnlyTmpfs`).
  public struct Name: Sendable, Hashable {
    /// The flag without dashes, as a command line spells the setting: the entry's docker long flag, or one of
    /// its aliases (`dns-opt`), or for a podman-only setting podman's flag (`read-only-tmpfs`).
    public let flag: String
    /// True for a setting only podman has and the option table leaves out (`--read-only-tmpfs`): it has no
    /// compose key, so it is written on command lines only.
    public let podmanOnly: Bool

    /// The setting of the option table whose docker flag (or alias) is `flag`.
    public init(flag: String) {
      self.flag = flag
      self.podmanOnly = false
    }

    /// A setting only podman has, by podman's flag.
    public init(podman flag: String) {
      self.flag = flag
      self.podmanOnly = true
    }

    /// True when a command line may spell the name: it is in the option table, or podman's own.
    var isWritable: Bool { podmanOnly || ContainerOption.entry(self) != nil }
  }

  /// The table entry a rule names.
  public static func entry(_ name: Name) -> ContainerOption? { forFlag(name.flag) }
}

extension ContainerOption.Name {
  public static let userns = Self(flag: "userns")
  public static let sysctl = Self(flag: "sysctl")
  public static let securityOpt = Self(flag: "security-opt")
  public static let device = Self(flag: "device")
  public static let gpus = Self(flag: "gpus")
  public static let mount = Self(flag: "mount")
  public static let networkAlias = Self(flag: "network-alias")
  public static let dnsOption = Self(flag: "dns-option")
  /// `--dns-opt`: docker's hidden alias of `--dns-option`, the only spelling podman before 4.3 knows.
  public static let dnsOpt = Self(flag: "dns-opt")
  /// `--read-only-tmpfs` (podman's; its compose files have no key).
  public static let readOnlyTmpfs = Self(podman: "read-only-tmpfs")
  /// `--replace`: remove a container of the same name first (podman's; compose has no key).
  public static let replace = Self(flag: "replace")
  public static let hostname = Self(flag: "hostname")
  public static let domainName = Self(flag: "domainname")

  /// Every name rules use (a test checks each is a table entry or podman's own).
  public static let all: [Self] = [
    .userns, .sysctl, .securityOpt, .device, .gpus, .mount, .networkAlias, .dnsOption, .dnsOpt, .readOnlyTmpfs,
    .replace, .hostname, .domainName,
  ]
}

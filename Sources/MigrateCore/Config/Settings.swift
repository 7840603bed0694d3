/// One layer of settings — built-in defaults, a `.migrate.yml`, `MIGRATE_*` environment variables or flags;
/// nil means "not set in this layer", so a later layer only overrides what it sets.
public struct SettingsLayer: Sendable, Hashable {
  public var target: TargetProfile.Name?
  public var podmanVersion: PodmanVersion?
  /// The target the input already runs on (`--from-target`, an upgrade between podman hosts).
  public var fromTarget: TargetProfile.Name?
  /// The podman the input already runs on (`--from-podman-version`), over `fromTarget`'s.
  public var fromPodmanVersion: PodmanVersion?
  public var mode: RunMode?
  public var bindPolicy: BindOwnershipPolicy?
  public var unsafeFixes: Bool?
  public var failOn: Severity?
  public var honorSuppressions: Bool?
  /// Rule selectors to run, replacing the rules earlier layers chose (nil: keep them; by default every rule).
  public var select: [String]?
  /// Rule selectors to leave out of the rules chosen so far.
  public var ignore: [String]?
  /// Severity overrides by rule ID; merged over earlier layers rule by rule.
  public var severities: [String: Severity] = [:]
  /// Globs of paths `batch` leaves out, relative to `excludeBase`; added to earlier layers' globs.
  public var exclude: [String] = []
  /// The folder `exclude` globs are relative to (a config file's folder); nil: the folder being converted.
  public var excludeBase: String?
  /// Folders strictly below which bind sources are data `U` may chown, replacing the built-in roots (and
  /// an earlier layer's); absolute, or `~`/`~/…`.
  public var dataRoots: [String]?

  public init() {}

  /// The names of the environment variables read by `environment(_:)`.
  public static let environmentNames = [
    "MIGRATE_TARGET", "MIGRATE_PODMAN_VERSION", "MIGRATE_MODE", "MIGRATE_BIND_POLICY", "MIGRATE_UNSAFE_FIXES",
    "MIGRATE_FAIL_ON", "MIGRATE_SELECT", "MIGRATE_IGNORE",
  ]

  /// The layer set by `MIGRATE_*` variables; an invalid value is a usage error naming the variable.
  public static func environment(_ lookup: (String) -> String?) throws -> SettingsLayer {
    var layer = SettingsLayer()
    func value(_ name: String) -> String? {
      guard let text = lookup(name)?.trimmingSpaces, !text.isEmpty else { return nil }
      return text
    }
    func parsed<T>(_ name: String, _ parse: (String) -> T?, expected: String) throws -> T? {
      guard let text = value(name) else { return nil }
      guard let result = parse(text) else {
        throw SettingsError("\(name)=\(text): expected \(expected)")
      }
      return result
    }
    layer.target = try parsed("MIGRATE_TARGET", TargetProfile.Name.init(rawValue:), expected: Choices.targets)
    layer.podmanVersion = try parsed(
      "MIGRATE_PODMAN_VERSION", PodmanVersion.init(parsing:), expected: "a version such as 4.3 or 3.4.4")
    layer.mode = try parsed("MIGRATE_MODE", RunMode.init(rawValue:), expected: Choices.modes)
    layer.bindPolicy = try parsed(
      "MIGRATE_BIND_POLICY", BindOwnershipPolicy.init(rawValue:), expected: Choices.bindPolicies)
    layer.unsafeFixes = try parsed("MIGRATE_UNSAFE_FIXES", Choices.bool, expected: "true or false")
    layer.failOn = try parsed("MIGRATE_FAIL_ON", Choices.severity, expected: Choices.severities)
    for (name, keyPath) in [("MIGRATE_SELECT", \SettingsLayer.select), ("MIGRATE_IGNORE", \SettingsLayer.ignore)] {
      guard let text = value(name) else { continue }
      let selectors = Choices.list(text)
      if let unknown = selectors.first(where: { RuleSelection.ids(matching: $0).isEmpty }) {
        throw SettingsError("\(name): unknown rule `\(unknown)` (see `migrate rules`)")
      }
      layer[keyPath: keyPath] = selectors
    }
    return layer
  }
}

/// A setting that cannot be used, e.g. `MIGRATE_MODE=root`; the message names where it came from.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The settings a run uses, after layering defaults < config file < environment < flags.
public struct Settings: Sendable {
  public var options: ConversionOptions
  public var failOn: Severity?
  /// Batch exclusions, each with the folder its globs are relative to (nil: the folder being converted).
  public var exclude: [(base: String?, patterns: [String])]
  /// The config file that was read, if any.
  public var configPath: String?

  /// The exclusions as `BatchRequest.baseExcludes` for a batch over `root`: each config folder's globs with the
  /// path from that folder to `root` (empty when `root` is not inside it: the globs then match from `root`).
  public func batchExcludes(root: String) -> [(prefix: String, patterns: [String])] {
    let absoluteRoot = FileIO.absolutePath(root)
    return exclude.map { entry in
      guard let base = entry.base.map(FileIO.absolutePath) else { return ("", entry.patterns) }
      if absoluteRoot == base { return ("", entry.patterns) }
      let lead = base == "/" ? "/" : base + "/"
      return (absoluteRoot.hasPrefix(lead) ? String(absoluteRoot.dropFirst(lead.count)) : "", entry.patterns)
    }
  }

  /// Layers `layers` in order, each overriding what it sets.
  public static func resolve(_ layers: [SettingsLayer], configPath: String? = nil) -> Settings {
    var target = TargetProfile.Name.jammy
    var version: PodmanVersion?
    var fromTarget: TargetProfile.Name?
    var fromVersion: PodmanVersion?
    var mode = RunMode.usernsAuto
    var bindPolicy = BindOwnershipPolicy.chown
    var unsafeFixes = false
    var failOn: Severity?
    var honorSuppressions = true
    var selection: [(select: [String]?, ignore: [String]?)] = []
    var severities: [String: Severity] = [:]
    var exclude: [(base: String?, patterns: [String])] = []
    var dataRoots: [String]?
    for layer in layers {
      if let value = layer.dataRoots { dataRoots = value }
      if let value = layer.target { target = value }
      if let value = layer.podmanVersion { version = value }
      if let value = layer.fromTarget { fromTarget = value }
      if let value = layer.fromPodmanVersion { fromVersion = value }
      if let value = layer.mode { mode = value }
      if let value = layer.bindPolicy { bindPolicy = value }
      if let value = layer.unsafeFixes { unsafeFixes = value }
      if let value = layer.failOn { failOn = value }
      if let value = layer.honorSuppressions { honorSuppressions = value }
      selection.append((layer.select, layer.ignore))
      severities.merge(layer.severities) { $1 }
      if !layer.exclude.isEmpty { exclude.append((layer.excludeBase, layer.exclude)) }
    }
    var profile = TargetProfile.named(target)
    if let version { profile.podman = version }
    var options = ConversionOptions(
      target: profile, mode: mode, applyAtLeast: unsafeFixes ? .unsafe : .safe, bindPolicy: bindPolicy)
    options.honorSuppressions = honorSuppressions
    if fromTarget != nil || fromVersion != nil { options.from = UpgradeOrigin(target: fromTarget, podman: fromVersion) }
    options.bindProbe.dataRoots = dataRoots
    options.rules = RuleSelection.resolve(selection, severities: severities)
    return Settings(options: options, failOn: failOn, exclude: exclude, configPath: configPath)
  }
}

/// Accepted spellings of setting values, shared by the config file and the environment.
enum Choices {
  static let targets = TargetProfile.Name.allCases.map(\.rawValue).joined(separator: ", ")
  static let modes = RunMode.allCases.map(\.rawValue).joined(separator: ", ")
  static let bindPolicies = BindOwnershipPolicy.allCases.map(\.rawValue).joined(separator: ", ")
  static let severities = Severity.allCases.map(\.description).joined(separator: ", ")

  static func severity(_ text: String) -> Severity? { Severity.allCases.first { $0.description == text } }

  static func bool(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true", "yes", "on", "1": return true
    case "false", "no", "off", "0": return false
    default: return nil
    }
  }

  /// `MG1, MG2` or `MG1 MG2`.
  static func list(_ text: String) -> [String] {
    text.split { $0 == "," || $0 == " " || $0 == "\t" }.map(String.init)
  }
}

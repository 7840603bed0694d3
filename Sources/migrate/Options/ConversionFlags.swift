import ArgumentParser
import MigrateCore

extension RunMode: ExpressibleByArgument {}
extension TargetProfile.Name: ExpressibleByArgument {}
extension BindOwnershipPolicy: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

/// `--fail-on` levels, by name.
enum FailLevel: String, ExpressibleByArgument, CaseIterable {
  case error, warning, info

  var severity: Severity {
    switch self {
    case .error: return .error
    case .warning: return .warning
    case .info: return .info
    }
  }
}

/// `--mode` and `--target`, shared by every command; unset ones come from `.migrate.yml` or `MIGRATE_*`.
struct TargetFlags: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "How containers will run: userns-auto (root podman, --userns=auto) or rootless (default: userns-auto).",
      valueName: "mode"))
  var mode: RunMode?

  @Option(
    help: ArgumentHelp(
      "The host to migrate to; decides which podman features may be used (default: jammy).", valueName: "target"))
  var target: TargetProfile.Name?

  @Option(
    help: ArgumentHelp(
      "Plan for this podman version instead of the target's (e.g. 4.4 for a backported podman).",
      valueName: "x.y[.z]"))
  var podmanVersion: String?

  @Option(help: ArgumentHelp("Read settings from this file instead of looking for .migrate.yml.", valueName: "path"))
  var config: String?

  @Flag(help: "Read no .migrate.yml (MIGRATE_* variables and flags still apply).")
  var noConfig = false

  func validate() throws {
    if let podmanVersion, PodmanVersion(parsing: podmanVersion) == nil {
      throw ValidationError("--podman-version takes a version such as 4.3 or 3.4.4, not '\(podmanVersion)'.")
    }
    if config != nil && noConfig { throw ValidationError("Give --config or --no-config, not both.") }
  }

  var layer: SettingsLayer {
    var layer = SettingsLayer()
    layer.mode = mode
    layer.target = target
    layer.podmanVersion = podmanVersion.flatMap(PodmanVersion.init(parsing:))
    return layer
  }

  var configChoice: SettingsLoader.ConfigChoice {
    if noConfig { return .none }
    return config.map { .file($0) } ?? .discover
  }

  /// The settings for `input`: defaults < config file < environment < these flags (and `extra`).
  func settings(for input: String?, extra: (inout SettingsLayer) -> Void = { _ in }) throws -> Settings {
    var flags = layer
    extra(&flags)
    do {
      return try SettingsLoader.load(input: input, flags: flags, config: configChoice)
    } catch let error as SettingsError {
      throw Output.failure(error.message)
    }
  }
}

/// Options shared by every command that converts files.
struct ConversionFlags: ParsableArguments {
  @OptionGroup var target: TargetFlags

  @Option(
    name: .customLong("bind-policy"),
    help: ArgumentHelp(
      "How writable bind mounts of data directories are made writable: chown (add :U) or keep (default: chown).",
      valueName: "policy"))
  var bindPolicy: BindOwnershipPolicy?

  @Option(
    help: ArgumentHelp(
      "The input already runs on podman on this host: rewrite it for --target's newer podman and say what changes at runtime.",
      valueName: "target"))
  var fromTarget: TargetProfile.Name?

  @Option(
    help: ArgumentHelp(
      "The input already runs on this podman version (over --from-target's; a newer podman than --target's is refused).",
      valueName: "x.y[.z]"))
  var fromPodmanVersion: String?

  @Flag(help: "Also apply fixes that may change behaviour in ways the rule cannot check.")
  var unsafeFixes = false

  @Option(
    help: "Exit with status 1 when a finding at or above this severity is not fixed (remaining or needing review).")
  var failOn: FailLevel?

  @Flag(help: "Ignore `# migrate: ignore=ID` and `# migrate: file-ignore=ID` comments.")
  var noSuppressions = false

  @Option(
    parsing: .singleValue,
    help: ArgumentHelp(
      "Run only these rules: IDs, names, ID prefixes (MG1) or ALL; comma-separated, repeatable.",
      valueName: "rules"))
  var select: [String] = []

  @Option(
    parsing: .singleValue,
    help: ArgumentHelp("Leave out these rules (as --select).", valueName: "rules"))
  var ignore: [String] = []

  func validate() throws {
    if let fromPodmanVersion, PodmanVersion(parsing: fromPodmanVersion) == nil {
      throw ValidationError(
        "--from-podman-version takes a version such as 4.3 or 3.4.4, not '\(fromPodmanVersion)'.")
    }
    for selector in (select + ignore).flatMap({ $0.split(separator: ",").map(String.init) })
    where RuleSelection.ids(matching: selector).isEmpty {
      throw ValidationError("Unknown rule '\(selector)' (see `migrate rules`).")
    }
  }

  /// The settings for converting `input`, flags over environment over config file over defaults.
  func settings(for input: String?) throws -> Settings {
    let settings = try target.settings(for: input) { layer in
      layer.fromTarget = fromTarget
      layer.fromPodmanVersion = fromPodmanVersion.flatMap(PodmanVersion.init(parsing:))
      layer.bindPolicy = bindPolicy
      if unsafeFixes { layer.unsafeFixes = true }
      if noSuppressions { layer.honorSuppressions = false }
      layer.failOn = failOn?.severity
      func list(_ values: [String]) -> [String]? {
        values.isEmpty ? nil : values.flatMap { $0.split(separator: ",").map(String.init) }
      }
      layer.select = list(select)
      layer.ignore = list(ignore)
    }
    if let problem = settings.options.from?.problem(upgradingTo: settings.options.target) {
      throw ValidationError(problem + ".")
    }
    return settings
  }
}

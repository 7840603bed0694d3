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

/// Options shared by every command that converts files.
struct ConversionFlags: ParsableArguments {
  @Option(help: "How containers will run: userns-auto (root podman, --userns=auto) or rootless.")
  var mode: RunMode = .usernsAuto

  @Option(help: "The host to migrate to; decides which podman features may be used.")
  var target: TargetProfile.Name = .jammy

  @Option(
    name: .customLong("bind-policy"),
    help: "How writable bind mounts of data directories are made writable: chown (add :U) or keep.")
  var bindPolicy: BindOwnershipPolicy = .chown

  @Flag(help: "Also apply fixes that may change behaviour in ways the rule cannot check.")
  var unsafeFixes = false

  @Option(help: "Exit with status 1 when a finding at or above this severity remains unfixed.")
  var failOn: FailLevel?

  @Flag(help: "Ignore `# migrate: ignore=ID` and `# migrate: file-ignore=ID` comments.")
  var noSuppressions = false

  var options: ConversionOptions {
    var options = ConversionOptions(
      target: .named(target), mode: mode, applyAtLeast: unsafeFixes ? .unsafe : .safe, bindPolicy: bindPolicy)
    options.honorSuppressions = !noSuppressions
    return options
  }
}

/// Builds `ProjectPlan`s for the emitters: converts the input with the normal pipeline, then plans from the
/// model of the migrated text that the conversion kept (see `ContainerPlan` for why).
public enum EmitPlanner {
  /// What planning produced: the plan, and the conversion it was read from (its findings are reported).
  public struct Outcome: Sendable {
    public var plan: ProjectPlan
    public var conversion: ConversionResult
  }

  /// Converts `source` (a compose file, or any file holding `docker run`/`create` lines) for `options`,
  /// then plans from the converted text. Throws the parse error when the input does not parse, and a
  /// located error for a dependency cycle.
  /// `folder` is the absolute folder of the file, whose name is the compose project name when the file
  /// sets none (as Compose does).
  /// `variables` are what Compose would interpolate (the `.env` file beside a compose file, then the
  /// environment): substituted before planning where they decide structure, with `${VAR:-default}`
  /// defaults; in what the container is handed (environment, command, …) they stay references
  /// (`VariableReference`), never values. `dotEnv` is that `.env` file, which units then read.
  /// `profiles` are the compose profiles to enable (`--profile`; when empty, `COMPOSE_PROFILES` of
  /// `variables`). A variable Compose cannot give a value where it decides structure, a dependency on a
  /// service left out with its profile and two containers of one name are located errors.
  public static func plan(
    _ source: SourceFile, kind: InputKind, options: ConversionOptions, folder: String? = nil,
    variables: [String: String] = [:], dotEnv: DotEnvFile? = nil, profiles: [String] = []
  ) throws -> Outcome {
    // Interpolated first, so the rules see the values Compose would run (`${IMAGE:-nginx}` gets qualified);
    // a file that does not parse is left to the conversion to report.
    var input = source
    if kind == .compose, let project = try? ComposeParser.parse(source) {
      // Checked on the file as written, so the errors point into it (the plan reads the converted text).
      try checkVariables(source, variables: variables)
      _ = try selectedServices(project, variables: variables, profiles: profiles, path: source.path)
    }
    if kind == .compose, let interpolated = try? interpolate(source, variables: variables) { input = interpolated }
    let conversion = Converter.convert(input, kind: kind, options: options)
    if let diagnostic = conversion.parseError { throw diagnostic }
    if let error = conversion.internalError { throw MigrateError.internal(error) }
    // The engine's last round parsed the converted output: plan from that model, not from a new parse.
    guard let model = conversion.model else { throw MigrateError.internal("the conversion kept no model") }
    var plan: ProjectPlan
    switch model {
    case .compose(let project):
      plan = try compose(
        project, path: folder.map { $0 + "/compose.yaml" } ?? source.path, variables: variables, profiles: profiles,
        file: source.path)
      plan.variableSources = sources(plan.referencedVariables, variables: variables, dotEnv: dotEnv)
    case .script(let document):
      plan = try runLines(document)
    }
    _ = try plan.startOrder(path: source.path)
    return Outcome(plan: plan, conversion: conversion)
  }

  /// Where each referenced variable's value comes from: the `.env` file (when Compose takes it from there
  /// and not from the environment), the environment, or nowhere.
  static func sources(_ names: [String], variables: [String: String], dotEnv: DotEnvFile?)
    -> ProjectPlan.VariableSources
  {
    var sources = ProjectPlan.VariableSources()
    let fromFile = dotEnv.map { ComposeInterpolation.dotEnv($0.text) } ?? [:]
    let asSystemdReadsIt = dotEnv.map { EnvironmentFileSyntax.systemd($0.text) } ?? [:]
    for name in names {
      if let value = fromFile[name], variables[name] == nil || variables[name] == value {
        sources.fromDotEnv.insert(name)
        if asSystemdReadsIt[name] != value { sources.readDifferentlyBySystemd.insert(name) }
      } else if variables[name] != nil {
        sources.fromEnvironment.insert(name)
      } else {
        sources.unset.insert(name)
      }
    }
    if !sources.fromDotEnv.isEmpty {
      sources.dotEnvPath = dotEnv?.path
      sources.readByPodman = asSystemdReadsIt.keys.filter(readByPodman).sorted()
    }
    return sources
  }

  /// Environment variables podman (or its helpers) reads for itself: set by a unit's `EnvironmentFile=`,
  /// they change where podman keeps its storage, which configuration it loads, or which program runs.
  static func readByPodman(_ name: String) -> Bool {
    let exact: Set<String> = [
      "PATH", "HOME", "USER", "TMPDIR", "REGISTRY_AUTH_FILE", "STORAGE_DRIVER", "STORAGE_OPTS", "LD_PRELOAD",
      "LD_LIBRARY_PATH", "DBUS_SESSION_BUS_ADDRESS", "NOTIFY_SOCKET",
    ]
    return exact.contains(name) || name.hasPrefix("XDG_") || name.hasPrefix("CONTAINERS_")
      || name.hasPrefix("PODMAN_") || name.hasPrefix("CONTAINER_")
  }
}

/// What `migrate data` was asked to do.
public struct DataRequest: Sendable {
  public enum Format: String, Sendable, CaseIterable {
    case text, json
  }

  /// Where the containers are read from.
  public var source: ContainerSource
  public var options: ConversionOptions
  /// How the inventory is printed.
  public var format: Format
  /// Write the migration script here (`-`: standard output, instead of the inventory).
  public var scriptPath: String?
  /// With rootless mode: whose podman receives the containers.
  public var rootlessUser: String?
  /// The script's state folder (default `/var/lib/migrate-data/ID`).
  public var stateDirectory: String?

  public init(
    source: ContainerSource, options: ConversionOptions, format: Format = .text, scriptPath: String? = nil,
    rootlessUser: String? = nil, stateDirectory: String? = nil
  ) {
    self.source = source
    self.options = options
    self.format = format
    self.scriptPath = scriptPath
    self.rootlessUser = rootlessUser
    self.stateDirectory = stateDirectory
  }
}

/// `migrate data` without the argument parsing: the inventory of what the containers keep their data in, and
/// the script that moves it (`DataScript`). Docker is only read; the script is the only file written.
public enum DataCommand {
  public static func run(_ request: DataRequest, environment: CommandEnvironment) -> CommandOutcome {
    var outcome = CommandOutcome()
    let inspect: DockerInspect
    let containers: [InspectedContainer]
    do {
      (inspect, containers) = try request.source.read()
    } catch {
      return outcome.failed(error)
    }
    if containers.isEmpty { return outcome.failed("no containers (docker ps -a lists none)") }
    let inventory = DataInventory(inspect, containers: containers)
    let listing = request.format == .json ? inventory.json() : inventory.text()
    guard let scriptPath = request.scriptPath else {
      outcome.stdout = Array(listing.utf8)
      return outcome
    }
    if request.options.mode == .rootless && (request.rootlessUser ?? "").isEmpty {
      return outcome.failed("--mode rootless moves the data to one user's podman: name the user with --rootless-user")
    }
    let captured = CapturedScript.render(inspect, containers: containers, verb: "create")
    let source = SourceFile(path: CaptureCommand.capturedPath, bytes: Array(captured.utf8))
    let result = Converter.convert(source, kind: .shell, options: request.options)
    outcome.stderr = Array(
      Reporter.render(.file(result), format: .text, options: request.options, color: environment.stderrColor).utf8)
    if result.failed { return outcome.failed("the captured containers did not convert") }
    let script: DataScript
    do {
      script = try DataScript(
        inspect: inspect, containers: containers, inventory: inventory,
        converted: String(decoding: result.output, as: UTF8.self), mode: request.options.mode,
        rootlessUser: request.rootlessUser, stateDirectory: request.stateDirectory)
    } catch {
      return outcome.failed(error)
    }
    let text = script.render()
    if scriptPath == "-" {
      outcome.stdout = Array(text.utf8)
      return outcome
    }
    do {
      // 0700: the script runs as root and may hold the containers' secret settings.
      try FileIO.writeAtomically(Array(text.utf8), to: scriptPath, mode: 0o700)
    } catch {
      return outcome.failed(error)
    }
    outcome.stdout = Array(listing.utf8)
    outcome.stderr += Array(
      "migrate: wrote \(scriptPath): run it as root (bash \(scriptPath) --dry-run first); state in \(script.stateDirectory)\n"
        .utf8)
    return outcome
  }
}

/// What `migrate capture` was asked to do.
public struct CaptureRequest: Sendable {
  public enum Output: String, Sendable, CaseIterable {
    /// The captured containers as podman run lines (converted, with findings).
    case podman
    /// The docker run lines as captured, before conversion.
    case docker
    /// A compose file of the containers.
    case compose
    /// A shell script of podman commands.
    case podmanScript = "podman-script"
    /// systemd units (Quadlet or plain, by target).
    case units
  }

  /// Where the containers are read from.
  public var source: ContainerSource
  public var output: Output
  public var options: ConversionOptions
  public var format: ReportFormat
  public var failOn: Severity?
  public var outputDirectory: String?
  public var install: Bool = false
  /// Print secret-looking environment values (`--show-secrets`); otherwise output printed on standard output
  /// takes them from the environment (`-e KEY`), and only files written with `--output` (mode 0600) hold them.
  public var showSecrets = false
  /// Compare the containers with this compose file instead (`--drift`): exit 1 when they differ.
  public var driftPath: String?

  public init(
    source: ContainerSource, output: Output, options: ConversionOptions, format: ReportFormat = .text,
    failOn: Severity? = nil, outputDirectory: String? = nil
  ) {
    self.source = source
    self.output = output
    self.options = options
    self.format = format
    self.failOn = failOn
    self.outputDirectory = outputDirectory
  }
}

/// `migrate capture` without the argument parsing: read the containers, write them as docker run lines,
/// then convert or emit those as any other input.
public enum CaptureCommand {
  /// The name findings use for the captured script.
  public static let capturedPath = "<captured>"

  public static func run(_ request: CaptureRequest, environment: CommandEnvironment) -> CommandOutcome {
    let outcome = CommandOutcome()
    let inspect: DockerInspect
    let containers: [InspectedContainer]
    do {
      (inspect, containers) = try request.source.read()
    } catch {
      return outcome.failed(error)
    }
    if let driftPath = request.driftPath { return drift(driftPath, inspect: inspect, format: request.format) }
    if containers.isEmpty { return outcome.failed("no containers to capture (docker ps -a lists none)") }
    let printed = request.output == .docker || request.output == .podman || request.outputDirectory == nil
    let script = CapturedScript.render(
      inspect, containers: containers, withholdSecrets: printed && !request.showSecrets)
    switch request.output {
    case .docker:
      var result = outcome
      result.stdout = Array(script.utf8)
      return result
    case .podman:
      let convert = ConvertRequest(
        path: capturedPath, kind: .shell, options: request.options, output: .converted, check: false, text: script,
        format: request.format, failOn: request.failOn)
      return ConvertCommand.run(convert, environment: environment)
    case .compose, .podmanScript, .units:
      let target: EmitRequest.Target =
        request.output == .compose ? .compose : request.output == .units ? .units : .podmanScript
      let emit = EmitRequest(
        target: target, path: capturedPath, kind: .shell, options: request.options, text: script,
        outputDirectory: request.outputDirectory, install: request.install, format: request.format,
        failOn: request.failOn)
      return EmitCommand.run(emit, environment: environment)
    }
  }

  /// The drift report of the compose file at `path` against the containers; exit 1 when they differ.
  static func drift(_ path: String, inspect: DockerInspect, format: ReportFormat) -> CommandOutcome {
    var outcome = CommandOutcome()
    do {
      let report = try ComposeDrift.compare(path: path, bytes: FileIO.read(path), inspect: inspect)
      outcome.stdout = Array((format == .json ? report.json() : report.text()).utf8)
      if report.hasDrift { outcome.exitCode = 1 }
      return outcome
    } catch {
      return outcome.failed(error)
    }
  }

}

/// Where `capture` and `data` read the containers from: saved `docker inspect` output, or the engine.
public struct ContainerSource: Sendable {
  /// A file of `docker inspect` output (`-` for standard input); nil asks the Docker engine.
  public var inspectPath: String?
  /// The containers (names or IDs); every container when empty.
  public var containers: [String]
  public var docker: DockerEngine

  public init(inspectPath: String? = nil, containers: [String] = [], docker: DockerEngine = DockerEngine()) {
    self.inspectPath = inspectPath
    self.containers = containers
    self.docker = docker
  }

  /// The inspect output, and the containers asked for in creation order (an unknown name is an error).
  public func read() throws -> (DockerInspect, [InspectedContainer]) {
    let inspect: DockerInspect
    if let path = inspectPath {
      inspect = try DockerInspect.decode(FileIO.read(path), path: path == "-" ? "<stdin>" : path)
    } else {
      inspect = try docker.inspect(containers: containers)
    }
    return (inspect, try CapturedScript.select(inspect, containers))
  }
}

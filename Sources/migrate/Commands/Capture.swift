import ArgumentParser
import MigrateCore

struct Capture: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Capture containers running under Docker as podman run lines, compose files or units.",
    discussion: """
      Reads docker inspect output (from the Docker engine, or a file given with --inspect) and writes each \
      container as the docker run line that would create it again, leaving out what Docker filled in by \
      itself (the image's environment, command, entrypoint, labels, exposed ports; the default network, \
      log driver and hostname). Those lines are then converted like any other input: the same rules, fixes \
      and findings. Anonymous volumes are named by their Docker names, so migrate data can move them.

      The engine is the one the docker CLI reaches (DOCKER_HOST, DOCKER_CONTEXT); it is only read.

      Examples:
        migrate capture                                  every container, as podman run lines
        migrate capture web db --to units --target noble Quadlet units for two containers
        migrate capture --to docker > containers.sh      the docker run lines, unconverted
        docker inspect $(docker ps -aq) | migrate capture --inspect -
        migrate capture --drift compose.yml              what runs differs from the compose file

      Exit status: 0 success; 1 with --drift when what runs differs from the file; 2 usage, Docker or \
      parse error.
      """
  )

  @OptionGroup var source: DockerSourceFlags

  @Option(help: "What to write: podman (run lines), docker (as captured), compose, podman-script or units.")
  var to: CaptureRequest.Output = .podman

  @OptionGroup var conversion: ConversionFlags

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: "With --to compose, podman-script or units: write the files into this folder.")
  var output: String?

  @Flag(help: "With --to units: also print where the units go and the systemctl commands.")
  var install = false

  @Option(help: "How findings are reported on standard error: text, json or sarif.")
  var format: ReportFormat = .text

  @Flag(
    help:
      "Print the values of secret-looking variables (DB_PASSWORD=…); by default printed lines take them from the environment (-e KEY)."
  )
  var showSecrets = false

  @Option(
    help: ArgumentHelp(
      "Compare the containers with this compose file and report what differs (text or --format json); exit 1 on drift.",
      valueName: "compose-file"))
  var drift: String?

  func validate() throws {
    if output != nil && [.podman, .docker].contains(to) {
      throw ValidationError("--output goes with --to compose, podman-script or units.")
    }
    if install && to != .units { throw ValidationError("--install goes with --to units.") }
    if drift != nil && (to != .podman || output != nil || install) {
      throw ValidationError("--drift prints a report; it does not go with --to, --output or --install.")
    }
  }

  func run() throws {
    let settings = try conversion.settings(for: nil)
    var request = CaptureRequest(
      source: source.containerSource, output: to, options: settings.options, format: format,
      failOn: settings.failOn, outputDirectory: output)
    request.install = install
    request.driftPath = drift
    request.showSecrets = showSecrets
    try Output.finish(CaptureCommand.run(request, environment: .process))
  }
}

extension CaptureRequest.Output: ExpressibleByArgument {}

import ArgumentParser
import MigrateCore

/// Where `capture` and `data` read the containers from: the Docker engine through its CLI, or saved
/// `docker inspect` output.
struct DockerSourceFlags: ParsableArguments {
  @Argument(help: "Containers, by name or ID (default: every container, running or not).")
  var containers: [String] = []

  @Option(
    help: ArgumentHelp(
      "Read docker inspect output from this file (- for standard input) instead of asking the engine.",
      valueName: "file"))
  var inspect: String?

  @Option(help: ArgumentHelp("The docker CLI to ask the engine with.", valueName: "path"))
  var docker = "docker"

  var containerSource: ContainerSource {
    ContainerSource(inspectPath: inspect, containers: containers, docker: DockerEngine(executable: docker))
  }
}

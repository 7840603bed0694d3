import ArgumentParser
import MigrateCore

struct DataSubcommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data",
    abstract: "List the data of Docker containers and write the script that moves it to podman.",
    discussion: """
      Prints an inventory: the named volumes (with their compose project and mount points), bind folders \
      and images (digests, sizes) the containers use, and what each folder holds where this host can read \
      it. With --script, also writes a re-runnable bash script that moves the images (docker save | podman \
      load), copies each volume into a podman volume with its owners shifted into the container's user \
      namespace, creates the containers (converted as migrate capture converts them, not started) and \
      checks every file against Docker's copy. Docker's data is only read.

      Examples:
        migrate data                                     the inventory of every container
        migrate data web db --script move.sh             the script for two containers
        migrate data --mode rootless --rootless-user app --script move.sh
        sudo bash move.sh --dry-run                      what the script would do
      """
  )

  @OptionGroup var source: DockerSourceFlags

  @Option(help: ArgumentHelp("Write the migration script to this file (- for standard output).", valueName: "file"))
  var script: String?

  @Option(help: ArgumentHelp("With --mode rootless: the user whose podman gets the containers.", valueName: "user"))
  var rootlessUser: String?

  @Option(help: ArgumentHelp("The script's state folder (default /var/lib/migrate-data/ID).", valueName: "dir"))
  var state: String?

  @OptionGroup var conversion: ConversionFlags

  @Option(help: "How the inventory is printed: text or json.")
  var format: DataRequest.Format = .text

  func run() throws {
    let settings = try conversion.settings(for: nil)
    let request = DataRequest(
      source: source.containerSource, options: settings.options, format: format, scriptPath: script,
      rootlessUser: rootlessUser, stateDirectory: state)
    try Output.finish(DataCommand.run(request, environment: .process))
  }
}

extension DataRequest.Format: ExpressibleByArgument {}

import ArgumentParser
import MigrateCore

struct Units: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write systemd units for the containers of a compose file, script or run line.",
    discussion: """
      Converts the input first (the same decisions as migrate convert), then writes one unit per service \
      or container. Targets with Quadlet (noble, podman 4.4+) get .container, .volume and .network files; \
      jammy, focal and bookworm get plain service units in the style of podman generate systemd --new. \
      userns-auto mode writes system units (multi-user.target); rootless mode writes user units \
      (default.target), which need loginctl enable-linger.

      Examples:
        migrate units --target noble compose.yml
        migrate units --target jammy -o units/ --install compose.yml
        migrate units --command 'docker run -d -p 80:80 --restart unless-stopped nginx'

      Exit status: 0 success; 2 usage, parse, I/O or dependency-cycle error.
      """
  )

  /// The help of `units`' input.
  enum Help: InputHelp {
    static let input: (file: ArgumentHelp, command: ArgumentHelp) = (
      "The compose file, a folder holding one, or a script with docker run lines.",
      "Write units for this command line (or text pasted from a README or a terminal) instead of a file."
    )
  }

  @OptionGroup var input: InputFlags<Help>

  @OptionGroup var conversion: ConversionFlags

  @Option(help: "Read the file as this kind instead of guessing from its name and content.")
  var kind: InputKind?

  @Option(name: [.customShort("o"), .customLong("output")], help: "Write the unit files into this folder.")
  var output: String?

  @Flag(help: "Also print where the units go and the systemctl commands that start them.")
  var install = false

  @Option(help: "How findings are reported on standard error: text, json or sarif.")
  var format: ReportFormat = .text

  @Option(
    name: .customLong("profile"),
    help: "Enable this compose profile (repeatable; * enables all); default: COMPOSE_PROFILES, as docker compose up.")
  var profiles: [String] = []

  func run() throws {
    let settings = try conversion.settings(for: input.settingsInput)
    var request = EmitRequest(
      target: .units, path: input.path, kind: input.kind(kind), options: settings.options, text: input.text,
      outputDirectory: output, install: install, format: format, failOn: settings.failOn,
      profiles: profiles)
    request.isCommand = input.command != nil
    try Output.finish(EmitCommand.run(request, environment: .process))
  }
}

import ArgumentParser
import Foundation
import MigrateCore

@main
struct Migrate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate",
    abstract: "Migrate Docker deployments to rootless-equivalent Podman.",
    discussion: """
      Rewrites compose files, deploy scripts, Makefiles, systemd units and CI jobs so their containers run \
      under root podman with --userns=auto (or rootless podman): each container in its own user namespace, \
      writable data directories chowned with :U, image names fully qualified, the Docker socket replaced, \
      docker commands turned into podman ones. Edits are surgical: comments, key order, quoting and \
      formatting survive, and a file that does not parse is never written.

      Examples:
        migrate convert compose.yml              print the converted file
        migrate convert --dry-run compose.yml    show a unified diff
        migrate convert --write compose.yml      rewrite in place
        migrate units --target noble compose.yml Quadlet units for the services
        migrate batch --check                    CI gate over a whole repository
        migrate capture --to units               Docker's running containers as units
        migrate prereqs --target jammy           what the host needs
        migrate explain MG102                    why a rule exists
      """,
    version: MigrateVersion.string,
    subcommands: [
      Convert.self, Units.self, Batch.self, Capture.self, DataSubcommand.self, Prereqs.self, DoctorCommand.self,
      Rules.self, Explain.self,
    ]
  )

  /// Runs the command; usage errors exit with status 2 (not argument-parser's 64), as the docs promise.
  static func main() {
    if CommandLine.arguments.dropFirst().first == WriteCommitter.helperArgument {
      Foundation.exit(WriteCommitter.serve())
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        Output.write(Array((fullMessage(for: error) + "\n").utf8), to: .standardError)
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}

import ArgumentParser
import MigrateCore

struct DoctorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract: "Check this host against a target and mode.",
    discussion: """
      One line per check — podman and its version, subordinate ID ranges, kernel, cgroups, storage driver, \
      unprivileged port start, linger, the API socket — as pass, warn or fail with the command that fixes it.

      Examples:
        sudo migrate doctor --target jammy
        sudo migrate doctor --mode rootless --user deploy

      Exit status: 0 when nothing fails; 1 when a check fails.
      """)

  @OptionGroup var targetFlags: TargetFlags

  @Option(help: "The user that runs rootless podman (rootless mode).")
  var user: String?

  func run() throws {
    let options = try targetFlags.settings(for: nil).options
    let checks = Doctor.checks(target: options.target, mode: options.mode, user: user, probe: SystemHostProbe())
    Output.write(Array(Doctor.render(checks).utf8), to: .standardOutput)
    if checks.contains(where: { $0.status == .fail }) { throw ExitCode(1) }
  }
}

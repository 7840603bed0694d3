import ArgumentParser
import MigrateCore

enum PrereqFormat: String, ExpressibleByArgument, CaseIterable {
  case sh, markdown, json
}

struct Prereqs: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the packages and host setup podman needs, tailored to what a folder uses.",
    discussion: """
      Without DIR: the full baseline for the target. With DIR: the steps the files there need (podman-compose \
      when compose files are found, podman.socket when the Docker socket is mounted, the unprivileged port \
      sysctl only for the lowest published port below 1024 in rootless mode, boot restarts for restart \
      policies). The shell script is idempotent (set -euo pipefail, safe to run again); ROOT=/tmp/x writes its \
      host files under another root.

      Examples:
        migrate prereqs --target jammy > prepare-host.sh
        migrate prereqs services/ --target focal --mode rootless --format markdown
      """)

  @Argument(help: "A folder to scan for what it needs; without it, the full baseline.")
  var directory: String?

  @OptionGroup var targetFlags: TargetFlags

  @Option(help: "Output: sh (a script), markdown or json.")
  var format: PrereqFormat = .sh

  func run() throws {
    let settings = try targetFlags.settings(for: directory)
    let options = settings.options
    let (target, mode) = (options.target.name, options.mode)
    var needs = HostNeeds.baseline
    if let directory {
      do {
        var request = BatchRequest(
          root: directory, options: options, baseExcludes: settings.batchExcludes(root: directory))
        request.keepModels = true
        needs = HostNeeds.of(try BatchRunner.run(request), options: options)
      } catch {
        throw Output.failure(error)
      }
    }
    let steps = PrereqPlanner.steps(target, mode, needs: needs)
    let text: String
    switch format {
    case .sh: text = PrereqPlanner.script(steps, target: target, mode: mode)
    case .markdown: text = PrereqPlanner.markdown(steps, target: target, mode: mode)
    case .json: text = PrereqPlanner.json(steps, target: target, mode: mode, needs: needs)
    }
    Output.write(Array(text.utf8), to: .standardOutput)
  }
}

import ArgumentParser
import MigrateCore

struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert one file for podman.",
    discussion: """
      Prints the converted file on standard output and the findings on standard error \
      (file:line:col: severity: [ID] message). Use - to read standard input.

      Examples:
        migrate convert compose.yml > compose.podman.yml
        migrate convert --dry-run compose.yml
        migrate convert --check --write --mode rootless compose.yml
        migrate convert deploy.sh Makefile app.service .gitlab-ci.yml (one at a time)
        migrate convert --command 'docker run -d -p 80:80 -v ./data:/data nginx'

      Kinds are told by name, extension, shebang and content: compose files, shell scripts, Makefiles, \
      systemd units, GitHub Actions workflows and GitLab CI files; --kind overrides.

      Exit status: 0 success; 1 changes needed (with --check); 2 usage, parse, I/O or internal error.
      """
  )

  @Argument(help: "The file to convert, or - for standard input.")
  var file: String?

  @Option(help: "Convert this one command line instead of a file, and print it.")
  var command: String?

  @OptionGroup var conversion: ConversionFlags

  @Option(help: "Read the file as this kind instead of guessing from its name and content.")
  var kind: InputKind?

  @Flag(help: "Print a unified diff instead of the converted file; write nothing.")
  var dryRun = false

  @Flag(help: "Rewrite the file in place (atomically, keeping its mode).")
  var write = false

  @Flag(help: "Exit with status 1 if the file would change.")
  var check = false

  @Option(help: "How findings are reported on standard error: text, json or sarif.")
  var format: ReportFormat = .text

  func validate() throws {
    if (file == nil) == (command == nil) { throw ValidationError("Give a file or --command, not both or neither.") }
    if write && (file == "-" || command != nil) {
      throw ValidationError("--write needs a file, not standard input or --command.")
    }
    if write && dryRun { throw ValidationError("--dry-run writes nothing; drop --write or --dry-run.") }
  }

  func run() throws {
    let settings = try conversion.settings(for: command == nil ? file : nil)
    let request = ConvertRequest(
      path: file ?? "<command>", kind: command == nil ? kind : .shell, options: settings.options,
      output: dryRun ? .diff : write ? .write : .converted, check: check, text: command.map { $0 + "\n" },
      format: format, failOn: settings.failOn)
    let outcome = ConvertCommand.run(request, environment: .process)
    Output.write(outcome.stdout, to: .standardOutput)
    Output.write(outcome.stderr, to: .standardError)
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

extension InputKind: ExpressibleByArgument {}

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
        migrate convert --to podman-script compose.yml > up.sh
        migrate convert --to compose --command 'docker run -d -p 80:80 nginx'

      Kinds are told by name, extension, shebang and content: compose files, shell scripts, Makefiles, \
      systemd units, GitHub Actions workflows and composite actions, GitLab CI and Travis CI files; \
      --kind overrides. Kubernetes manifests, Ansible playbooks and Helm templates are refused, also \
      with --kind compose.

      --to podman (the default) rewrites the file; --to podman-script writes a sh script of podman \
      commands that brings a compose project up without podman-compose; --to compose writes compose \
      services from docker run lines. Both are built from the converted input.

      Exit status: 0 success; 1 changes needed or a finding that needs review (with --check), or a \
      finding not fixed at --fail-on; 2 usage, parse, I/O or internal error.
      """
  )

  /// The help of `convert`'s input and writing flags.
  enum Help: InputHelp, WriteHelp {
    static let input: (file: ArgumentHelp, command: ArgumentHelp) = (
      "The file to convert, or - for standard input.",
      "Convert this command line (or text pasted from a README or a terminal) instead of a file, and print it."
    )
    static let writing: (write: ArgumentHelp, writeReadOnly: ArgumentHelp, check: ArgumentHelp) = (
      "Rewrite the file in place (atomically, keeping its mode, owner, links and hard links).",
      "With --write: also rewrite a file its owner may not write (such as mode 0444), keeping the mode.",
      "Exit with status 1 if the file would change."
    )
  }

  @OptionGroup var input: InputFlags<Help>

  @OptionGroup var conversion: ConversionFlags

  @Option(help: "What to write: podman (the file, rewritten), podman-script or compose.")
  var to: ConvertTarget = .podman

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: "With --to podman-script or compose: write the file into this folder.")
  var output: String?

  @Option(help: "Read the file as this kind instead of guessing from its name and content.")
  var kind: InputKind?

  @Flag(help: "Print a unified diff instead of the converted file; write nothing.")
  var dryRun = false

  @OptionGroup var writing: WriteFlags<Help>

  @Option(help: "How findings are reported on standard error: text, json or sarif.")
  var format: ReportFormat = .text

  @Option(
    name: .customLong("profile"),
    help: "With --to podman-script: enable this compose profile (repeatable; * enables all).")
  var profiles: [String] = []

  func validate() throws {
    let write = writing.write
    if write && (input.file == "-" || input.command != nil) {
      throw ValidationError("--write needs a file, not standard input or --command.")
    }
    if write && dryRun { throw ValidationError("--dry-run writes nothing; drop --write or --dry-run.") }
    if to != .podman && (write || dryRun || writing.check) {
      throw ValidationError("--write, --dry-run and --check go with --to podman only.")
    }
    if to == .podman && output != nil { throw ValidationError("--output goes with --to podman-script or compose.") }
    if to != .podmanScript && !profiles.isEmpty { throw ValidationError("--profile goes with --to podman-script.") }
  }

  func run() throws {
    let settings = try conversion.settings(for: input.settingsInput)
    if to != .podman {
      var request = EmitRequest(
        target: to == .compose ? .compose : .podmanScript, path: input.path, kind: input.kind(kind),
        options: settings.options, text: input.text, outputDirectory: output, format: format,
        failOn: settings.failOn, profiles: profiles)
      request.isCommand = input.command != nil
      return try Output.finish(EmitCommand.run(request, environment: .process))
    }
    var request = ConvertRequest(
      path: input.path, kind: input.kind(kind), options: settings.options,
      output: dryRun ? .diff : writing.write ? .write : .converted, check: writing.check, text: input.text,
      format: format, failOn: settings.failOn)
    request.writeReadOnly = writing.writeReadOnly
    request.isCommand = input.command != nil
    try Output.finish(ConvertCommand.run(request, environment: .process))
  }
}

extension InputKind: ExpressibleByArgument {}

/// `convert --to` values.
enum ConvertTarget: String, ExpressibleByArgument, CaseIterable {
  case podman
  case podmanScript = "podman-script"
  case compose
}

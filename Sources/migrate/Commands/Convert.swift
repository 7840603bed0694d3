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

      Exit status: 0 success; 1 changes needed (with --check); 2 usage, parse, I/O or internal error.
      """
  )

  @Argument(help: "The file to convert, or - for standard input.")
  var file: String

  @OptionGroup var conversion: ConversionFlags

  @Option(help: "Read the file as this kind instead of guessing from its name and content.")
  var kind: InputKind?

  @Flag(help: "Print a unified diff instead of the converted file; write nothing.")
  var dryRun = false

  @Flag(help: "Rewrite the file in place (atomically, keeping its mode).")
  var write = false

  @Flag(help: "Exit with status 1 if the file would change.")
  var check = false

  func validate() throws {
    if write && file == "-" { throw ValidationError("--write needs a file, not standard input.") }
    if write && dryRun { throw ValidationError("--dry-run writes nothing; drop --write or --dry-run.") }
  }

  func run() throws {
    let request = ConvertRequest(
      path: file, kind: kind, options: conversion.options, output: dryRun ? .diff : write ? .write : .converted,
      check: check)
    let outcome = ConvertCommand.run(request, environment: .process)
    Output.write(outcome.stdout, to: .standardOutput)
    Output.write(outcome.stderr, to: .standardError)
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

extension InputKind: ExpressibleByArgument {}

import ArgumentParser
import Foundation
import MigrateCore

struct Batch: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert every file of a repository that uses docker.",
    discussion: """
      Walks DIR (in a git work tree: the files git tracks plus untracked, not-ignored ones; elsewhere every \
      file, skipping .git, node_modules, vendor and build folders, never following symbolic links), \
      detects each file's kind, converts in parallel and prints, in path order, the unified diffs (nothing \
      is written without --write), the findings and a summary.

      Examples:
        migrate batch                         review the diffs for the current folder
        migrate batch --write services/       apply them
        migrate batch --check                 CI gate: exit 1 if anything would change or needs review
        migrate batch --shard 2/8 --exclude 'test/*'

      Exit status: 0 success; 1 changes needed or a finding that needs review (with --check, also after \
      --write), or a finding not fixed at --fail-on; 2 usage or I/O error. A file that does not parse is \
      reported (MG001) and left untouched.
      """)

  @Argument(help: "The folder to convert.")
  var directory: String = "."

  @OptionGroup var conversion: ConversionFlags

  /// The help of `batch`'s writing flags.
  enum Help: WriteHelp {
    static let writing: (write: ArgumentHelp, writeReadOnly: ArgumentHelp, check: ArgumentHelp) = (
      "Apply the changes (atomically per file, keeping modes, owners and hard links); without it nothing is written.",
      "With --write: also rewrite files their owner may not write (such as mode 0444), keeping the mode.",
      "Exit with status 1 if any file would change."
    )
  }

  @OptionGroup var writing: WriteFlags<Help>

  @Option(help: "Worker threads; one per core when not given.")
  var jobs: Int?

  @Option(help: "Only files matching this glob (repeatable; * also matches /).")
  var include: [String] = []

  @Option(help: "Leave out files matching this glob (repeatable).")
  var exclude: [String] = []

  @Option(help: "How findings are reported on standard error: text, json or sarif (one report for the run).")
  var format: ReportFormat = .text

  @Option(help: "Take share I of N (1-based) of the files, split by a stable hash of their paths: I/N.")
  var shard: String?

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more.") }
    if let shard, BatchCommand.parseShard(shard) == nil {
      throw ValidationError("--shard takes I/N with 1 ≤ I ≤ N, such as 2/8.")
    }
  }

  func run() throws {
    let settings = try conversion.settings(for: directory)
    var request = BatchRequest(
      root: directory, options: settings.options, jobs: jobs ?? 0, include: include, exclude: exclude,
      shard: shard.flatMap(BatchCommand.parseShard), write: writing.write)
    request.baseExcludes = settings.batchExcludes(root: directory)
    request.writeReadOnly = writing.writeReadOnly
    // A helper names and renames the finished files, so a kill -9 of this process leaves no temporary file.
    if writing.write {
      request.committer = WriteCommitter.currentExecutable().flatMap(WriteCommitter.init(executable:))
    }
    try Output.finish(
      BatchCommand.run(request, check: writing.check, format: format, failOn: settings.failOn, environment: .process))
  }
}

import Foundation

/// `migrate batch` without the argument parsing: walk, convert, report, exit status.
public enum BatchCommand {
  public static func parseShard(_ text: String) -> (index: Int, count: Int)? {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
      (1...count).contains(index)
    else { return nil }
    return (index, count)
  }

  public static func run(
    _ request: BatchRequest, check: Bool, format: ReportFormat = .text, failOn: Severity? = nil,
    environment: CommandEnvironment
  ) -> CommandOutcome {
    var outcome = CommandOutcome()
    let showProgress = environment.stderrIsTerminal
    let start = Date()
    var progress: (@Sendable (Int, Int) -> Void)?
    if showProgress {
      let throttle = Throttle(interval: 0.1)
      progress = { done, total in
        // Redrawing costs a write: at most ten a second, and always the last one.
        guard done == total || throttle.ready() else { return }
        let rate = Double(done) / max(Date().timeIntervalSince(start), 0.001)
        let line = "\r\u{1B}[2Kmigrate batch: \(done)/\(total) files, \(Int(rate)) files/s"
        FileHandle.standardError.write(Data(line.utf8))
      }
    }
    let report: BatchReport
    do {
      report = try BatchRunner.run(request, progress: progress)
    } catch {
      return outcome.failed(error)
    }
    if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    let color = !environment.noColor
    // The same diffs with or without --write: what a dry run shows is what --write does.
    outcome.stdout = Array(BatchReporter.diffs(report, color: color && environment.stdoutIsTerminal).utf8)
    outcome.stderr = Array(
      Reporter.render(.batch(report), format: format, options: request.options, color: environment.stderrColor).utf8)
    // A file that does not parse is a finding (MG001), reported and left untouched; the batch goes on and
    // it does not by itself fail the run. Unreadable files do: the run could not look at them.
    let unreadable = report.files.contains { file in
      if case .unreadable = file.status { return true }
      return false
    }
    // `--check` is the CI gate: a file that still needs a person fails it, with or without `--write`.
    let findings = report.files.compactMap(\.result).flatMap(\.findings)
    if unreadable {
      outcome.exitCode = 2
    } else if check && ((report.changedCount > 0 && !request.write) || findings.needsReview) {
      outcome.exitCode = 1
    } else if let level = failOn, findings.hasUnresolved(atLeast: level) {
      outcome.exitCode = 1
    }
    return outcome
  }
}

/// Lets an action through at most once per interval, from any thread.
final class Throttle: @unchecked Sendable {
  private let interval: TimeInterval
  private var last = Date.distantPast
  private let lock = NSLock()

  init(interval: TimeInterval) { self.interval = interval }

  func ready() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    guard now.timeIntervalSince(last) >= interval else { return false }
    last = now
    return true
  }
}

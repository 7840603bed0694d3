import ArgumentParser
import MigrateCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes raw bytes to standard output or error (the converted file is bytes, not a String).
enum Output {
  enum Stream { case standardOutput, standardError }

  static func write(_ bytes: [UInt8], to stream: Stream) {
    guard !bytes.isEmpty else { return }
    let fd: Int32 = stream == .standardOutput ? 1 : 2
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress?.advanced(by: offset), bytes.count - offset) }
      if count <= 0 {
        if count < 0 && errno == EINTR { continue }
        return
      }
      offset += count
    }
  }
}

extension Output {
  /// Prints what a command printed, and exits with its status when that is not 0: the one way every
  /// command ends.
  static func finish(_ outcome: CommandOutcome) throws {
    write(outcome.stdout, to: .standardOutput)
    write(outcome.stderr, to: .standardError)
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }

  /// A command that cannot go on: `migrate: MESSAGE` on standard error, and the exit status 2 to throw
  /// (`CommandOutcome.failed`, the drivers' failure path).
  static func failure(_ message: String) -> ExitCode {
    let outcome = CommandOutcome().failed(message)
    write(outcome.stderr, to: .standardError)
    return ExitCode(outcome.exitCode)
  }

  /// `failure` with what `error` says (`MigrateError.describe`).
  static func failure(_ error: any Error) -> ExitCode { failure(MigrateError.describe(error)) }
}

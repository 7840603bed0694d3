import Foundation

/// Runs another program (found on `PATH`) to completion and collects what it prints; both pipes are drained
/// while it runs, so a large output cannot stall it.
struct CommandRunner {
  struct Result {
    var status: Int32
    var stdout: [UInt8]
    var stderr: [UInt8]
    var stderrText: String {
      String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  /// Runs `arguments` (the program first); nil when it cannot be started (not installed).
  static func run(_ arguments: [String], environment: [String: String]? = nil) -> Result? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let collected = ErrorBuffer()
    let reader = Thread { collected.set(errors.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    collected.wait()
    // `env` exits 127 when the program is missing.
    if process.terminationStatus == 127 && collected.data.isEmpty == false
      && String(decoding: collected.data, as: UTF8.self).contains("No such file or directory")
    {
      return nil
    }
    return Result(status: process.terminationStatus, stdout: Array(data), stderr: Array(collected.data))
  }

  /// Standard error, filled by the reader thread.
  private final class ErrorBuffer: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private(set) var data = Data()
    func set(_ value: Data) {
      data = value
      done.signal()
    }
    func wait() { done.wait() }
  }
}

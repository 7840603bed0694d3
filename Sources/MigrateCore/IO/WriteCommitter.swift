import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Names and renames finished files in a helper process, so that `kill -9` of `migrate batch --write` cannot
/// leave a `.NAME.migrate-XXXXXX` behind.
///
/// An unnamed (`O_TMPFILE`) file vanishes with the process that holds it; it gets a name only for the moment
/// between `linkat` and `rename`. Done in-process, a kill in that moment (tens of microseconds, hit in about one
/// run in twenty of `Tests/Safety/kill9.sh`) leaves the name. The helper opens the file through
/// `/proc/PARENT/fd/N` and does both calls itself: once it holds the file, killing `migrate` no longer matters;
/// before that, nothing was named. Killing the helper too (a whole process group) leaves that moment open.
public final class WriteCommitter: @unchecked Sendable {
  /// The hidden first argument that makes `migrate` run as the helper.
  public static let helperArgument = "--internal-commit-writes"

  private let process: Process
  private let requests: Int32
  private let replies: Int32
  private let lock = NSLock()
  private var broken = false

  /// Starts `executable helperArgument`; nil when it cannot be started.
  public init?(executable: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [Self.helperArgument]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    // A helper that died must give EPIPE on the next request, not kill migrate with SIGPIPE.
    signal(SIGPIPE, SIG_IGN)
    self.process = process
    requests = input.fileHandleForWriting.fileDescriptor
    replies = output.fileHandleForReading.fileDescriptor
    // Kept open by the handles above; the helper's ends are the child's.
    self.handles = [input.fileHandleForWriting, output.fileHandleForReading]
  }

  private let handles: [FileHandle]

  deinit {
    for handle in handles { try? handle.close() }
    process.waitUntilExit()
  }

  /// This executable, for starting the helper.
  public static func currentExecutable() -> String? {
    var buffer = [CChar](repeating: 0, count: 4097)
    let count = readlink("/proc/self/exe", &buffer, 4096)
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Asks the helper to link the unnamed file `fd` as `temporary` in the folder `dirfd`, then rename it to
  /// `name`. Returns 0 or an errno value; nil when the helper is gone or could not reach the file (the caller
  /// does it itself).
  func commit(fd: Int32, dirfd: Int32, temporary: String, name: String) -> Int32? {
    lock.lock()
    defer { lock.unlock() }
    if broken { return nil }
    let request = Array("\(fd)\u{0}\(dirfd)\u{0}\(temporary)\u{0}\(name)\u{0}".utf8)
    var sent = 0
    while sent < request.count {
      let count = request.withUnsafeBytes {
        Glibc.write(requests, $0.baseAddress?.advanced(by: sent), request.count - sent)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else {
        broken = true
        return nil
      }
      sent += count
    }
    var reply = [UInt8](repeating: 0, count: 4)
    var got = 0
    while got < 4 {
      let count = reply.withUnsafeMutableBytes { Glibc.read(replies, $0.baseAddress?.advanced(by: got), 4 - got) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else {
        broken = true
        return nil
      }
      got += count
    }
    let result = Int32(reply[0]) | Int32(reply[1]) << 8 | Int32(reply[2]) << 16 | Int32(reply[3]) << 24
    return result < 0 ? nil : result
  }

  /// The helper: reads `fd NUL dirfd NUL temporary NUL name NUL` requests from standard input until end of file,
  /// and answers each with a 4-byte errno (0 for done) on standard output.
  public static func serve() -> Int32 {
    let parent = getppid()
    var pending: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { return 0 }
      pending += buffer[0..<count]
      while true {
        var fields: [String] = []
        var start = 0
        var index = 0
        while index < pending.count && fields.count < 4 {
          if pending[index] == 0 {
            fields.append(String(decoding: pending[start..<index], as: UTF8.self))
            start = index + 1
          }
          index += 1
        }
        guard fields.count == 4, let fd = Int32(fields[0]), let dirfd = Int32(fields[1]) else { break }
        pending.removeFirst(start)
        var result = Int32(commitHere(parent: parent, fd: fd, dirfd: dirfd, temporary: fields[2], name: fields[3]))
        let reply = withUnsafeBytes(of: &result) { Array($0) }
        guard reply.withUnsafeBytes({ Glibc.write(1, $0.baseAddress, 4) }) == 4 else { return 1 }
      }
    }
  }

  /// `O_PATH`, not imported into Swift: a handle that only names the file.
  static let pathOnly: Int32 = 0o10000000

  private static func commitHere(parent: pid_t, fd: Int32, dirfd: Int32, temporary: String, name: String) -> Int32 {
    // Negative: the parent's file could not be reached (gone, or /proc refused); it then does the work itself.
    let file = open("/proc/\(parent)/fd/\(fd)", pathOnly | O_CLOEXEC)
    guard file >= 0 else { return -errno }
    defer { close(file) }
    let folder = open("/proc/\(parent)/fd/\(dirfd)", pathOnly | O_DIRECTORY | O_CLOEXEC)
    guard folder >= 0 else { return -errno }
    defer { close(folder) }
    guard linkat(AT_FDCWD, "/proc/self/fd/\(file)", folder, temporary, AT_SYMLINK_FOLLOW) == 0 else { return errno }
    guard renameat(folder, temporary, folder, name) == 0 else {
      let failure = errno
      unlinkat(folder, temporary, 0)
      return failure
    }
    return 0
  }
}

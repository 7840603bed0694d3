#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading and atomically writing files with POSIX calls, keeping the mode (and owner, when permitted).
public enum FileIO {
  /// Files larger than this are refused rather than read into memory.
  public static let maxFileSize = 256 * 1024 * 1024

  /// Reads a whole file (or standard input for `-`). A named path must be a regular file (links followed):
  /// a FIFO would block forever and a device has no end, so both are refused before they are opened for
  /// reading, and the open itself does not block (`O_NONBLOCK`), in case the path changed in between.
  public static func read(_ path: String) throws -> [UInt8] {
    var info = stat()
    if path != "-" {
      guard stat(path, &info) == 0 else { throw MigrateError.io(path: path, message: errnoText()) }
      if let problem = notRegular(info.st_mode) { throw MigrateError.io(path: path, message: problem) }
    }
    let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard fd >= 0 else { throw MigrateError.io(path: path, message: errnoText()) }
    defer { if fd != 0 { close(fd) } }
    guard fstat(fd, &info) == 0 else { throw MigrateError.io(path: path, message: errnoText()) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw MigrateError.io(path: path, message: "is a directory")
    }
    if path != "-", let problem = notRegular(info.st_mode) { throw MigrateError.io(path: path, message: problem) }
    var bytes: [UInt8] = []
    if info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size)) }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw MigrateError.io(path: path, message: errnoText())
      }
      if count == 0 { break }
      bytes.append(contentsOf: buffer[0..<count])
      if bytes.count > maxFileSize {
        throw MigrateError.io(path: path, message: "larger than \(maxFileSize / 1024 / 1024) MiB; not read")
      }
    }
    return bytes
  }

  /// Replaces `path` with `bytes` atomically: a temporary file in the same folder, flushed, given the
  /// original's mode and owner, then renamed over it. The original is untouched if anything fails.
  /// `mode`, when given, is the new file's mode instead (the emitters' 0600 for a file holding a secret).
  public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: Int? = nil) throws {
    var original = stat()
    let exists = stat(path, &original) == 0
    let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
    let base = path.split(separator: "/").last.map(String.init) ?? path
    var template = Array("\(directory.isEmpty ? "/" : directory)/.\(base).migrate-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return -1 }
      return mkstemp(base)
    }
    guard fd >= 0 else { throw MigrateError.io(path: path, message: "cannot create a temporary file: \(errnoText())") }
    let tempPath = String(cString: template.map { UInt8(bitPattern: $0) } + [0])
    var succeeded = false
    defer {
      if !succeeded { unlink(tempPath) }
    }
    do {
      try writeAll(bytes, to: fd, path: path)
    } catch {
      close(fd)
      throw error
    }
    if exists {
      // chown first: it clears the setuid and setgid bits, which the chmod then sets again.
      _ = fchown(fd, original.st_uid, original.st_gid)
      _ = fchmod(fd, original.st_mode & 0o7777)
    } else {
      _ = fchmod(fd, 0o644)
    }
    if let mode { _ = fchmod(fd, mode_t(mode & 0o7777)) }
    guard fsync(fd) == 0 else {
      close(fd)
      throw MigrateError.io(path: path, message: "fsync failed: \(errnoText())")
    }
    close(fd)
    guard rename(tempPath, path) == 0 else {
      throw MigrateError.io(path: path, message: "rename failed: \(errnoText())")
    }
    succeeded = true
  }

  /// The process's working directory.
  public static func currentDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return nil }
    return String(cString: buffer.map { UInt8(bitPattern: $0) } + [0])
  }

  /// True when `path` is a directory.
  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// True when `path` exists.
  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// Creates `path` and its missing parents (mode 0755).
  public static func makeDirectories(_ path: String) throws {
    var current = path.hasPrefix("/") ? "" : "."
    for piece in path.split(separator: "/") {
      current += "/" + piece
      if isDirectory(current) { continue }
      if mkdir(current, 0o755) != 0 && errno != EEXIST {
        throw MigrateError.io(path: current, message: errnoText())
      }
    }
  }

  /// True when file descriptor `fd` is a terminal.
  public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  /// The value of an environment variable.
  public static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

  static func errnoText() -> String { String(cString: strerror(errno)) }

  /// Why a file of mode `mode` is not read (or written, `reading: false`) as text, or nil for a regular file.
  static func notRegular(_ mode: mode_t, reading: Bool = true) -> String? {
    let what: String
    switch mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "is a directory"
    case S_IFIFO: what = "is a FIFO (named pipe)"
    case S_IFCHR: what = "is a character device"
    case S_IFBLK: what = "is a block device"
    case S_IFSOCK: what = "is a socket"
    default: what = "is not a regular file"
    }
    return reading
      ? what + "; not read: only regular files are (pipe the text into `-` to read standard input)"
      : what + "; not written: only regular files are"
  }

  /// True when `path` names a regular file (following links).
  public static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// `path` made absolute and free of `.`/`..`/links when it exists; joined to the working folder otherwise.
  public static func absolutePath(_ path: String) -> String {
    if let resolved = realPath(path) { return resolved }
    if path.hasPrefix("/") { return path }
    guard let cwd = currentDirectory() else { return path }
    return cwd == "/" ? "/" + path : cwd + "/" + path
  }
}

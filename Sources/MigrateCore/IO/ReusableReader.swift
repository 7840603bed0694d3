import Foundation

/// Reads whole regular files into one buffer reused from file to file. A batch reads every file of a repository
/// and keeps the few that use docker, so the read allocates nothing per file, and a file of known size takes
/// one `read`. Not thread-safe: one reader per worker.
final class ReusableReader {
  private var storage: UnsafeMutableRawBufferPointer

  init(capacity: Int = 1 << 16) {
    storage = .allocate(byteCount: capacity, alignment: 16)
  }

  deinit { storage.deallocate() }

  /// The bytes of the regular file at `path`, valid until the next call. A final symbolic link is not followed
  /// (`ELOOP`), a FIFO is never waited on and a device never read (`O_NONBLOCK`, then `fstat`); a file larger
  /// than `FileIO.maxFileSize` is refused.
  func read(_ path: String) throws -> UnsafeRawBufferPointer {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW)
    guard fd >= 0 else { throw MigrateError.io(path: path, message: FileIO.errnoText()) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw MigrateError.io(path: path, message: FileIO.errnoText()) }
    if let problem = FileIO.notRegular(info.st_mode) { throw MigrateError.io(path: path, message: problem) }
    let size = Int(info.st_size)
    if size > FileIO.maxFileSize { throw tooLarge(path) }
    // One byte more than the size: a short read then means the end of the file, with no second call.
    reserve(size + 1)
    var count = 0
    while true {
      if count == storage.count {
        guard count <= FileIO.maxFileSize else { throw tooLarge(path) }
        reserve(count * 2)
      }
      let asked = storage.count - count
      let got = Glibc.read(fd, storage.baseAddress.map { $0 + count }, asked)
      if got < 0 {
        if errno == EINTR { continue }
        throw MigrateError.io(path: path, message: FileIO.errnoText())
      }
      count += got
      if got == 0 || (got < asked && count >= size) { break }
    }
    if count > FileIO.maxFileSize { throw tooLarge(path) }
    return UnsafeRawBufferPointer(rebasing: storage[0..<count])
  }

  /// Room for `bytes`, keeping what was read; a buffer grown by one huge file shrinks back on the next small one.
  private func reserve(_ bytes: Int) {
    if bytes <= storage.count && !(storage.count > 1 << 22 && bytes < storage.count / 4) { return }
    let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes, 1 << 16), alignment: 16)
    if let to = bigger.baseAddress, let from = storage.baseAddress {
      to.copyMemory(from: from, byteCount: min(storage.count, bigger.count))
    }
    storage.deallocate()
    storage = bigger
  }

  private func tooLarge(_ path: String) -> MigrateError {
    .io(path: path, message: "larger than \(FileIO.maxFileSize / 1024 / 1024) MiB; not read")
  }
}

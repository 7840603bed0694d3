#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `--write` may do to an existing file.
public struct WritePolicy: Sendable {
  /// The folder the written file must really be in, after every symbolic link in its path is followed; nil: the
  /// git work tree holding the path as given, or the folder of the path when it is in none.
  public var root: String?
  /// Also rewrite a file whose owner has no write permission (such as 0444); without it such a file is refused.
  public var readOnly: Bool
  /// Where the new file is named and renamed into place, out of this process's reach (see `WriteCommitter`);
  /// nil: here.
  public var committer: WriteCommitter?
  /// The bytes the conversion read: when the file no longer holds them (edited meanwhile), it is not written.
  public var expected: [UInt8]?

  public init(
    root: String? = nil, readOnly: Bool = false, committer: WriteCommitter? = nil, expected: [UInt8]? = nil
  ) {
    self.root = root
    self.readOnly = readOnly
    self.committer = committer
    self.expected = expected
  }
}

/// What `FileIO.rewrite` did, beyond the usual (a new file renamed over the old one, mode and owner kept).
public struct WriteReport: Sendable, Hashable {
  /// How the new bytes reached the file.
  public enum Method: Sendable, Hashable {
    /// A complete new file (same mode, owner and group) renamed over the old one: atomic.
    case replaced
    /// The old file overwritten in place (same inode), because it has this many hard links.
    case inPlaceForHardLinks(Int)
    /// The old file overwritten in place, because this process cannot give a new file the old one's owner,
    /// group or mode (it is not root and not the owner): a rename would hand the file to this user.
    case inPlaceForOwner
    /// The old file overwritten in place, because a new file could not be given its extended attributes.
    case inPlaceForAttributes
  }

  /// The path as given.
  public var path: String
  /// The file written: the real path, after links (the same file as `path` when no link was involved).
  public var target: String
  /// `path` was a symbolic link; its target was written and the link kept.
  public var throughLink: Bool
  public var method: Method
  /// The file's owner had no write permission and `--write-read-only` allowed it.
  public var wasReadOnly: Bool
  /// Anything the write could not keep (a setuid bit the kernel cleared), to be told to the user.
  public var warnings: [String]

  /// One line per thing worth telling the user; empty for a plain atomic replacement.
  public var notes: [String] {
    var notes: [String] = []
    if throughLink { notes.append("wrote through the symbolic link to \(target) (the link is kept)") }
    switch method {
    case .replaced: break
    case .inPlaceForHardLinks(let count):
      notes.append(
        "rewritten in place to keep its \(count) hard links (same inode; not atomic: a copy of the new text stayed "
          + "beside it until the write was complete)")
    case .inPlaceForOwner:
      notes.append("rewritten in place: this user cannot give a new file the owner, group and mode of the old one")
    case .inPlaceForAttributes:
      notes.append("rewritten in place: its extended attributes (ACLs, labels) could not be given to a new file")
    }
    if wasReadOnly { notes.append("read-only file rewritten as --write-read-only asked (mode kept)") }
    return notes + warnings
  }
}

extension FileIO {
  /// The name of a temporary file left beside `NAME` by an interrupted write: `.NAME.migrate-XXXXXX`.
  static let temporaryInfix = ".migrate-"

  /// The name of the file a leftover temporary file belongs to (`NAME` for `.NAME.migrate-Ab12Cd`), or nil when
  /// `name` (a base name) is not one.
  public static func leftoverOriginal(_ name: some StringProtocol) -> String? {
    // Most names do not start with a dot: no copy for them (a batch asks this of every listed path).
    guard name.utf8.first == UInt8(ascii: ".") else { return nil }
    let bytes = Array(name.utf8)
    let suffixLength = temporaryInfix.utf8.count + 6
    guard bytes.count > suffixLength + 1, bytes[0] == UInt8(ascii: ".") else { return nil }
    let infixStart = bytes.count - suffixLength
    guard Array(bytes[infixStart..<(infixStart + temporaryInfix.utf8.count)]) == Array(temporaryInfix.utf8),
      bytes[(bytes.count - 6)...].allSatisfy(isTemporaryCharacter)
    else { return nil }
    return String(decoding: bytes[1..<infixStart], as: UTF8.self)
  }

  private static let temporaryCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

  private static func isTemporaryCharacter(_ byte: UInt8) -> Bool { temporaryCharacters.contains(byte) }

  /// Replaces the contents of the existing regular file `path` with `bytes`, losing nothing:
  ///
  /// - a symbolic link is followed and its target rewritten (the link stays), but only when the target really is
  ///   inside `policy.root` (every link in the path is resolved); anything else is refused;
  /// - only a regular file is written: a FIFO, device, socket or folder is refused;
  /// - a file whose owner has no write bit (0444) is refused unless `policy.readOnly`;
  /// - the new file gets the old one's owner and group, then its mode (chown clears setuid/setgid, so it comes
  ///   first), all twelve mode bits; it is written unnamed (`O_TMPFILE`), flushed, then named
  ///   `.NAME.migrate-XXXXXX` and renamed over `NAME`, so an interrupted run leaves the old file whole and at
  ///   most that one name behind; where `O_TMPFILE` is unsupported a named temporary file is used instead;
  /// - a file with hard links, or one whose owner, group or mode this process cannot give a new file, is
  ///   overwritten in place (same inode), after a complete copy of the new text was flushed beside it (removed
  ///   once the file is whole), because a rename would break the links or take the file over.
  @discardableResult
  public static func rewrite(_ bytes: [UInt8], at path: String, policy: WritePolicy = WritePolicy()) throws
    -> WriteReport
  {
    func fail(_ message: String) -> MigrateError { MigrateError.io(path: path, message: message) }
    var linkInfo = stat()
    guard lstat(path, &linkInfo) == 0 else { throw fail(errnoText()) }
    let throughLink = (linkInfo.st_mode & S_IFMT) == S_IFLNK
    guard let real = realPath(path) else {
      throw fail(throughLink ? "is a symbolic link to a missing file; not written" : errnoText())
    }
    let rootGiven = policy.root ?? projectRoot(of: path)
    guard let root = realPath(rootGiven) else {
      throw fail("cannot resolve the repository folder \(rootGiven): \(errnoText())")
    }
    let folder = PathText.parent(of: real)
    let name = String(real[real.index(after: real.lastIndex(of: "/") ?? real.startIndex)...])
    let dirfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard dirfd >= 0 else { throw fail("cannot open its folder \(folder): \(errnoText())") }
    defer { close(dirfd) }
    // The folder as the kernel holds it now, not as it was when resolved: a link swapped in between is seen.
    let heldFolder = descriptorPath(dirfd) ?? folder
    guard isInside(heldFolder, root) else {
      let how =
        throughLink
        ? "is a symbolic link to \(real), outside \(root)"
        : "is in \(heldFolder) through a symbolic link in its path, outside \(root)"
      throw fail("\(how); not written (links are followed only inside the repository)")
    }
    var info = stat()
    guard fstatat(dirfd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { throw fail(errnoText()) }
    if let problem = notRegular(info.st_mode, reading: false) { throw fail(problem) }
    let mode = info.st_mode & 0o7777
    let wasReadOnly = info.st_mode & S_IWUSR == 0
    if wasReadOnly && !policy.readOnly {
      throw fail(
        "is read-only (mode \(octal(mode))); not written (pass --write-read-only to rewrite it, keeping the mode)")
    }
    if let expected = policy.expected {
      let current = try read("/proc/self/fd/\(dirfd)/\(name)")
      guard current == expected else { throw fail("changed while it was being converted; not written") }
    }
    var report = WriteReport(
      path: path, target: real, throughLink: throughLink, method: .replaced, wasReadOnly: wasReadOnly, warnings: [])
    if info.st_nlink > 1 {
      report.method = .inPlaceForHardLinks(Int(info.st_nlink))
    } else if let reason = try replace(
      bytes, name: name, in: dirfd, like: info, path: path, committer: policy.committer)
    {
      report.method = reason
    }
    if report.method != .replaced {
      report.warnings = try overwrite(bytes, name: name, in: dirfd, like: info, path: path)
    }
    _ = fsync(dirfd)
    return report
  }

  /// Writes `bytes` to a new file in `dirfd` with `original`'s owner, group, extended attributes and mode, and
  /// renames it over `name`. Returns nil when done; having changed nothing, the in-place method to use instead
  /// when the new file cannot get all of those.
  private static func replace(
    _ bytes: [UInt8], name: String, in dirfd: Int32, like original: stat, path: String, committer: WriteCommitter?
  ) throws -> WriteReport.Method? {
    func fail(_ message: String) -> MigrateError { MigrateError.io(path: path, message: message) }
    // O_TMPFILE is `__O_TMPFILE | O_DIRECTORY`; Swift does not import the macro. __O_TMPFILE is 020000000 on
    // every Linux architecture Swift runs on.
    let unnamedFlag: Int32 = 0o20000000 | O_DIRECTORY
    var fd = openat(dirfd, ".", unnamedFlag | O_WRONLY | O_CLOEXEC, 0o600)
    var temporaryName: String?
    if fd < 0 {
      // EOPNOTSUPP, EISDIR (kernel before 3.11) or EINVAL: a named temporary file, which a kill can leave behind.
      let created = try createTemporary(for: name, in: dirfd, path: path)
      fd = created.fd
      temporaryName = created.name
    }
    var keep = false
    defer {
      if fd >= 0 { close(fd) }
      if !keep, let temporaryName { unlinkat(dirfd, temporaryName, 0) }
    }
    try writeAll(bytes, to: fd, path: path)
    // Owner first, then attributes, then mode: chown clears the setuid and setgid bits (and file capabilities),
    // and an ACL sets the group bits, which the chmod then makes the old file's again.
    _ = fchown(fd, original.st_uid, original.st_gid)
    let source = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
    let attributes = source >= 0 ? ExtendedAttributes.all(of: source) : nil
    if source >= 0 { close(source) }
    guard let attributes else { return .inPlaceForAttributes }
    for (attribute, value) in attributes where !ExtendedAttributes.set(attribute, value, on: fd) {
      // The new file gets its folder's default SELinux label, as any new file would; anything else must stay.
      if attribute != "security.selinux" { return .inPlaceForAttributes }
    }
    _ = fchmod(fd, original.st_mode & 0o7777)
    var now = stat()
    guard fstat(fd, &now) == 0 else { throw fail(errnoText()) }
    if now.st_uid != original.st_uid || now.st_gid != original.st_gid
      || now.st_mode & 0o7777 != original.st_mode & 0o7777
    {
      return .inPlaceForOwner
    }
    guard fsync(fd) == 0 else { throw fail("fsync failed: \(errnoText())") }
    if temporaryName == nil, let committer {
      for _ in 0..<100 {
        let candidate = Self.temporaryName(for: name)
        // nil: the helper is gone; name and rename it here instead.
        guard let result = committer.commit(fd: fd, dirfd: dirfd, temporary: candidate, name: name) else { break }
        if result == 0 { return nil }
        if result == EEXIST { continue }
        throw fail("cannot rename the new file into place: \(String(cString: strerror(result)))")
      }
    }
    let named = try temporaryName ?? link(unnamed: fd, for: name, in: dirfd, path: path)
    // Named now: removed by the defer should the rename fail.
    temporaryName = named
    guard renameat(dirfd, named, dirfd, name) == 0 else { throw fail("rename failed: \(errnoText())") }
    keep = true
    return nil
  }

  /// Gives the unnamed file `fd` a temporary name in `dirfd`, through `/proc/self/fd` (no privilege needed).
  private static func link(unnamed fd: Int32, for name: String, in dirfd: Int32, path: String) throws -> String {
    for _ in 0..<100 {
      let candidate = temporaryName(for: name)
      if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", dirfd, candidate, AT_SYMLINK_FOLLOW) == 0 { return candidate }
      if errno == EEXIST { continue }
      // Without /proc, AT_EMPTY_PATH (0x1000; not imported into Swift), which needs CAP_DAC_READ_SEARCH.
      if linkat(fd, "", dirfd, candidate, 0x1000) == 0 { return candidate }
      throw MigrateError.io(path: path, message: "cannot name the new file: \(errnoText())")
    }
    throw MigrateError.io(path: path, message: "cannot find a free temporary name")
  }

  /// A new, empty, named temporary file `.NAME.migrate-XXXXXX` (mode 0600) in `dirfd`.
  private static func createTemporary(for name: String, in dirfd: Int32, path: String) throws -> (
    fd: Int32, name: String
  ) {
    for _ in 0..<100 {
      let candidate = temporaryName(for: name)
      let fd = openat(dirfd, candidate, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
      if fd >= 0 { return (fd, candidate) }
      if errno != EEXIST {
        throw MigrateError.io(path: path, message: "cannot create a temporary file: \(errnoText())")
      }
    }
    throw MigrateError.io(path: path, message: "cannot find a free temporary name")
  }

  private static func temporaryName(for name: String) -> String {
    var generator = SystemRandomNumberGenerator()
    let suffix = (0..<6).map { _ in
      Character(Unicode.Scalar(temporaryCharacters[Int.random(in: 0..<temporaryCharacters.count, using: &generator)]))
    }
    return "." + name + temporaryInfix + String(suffix)
  }

  /// Overwrites `name` in place, after flushing a complete copy of `bytes` beside it (for recovery should the
  /// overwrite be cut short), then removes the copy. Returns what could not be kept.
  private static func overwrite(_ bytes: [UInt8], name: String, in dirfd: Int32, like original: stat, path: String)
    throws -> [String]
  {
    func fail(_ message: String) -> MigrateError { MigrateError.io(path: path, message: message) }
    let fd = openat(dirfd, name, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
    guard fd >= 0 else { throw fail("cannot open it for writing in place: \(errnoText())") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_ino == original.st_ino, info.st_dev == original.st_dev else {
      throw fail("changed while it was being converted; not written")
    }
    let copy = try createTemporary(for: name, in: dirfd, path: path)
    var copyDone = false
    defer {
      close(copy.fd)
      if copyDone { unlinkat(dirfd, copy.name, 0) }
    }
    do {
      try writeAll(bytes, to: copy.fd, path: path)
      guard fsync(copy.fd) == 0 else { throw fail("fsync failed: \(errnoText())") }
    } catch {
      unlinkat(dirfd, copy.name, 0)
      throw error
    }
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes {
        pwrite(fd, $0.baseAddress?.advanced(by: written), bytes.count - written, off_t(written))
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw fail("write failed (the new text is in \(copy.name) beside it): \(errnoText())")
      }
      written += count
    }
    guard ftruncate(fd, off_t(bytes.count)) == 0, fsync(fd) == 0 else {
      throw fail("write failed (the new text is in \(copy.name) beside it): \(errnoText())")
    }
    copyDone = true
    // Writing clears setuid/setgid unless the writer has CAP_FSETID; the owner can set them again.
    var warnings: [String] = []
    var now = stat()
    if fstat(fd, &now) == 0, now.st_mode & 0o7777 != original.st_mode & 0o7777 {
      if fchmod(fd, original.st_mode & 0o7777) != 0 || fstat(fd, &now) != 0
        || now.st_mode & 0o7777 != original.st_mode & 0o7777
      {
        warnings.append(
          "warning: its mode changed from \(octal(original.st_mode & 0o7777)) to \(octal(now.st_mode & 0o7777)) "
            + "(the kernel clears setuid and setgid when another user writes); restore it with chmod")
      }
    }
    return warnings
  }

  static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress?.advanced(by: written), bytes.count - written) }
      if count < 0 {
        if errno == EINTR { continue }
        throw MigrateError.io(path: path, message: "write failed: \(errnoText())")
      }
      written += count
    }
  }

  /// `mode` as four octal digits (`0644`, `4755`).
  static func octal(_ mode: mode_t) -> String {
    let digits = String(mode & 0o7777, radix: 8)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// The real path of `path` (every link, `.` and `..` resolved), or nil when it does not exist.
  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// The path the kernel holds for an open descriptor, from `/proc/self/fd`.
  static func descriptorPath(_ fd: Int32) -> String? {
    var buffer = [CChar](repeating: 0, count: 4097)
    let count = readlink("/proc/self/fd/\(fd)", &buffer, 4096)
    guard count > 0 else { return nil }
    let text = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return text.hasPrefix("/") ? text : nil
  }

  /// True when `path` is `root` or below it (both real paths).
  public static func isInside(_ path: String, _ root: String) -> Bool {
    if root == "/" { return path.hasPrefix("/") }
    return path == root || path.hasPrefix(root + "/")
  }

  /// The repository of `path` as given: the nearest folder at or above the path's own folder (lexically, before
  /// any link is followed) holding `.git`, or that folder when there is none.
  public static func projectRoot(of path: String) -> String {
    let start = PathText.parent(of: lexicallyAbsolute(path))
    return gitWorkTreeTop(of: start) ?? start
  }

  /// The nearest folder at or above the absolute `path` holding `.git` (a work tree's top), by text: links in
  /// `path` are not followed; nil when there is none.
  static func gitWorkTreeTop(of path: String) -> String? {
    var parts = path.split(separator: "/").map(String.init)
    while true {
      let folder = "/" + parts.joined(separator: "/")
      var info = stat()
      if lstat(folder == "/" ? "/.git" : folder + "/.git", &info) == 0 { return folder }
      guard parts.popLast() != nil else { return nil }
    }
  }

  /// `path` joined to the working folder, with `.` and `..` removed by text (links are not followed).
  static func lexicallyAbsolute(_ path: String) -> String {
    PathText.joined(currentDirectory() ?? "/", path)
  }

}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a folder holds, read without following links and without crossing into other file systems'
/// mounts: how many entries and bytes, which owners, the largest user or group ID (a `--userns=auto`
/// container maps 1024 IDs unless given a size), hard links and set-ID files. `migrate data` reads it
/// for the inventory and for the size of each step; it only reads.
public struct TreeScan: Sendable, Equatable, Encodable {
  public var entries = 0
  /// Bytes in regular files, each hard-linked file once.
  public var bytes: Int64 = 0
  /// `uid:gid` pairs, sorted by count, at most `ownerLimit` of them.
  public var owners: [String] = []
  /// The largest user or group ID of any entry.
  public var maxID: UInt32 = 0
  /// Regular files with more than one link.
  public var hardLinked = 0
  /// Files with the set-user-ID or set-group-ID bit.
  public var setID = 0
  /// Entries that could not be read (a folder without permission): the figures are then a lower bound.
  public var unreadable = 0

  static let ownerLimit = 8

  /// Scans `path`; nil when it does not exist or is not a folder.
  public static func scan(_ path: String) -> TreeScan? {
    var top = stat()
    guard lstat(path, &top) == 0, (top.st_mode & S_IFMT) == S_IFDIR else { return nil }
    var scan = TreeScan()
    var owners: [String: Int] = [:]
    var seenInodes: Set<UInt64> = []
    var pending = [path]
    scan.count(top, owners: &owners, inodes: &seenInodes)
    while let folder = pending.popLast() {
      guard let stream = opendir(folder) else {
        scan.unreadable += 1
        continue
      }
      defer { closedir(stream) }
      while let entry = readdir(stream) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
          $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name == "." || name == ".." { continue }
        let child = folder + "/" + name
        var info = stat()
        guard lstat(child, &info) == 0 else {
          scan.unreadable += 1
          continue
        }
        scan.count(info, owners: &owners, inodes: &seenInodes)
        if (info.st_mode & S_IFMT) == S_IFDIR && info.st_dev == top.st_dev { pending.append(child) }
      }
    }
    scan.owners = owners.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .prefix(ownerLimit).map(\.key)
    return scan
  }

  private mutating func count(_ info: stat, owners: inout [String: Int], inodes: inout Set<UInt64>) {
    entries += 1
    owners["\(info.st_uid):\(info.st_gid)", default: 0] += 1
    maxID = max(maxID, info.st_uid, info.st_gid)
    guard (info.st_mode & S_IFMT) == S_IFREG else { return }
    if info.st_mode & (S_ISUID | S_ISGID) != 0 { setID += 1 }
    if info.st_nlink > 1 {
      hardLinked += 1
      guard inodes.insert(UInt64(info.st_ino)).inserted else { return }
    }
    bytes += Int64(info.st_size)
  }

  /// `bytes` for people: `12.3 MiB`.
  public static func sizeText(_ bytes: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(bytes) B" }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
  }
}

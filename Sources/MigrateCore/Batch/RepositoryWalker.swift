import Foundation

/// Lists the files of a repository for `migrate batch`: in a git work tree the files git tracks plus untracked,
/// not-ignored ones; elsewhere a walk that skips `.git`, dependency and build folders and never follows a
/// symbolic link. Paths come back relative to the root, sorted.
public enum RepositoryWalker {
  /// Folders never entered by the plain walk (dependencies, build output, VCS data).
  public static let skippedFolders: Set<String> = [
    ".git", ".hg", ".svn", "node_modules", "vendor", "third_party", ".build", ".venv", "venv", "__pycache__",
    ".tox", ".terraform", "bower_components",
  ]

  public struct Listing: Sendable {
    /// Paths relative to the root, sorted.
    public var files: [String]
    /// Symbolic links that were not followed, relative to the root.
    public var skippedLinks: [String]
    /// Files whose folder really lies outside the root, through a symbolic link in their path (a tracked folder
    /// replaced by a link): never read or written.
    public var outside: [String] = []
    /// Temporary files left by an interrupted write (`.NAME.migrate-XXXXXX`): reported, never converted.
    public var leftovers: [String] = []
  }

  public static func list(root: String) throws -> Listing {
    if let tracked = gitFiles(root: root) { return listing(root: root, paths: tracked) }
    var files: [String] = []
    var links: [String] = []
    try walk(root: root, relative: "", files: &files, links: &links)
    return sorted(root: root, files: files, links: links)
  }

  /// The listing of paths git printed: git lists symbolic links too, so only regular files are kept and the
  /// links reported.
  static func listing(root: String, paths: [String]) -> Listing {
    var files: [String] = []
    var links: [String] = []
    for path in paths {
      var info = stat()
      guard lstat(join(root, path), &info) == 0 else { continue }
      switch info.st_mode & S_IFMT {
      case S_IFREG: files.append(path)
      case S_IFLNK: links.append(path)
      default: break
      }
    }
    return sorted(root: root, files: files, links: links)
  }

  /// The tracked files alone (`git ls-files --cached`, read from the index: fast), or nil outside a work tree.
  static func gitTracked(root: String) -> [String]? { Git.listFiles(in: root, ["--cached"]) }

  /// The untracked, not ignored files (`git ls-files --others --exclude-standard`: a walk of the tree).
  static func gitUntracked(root: String) -> [String] {
    Git.listFiles(in: root, ["--others", "--exclude-standard"]) ?? []
  }

  /// The listing, with leftover temporary files and files whose folder leads outside the root set apart. git
  /// lists `sub/file` even when the tracked folder `sub` became a link to `../outside`, and `lstat` checks only
  /// the last component, so each folder's real path is checked against the root's.
  private static func sorted(root: String, files: [String], links: [String]) -> Listing {
    var listing = Listing(files: [], skippedLinks: links.sorted())
    let realRoot = FileIO.realPath(root) ?? FileIO.absolutePath(root)
    var folderInside: [String: Bool] = [:]
    for path in files.sorted() {
      let slash = path.lastIndex(of: "/")
      let folder = slash.map { String(path[..<$0]) } ?? ""
      let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
      if FileIO.leftoverOriginal(name) != nil {
        listing.leftovers.append(path)
        continue
      }
      let inside: Bool
      if let known = folderInside[folder] {
        inside = known
      } else {
        inside = FileIO.realPath(join(root, folder)).map { FileIO.isInside($0, realRoot) } ?? false
        folderInside[folder] = inside
      }
      if inside { listing.files.append(path) } else { listing.outside.append(path) }
    }
    return listing
  }

  /// `root/path`, without a leading `./` for the current folder.
  public static func join(_ root: String, _ path: String) -> String {
    if path.isEmpty { return root }
    if root == "." || root == "./" { return path }
    return root.hasSuffix("/") ? root + path : root + "/" + path
  }

  private static func walk(root: String, relative: String, files: inout [String], links: inout [String]) throws {
    let directory = join(root, relative)
    guard let handle = opendir(directory) else {
      throw MigrateError.io(path: directory, message: String(cString: strerror(errno)))
    }
    defer { closedir(handle) }
    var entries: [(String, UInt8)] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      entries.append((name, entry.pointee.d_type))
    }
    for (name, type) in entries {
      let path = relative.isEmpty ? name : relative + "/" + name
      var kind = type
      if kind == UInt8(DT_UNKNOWN) {
        var info = stat()
        guard lstat(join(root, path), &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: kind = UInt8(DT_DIR)
        case S_IFREG: kind = UInt8(DT_REG)
        case S_IFLNK: kind = UInt8(DT_LNK)
        default: continue
        }
      }
      switch kind {
      case UInt8(DT_DIR):
        if !skippedFolders.contains(name) { try walk(root: root, relative: path, files: &files, links: &links) }
      case UInt8(DT_REG): files.append(path)
      case UInt8(DT_LNK): links.append(path)
      default: break
      }
    }
  }

  /// `git ls-files --cached --others --exclude-standard` in `root`, or nil when it is not a git work tree
  /// (or git is missing).
  static func gitFiles(root: String) -> [String]? {
    Git.listFiles(in: root, ["--cached", "--others", "--exclude-standard"])
  }
}

import Foundation

/// Lists the files of a repository for `migrate batch`: in a git work tree the files git tracks plus untracked,
/// not-ignored ones; elsewhere a walk that skips `.git`, dependency and build folders and never follows a
/// symbolic link. Paths come back relative to the root.
public enum RepositoryWalker {
  /// Folders never entered by the plain walk (dependencies, build output, VCS data).
  public static let skippedFolders: Set<String> = [
    ".git", ".hg", ".svn", "node_modules", "vendor", "third_party", ".build", ".venv", "venv", "__pycache__",
    ".tox", ".terraform", "bower_components",
  ]

  /// The paths a batch looks at, relative to the root: in a git work tree what `git ls-files --cached --others
  /// --exclude-standard` prints (symbolic links and deleted files included: the batch's workers tell them
  /// apart), elsewhere the walk's regular files and links.
  public static func candidates(root: String) throws -> [String] {
    if let listed = gitFiles(root: root) { return listed }
    var files: [String] = []
    var links: [String] = []
    try walk(root: root, relative: "", files: &files, links: &links)
    return files + links
  }

  /// The tracked files alone (`git ls-files --cached`, read from the index: fast), or nil outside a work tree.
  static func gitTracked(root: String) -> [String]? { Git.listFiles(in: root, ["--cached"]) }

  /// The untracked, not ignored files (`git ls-files --others --exclude-standard`: a walk of the tree).
  static func gitUntracked(root: String) -> [String] {
    Git.listFiles(in: root, ["--others", "--exclude-standard"]) ?? []
  }

  /// The last component of a relative path.
  static func baseName(_ path: String) -> Substring {
    path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? Substring(path)
  }

  /// The folder part of a relative path ("" for a file at the root).
  static func folder(_ path: String) -> String {
    path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
  }

  /// Which folders, relative to the root, really lie inside it: a folder is inside when its parent is and it
  /// is a folder, or a symbolic link whose real path is inside. One `lstat` per folder, remembered.
  struct FolderCheck {
    let root: String
    let realRoot: String
    private var known: [String: Bool] = [:]

    init(root: String, realRoot: String) {
      self.root = root
      self.realRoot = realRoot
    }

    mutating func isInside(_ folder: String) -> Bool {
      if folder.isEmpty { return true }
      if let answer = known[folder] { return answer }
      var answer = false
      if isInside(Self.parent(folder)) {
        let full = join(root, folder)
        var info = stat()
        if lstat(full, &info) == 0 {
          switch info.st_mode & S_IFMT {
          case S_IFDIR: answer = true
          case S_IFLNK: answer = FileIO.realPath(full).map { FileIO.isInside($0, realRoot) } ?? false
          default: answer = false
          }
        }
      }
      known[folder] = answer
      return answer
    }

    private static func parent(_ folder: String) -> String { RepositoryWalker.folder(folder) }
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

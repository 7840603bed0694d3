import Foundation

/// What the bind-source decision (`:U` or not) may look at besides the text: the data roots, the current
/// user's home, and whether it may read the disk and the git index. Carried by `ConversionOptions`; a value,
/// so tests point it at real temporary trees.
public struct BindProbe: Sendable, Hashable {
  /// Folders whose subfolders are data when `.migrate.yml` names none: `/srv`, `/data`, `/mnt`, `/media`
  /// and the current user's home (`~`).
  public static let builtInDataRoots = ["/srv", "/data", "/mnt", "/media", "~"]

  /// Absolute folders (or `~`, `~/x`) strictly below which a folder may be data; nil: the built-in roots.
  public var dataRoots: [String]?
  /// The current user's home folder (`$HOME`); nil when unknown (then `~/x` is only read lexically).
  public var home: String?
  /// Look at the disk and the git index where the source exists; off, only the text decides.
  public var inspectsDisk: Bool

  public init(dataRoots: [String]? = nil, home: String? = BindProbe.currentHome(), inspectsDisk: Bool = true) {
    self.dataRoots = dataRoots
    self.home = home.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    self.inspectsDisk = inspectsDisk
  }

  /// `$HOME`, else the password database's entry for this user.
  public static func currentHome() -> String? {
    if let home = FileIO.environment("HOME"), home.hasPrefix("/") { return home }
    guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return nil }
    let home = String(cString: dir)
    return home.hasPrefix("/") ? home : nil
  }

  /// The home, when it may hold data: not `/` (daemons' `HOME=/`) and not in a system folder
  /// (`/var/lib/postgresql`), where `~/x` would name system paths.
  var dataHome: String? {
    guard let home, home != "/", !BindDisk.systemFolders.contains(where: { home == $0 || home.hasPrefix($0 + "/") })
    else { return nil }
    return home
  }

  /// The data roots in effect, `~` entries made absolute where the home is known and may hold data.
  var effectiveDataRoots: [String] {
    (dataRoots ?? Self.builtInDataRoots).compactMap { root in
      if root == "~" { return dataHome }
      if root.hasPrefix("~/") { return dataHome.map { $0 + root.dropFirst(1) } }
      return root
    }
  }

  /// True when the current user's home itself is a data root (its non-hidden subfolders are data).
  var homeIsDataRoot: Bool { (dataRoots ?? Self.builtInDataRoots).contains("~") && (home == nil || dataHome != nil) }

  /// The roots for messages: `/srv, /data, /mnt, /media, ~`.
  var dataRootsDescription: String { (dataRoots ?? Self.builtInDataRoots).joined(separator: ", ") }
}

/// Where one input file's bind sources are: its folder and its project (the git work tree holding it, else
/// the folder). Standard input and `--command` have no folder: only the text decides.
public struct BindLocator: Sendable {
  public let probe: BindProbe
  /// The absolute folder of the input file.
  public let folder: String?
  /// The folder bind sources must lie strictly inside to be project data: the work-tree top holding
  /// `folder`, else `folder`; nil when there is no folder or it is a system folder (`/`, `/etc/…`).
  public let project: String?

  public init(probe: BindProbe, path: String) {
    self.probe = probe
    let noFolder = ["-", "<command>", ""].contains(path) || path.hasPrefix("/dev/") || path.hasPrefix("/proc/")
    guard probe.inspectsDisk, !noFolder else {
      folder = nil
      project = nil
      return
    }
    let parent = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) : "."
    let absolute = FileIO.absolutePath(parent.isEmpty ? "/" : parent)
    guard FileIO.isDirectory(absolute) else {
      folder = nil
      project = nil
      return
    }
    folder = absolute
    let top = BindDisk.gitTop(of: absolute) ?? absolute
    project = BindDisk.mayHoldData(top) ? top : (BindDisk.mayHoldData(absolute) ? absolute : nil)
  }

  /// A locator that reads only the text.
  public static func lexical(_ probe: BindProbe = BindProbe(inspectsDisk: false)) -> BindLocator {
    BindLocator(probe: BindProbe(dataRoots: probe.dataRoots, home: probe.home, inspectsDisk: false), path: "-")
  }
}

/// The file-system and git look-ups behind `BindLocator` (stat, realpath, one `git ls-files` per work tree).
public enum BindDisk {
  /// Folders a project in which (or a project that is) never makes its subfolders data.
  static let systemFolders = [
    "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/boot", "/dev", "/proc", "/sys", "/run",
    "/var/run", "/var/log", "/var/spool", "/var/mail", "/var/cache", "/var/lib", "/var/backups", "/efi", "/nix",
    "/snap", "/lost+found",
  ]

  /// True when a project folder at `path` may hand its subfolders to containers: at least two levels deep
  /// and not in a system folder.
  static func mayHoldData(_ path: String) -> Bool {
    path.split(separator: "/").count >= 2 && !systemFolders.contains { path == $0 || path.hasPrefix($0 + "/") }
  }

  /// What is at a path (following links).
  enum Kind: Sendable, Equatable { case directory, file, other }

  static func kind(_ path: String) -> Kind? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFREG: return .file
    default: return .other
    }
  }

  static func lexists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// `path` (absolute, normalised) with every link resolved: the longest existing prefix through
  /// `realpath`, then the rest as written (`..` in the rest applied lexically).
  static func resolve(_ path: String) -> String {
    var parts = path.split(separator: "/").map(String.init)
    var rest: [String] = []
    while true {
      let prefix = "/" + parts.joined(separator: "/")
      if lexists(prefix), let base = FileIO.realPath(prefix) { return BindPath.join(base, up: 0, rest) }
      guard let last = parts.popLast() else { return path }
      rest.insert(last, at: 0)
    }
  }

  /// `components` (with `..`) followed from `base` as the kernel does: each existing prefix is resolved
  /// through its links before the next component, so `link/..` is the parent of the link's target.
  static func walk(_ base: String, _ components: [String]) -> String {
    var current = base
    for component in components {
      if lexists(current), let real = FileIO.realPath(current) { current = real }
      current = BindPath.join(current, up: 0, [component])
    }
    return resolve(current)
  }

  /// The nearest folder at or above `path` holding `.git` (a work tree's top).
  static func gitTop(of path: String) -> String? { FileIO.gitWorkTreeTop(of: path) }

  /// Names whose presence at a folder's top marks it as a source tree.
  static let sourceMarkerFiles: Set<String> = [
    "Gemfile", "package.json", "go.mod", "Cargo.toml", "setup.py", "pyproject.toml", "Makefile", "GNUmakefile",
    "Dockerfile", "Containerfile", "composer.json", "pom.xml", "build.gradle", "CMakeLists.txt", "requirements.txt",
    "mix.exs", "Package.swift",
  ]
  static let sourceMarkerFolders: Set<String> = ["lib", "src"]
  static let sourceExtensions: Set<String> = ["py", "rb", "js", "go", "php", "java", "c", "swift", "ts"]

  /// The source markers at the top of the folder `path` (`Gemfile`, `lib/`, `main.py`), at most three.
  static func sourceMarkers(_ path: String) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
    var found: [String] = []
    for name in names.sorted() {
      if sourceMarkerFiles.contains(name) {
        found.append(name)
      } else if sourceMarkerFolders.contains(name), kind(path + "/" + name) == .directory {
        found.append(name + "/")
      } else if let dot = name.lastIndex(of: "."), dot != name.startIndex,
        sourceExtensions.contains(String(name[name.index(after: dot)...])), kind(path + "/" + name) == .file
      {
        found.append(name)
      }
      if found.count == 3 { break }
    }
    return found
  }

  /// What git tracks at `path` (absolute, resolved): a tracked file, a folder holding tracked files other
  /// than placeholders (with one of them), or nothing (also outside a work tree, or when git cannot say).
  enum Tracked: Sendable, Equatable {
    case none
    case file
    case folder(example: String)
  }

  static func tracked(_ path: String) -> Tracked {
    // The nearest existing folder tells which work tree the path belongs to.
    var existing = path
    while !lexists(existing), let slash = existing.lastIndex(of: "/") {
      existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
    }
    guard let top = gitTop(of: existing), path.hasPrefix(top == "/" ? "/" : top + "/"),
      let index = GitIndexCache.shared.index(top: top)
    else { return .none }
    let relative = String(path.dropFirst(top == "/" ? 1 : top.count + 1))
    if index.contains(relative) { return .file }
    if let example = index.sourceExample(folder: relative) { return .folder(example: example) }
    return .none
  }
}

/// The files one work tree's git index tracks, read once (`git ls-files -z`): kept as git lists them, sorted by
/// bytes, and searched by halves, so a repository of a hundred thousand files costs one array and no copy.
struct GitIndex: Sendable {
  /// Files that keep an otherwise empty folder in git; they do not make a folder a source tree.
  static let placeholders: Set<String> = [".gitkeep", ".keep", ".gitignore", ".placeholder", ".empty"]

  /// Paths relative to the work tree's top, in byte order.
  let paths: [String]

  init(paths: [String]) {
    let ordered = zip(paths, paths.dropFirst()).allSatisfy { Self.before($0, $1) }
    self.paths = ordered ? paths : paths.sorted(by: Self.before)
  }

  func contains(_ path: String) -> Bool {
    let at = lowerBound(path)
    return at < paths.count && paths[at] == path
  }

  /// The first tracked file below `folder` (at any depth) that is not a placeholder; nil when there is none.
  func sourceExample(folder: String) -> String? {
    let prefix = folder + "/"
    var at = lowerBound(prefix)
    while at < paths.count, paths[at].utf8.starts(with: prefix.utf8) {
      if !Self.placeholders.contains(String(RepositoryWalker.baseName(paths[at]))) { return paths[at] }
      at += 1
    }
    return nil
  }

  /// The first index whose path is not before `key`.
  private func lowerBound(_ key: String) -> Int {
    var low = 0
    var high = paths.count
    while low < high {
      let middle = (low + high) / 2
      if Self.before(paths[middle], key) { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// git's order: bytes compared one by one.
  static func before(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

  /// The index at `top`; nil when git is missing or refuses (e.g. a work tree owned by another user).
  static func load(top: String) -> GitIndex? {
    Git.listFiles(in: top, ["--cached"]).map { GitIndex(paths: $0) }
  }
}

/// The git indexes read in this process, one per work tree, shared by the threads of a batch run.
final class GitIndexCache: @unchecked Sendable {
  static let shared = GitIndexCache()
  private let lock = NSLock()
  private var indexes: [String: GitIndex?] = [:]
  private var loadCount: [String: Int] = [:]

  func index(top: String) -> GitIndex? {
    lock.lock()
    defer { lock.unlock() }
    if let cached = indexes[top] { return cached }
    let loaded = GitIndex.load(top: top)
    indexes[top] = .some(loaded)
    loadCount[top, default: 0] += 1
    return loaded
  }

  /// Takes the tracked files a batch at the top of the work tree `top` listed already, unless the index is
  /// known: the same `git ls-files --cached`, not run (or held) twice.
  func seed(top: String, paths: [String]) {
    lock.lock()
    defer { lock.unlock() }
    guard indexes[top] == nil else { return }
    indexes[top] = .some(GitIndex(paths: paths))
    loadCount[top, default: 0] += 1
  }

  /// How many times the index of `top` was read (tests: once per run).
  func loads(top: String) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return loadCount[top] ?? 0
  }
}

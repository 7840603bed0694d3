#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds and reads the config file and the environment, and layers them under the flags.
public enum SettingsLoader {
  /// Where the config file comes from.
  public enum ConfigChoice: Sendable, Hashable {
    /// Walk up from the input looking for `.migrate.yml` (the default).
    case discover
    /// This file (`--config`, or `MIGRATE_CONFIG`).
    case file(String)
    /// No config file (`--no-config`).
    case none
  }

  /// The settings for converting `input` (a file or folder; nil or `-` for standard input and `--command`, which
  /// look from the working folder): defaults < config file < `MIGRATE_*` environment < `flags`.
  public static func load(
    input: String?, flags: SettingsLayer, config: ConfigChoice = .discover,
    environment: (String) -> String? = FileIO.environment
  ) throws -> Settings {
    var choice = config
    if choice == .discover, let path = environment("MIGRATE_CONFIG"), !path.isEmpty { choice = .file(path) }
    var layers: [SettingsLayer] = []
    var configPath: String?
    // An error quotes the config file (its line, its values) only when that file is the project's own: one
    // named with --config may be anything (`--config /etc/shadow`), and must not be printed.
    var quotable = true
    switch choice {
    case .none: break
    case .file(let path):
      guard FileIO.exists(path) else { throw SettingsError("\(path): config file not found") }
      configPath = path
      quotable = isInside(path, project: project(of: input))
    case .discover:
      configPath = try find(from: input).map(checkedDiscovery)
    }
    if let configPath {
      let bytes: [UInt8]
      do {
        bytes = try FileIO.read(configPath)
      } catch {
        throw SettingsError("\(MigrateError.describe(error))")
      }
      let folder = PathText.parent(of: FileIO.absolutePath(configPath))
      layers.append(
        try ConfigFile.parse(SourceFile(path: configPath, bytes: bytes), folder: folder, quoting: quotable))
    }
    layers.append(try SettingsLayer.environment(environment))
    layers.append(flags)
    return Settings.resolve(layers, configPath: configPath)
  }

  /// The nearest config file in the input's folder or one of its parents.
  public static func find(from input: String?) -> String? {
    let start = input.flatMap { $0 == "-" ? nil : $0 } ?? "."
    var folder = FileIO.absolutePath(start)
    if !FileIO.isDirectory(folder) { folder = PathText.parent(of: folder) }
    while true {
      for name in ConfigFile.names {
        let candidate = folder == "/" ? "/" + name : folder + "/" + name
        if FileIO.isRegularFile(candidate) { return candidate }
      }
      if folder == "/" || folder.isEmpty { return nil }
      folder = PathText.parent(of: folder)
    }
  }

  /// A config file found by the walk up may be a symbolic link only to a file inside its own project (the git
  /// work tree of its folder, or the folder): a `.migrate.yml` linking to `/etc/shadow` is refused, not read.
  static func checkedDiscovery(_ path: String) throws -> String {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
    let project = FileIO.projectRoot(of: path)
    guard let real = FileIO.realPath(path), let realProject = FileIO.realPath(project),
      FileIO.isInside(real, realProject)
    else {
      throw SettingsError(
        "\(path): is a symbolic link leading outside its project \(project); not read as a config file (make it a "
          + "file, or name the target with --config)")
    }
    return path
  }

  /// The project `input` belongs to: the git work tree holding it, else its folder (the input itself when it is
  /// a folder; the working folder for standard input and `--command`).
  static func project(of input: String?) -> String {
    let start = input.flatMap { $0 == "-" ? nil : $0 } ?? "."
    // projectRoot starts from the folder of the path it is given: for a folder, a name inside it.
    return FileIO.projectRoot(of: FileIO.isDirectory(start) ? start + "/" + ConfigFile.names[0] : start)
  }

  /// True when `path`, after every link, is a regular file inside `project`.
  static func isInside(_ path: String, project: String) -> Bool {
    guard FileIO.isRegularFile(path), let real = FileIO.realPath(path), let root = FileIO.realPath(project) else {
      return false
    }
    return FileIO.isInside(real, root)
  }

}

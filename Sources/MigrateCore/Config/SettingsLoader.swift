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
    switch choice {
    case .none: break
    case .file(let path):
      guard FileIO.isRegularFile(path) else { throw SettingsError("\(path): config file not found") }
      configPath = path
    case .discover:
      configPath = find(from: input)
    }
    if let configPath {
      let bytes: [UInt8]
      do {
        bytes = try FileIO.read(configPath)
      } catch {
        throw SettingsError("\(configPath): \(error)")
      }
      let folder = parent(of: FileIO.absolutePath(configPath))
      layers.append(try ConfigFile.parse(SourceFile(path: configPath, bytes: bytes), folder: folder))
    }
    layers.append(try SettingsLayer.environment(environment))
    layers.append(flags)
    return Settings.resolve(layers, configPath: configPath)
  }

  /// The nearest config file in the input's folder or one of its parents.
  public static func find(from input: String?) -> String? {
    let start = input.flatMap { $0 == "-" ? nil : $0 } ?? "."
    var folder = FileIO.absolutePath(start)
    if !FileIO.isDirectory(folder) { folder = parent(of: folder) }
    while true {
      for name in ConfigFile.names {
        let candidate = folder == "/" ? "/" + name : folder + "/" + name
        if FileIO.isRegularFile(candidate) { return candidate }
      }
      if folder == "/" || folder.isEmpty { return nil }
      folder = parent(of: folder)
    }
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}

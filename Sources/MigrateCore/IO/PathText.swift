/// Paths worked out by text alone — no disk access, no link followed: the one place that joins a path to a
/// folder, normalises it, and takes its folder. Three helpers differ on purpose and stay apart:
/// `FileIO.absolutePath` asks the disk (`realpath`, so links are followed, when the path exists);
/// `BindDisk.resolve`/`walk` follow links component by component as the kernel does; `BindSource.normalize`
/// is a comparison key for a bind source as written (it stays relative and keeps `..`).
public enum PathText {
  /// `base` followed by `components`, as an absolute path: empty and `.` components dropped, each `..`
  /// taking the last folder off (never above `/`). `base` is split at `/`; a component is taken as given.
  public static func normalized<Components: Sequence>(_ base: String, _ components: Components) -> String
  where Components.Element: StringProtocol {
    var parts: [Substring] = base.split(separator: "/")
    for component in components {
      switch component {
      case ".", "": continue
      case "..": _ = parts.popLast()
      default: parts.append(Substring(component))
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// `path` resolved against the folder `base` (a relative path) or on its own (an absolute one), normalised.
  public static func joined(_ base: String, _ path: String) -> String {
    normalized(path.hasPrefix("/") ? "/" : base, path.split(separator: "/"))
  }

  /// The folder holding `path`, by text: everything before the last `/`; `/` for `/name`; `.` for a bare name.
  public static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// The absolute, normalised folder of the file `path` (relative to `workingFolder`); nil when `path` is
  /// relative and the working folder is not known.
  public static func absoluteFolder(of path: String, workingFolder: String?) -> String? {
    let absolute: String
    if path.hasPrefix("/") {
      absolute = path
    } else if let workingFolder {
      absolute = workingFolder + "/" + path
    } else {
      return nil
    }
    return normalized("/", parent(of: absolute).split(separator: "/"))
  }
}

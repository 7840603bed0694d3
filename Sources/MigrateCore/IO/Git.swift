import Foundation

/// The one way `migrate` asks git something: `git ls-files` in a work tree.
enum Git {
  /// `git -C top ls-files -z ARGUMENTS…` as paths relative to `top`; nil when git is missing or refuses (not a
  /// work tree, or one owned by another user). Deleted but still tracked files are listed too.
  static func listFiles(in top: String, _ arguments: [String]) -> [String]? {
    // fsmonitor off: a hook configured in the repository must not run on our behalf. The work tree's own
    // index, whatever the caller's GIT_DIR or GIT_INDEX_FILE say.
    guard
      let result = CommandRunner.run(
        ["git", "-C", top, "-c", "core.fsmonitor=false", "ls-files", "-z"] + arguments,
        environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }),
      result.status == 0
    else { return nil }
    // One string per NUL-terminated path, straight from the bytes (a large repository lists many).
    var paths: [String] = []
    result.stdout.withUnsafeBufferPointer { bytes in
      var start = 0
      for index in bytes.indices where bytes[index] == 0 {
        if index > start {
          paths.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        }
        start = index + 1
      }
      if start < bytes.count {
        paths.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
      }
    }
    return paths
  }
}

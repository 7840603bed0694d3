import Foundation
import MigrateCore

/// Paths of the package and of the shared corpus beside it.
enum Paths {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let fixtures = root.appendingPathComponent("fixtures")
  static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
  static let awesomeCompose = shared.appendingPathComponent("corpus/compose/awesome-compose")

  static func files(in directory: URL, suffix: String) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(suffix) }.sorted().map { directory.appendingPathComponent($0) }
  }
}

extension SourceFile {
  init(_ text: String, path: String = "test.yml") {
    self.init(path: path, bytes: Array(text.utf8))
  }
}

/// Converts `text` as a compose file with the given mode and target.
func convert(
  _ text: String, mode: RunMode = .usernsAuto, target: TargetProfile.Name = .jammy, unsafe: Bool = false
) -> ConversionResult {
  let options = ConversionOptions(target: .named(target), mode: mode, applyAtLeast: unsafe ? .unsafe : .safe)
  return Converter.convert(SourceFile(text), kind: .compose, options: options)
}

/// Converts `text` as a script (or another kind of file) at `path`, with safe fixes.
func convertScript(
  _ text: String, kind: InputKind = .shell, path: String = "t.sh", target: TargetProfile.Name = .jammy
) -> ConversionResult {
  let options = ConversionOptions(target: .named(target), mode: .usernsAuto, applyAtLeast: .safe)
  return Converter.convert(SourceFile(text, path: path), kind: kind, options: options)
}

extension ConversionResult {
  var outputText: String { String(decoding: output, as: UTF8.self) }
  func ids(fixed: Bool? = nil) -> [String] {
    findings.filter { fixed == nil || $0.fixed == fixed }.map(\.ruleID)
  }
}

/// Compares `actual` with the golden file at `url`; `MIGRATE_RECORD=1` writes it instead and fails, so a
/// re-recorded golden is always reviewed.
func matchesGolden(_ actual: String, _ url: URL) -> (ok: Bool, message: String) {
  if ProcessInfo.processInfo.environment["MIGRATE_RECORD"] == "1" {
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? Data(actual.utf8).write(to: url)
    return (false, "Recorded new golden \(url.path); review it with git diff and run again without MIGRATE_RECORD")
  }
  guard let data = FileManager.default.contents(atPath: url.path) else {
    return (false, "Missing golden \(url.path); run with MIGRATE_RECORD=1 to record it")
  }
  let expected = String(decoding: data, as: UTF8.self)
  return (
    expected == actual, "Golden \(url.lastPathComponent) differs:\n--- expected\n\(expected)\n--- actual\n\(actual)"
  )
}

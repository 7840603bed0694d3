import Foundation
import Testing

@testable import MigrateCore

/// Golden tests over `fixtures/cases/<scenario>/`: `input.<ext>` (and optional `args`: `--mode`, `--target`,
/// `--kind`, `--unsafe-fixes`) against `expected/stdout.txt` (converted file), `expected/stderr.txt`
/// (findings) and `expected/diff.patch`.
@Suite("Golden fixtures")
struct GoldenTests {
  static let cases: [URL] = {
    let directory = Paths.fixtures.appendingPathComponent("cases")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().map { directory.appendingPathComponent($0) }
  }()

  /// Reads `args` (flags such as `--mode rootless`) into options.
  static func options(_ directory: URL) -> ConversionOptions {
    let args = (try? String(contentsOf: directory.appendingPathComponent("args"), encoding: .utf8)) ?? ""
    var options = ConversionOptions()
    let words = args.split(whereSeparator: \.isWhitespace).map(String.init)
    for (index, word) in words.enumerated() where index + 1 < words.count {
      switch word {
      case "--mode": options.mode = RunMode(rawValue: words[index + 1]) ?? options.mode
      case "--target":
        options.target = TargetProfile.Name(rawValue: words[index + 1]).map(TargetProfile.named) ?? options.target
      default: break
      }
    }
    if words.contains("--unsafe-fixes") { options.applyAtLeast = .unsafe }
    return options
  }

  static func kind(_ directory: URL, input: URL, bytes: [UInt8]) -> InputKind? {
    let args = (try? String(contentsOf: directory.appendingPathComponent("args"), encoding: .utf8)) ?? ""
    let words = args.split(whereSeparator: \.isWhitespace).map(String.init)
    if let index = words.firstIndex(of: "--kind"), index + 1 < words.count {
      return InputKind(rawValue: words[index + 1])
    }
    return Converter.detectKind(path: input.lastPathComponent, bytes: bytes)
  }

  @Test("fixture", arguments: cases.map(\.lastPathComponent))
  func fixture(_ name: String) throws {
    let directory = Paths.fixtures.appendingPathComponent("cases").appendingPathComponent(name)
    let inputName = try #require(
      (try FileManager.default.contentsOfDirectory(atPath: directory.path)).first { $0.hasPrefix("input.") })
    let input = directory.appendingPathComponent(inputName)
    let bytes = try #require(FileManager.default.contents(atPath: input.path).map { [UInt8]($0) })
    let path = "fixtures/cases/\(name)/\(inputName)"
    let options = Self.options(directory)
    let kind = try #require(Self.kind(directory, input: input, bytes: bytes))
    let result = Converter.convert(SourceFile(path: path, bytes: bytes), kind: kind, options: options)
    let expected = directory.appendingPathComponent("expected")
    let stdout = String(decoding: result.output, as: UTF8.self)
    for (actual, file) in [
      (stdout, "stdout.txt"),
      (TextReporter.render(result), "stderr.txt"),
      (UnifiedDiff.render(old: bytes, new: result.output, path: path), "diff.patch"),
    ] {
      let check = matchesGolden(actual, expected.appendingPathComponent(file))
      #expect(check.ok, "\(check.message)")
    }
    // A second conversion changes nothing, and the output still parses.
    let again = Converter.convert(SourceFile(path: path, bytes: result.output), kind: kind, options: options)
    #expect(!again.failed)
    #expect(again.output == result.output)
    // Bytes outside edited lines are identical: the line endings and the BOM are kept.
    #expect(result.source.hasBOM == SourceFile(path: path, bytes: result.output).hasBOM)
    if bytes.contains(0x0D) {
      let lines = String(decoding: result.output, as: UTF8.self).split(
        separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.dropLast().allSatisfy { $0.hasSuffix("\r") }, "a CRLF file got LF lines")
    }
    #expect((bytes.last == 0x0A) == (result.output.last == 0x0A), "final newline state changed")
    // Surgical: every line the diff removes was touched by an applied fix; all other lines are untouched.
    var touched = Set<Int>()
    for finding in result.findings where finding.fixed {
      for edit in finding.fix?.edits ?? [] {
        let first = result.source.lines.lineIndex(of: edit.range.lower)
        let last = result.source.lines.lineIndex(of: max(edit.range.lower, edit.range.upper - 1))
        touched.formUnion(first...max(first, last))
      }
    }
    let oldLines = UnifiedDiff.splitLines(bytes)
    let newLines = UnifiedDiff.splitLines(result.output)
    let ops = UnifiedDiff.diff(oldLines.map(\.hash), newLines.map(\.hash), a: oldLines, b: newLines)
    for case .delete(let line) in ops {
      #expect(touched.contains(line) || touched.contains(line - 1), "line \(line + 1) changed without a fix")
    }
    // A script bash could read before must still be readable after conversion.
    if kind == .shell && !result.failed, try bashAccepts(bytes) {
      #expect(try bashAccepts(result.output), "converted script fails bash -n")
    }
  }

  /// Runs `bash -n` on `bytes`: true when bash reads the script without a syntax error.
  func bashAccepts(_ bytes: [UInt8]) throws -> Bool {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString).sh")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-n", file.path]
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}

/// Broken input: every file in `fixtures/malformed` gives a located error and no output.
@Suite("Malformed input")
struct MalformedInputTests {
  static let files = Paths.files(in: Paths.fixtures.appendingPathComponent("malformed"), suffix: ".yml")

  @Test("is reported with a location and never converted", arguments: files)
  func malformed(_ url: URL) throws {
    let bytes = try #require(FileManager.default.contents(atPath: url.path).map { [UInt8]($0) })
    let source = SourceFile(path: url.lastPathComponent, bytes: bytes)
    let result = Converter.convert(source, kind: .compose, options: ConversionOptions())
    let diagnostic = try #require(result.parseError)
    #expect(result.output == bytes)
    #expect(result.findings.map(\.ruleID) == ["MG001"])
    let rendered = diagnostic.rendered(in: source)
    #expect(rendered.hasPrefix("\(url.lastPathComponent):"))
    #expect(rendered.contains(": error: "))
  }
}

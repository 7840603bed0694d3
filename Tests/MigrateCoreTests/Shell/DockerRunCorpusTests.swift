import Foundation
import MigrateCore
import Testing

/// Runs the composerize-derived `docker run` corpus through ShellReader + DockerCallParser.
@Suite("Corpus: dockerrun/cases.jsonl")
struct DockerRunCorpusTests {
  /// `shared/corpus/dockerrun/cases.jsonl` in a folder above this file (a clone with `shared/` beside
  /// it), else the workplace copy at `/work/shared`.
  static var corpusPath: String {
    let relative = "shared/corpus/dockerrun/cases.jsonl"
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = directory.appendingPathComponent(relative).path
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      directory.deleteLastPathComponent()
    }
    return Paths.shared.appendingPathComponent("corpus/dockerrun/cases.jsonl").path
  }

  struct Case {
    var id: String
    var command: String
    var expectedCompose: String?
    /// A compose file the case merges into: its services appear in `expectedCompose` too.
    var existingCompose: String?
  }

  /// Cases whose command cannot give "no unknown flags and image == compose image", with the reason.
  /// Keyed by case id.
  static let exceptions: [String: String] = [
    "composerize/index/017":
      "`--bool` is not a docker flag (composerize's own test of unknown flags): reported as unknown",
    "composerize/index/029":
      "`-v <CONFIG_FILE_PATH>:/etc/...` is a placeholder that a shell reads as redirections "
      + "(`<CONFIG_FILE_PATH` and `>:/etc/...`), so `-v` takes `-p` as its value",
    "composerize/index/031":
      "the line after `--restart=unless-stopped` has no trailing backslash: in a shell the command "
      + "ends there, so `docker run` has no image and `--cpus=2 …` is a separate command",
    "composerize/mappings/007":
      "`-v <path/to/plex/database>:/config` placeholders are redirections to a shell",
    "composerize/mappings/057":
      "the options are on separate lines without backslashes: to a shell `docker run` ends at the "
      + "newline and each `-e=…` line is its own command",
  ]

  static func loadCases() throws -> [Case] {
    let data = try Data(contentsOf: URL(fileURLWithPath: corpusPath))
    let text = String(decoding: data, as: UTF8.self)
    var cases: [Case] = []
    for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
      guard let dict = object as? [String: Any] else { continue }
      guard dict["expected_error"] == nil || dict["expected_error"] is NSNull else { continue }
      guard let id = dict["id"] as? String, let command = dict["command"] as? String else { continue }
      cases.append(
        Case(
          id: id, command: command, expectedCompose: dict["expected_compose"] as? String,
          existingCompose: dict["existing_compose"] as? String))
    }
    return cases
  }

  /// `image:` values of the expected compose file, in order.
  static func composeImages(_ compose: String?) -> [String] {
    guard let compose else { return [] }
    return compose.split(separator: "\n").compactMap { line in
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("image:") else { return nil }
      var value = trimmed.dropFirst("image:".count).trimmingCharacters(in: .whitespaces)
      // `image:` alone is a service named "image", not an image.
      guard !value.isEmpty else { return nil }
      if value.count >= 2, value.first == "\"" || value.first == "'", value.last == value.first {
        value = String(value.dropFirst().dropLast())
      }
      return value
    }
  }

  /// The docker/podman run/create (and `container run`, `service create`) invocations in `text`.
  static func runInvocations(_ text: String) -> [DockerCall] {
    let script = ShellReader.parse(Array(text.utf8), dialect: .bash)
    var out: [DockerCall] = []
    for command in script.commands {
      guard let program = command.words.first?.staticValue, program == "docker" || program == "podman"
      else { continue }
      guard let inv = DockerCallParser.parse(command, programIndex: 0) else { continue }
      if inv.subcommand == ["run"] || inv.subcommand == ["create"] || inv.subcommand == ["service", "create"] {
        out.append(inv)
      }
    }
    return out
  }

  @Test func corpusExists() throws {
    let cases = try Self.loadCases()
    #expect(cases.count >= 40)
  }

  @Test func everyCaseParses() throws {
    let cases = try Self.loadCases()
    var checked = 0
    for item in cases {
      let invocations = Self.runInvocations(item.command)
      // Images of the expected file, minus those of the services merged from the existing file.
      var images = Self.composeImages(item.expectedCompose)
      for existing in Self.composeImages(item.existingCompose) {
        if let index = images.firstIndex(of: existing) { images.remove(at: index) }
      }
      if let reason = Self.exceptions[item.id] {
        // Still parsed without trapping; the documented difference must really be there.
        let clean =
          invocations.count == images.count
          && zip(invocations, images).allSatisfy { $0.unknownFlags.isEmpty && $0.image?.staticValue == $1 }
        #expect(!clean, "exception \(item.id) no longer needed: \(reason)")
        continue
      }
      #expect(!invocations.isEmpty, "\(item.id): no docker run/create found")
      #expect(invocations.count == images.count, "\(item.id): \(invocations.count) runs vs \(images.count) images")
      for (inv, image) in zip(invocations, images) {
        #expect(inv.unknownFlags.isEmpty, "\(item.id): unknown \(inv.unknownFlags.map(\.spelledAs))")
        #expect(inv.image?.staticValue == image, "\(item.id)")
        if let word = inv.image, word.isVerbatim {
          let bytes = Array(item.command.utf8)
          #expect(String(decoding: bytes[word.range.lower..<word.range.upper], as: UTF8.self) == image)
        }
      }
      checked += 1
    }
    #expect(checked + Self.exceptions.count == cases.count)
  }

  @Test func exceptionDetails() throws {
    // 017: the unknown flag is kept, known = false, and the image is still right.
    let bool = Self.runInvocations(#"docker run --name="foobar" --bool nginx"#)
    #expect(bool.first?.unknownFlags.map(\.name) == ["bool"])
    #expect(bool.first?.image?.staticValue == "nginx")
    // 031: the shell ends the command at the newline.
    let split = ShellReader.parse(Array("docker run --restart=no\n--cpus=2 foobar".utf8))
    #expect(split.commands.count == 2)
  }
}

import Foundation
import Testing

@testable import MigrateCore

/// The acceptance walk over the 39 real compose files of awesome-compose.
@Suite("awesome-compose corpus")
struct CorpusTests {
  static let files = Paths.files(in: Paths.awesomeCompose, suffix: ".yml")

  @Test("the corpus is there (CI has ../shared beside the checkout)")
  func present() {
    #expect(Self.files.count == 39)
  }

  @Test("converts cleanly, idempotently and surgically", arguments: files)
  func convertFile(_ url: URL) throws {
    let bytes = try #require(FileManager.default.contents(atPath: url.path).map { [UInt8]($0) })
    let source = SourceFile(path: url.lastPathComponent, bytes: bytes)
    let options = ConversionOptions()
    let result = Converter.convert(source, kind: .compose, options: options)
    #expect(!result.failed, "\(result.findings.map(\.message))")

    // The output parses, and every service runs in its own user namespace unless it shares a host
    // namespace (then MG107 explains why).
    let output = SourceFile(path: url.lastPathComponent, bytes: result.output)
    let project = try ComposeParser.parse(output)
    for service in project.services {
      if service.container.hostNamespaces.isEmpty {
        #expect(service.container.userns?.text == "auto", "\(service.name.text) lacks userns_mode: auto")
      } else {
        #expect(
          result.findings.contains { $0.ruleID == "MG107" }, "\(service.name.text) shares a host namespace silently")
      }
      // No short image name is left outside services that build their image.
      if let image = service.image, service.build == nil, !project.builtImageNames.contains(image.text) {
        #expect(ShortImageName.qualifyingPrefix(image.text) == nil, "short image \(image.text) in \(service.name.text)")
      }
    }
    if project.services.contains(where: { $0.container.userns != nil }) {
      #expect(project.xPodman?.value.value(forKey: "in_pod")?.value == "false")
    }

    // Idempotent: converting the output changes nothing.
    let again = Converter.convert(output, kind: .compose, options: options)
    #expect(again.output == result.output, "second conversion changed \(url.lastPathComponent)")

    // Surgical: every original line is either byte-identical in the output or was touched by an edit, and
    // every comment survives.
    let diff = UnifiedDiff.render(old: bytes, new: result.output, path: "f")
    let removed = diff.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }
    for line in removed {
      let text = String(line.dropFirst())
      #expect(!text.trimmingCharacters(in: .whitespaces).hasPrefix("#"), "comment line changed: \(text)")
    }
    let originalLines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
    let outputText = String(decoding: result.output, as: UTF8.self)
    for line in originalLines {
      guard let hash = line.range(of: "#") else { continue }
      let comment = line[hash.lowerBound...]
      #expect(outputText.contains(comment), "comment lost: \(comment)")
    }
    // Each removed line comes back with only additions (the fixes insert text, never delete it).
    let added = diff.split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.map { $0.dropFirst() }
    for line in removed {
      let old = String(line.dropFirst())
      #expect(added.contains { isSubsequence(old, of: String($0)) }, "line rewritten beyond insertion: \(old)")
    }
  }

  /// True when `small`'s characters appear in `large` in order (the edit only inserted text), allowing the
  /// replacements the rules make (`unless-stopped` → `always`, the socket path).
  func isSubsequence(_ small: String, of large: String) -> Bool {
    let replacements = [
      ("unless-stopped", "always"), ("/var/run/docker.sock:", "/run/podman/podman.sock:"),
      ("/run/docker.sock:", "/run/podman/podman.sock:"),
    ]
    var normalized = small
    for (from, to) in replacements { normalized = normalized.replacingOccurrences(of: from, with: to) }
    var iterator = large.makeIterator()
    for character in normalized {
      var found = false
      while let next = iterator.next() {
        if next == character {
          found = true
          break
        }
      }
      if !found { return false }
    }
    return true
  }
}

import Testing

@testable import MigrateCore

@Suite("Properties")
struct PropertyTests {
  static let words = ["nginx", "é", "日本", "🚀", "a b", "x:y", "-", "#", "'q'", "\"d\"", "${V}", "$$", "a\\b"]

  /// A random compose-like document from a seed, in block or flow style, LF or CRLF.
  static func document(_ seed: UInt64) -> String {
    var rng = SeededGenerator(seed: seed)
    let eol = Bool.random(using: &rng) ? "\r\n" : "\n"
    var text = Bool.random(using: &rng) ? "# header 🚀\(eol)" : ""
    text += "services:\(eol)"
    for index in 0..<Int.random(in: 1...4, using: &rng) {
      text += "  svc\(index):   # c\(words.randomElement(using: &rng) ?? "")\(eol)"
      let image =
        ["nginx", "redis:7", "'busybox'", "\"alpine:3\"", "ghcr.io/a/b", "myorg/app:1"].randomElement(using: &rng)
        ?? "x"
      text += "    image: \(image)\(eol)"
      if Bool.random(using: &rng) {
        text += "    volumes:\(eol)"
        for v in ["./data\(index):/data", "\"./q\(index):/q:z\"", "named:/n", "/etc/x:/etc/x"].shuffled(using: &rng)
          .prefix(2)
        {
          text += "      - \(v)\(eol)"
        }
      }
      if Bool.random(using: &rng) { text += "    ports: [\"80:80\", 8080:80]\(eol)" }
      if Bool.random(using: &rng) { text += "    restart: unless-stopped\(eol)" }
      if Bool.random(using: &rng) {
        let value = ["é", "日本", "🚀", "a b", "x:y", "#", "${V}", "$$"].randomElement(using: &rng) ?? ""
        text += "    environment:\(eol)      A: \"\(value)\"\(eol)"
      }
    }
    if Bool.random(using: &rng) { text.removeLast(eol.count) }
    return text
  }

  @Test("a node's span slices back to its text", arguments: 0..<60)
  func spans(seed: UInt64) throws {
    let text = Self.document(seed)
    let source = SourceFile(text)
    let root = try #require(try YAMLParser.parse(source).documents.first?.root)
    var stack = [root]
    while let node = stack.popLast() {
      switch node.kind {
      case .scalar:
        let value = node.sourceValue(in: source)
        if let range = value.valueRange { #expect(source.text(range) == node.value) }
      case .mapping:
        for pair in node.pairs {
          #expect(source.text(pair.key.range) == pair.key.value)
          stack.append(pair.value)
        }
      case .sequence: stack.append(contentsOf: node.items)
      case .alias: break
      }
    }
  }

  @Test("conversion is idempotent and keeps parsing", arguments: 0..<60)
  func idempotent(seed: UInt64) throws {
    let text = Self.document(seed)
    let first = convert(text)
    let failed = first.failed
    #expect(!failed, "\(text)")
    let second = convert(first.outputText)
    let same = second.output == first.output
    #expect(same, "\(first.outputText)")
    let refixed = second.findings.contains { $0.fixed }
    #expect(!refixed)
  }

  @Test("random bytes never crash the parsers", arguments: 0..<200)
  func randomBytes(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    let alphabet = Array("abc: -[]{},'\"#&*!|>\n\t\r %@`?é🚀\\".utf8) + [0, 0xFF, 0xC3]
    let count = Int.random(in: 0...200, using: &rng)
    let bytes = (0..<count).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
    let result = Converter.convert(
      SourceFile(path: "r.yml", bytes: bytes), kind: .compose, options: ConversionOptions())
    if result.failed { #expect(result.output == bytes) }
  }
}

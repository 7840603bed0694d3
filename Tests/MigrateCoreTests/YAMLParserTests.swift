import Testing

@testable import MigrateCore

@Suite("YAML layer")
struct YAMLParserTests {
  func parse(_ text: String) throws -> YAMLNode {
    let stream = try YAMLParser.parse(SourceFile(text))
    return try #require(stream.documents.first?.root)
  }

  func slice(_ text: String, _ range: ByteRange) -> String {
    String(decoding: Array(text.utf8)[range.lower..<range.upper], as: UTF8.self)
  }

  @Test("scalar spans are UTF-8 byte ranges, including after non-ASCII text")
  func nonASCIISpans() throws {
    let text = "a: 'é€'\n# 日本語 🚀\nb: \"ok\" # 😀\nc: plain ✨ value\n"
    let root = try parse(text)
    let a = try #require(root.value(forKey: "a"))
    #expect(slice(text, a.range) == "'é€'")
    #expect(a.value == "é€")
    let b = try #require(root.value(forKey: "b"))
    #expect(slice(text, b.range) == "\"ok\"")
    let c = try #require(root.value(forKey: "c"))
    #expect(slice(text, c.range) == "plain ✨ value")
    #expect(root.pairs.map { slice(text, $0.key.range) } == ["a", "b", "c"])
  }

  @Test("CRLF files: spans skip the carriage returns correctly")
  func crlf() throws {
    let text = "services:\r\n  web:\r\n    image: nginx\r\n    ports:\r\n      - \"80:80\"\r\n"
    let root = try parse(text)
    let web = try #require(root.value(forKey: "services")?.value(forKey: "web"))
    let image = try #require(web.value(forKey: "image"))
    #expect(slice(text, image.range) == "nginx")
    let port = try #require(web.value(forKey: "ports")?.items.first)
    #expect(slice(text, port.range) == "\"80:80\"")
  }

  @Test("a byte order mark is not counted: the first key is at column 1")
  func bom() throws {
    let text = "\u{FEFF}services:\n  web:\n    image: é\n"
    let source = SourceFile(text)
    let root = try #require(try YAMLParser.parse(source).documents.first?.root)
    let key = try #require(root.pairs.first?.key)
    #expect(slice(text, key.range) == "services")
    #expect(source.lines.position(of: key.range.lower) == SourcePosition(line: 1, column: 1))
    let image = try #require(root.value(forKey: "services")?.value(forKey: "web")?.value(forKey: "image"))
    #expect(slice(text, image.range) == "é")
  }

  @Test("styles, tags and anchors are kept")
  func styles() throws {
    let text = "a: plain\nb: 'single'\nc: \"double\"\nd: |\n  literal\ne: >\n  folded\nf: !!str 12\ng: &anchor value\n"
    let root = try parse(text)
    let styles = root.pairs.map { $0.value.style }
    #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded, .plain, .plain])
    #expect(root.value(forKey: "f")?.tag == "tag:yaml.org,2002:str")
    let g = try #require(root.value(forKey: "g"))
    #expect(g.anchor == "anchor")
    #expect(slice(text, g.range) == "value")
    let d = try #require(root.value(forKey: "d"))
    #expect(slice(text, d.range) == "|\n  literal\n")
  }

  @Test("a block scalar ends before the next key's indentation")
  func blockScalarEnd() throws {
    let text = "svc:\n  command: |\n    echo hi\n  image: x\n"
    let root = try parse(text)
    let command = try #require(root.value(forKey: "svc")?.value(forKey: "command"))
    #expect(slice(text, command.range) == "|\n    echo hi\n")
  }

  @Test("aliases point at their anchor's node; merge keys are read by reference")
  func aliasesAndMerges() throws {
    let text = "base: &b\n  image: nginx\n  restart: always\nweb:\n  <<: *b\n  restart: \"no\"\n"
    let root = try parse(text)
    let base = try #require(root.value(forKey: "base"))
    let web = try #require(root.value(forKey: "web"))
    let alias = try #require(web.pairs.first?.value)
    #expect(alias.kind == .alias)
    #expect(alias.target === base)
    #expect(web.value(forKey: "image")?.value == "nginx")
    #expect(web.value(forKey: "restart")?.value == "no")
    #expect(web.effectivePairs.map(\.key.value) == ["restart", "image"])
  }

  @Test("an empty value sits right after its key, not at the next token")
  func emptyValue() throws {
    let text = "volumes:\n  data:\n# comment\n\nother: 1\n"
    let root = try parse(text)
    let data = try #require(root.value(forKey: "volumes")?.pairs.first)
    #expect(data.value.isNull)
    #expect(data.value.range == .at(data.key.range.upper))
  }

  @Test("multi-document streams")
  func multiDocument() throws {
    let stream = try YAMLParser.parse(SourceFile("a: 1\n---\nb: 2\n---\n"))
    #expect(stream.documents.count == 3)
    #expect(stream.documents[1].root?.value(forKey: "b")?.value == "2")
    #expect(stream.documents[2].root?.isNull == true)
  }

  @Test("syntax errors are located with line, column and a caret")
  func syntaxError() throws {
    let text = "services:\n  web:\n    image: nginx\n   ports: [80\n"
    let source = SourceFile(text, path: "compose.yml")
    let error = try #require(throws: ParseDiagnostic.self) { try YAMLParser.parse(source) }
    let rendered = error.rendered(in: source)
    #expect(rendered.hasPrefix("compose.yml:4:"))
    #expect(rendered.contains("error: yaml:"))
    #expect(rendered.contains("   ports: [80\n"))
    #expect(rendered.hasSuffix("^"))
  }

  @Test("error columns count Unicode scalars on non-ASCII lines")
  func errorColumnNonASCII() throws {
    let text = "a: 日本語\nb: 'é: [unclosed\n"
    let source = SourceFile(text)
    let error = try #require(throws: ParseDiagnostic.self) { try YAMLParser.parse(source) }
    let position = source.lines.position(of: error.range.lower)
    #expect(position.line >= 2)
  }

  @Test("an alias bomb is refused quickly with a located error")
  func aliasBomb() throws {
    var lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    var previous = "a"
    for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
      lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
      previous = name
    }
    let source = SourceFile(lines.joined(separator: "\n") + "\n")
    let error = try #require(throws: ParseDiagnostic.self) { try YAMLParser.parse(source) }
    #expect(error.problem.contains("alias bomb"))
    #expect(source.text(error.range).hasPrefix("*"))
  }

  @Test("undefined and recursive aliases are errors")
  func badAliases() throws {
    #expect(throws: ParseDiagnostic.self) { try YAMLParser.parse(SourceFile("a: *nothing\n")) }
    #expect(throws: ParseDiagnostic.self) { try YAMLParser.parse(SourceFile("a: &x [1, *x]\n")) }
  }

  @Test("deep nesting is refused, not a stack overflow")
  func deepNesting() throws {
    let text = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
    let error = try #require(throws: ParseDiagnostic.self) { try YAMLParser.parse(SourceFile(text)) }
    #expect(error.problem.contains("nesting"))
  }

  @Test("a carriage return without a line feed is refused where it is; CRLF and a final CR-less LF are read")
  func loneCarriageReturn() throws {
    let error = try #require(throws: ParseDiagnostic.self) {
      try YAMLParser.parse(SourceFile("services:\r\n  app:\n\rports: []\n"))
    }
    #expect(error.range == ByteRange(18, 19))
    #expect(error.problem.contains("carriage return"))
    #expect(throws: ParseDiagnostic.self) { try YAMLParser.parse(SourceFile("a: 1\r")) }
    _ = try YAMLParser.parse(SourceFile("services:\r\n  app:\r\n    image: x\r\n"))
  }

  @Test("invalid UTF-8, NUL bytes and UTF-16 give located errors")
  func badEncodings() throws {
    let latin1 = SourceFile(path: "x.yml", bytes: Array("a: caf".utf8) + [0xE9, 0x0A])
    let error = try #require(throws: ParseDiagnostic.self) { try YAMLParser.parse(latin1) }
    #expect(error.range.lower == 6)
    let nul = SourceFile(path: "x.yml", bytes: Array("a: b\n".utf8) + [0, 1, 2])
    #expect(throws: ParseDiagnostic.self) { try YAMLParser.parse(nul) }
    let utf16 = SourceFile(path: "x.yml", bytes: [0xFF, 0xFE, 0x61, 0x00])
    #expect(throws: ParseDiagnostic.self) { try YAMLParser.parse(utf16) }
  }
}

import Testing

@testable import MigrateCore

@Suite("Suppressions")
struct SuppressionTests {
  @Test("ignore= covers the next key or command; trailing comments cover their line; fixes are not applied")
  func nextStatement() {
    let text = """
      services:
        # migrate: ignore=MG103 -- pulled from our mirror
        web:
          image: nginx
          volumes:
            - ./d:/d # migrate: ignore=writable-bind-mount
        db:
          image: redis

      """
    let result = convert(text)
    #expect(result.outputText.contains("image: nginx\n"))
    #expect(result.outputText.contains("- ./d:/d # migrate"))
    #expect(result.outputText.contains("image: docker.io/library/redis"))
    #expect(!result.findings.contains { $0.ruleID == "MG002" })
  }

  @Test("shell: the next command, with its continuation lines")
  func shell() {
    let text = "# migrate: ignore=MG103\ndocker run \\\n  nginx\ndocker run redis\n"
    let result = Converter.convert(SourceFile(text), kind: .shell, options: ConversionOptions())
    #expect(result.outputText.contains("  nginx\n"))
    #expect(result.outputText.contains("docker.io/library/redis"))
  }

  @Test("file-ignore covers the whole file")
  func fileWide() {
    let result = convert("# migrate: file-ignore=MG101,MG202\nservices:\n  a:\n    image: docker.io/library/redis\n")
    #expect(!result.outputText.contains("userns_mode"))
    #expect(result.findings.isEmpty)
  }

  @Test("unknown rules and unused suppressions are reported (MG002)")
  func unused() {
    let result = convert(
      "services:\n  # migrate: ignore=MG106\n  a:\n    image: docker.io/library/redis\n  # migrate: ignore=nope\n  b:\n    image: docker.io/library/redis\n"
    )
    let messages = result.findings.filter { $0.ruleID == "MG002" }.map(\.message)
    #expect(messages.contains("Suppression of MG106 matches no finding"))
    #expect(messages.contains("Suppression names unknown rule `nope`"))
  }

  @Test("--no-suppressions turns them off")
  func off() {
    var options = ConversionOptions()
    options.honorSuppressions = false
    let result = Converter.convert(
      SourceFile("# migrate: file-ignore=MG103\nservices:\n  a:\n    image: redis\n"), kind: .compose, options: options)
    #expect(result.outputText.contains("docker.io/library/redis"))
  }
}

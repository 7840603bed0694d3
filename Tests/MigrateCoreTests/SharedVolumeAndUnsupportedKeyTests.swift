import Testing

@testable import MigrateCore

/// MG140 (named volume written under several `--userns=auto` mappings) and MG208 (keys podman-compose ignores).
@Suite("named-volume-userns and compose-unsupported-key")
struct SharedVolumeAndUnsupportedKeyTests {
  func spans(_ result: ConversionResult, _ id: String, in text: String) -> [String] {
    let bytes = Array(text.utf8)
    return result.findings.filter { $0.ruleID == id }.map {
      String(decoding: bytes[$0.range.lower..<$0.range.upper], as: UTF8.self)
    }
  }

  @Test("only writers with their own auto mapping count: host user namespace and read-only mounts do not")
  func writersCounted() {
    let text = """
      services:
        a:
          image: example.com/a
          volumes:
            - type: volume
              source: data
              target: /d
        b:
          image: example.com/b
          userns_mode: host
          volumes: [data:/d]
        c:
          image: example.com/c
          volumes: ["data:/d:ro"]
      volumes:
        data:

      """
    #expect(convert(text).findings.filter { $0.ruleID == "MG140" }.isEmpty)
    let shared = text.replacingAll("userns_mode: host", with: "userns_mode: \"auto:size=65536\"")
    // One finding for the volume, naming both writers.
    let findings = convert(shared).findings.filter { $0.ruleID == "MG140" }
    #expect(findings.count == 1 && findings.first?.message.contains("2 services (`a`, `b`)") == true)
  }

  @Test("compose services get no fix even when a mount already has U; run lines get U as an unsafe fix")
  func fixes() {
    let compose =
      "services:\n  a:\n    image: example.com/a\n    volumes: [\"data:/d:U\"]\n  b:\n    image: example.com/b\n    volumes: [\"data:/e\"]\nvolumes:\n  data:\n"
    let findings = convert(compose).findings.filter { $0.ruleID == "MG140" }
    #expect(findings.count == 1 && findings.allSatisfy { $0.fix == nil })

    let script = "docker run -d -v data:/d img1\ndocker run --rm -v data:/d:z img2\n"
    let options = ConversionOptions(target: .named(.jammy), mode: .usernsAuto, applyAtLeast: .unsafe)
    let result = Converter.convert(
      SourceFile(script, path: "t.sh"), kind: .shell, options: options, rules: [NamedVolumeUserns()])
    #expect(result.outputText == "docker run -d -v data:/d:U img1\ndocker run --rm -v data:/d:z,U img2\n")
    let safe = Converter.convert(
      SourceFile(script, path: "t.sh"), kind: .shell, options: ConversionOptions(),
      rules: [NamedVolumeUserns()])
    #expect(safe.outputText == script)
    let rootless = Converter.convert(
      SourceFile(script, path: "t.sh"), kind: .shell, options: ConversionOptions(mode: .rootless),
      rules: [NamedVolumeUserns()])
    #expect(rootless.parseError == nil && rootless.findings.isEmpty)
    #expect(safe.findings.count == 1)
  }

  @Test("each ignored key is reported at its own key, once, and not as unknown")
  func ignoredKeys() {
    let text = """
      x-base: &base
        cgroup_parent: ops
      services:
        app:
          <<: *base
          image: example.com/app
          volumes_from: [db]
          ipc: host
          cpu_count: 2
        db:
          image: example.com/db
          configs: [conf]
      configs:
        conf:
          file: ./conf

      """
    let result = convert(text)
    #expect(spans(result, "MG208", in: text) == ["volumes_from", "ipc", "configs"])
    #expect(result.findings.filter { $0.ruleID == "MG201" }.isEmpty)
  }
}

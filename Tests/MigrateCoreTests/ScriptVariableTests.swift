import Testing

@testable import MigrateCore

/// Docker programs, images and commands held in variables: a unit's `Environment=`, command strings,
/// arrays, `trap` and `ssh` texts (#13).
@Suite("docker in variables")
struct ScriptVariableTests {
  func convert(_ text: String, kind: InputKind = .shell, path: String = "t.sh") -> ConversionResult {
    let options = ConversionOptions(target: .named(.jammy), mode: .usernsAuto, applyAtLeast: .safe)
    return Converter.convert(SourceFile(text, path: path), kind: kind, options: options)
  }

  @Test("a unit's Environment= names the program and the image its Exec lines use, quoted or not")
  func systemdEnvironment() {
    let unit = """
      [Service]
      Environment=DOCKER=/usr/bin/docker IMAGE=nginx:1.25
      Environment="NAME=web" "OPTS=-a b"
      ExecStart=/bin/sh -c '$DOCKER run --name ${NAME} $IMAGE'
      ExecStop=$DOCKER stop ${NAME}

      """
    let result = convert(unit, kind: .systemd, path: "app.service")
    #expect(
      result.outputText == """
        [Service]
        Environment=DOCKER=/usr/bin/podman IMAGE=docker.io/library/nginx:1.25
        Environment="NAME=web" "OPTS=-a b"
        ExecStart=/bin/sh -c '$DOCKER run --userns=auto --name ${NAME} $IMAGE'
        ExecStop=$DOCKER stop ${NAME}

        """)
    // Set in the unit, so not "a program set outside this file".
    #expect(!result.findings.contains { $0.ruleID == "MG303" }, "\(result.findings.map(\.message))")
    let quoted = convert(
      "[Service]\nEnvironment=\"IMAGE=nginx:1\" \"X=a;b\"\nExecStart=/usr/bin/docker run ${IMAGE}\n", kind: .systemd,
      path: "q.service")
    #expect(
      quoted.outputText
        == "[Service]\nEnvironment=\"IMAGE=docker.io/library/nginx:1\" \"X=a;b\"\nExecStart=/usr/bin/podman run --userns=auto ${IMAGE}\n"
    )
    // The view keeps every value at its offset.
    let bytes = Array("\"NAME=a b\" 'X=1'".utf8)
    let view = ScriptParser.systemdEnvironmentView(bytes, ByteRange(0, bytes.count))
    #expect(String(decoding: view, as: UTF8.self) == "NAME=\"a b\" X='1'")
  }
}

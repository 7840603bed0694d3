import Testing

@testable import MigrateCore

/// Docker programs, images and commands held in variables: a unit's `Environment=`, command strings,
/// arrays, `trap` and `ssh` texts (#13).
@Suite("docker in variables")
struct ScriptVariableTests {
  func convert(_ text: String, kind: InputKind = .shell, path: String = "t.sh") -> ConversionResult {
    convertScript(text, kind: kind, path: path)
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

  @Test("a command held in a string or an array is converted where it is written; `$doco up` is compose")
  func heldCommands() {
    let text = """
      doco="docker compose --file a.yml"
      $doco up -d --wait
      CMD=(docker run --rm
        -v "$PWD/out:/out" alpine)
      "${CMD[@]}" echo hi
      RUN='docker run --rm'
      $RUN docker.io/library/alpine true

      """
    let result = convert(text)
    #expect(
      result.outputText == """
        doco="podman-compose --file a.yml"
        $doco up -d
        CMD=(podman run --userns=auto --rm
          -v "$PWD/out:/out:U" docker.io/library/alpine)
        "${CMD[@]}" echo hi
        RUN='podman run --userns=auto --rm'
        $RUN docker.io/library/alpine true

        """)
    // One finding per cause: the held command's program, not the variable as well.
    #expect(result.findings.filter { $0.ruleID == "MG110" }.count == 3, "\(result.findings.map(\.message))")
    #expect(result.findings.contains { $0.ruleID == "MG127" && $0.fixed })
    // Converted already: read as podman, nothing to do (no "set outside" for `$doco`).
    let again = convert(result.outputText)
    #expect(again.outputText == result.outputText)
    #expect(again.findings.isEmpty, "\(again.findings.map(\.message))")
    // A held program with global options only: `$D ps` is that program's `ps`.
    let global = convert("D=\"podman --log-level=debug\"\n$D ps\n")
    #expect(global.findings.isEmpty, "\(global.findings.map(\.message))")
    // Escapes in double quotes make the text differ from what runs: left alone.
    #expect(convert("X=\"docker run \\\"a b\\\" img\"\n").findings.filter { $0.ruleID == "MG101" }.isEmpty)
  }

  @Test("trap actions and double-quoted ssh / sh -c texts with expansions are read as shell")
  func quotedTexts() {
    let text = """
      trap "docker volume rm -f scratch; docker rm -f job" EXIT
      trap - EXIT
      ssh -p 2222 "$HOST" "docker pull nginx; docker run -d --name web -v /srv/$APP:/data nginx"
      sh -c "docker run --rm -e X=$X alpine"

      """
    let result = convert(text)
    #expect(
      result.outputText == """
        trap "podman volume rm -f scratch; podman rm -f job" EXIT
        trap - EXIT
        ssh -p 2222 "$HOST" "podman pull docker.io/library/nginx; podman run --userns=auto -d --name web -v /srv/$APP:/data docker.io/library/nginx"
        sh -c "podman run --userns=auto --rm -e X=$X docker.io/library/alpine"

        """)
    // `/srv/$APP` is a variable: its `U` waits for --unsafe-fixes, as on any run line.
    #expect(result.findings.contains { $0.ruleID == "MG102" && !$0.fixed })
  }
}

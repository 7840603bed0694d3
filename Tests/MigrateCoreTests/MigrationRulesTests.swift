import Testing

@testable import MigrateCore

/// Unsafe fixes and edge cases of the compose, script and docker CLI rules MG113–MG115, MG203–MG207 and
/// MG304–MG308 (their examples run as tests too).
@Suite("compose, script and docker CLI migration rules")
struct MigrationRulesTests {
  func script(
    _ text: String, kind: InputKind = .shell, mode: RunMode = .usernsAuto, target: TargetProfile.Name = .jammy,
    unsafe: Bool = false, rules: [any Rule]? = nil
  ) -> ConversionResult {
    let options = ConversionOptions(target: .named(target), mode: mode, applyAtLeast: unsafe ? .unsafe : .safe)
    if let rules {
      return Converter.convert(SourceFile(text, path: "t.sh"), kind: kind, options: options, rules: rules)
    }
    return Converter.convert(SourceFile(text, path: "t.sh"), kind: kind, options: options)
  }

  @Test("a docker program held in a variable set in the file: the assignment and every `$VAR run` line converted")
  func programInVariable() {
    let text =
      "docker_path=$(command -v docker)\n$docker_path run -d --name app nginx\nD=`which docker`\n\"$D\" run alpine\n"
    let result = script(text)
    #expect(
      result.outputText
        == "docker_path=$(command -v podman)\n$docker_path run --userns=auto -d --name app docker.io/library/nginx\n"
        + "D=`which podman`\n\"$D\" run --userns=auto docker.io/library/alpine\n")
    #expect(!result.findings.contains { $0.ruleID == "MG303" })
    // Already podman (converted before, or written so): read as podman, no "set outside" info, nothing to do.
    let converted = script("DOCKER=podman\n$DOCKER run --userns=auto --rm docker.io/library/alpine echo\n")
    #expect(converted.findings.isEmpty, "\(converted.findings.map(\.message))")
    #expect(script("$DOCKER run --rm docker.io/library/alpine\n").findings.contains { $0.ruleID == "MG303" })
    // The variable's name says nothing: `PODMAN=docker` holds docker, and its run line is converted.
    #expect(
      script("PODMAN=docker\n$PODMAN run --rm docker.io/library/alpine\n").outputText
        == "PODMAN=podman\n$PODMAN run --userns=auto --rm docker.io/library/alpine\n")
  }

  @Test("Make's automatic variables in a recipe are words, not shell syntax: `$<` is no redirection, `$|` no pipe")
  func makeAutomaticVariables() {
    let text = "%.o: %.c | dirs\n\tdocker run alpine cc $< -o $@ $| $^\n"
    let result = script(text, kind: .makefile)
    #expect(
      result.outputText == "%.o: %.c | dirs\n\tpodman run --userns=auto docker.io/library/alpine cc $< -o $@ $| $^\n")
    #expect(!result.findings.contains { $0.ruleID == "MG301" }, "\(result.findings.map(\.message))")
  }

  @Test("nocopy is dropped with its separator, wherever it stands in the options")
  func nocopy() {
    let cases = [
      ("vol:/d:nocopy", "vol:/d"), ("vol:/d:nocopy,ro", "vol:/d:ro"), ("vol:/d:ro,nocopy", "vol:/d:ro"),
      ("vol:/d:ro,nocopy,z", "vol:/d:ro,z"),
    ]
    for (before, after) in cases {
      let text = "services:\n  a:\n    image: docker.io/library/alpine\n    volumes:\n      - \(before)\n"
      let options = ConversionOptions(target: .named(.jammy), mode: .usernsAuto, applyAtLeast: .unsafe)
      let result = Converter.convert(SourceFile(text), kind: .compose, options: options, rules: [ComposeVolumeOption()])
      #expect(result.outputText == text.replacingAll(before, with: after), "\(before)")
    }
  }

  @Test("every option podman-compose refuses is reported at its own bytes")
  func refusedOptions() throws {
    let text =
      "services:\n  a:\n    image: docker.io/library/alpine\n    volumes:\n      - ./d:/d:rshared,noatime,U,idmap\n"
    let result = convert(text)
    let findings = result.findings.filter { $0.ruleID == "MG203" }
    let spans = findings.map { String(decoding: Array(text.utf8)[$0.range.lower..<$0.range.upper], as: UTF8.self) }
    #expect(spans == ["noatime", "idmap"])
  }

  @Test("a registry cache becomes its repository with --unsafe-fixes; other backends only report")
  func buildCache() {
    let text = "docker build --cache-from=type=registry,ref=r.example/app:cache --cache-to type=inline -t app .\n"
    let result = script(text, unsafe: true, rules: [BuildCacheBackend()])
    #expect(result.outputText == "docker build --cache-from=r.example/app:cache --cache-to type=inline -t app .\n")
    #expect(result.findings.filter { $0.ruleID == "MG114" }.count == 2)
  }

  @Test("DOCKER_HOST on the Docker socket points at the podman socket of the mode")
  func dockerHost() {
    let root = script(
      "export DOCKER_HOST=\"unix:///var/run/docker.sock\"\n", unsafe: true, rules: [DockerEnvironmentVariable()])
    #expect(root.outputText == "export DOCKER_HOST=\"unix:///run/podman/podman.sock\"\n")
    let rootless = script(
      "DOCKER_HOST='unix:///var/run/docker.sock'\n", mode: .rootless, unsafe: true, rules: [DockerEnvironmentVariable()]
    )
    // `${XDG_RUNTIME_DIR}` would not expand inside single quotes: reported, not rewritten.
    #expect(!rootless.changed)
    #expect(rootless.findings.contains { $0.ruleID == "MG305" })
  }

  @Test("curl on the Docker socket is pointed at the podman socket; chmod is only reported")
  func socketClient() {
    let text = "curl --unix-socket=/var/run/docker.sock http://d/info\nsudo chmod 666 /run/docker.sock\n"
    let result = script(text, unsafe: true, rules: [DockerSocketClient()])
    #expect(
      result.outputText == "curl --unix-socket=/run/podman/podman.sock http://d/info\nsudo chmod 666 /run/docker.sock\n"
    )
    #expect(result.findings.filter { $0.ruleID == "MG308" }.count == 2)
  }

  @Test("a deploy script converts in one pass, and converting the output changes nothing")
  func deployScript() {
    let text = """
      #!/bin/sh
      set -e
      export DOCKER_BUILDKIT=1
      echo "$TOKEN" | docker login -u ci --password-stdin
      DOCKER_BUILDKIT=1 docker build -t app .
      docker rm -f app 2>/dev/null || true
      docker run -d --name app -p 8080:80 app
      until [ "$(docker inspect -f '{{.State.Health.Status}}' app)" = healthy ]; do sleep 1; done
      sudo usermod -aG docker deploy

      """
    let result = script(text)
    #expect(!result.failed)
    let ids = Set(result.findings.map(\.ruleID))
    for id in ["MG113", "MG115", "MG304", "MG305", "MG306"] { #expect(ids.contains(id), "\(id) missing") }
    #expect(result.outputText.contains("podman login -u ci --password-stdin docker.io\n"))
    #expect(result.outputText.contains("\npodman build -t app .\n"))
    #expect(result.outputText.contains("--replace -d --name app -p 8080:80"))
    #expect(result.outputText.contains("{{.State.Healthcheck.Status}}"))
    let again = script(result.outputText)
    #expect(again.output == result.output)
  }

  @Test("group changes: only the docker group is reported")
  func groups() {
    let text =
      "usermod -a -G sudo,docker,adm deploy\nuseradd --groups=docker ci\nadduser deploy docker\nadduser docker\n"
    let result = script(text, rules: [DockerGroupMembership()])
    let spans = result.findings.map {
      String(decoding: Array(text.utf8)[$0.range.lower..<$0.range.upper], as: UTF8.self)
    }
    #expect(spans == ["docker", "docker", "docker"])
  }

  @Test("deploy.restart_policy maps as Docker Compose maps it")
  func restartPolicy() {
    let policies = [("condition: none", "no"), ("condition: on-failure", "on-failure"), ("max_attempts: 2", "always")]
    for (policy, restart) in policies {
      let text =
        "services:\n  w:\n    image: example.com/w\n    userns_mode: auto\n    deploy:\n      restart_policy:\n        \(policy)\n"
      let result = Converter.convert(
        SourceFile(text), kind: .compose, options: ConversionOptions(), rules: [DeployRestartPolicy()])
      #expect(result.outputText == text + "    restart: \(restart)\n", "\(policy)")
    }
  }
}

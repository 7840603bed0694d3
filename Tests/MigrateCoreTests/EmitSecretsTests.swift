import Foundation
import Testing

@testable import MigrateCore

/// No value read from `.env`, an `env_file:` or the environment reaches an emitted file unless it decides
/// structure; literal secrets make their file private. Over `fixtures/emit/secrets/`: a compose file whose
/// `.env` holds `POSTGRES_PASSWORD=hunter2` and `AUTHENTIK_SECRET_KEY`, an `env_file:` service, a variable
/// set only in the environment, and run lines with `--env-file` and a literal password.
@Suite("Emitters keep secrets in their files")
struct EmitSecretsTests {
  static let directory = EmitTests.directory.appendingPathComponent("secrets")
  /// The project's folder in the goldens, so they do not depend on the checkout.
  static let base = "/srv/auth"
  /// The environment `migrate` runs in for these tests (nothing else of the process environment is read).
  static let environment = ["SESSION_SECRET": "env-only-s3ssion-v4lue"]

  /// Every secret value the fixture keeps in a file or the environment: `.env`, `app.env`, `worker.env` and
  /// the environment (the literal passwords written in the inputs themselves may stay, in 0600 files).
  static var envFileSecrets: [String] {
    get throws {
      let dotEnv = try text(".env")
      let values = ComposeInterpolation.dotEnv(dotEnv)
      var secrets = try ["POSTGRES_PASSWORD", "AUTHENTIK_SECRET_KEY", "REDIS_PASSWORD"].map { name in
        try #require(values[name])
      }
      secrets += try [("app.env", "SMTP_PASSWORD"), ("worker.env", "API_TOKEN")].map { file, name in
        try #require(ComposeInterpolation.dotEnv(text(file))[name])
      }
      return secrets + Array(environment.values)
    }
  }

  static func text(_ name: String) throws -> String {
    try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
  }

  static func plan(_ file: String, _ options: ConversionOptions) throws -> ProjectPlan {
    let source = SourceFile(path: file, text: try text(file))
    let kind = try #require(Converter.detectKind(path: file, bytes: source.bytes))
    var plan: ProjectPlan
    if kind == .compose {
      let variables = EmitCommand.composeVariables(
        source, folder: directory.path, environment: { environment[$0] })
      let dotEnv = try #require(variables.dotEnv)
      plan =
        try EmitPlanner.plan(
          source, kind: kind, options: options, folder: base, variables: variables.values,
          dotEnv: DotEnvFile(path: base + "/.env", text: dotEnv.text)
        ).plan
    } else {
      plan = try EmitPlanner.plan(source, kind: kind, options: options).plan
    }
    plan.baseDirectory = base
    return plan
  }

  static func golden(_ name: String, _ text: String) {
    let url = directory.appendingPathComponent("expected").appendingPathComponent(name)
    let check = matchesGolden(text, url)
    #expect(check.ok, "\(check.message)")
  }

  static let unitCases: [EmitTests.UnitCase] = [
    .init(file: "compose.yaml", target: .noble, mode: .usernsAuto, golden: "units-noble.txt"),
    .init(file: "compose.yaml", target: .jammy, mode: .usernsAuto, golden: "units-jammy.txt"),
    .init(file: "runlines.sh", target: .noble, mode: .usernsAuto, golden: "runlines-units-noble.txt"),
    .init(file: "runlines.sh", target: .jammy, mode: .usernsAuto, golden: "runlines-units-jammy.txt"),
  ]

  @Test("units: goldens with EnvironmentFile=, read back, no secret value", arguments: unitCases)
  func units(_ item: EmitTests.UnitCase) throws {
    let options = EmitTests.options(item.target, item.mode)
    let plan = try Self.plan(item.file, options)
    let result = try UnitEmitter.emit(plan, options: options, source: item.file)
    Self.golden(item.golden, EmitCommand.render(result.files) + "\n" + result.install)
    try EmitTests().checkUnits(result, plan: plan, item: item)
    for file in result.files { try expectNoSecret(file.text, file.name) }
    guard item.file == "compose.yaml" else { return }
    let quadlet = options.target.supports(.quadlet)
    let suffix = quadlet ? ".container" : ".service"
    let server = try UnitFile.parse(try #require(result.files.first { $0.name == "auth-server" + suffix }).text)
    let db = try UnitFile.parse(try #require(result.files.first { $0.name == "auth-db" + suffix }).text)
    // systemd reads the project's .env for the unit (so ExecStart can expand it), never the container.
    #expect(server.values("Service", "EnvironmentFile") == [Self.base + "/.env"])
    #expect(db.values("Service", "EnvironmentFile") == [Self.base + "/.env"])
    if quadlet {
      #expect(server.values("Container", "EnvironmentFile") == [Self.base + "/app.env"])
      #expect(
        server.values("Container", "Environment").contains("AUTHENTIK_POSTGRESQL__PASSWORD=${POSTGRES_PASSWORD}"))
      let args = try UnitFile.splitCommandLine(try #require(server.values("Container", "PodmanArgs").first))
      #expect(args.contains("AUTHENTIK_SECRET_KEY"))
      #expect(db.values("Container", "PodmanArgs") == ["--network-alias=db --env POSTGRES_PASSWORD"])
    } else {
      let words = try UnitFile.splitCommandLine(try #require(server.values("Service", "ExecStart").first))
      #expect(words.contains("--env-file") && words.contains(Self.base + "/app.env"))
      #expect(words.contains("AUTHENTIK_POSTGRESQL__PASSWORD=${POSTGRES_PASSWORD}"))
      let dbWords = try UnitFile.splitCommandLine(try #require(db.values("Service", "ExecStart").first))
      #expect(dbWords.contains("POSTGRES_PASSWORD") && !dbWords.contains { $0.hasPrefix("POSTGRES_PASSWORD=") })
    }
    // The variable that came only from migrate's environment is named, not copied.
    let serverText = try #require(result.files.first { $0.name == "auth-server" + suffix }).text
    #expect(serverText.contains("# warning: SESSION_SECRET came from the environment migrate ran in"))
    // Modes: only the unit holding the literal AUTHENTIK_EMAIL__PASSWORD is private.
    for file in result.files {
      #expect(file.mode == (file.name == "auth-server" + suffix ? 0o600 : 0o644), "\(file.name)")
    }
    #expect(result.install.contains("install -m 0600 \("auth-server" + suffix) "))
  }

  @Test("every emitted output of every target is free of the secret values")
  func everyOutput() throws {
    for target in TargetProfile.Name.allCases {
      for mode in [RunMode.usernsAuto, .rootless] {
        let options = EmitTests.options(target, mode)
        for file in ["compose.yaml", "runlines.sh"] {
          let plan = try Self.plan(file, options)
          for unit in try UnitEmitter.emit(plan, options: options, source: file).files {
            try expectNoSecret(unit.text, "\(target) \(mode) \(file) \(unit.name)")
          }
          let script = try PodmanScriptEmitter.emit(plan, options: options, source: file)
          try expectNoSecret(script, "\(target) \(mode) \(file) podman script")
          if file == "runlines.sh" {
            try expectNoSecret(ComposeEmitter.emit(plan, options: options), "\(target) \(mode) compose")
          }
        }
      }
    }
  }

  func expectNoSecret(_ text: String, _ what: String) throws {
    for secret in try Self.envFileSecrets {
      #expect(!text.contains(secret), "\(what) holds a secret value from its file or the environment")
    }
  }

  @Test("the podman script: golden with load_env, -e NAME and --env-file; sh -n and shellcheck")
  func podmanScript() throws {
    let options = EmitTests.options(.jammy)
    let plan = try Self.plan("compose.yaml", options)
    let script = try PodmanScriptEmitter.emit(plan, options: options, source: "compose.yaml")
    Self.golden("podman-script-jammy.sh", script)
    try expectNoSecret(script, "podman script")
    #expect(script.contains("load_env .env POSTGRES_PASSWORD REDIS_PASSWORD AUTHENTIK_SECRET_KEY SESSION_SECRET\n"))
    let document = try ScriptParser.parse(SourceFile(path: "up.sh", text: script), kind: .shell)
    let runs = document.commands.filter { $0.invocation.subcommand == ["run"] }
    let server = try #require(runs.first { $0.invocation.flags(named: "name").first?.value == "auth_server" })
    #expect(server.invocation.flags(named: "env-file").first?.value == "./app.env")
    let env = server.invocation.flags(named: "env").map { $0.valueWord?.rawText ?? $0.value ?? "" }
    #expect(env.contains("AUTHENTIK_SECRET_KEY"))
    #expect(env.contains("'AUTHENTIK_POSTGRESQL__PASSWORD='\"${POSTGRES_PASSWORD}\""))
    try EmitTests().shellChecks(script)
    let runLines = try Self.plan("runlines.sh", options)
    let compose = ComposeEmitter.emit(runLines, options: options, source: "runlines.sh")
    Self.golden("runlines-compose.yaml", compose)
    #expect(compose.contains("env_file:") && compose.contains("./worker.env"))
  }

  /// The script run for real with a stand-in `podman` that records its arguments and the environment it
  /// got: the values arrive when the script runs, from `.env`, with the environment winning over it.
  @Test("the podman script reads .env when it runs, and the environment wins")
  func podmanScriptRuns() throws {
    let options = EmitTests.options(.bookworm)
    let plan = try Self.plan("compose.yaml", options)
    let script = try PodmanScriptEmitter.emit(plan, options: options, source: "compose.yaml")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-script-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("bin"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(script.utf8).write(to: folder.appendingPathComponent("up.sh"))
    try Data((try Self.text(".env")).utf8).write(to: folder.appendingPathComponent(".env"))
    let fake = """
      #!/bin/sh
      [ "$1" = run ] || exit 0
      {
        printf 'ARGS'; printf ' [%s]' "$@"; printf '\\n'
        printf 'ENV POSTGRES_PASSWORD=%s AUTHENTIK_SECRET_KEY=%s\\n' "${POSTGRES_PASSWORD-unset}" "${AUTHENTIK_SECRET_KEY-unset}"
      } >>"$LOG"

      """
    let podman = folder.appendingPathComponent("bin/podman")
    try Data(fake.utf8).write(to: podman)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: podman.path)
    func run(_ extra: [String: String]) throws -> (status: Int32, log: String) {
      let log = folder.appendingPathComponent("log")
      try? FileManager.default.removeItem(at: log)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = [folder.appendingPathComponent("up.sh").path]
      process.environment =
        ["PATH": folder.appendingPathComponent("bin").path + ":/usr/bin:/bin", "LOG": log.path]
        .merging(extra) { $1 }
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
    let (status, fromFile) = try run(Self.environment)
    #expect(status == 0)
    #expect(fromFile.contains("[AUTHENTIK_POSTGRESQL__PASSWORD=hunter2]"))
    #expect(fromFile.contains("[--requirepass] [r3dis-pw-42]"))
    #expect(fromFile.contains("[AUTHENTIK_COOKIE__SECRET=env-only-s3ssion-v4lue]"))
    #expect(fromFile.contains("ENV POSTGRES_PASSWORD=hunter2 AUTHENTIK_SECRET_KEY=k3y-Ex4mple-0f-aUth3nt1k-s3cret"))
    let overridden = try run(Self.environment.merging(["POSTGRES_PASSWORD": "from-env"]) { $1 }).log
    #expect(overridden.contains("[AUTHENTIK_POSTGRESQL__PASSWORD=from-env]"))
    #expect(!overridden.contains("hunter2"))
    // A variable set nowhere stops the script (set -u) instead of starting a container without it.
    let unset = try run([:])
    #expect(unset.status != 0)
    #expect(!unset.log.contains("auth_server"))
  }

  @Test("-o DIR writes 0600 for a file holding a literal secret and 0644 otherwise, even over older files")
  func modes() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-modes-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["compose.yaml", ".env", "app.env"] {
      try FileManager.default.copyItem(
        at: Self.directory.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    let out = folder.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    // Left by an earlier run: a public file that will now hold a secret, a private one that will not.
    try Data("old".utf8).write(to: out.appendingPathComponent("auth-server.service"))
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o644], ofItemAtPath: out.appendingPathComponent("auth-server.service").path)
    try Data("old".utf8).write(to: out.appendingPathComponent("auth-db.service"))
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o600], ofItemAtPath: out.appendingPathComponent("auth-db.service").path)
    let request = EmitRequest(
      target: .units, path: folder.appendingPathComponent("compose.yaml").path, kind: nil,
      options: EmitTests.options(.jammy), outputDirectory: out.path)
    let outcome = EmitCommand.run(
      request, environment: CommandEnvironment(stdoutIsTerminal: false, stderrIsTerminal: false, noColor: true))
    let stderr = String(decoding: outcome.stderr, as: UTF8.self)
    #expect(outcome.exitCode == 0, "\(stderr)")
    func mode(_ name: String) throws -> Int {
      let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)
      return try #require(attributes[.posixPermissions] as? Int)
    }
    #expect(try mode("auth-server.service") == 0o600)
    #expect(try mode("auth-db.service") == 0o644)
    #expect(try mode("auth-redis.service") == 0o644)
    #expect(stderr.contains("wrote \(out.path)/auth-server.service (mode 0600)"))
    #expect(
      stderr.contains(
        "migrate: warning: \(out.path)/auth-server.service (written mode 0600) holds the value of AUTHENTIK_EMAIL__PASSWORD"
      ))
    #expect(stderr.contains("podman secret create"))
    let server = try String(contentsOf: out.appendingPathComponent("auth-server.service"), encoding: .utf8)
    #expect(server.contains("EnvironmentFile=\(folder.path)/.env"))
    #expect(!server.contains("hunter2"))
  }

  @Test("anchors, aliases and merge keys do not carry a value into the container's settings")
  func aliases() throws {
    let text = """
      x-env: &env
        DB_PASSWORD: ${DB_PASSWORD}
      x-more: &more
        API_TOKEN: ${API_TOKEN}
      services:
        a:
          image: busybox:${TAG}
          environment: *env
        b:
          image: busybox
          environment:
            <<: *more
            MODE: ${MODE:-prod}
          command: ["run", "--token=${API_TOKEN}"]
          labels:
            auth: "${DB_PASSWORD}"

      """
    let variables = ["DB_PASSWORD": "pw-value-1", "API_TOKEN": "tok-value-2", "TAG": "1.36"]
    let options = EmitTests.options(.noble)
    let plan = try EmitPlanner.plan(
      SourceFile(path: "/srv/x/compose.yaml", text: text), kind: .compose, options: options, variables: variables,
      dotEnv: DotEnvFile(path: "/srv/x/.env", text: "DB_PASSWORD=pw-value-1\nAPI_TOKEN=tok-value-2\nTAG=1.36\n")
    ).plan
    #expect(plan.containers[0].imageText == "docker.io/library/busybox:1.36")
    #expect(plan.containers[0].environment.map(\.text) == ["DB_PASSWORD"])
    #expect(Set(plan.containers[1].environment.map(\.text)) == ["API_TOKEN", "MODE=prod"])
    let outputs =
      try UnitEmitter.emit(plan, options: options, source: "compose.yaml").files.map(\.text)
      + [try PodmanScriptEmitter.emit(plan, options: options, source: "compose.yaml")]
    for output in outputs {
      #expect(!output.contains("pw-value-1") && !output.contains("tok-value-2"))
    }
    let b = try UnitFile.parse(try #require(outputs.first { $0.contains("ContainerName=x_b") }))
    #expect(b.values("Container", "Exec") == ["run --token=${API_TOKEN}"])
    #expect(b.values("Container", "Label") == ["auth=${DB_PASSWORD}"])
    #expect(b.values("Service", "EnvironmentFile") == ["/srv/x/.env"])
  }

  @Test(
    "references are written as the shell expands them",
    arguments: ["plain", "it's \"q\" $HOME `x` \\", "", "a b", "${NOT_A_REF}", "100%"])
  func shellWords(_ literal: String) throws {
    let word = VariableReference.shellWord(literal + VariableReference.marker("REF") + literal)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "printf '%s' \(word)"]
    process.environment = ["REF": "v a$l'ue"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(String(decoding: data, as: UTF8.self) == literal + "v a$l'ue" + literal)
  }

  @Test("operators are decided from whether a variable is set, never copying its value")
  func operators() {
    var notes: [String] = []
    let set = ["S": "secret-v", "E": ""]
    func value(_ text: String) -> String {
      VariableReference.systemd(EmitPlanner.containerValue(text, set, &notes, "x"))
    }
    #expect(value("${S}") == "${S}")
    #expect(value("$S/x") == "${S}/x")
    #expect(value("${S:-d}") == "${S}")
    #expect(value("${U:-d}") == "d")
    #expect(value("${E:-d}") == "d")
    #expect(value("${E-d}") == "${E}")
    #expect(value("${S:+alt}") == "alt")
    #expect(value("${U:+alt}") == "")
    #expect(value("${S:?need it}") == "${S}")
    #expect(value("${U:-${S}}") == "${S}")
    #expect(value("$$S") == "$S")
    #expect(notes.isEmpty)
    #expect(value("$(cat /run/secret)") == "$(cat /run/secret)")
    #expect(notes.count == 1)
    // Input cannot forge a reference with the marker scalars.
    #expect(VariableReference.names(in: EmitPlanner.containerValue("\u{E000}S\u{E001}", set, &notes, "x")).isEmpty)
  }

  @Test("literal secrets in environment values and command options; references and pointers are not")
  func literalSecrets() {
    func values(_ texts: [String]) -> [SourceValue] {
      texts.map { SourceValue(text: $0, range: ByteRange(0, 0), valueRange: nil, context: .opaque) }
    }
    var plan = Container(origin: .runCommand, anchorRange: ByteRange(0, 0), name: "c")
    plan.environment = values([
      "DB_PASSWORD=x", "API_TOKEN=" + VariableReference.marker("T"), "TZ=UTC", "EMPTY_SECRET=", "BARE_TOKEN",
      "POSTGRES_PASSWORD_FILE=/run/secrets/pw",
    ])
    plan.command = .list(
      values(["redis-server", "--requirepass", "literal", "--appendonly", "yes", "--token=abc", "--auth", "-v"]))
    #expect(plan.literalSecretKeys == ["DB_PASSWORD", "--requirepass", "--token"])
    plan.command = .list(values(["redis-server", "--requirepass", VariableReference.marker("REDIS_PASSWORD")]))
    #expect(plan.literalSecretKeys == ["DB_PASSWORD"])
  }

  @Test("secret-looking names")
  func secretNames() {
    for name in [
      "POSTGRES_PASSWORD", "AUTHENTIK_SECRET_KEY", "API_TOKEN", "DBPASSWORD", "aws_secret_access_key", "OAUTH",
      "SMTP_PASS", "PRIVATE_KEY", "GITHUB_CREDENTIALS", "SENTRY_DSN",
    ] {
      #expect(SecretName.looksSecret(name), "\(name)")
    }
    for name in ["POSTGRES_USER", "TZ", "LOG_LEVEL", "POSTGRES_PASSWORD_FILE", "QUEUE", "CACHE_HOST", "KEYCLOAK_URL"] {
      #expect(!SecretName.looksSecret(name), "\(name)")
    }
  }

  @Test("systemd's EnvironmentFile= syntax, and where it differs from Compose's .env")
  func environmentFileSyntax() throws {
    let text = """
      # comment
      ; also a comment
      PLAIN=value
        SPACED  =  two words  
      SINGLE='a "b" \\n $c'
      DOUBLE="x \\"y\\" \\\\ \\$z \\n"
      ESCAPED=a\\ b\\\\c
      TRAILING=value # not a comment for systemd
      export EXPORTED=1
      MULTI="line one
      line two"
      CRLF=v\r
      EMPTY=
      """
    let systemd = EnvironmentFileSyntax.systemd(text)
    #expect(systemd["PLAIN"] == "value")
    #expect(systemd["SPACED"] == "two words")
    #expect(systemd["SINGLE"] == "a \"b\" \\n $c")
    #expect(systemd["DOUBLE"] == "x \"y\" \\ $z \\n")
    #expect(systemd["ESCAPED"] == "a b\\c")
    #expect(systemd["TRAILING"] == "value # not a comment for systemd")
    #expect(systemd["EXPORTED"] == nil)
    #expect(systemd["MULTI"] == "line one\nline two")
    #expect(systemd["CRLF"] == "v")
    #expect(systemd["EMPTY"] == "")
    // The planner warns about exactly the variables whose line the two read differently.
    let compose =
      "services:\n  a:\n    image: busybox\n    environment:\n"
      + ["PLAIN", "SINGLE", "TRAILING", "EXPORTED", "SPACED"].map { "      - X_\($0)=${\($0)}\n" }.joined()
    let plan = try EmitPlanner.plan(
      SourceFile(path: "/srv/y/compose.yaml", text: compose), kind: .compose, options: EmitTests.options(.jammy),
      variables: ComposeInterpolation.dotEnv(text), dotEnv: DotEnvFile(path: "/srv/y/.env", text: text)
    ).plan
    #expect(plan.variableSources.readDifferentlyBySystemd == ["TRAILING", "EXPORTED"])
    let unit = try #require(
      try UnitEmitter.emit(plan, options: EmitTests.options(.jammy), source: "compose.yaml").files.first)
    #expect(unit.text.contains("# warning: systemd reads the .env line of TRAILING differently from Compose"))
    #expect(!unit.text.contains("line of PLAIN"))
    #expect(!unit.text.contains("which podman itself reads"))
    // A .env that also sets what podman reads for itself is named, since the unit hands podman the file.
    let withHome = text + "\nHOME=/tmp/elsewhere\nXDG_RUNTIME_DIR=/tmp/x\n"
    let homePlan = try EmitPlanner.plan(
      SourceFile(path: "/srv/y/compose.yaml", text: compose), kind: .compose, options: EmitTests.options(.jammy),
      variables: ComposeInterpolation.dotEnv(withHome), dotEnv: DotEnvFile(path: "/srv/y/.env", text: withHome)
    ).plan
    #expect(homePlan.variableSources.readByPodman == ["HOME", "XDG_RUNTIME_DIR"])
    let homeUnit = try #require(
      try UnitEmitter.emit(homePlan, options: EmitTests.options(.jammy), source: "compose.yaml").files.first)
    #expect(homeUnit.text.contains("# warning: .env also sets HOME, XDG_RUNTIME_DIR, which podman itself reads"))
  }
}

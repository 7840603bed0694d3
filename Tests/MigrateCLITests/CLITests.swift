import Foundation
import Testing

/// Runs the built `migrate` binary on temporary copies of fixtures: stdout, stderr, exit code, files.
@Suite("migrate CLI", .serialized)
struct CLITests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let fixtures = root.appendingPathComponent("fixtures")

  static var binary: URL {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("migrate")
    if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
    return root.appendingPathComponent(".build/debug/migrate")
  }

  struct Run {
    var stdout: String
    var stderr: String
    var status: Int32
  }

  /// Runs `migrate` with `arguments`, optional standard input, in `directory`; kills it after `timeout` seconds
  /// so a hang fails the test instead of the suite.
  func migrate(
    _ arguments: [String], stdin: String? = nil, in directory: URL? = nil, environment: [String: String] = [:],
    timeout: TimeInterval = 30, executable: URL? = nil
  )
    throws -> Run
  {
    let process = Process()
    process.executableURL = executable ?? Self.binary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "NO_COLOR")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    // Output goes to files, not pipes: no reader threads, and a large output cannot block the child.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("out")
    let errURL = scratch.appendingPathComponent("err")
    let inURL = scratch.appendingPathComponent("in")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    process.standardInput = try FileHandle(forReadingFrom: inURL)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    return Run(
      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
      status: process.terminationStatus)
  }

  /// A fresh temporary folder holding a copy of `fixture`.
  func temporaryCopy(_ fixture: String, name: String = "compose.yml") throws -> (URL, URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent(name)
    try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(fixture), to: file)
    return (directory, file)
  }

  func golden(_ actual: String, _ name: String) {
    let url = Self.fixtures.appendingPathComponent("cli").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["MIGRATE_RECORD"] == "1" {
      try? Data(actual.utf8).write(to: url)
      Issue.record("Recorded new golden \(name); review it and run again without MIGRATE_RECORD")
      return
    }
    let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing golden \(name)>"
    #expect(actual == expected, "golden \(name) differs")
  }

  @Test(
    "help texts read well and stay stable",
    arguments: [
      (["--help"], "help.txt"), (["convert", "--help"], "convert-help.txt"),
      (["explain", "--help"], "explain-help.txt"), (["units", "--help"], "units-help.txt"),
    ])
  func help(arguments: [String], golden: String) throws {
    let run = try migrate(arguments, environment: ["COLUMNS": "100"])
    #expect(run.status == 0)
    self.golden(run.stdout, golden)
  }

  @Test("units and convert --to: files on stdout or in -o DIR, cycles and misuse exit 2")
  func emitters() throws {
    let line = "docker run -d --name web -p 80:80 --restart unless-stopped nginx"
    let units = try migrate(["units", "--target", "jammy", "--install", "--command", line])
    #expect(units.status == 0)
    #expect(units.stdout.hasPrefix("# file: web.service\n"))
    #expect(units.stdout.contains("--userns=auto"))
    #expect(units.stdout.contains("systemctl enable --now web.service"))
    let quadlet = try migrate(["units", "--target", "noble", "--command", line])
    #expect(quadlet.stdout.contains("# file: web.container\n") && quadlet.stdout.contains("UserNS=auto"))
    let compose = try migrate(["convert", "--to", "compose", "--command", line])
    #expect(compose.status == 0)
    #expect(compose.stdout.contains("userns_mode: auto") && compose.stdout.contains("restart: always"))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let cycle =
      "services:\n  a:\n    image: busybox\n    depends_on: [b]\n  b:\n    image: busybox\n    depends_on: [a]\n"
    try Data(cycle.utf8).write(to: directory.appendingPathComponent("compose.yaml"))
    let failed = try migrate(["convert", "--to", "podman-script", "compose.yaml"], in: directory)
    #expect(failed.status == 2)
    #expect(failed.stderr.contains("depends_on cycle"))
    try Data("services:\n  a:\n    image: busybox\n".utf8).write(to: directory.appendingPathComponent("compose.yaml"))
    let written = try migrate(["units", "-o", "out", "."], in: directory)
    #expect(written.status == 0)
    #expect(
      FileManager.default.fileExists(
        atPath: directory.appendingPathComponent("out/\(directory.lastPathComponent.lowercased())-a.service").path))
    let misuse = try migrate(["convert", "--to", "compose", "--write", "compose.yaml"], in: directory)
    #expect(misuse.status == 2)
  }

  @Test("units -o and --to podman-script: no value from .env, env_file or the environment; modes 0600/0644")
  func emittedSecrets() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in ["compose.yaml", ".env", "app.env"] {
      try FileManager.default.copyItem(
        at: Self.fixtures.appendingPathComponent("emit/secrets/\(name)"), to: directory.appendingPathComponent(name))
    }
    let environment = ["SESSION_SECRET": "env-only-s3ssion-v4lue"]
    let secrets =
      ["hunter2", "k3y-Ex4mple-0f-aUth3nt1k-s3cret", "r3dis-pw-42", "smtp-pass-from-env-file"]
      + environment.values
    for target in ["noble", "jammy"] {
      let out = "out-\(target)"
      let units = try migrate(
        ["units", "--target", target, "--install", "-o", out, "."], in: directory, environment: environment)
      #expect(units.status == 0, "\(units.stderr)")
      #expect(units.stderr.contains("(written mode 0600) holds the value of AUTHENTIK_EMAIL__PASSWORD"))
      #expect(units.stdout.contains("install -m 0600 auth-server."))
      let folder = directory.appendingPathComponent(out)
      let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
      #expect(names.count >= 3)
      for name in names {
        let path = folder.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for secret in secrets { #expect(!text.contains(secret), "\(target) \(name) holds a secret value") }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == (name.hasPrefix("auth-server.") ? 0o600 : 0o644), "\(name)")
      }
      let server = try String(
        contentsOfFile: folder.appendingPathComponent(
          target == "noble" ? "auth-server.container" : "auth-server.service"
        )
        .path, encoding: .utf8)
      #expect(server.contains("EnvironmentFile=\(directory.path)/.env\n"))
    }
    let script = try migrate(
      ["convert", "--to", "podman-script", "compose.yaml"], in: directory, environment: environment)
    #expect(script.status == 0)
    for secret in secrets { #expect(!script.stdout.contains(secret)) }
    #expect(script.stdout.contains("    -e POSTGRES_PASSWORD \\\n") && script.stdout.contains("--env-file ./app.env"))
    #expect(script.stderr.contains("auth.sh on standard output (with -o DIR it is written mode 0600)"))
  }

  @Test("convert prints the converted file on stdout and findings on stderr")
  func convert() throws {
    let (directory, file) = try temporaryCopy("cases/deriver/input.yml")
    let run = try migrate(["convert", file.lastPathComponent], in: directory)
    #expect(run.status == 0)
    let expected = try String(
      contentsOf: Self.fixtures.appendingPathComponent("cases/deriver/expected/stdout.txt"), encoding: .utf8)
    #expect(run.stdout == expected)
    #expect(run.stderr.contains("compose.yml:7:9: warning: [MG102] "))
    #expect(
      run.stderr.hasSuffix(
        "compose.yml: 4 findings (4 fixed, 0 remaining)\n"
          + "compose.yml: summary: 2 errors, 2 warnings, 0 info; by rule: MG101 ×1, MG102 ×1, MG103 ×1, MG202 ×1\n"))
  }

  @Test("- reads standard input")
  func standardInput() throws {
    let run = try migrate(["convert", "-"], stdin: "services:\n  a:\n    image: redis\n")
    #expect(run.status == 0)
    #expect(
      run.stdout
        == "services:\n  a:\n    image: docker.io/library/redis\n    userns_mode: auto\n\nx-podman:\n  in_pod: false\n")
    #expect(run.stderr.contains("<stdin>:2:3: warning: [MG101]"))
  }

  @Test("--dry-run prints a plain unified diff and writes nothing")
  func dryRun() throws {
    let (directory, file) = try temporaryCopy("cases/flow-style/input.yml")
    let before = try Data(contentsOf: file)
    let run = try migrate(["convert", "--dry-run", "compose.yml"], in: directory)
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("--- a/compose.yml\n+++ b/compose.yml\n@@ -1,7 +1,11 @@\n"))
    #expect(!run.stdout.contains("\u{1B}["))
    #expect(try Data(contentsOf: file) == before)
  }

  @Test("--write rewrites in place keeping the mode; --check then passes")
  func write() throws {
    let (directory, file) = try temporaryCopy("cases/crlf/input.yml")
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
    let check = try migrate(["convert", "--check", "--dry-run", "compose.yml"], in: directory)
    #expect(check.status == 1)
    let run = try migrate(["convert", "--write", "compose.yml"], in: directory)
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty)
    let written = try Data(contentsOf: file)
    let expected = try Data(contentsOf: Self.fixtures.appendingPathComponent("cases/crlf/expected/stdout.txt"))
    #expect(written == expected)
    let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
    #expect((attributes[.posixPermissions] as? Int) == 0o640)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "compose.yml" }
    #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    let again = try migrate(["convert", "--check", "--write", "compose.yml"], in: directory)
    #expect(again.status == 0)
    #expect(try Data(contentsOf: file) == expected)
  }

  @Test(
    "bad input: a located error, exit 2, and --write leaves the file untouched",
    arguments: [
      "invalid-yaml.yml", "scalar-services.yml", "scalar-volumes.yml", "binary.yml", "empty.yml", "alias-bomb.yml",
      "latin1.yml", "two-documents.yml",
    ])
  func badInput(fixture: String) throws {
    let (directory, file) = try temporaryCopy("malformed/\(fixture)")
    let before = try Data(contentsOf: file)
    let run = try migrate(["convert", "--write", "compose.yml"], in: directory)
    #expect(run.status == 2)
    let firstLine = run.stderr.split(separator: "\n").first.map(String.init) ?? ""
    #expect(
      firstLine.range(of: #"^compose\.yml:\d+:\d+: error: (yaml|compose): "#, options: .regularExpression) != nil,
      "\(run.stderr)")
    #expect(run.stderr.contains("^"))
    #expect(run.stdout.isEmpty)
    #expect(try Data(contentsOf: file) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["compose.yml"])
  }

  @Test("usage errors exit 2")
  func usage() throws {
    #expect(try migrate(["convert"]).status == 2)
    #expect(try migrate(["convert", "--write", "-"]).status == 2)
    #expect(try migrate(["convert", "--mode", "sideways", "x.yml"]).status == 2)
    #expect(try migrate(["explain", "MG999"]).status == 2)
    let missing = try migrate(["convert", "/nonexistent/compose.yml"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("/nonexistent/compose.yml: No such file or directory"))
  }

  @Test("settings: .migrate.yml < MIGRATE_* < flags; a bad config is a located usage error")
  func settings() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-cfg-\(UUID().uuidString)")
    let nested = directory.appendingPathComponent("deploy")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent(".migrate.yml")
    try Data("target: noble\nignore: [short-image-name]\nseverity: {MG105: error}\n".utf8).write(to: config)
    let file = nested.appendingPathComponent("compose.yml")
    try Data(
      "services:\n  web:\n    image: nginx\n    restart: unless-stopped\n    extra_hosts: [\"h:host-gateway\"]\n".utf8
    )
    .write(to: file)
    // The config is found two folders up: noble has host-gateway (no MG122), MG103 is off, MG105 is an error.
    var run = try migrate(["convert", file.path])
    #expect(run.status == 0)
    #expect(run.stdout.contains("image: nginx\n"))
    #expect(!run.stderr.contains("MG103") && !run.stderr.contains("MG122"))
    #expect(run.stderr.contains("error: [MG105]"))
    // The environment overrides the config, flags override the environment.
    run = try migrate(["convert", file.path], environment: ["MIGRATE_TARGET": "focal"])
    #expect(run.stderr.contains("[MG122]"))
    run = try migrate(["convert", "--podman-version", "4.7", file.path], environment: ["MIGRATE_TARGET": "focal"])
    #expect(!run.stderr.contains("[MG122]"))
    run = try migrate(["convert", "--no-config", file.path])
    #expect(run.stderr.contains("[MG103]") && run.stderr.contains("warning: [MG105]"))
    run = try migrate(["convert", "--select", "MG105", "--fail-on", "error", file.path])
    #expect(run.status == 0, "MG105 is fixed, so nothing at error level remains")
    #expect(
      run.stderr.split(separator: "\n").filter { $0.contains(": error: [") || $0.contains(": warning: [") }.count == 1)
    // Errors: a bad config value, a bad variable, an unknown rule flag.
    try Data("mode: root\n".utf8).write(to: config)
    run = try migrate(["convert", file.path])
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix("migrate: \(config.path):1:7: error: config: `root` is not one of userns-auto, rootless"))
    run = try migrate(["convert", "--no-config", file.path], environment: ["MIGRATE_FAIL_ON": "fatal"])
    #expect(run.status == 2 && run.stderr.contains("MIGRATE_FAIL_ON=fatal"))
    #expect(try migrate(["convert", "--no-config", "--ignore", "MG1,MG999", file.path]).status == 2)
    #expect(try migrate(["convert", "--podman-version", "four", file.path]).status == 2)
  }

  @Test("the shared option groups check their flags the same way in every command")
  func optionGroups() throws {
    for arguments in [
      ["convert"], ["units"], ["convert", "x.yml", "--command", "docker ps"], ["units", "x", "--command", "y"],
    ] {
      let run = try migrate(arguments)
      #expect(run.status == 2, "\(arguments)")
      #expect(run.stderr.contains("Give a file or --command, not both or neither."), "\(arguments)")
    }
    for arguments in [["convert", "--write-read-only", "x.yml"], ["batch", "--write-read-only", "."]] {
      let run = try migrate(arguments)
      #expect(run.status != 0)
      #expect(run.stderr.contains("--write-read-only goes with --write."), "\(arguments)")
    }
    let line = try migrate(["convert", "--command", "docker run -d nginx:1.27"])
    #expect(line.status == 0)
    #expect(line.stdout == "podman run --userns=auto -d docker.io/library/nginx:1.27\n")
    #expect(line.stderr.contains("<command>:1:"))
    #expect(!line.stderr.contains("pasted"))
    // Pasted from a terminal: the prompt goes, the output line is left out, and a note says so.
    let pasted = try migrate(["convert", "--command", "$ docker run -d nginx:1.27\n3f2a9c0d1e7b"])
    #expect(pasted.status == 0)
    #expect(pasted.stdout == "podman run --userns=auto -d docker.io/library/nginx:1.27\n")
    #expect(
      pasted.stderr.contains(
        "migrate: <command>: read as pasted text: removed 1 prompt, left out 1 output line of the transcript\n"))
    let units = try migrate(["units", "--command", "docker service create --replicas 2 --name web nginx:1.27"])
    #expect(units.status == 0)
    #expect(units.stderr.contains("migrate: --command: read `docker service create` as `docker run -d`"))
  }

  @Test("one failure path: an unreadable folder or config is `migrate: PATH: problem`, exit status 2")
  func failures() throws {
    let prereqs = try migrate(["prereqs", "/nonexistent-migrate-dir"])
    #expect(prereqs.status == 2)
    #expect(prereqs.stderr == "migrate: /nonexistent-migrate-dir: No such file or directory\n")
    let config = try migrate(["convert", "--config", "/nonexistent-migrate.yml", "--command", "docker ps"])
    #expect(config.status == 2)
    #expect(config.stderr == "migrate: /nonexistent-migrate.yml: config file not found\n")
  }

  @Test("rules lists every rule, one line each starting with its ID")
  func rules() throws {
    let run = try migrate(["rules"])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count >= 11)
    #expect(lines.allSatisfy { $0.hasPrefix("MG") })
    let explain = try migrate(["explain", "writable-bind-mount"])
    #expect(explain.stdout.hasPrefix("MG102 writable-bind-mount\n"))
    #expect(explain.stdout.contains("\nSource: Sources/MigrateCore/Rules/Container/WritableBindMount.swift\n"))
  }
}

/// Scripts, Makefiles, units and CI files through the binary.
@Suite("migrate CLI: scripts", .serialized)
struct ScriptCLITests {
  let cli = CLITests()

  func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> (URL, URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-cli-\(UUID().uuidString)")
    let file = directory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: file)
    return (directory, file)
  }

  @Test("--command rewrites one line")
  func command() throws {
    let run = try cli.migrate([
      "convert", "--command", "docker run -d -p 80:80 -v ./data:/data --restart unless-stopped nginx",
    ])
    #expect(run.status == 0)
    #expect(
      run.stdout == "podman run --userns=auto -d -p 80:80 -v ./data:/data:U --restart always docker.io/library/nginx\n")
    #expect(run.stderr.contains("<command>:1:1: warning: [MG101]"))
  }

  @Test(
    "the kind is told by name, extension, shebang and content",
    arguments: [
      ("deploy.sh", "docker ps\n", "podman ps\n"),
      ("deploy", "#!/usr/bin/env bash\ndocker ps\n", "#!/usr/bin/env bash\npodman ps\n"),
      ("Makefile", "ps:\n\tdocker ps\n", "ps:\n\tpodman ps\n"),
      ("app.service", "[Service]\nExecStart=/usr/bin/docker ps\n", "[Service]\nExecStart=/usr/bin/podman ps\n"),
      (".gitlab-ci.yml", "job:\n  script:\n    - docker ps\n", "job:\n  script:\n    - podman ps\n"),
      (
        ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    steps:\n      - run: docker ps\n",
        "on: push\njobs:\n  a:\n    steps:\n      - run: podman ps\n"
      ),
    ])
  func detection(name: String, input: String, expected: String) throws {
    let (directory, _) = try temporaryFile(name, Array(input.utf8))
    let run = try cli.migrate(["convert", name], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == expected)
  }

  @Test("--kind overrides detection; unknown kinds are a usage error")
  func kindFlag() throws {
    let (directory, _) = try temporaryFile("steps.txt", Array("docker ps\n".utf8))
    #expect(try cli.migrate(["convert", "steps.txt"], in: directory).status == 2)
    let run = try cli.migrate(["convert", "--kind", "shell", "steps.txt"], in: directory)
    #expect(run.stdout == "podman ps\n")
  }

  @Test("hostile scripts: NUL bytes are a clean error and nothing is written")
  func nul() throws {
    let bytes = Array("#!/bin/sh\ndocker run busybox\n".utf8) + [0, 1, 2] + Array("\n".utf8)
    let (directory, file) = try temporaryFile("x.sh", bytes)
    let run = try cli.migrate(["convert", "--write", "x.sh"], in: directory)
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("x.sh:3:1: error: input: binary file"))
    #expect(try Data(contentsOf: file) == Data(bytes))
  }

  @Test("hostile scripts: an unterminated quote is a finding; the rest is converted")
  func unterminated() throws {
    let text = "docker run -d redis\ndocker run -e \"A=1 busybox\n"
    let (directory, file) = try temporaryFile("x.sh", Array(text.utf8))
    let run = try cli.migrate(["convert", "--write", "x.sh"], in: directory)
    #expect(run.status == 0)
    #expect(run.stderr.contains("x.sh:2:15: warning: [MG301] Cannot read the shell text: unterminated double quote"))
    #expect(
      try String(contentsOf: file, encoding: .utf8)
        == "podman run --userns=auto -d docker.io/library/redis\ndocker run -e \"A=1 busybox\n")
  }

  @Test("hostile scripts: invalid UTF-8 converts; a 10 MB one-line script stops at the word limit, said and not fixed")
  func largeAndInvalid() throws {
    let invalid = Array("docker run caf".utf8) + [0xE9, 0x20, 0xFF] + Array("\ndocker ps\n".utf8)
    let (directory, _) = try temporaryFile("bad.sh", invalid)
    let run = try cli.migrate(["convert", "bad.sh"], in: directory)
    #expect(run.status == 0)
    #expect(run.stdout.hasSuffix("podman ps\n"))
    let chunk = Array("echo \"a b\" $x 'c' ; ".utf8)
    var big = Array("#!/bin/sh\n".utf8)
    while big.count < 10 * 1024 * 1024 { big += chunk }
    big += Array("\ndocker ps\n".utf8)
    let (bigDirectory, _) = try temporaryFile("big.sh", big)
    let bigRun = try cli.migrate(["convert", "--check", "--dry-run", "big.sh"], in: bigDirectory)
    #expect(bigRun.status == 1)
    // Two million words: past the reader's limit the text is not read, so the last command is not
    // converted, and the finding says where and why.
    #expect(!bigRun.stdout.contains("+podman ps\n"))
    #expect(bigRun.stderr.contains("big.sh:2:1: warning: [MG301] Cannot read the shell text: more than 500000 words"))
  }
}

/// `migrate batch` on a copy of `fixtures/batch-repo`.
@Suite("migrate CLI: batch", .serialized)
struct BatchCLITests {
  let cli = CLITests()

  /// A copy of the fixture repository (symbolic links kept as links) in a fresh folder.
  func repository() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-batch-\(UUID().uuidString)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/cp")
    process.arguments = ["-a", CLITests.fixtures.appendingPathComponent("batch-repo").path, directory.path]
    try process.run()
    process.waitUntilExit()
    return directory
  }

  /// Every file under `directory` (links not followed) with its bytes.
  func snapshot(_ directory: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory.path)
    while let path = enumerator?.nextObject() as? String {
      let url = directory.appendingPathComponent(path)
      let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
      if attributes[.type] as? FileAttributeType == .typeRegular { files[path] = try Data(contentsOf: url) }
    }
    return files
  }

  @Test("dry run writes nothing; --write changes exactly what it showed; the second run is clean")
  func dryRunThenWrite() throws {
    let repo = try repository()
    let before = try snapshot(repo)
    let dry = try cli.migrate(["batch", "--check"], in: repo)
    #expect(dry.status == 1)
    #expect(try snapshot(repo) == before)
    #expect(dry.stderr.contains("broken/docker-compose.yml:4:4: error: yaml: did not find expected key"))
    #expect(dry.stderr.contains("outside-link: skipped: symbolic link"))
    #expect(dry.stderr.contains("10 files scanned, 6 use docker, 5 would change, 1 could not be parsed"))
    let shown = Set(dry.stdout.split(separator: "\n").filter { $0.hasPrefix("+++ b/") }.map { String($0.dropFirst(6)) })
    #expect(
      shown == ["compose.yml", "deploy/deploy.sh", "Makefile", "systemd/deriver.service", ".github/workflows/ci.yml"])

    let write = try cli.migrate(["batch", "--write"], in: repo)
    #expect(write.status == 0)
    #expect(write.stdout == dry.stdout, "--write did not apply the same diffs")
    let after = try snapshot(repo)
    // Each file converted alone, at the same path of an untouched copy (names such as a script's network
    // come from the path).
    let pristine = try repository()
    for (path, data) in before {
      if shown.contains(path) {
        #expect(after[path] != data, "\(path) was not written")
        let expected = try cli.migrate(["convert", path, "--kind", kind(path)], in: pristine)
        #expect(after[path] == Data(expected.stdout.utf8), "\(path) differs from its conversion")
      } else {
        #expect(after[path] == data, "\(path) changed but was not in the dry run")
      }
    }
    let linkTarget = try FileManager.default.destinationOfSymbolicLink(
      atPath: repo.appendingPathComponent("outside-link").path)
    #expect(linkTarget == "/etc/passwd")
    let mode =
      try FileManager.default.attributesOfItem(atPath: repo.appendingPathComponent("deploy/deploy.sh").path)[
        .posixPermissions] as? Int
    #expect(mode == 0o755)

    let again = try cli.migrate(["batch", "--check"], in: repo)
    #expect(again.status == 0)
    #expect(again.stdout.isEmpty)
    #expect(again.stderr.contains("0 would change"))
  }

  func kind(_ path: String) -> String {
    switch path {
    case "compose.yml": return "compose"
    case "Makefile": return "makefile"
    case "systemd/deriver.service": return "systemd"
    case ".github/workflows/ci.yml": return "github-actions"
    default: return "shell"
    }
  }

  @Test("include, exclude and shards select files; shards split the files without overlap")
  func selection() throws {
    let repo = try repository()
    let only = try cli.migrate(["batch", "--include", "*.sh"], in: repo)
    #expect(only.stderr.contains("1 files scanned"))
    let excluded = try cli.migrate(["batch", "--exclude", "deploy/*", "--exclude", "broken/*"], in: repo)
    #expect(excluded.stderr.contains("8 files scanned"))
    var total = 0
    for index in 1...3 {
      let shard = try cli.migrate(["batch", "--shard", "\(index)/3"], in: repo)
      if let match = shard.stderr.firstMatch(of: /(\d+) files scanned/), let count = Int(match.1) { total += count }
    }
    #expect(total == 10)
    #expect(try cli.migrate(["batch", "--shard", "4/3"], in: repo).status == 2)
  }

  @Test("killed at random points, --write leaves every file whole: the original or the new version")
  func killed() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-kill-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let original =
      "services:\n"
      + (0..<40).map { "  s\($0):\n    image: nginx:1.\($0)\n    volumes:\n      - ./d\($0):/d\n" }.joined()
    let converted = try cli.migrate(["convert", "-"], stdin: original).stdout
    #expect(converted != original)
    for index in 0..<300 {
      try Data(original.utf8).write(to: directory.appendingPathComponent("compose-\(index).yml"))
    }
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<6 {
      let process = Process()
      process.executableURL = CLITests.binary
      process.arguments = ["batch", "--write", "--jobs", "2", directory.path]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32.random(in: 5_000...150_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      for index in 0..<300 {
        let text = try String(contentsOf: directory.appendingPathComponent("compose-\(index).yml"), encoding: .utf8)
        #expect(text == original || text == converted, "compose-\(index).yml is partial")
      }
    }
  }
}

extension CLITests {
  @Test("batch --help reads well and stays stable")
  func batchHelp() throws {
    let run = try migrate(["batch", "--help"], environment: ["COLUMNS": "100"])
    #expect(run.status == 0)
    golden(run.stdout, "batch-help.txt")
  }
}

extension CLITests {
  @Test("--fail-on exits 1 only when an unfixed finding at that level remains")
  func failOn() throws {
    let (directory, _) = try temporaryCopy("cases/rootless/input.yml")
    #expect(try migrate(["convert", "--mode", "rootless", "compose.yml"], in: directory).status == 0)
    #expect(
      try migrate(["convert", "--mode", "rootless", "--fail-on", "error", "compose.yml"], in: directory).status == 1)
    let (clean, _) = try temporaryCopy("cases/deriver/input.yml")
    #expect(try migrate(["convert", "--fail-on", "warning", "compose.yml"], in: clean).status == 0)
  }
}

extension CLITests {
  /// A compose service and a run line that mount the Docker socket (traefik, watchtower).
  static let socketCompose =
    "services:\n  proxy:\n    image: docker.io/library/traefik:v3.0\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
  static let socketScript =
    "#!/bin/sh\ndocker run -d -v /var/run/docker.sock:/var/run/docker.sock containrrr/watchtower\n"

  func temporaryFile(_ name: String, _ text: String) throws -> (URL, URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: file)
    return (directory, file)
  }

  @Test("a Docker socket mount needs review: text, JSON, SARIF; --check and --fail-on warning exit 1")
  func needsReview() throws {
    for (name, text) in [("compose.yml", Self.socketCompose), ("deploy.sh", Self.socketScript)] {
      let (directory, file) = try temporaryFile(name, text)
      let plain = try migrate(["convert", name], in: directory)
      #expect(plain.status == 0)
      let line = plain.stderr.split(separator: "\n").first { $0.contains("[MG104]") } ?? ""
      #expect(line.hasSuffix("(needs review)"), "\(name): \(plain.stderr)")
      #expect(plain.stderr.contains("\n  review: under `--userns=auto` the container's root cannot open"))
      #expect(plain.stderr.contains(" fixed, 1 needs review, 0 remaining)\n"))

      let json = try migrate(["convert", "--format", "json", name], in: directory)
      let object = try JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any]
      let findings = ((object?["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]]) ?? []
      let socket = findings.first { $0["rule"] as? String == "MG104" }
      #expect(socket?["status"] as? String == "needs-review")
      #expect(socket?["fixed"] as? Bool == false)
      #expect((object?["summary"] as? [String: Any])?["needsReview"] as? Int == 1)

      let sarif = try migrate(["convert", "--format", "sarif", name], in: directory)
      let log = try JSONSerialization.jsonObject(with: Data(sarif.stderr.utf8)) as? [String: Any]
      let results = ((log?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
      let result = results.first { $0["ruleId"] as? String == "MG104" }
      #expect((result?["properties"] as? [String: Any])?["status"] as? String == "needs-review")

      #expect(try migrate(["convert", "--check", "--dry-run", name], in: directory).status == 1)
      #expect(try migrate(["convert", "--fail-on", "warning", name], in: directory).status == 1)
      // Written, the file would not change again, but it still needs a person: the gate keeps failing.
      #expect(try migrate(["convert", "--write", name], in: directory).status == 0)
      #expect(try String(contentsOf: file, encoding: .utf8).contains("/run/podman/podman.sock:/var/run/docker.sock"))
      let again = try migrate(["convert", "--check", "--dry-run", name], in: directory)
      #expect(again.status == 1)
      #expect(again.stdout.isEmpty, "nothing left to change")
      #expect(again.stderr.contains("(0 fixed, 1 needs review, 0 remaining)"))
      #expect(try migrate(["batch", "--check"], in: directory).status == 1)
      #expect(try migrate(["batch", "--fail-on", "warning"], in: directory).status == 1)
    }
  }

  @Test("units and convert --to honour --fail-on: the files are emitted, a finding left for a person exits 1")
  func emitFailOn() throws {
    let (directory, _) = try temporaryFile("compose.yml", Self.socketCompose)
    for command in [["units"], ["convert", "--to", "podman-script"]] {
      let plain = try migrate(command + ["compose.yml"], in: directory)
      #expect(plain.status == 0, "\(command): \(plain.stderr)")
      let gated = try migrate(command + ["--fail-on", "warning", "compose.yml"], in: directory)
      #expect(gated.status == 1, "\(command): \(gated.stderr)")
      #expect(gated.stdout == plain.stdout, "the same files are emitted")
      #expect(gated.stdout.contains("podman.sock"))
    }
  }

  @Test("batch --check fails on a finding that needs review, also with --write; a reviewed one passes")
  func batchNeedsReview() throws {
    let (directory, file) = try temporaryFile("compose.yml", Self.socketCompose)
    let dry = try migrate(["batch", "--check"], in: directory)
    #expect(dry.status == 1)
    #expect(dry.stderr.contains(" fixed, 1 need review\n"), "\(dry.stderr)")
    #expect(try migrate(["batch", "--check", "--write"], in: directory).status == 1)
    #expect(try migrate(["batch", "--check"], in: directory).status == 1)
    // The operator decided: the service keeps the host user namespace.
    let decided = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
      of: "userns_mode: auto", with: "userns_mode: host")
    try Data(decided.utf8).write(to: file)
    #expect(try migrate(["batch", "--check"], in: directory).status == 0)
    #expect(try migrate(["convert", "--check", "--fail-on", "info", "compose.yml"], in: directory).status == 0)
    // Or reviewed and suppressed with a reason.
    let (other, _) = try temporaryFile(
      "compose.yml",
      Self.socketCompose.replacingOccurrences(
        of: "      - /var/run",
        with: "      # migrate: ignore=MG104 -- socket ACL set for this container\n      - /var/run"))
    #expect(try migrate(["batch", "--check", "--write"], in: other).status == 0)
  }
}

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

  /// Runs `migrate` with `arguments`, optional standard input, in `directory`; kills it after 30 s so a hang
  /// fails the test instead of the suite.
  func migrate(
    _ arguments: [String], stdin: String? = nil, in directory: URL? = nil, environment: [String: String] = [:]
  )
    throws -> Run
  {
    let process = Process()
    process.executableURL = Self.binary
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
    let deadline = Date().addingTimeInterval(30)
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
      (["explain", "--help"], "explain-help.txt"),
    ])
  func help(arguments: [String], golden: String) throws {
    let run = try migrate(arguments, environment: ["COLUMNS": "100"])
    #expect(run.status == 0)
    self.golden(run.stdout, golden)
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
    #expect(run.stderr.hasSuffix("compose.yml: 4 findings (4 fixed, 0 remaining)\n"))
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

  @Test("rules lists every rule, one line each starting with its ID")
  func rules() throws {
    let run = try migrate(["rules"])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count >= 11)
    #expect(lines.allSatisfy { $0.hasPrefix("MG") })
    let explain = try migrate(["explain", "writable-bind-mount"])
    #expect(explain.stdout.hasPrefix("MG102 writable-bind-mount\n"))
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

  @Test("hostile scripts: invalid UTF-8 and a 10 MB one-line script convert without a crash")
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
    #expect(bigRun.stdout.contains("+podman ps\n"))
  }
}

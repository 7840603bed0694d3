import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `--write` loses nothing: links, hard links, mode bits, owners; refuses what is not a regular file inside the
/// repository; `batch` never follows a folder link out and never converts its own leftovers.
@Suite("migrate CLI: what --write keeps and refuses", .serialized)
struct WriteSafetyTests {
  let cli = CLITests()
  static let compose = "services:\n  a:\n    image: nginx\n"
  static let script = "#!/bin/sh\ndocker run -d nginx\n"

  /// A fresh, empty temporary folder (its real path: /tmp may itself be a link).
  func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-safe-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return URL(fileURLWithPath: realpath(url.path))
  }

  func realpath(_ path: String) -> String {
    guard let resolved = Glibc.realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  func write(_ text: String, _ url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

  func info(_ url: URL) -> stat {
    var info = stat()
    _ = lstat(url.path, &info)
    return info
  }

  /// The converted form of `text`, from a plain `convert -`.
  func converted(_ text: String, kind: String) throws -> String {
    let run = try cli.migrate(["convert", "--kind", kind, "-"], stdin: text)
    #expect(run.status == 0)
    #expect(run.stdout != text)
    return run.stdout
  }

  /// Names in `directory` that look like migrate's temporary files.
  func temporaries(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".migrate-") }
  }

  func git(_ arguments: [String], in directory: URL) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory.path, "-c", "user.name=t", "-c", "user.email=t@t"] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments)")
  }

  @Test("a symbolic link to a file inside the folder: the target is rewritten, the link stays a link")
  func symlinkInside() throws {
    let directory = try folder()
    let target = directory.appendingPathComponent("real/compose.yml")
    try write(Self.compose, target)
    try FileManager.default.createSymbolicLink(
      atPath: directory.appendingPathComponent("compose.yml").path, withDestinationPath: "real/compose.yml")
    // Without git, the repository is the folder of the path as given: real/ is inside it.
    let run = try cli.migrate(["convert", "--write", "compose.yml"], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("compose.yml: wrote through the symbolic link to \(target.path) (the link is kept)"))
    #expect(try read(target) == (try converted(Self.compose, kind: "compose")))
    let link = try FileManager.default.destinationOfSymbolicLink(
      atPath: directory.appendingPathComponent("compose.yml").path)
    #expect(link == "real/compose.yml")
    #expect(try temporaries(target.deletingLastPathComponent()).isEmpty)
  }

  @Test("a link leading outside the repository is refused; in a git work tree the whole tree is the repository")
  func symlinkOutside() throws {
    let directory = try folder()
    let outside = directory.appendingPathComponent("outside/deploy.sh")
    try write(Self.script, outside)
    let repo = directory.appendingPathComponent("repo")
    try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: repo.appendingPathComponent("deploy.sh").path, withDestinationPath: "../outside/deploy.sh")
    let refused = try cli.migrate(["convert", "--write", "deploy.sh"], in: repo)
    #expect(refused.status == 2)
    #expect(
      refused.stderr.contains(
        "migrate: deploy.sh: is a symbolic link to \(outside.path), outside \(repo.path); not written"))
    #expect(try read(outside) == Self.script)

    // sub/run.sh -> ../lib/run.sh: outside sub/ (refused without git), inside the git work tree (written).
    let lib = repo.appendingPathComponent("lib/run.sh")
    try write(Self.script, lib)
    try FileManager.default.createDirectory(
      at: repo.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: repo.appendingPathComponent("sub/run.sh").path, withDestinationPath: "../lib/run.sh")
    #expect(try cli.migrate(["convert", "--write", "sub/run.sh"], in: repo).status == 2)
    #expect(try read(lib) == Self.script)
    try git(["init", "-q"], in: repo)
    let written = try cli.migrate(["convert", "--write", "sub/run.sh"], in: repo)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(try read(lib) == (try converted(Self.script, kind: "shell")))
    #expect(try read(outside) == Self.script)
  }

  @Test("a hard-linked file stays the same inode: both names show the new text, and the output says so")
  func hardLink() throws {
    let directory = try folder()
    let first = directory.appendingPathComponent("compose.yml")
    let second = directory.appendingPathComponent("copy.yml")
    try write(Self.compose, first)
    #expect(link(first.path, second.path) == 0)
    let inode = info(first).st_ino
    let run = try cli.migrate(["convert", "--write", "compose.yml"], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("compose.yml: rewritten in place to keep its 2 hard links (same inode"))
    let expected = try converted(Self.compose, kind: "compose")
    #expect(info(first).st_ino == inode)
    #expect(info(first).st_nlink == 2)
    #expect(try read(first) == expected)
    #expect(try read(second) == expected)
    #expect(try temporaries(directory).isEmpty)
  }

  @Test(
    "every mode bit and the owner are kept (chown comes before chmod)",
    arguments: [0o4755, 0o2755, 0o6755, 0o1755, 0o0640, 0o0600] as [mode_t])
  func modes(mode: mode_t) throws {
    let directory = try folder()
    let file = directory.appendingPathComponent("deploy.sh")
    try write(Self.script, file)
    let root = geteuid() == 0
    // As root the file belongs to another user and group: a rename that did not chown would show it.
    if root { #expect(chown(file.path, 1234, 2345) == 0) }
    #expect(chmod(file.path, mode) == 0)
    #expect(info(file).st_mode & 0o7777 == mode)
    let run = try cli.migrate(["convert", "--write", "deploy.sh"], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try read(file) == (try converted(Self.script, kind: "shell")))
    let after = info(file)
    #expect(after.st_mode & 0o7777 == mode, "mode \(String(after.st_mode & 0o7777, radix: 8))")
    #expect(after.st_mode & S_IFMT == S_IFREG)
    if root {
      #expect(after.st_uid == 1234)
      #expect(after.st_gid == 2345)
    }
    #expect(try temporaries(directory).isEmpty)
  }

  @Test("a read-only file (0444) is refused without --write-read-only, and written with it, mode kept")
  func readOnly() throws {
    let directory = try folder()
    let file = directory.appendingPathComponent("compose.yml")
    try write(Self.compose, file)
    #expect(chmod(file.path, 0o444) == 0)
    let refused = try cli.migrate(["convert", "--write", "compose.yml"], in: directory)
    #expect(refused.status == 2)
    #expect(
      refused.stderr.contains(
        "migrate: compose.yml: is read-only (mode 0444); not written (pass --write-read-only to rewrite it"))
    #expect(try read(file) == Self.compose)
    let batchRefused = try cli.migrate(["batch", "--write", "."], in: directory)
    #expect(batchRefused.status == 2)
    #expect(try read(file) == Self.compose)
    let written = try cli.migrate(["convert", "--write", "--write-read-only", "compose.yml"], in: directory)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stderr.contains("read-only file rewritten as --write-read-only asked (mode kept)"))
    #expect(try read(file) == (try converted(Self.compose, kind: "compose")))
    #expect(info(file).st_mode & 0o7777 == 0o444)
    #expect(try cli.migrate(["convert", "--write-read-only", "compose.yml"], in: directory).status == 2)
  }

  @Test("a FIFO, /dev/null and /dev/stdin are refused at once with a clear error, never a hang")
  func notRegular() throws {
    let directory = try folder()
    let fifo = directory.appendingPathComponent("compose.yml")
    #expect(mkfifo(fifo.path, 0o644) == 0)
    for arguments in [["convert", "compose.yml"], ["convert", "--write", "compose.yml"]] {
      let start = Date()
      let run = try cli.migrate(arguments, in: directory, timeout: 10)
      #expect(Date().timeIntervalSince(start) < 10, "\(arguments) hung")
      #expect(run.status == 2)
      #expect(run.stderr.contains("compose.yml: is a FIFO (named pipe); not read: only regular files are"))
    }
    let null = try cli.migrate(["convert", "--kind", "shell", "--write", "/dev/null"], timeout: 10)
    #expect(null.status == 2)
    #expect(null.stderr.contains("/dev/null: is a character device; not read"))
    // The test's standard input is a regular file in a scratch folder: /dev/stdin leads there, outside /dev.
    let stdin = try cli.migrate(["convert", "--kind", "shell", "--write", "/dev/stdin"], stdin: Self.script)
    #expect(stdin.status == 2)
    #expect(stdin.stderr.contains("/dev/stdin: is a symbolic link to "))
    #expect(stdin.stderr.contains("not written"))
    // Standard input as a pipe: refused, not read until the writer closes it.
    let process = Process()
    process.executableURL = CLITests.binary
    process.arguments = ["convert", "--kind", "shell", "/dev/stdin"]
    let pipe = Pipe()
    let errors = Pipe()
    process.standardInput = pipe
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    let hung = process.isRunning
    if hung { process.terminate() }
    process.waitUntilExit()
    #expect(!hung, "convert /dev/stdin waited on the pipe")
    #expect(process.terminationStatus == 2)
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(message.contains("/dev/stdin: is a FIFO (named pipe); not read"))
    // `-` still reads standard input.
    #expect(try cli.migrate(["convert", "--kind", "shell", "-"], stdin: Self.script).status == 0)
  }

  @Test("a user who is not the owner writes in place: owner, group and mode stay, the output says so")
  func notOwner() throws {
    guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
    let directory = try folder()
    #expect(chmod(directory.path, 0o777) == 0)
    let file = directory.appendingPathComponent("deploy.sh")
    try write(Self.script, file)
    #expect(chown(file.path, 1234, 2345) == 0)
    #expect(chmod(file.path, 0o666) == 0)
    let run = try cli.migrate(
      [
        "--reuid=4321", "--regid=4321", "--clear-groups", CLITests.binary.path, "convert", "--write", "deploy.sh",
      ], in: directory, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("rewritten in place: this user cannot give a new file the owner"))
    #expect(try read(file) == (try converted(Self.script, kind: "shell")))
    let after = info(file)
    #expect(after.st_uid == 1234 && after.st_gid == 2345)
    #expect(after.st_mode & 0o7777 == 0o666)
    #expect(try temporaries(directory).isEmpty)
  }

  @Test("batch --write as an ordinary user: the helper renames the files, which keep their owner and mode")
  func batchAsUser() throws {
    guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
    let directory = try folder()
    #expect(chmod(directory.path, 0o777) == 0)
    for index in 0..<5 {
      let file = directory.appendingPathComponent("deploy-\(index).sh")
      try write(Self.script, file)
      #expect(chown(file.path, 4321, 4321) == 0)
      #expect(chmod(file.path, 0o750) == 0)
    }
    let run = try cli.migrate(
      ["--reuid=4321", "--regid=4321", "--clear-groups", CLITests.binary.path, "batch", "--write", "."],
      in: directory, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("5 changed (written)"))
    #expect(!run.stderr.contains("in place"))
    let expected = try converted(Self.script, kind: "shell")
    for index in 0..<5 {
      let file = directory.appendingPathComponent("deploy-\(index).sh")
      #expect(try read(file) == expected)
      #expect(info(file).st_uid == 4321 && info(file).st_mode & 0o7777 == 0o750)
    }
    #expect(try temporaries(directory).isEmpty)
  }

  @Test("batch: a tracked folder replaced by a link to ../outside is never read or written")
  func folderLinkOutside() throws {
    let directory = try folder()
    let repo = directory.appendingPathComponent("repo")
    try write(Self.script, repo.appendingPathComponent("sub/deploy.sh"))
    try write(Self.script, repo.appendingPathComponent("top.sh"))
    try git(["init", "-q"], in: repo)
    try git(["add", "."], in: repo)
    try git(["commit", "-qm", "init"], in: repo)
    let outside = directory.appendingPathComponent("outside/deploy.sh")
    try write(Self.script, outside)
    try FileManager.default.removeItem(at: repo.appendingPathComponent("sub"))
    try FileManager.default.createSymbolicLink(
      atPath: repo.appendingPathComponent("sub").path, withDestinationPath: "../outside")
    let run = try cli.migrate(["batch", "--write", "."], in: repo)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stderr.contains("sub/deploy.sh: skipped: its folder leads outside the batch folder through a symbolic link"))
    #expect(run.stderr.contains(", 1 outside the batch folder skipped"))
    #expect(!run.stdout.contains("sub/deploy.sh"))
    #expect(try read(outside) == Self.script)
    #expect(try read(repo.appendingPathComponent("top.sh")) == (try converted(Self.script, kind: "shell")))
  }

  @Test("batch: a leftover .NAME.migrate-XXXXXX is reported, never converted, and NAME is not written over it")
  func leftovers() throws {
    let directory = try folder()
    let file = directory.appendingPathComponent("deploy.sh")
    let leftover = directory.appendingPathComponent(".deploy.sh.migrate-Ab12Cd")
    try write(Self.script, file)
    try write(Self.script, leftover)
    try write(Self.script, directory.appendingPathComponent("other.sh"))
    let dry = try cli.migrate(["batch", "."], in: directory)
    #expect(dry.status == 0)
    #expect(dry.stderr.contains(".deploy.sh.migrate-Ab12Cd: skipped: left by an interrupted `migrate --write`"))
    #expect(dry.stderr.contains("2 files scanned"))
    #expect(dry.stderr.contains("1 leftover temporary files"))
    #expect(!dry.stdout.contains("migrate-Ab12Cd"))
    let run = try cli.migrate(["batch", "--write", "."], in: directory)
    #expect(run.status == 2)
    #expect(run.stderr.contains("deploy.sh: not written: an interrupted write left a temporary file beside it"))
    #expect(try read(file) == Self.script)
    #expect(try read(leftover) == Self.script)
    #expect(try read(directory.appendingPathComponent("other.sh")) == (try converted(Self.script, kind: "shell")))
  }

  @Test("config errors quote only the project's own config; a .migrate.yml linking outside is refused")
  func configExcerpts() throws {
    let directory = try folder()
    let secret = directory.appendingPathComponent("secrets/shadow")
    try write("root: $6$hunter2secret\n", secret)
    let project = directory.appendingPathComponent("project")
    try write(Self.script, project.appendingPathComponent("deploy.sh"))
    let named = try cli.migrate(["convert", "--config", secret.path, "deploy.sh"], in: project)
    #expect(named.status == 2)
    #expect(named.stderr.contains("\(secret.path):1:1: error: config: unknown setting (known:"))
    #expect(!named.stderr.contains("hunter2"))
    // The file's key, not the word (the list of known settings has `data-roots`).
    #expect(!named.stderr.contains("root:"))
    #expect(!named.stderr.contains("$6$"))

    try FileManager.default.createSymbolicLink(
      atPath: project.appendingPathComponent(".migrate.yml").path, withDestinationPath: secret.path)
    let linked = try cli.migrate(["convert", "deploy.sh"], in: project)
    #expect(linked.status == 2)
    #expect(linked.stderr.contains(".migrate.yml: is a symbolic link leading outside its project"))
    #expect(!linked.stderr.contains("hunter2"))

    try FileManager.default.removeItem(at: project.appendingPathComponent(".migrate.yml"))
    try write("target: xenial\n", project.appendingPathComponent(".migrate.yml"))
    let own = try cli.migrate(["convert", "deploy.sh"], in: project)
    #expect(own.status == 2)
    #expect(own.stderr.contains(".migrate.yml:1:9: error: config: `xenial` is not one of"))
    #expect(own.stderr.contains("\ntarget: xenial\n        ^"))
    let ownNamed = try cli.migrate(["convert", "--config", ".migrate.yml", "deploy.sh"], in: project)
    #expect(ownNamed.stderr.contains("`xenial` is not one of"))
    // A folder input: the folder is the project, so its own config is quoted, one beside it is not.
    try write("target: xenial\n", project.appendingPathComponent("strict.yml"))
    let batch = try cli.migrate(["batch", "--config", "strict.yml", "."], in: project)
    #expect(batch.status == 2)
    #expect(batch.stderr.contains("strict.yml:1:9: error: config: `xenial` is not one of"))
    try write("target: xenial\n", directory.appendingPathComponent("beside.yml"))
    let beside = try cli.migrate(["batch", "--config", "../beside.yml", "."], in: project)
    #expect(beside.stderr.contains("beside.yml:1:9: error: config: the value is not one of"))
    #expect(!beside.stderr.contains("xenial"))
  }
}

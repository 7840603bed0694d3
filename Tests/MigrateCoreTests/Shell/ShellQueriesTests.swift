import Testing

@testable import MigrateCore

@Suite("Shell queries")
struct ShellQueriesTests {
  func command(_ text: String) throws -> ShellStatement {
    try #require(ShellReader.parse(text, dialect: .bash).commands.first)
  }

  @Test("program names and the words after sudo")
  func programs() throws {
    let line = try command("sudo -E /usr/bin/tee /etc/docker/daemon.json")
    #expect(line.wordsAfterSudo.map(\.rawText) == ["/usr/bin/tee", "/etc/docker/daemon.json"])
    #expect(line.wordsAfterSudo.first?.programName == "tee")
    #expect(try command("tee f").wordsAfterSudo.count == 2)
    #expect(try command("\"$TOOL\" x").words[0].programName == nil)
  }

  @Test("parallel launchers: xargs -P N with N ≠ 1, and GNU parallel")
  func launchers() throws {
    #expect(try command("xargs -P 4 docker run img").parallelLauncher == "xargs -P 4")
    #expect(try command("xargs --max-procs=8 docker run img").parallelLauncher == "xargs -P 8")
    #expect(try command("/usr/bin/parallel docker run img ::: a b").parallelLauncher == "parallel")
    #expect(try command("xargs -P1 docker run img").parallelLauncher == nil)
    #expect(try command("docker run img").parallelLauncher == nil)
  }

  @Test("an item of a comma-separated list, located in the file")
  func listItems() throws {
    let text = "usermod --groups=sudo,docker,adm me"
    let word = try command(text).words[1]
    let ranges = word.listItemRanges(of: "docker", afterValueBytes: "--groups=".utf8.count)
    #expect(ranges.map { String(decoding: Array(text.utf8)[$0.lower..<$0.upper], as: UTF8.self) } == ["docker"])
    #expect(word.listItemRanges(of: "wheel", afterValueBytes: 0).isEmpty)
  }

  @Test("assignments, exports and lone variables")
  func assignments() throws {
    let line = try command("export DOCKER_HOST=unix:///x OTHER")
    #expect(line.assignedWords.compactMap(\.assignmentName) == ["DOCKER_HOST"])
    #expect(line.exportedNames.map(\.rawText) == ["OTHER"])
    #expect(try command("A=1 env B=2 run").assignedWords.compactMap(\.assignmentName) == ["A", "B"])
    #expect(try command("echo \"${ENGINE}\" $X y$Z").words.dropFirst().map(\.soleVariableName) == ["ENGINE", "X", nil])
  }
}

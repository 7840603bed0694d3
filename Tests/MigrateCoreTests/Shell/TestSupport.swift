import MigrateCore

/// Reads `text` as shell.
func sh(_ text: String, _ dialect: ShellDialect = .posix) -> ShellScript {
  ShellReader.parse(Array(text.utf8), dialect: dialect)
}

/// The static values of a command's words (nil for dynamic words).
func argv(_ command: ShellStatement) -> [String?] {
  command.words.map(\.staticValue)
}

/// The static argv of every command.
func argvs(_ script: ShellScript) -> [[String?]] {
  script.commands.map(argv)
}

/// The text of `range` in `text` (UTF-8 byte offsets).
func slice(_ text: String, _ range: ByteRange?) -> String? {
  guard let range else { return nil }
  let bytes = Array(text.utf8)
  guard range.lower >= 0, range.upper <= bytes.count, range.lower <= range.upper else { return nil }
  return String(decoding: bytes[range.lower..<range.upper], as: UTF8.self)
}

/// Parses `text` as one shell command and then as a docker invocation (program = first word).
func docker(_ text: String, programIndex: Int = 0) -> DockerCall? {
  let script = sh(text, .bash)
  guard let command = script.commands.first(where: { !$0.nested }) else { return nil }
  return DockerCallParser.parse(command, programIndex: programIndex)
}

/// A small deterministic generator (SplitMix64) for property tests.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

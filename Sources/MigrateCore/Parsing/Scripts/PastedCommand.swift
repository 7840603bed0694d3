/// Text pasted into `--command` from a README or a terminal, turned into a shell script the script
/// pipeline reads: prompts (`$ `, `# `, `user@host:~$ `, `[user@host dir]# `, `PS C:\> `) removed, the
/// output lines of a transcript left out, a command broken over lines without `\` continued with `\`, and
/// `docker service create` (swarm) read as `docker run -d` without its swarm-only flags.
///
/// A pure function of the text: text that needs none of this (a plain command line, or a script) comes
/// back unchanged, byte for byte, with no notes.
public enum PastedCommand {
  /// The script text and what was done to the paste (one sentence each; empty when nothing was).
  public struct Normalized: Sendable, Equatable {
    public var text: String
    public var notes: [String]

    public init(text: String, notes: [String]) {
      self.text = text
      self.notes = notes
    }
  }

  public static func normalize(_ pasted: String) -> Normalized {
    let unified = pasted.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    var lines = unified.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
    let finalNewline = lines.last == ""
    if finalNewline { lines.removeLast() }
    let prompted = lines.map(prompt)
    let transcript = prompted.contains { $0 != nil }

    var output: [String] = []
    /// Where the command being read starts in `output`, while it may go on.
    var current: Int?
    var prompts = 0
    var ignored = 0
    var continued = 0
    for (index, line) in lines.enumerated() {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      let previousContinues = current != nil && output.last.map(endsWithBackslash) == true
      if let rest = prompted[index] {
        prompts += 1
        output.append(String(rest).trimmingTrailingBlanks)
        current = rest.isEmpty ? nil : output.count - 1
        continue
      }
      if previousContinues {
        // A transcript's continuation lines may carry the shell's secondary prompt (`> `).
        var text = trimmed
        if transcript && text.hasPrefix("> ") { text = text.dropFirst(2) }
        output.append((trimmed.count == line.count ? "" : "  ") + String(text).trimmingTrailingBlanks)
        continue
      }
      if trimmed.isEmpty || trimmed.hasPrefix("#") {
        if transcript {
          if !trimmed.isEmpty { ignored += 1 }
        } else {
          output.append(String(line).trimmingTrailingBlanks)
        }
        current = nil
        continue
      }
      if let start = current, continues(output[start...].joined(separator: "\n"), with: trimmed),
        !transcript || trimmed.count < line.count
      {
        // Written on the next line without `\`: the shell would run it as a command of its own.
        output[output.count - 1] += " \\"
        output.append("  " + String(trimmed).trimmingTrailingBlanks)
        continued += 1
        continue
      }
      if transcript {
        ignored += 1
        current = nil
        continue
      }
      output.append(String(line).trimmingTrailingBlanks)
      current = output.count - 1
    }

    // `docker service create` commands, read as `docker run -d`.
    var swarmNotes: [String] = []
    var script = output.joined(separator: "\n") + (finalNewline || !output.isEmpty ? "\n" : "")
    for _ in 0..<32 {
      guard let rewrite = serviceCreate(in: script) else { break }
      script = rewrite.text
      swarmNotes += rewrite.notes
    }

    var notes: [String] = []
    var done: [String] = []
    if prompts > 0 { done.append("removed \(count(prompts, "prompt"))") }
    if ignored > 0 { done.append("left out \(count(ignored, "output line")) of the transcript") }
    if continued > 0 { done.append("continued \(count(continued, "line")) written without `\\`") }
    if !done.isEmpty { notes.append("read as pasted text: " + done.joined(separator: ", ")) }
    notes += swarmNotes
    // Nothing to say: the text as given (only its line ends made `\n`, or a `\r` would end the last word).
    return notes.isEmpty ? Normalized(text: unified, notes: []) : Normalized(text: script, notes: notes)
  }

  static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

  static func endsWithBackslash(_ line: String) -> Bool {
    var backslashes = 0
    for character in line.reversed() {
      guard character == "\\" else { break }
      backslashes += 1
    }
    return backslashes % 2 == 1
  }

  // MARK: Prompts

  /// The programs after which `# ` and `> ` are read as prompts (else they are a comment and a redirection).
  static let promptedPrograms: Set<String> = ["docker", "sudo", "podman", "docker-compose", "podman-compose", "doas"]

  /// The command after a shell prompt at the start of `line`, or nil when the line has none.
  static func prompt(_ line: Substring) -> Substring? {
    let text = line.drop { $0 == " " || $0 == "\t" }
    func after(_ count: Int) -> Substring { text.dropFirst(count).drop { $0 == " " || $0 == "\t" } }
    if text == "$" { return "" }
    if text.hasPrefix("$ ") || text.hasPrefix("% ") { return after(2) }
    if text.hasPrefix("# ") || text.hasPrefix("> ") {
      let rest = after(2)
      let program = rest.prefix { $0 != " " && $0 != "\t" }
      return promptedPrograms.contains(String(program)) ? rest : nil
    }
    // `[user@host dir]$ `, `[root@host /]# `, `(venv) $ ` (not `(cd x) > log`, a subshell).
    if let open = text.first, open == "[" || open == "(", let close = text.firstIndex(of: open == "[" ? "]" : ")") {
      let rest = text[text.index(after: close)...].drop { $0 == " " }
      if let mark = rest.first, mark == "$" || (open == "[" && mark == "#"), rest.dropFirst().first == " " {
        return rest.dropFirst(2).drop { $0 == " " }
      }
      return nil
    }
    // `PS C:\src> `.
    if text.hasPrefix("PS "), let mark = text.range(of: "> ") {
      return text[mark.upperBound...].drop { $0 == " " }
    }
    // `user@host:~/src$ `, `root@3f2a9:/app# `, `~/src$ `.
    let token = text.prefix { $0 != " " && $0 != "\t" }
    guard token.count > 1, token.count < text.count, let mark = token.last, "$#%>".contains(mark) else { return nil }
    let body = token.dropLast()
    guard body.contains("@") || body.hasPrefix("~") || body.hasPrefix("/") else { return nil }
    return text.dropFirst(token.count).drop { $0 == " " || $0 == "\t" }
  }

  // MARK: Commands broken over lines

  /// Programs and shell words that start a command of their own, so a line starting with one is never
  /// the rest of the command before it.
  static let commandWords: Set<String> = [
    "docker", "podman", "docker-compose", "podman-compose", "sudo", "doas", "cd", "echo", "export", "mkdir", "curl",
    "wget", "git", "cat", "ls", "rm", "cp", "mv", "chmod", "chown", "systemctl", "apt", "apt-get", "yum", "dnf",
    "pip", "npm", "make", "sh", "bash", "source", ".", "set", "kill", "ps", "exit", "touch", "tee", "ln", "printf",
    "sleep", "ssh", "scp", "if", "then", "else", "fi", "for", "while", "do", "done", "case", "esac",
  ]

  /// Whether `line` (without its indentation) goes on the command `command`, written without `\`: a flag
  /// after a docker command, or the image after a `run` / `create` / `service create` that has none yet.
  static func continues(_ command: String, with line: Substring) -> Bool {
    guard let call = dockerCall(command) else { return false }
    if line.hasPrefix("-") { return true }
    let first = line.prefix { $0 != " " && $0 != "\t" }
    guard !commandWords.contains(String(first)), !first.contains("=") || first.hasPrefix("-") else { return false }
    return [["run"], ["create"], ["service", "create"]].contains(call.subcommand) && call.image == nil
  }

  static func dockerCall(_ text: String) -> DockerCall? {
    let script = ShellReader.parse(text, dialect: .bash)
    guard let command = script.commands.first(where: { !$0.nested }),
      let (index, _, _, _) = ScriptParser.programIndex(command, aliases: [:])
    else { return nil }
    return DockerCallParser.parse(command, programIndex: index)
  }

  // MARK: docker service create

  /// Swarm-only flags of `docker service create`: dropped, and said so.
  static let swarmOnly: Set<String> = [
    "replicas", "replicas-max-per-node", "mode", "constraint", "placement-pref", "endpoint-mode",
    "with-registry-auth", "detach", "quiet", "no-resolve-image", "max-concurrent", "credential-spec",
    "generic-resource", "config", "secret", "reserve-cpu", "restart-delay", "restart-window", "restart-max-attempts",
    "update-delay", "update-failure-action", "update-max-failure-ratio", "update-monitor", "update-order",
    "update-parallelism", "rollback-delay", "rollback-failure-action", "rollback-max-failure-ratio",
    "rollback-monitor", "rollback-order", "rollback-parallelism", "help",
  ]
  /// Service flags whose `docker run` flag has another name.
  static let renamed: [String: String] = [
    "limit-cpu": "--cpus", "limit-memory": "--memory", "limit-pids": "--pids-limit",
    "reserve-memory": "--memory-reservation", "container-label": "--label", "group": "--group-add",
    "host": "--add-host",
  ]

  /// The first `docker service create` command of `script` rewritten as `docker run -d`, with notes.
  static func serviceCreate(in script: String) -> (text: String, notes: [String])? {
    let bytes = Array(script.utf8)
    let parsed = ShellReader.parse(bytes, dialect: .bash)
    for command in parsed.commands where !command.nested {
      guard let (index, _, _, _) = ScriptParser.programIndex(command, aliases: [:]),
        let call = DockerCallParser.parse(command, programIndex: index), call.subcommand == ["service", "create"],
        call.tool == .docker || call.tool == .podman
      else { continue }
      let (words, notes) = runWords(call, command: command, index: index)
      let range = ByteRange(command.words[0].range.lower, call.range.upper)
      let text =
        String(decoding: bytes[..<range.lower], as: UTF8.self) + words.joined(separator: " ")
        + String(decoding: bytes[range.upper...], as: UTF8.self)
      return (text, notes)
    }
    return nil
  }

  static func runWords(_ call: DockerCall, command: ShellStatement, index: Int) -> ([String], [String]) {
    var words = command.words[...index].map(\.rawText) + call.globalFlags.map(flagText) + ["run", "-d"]
    var dropped: [String] = []
    var rewritten: [String] = []
    var restart: String?
    var attempts: String?
    for flag in call.flags {
      let written = flagText(flag)
      if flag.name == "restart-max-attempts" { attempts = flag.value }
      if flag.name == "restart-condition", let value = flag.value {
        let policy = ["none": "no", "on-failure": "on-failure", "any": "always"][value]
        if let policy {
          restart = policy
          rewritten.append("`\(written)` as `--restart \(policy)`")
          continue
        }
      }
      if swarmOnly.contains(flag.name) || flag.name == "restart-condition" {
        if flag.name != "detach" || flag.value != nil { dropped.append("`\(written)`") }
        continue
      }
      if flag.name == "publish", let value = flag.value, value.contains("=") {
        guard let port = publishedPort(value) else {
          dropped.append("`\(written)`")
          continue
        }
        words.append("-p \(port)")
        rewritten.append("`\(written)` as `-p \(port)`")
        continue
      }
      if flag.name == "stop-grace-period", let value = flag.value {
        guard let seconds = seconds(value) else {
          dropped.append("`\(written)`")
          continue
        }
        words.append("--stop-timeout \(seconds)")
        rewritten.append("`\(written)` as `--stop-timeout \(seconds)`")
        continue
      }
      if let name = renamed[flag.name], let value = flag.valueWord {
        let spelled =
          "\(name) \(flag.valueWord == flag.spelling ? value.rawText.dropPrefix(flag.spelledAs + "=") : value.rawText)"
        words.append(spelled)
        rewritten.append("`\(written)` as `\(spelled)`")
        continue
      }
      words.append(written)
    }
    if let restart {
      let policy = restart == "on-failure" && attempts != nil ? "on-failure:\(attempts ?? "")" : restart
      words.append("--restart \(policy)")
    }
    if let end = call.endOfOptions { words.append(end.rawText) }
    words += call.positionals.map(\.rawText)
    var note = "read `docker service create` as `docker run -d` (one container, no swarm)"
    if !dropped.isEmpty { note += "; dropped the swarm-only \(dropped.joined(separator: ", "))" }
    if !rewritten.isEmpty { note += "; wrote \(rewritten.joined(separator: ", "))" }
    return (words, [note])
  }

  /// A flag as written, with its value (`--replicas 3`, `--publish=80:80`, `-t`).
  static func flagText(_ flag: ParsedFlag) -> String {
    guard let value = flag.valueWord else {
      return flag.spelling.rawText.hasPrefix("--") ? flag.spelling.rawText : flag.spelledAs
    }
    return value == flag.spelling ? value.rawText : "\(flag.spelledAs) \(value.rawText)"
  }

  /// `published=8080,target=80,protocol=udp` as `8080:80/udp`; nil without a target.
  static func publishedPort(_ value: String) -> String? {
    var fields: [String: String] = [:]
    for field in value.split(separator: ",") {
      let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
      if pair.count == 2 { fields[pair[0]] = pair[1] }
    }
    guard let target = fields["target"] else { return nil }
    let published = fields["published"].map { "\($0):" } ?? ""
    let proto = fields["protocol"].map { $0 == "tcp" ? "" : "/\($0)" } ?? ""
    return published + target + proto
  }

  /// `30s`, `1m`, `1m30s`, `45` as whole seconds; nil for anything else.
  static func seconds(_ duration: String) -> Int? {
    if let plain = Int(duration) { return plain }
    var total = 0
    var number = ""
    for character in duration {
      if character.isNumber {
        number.append(character)
        continue
      }
      guard let value = Int(number) else { return nil }
      switch character {
      case "h": total += value * 3600
      case "m": total += value * 60
      case "s": total += value
      default: return nil
      }
      number = ""
    }
    return number.isEmpty ? total : nil
  }
}

extension String {
  /// The string without trailing blanks (spaces and tabs).
  var trimmingTrailingBlanks: String {
    var text = Substring(self)
    while let last = text.last, last == " " || last == "\t" { text.removeLast() }
    return String(text)
  }

  func dropPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}

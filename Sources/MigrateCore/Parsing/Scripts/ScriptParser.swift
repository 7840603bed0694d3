/// Finds docker commands in shell text (scripts, Makefile recipes, systemd `Exec*=`, CI steps, `sh -c` and
/// `ssh` strings); `run`/`create` lines are mapped to the container model in `ScriptDocument.swift`.
public enum ScriptParser {
  public static func parse(_ source: SourceFile, kind: InputKind) throws -> ScriptDocument {
    if let nul = source.bytes.prefix(8192).firstIndex(of: 0) {
      throw ParseDiagnostic(
        stage: "input", path: source.path, range: ByteRange(nul, nul + 1),
        problem: "binary file (NUL byte at offset \(nul)); not a text file")
    }
    var regions: [ShellRegion] = []
    var items: [HostFileItem] = []
    switch kind {
    case .shell:
      regions = [ShellRegion(range: ByteRange(source.hasBOM ? 3 : 0, source.bytes.count), label: "script")]
    case .makefile:
      (regions, items) = ScriptExtractor.makefile(source)
    case .systemd:
      (regions, items) = ScriptExtractor.systemdUnit(source)
    case .githubActions, .gitlabCI, .travisCI:
      let stream = try YAMLParser.parse(source)
      guard let root = stream.documents.first?.root?.resolved, root.kind == .mapping else {
        throw ParseDiagnostic(
          stage: "yaml", path: source.path, range: .at(0), problem: "a CI file must be a mapping at the top level")
      }
      switch kind {
      case .githubActions: (regions, items) = ScriptExtractor.githubWorkflow(root, source)
      case .travisCI: (regions, items) = ScriptExtractor.travisCI(root, source)
      default: (regions, items) = ScriptExtractor.gitlabCI(root, source)
      }
    case .compose:
      throw MigrateError.internal("compose files are not scripts")
    }
    var aliases: [String: DockerCall.Tool] = [:]
    for item in items {
      if case .programVariable(let name) = item.kind {
        let tool: DockerCall.Tool = item.text.hasSuffix("compose") ? .dockerCompose : .docker
        for spelling in ["$(\(name))", "${\(name)}", "$\(name)"] { aliases[spelling] = tool }
      }
    }
    var commands: [DockerCallSite] = []
    var shellCommands: [ScriptStatement] = []
    var diagnostics: [ShellDiagnostic] = []
    // `sh -c '…'` strings add regions as they are found, so the list grows while it is read.
    var queue = regions
    var next = 0
    while next < queue.count {
      let region = queue[next]
      next += 1
      let options = ShellReadOptions(makeDollars: region.isMakeRecipe, indentedText: region.isIndentedBlock)
      let script: ShellScript
      if let detached = region.detachedText {
        script = ShellReader.parse(detached, dialect: .bash, options: options)
      } else if region.joinsLines {
        script = ShellReader.parse(joinedLinesView(source.bytes, region.range), in: region.range, dialect: .bash)
      } else if region.isSystemdEnvironment {
        script = ShellReader.parse(systemdEnvironmentView(source.bytes, region.range), in: region.range, dialect: .bash)
      } else if region.isSystemdCommand {
        script = ShellReader.parse(systemdView(source.bytes, region.range), in: region.range, dialect: .bash)
      } else {
        script = ShellReader.parse(source.bytes, in: region.range, dialect: .bash, options: options)
      }
      diagnostics += script.diagnostics.map { diagnostic in
        var located = diagnostic
        if !region.isVerbatim { located.range = region.range }
        return located
      }
      // Shell assignments such as `DOCKER=docker` or `DOCKER=${DOCKER:-docker}` name the program too.
      if kind != .makefile {
        for command in script.commands where command.words.isEmpty {
          for assignment in command.assignments {
            // `DOCKER=podman` (as converted, or written so): `$DOCKER run …` is a podman call, read as one.
            if let (name, tool) = podmanAssignment(assignment) {
              for spelling in ["${\(name)}", "$\(name)"] { aliases[spelling] = tool }
              continue
            }
            if let held = commandAssignment(assignment, in: source, programs: podmanPrograms), let tool = held.tool {
              let podman: DockerCall.Tool = tool == .dockerCompose ? .podmanCompose : .podman
              for spelling in ["${\(held.name)}", "$\(held.name)"] { aliases[spelling] = podman }
              continue
            }
            guard region.isVerbatim else { continue }
            if let held = commandAssignment(assignment, in: source) {
              // `doco="docker compose -f a.yml"`, `CMD=(docker run --rm …)`: the value is a command itself,
              // converted where it is written; a value without a subcommand names the program for
              // `$doco up -d` too.
              // The command's own program word is converted with it; a lone program is the variable's.
              if let body = held.body {
                queue.append(body)
              } else {
                items.append(
                  HostFileItem(kind: .programVariable(name: held.name), range: held.program, text: held.text))
              }
              if let tool = held.tool {
                for spelling in ["${\(held.name)}", "$\(held.name)"] { aliases[spelling] = tool }
              }
              continue
            }
            guard let (name, valueRange, program) = programAssignment(assignment) else { continue }
            items.append(HostFileItem(kind: .programVariable(name: name), range: valueRange, text: program))
            let tool: DockerCall.Tool = program.hasSuffix("compose") ? .dockerCompose : .docker
            for spelling in ["${\(name)}", "$\(name)"] { aliases[spelling] = tool }
          }
        }
      }
      for command in script.commands {
        shellCommands.append(ScriptStatement(command: command, region: region))
        if let inner = shellCString(command, region: region, aliases: aliases) { queue.append(inner) }
        if let item = indirectProgram(command, aliases: aliases), region.isVerbatim { items.append(item) }
        guard let (index, sudo, sudoUser, isAlias) = programIndex(command, aliases: aliases),
          let invocation = DockerCallParser.parse(
            command, programIndex: index, as: isAlias ? aliases[command.words[index].rawText.quoteRemoved] : nil)
        else { continue }
        var found = DockerCallSite(
          invocation: invocation, command: command, region: region, sudo: sudo, sudoUser: sudoUser, container: nil,
          programIsAlias: isAlias)
        if invocation.subcommand == ["run"] || invocation.subcommand == ["create"] {
          found.container = container(invocation, region: region, source: source)
        }
        commands.append(found)
      }
    }
    resolveVolumeLookups(&commands, shellCommands: shellCommands, aliases: aliases)
    markForeignVolumes(&commands)
    var document = ScriptDocument(
      source: source, kind: kind, regions: queue, commands: commands, items: items, diagnostics: diagnostics)
    document.builtImageNames = ScriptDocument.builtImageNames(commands)
    document.shellCommands = shellCommands
    return document
  }

  /// The host bytes with the characters a shell would treat as operators replaced in `range`: systemd splits
  /// `Exec*=` lines into words by quotes and blanks only, so `-e HOST=<host>` is one word there. The length
  /// is unchanged, so every span still points into the host file.
  static func systemdView(_ bytes: [UInt8], _ range: ByteRange) -> [UInt8] {
    var view = bytes
    for index in range.lower..<min(range.upper, view.count) {
      switch view[index] {
      case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: "("),
        UInt8(ascii: ")"), UInt8(ascii: "`"):
        view[index] = UInt8(ascii: "_")
      default: break
      }
    }
    return view
  }

  /// The host bytes with line breaks in `range` read as blanks (an array's elements over several lines
  /// are one command), length unchanged.
  static func joinedLinesView(_ bytes: [UInt8], _ range: ByteRange) -> [UInt8] {
    var view = bytes
    for index in range.lower..<min(range.upper, view.count) where view[index] == 0x0A || view[index] == 0x0D {
      view[index] = 0x20
    }
    return view
  }

  /// A command held in a variable: the program's range and text (`docker`, `docker compose`), the region
  /// of the whole command when it has more than the program, and the tool `$NAME …` runs when the value
  /// holds no subcommand (so the arguments at the call site are the command's).
  struct HeldCommand {
    var name: String
    var program: ByteRange
    var text: String
    var body: ShellRegion?
    var tool: DockerCall.Tool?
  }

  /// `NAME="docker compose -f a.yml"`, `NAME='docker run --rm'`, `NAME=(docker run --rm -v "$PWD:/x" img)`:
  /// a value of several words whose first is a docker program, quoted as one string (without escapes, so
  /// it maps onto the file) or an array.
  static func commandAssignment(
    _ word: ShellWord, in source: SourceFile, programs: Set<String> = ScriptExtractor.dockerPrograms
  ) -> HeldCommand? {
    let raw = Array(word.rawText.utf8)
    guard let equals = raw.firstIndex(of: UInt8(ascii: "=")), equals > 0, equals + 2 < raw.count else { return nil }
    let name = String(decoding: raw[..<equals], as: UTF8.self)
    guard
      name.utf8.allSatisfy({
        $0 == UInt8(ascii: "_") || ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z")
          || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
      }),
      word.rawText == source.text(word.range)
    else { return nil }
    let open = raw[equals + 1]
    let close = raw[raw.count - 1]
    let isArray = open == UInt8(ascii: "(") && close == UInt8(ascii: ")")
    guard isArray || (open == close && (open == UInt8(ascii: "\"") || open == UInt8(ascii: "'"))) else { return nil }
    let inner = ByteRange(word.range.lower + equals + 2, word.range.upper - 1)
    let body = Array(source.bytes[inner.lower..<inner.upper])
    // In double quotes, escapes and backquotes would make the text differ from what runs; in an array, a
    // comment would swallow the rest once lines are joined.
    if open == UInt8(ascii: "\""), body.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "`") }) {
      return nil
    }
    if isArray, body.contains(UInt8(ascii: "#")) { return nil }
    if !isArray, body.contains(where: { $0 == 0x0A }) { return nil }
    let tokens = ScriptExtractor.tokenize(source, inner)
    guard tokens.count >= 2, programs.contains(source.text(tokens[0])) else { return nil }
    var program = tokens[0]
    var rest = tokens.dropFirst()
    if ["docker", "podman"].contains(source.text(tokens[0])), source.text(tokens[1]) == "compose" {
      program = ByteRange(tokens[0].lower, tokens[1].upper)
      rest = rest.dropFirst()
    }
    let text = source.text(program)
    let compose = text.hasSuffix("compose")
    // The value holds the program and its global options only (`docker -H tcp://x`, `docker compose -f a.yml`):
    // `$NAME up -d` is that program with the call's arguments.
    let holdsSubcommand = rest.contains { token in
      let word = source.text(token)
      return !word.hasPrefix("-") && DockerGrammar.command(compose ? ["compose", word] : [word]) != nil
    }
    let region =
      rest.isEmpty ? nil : ShellRegion(range: inner, label: "variable `\(name)`", joinsLines: isArray)
    return HeldCommand(
      name: name, program: program, text: text, body: region,
      tool: holdsSubcommand ? nil : (compose ? .dockerCompose : .docker))
  }

  /// The host bytes of an `Environment=` value as shell assignments, length unchanged: systemd splits it at
  /// blanks into `NAME=value` items, each possibly quoted whole (`"NAME=a b"`), and expands nothing. A quote
  /// before the name moves after the `=` (`"NAME=a b"` reads ` NAME="a b"`), so the value keeps its bytes and
  /// offsets; operator characters are plain text, as in `Exec*=` lines.
  static func systemdEnvironmentView(_ bytes: [UInt8], _ range: ByteRange) -> [UInt8] {
    var view = systemdView(bytes, range)
    let upper = min(range.upper, view.count)
    var index = range.lower
    while index < upper {
      let byte = view[index]
      if byte == UInt8(ascii: ";") {
        view[index] = UInt8(ascii: "_")
      } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'"),
        index == range.lower || view[index - 1] == 0x20 || view[index - 1] == 0x09,
        let equals = view[(index + 1)..<upper].firstIndex(of: UInt8(ascii: "=")),
        view[(index + 1)..<equals].allSatisfy({
          $0 == UInt8(ascii: "_")
            || ($0 | 0x20) >= UInt8(ascii: "a")
              && ($0 | 0x20) <= UInt8(ascii: "z")
            || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
        }),
        equals > index + 1
      {
        // Shift the name left over the quote and put the quote where the `=` was followed.
        for position in index..<(equals - 1) { view[position] = view[position + 1] }
        view[equals - 1] = UInt8(ascii: "=")
        view[equals] = byte
        index = equals + 1
        // Skip to the closing quote (the value is kept as is).
        while index < upper, view[index] != byte { index += 1 }
      }
      index += 1
    }
    return view
  }

  static let shells: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh"]
  static let containerSubcommands: Set<String> = [
    "run", "create", "compose", "build", "pull", "push", "exec", "ps", "rm", "stop", "start", "logs", "images",
  ]

  /// The script of `sh -c 'docker run …'` as a region of its own: verbatim when the quoted text maps onto
  /// the file byte for byte, detached otherwise.
  static func shellCString(
    _ command: ShellStatement, region: ShellRegion, aliases: [String: DockerCall.Tool] = [:]
  ) -> ShellRegion? {
    guard let program = command.words.first?.staticValue else { return nil }
    let base = program.split(separator: "/").last.map(String.init) ?? program
    let word: ShellWord
    let label: String
    if shells.contains(base) {
      guard let dash = command.words.firstIndex(where: { $0.staticValue == "-c" }), dash + 1 < command.words.count
      else { return nil }
      word = command.words[dash + 1]
      label = "`\(program) -c` text"
    } else if base == "ssh", let remote = sshRemoteCommand(command) {
      word = remote
      label = "`ssh` command text"
    } else if base == "trap", command.words.count >= 3, let action = command.words[safe: 1],
      action.staticValue.map({ $0 != "-" && !$0.hasPrefix("-") }) ?? true
    {
      // `trap 'docker rm -f job' EXIT`: the action runs as shell text when the signal comes.
      word = action
      label = "`trap` action"
    } else {
      return nil
    }
    // `ssh "$HOST" "docker run -v /srv/$APP:/data …"`: double-quoted text with expansions (the local shell
    // fills them in; read as they stand) is the text itself when it holds no escapes or backquotes.
    if word.staticValue == nil, region.isVerbatim, let inner = doubleQuotedText(word) {
      let text = word.rawText.utf8Slice(1, word.rawText.utf8.count - 1)
      guard text.contains("docker") || aliases.keys.contains(where: text.contains) else { return nil }
      return ShellRegion(range: inner, label: label, isMakeRecipe: region.isMakeRecipe)
    }
    // The docker program by name, or by a variable that holds it (`sh -c '$DOCKER run …'` under a unit's
    // `Environment=DOCKER=…`, or an exported script variable).
    guard let text = word.staticValue, text.contains("docker") || aliases.keys.contains(where: text.contains) else {
      return nil
    }
    if region.isVerbatim, word.parts.count == 1, let exact = word.partValueRanges.first ?? nil,
      exact.count == text.utf8.count
    {
      return ShellRegion(range: exact, label: label, isMakeRecipe: region.isMakeRecipe)
    }
    return ShellRegion(
      range: region.isVerbatim ? word.range : region.range, detachedText: Array(text.utf8), label: label)
  }

  /// The inside of a word written as one double-quoted string without escapes or backquotes.
  static func doubleQuotedText(_ word: ShellWord) -> ByteRange? {
    let raw = Array(word.rawText.utf8)
    guard raw.count >= 2, raw.first == UInt8(ascii: "\""), raw.last == UInt8(ascii: "\""),
      !raw[1..<(raw.count - 1)].contains(where: {
        $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "`")
      }),
      word.range.count == raw.count
    else { return nil }
    return ByteRange(word.range.lower + 1, word.range.upper - 1)
  }

  /// Options of `ssh` that take a value in the next word.
  static let sshValueOptions: Set<String> = [
    "-B", "-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o", "-p", "-Q", "-R", "-S",
    "-W", "-w",
  ]

  /// `ssh [options] HOST 'remote command'`: the remote command, when it is one word after the host.
  static func sshRemoteCommand(_ command: ShellStatement) -> ShellWord? {
    var index = 1
    let words = command.words
    while index < words.count, let option = words[index].staticValue, option.hasPrefix("-") {
      if option == "--" {
        index += 1
        break
      }
      index += sshValueOptions.contains(option) ? 2 : 1
    }
    // The host, then exactly one word: the command text the remote shell runs.
    guard index + 2 == words.count else { return nil }
    return words[index + 1]
  }

  /// `$ENGINE run …` where `$ENGINE` is not set in the file: reported, since it may well be docker.
  static func indirectProgram(_ command: ShellStatement, aliases: [String: DockerCall.Tool]) -> HostFileItem? {
    guard command.words.count >= 2, let first = command.words.first, first.staticValue == nil,
      aliases[first.rawText.quoteRemoved] == nil,
      first.parts.allSatisfy({ if case .parameter = $0 { return true } else { return false } }),
      let sub = command.words[1].staticValue, containerSubcommands.contains(sub)
    else { return nil }
    return HostFileItem(kind: .indirectProgram, range: first.range, text: "\(first.rawText) \(sub)")
  }

  /// `NAME=docker`, `NAME=/usr/bin/docker`, `NAME=${NAME:-docker}`: the variable, the range of the program
  /// text, and the program.
  /// `programs` are the program names that count (docker's by default).
  static func programAssignment(
    _ word: ShellWord, programs: Set<String> = ScriptExtractor.dockerPrograms
  ) -> (String, ByteRange, String)? {
    let raw = word.rawText
    let start = word.range.lower
    guard let equals = raw.firstIndex(of: "=") else { return nil }
    let name = String(raw[..<equals])
    var value = String(raw[raw.index(after: equals)...])
    var offset = start + raw[...equals].utf8.count
    for quote in ["\"", "'"] where value.hasPrefix(quote) && value.hasSuffix(quote) && value.count >= 2 {
      value = String(value.dropFirst().dropLast())
      offset += 1
    }
    // `${NAME:-docker}`, `$(command -v docker)`, `$(which docker)`, `` `which docker` ``: the program inside.
    for (prefix, suffix) in [
      ("${\(name):-", "}"), ("$(command -v ", ")"), ("$(which ", ")"), ("`command -v ", "`"), ("`which ", "`"),
    ] where value.hasPrefix(prefix) && value.hasSuffix(suffix) && value.count > prefix.count + suffix.count {
      offset += prefix.utf8.count
      value = String(value.dropFirst(prefix.count).dropLast(suffix.count))
      break
    }
    guard programs.contains(value) else { return nil }
    return (name, ByteRange(offset, offset + value.utf8.count), value)
  }

  /// `NAME=podman`, `NAME=$(command -v podman-compose)`, …: the variable and the podman tool it names.
  static func podmanAssignment(_ word: ShellWord) -> (String, DockerCall.Tool)? {
    guard let (name, _, program) = programAssignment(word, programs: podmanPrograms) else { return nil }
    return (name, program.hasSuffix("compose") ? .podmanCompose : .podman)
  }

  /// The podman programs a variable may name, as `ScriptExtractor.dockerPrograms` names docker's.
  static let podmanPrograms: Set<String> = [
    "podman", "/usr/bin/podman", "/usr/local/bin/podman", "podman-compose", "/usr/bin/podman-compose",
    "/usr/local/bin/podman-compose",
  ]

  static let wrappers: Set<String> = [
    "sudo", "exec", "time", "nohup", "env", "command", "xargs", "timeout", "nice", "doas", "parallel", "ssh",
  ]
  /// Options of wrappers that take a value in the next word.
  static let wrapperValueOptions: [String: Set<String>] = [
    "sudo": [
      "-u", "-g", "-h", "-p", "-C", "-D", "-R", "-T", "-U", "--user", "--group", "--host", "--prompt",
      "--chdir", "--close-from", "--role", "--type", "--other-user", "--command-timeout",
    ],
    "doas": ["-u", "-C"],
    "exec": ["-a"],
    "env": ["-u", "-C", "-S", "--unset", "--chdir", "--split-string"],
    "xargs": [
      "-n", "-L", "-I", "-P", "-s", "-d", "-E", "-a", "-e", "-i", "-l", "--max-args", "--max-lines",
      "--replace", "--max-procs", "--max-chars", "--delimiter", "--eof", "--arg-file", "--process-slot-var",
    ],
    "timeout": ["-s", "-k", "--signal", "--kill-after"],
    "parallel": [
      "-j", "--jobs", "-a", "--arg-file", "-S", "--sshlogin", "--colsep", "-d", "--delimiter", "-I", "--joblog",
      "--results", "--tmpdir", "--timeout", "--halt", "--load", "--delay", "-N", "-n", "-L", "-s", "-E",
      "--memfree", "--retries", "--env",
    ],
    "nice": ["-n", "--adjustment"],
    "ssh": sshValueOptions,
  ]

  /// Where the docker program is in `command`, past wrappers (`sudo -u x`, `env A=1`, `xargs -r`,
  /// `timeout 5m`), and the range of a leading `sudo`. Nil when the command does not run docker.
  static func programIndex(_ command: ShellStatement, aliases: [String: DockerCall.Tool])
    -> (Int, ByteRange?, String?, Bool)?
  {
    var index = 0
    var sudoStart: Int?
    var sudoUser: String?
    let words = command.words
    while index < words.count {
      let word = words[index]
      let raw = word.rawText.quoteRemoved
      if aliases[raw] != nil { return (index, sudoStart.map { ByteRange($0, word.range.lower) }, sudoUser, true) }
      guard let value = word.staticValue else { return nil }
      let base = value.split(separator: "/").last.map(String.init) ?? value
      if ["docker", "docker-compose", "podman", "podman-compose"].contains(base) {
        return (index, sudoStart.map { ByteRange($0, word.range.lower) }, sudoUser, false)
      }
      guard wrappers.contains(base) else { return nil }
      if base == "sudo" || base == "doas" { sudoStart = sudoStart ?? word.range.lower }
      if base == "command", index + 1 < words.count, ["-v", "-V"].contains(words[index + 1].staticValue ?? "") {
        return nil
      }
      index += 1
      // Skip the wrapper's options, `NAME=value` words of env, and the duration of timeout.
      let valueOptions = wrapperValueOptions[base] ?? []
      while index < words.count, let option = words[index].staticValue {
        if option == "--" {
          index += 1
          break
        }
        if option.hasPrefix("-") && option.count > 1 {
          let name = option.split(separator: "=").first.map(String.init) ?? option
          if (base == "sudo" || base == "doas") && (name == "-u" || name == "--user") {
            let user =
              option.contains("=") ? String(option.drop { $0 != "=" }.dropFirst()) : words[safe: index + 1]?.staticValue
            if let user, user != "root", user != "0", user != "#0" { sudoUser = user }
          }
          index += valueOptions.contains(name) && !option.contains("=") ? 2 : 1
        } else if base == "env" && option.contains("=") {
          index += 1
        } else {
          break
        }
      }
      // `timeout 5m docker …`, `ssh HOST docker …`: one more word before the program.
      if base == "timeout" || base == "ssh" { index += 1 }
    }
    return nil
  }
}

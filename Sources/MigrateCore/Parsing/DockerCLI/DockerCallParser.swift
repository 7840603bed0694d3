/// Reads a `ShellStatement` as a docker command line: parses a shell command that runs docker (or
/// docker-compose / podman) against `DockerGrammar`, following pflag/cobra rules, with every flag and value
/// located in host-file bytes.
public enum DockerCallParser {
  /// Parses `command.words[programIndex...]` as a docker, docker-compose or podman invocation.
  ///
  /// `programIndex` is the index in `command.words` of the program word (after wrappers such as
  /// `sudo` that the caller skipped). Returns nil when there is no such word.
  ///
  /// Flags follow pflag: `--x=v`, `--x v`, `-x v`, `-xv`, `-x=v`, bundles `-itd`, `--flag=false` for
  /// booleans, `--` ends the options. A flag the grammar does not know is kept with `known == false`:
  /// written `--x=v` its value is clearly in the same word, but written `--x v` its arity cannot be
  /// known, so it is taken as a boolean and `v` stays a positional (or, for run/create, becomes the
  /// image). A word built only from expansions (`$OPTS`) is taken as a positional.
  /// `tool` overrides what the program word says: `$(COMPOSE)` set to `docker compose` by a Makefile.
  public static func parse(_ command: ShellStatement, programIndex: Int, as tool: DockerCall.Tool? = nil)
    -> DockerCall?
  {
    let words = command.words
    guard programIndex >= 0, programIndex < words.count else { return nil }
    let program = words[programIndex]
    let tool = tool ?? toolOf(program)
    var state = DockerParseState(words: words)
    state.index = programIndex + 1

    var globalFlags: [ParsedFlag] = []
    var spec: CommandSpec? = nil
    var writtenPath: [String] = []
    var subcommandWords: [ShellWord] = []
    var unknownPath: [String]? = nil

    if tool == .dockerCompose || tool == .podmanCompose {
      spec = DockerGrammar.command(["compose"])
      writtenPath = ["compose"]
    } else {
      let globals = tool == .podman ? DockerGrammar.podmanGlobalIndex : DockerGrammar.globalIndex
      globalFlags = state.readFlags(table: globals)
    }

    // Walk down command groups.
    while true {
      if let group = spec {
        guard group.isGroup else { break }
        let table = DockerGrammar.flagIndex(forCanonicalPath: group.path) ?? DockerGrammar.FlagIndex([])
        state.flags += state.readFlags(table: table)
      }
      guard state.endOfOptions == nil, state.index < words.count,
        let name = words[state.index].staticValue, !name.isEmpty
      else { break }
      if let child = DockerGrammar.command(writtenPath + [name]) {
        writtenPath.append(name)
        spec = child
        subcommandWords.append(words[state.index])
        state.index += 1
        continue
      }
      // Unknown (sub)command: keep its spelling and read the rest without a table.
      unknownPath = (spec?.path ?? []) + [name]
      spec = nil
      subcommandWords.append(words[state.index])
      state.index += 1
      break
    }

    if let leaf = spec, !leaf.isGroup {
      let table = DockerGrammar.flagIndex(forCanonicalPath: leaf.path) ?? DockerGrammar.FlagIndex(leaf.flags)
      state.readArguments(table: table, stopAtPositional: leaf.positionalsStopFlags)
    } else if unknownPath != nil {
      state.readArguments(table: DockerGrammar.FlagIndex([]), stopAtPositional: false)
    } else {
      // A group without (known) subcommand: whatever follows is positional.
      state.readArguments(table: DockerGrammar.FlagIndex([]), stopAtPositional: true)
    }

    let subcommand = unknownPath ?? spec?.path ?? []
    let upper = max(program.range.upper, words.last?.range.upper ?? program.range.upper)
    let unknown = (globalFlags + state.flags).filter { !$0.known }
    return DockerCall(
      program: program, tool: tool, globalFlags: globalFlags, subcommand: subcommand,
      subcommandWords: subcommandWords, flags: state.flags, positionals: state.positionals,
      unknownFlags: unknown, range: ByteRange(program.range.lower, upper), spec: spec,
      endOfOptions: state.endOfOptions, diagnostics: state.diagnostics,
      splittableWords: words[(programIndex + 1)...].filter(hasUnquotedExpansion))
  }

  /// True when `word` has an expansion outside quotes, subject to field splitting.
  static func hasUnquotedExpansion(_ word: ShellWord) -> Bool {
    word.parts.contains { part in
      switch part {
      case .literal: return false
      case .parameter(_, _, let quoting), .commandSubstitution(_, let quoting), .arithmetic(_, let quoting):
        return quoting == .unquoted
      }
    }
  }

  static func toolOf(_ program: ShellWord) -> DockerCall.Tool {
    guard let value = program.staticValue else { return .docker }
    let base = value.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? value
    switch base {
    case "docker-compose": return .dockerCompose
    case "podman": return .podman
    case "podman-compose": return .podmanCompose
    default: return .docker
    }
  }
}

/// Cursor over the words of one command. Internal.
struct DockerParseState {
  let words: [ShellWord]
  var index = 0
  var flags: [ParsedFlag] = []
  var positionals: [ShellWord] = []
  var endOfOptions: ShellWord? = nil
  var diagnostics: [ShellDiagnostic] = []

  init(words: [ShellWord]) {
    self.words = words
  }

  /// Reads flags until the first positional (left unread) or `--` (consumed).
  mutating func readFlags(table: DockerGrammar.FlagIndex) -> [ParsedFlag] {
    var out: [ParsedFlag] = []
    while index < words.count && endOfOptions == nil {
      let word = words[index]
      if word.staticValue == "--" {
        endOfOptions = word
        index += 1
        break
      }
      guard isFlagShaped(word) else { break }
      out += readFlag(table: table)
    }
    return out
  }

  /// Reads flags and positionals to the end of the command.
  mutating func readArguments(table: DockerGrammar.FlagIndex, stopAtPositional: Bool) {
    var flagsEnded = endOfOptions != nil
    while index < words.count {
      let word = words[index]
      if flagsEnded {
        positionals.append(word)
        index += 1
        continue
      }
      if word.staticValue == "--" {
        endOfOptions = word
        flagsEnded = true
        index += 1
        continue
      }
      if isFlagShaped(word) {
        flags += readFlag(table: table)
      } else {
        positionals.append(word)
        index += 1
        if stopAtPositional { flagsEnded = true }
      }
    }
  }

  /// `-x…` or `--x…` (a lone `-` is a positional: stdin).
  func isFlagShaped(_ word: ShellWord) -> Bool {
    let prefix = word.literalPrefix
    guard prefix.hasPrefix("-") else { return false }
    if prefix.utf8.count >= 2 { return true }
    return word.staticValue == nil  // `-$X`: an option whose letters come from an expansion
  }

  /// Reads the flag word at `index` (and its value word, when separate).
  mutating func readFlag(table: DockerGrammar.FlagIndex) -> [ParsedFlag] {
    let word = words[index]
    index += 1
    let prefix = word.literalPrefix
    if prefix.hasPrefix("--") {
      return [readLongFlag(word, prefix: prefix, table: table)]
    }
    return readShortFlags(word, prefix: prefix, table: table)
  }

  mutating func readLongFlag(_ word: ShellWord, prefix: String, table: DockerGrammar.FlagIndex)
    -> ParsedFlag
  {
    let body = prefix.utf8.dropFirst(2)
    let equals = body.firstIndex(of: UInt8(ascii: "="))
    let nameBytes = equals.map { body[body.startIndex..<$0] } ?? body[...]
    let name = String(decoding: nameBytes, as: UTF8.self)
    let nameLength = 2 + nameBytes.count
    let nameRange = word.exactSourceRange(ofValueBytes: 0..<nameLength)
    // `--$X` or `--na$X`: the flag's name comes from an expansion.
    if equals == nil && word.staticValue == nil {
      return ParsedFlag(
        name: String(word.rawText.drop { $0 == "-" }), spelling: word, spelledAs: word.rawText,
        nameRange: nil, value: nil, valueWord: nil, valueRange: nil, valueSourceRange: nil,
        known: false, spec: nil)
    }
    let spec = table.long[name]
    var flag = ParsedFlag(
      name: name, spelling: word, spelledAs: "--" + name, nameRange: nameRange, value: nil,
      valueWord: nil, valueRange: nil, valueSourceRange: nil, known: spec != nil, spec: spec)
    if equals != nil {
      attachInlineValue(&flag, word: word, offset: nameLength + 1)
    } else if let spec, spec.arity == .one {
      attachNextWordValue(&flag, flagWord: word)
    }
    return flag
  }

  mutating func readShortFlags(_ word: ShellWord, prefix: String, table: DockerGrammar.FlagIndex)
    -> [ParsedFlag]
  {
    var out: [ParsedFlag] = []
    let letters = Array(prefix.dropFirst())
    if letters.isEmpty {
      // `-$X`
      out.append(
        ParsedFlag(
          name: String(word.rawText.dropFirst()), spelling: word, spelledAs: word.rawText, nameRange: nil,
          value: nil, valueWord: nil, valueRange: nil, valueSourceRange: nil, known: false, spec: nil))
      return out
    }
    let total = word.staticValue?.utf8.count
    var offset = 1  // UTF-8 offset of the current letter in the word's value
    var k = 0
    while k < letters.count {
      let letter = letters[k]
      let letterLength = String(letter).utf8.count
      let nameRange = word.exactSourceRange(ofValueBytes: offset..<(offset + letterLength))
      let afterLetter = offset + letterLength
      guard let spec = table.short[letter] else {
        // Unknown shorthand: pflag would stop here; keep the rest of the word as its name.
        let rest = String(letters[k...])
        let name =
          rest.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first
          .map(String.init) ?? rest
        var flag = ParsedFlag(
          name: name, spelling: word, spelledAs: "-" + String(letter), nameRange: nameRange, value: nil,
          valueWord: nil, valueRange: nil, valueSourceRange: nil, known: false, spec: nil)
        if rest.contains("=") {
          attachInlineValue(&flag, word: word, offset: offset + name.utf8.count + 1)
        }
        out.append(flag)
        return out
      }
      var flag = ParsedFlag(
        name: spec.long, spelling: word, spelledAs: "-" + String(letter), nameRange: nameRange,
        value: nil, valueWord: nil, valueRange: nil, valueSourceRange: nil, known: true, spec: spec)
      let nextIsEquals = k + 1 < letters.count && letters[k + 1] == "="
      switch spec.arity {
      case .none:
        if nextIsEquals {
          attachInlineValue(&flag, word: word, offset: afterLetter + 1)
          out.append(flag)
          return out
        }
        out.append(flag)
        offset = afterLetter
        k += 1
      case .one:
        if let total, afterLetter >= total {
          attachNextWordValue(&flag, flagWord: word)
        } else {
          attachInlineValue(&flag, word: word, offset: nextIsEquals ? afterLetter + 1 : afterLetter)
        }
        out.append(flag)
        return out
      }
    }
    return out
  }

  /// The value is the rest of `word` from value offset `offset` (UTF-8 bytes).
  func attachInlineValue(_ flag: inout ParsedFlag, word: ShellWord, offset: Int) {
    flag.valueWord = word
    if let value = word.staticValue {
      flag.value = String(decoding: value.utf8.dropFirst(offset), as: UTF8.self)
    }
    flag.valueRange = word.exactSourceRange(ofValueSuffixFrom: offset)
    flag.valueSourceRange = word.sourceRange(ofValueSuffixFrom: offset)
  }

  /// The value is the next word (pflag takes it whatever it looks like, even `-x`).
  mutating func attachNextWordValue(_ flag: inout ParsedFlag, flagWord: ShellWord) {
    guard index < words.count else {
      diagnostics.append(
        ShellDiagnostic(message: "flag needs an argument: \(flag.spelledAs)", range: flagWord.range))
      return
    }
    let valueWord = words[index]
    index += 1
    flag.valueWord = valueWord
    flag.value = valueWord.staticValue
    flag.valueRange = valueWord.exactSourceRange(ofValueSuffixFrom: 0)
    flag.valueSourceRange = valueWord.range
  }
}

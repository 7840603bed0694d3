/// A docker (or docker-compose, podman) call found in a file, with what surrounds it: the call read with the
/// docker grammar, the shell statement it is, its region, `sudo`, and the container a run/create line describes.
@dynamicMemberLookup
public struct DockerCallSite: Sendable {
  public struct Fields: Sendable {
    public var invocation: DockerCall
    public var command: ShellStatement
    public var region: ShellRegion
    /// `sudo` and its options before the program (from `sudo` to the program word), when present.
    public var sudo: ByteRange?
    /// The user `sudo -u USER` runs the command as; nil when sudo runs it as root.
    public var sudoUser: String?
    /// The container a `run`/`create` line describes.
    public var container: Container?
    /// True when the program word is a variable that a make or shell assignment sets to docker (the
    /// assignment is renamed instead of the use).
    public var programIsAlias: Bool
  }

  /// Behind one reference: rules walk every command of a file, each walk copying the sites.
  private var storage: CopyOnWrite<Fields>

  // Inlined, so the key path of each use is known where it is applied and becomes a plain field access.
  @inline(__always)
  public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
    _read { yield storage.value[keyPath: keyPath] }
    _modify { yield &storage.value[keyPath: keyPath] }
  }

  public init(
    invocation: DockerCall, command: ShellStatement, region: ShellRegion, sudo: ByteRange?, sudoUser: String?,
    container: Container?, programIsAlias: Bool
  ) {
    storage = CopyOnWrite(
      Fields(
        invocation: invocation, command: command, region: region, sudo: sudo, sudoUser: sudoUser,
        container: container, programIsAlias: programIsAlias))
  }
}

/// A file holding shell commands (a script, Makefile, systemd unit, CI file), read into docker commands.
public struct ScriptDocument: Sendable {
  public var source: SourceFile
  public var kind: InputKind
  public var regions: [ShellRegion]
  public var commands: [DockerCallSite]
  public var items: [HostFileItem]
  /// Shell syntax problems, located in the host file (commands they affect are dropped).
  public var diagnostics: [ShellDiagnostic]
  /// Every simple command of the file (docker or not), in reading order, with its region: for rules about
  /// what surrounds the docker commands (`export DOCKER_HOST=…`, `usermod -aG docker`, `curl --unix-socket`).
  public var shellCommands: [ScriptStatement] = []

  /// Image names the file builds or tags itself (`docker build -t NAME`, `docker tag SRC NAME`): local
  /// images that podman keeps under `localhost/`, so they are not qualified with `docker.io`.
  public var builtImageNames: Set<String> = []

  static func builtImageNames(_ commands: [DockerCallSite]) -> Set<String> {
    var names = Set<String>()
    for command in commands {
      let invocation = command.invocation
      if invocation.subcommand == ["build"] || invocation.subcommand == ["buildx", "build"] {
        for flag in invocation.flags where flag.name == "tag" {
          if let value = flag.value ?? flag.valueWord?.rawText.quoteRemoved { names.insert(value) }
        }
      } else if invocation.subcommand == ["tag"], invocation.positionals.count >= 2 {
        names.insert(invocation.positionals[1].staticValue ?? invocation.positionals[1].rawText.quoteRemoved)
      }
    }
    // Tags vary (`app:$CI_COMMIT_SHA`, `app:dev`): a built repository name covers all of its tags.
    return names.union(names.map(ScriptDocument.repository))
  }

  /// The service name composerize gives a run line: the image's last path part, without tag or digest.
  static func serviceName(image: String) -> String {
    let repository = repository(image)
    return repository.split(separator: "/").last.map(String.init) ?? repository
  }

  /// The repository part of an image reference: without `@digest` and `:tag`.
  public static func repository(_ reference: String) -> String {
    var name = reference.split(separator: "@").first.map(String.init) ?? reference
    if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") { name = String(name[..<colon]) }
    return name
  }
}

/// One shell statement (simple command) of a script-like file and the region it was read from (spans are host-file spans when
/// the region is verbatim, else offsets into the region's detached text).
public struct ScriptStatement: Sendable {
  public var command: ShellStatement
  public var region: ShellRegion
}

extension ScriptParser {
  // MARK: run/create → container model

  /// The container a `run`/`create` line describes, with every value located in the host file.
  static func container(_ invocation: DockerCall, region: ShellRegion, source: SourceFile) -> Container {
    let runWord = invocation.subcommandWords.last ?? invocation.program
    var spec = Container(
      origin: .runCommand, anchorRange: ByteRange(invocation.program.range.lower, runWord.range.upper))
    spec.optionSite = .commandFlag(offset: runWord.range.upper)
    spec.settings = LocatedSetting.flags(invocation.flags)
    if let image = invocation.image {
      let written = value(of: image, region: region)
      spec.image = written
      spec.name = ScriptDocument.serviceName(image: written.text)
    }
    let words = invocation.positionals.dropFirst().map { value(of: $0, region: region) }
    if !words.isEmpty { spec.command = .list(words) }
    // `--uidmap 0:1:2 nginx`: an unknown flag written apart from its value makes the image uncertain.
    spec.imageUncertain = invocation.flags.contains { !$0.known && !$0.spelling.rawText.contains("=") }
    for flag in invocation.flags {
      // Looked up by the option table's name, so every alias docker accepts (`--net`) reads the same.
      // A flag the grammar does not know and that has no value word is a switch (`--foo`).
      var written = value(of: flag, region: region)
      if written == nil, let text = flag.value {
        written = SourceValue(text: text, range: flag.spelling.range, valueRange: nil, context: .opaque)
      }
      spec.record(flag.name, written, at: flag.spelling.range)
    }
    return spec
  }

  /// A flag's value as a `SourceValue`: exact where the value maps onto the file, with the place where text
  /// may be appended inside its quotes.
  static func value(of flag: ParsedFlag, region: ShellRegion) -> SourceValue? {
    guard let word = flag.valueWord, let sourceRange = flag.valueSourceRange else { return nil }
    let valueStart = sourceRange.lower
    // The part of the word holding the value (all of it for `-v x`, the suffix after `=` for `--volume=x`).
    let parts = word.parts.filter { $0.range.upper > valueStart }
    var text =
      flag.value
      ?? parts.map { part -> String in
        switch part {
        case .literal(let value, _, _): return value
        case .parameter(let raw, _, _): return raw
        case .commandSubstitution(let range, _), .arithmetic(let range, _):
          return word.rawText.utf8Slice(range.lower - word.range.lower, range.upper - word.range.lower)
        }
      }.joined().trimmingLeadingPrefix(ofRaw: word, at: valueStart)
    // Ranges are in the region's own text: the host file's, or a detached buffer's (folded YAML), where
    // fixes are computed the same way and then only shown.
    var valueRange = flag.valueRange
    var appendOffset: Int?
    var appendContext = ValueContext.opaque
    if let last = word.parts.last {
      appendContext = context(of: last.quoting)
      switch last {
      case .literal(_, let range, let quoting):
        appendOffset = quoting == .unquoted ? range.upper : (word.partValueRanges.last ?? nil)?.upper
      case .parameter(_, let range, let quoting), .commandSubstitution(let range, let quoting),
        .arithmetic(let range, let quoting):
        appendOffset = quoting == .unquoted ? range.upper : (range.upper == word.range.upper ? nil : range.upper)
        if quoting == .doubleQuoted, word.rawText.hasSuffix("\"") { appendOffset = word.range.upper - 1 }
      }
    }
    if region.isMakeRecipe && word.rawText.contains("$$") {
      // Make's `$$` is the shell's `$`: the file's bytes are not the shell's, so nothing is edited in place.
      text = text.replacingAll("$$", with: "$")
      valueRange = nil
      appendOffset = nil
    }
    let contextValue =
      valueRange == nil
      ? ValueContext.opaque : context(of: word.parts.first { $0.range.upper > valueStart }?.quoting ?? .unquoted)
    var result = SourceValue(
      text: text, range: sourceRange, valueRange: valueRange,
      context: contextValue, appendOffset: appendOffset, appendContext: appendContext)
    if flag.value == nil { result.expansion = word.rawText }
    return result
  }

  /// A positional word (the image) as a `SourceValue`.
  static func value(of word: ShellWord, region: ShellRegion) -> SourceValue {
    let text = word.staticValue ?? word.rawText.quoteRemoved
    var exact = word.staticValue.flatMap { _ in word.exactSourceRange(ofValueSuffixFrom: 0) }
    if region.isMakeRecipe && word.rawText.contains("$$") { exact = nil }
    let quoting = word.parts.first?.quoting ?? .unquoted
    var result = SourceValue(
      text: text, range: word.range, valueRange: exact,
      context: exact == nil ? .opaque : context(of: quoting))
    if word.staticValue == nil { result.expansion = word.rawText }
    return result
  }

  static func context(of quoting: ShellQuoting) -> ValueContext {
    switch quoting {
    case .unquoted: return .shellUnquoted
    case .singleQuoted: return .shellSingleQuoted
    case .doubleQuoted: return .shellDoubleQuoted
    case .ansiC: return .opaque
    }
  }
}

extension Array {
  /// The element at `index`, or nil past the ends.
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension String {
  /// The string with every occurrence of `target` replaced (no Foundation in MigrateCore).
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }

  /// The shell text with quote removal done (quotes dropped, backslash escapes resolved; expansions kept
  /// as written), for comparing `"$DOCKER"` with `$DOCKER`: the one quote-removal function of the shell
  /// reader, which heredoc delimiters use too.
  var quoteRemoved: String { String(decoding: ShellParserState.quoteRemoved(Array(utf8)), as: UTF8.self) }

  /// The UTF-8 bytes `lower..<upper` of the string, decoded.
  func utf8Slice(_ lower: Int, _ upper: Int) -> String {
    let bytes = Array(utf8)
    let low = max(0, min(lower, bytes.count))
    let high = max(low, min(upper, bytes.count))
    return String(decoding: bytes[low..<high], as: UTF8.self)
  }

  /// The string with `text` inserted before UTF-8 byte `offset`.
  func inserting(_ text: String, atByte offset: Int) -> String {
    utf8Slice(0, offset) + text + utf8Slice(offset, utf8.count)
  }

  /// For `--volume=$X:/y` the parts of the word start before the value; drop the flag text before it.
  func trimmingLeadingPrefix(ofRaw word: ShellWord, at valueStart: Int) -> String {
    guard let first = word.parts.first(where: { $0.range.upper > valueStart }),
      case .literal(let value, let range, let quoting) = first, quoting == .unquoted, range.lower < valueStart
    else { return self }
    let skip = valueStart - range.lower
    let drop = min(skip, value.utf8.count)
    return String(decoding: Array(utf8).dropFirst(drop), as: UTF8.self)
  }
}

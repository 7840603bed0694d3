/// Public model of the shell reader: words, simple commands and diagnostics, each located by
/// half-open UTF-8 byte offsets (0-based) into the host file's bytes.

/// A problem found while reading shell text, located in host-file bytes.
public struct ShellDiagnostic: Sendable, Hashable, CustomStringConvertible {
  /// What went wrong, in plain words.
  public var message: String
  /// Where: host-file UTF-8 byte offsets (0-based, half-open). For an unterminated construct this is
  /// the opening token (`"`, `'`, `$(`, `` ` ``, `${`, `<<`).
  public var range: ByteRange

  public init(message: String, range: ByteRange) {
    self.message = message
    self.range = range
  }

  public var description: String { "\(range): \(message)" }
}

/// The shell dialect to read. `.bash` adds `[[ … ]]`, `(( … ))`, `$'…'`, `$"…"`, `<<<`, `&>`, `&>>`,
/// `<( … )` / `>( … )` process substitution and `name=( … )` array assignments.
public enum ShellDialect: Sendable, Hashable {
  case posix
  case bash
}

/// How the text around the shell differs from a plain script.
public struct ShellReadOptions: Sendable, Hashable {
  /// Make recipe text: `$$` stands for `$` (the rest of the word is read as the shell sees it).
  public var makeDollars: Bool
  /// Text indented as a whole (a YAML literal block): here-document terminators may be indented too.
  public var indentedText: Bool

  public init(makeDollars: Bool = false, indentedText: Bool = false) {
    self.makeDollars = makeDollars
    self.indentedText = indentedText
  }
}

/// How a part of a word was quoted in the source.
public enum ShellQuoting: Sendable, Hashable {
  case unquoted
  case singleQuoted
  case doubleQuoted
  /// `$'…'` (bash): backslash escapes are decoded.
  case ansiC
}

/// One piece of a word. All ranges are host-file UTF-8 byte offsets (0-based, half-open).
public enum ShellWordPart: Sendable, Hashable {
  /// Literal text after quote and escape removal. `range` covers the source bytes of this segment,
  /// including the quotes that belong to it (the opening quote belongs to the first segment of a quoted
  /// string, the closing quote to the last).
  case literal(String, range: ByteRange, quoting: ShellQuoting)
  /// `$VAR`, `${VAR…}`, `$1`, `$@` …, kept opaque; the String is the raw source text.
  case parameter(String, range: ByteRange, quoting: ShellQuoting)
  /// `$(…)`, `` `…` `` or (bash) `<(…)` / `>(…)`; the commands inside are also returned in
  /// `ShellScript.commands` with `nested == true`.
  case commandSubstitution(range: ByteRange, quoting: ShellQuoting)
  /// `$((…))`. Command substitutions inside it are still scanned for commands.
  case arithmetic(range: ByteRange, quoting: ShellQuoting)

  /// Source bytes of this part (host-file UTF-8 byte offsets, 0-based, half-open).
  public var range: ByteRange {
    switch self {
    case .literal(_, let range, _), .parameter(_, let range, _): return range
    case .commandSubstitution(let range, _), .arithmetic(let range, _): return range
    }
  }

  /// How this part was quoted.
  public var quoting: ShellQuoting {
    switch self {
    case .literal(_, _, let quoting), .parameter(_, _, let quoting): return quoting
    case .commandSubstitution(_, let quoting), .arithmetic(_, let quoting): return quoting
    }
  }

  /// The literal value when this part is `.literal`, else nil.
  public var literalValue: String? {
    if case .literal(let value, _, _) = self { return value }
    return nil
  }
}

/// One shell word (an argument, an assignment, a redirection target).
public struct ShellWord: Sendable, Hashable {
  /// The whole word, including its quotes (host-file UTF-8 byte offsets, 0-based, half-open).
  public var range: ByteRange
  /// The pieces of the word in source order.
  public var parts: [ShellWordPart]
  /// The word's value when it has only literal parts (quote and escape removal done), else nil.
  /// Bytes that are not valid UTF-8 are decoded as U+FFFD.
  public var staticValue: String?
  /// The source text of the word (invalid UTF-8 decoded as U+FFFD).
  public var rawText: String
  /// True when the source bytes of the word equal its value byte for byte (unquoted, no escapes, no
  /// line continuations, valid UTF-8), so an edit inside the value maps directly onto the file.
  public var isVerbatim: Bool
  /// Parallel to `parts`: for each literal part, the source byte range (host-file offsets, 0-based,
  /// half-open) whose bytes equal that part's value byte for byte (inside its quotes), or nil when
  /// escapes, line continuations or invalid UTF-8 break that equality, and for non-literal parts.
  public var partValueRanges: [ByteRange?]

  public init(
    range: ByteRange, parts: [ShellWordPart], staticValue: String?, rawText: String, isVerbatim: Bool,
    partValueRanges: [ByteRange?]
  ) {
    self.range = range
    self.parts = parts
    self.staticValue = staticValue
    self.rawText = rawText
    self.isVerbatim = isVerbatim
    self.partValueRanges = partValueRanges
  }

  /// The values of the leading literal parts, concatenated, up to the first non-literal part
  /// (`--name=` for `--name=$X`; the whole value when the word is static).
  public var literalPrefix: String {
    if let staticValue { return staticValue }
    var out = ""
    for part in parts {
      guard case .literal(let value, _, _) = part else { break }
      out += value
    }
    return out
  }

  /// True when the word has any quoted part.
  public var isQuoted: Bool { parts.contains { $0.quoting != .unquoted } }

  /// The host-file range whose bytes equal the value bytes `valueBytes` (UTF-8 offsets, 0-based,
  /// half-open, counted in the word's literal prefix) byte for byte, or nil when quotes, escapes,
  /// line continuations or expansions prevent an exact map. Example: in `--name="web 1"` the value
  /// bytes 7..<12 map to the range of `web 1` inside the quotes.
  public func exactSourceRange(ofValueBytes valueBytes: Range<Int>) -> ByteRange? {
    guard valueBytes.lowerBound >= 0 else { return nil }
    var consumed = 0
    var startIndex: Int? = nil
    var startOffset = 0
    for (index, part) in parts.enumerated() {
      guard case .literal(let value, _, _) = part else { return nil }
      let count = value.utf8.count
      let partEnd = consumed + count
      if startIndex == nil {
        let containsStart =
          valueBytes.isEmpty
          ? (valueBytes.lowerBound >= consumed && valueBytes.lowerBound <= partEnd)
          : (valueBytes.lowerBound >= consumed && valueBytes.lowerBound < partEnd)
        if containsStart {
          guard let range = partValueRanges[index] else { return nil }
          startIndex = index
          startOffset = range.lower + (valueBytes.lowerBound - consumed)
          if valueBytes.upperBound <= partEnd {
            return ByteRange(startOffset, range.lower + (valueBytes.upperBound - consumed))
          }
        }
      } else {
        // Continuing across parts: only exact while the source stays contiguous (no quote between).
        guard let range = partValueRanges[index], let previous = partValueRanges[index - 1],
          previous.upper == range.lower
        else { return nil }
        if valueBytes.upperBound <= partEnd {
          return ByteRange(startOffset, range.lower + (valueBytes.upperBound - consumed))
        }
      }
      consumed = partEnd
    }
    return nil
  }

  /// The host-file range whose bytes equal the value suffix starting at UTF-8 offset `offset`
  /// (0-based) byte for byte; nil unless the word is static and the suffix maps exactly.
  /// Example: for `--name="web 1"` and offset 7 it returns the range of `web 1` inside the quotes.
  public func exactSourceRange(ofValueSuffixFrom offset: Int) -> ByteRange? {
    guard let staticValue else { return nil }
    let total = staticValue.utf8.count
    guard offset >= 0, offset <= total else { return nil }
    return exactSourceRange(ofValueBytes: offset..<total)
  }

  /// The host-file range of the source text that produces the value suffix starting at UTF-8 offset
  /// `offset` of the literal prefix, including any quotes and expansions up to the end of the word,
  /// or nil when `offset` falls inside an escape sequence. Example: for `-e=A="b c"` and offset 3 it
  /// returns the range of `A="b c"`.
  public func sourceRange(ofValueSuffixFrom offset: Int) -> ByteRange? {
    guard offset >= 0 else { return nil }
    var consumed = 0
    for (index, part) in parts.enumerated() {
      if offset == consumed { return ByteRange(part.range.lower, range.upper) }
      guard case .literal(let value, _, _) = part else { return nil }
      let count = value.utf8.count
      if offset < consumed + count {
        guard let valueRange = partValueRanges[index] else { return nil }
        return ByteRange(valueRange.lower + (offset - consumed), range.upper)
      }
      consumed += count
    }
    return offset == consumed ? ByteRange(range.upper, range.upper) : nil
  }
}

/// One simple command: optional `NAME=value` prefixes, then its argv words. Keywords of compound
/// commands (`if`, `then`, `do`, `done`, `case` patterns, …) are not part of any command.
public struct ShellStatement: Sendable, Hashable {
  /// `FOO=1` prefixes, in source order.
  public var assignments: [ShellWord]
  /// argv, after the assignments; redirections and their targets are not included.
  public var words: [ShellWord]
  /// From the first assignment/word to the end of the last word or redirection (host-file UTF-8
  /// byte offsets, 0-based, half-open).
  public var range: ByteRange
  /// True inside `$(…)`, backticks or process substitution.
  public var nested: Bool
  /// True when the command's range spans a backslash-newline line continuation.
  public var hasLineContinuations: Bool
  /// The redirections of this command (operator through target), host-file byte ranges.
  public var redirections: [ByteRange]
  /// True when the command ends with `&`: the shell goes on without waiting for it.
  public var backgrounded = false

  public init(
    assignments: [ShellWord], words: [ShellWord], range: ByteRange, nested: Bool,
    hasLineContinuations: Bool, redirections: [ByteRange] = []
  ) {
    self.assignments = assignments
    self.words = words
    self.range = range
    self.nested = nested
    self.hasLineContinuations = hasLineContinuations
    self.redirections = redirections
  }
}

/// The result of reading a piece of shell text.
public struct ShellScript: Sendable {
  /// Every simple command, nested ones included, ordered by start offset.
  public var commands: [ShellStatement]
  /// Located problems (unterminated quotes, here-documents, substitutions, …).
  public var diagnostics: [ShellDiagnostic]
  /// `#` comments, from `#` to the end of the line (newline excluded), host-file byte ranges.
  public var comments: [ByteRange]

  public init(commands: [ShellStatement], diagnostics: [ShellDiagnostic], comments: [ByteRange]) {
    self.commands = commands
    self.diagnostics = diagnostics
    self.comments = comments
  }
}

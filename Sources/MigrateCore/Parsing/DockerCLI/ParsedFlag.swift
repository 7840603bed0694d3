/// One flag as written on a command line.
@dynamicMemberLookup
public struct ParsedFlag: Sendable, Hashable {
  public struct Fields: Sendable, Hashable {
    /// Canonical long name without dashes, e.g. `publish` for `-p`. For an unknown flag, the name as
    /// written without dashes and without any `=value` (`bool` for `--bool`, `Z` for `-Z`).
    public var name: String
    /// The word holding the flag (`-p`, `--publish=80:80`, `-itd`).
    public var spelling: ShellWord
    /// The flag as written, with dashes: `-p`, `--publish`, `-t` (for the `t` of `-itd`).
    public var spelledAs: String
    /// Host-file UTF-8 byte range (0-based, half-open) of the flag's name inside `spelling`: `--publish`
    /// including its dashes, or the single letter of a shorthand (the `t` of `-itd`, the `p` of `-p80`);
    /// nil when the word is not written plainly enough to map.
    public var nameRange: ByteRange?
    /// The value when statically known: `80:80`, `false` for `--rm=false`; nil for booleans given
    /// without a value, for missing values and for values built from expansions (`--name=$X`).
    public var value: String?
    /// The word holding the value: the same word for `--x=v`, `-p80`, `-p=80`; the next word for
    /// `--x v` / `-p v`; nil when there is no value.
    public var valueWord: ShellWord?
    /// Exact host-file byte range (0-based, half-open) of the value text inside `valueWord`: its bytes
    /// equal `value` byte for byte (inside quotes when the value is quoted without escapes); nil when
    /// escapes, mixed quoting or expansions prevent such a map.
    public var valueRange: ByteRange?
    /// Host-file byte range (0-based, half-open) of the source text that produces the value, including
    /// its quotes and expansions: the whole next word for `--x v`, the text after `=` for `--x=v`.
    /// Replacing this range with a shell-quoted new value rewrites the value. Nil when there is none.
    public var valueSourceRange: ByteRange?
    /// True when the grammar knows the flag for this command.
    public var known: Bool
    /// The grammar's entry for the flag, when known.
    public var spec: FlagSpec?
  }

  /// Behind one reference: a flag is over 300 bytes, and each is held by its command and by the
  /// container's settings.
  private var storage: CopyOnWrite<Fields>

  @inline(__always)
  public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
    _read { yield storage.value[keyPath: keyPath] }
    _modify { yield &storage.value[keyPath: keyPath] }
  }

  public init(
    name: String, spelling: ShellWord, spelledAs: String, nameRange: ByteRange?, value: String?,
    valueWord: ShellWord?, valueRange: ByteRange?, valueSourceRange: ByteRange?, known: Bool,
    spec: FlagSpec?
  ) {
    storage = CopyOnWrite(
      Fields(
        name: name, spelling: spelling, spelledAs: spelledAs, nameRange: nameRange, value: value,
        valueWord: valueWord, valueRange: valueRange, valueSourceRange: valueSourceRange, known: known, spec: spec))
  }
}

/// Quoting for values written into systemd unit files (and Quadlet files, which systemd reads the same way).
///
/// systemd reads a unit file value in three steps, and each function here undoes exactly the steps that
/// apply to one kind of setting (systemd.unit(5) "Specifiers", systemd.service(5) "Command lines",
/// systemd.exec(5) `Environment=`):
/// - `%` starts a specifier (`%n`, `%t`) in almost every setting, so a literal `%` is written `%%`;
/// - command lines (`ExecStart=` …, Quadlet `Exec=` and `PodmanArgs=`) expand `$NAME`, `${NAME}`, so a
///   literal `$` is written `$$`; they are split into words at whitespace, with `"…"`/`'…'` grouping and
///   C-style backslash escapes inside the quotes;
/// - `Environment=` splits into `KEY=VALUE` words the same way but expands no `$`.
public enum SystemdQuote {
  /// A literal value in a setting that takes the whole rest of the line (Quadlet `Image=`, `Volume=`,
  /// `PublishPort=`, `Description=`): only `%` is special.
  public static func value(_ s: String) -> String {
    s.replacingAll("%", with: "%%")
  }

  /// One argument of a command line (`ExecStart=`, Quadlet `Exec=`/`PodmanArgs=`), so that systemd passes
  /// exactly `s` to the program.
  public static func execArgument(_ s: String) -> String {
    word(value(s).replacingAll("$", with: "$$"))
  }

  /// Each argument through `execArgument(_:)`, joined with single spaces.
  public static func commandLine(_ words: [String]) -> String {
    words.map(execArgument).joined(separator: " ")
  }

  /// One `KEY=VALUE` word of a service's `Environment=`, which expands no `$`.
  public static func environmentAssignment(_ key: String, _ value: String) -> String {
    listItem(key + "=" + value)
  }

  /// A value of a Quadlet `[Container]` key. Quadlet copies every such value into the generated `ExecStart=`
  /// without escaping `$` or `%` (its `escapeString` quotes only blanks, quotes, backslashes and control
  /// characters), where systemd would expand `${NAME}` and specifiers: both are doubled.
  public static func quadletValue(_ s: String) -> String {
    value(s).replacingAll("$", with: "$$")
  }

  /// One word of a Quadlet `[Container]` list key (`Label=`), escaped as `quadletValue(_:)`.
  public static func quadletListItem(_ s: String) -> String {
    word(quadletValue(s))
  }

  /// One `KEY=VALUE` word of Quadlet's `[Container] Environment=` (it becomes `--env KEY=VALUE`).
  public static func quadletEnvironmentAssignment(_ key: String, _ value: String) -> String {
    quadletListItem(key + "=" + value)
  }

  /// One word of a setting that takes a space-separated list of quoted words (`Environment=`, Quadlet
  /// `Label=`): `%` escaped, then quoted as one word.
  public static func listItem(_ s: String) -> String {
    word(value(s))
  }

  /// Quotes `s` as one word of systemd's splitting (no specifier or variable escaping): bare when it has
  /// no whitespace, quotes or backslashes, else in double quotes with `\` and `"` escaped and control
  /// characters written as C escapes.
  static func word(_ s: String) -> String {
    let plain =
      !s.isEmpty
      && !s.unicodeScalars.contains { scalar in
        scalar == " " || scalar == "\t" || scalar == "\"" || scalar == "'" || scalar == "\\" || scalar == ";"
          || scalar.value < 0x20 || scalar.value == 0x7F
      }
    return plain ? s : CStyleEscape.quoted(s)
  }
}

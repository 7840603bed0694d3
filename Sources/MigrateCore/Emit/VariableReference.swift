/// A compose variable that an emitted file names instead of holding its value.
///
/// Compose reads `.env` and the environment for two different things: values that decide what is created
/// (image, ports, volumes, networks, names, restart, user) and values handed to the container (environment,
/// command, entrypoint, health check, labels), where passwords and keys live. The emitters may use the first
/// kind; the second must stay in its file and be read when the container starts, or every generated unit
/// and script becomes a copy of the secrets. So the planner keeps a variable in those settings as a
/// reference, and each emitter writes it the way its reader expands it at run time: `"${NAME}"` in the
/// podman script (which loads `.env` itself), `${NAME}` in units (systemd expands it in `ExecStart=` from
/// `EnvironmentFile=`, and Quadlet copies `[Container]` values into `ExecStart=`).
///
/// In a plan value a reference is the name between two private-use scalars (U+E000, U+E001), so a plan can
/// stay plain strings; `pieces(_:)` reads them back. The planner replaces these scalars where the input
/// itself has them, so only the planner makes references.
enum VariableReference {
  static let open: Unicode.Scalar = "\u{E000}"
  static let close: Unicode.Scalar = "\u{E001}"

  enum Piece: Equatable {
    case text(String)
    case variable(String)
  }

  /// The reference to variable `name`, to put into a plan value.
  static func marker(_ name: String) -> String {
    String(Character(open)) + name + String(Character(close))
  }

  /// True when `name` can be written as `${name}` for sh and systemd alike.
  static func isValidName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy { scalar in
      scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
  }

  /// `text` with the marker scalars replaced by U+FFFD (input is never allowed to make a reference).
  static func sanitized(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0 == open || $0 == close }) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      out.unicodeScalars.append(scalar == open || scalar == close ? "\u{FFFD}" : scalar)
    }
    return out
  }

  static func containsReference(_ text: String) -> Bool {
    text.unicodeScalars.contains(open)
  }

  /// Literal text and references, in order.
  static func pieces(_ text: String) -> [Piece] {
    guard containsReference(text) else { return text.isEmpty ? [] : [.text(text)] }
    var result: [Piece] = []
    var current = ""
    var inName = false
    for scalar in text.unicodeScalars {
      if scalar == open && !inName {
        if !current.isEmpty { result.append(.text(current)) }
        current = ""
        inName = true
      } else if scalar == close && inName {
        result.append(.variable(current))
        current = ""
        inName = false
      } else {
        current.unicodeScalars.append(scalar)
      }
    }
    if !current.isEmpty { result.append(.text(current)) }
    return result
  }

  /// The names `text` refers to, in order, each once.
  static func names(in text: String) -> [String] {
    var names: [String] = []
    for case .variable(let name) in pieces(text) where !names.contains(name) { names.append(name) }
    return names
  }

  /// `text` with the literal parts only (what a file holds besides the references).
  static func literalText(_ text: String) -> String {
    pieces(text).map { piece in
      if case .text(let literal) = piece { return literal }
      return ""
    }.joined()
  }

  /// One word of a POSIX shell script: literal parts through `ShellQuote.quote(_:)`, each reference as
  /// `"${NAME}"`, all adjacent so the shell reads one word and expands only the references.
  static func shellWord(_ text: String) -> String {
    guard containsReference(text) else { return ShellQuote.quote(text) }
    return pieces(text).map { piece in
      switch piece {
      case .text(let literal): return ShellQuote.quote(literal)
      case .variable(let name): return "\"${\(name)}\""
      }
    }.joined()
  }

  /// Text already escaped for a systemd command line (or a Quadlet `[Container]` value), with each
  /// reference written `${NAME}`: systemd replaces it with the variable's value as part of one argument
  /// (systemd.service(5) "Command lines"). The escaping leaves the private-use scalars as they are.
  static func systemd(_ escaped: String) -> String {
    guard containsReference(escaped) else { return escaped }
    return pieces(escaped).map { piece in
      switch piece {
      case .text(let literal): return literal
      case .variable(let name): return "${\(name)}"
      }
    }.joined()
  }
}

/// Environment variable names that usually hold a credential: a literal value under such a name makes the
/// file that holds it private (0600) and is reported.
enum SecretName {
  /// Name parts (split at `_`, `-`, `.`) that mark a secret, matched at the end of a part so
  /// `DBPASSWORD` and `OAUTH` count too.
  static let markers = [
    "PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "SECRETS", "TOKEN", "KEY", "KEYS", "CREDENTIAL", "CREDENTIALS",
    "PRIVATE", "AUTH", "APIKEY", "SALT", "CERT", "DSN",
  ]
  /// A last part naming where a secret is (`POSTGRES_PASSWORD_FILE=/run/secrets/db`), not the secret.
  static let pointers: Set<String> = ["FILE", "PATH", "DIR", "FILES", "LENGTH", "LEN", "URL_FILE"]

  static func looksSecret(_ name: String) -> Bool {
    let parts = name.uppercased().split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "." }).map(String.init)
    guard let last = parts.last, !pointers.contains(last) else { return false }
    return parts.contains { part in markers.contains { part.hasSuffix($0) } }
  }
}

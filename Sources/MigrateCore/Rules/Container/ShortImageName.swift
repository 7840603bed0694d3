/// MG103: reports an image name without a registry, which podman on Ubuntu cannot resolve.
struct ShortImageName: Rule {
  static let meta = RuleMeta(
    id: "MG103", name: "short-image-name", severity: .error, fixAvailability: .sometimes,
    summary: "Image name without a registry",
    why: """
      Debian and Ubuntu ship `/etc/containers/registries.conf` with no unqualified-search registries, so a \
      short name resolves only through the short-name alias table (which lacks e.g. `nginx`) and otherwise \
      fails: "short-name did not resolve to an alias". Docker always meant Docker Hub; writing \
      `docker.io/library/nginx` keeps that meaning on every host.
      """,
    fixSafety: """
      Safe: the name is normalised exactly as Docker does (`docker.io/` prefix, `library/` for one-part \
      names). Images built by the project (a `build:` service, or a name another service builds) live under \
      `localhost/` and are left alone, as are names whose registry part is a variable.
      """,
    references: ["research C1, C2", "containers-registries.conf(5)"],
    examples: [
      .triggers(
        .compose, "services:\n  web:\n    image: 1️⃣nginx:1.25\n    userns_mode: auto\n",
        fixed: "services:\n  web:\n    image: docker.io/library/nginx:1.25\n    userns_mode: auto\n"),
      .triggers(
        .compose, "services:\n  app:\n    image: \"1️⃣grafana/grafana\"\n    userns_mode: auto\n",
        fixed: "services:\n  app:\n    image: \"docker.io/grafana/grafana\"\n    userns_mode: auto\n"),
      .triggers(.compose, "services:\n  app:\n    image: 1️⃣shop-api:1\n    userns_mode: auto\n"),
      .triggers(.command, "docker pull 1️⃣redis:7\n", fixed: "docker pull docker.io/library/redis:7\n"),
      .triggers(
        .command, "IMAGE=\"1️⃣archive/deriver:3.2\"\ndocker run --rm \"$IMAGE\" derive\n",
        fixed: "IMAGE=\"docker.io/archive/deriver:3.2\"\ndocker run --rm \"$IMAGE\" derive\n"),
      .triggers(
        .command, "IMAGE=\"1️⃣${IMAGE:-org/deriver:3}\"\ndocker run --rm \"$IMAGE\"\n",
        fixed: "IMAGE=\"${IMAGE:-docker.io/org/deriver:3}\"\ndocker run --rm \"$IMAGE\"\n"),
      .triggers(
        .command, "docker run --rm 1️⃣${IMAGE:-nginx}\n", fixed: "docker run --rm ${IMAGE:-docker.io/library/nginx}\n"),
      .passes(.command, "IMAGE=$1\n[ -n \"$IMAGE\" ] || IMAGE=deriver:3.2\ndocker run --rm \"$IMAGE\"\n"),
      .passes(.command, "docker build -t shop-api:$TAG .\ndocker run shop-api:$TAG\n"),
      .passes(.command, "docker run --uidmap 0:1:65536 nginx\n"),
      .passes(.command, "dr() { docker run --rm \"$@\"; }\n"),
      .passes(.compose, "services:\n  web:\n    image: ghcr.io/org/web:1\n    userns_mode: auto\n"),
      .passes(.compose, "services:\n  web:\n    build: .\n    image: web\n    userns_mode: auto\n"),
      .passes(.compose, "services:\n  web:\n    image: ${REGISTRY}/web\n    userns_mode: auto\n"),
      .triggers(
        .compose, "services:\n  app:\n    image: 1️⃣${APP_IMAGE:-org/app}:${TAG:-latest}\n    userns_mode: auto\n",
        fixed: "services:\n  app:\n    image: ${APP_IMAGE:-docker.io/org/app}:${TAG:-latest}\n    userns_mode: auto\n"),
      .passes(.compose, "services:\n  web:\n    image: ${IMAGE:-ghcr.io/org/web}\n    userns_mode: auto\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard let image = container.image, !container.builds, !container.imageUncertain else { return }
    if context.project?.builtImageNames.contains(image.text) == true { return }
    if isBuiltLocally(image.text, context) { return }
    report(image, in: &context)
  }

  /// `pull` and `push` name images too.
  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    let invocation = command.invocation
    guard invocation.subcommand == ["pull"] || invocation.subcommand == ["push"],
      let word = invocation.positionals.first
    else { return }
    let image = ScriptParser.value(of: word, region: command.region)
    if isBuiltLocally(image.text, context) { return }
    report(image, in: &context)
  }

  /// `IMAGE=nginx:1.25 … docker run "$IMAGE"`: the image is held in a script variable, so the name is
  /// qualified where the variable is assigned (every assignment of it must be a static value).
  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    var names: Set<String> = []
    for command in script.commands where ["run", "create", "pull"].contains(command.invocation.subcommand.last ?? "") {
      let word =
        command.invocation.subcommand.last == "pull" ? command.invocation.positionals.first : command.invocation.image
      if let name = word?.soleVariableName { names.insert(name) }
    }
    guard !names.isEmpty else { return }
    var assignments: [String: [(word: ShellWord, region: ShellRegion)]] = [:]
    for shell in script.shellCommands {
      for word in shell.command.assignedWords {
        guard let name = word.assignmentName, names.contains(name) else { continue }
        assignments[name, default: []].append((word, shell.region))
      }
    }
    for (name, found) in assignments.sorted(by: { $0.key < $1.key }) {
      // A value that is not static (`IMAGE=$1`, `IMAGE=$(cat f)`) could be anything: leave every one alone,
      // except a default for the variable itself (`IMAGE=${IMAGE:-nginx}`), whose default is qualified.
      guard found.allSatisfy({ $0.word.staticValue != nil || defaultValue(of: $0.word, name: name) != nil })
      else { continue }
      for (word, region) in found {
        if word.staticValue == nil, let image = defaultValue(of: word, name: name), region.isVerbatim {
          if !isBuiltLocally(image.text, context) { report(image, in: &context) }
          continue
        }
        guard let text = word.staticValue else { continue }
        let nameLength = name.utf8.count + 1
        let value = String(decoding: Array(text.utf8).dropFirst(nameLength), as: UTF8.self)
        if isBuiltLocally(value, context) { continue }
        let exact = region.isVerbatim ? word.exactSourceRange(ofValueSuffixFrom: nameLength) : nil
        let quoting = word.parts.last?.quoting ?? .unquoted
        let image = SourceValue(
          text: value, range: word.range, valueRange: exact,
          context: exact == nil ? .opaque : ScriptParser.context(of: quoting))
        report(image, in: &context)
      }
    }
  }

  /// `NAME=${NAME:-image}` or `NAME="${NAME-image}"`: the whole value as written (its default is what runs
  /// when the variable is unset), located in the source; nil for any other non-static value.
  private func defaultValue(of word: ShellWord, name: String) -> SourceValue? {
    var raw = String(decoding: Array(word.rawText.utf8).dropFirst(name.utf8.count + 1), as: UTF8.self)
    var lower = word.range.lower + name.utf8.count + 1
    var context = ValueContext.shellUnquoted
    if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.utf8.count >= 2 {
      raw = String(raw.dropFirst().dropLast())
      lower += 1
      context = .shellDoubleQuoted
    }
    guard let (defaultRange, closing) = Self.leadingDefault(raw), closing == raw.utf8.count - 1 else { return nil }
    let value = raw.utf8Slice(defaultRange.lowerBound, defaultRange.upperBound)
    guard !value.contains(where: { "$\"'\\` ".contains($0) }) else { return nil }
    return SourceValue(
      text: raw, range: word.range, valueRange: ByteRange(lower, lower + raw.utf8.count), context: context)
  }

  private func isBuiltLocally(_ image: String, _ context: RuleContext) -> Bool {
    guard let built = context.script?.builtImageNames else { return false }
    return built.contains(image) || built.contains(ScriptDocument.repository(image))
  }

  private func report(_ value: SourceValue, in context: inout RuleContext) {
    guard let (prefix, offset) = Self.qualification(value.text) else { return }
    var image = value
    // `docker run ${IMAGE:-nginx}`: a word with an expansion has no value range, but when its source is the
    // text itself (unquoted, or in double quotes) the default can still be edited in place.
    if image.valueRange == nil, offset > 0, let raw = image.expansion, raw == context.source.text(image.range) {
      let quoted = raw.hasPrefix("\"") && raw.hasSuffix("\"") && raw.utf8.count >= 2
      if (quoted ? String(raw.dropFirst().dropLast()) : raw) == image.text {
        let lower = image.range.lower + (quoted ? 1 : 0)
        image.valueRange = ByteRange(lower, lower + image.text.utf8.count)
        image.context = quoted ? .shellDoubleQuoted : .shellUnquoted
      }
    }
    let title = "Write the image name with its registry"
    // A one-part name that is not an official image may be one built on this host (podman names those
    // `localhost/NAME`): qualifying it then makes podman pull, so that fix waits for --unsafe-fixes.
    let official =
      prefix != "docker.io/library/"
      || OfficialImages.names.contains(ScriptDocument.repository(Self.unsetValue(image.text)))
    // Escaped or folded scalars do not map onto the file byte for byte: the fix is only shown.
    let fix =
      image.edit(replacingValueBytes: offset, offset, with: prefix).map { Fix(title, official ? .safe : .unsafe, [$0]) }
      ?? Fix(
        title, .displayOnly, [TextEdit(replacing: image.range, with: image.text.inserting(prefix, atByte: offset))])
    let local =
      official ? "" : " (if it is built on this host, keep the short name: podman calls it `localhost/\(image.text)`)"
    let fixed = image.text.inserting(prefix, atByte: offset)
    let place = offset > 0 ? " (the default, used when the variable is unset)" : ""
    context.report(
      Self.meta,
      "Short image name `\(image.text)`\(place): podman resolves it only with search registries; write `\(fixed)`\(local)",
      at: image.valueRange ?? image.range, fix: fix)
  }

  /// The prefix that qualifies `reference` and the byte offset to insert it at: 0 for a written name,
  /// the start of the default for `${IMAGE:-nginx}:1.25` or `${IMG-org/app}` (the name used when the
  /// variable is unset; a set variable is the user's own choice and stays as it is).
  static func qualification(_ reference: String) -> (prefix: String, offset: Int)? {
    if let prefix = qualifyingPrefix(reference) { return (prefix, 0) }
    guard let (defaultRange, closing) = leadingDefault(reference) else { return nil }
    let bytes = Array(reference.utf8)
    let value = String(decoding: bytes[defaultRange], as: UTF8.self)
    guard !value.contains("$") else { return nil }
    let unset = value + String(decoding: bytes[(closing + 1)...], as: UTF8.self)
    guard let prefix = qualifyingPrefix(unset) else { return nil }
    return (prefix, defaultRange.lowerBound)
  }

  /// `${IMAGE:-nginx}:1.25` as it reads with the variable unset (`nginx:1.25`).
  static func unsetValue(_ reference: String) -> String {
    guard let (range, closing) = leadingDefault(reference) else { return reference }
    return reference.utf8Slice(range.lowerBound, range.upperBound) + reference.utf8Slice(closing + 1, Int.max)
  }

  /// `${NAME:-default}` or `${NAME-default}` at the start of `text`: the default's byte range and the
  /// offset of the closing brace (nested `${…}` in the default are skipped over).
  static func leadingDefault(_ text: String) -> (Range<Int>, Int)? {
    let bytes = Array(text.utf8)
    guard bytes.starts(with: Array("${".utf8)) else { return nil }
    var index = 2
    while index < bytes.count,
      bytes[index] == UInt8(ascii: "_")
        || (bytes[index] | 0x20) >= UInt8(ascii: "a")
          && (bytes[index] | 0x20) <= UInt8(ascii: "z")
        || (index > 2 && bytes[index] >= UInt8(ascii: "0")
          && bytes[index] <= UInt8(ascii: "9"))
    {
      index += 1
    }
    guard index > 2, index < bytes.count else { return nil }
    if bytes[index] == UInt8(ascii: ":") { index += 1 }
    guard index < bytes.count, bytes[index] == UInt8(ascii: "-") else { return nil }
    let start = index + 1
    var depth = 1
    index = start
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "{") {
        depth += 1
      } else if bytes[index] == UInt8(ascii: "}") {
        depth -= 1
        if depth == 0 { return (start..<index, index) }
      }
      index += 1
    }
    return nil
  }

  /// What to put before `reference` to qualify it as Docker would (`docker.io/` or `docker.io/library/`),
  /// or nil when it is already qualified, empty, or its name part is not known (a variable).
  static func qualifyingPrefix(_ reference: String) -> String? {
    guard !reference.isEmpty, !reference.hasPrefix("/"), !reference.contains(where: \.isWhitespace) else { return nil }
    // `$@`, `$1`, `$*`: positional parameters of a shell function; the name is not known.
    let scalars = Array(reference.unicodeScalars)
    for (index, scalar) in scalars.enumerated() where scalar == "$" {
      guard index + 1 < scalars.count else { return nil }
      let next = scalars[index + 1]
      if !(next == "{" || next == "(" || next == "_" || next.properties.isAlphabetic || next == "$") { return nil }
    }
    let literal = ComposeInterpolation.literalPrefix(reference)
    let hasVariables = literal.utf8.count < reference.utf8.count
    let firstComponent: Substring
    if let slash = literal.firstIndex(of: "/") {
      firstComponent = literal[..<slash]
      if firstComponent.isEmpty { return nil }
      if firstComponent.contains(".") || firstComponent.contains(":") || firstComponent == "localhost" { return nil }
      return "docker.io/"
    }
    // No slash in the literal part: a one-part name, if the name itself is fully written.
    let nameEnd = literal.firstIndex(where: { $0 == ":" || $0 == "@" })
    if hasVariables && nameEnd == nil { return nil }
    firstComponent = literal[..<(nameEnd ?? literal.endIndex)]
    if firstComponent.isEmpty || firstComponent == "localhost" { return nil }
    if firstComponent.contains(where: { $0.isUppercase }) { return nil }
    if hasVariables, let end = nameEnd, literal[end] == ":" {
      // `name:${TAG}` is a one-part name with a variable tag; `host:${PORT}/x` cannot be told apart, so the
      // part after the colon must not hold a slash.
      if reference[reference.index(after: end)...].contains("/") { return nil }
    }
    return "docker.io/library/"
  }
}

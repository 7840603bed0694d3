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
      .passes(.command, "IMAGE=$1\n[ -n \"$IMAGE\" ] || IMAGE=deriver:3.2\ndocker run --rm \"$IMAGE\"\n"),
      .passes(.command, "docker build -t shop-api:$TAG .\ndocker run shop-api:$TAG\n"),
      .passes(.command, "docker run --uidmap 0:1:65536 nginx\n"),
      .passes(.command, "dr() { docker run --rm \"$@\"; }\n"),
      .passes(.compose, "services:\n  web:\n    image: ghcr.io/org/web:1\n    userns_mode: auto\n"),
      .passes(.compose, "services:\n  web:\n    build: .\n    image: web\n    userns_mode: auto\n"),
      .passes(.compose, "services:\n  web:\n    image: ${REGISTRY}/web\n    userns_mode: auto\n"),
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
      // A value that is not static (`IMAGE=$1`, `IMAGE=$(cat f)`) could be anything: leave every one alone.
      guard found.allSatisfy({ $0.word.staticValue != nil }) else { continue }
      for (word, region) in found {
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

  private func isBuiltLocally(_ image: String, _ context: RuleContext) -> Bool {
    guard let built = context.script?.builtImageNames else { return false }
    return built.contains(image) || built.contains(ScriptDocument.repository(image))
  }

  private func report(_ image: SourceValue, in context: inout RuleContext) {
    guard let prefix = Self.qualifyingPrefix(image.text) else { return }
    let title = "Write the image name with its registry"
    // A one-part name that is not an official image may be one built on this host (podman names those
    // `localhost/NAME`): qualifying it then makes podman pull, so that fix waits for --unsafe-fixes.
    let official =
      prefix != "docker.io/library/" || OfficialImages.names.contains(ScriptDocument.repository(image.text))
    // Escaped or folded scalars do not map onto the file byte for byte: the fix is only shown.
    let fix =
      image.edit(replacingValueBytes: 0, 0, with: prefix).map { Fix(title, official ? .safe : .unsafe, [$0]) }
      ?? Fix(title, .displayOnly, [TextEdit(replacing: image.range, with: prefix + image.text)])
    let local =
      official ? "" : " (if it is built on this host, keep the short name: podman calls it `localhost/\(image.text)`)"
    context.report(
      Self.meta,
      "Short image name `\(image.text)`: podman resolves it only with search registries; write `\(prefix + image.text)`\(local)",
      at: image.valueRange ?? image.range, fix: fix)
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

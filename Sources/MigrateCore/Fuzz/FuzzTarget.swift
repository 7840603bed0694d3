/// The fuzz targets (`make fuzz`, `Sources/MigrateFuzz`) and their oracles, here so that the fuzzer and the
/// regression tests over `fixtures/fuzz/` run the very same checks. Each takes arbitrary bytes; a broken
/// oracle is returned as text (a crash or a hang is the fuzzer's to see).
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// The YAML layer: every node's range lies in the input.
  case yaml
  /// The shell reader (bash): every command and word range lies in its region.
  case shell
  /// The docker command parser, on every command of the input read as a docker call.
  case docker
  /// The Makefile, systemd unit and CI extractors, on the same input: regions inside the input.
  case extractors
  /// Whole conversions, with the conversion oracles (`conversionProblem`).
  case compose
  case script
  case makefile
  case systemd
  case ci

  /// What the fuzzer seeds this target's corpus with: `fixtures/` files of these extensions or names.
  public var seedPatterns: [String] {
    switch self {
    case .yaml, .compose: return ["*.yml", "*.yaml"]
    case .shell, .docker, .script: return ["*.sh", "*.bash", "*.txt"]
    case .makefile: return ["Makefile", "*.mk"]
    case .systemd: return ["*.service", "*.container"]
    case .ci: return ["*.yml"]
    case .extractors: return ["Makefile", "*.service", "*.yml"]
    }
  }

  /// The options every fuzzed conversion runs with: no disk or git look-ups (the verdicts must not depend on
  /// the fuzzer's working folder), a fixed home.
  public static var options: ConversionOptions {
    var options = ConversionOptions()
    options.bindProbe = BindProbe(home: "/home/fuzz", inspectsDisk: false)
    return options
  }

  /// Runs the target on `bytes`; nil when every oracle held, else what broke.
  public func run(_ bytes: [UInt8]) -> String? {
    let source = SourceFile(path: "fuzz", bytes: bytes)
    switch self {
    case .yaml:
      guard let stream = try? YAMLParser.parse(source) else { return nil }
      var problem: String?
      for document in stream.documents {
        guard let root = document.root else { continue }
        Self.visit(root) { node in
          if problem == nil && !Self.inside(node.range, bytes.count) { problem = "YAML node range \(node.range)" }
        }
      }
      return problem
    case .shell:
      let script = ShellReader.parse(bytes, dialect: .bash)
      for command in script.commands {
        guard Self.inside(command.range, bytes.count) else { return "command range \(command.range)" }
        for word in command.words where !Self.inside(word.range, bytes.count) { return "word range \(word.range)" }
      }
      return nil
    case .docker:
      let script = ShellReader.parse(bytes, dialect: .bash)
      for command in script.commands where !command.words.isEmpty {
        _ = DockerCallParser.parse(command, programIndex: 0, as: .docker)
        if let (index, _, _, _) = ScriptParser.programIndex(command, aliases: [:]) {
          _ = DockerCallParser.parse(command, programIndex: index)
        }
      }
      return nil
    case .extractors:
      var regions = ScriptExtractor.makefile(source).regions + ScriptExtractor.systemdUnit(source).regions
      if let root = (try? YAMLParser.parse(source))?.documents.first?.root {
        regions += ScriptExtractor.githubWorkflow(root, source).regions
        regions += ScriptExtractor.gitlabCI(root, source).regions
        regions += ScriptExtractor.travisCI(root, source).regions
      }
      for region in regions where !Self.inside(region.range, bytes.count) { return "region \(region.range)" }
      return nil
    case .compose: return Self.conversionProblem(source, kind: .compose)
    case .script: return Self.conversionProblem(source, kind: .shell)
    case .makefile: return Self.conversionProblem(source, kind: .makefile)
    case .systemd: return Self.conversionProblem(source, kind: .systemd)
    case .ci:
      for kind in [InputKind.githubActions, .gitlabCI, .travisCI] {
        if let problem = Self.conversionProblem(source, kind: kind) { return problem }
      }
      return nil
    }
  }

  /// The conversion oracles: MG003 is never raised; a file that converts gives output that converts again
  /// to itself (it re-parses and nothing is left to fix); no privilege appears that the input did not have;
  /// and `U` (podman chowns the folder) is added only to a folder strictly below a data root.
  public static func conversionProblem(_ source: SourceFile, kind: InputKind) -> String? {
    let options = Self.options
    let first = Converter.convert(source, kind: kind, options: options)
    if let error = first.internalError { return "MG003: \(error)" }
    if first.parseError != nil { return nil }
    let again = Converter.convert(SourceFile(path: source.path, bytes: first.output), kind: kind, options: options)
    if let error = again.parseError { return "the output does not parse: \(error.problem)" }
    if let error = again.internalError { return "MG003 on the output: \(error)" }
    if again.output != first.output { return "converting the output again changes it" }
    for marker in privilegeMarkers where count(marker, in: first.output) > count(marker, in: source.bytes) {
      return "the output adds `\(marker)`"
    }
    guard first.changed, let model = first.model else { return nil }
    let before = chownedSources(try? Converter.check(source, kind: kind, options: options, rules: []).2)
    // Compose and systemd take a path as written; only a shell expands a `*` in it.
    let globs = kind != .compose && kind != .systemd
    for bind in chownedSources(model) where !before.contains(bind) && !chownable(bind, globs: globs) {
      return "`U` added to `\(bind)`, not below a data root"
    }
    return nil
  }

  /// Text that grants a container more than it had; no rule may add any of it.
  static let privilegeMarkers = [
    "privileged", "cap_add", "cap-add", "CapAdd", "SYS_ADMIN", "unconfined", "label=disable", "label:disable",
    "pid: host", "pid=host", "ipc: host", "ipc=host", "network_mode: host", "net=host", "network=host",
    "userns_mode: host", "userns=host", "--device", "devices:", "AddDevice", "docker.sock",
  ]

  /// Bind sources that carry `U` in a model (nil: none).
  static func chownedSources(_ model: ConvertedModel?) -> Set<String> {
    var sources = Set<String>()
    for container in model?.containers ?? [] {
      for mount in container.mounts where mount.kind == .bind && mount.options.contains("U") {
        sources.insert(mount.source?.text ?? "")
      }
    }
    return sources
  }

  /// Whether an independent, textual reading says `U` may chown `source`: a path strictly below one of the
  /// built-in data roots, with no `..`, no variable and (where `globs` says a shell expands them) no glob.
  static func chownable(_ source: String, globs: Bool = true) -> Bool {
    var expanded = source
    for home in ["~", "$HOME", "${HOME}"] where expanded == home || expanded.hasPrefix(home + "/") {
      expanded = "/home/fuzz" + expanded.dropFirst(home.count)
    }
    // The file's own folder, as make and the shell spell it, is a relative `.`.
    for here in ["$(CURDIR)", "${CURDIR}", "$(PWD)", "${PWD}", "$PWD", "$(pwd)", "`pwd`"]
    where expanded == here || expanded.hasPrefix(here + "/") {
      expanded = "." + expanded.dropFirst(here.count)
    }
    // `a/./b` is `a/b`.
    if expanded.hasPrefix("/") {
      expanded = "/" + expanded.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
    guard !expanded.contains("$"), !(globs && expanded.contains("*")), !expanded.contains("`") else { return false }
    let parts = expanded.split(separator: "/", omittingEmptySubsequences: true)
    guard !parts.contains(".."), !parts.contains(".") || expanded.hasPrefix("./") else { return false }
    // A relative folder below the file's own (`./data`): the text alone allows it; never the folder itself.
    if !expanded.hasPrefix("/") { return !parts.isEmpty && parts != ["."] }
    let roots = ["/srv", "/data", "/mnt", "/media", "/home/fuzz"]
    return roots.contains { root in expanded.hasPrefix(root + "/") && expanded.count > root.count + 1 }
  }

  /// Occurrences of `marker` as a word of its own: a marker that starts with a letter does not continue a
  /// word (`unprivileged`), and one that is a YAML key (`devices:`) starts its line's text (not the
  /// `/item--devices:U` of a mount).
  static func count(_ marker: String, in bytes: [UInt8]) -> Int {
    let startsWord = marker.first?.isLetter ?? false
    let isKey = marker.hasSuffix(":")
    return bytes.withUnsafeBytes { buffer in
      ByteSearch.count(marker, in: buffer) { position in
        guard position > 0 else { return true }
        let before = buffer[position - 1]
        if isKey { return before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D }
        guard startsWord else { return true }
        let isWordByte =
          (before | 0x20) >= 0x61 && (before | 0x20) <= 0x7A || (0x30...0x39).contains(before) || before == 0x5F
        return !isWordByte
      }
    }
  }

  static func inside(_ range: ByteRange, _ count: Int) -> Bool {
    range.lower >= 0 && range.lower <= range.upper && range.upper <= count
  }

  static func visit(_ node: YAMLNode, depth: Int = 0, _ body: (YAMLNode) -> Void) {
    body(node)
    guard depth < 200 else { return }
    for item in node.items { visit(item, depth: depth + 1, body) }
    for (key, value) in node.pairs {
      visit(key, depth: depth + 1, body)
      visit(value, depth: depth + 1, body)
    }
  }
}

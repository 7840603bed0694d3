/// Whether a rule's findings come with fixes.
public enum FixAvailability: String, Sendable, Codable {
  case always
  case sometimes
  case none
}

/// Which kind of input an example is written in: any kind `migrate` reads; `.command` is shell text.
public typealias ExampleLanguage = InputKind

extension InputKind {
  /// Command lines, read as a shell script.
  public static var command: InputKind { .shell }
}

/// An example in a rule's documentation, run as a test: a triggering example must report at each `1️⃣`
/// marker and its fixes must give `fixed`; a passing example must report nothing.
public struct RuleExample: Sendable, Hashable {
  public enum Kind: String, Sendable { case triggers, passes }
  public var kind: Kind
  public var language: ExampleLanguage
  public var input: String
  public var fixed: String?
  public var mode: RunMode
  public var target: TargetProfile.Name
  /// Apply unsafe fixes too (`--unsafe-fixes`), for rules whose fix is unsafe.
  public var unsafeFixes: Bool = false
  /// Another podman for the target (`--podman-version`), for behaviour of a podman no named target ships.
  public var podman: PodmanVersion?
  /// The podman host the input already runs on (`--from-target`), for the upgrade rules.
  public var from: TargetProfile.Name? = nil

  /// The target the example runs against, with its podman override.
  public var profile: TargetProfile {
    var profile = TargetProfile.named(target)
    if let podman { profile.podman = podman }
    return profile
  }

  public static func triggers(
    _ language: ExampleLanguage, _ input: String, fixed: String? = nil, mode: RunMode = .usernsAuto,
    target: TargetProfile.Name = .jammy, podman: PodmanVersion? = nil, unsafeFixes: Bool = false,
    from: TargetProfile.Name? = nil
  ) -> RuleExample {
    RuleExample(
      kind: .triggers, language: language, input: input, fixed: fixed, mode: mode, target: target,
      unsafeFixes: unsafeFixes, podman: podman, from: from)
  }

  public static func passes(
    _ language: ExampleLanguage, _ input: String, mode: RunMode = .usernsAuto, target: TargetProfile.Name = .jammy,
    podman: PodmanVersion? = nil, from: TargetProfile.Name? = nil
  ) -> RuleExample {
    RuleExample(
      kind: .passes, language: language, input: input, fixed: nil, mode: mode, target: target, podman: podman,
      from: from)
  }

  /// The marker that shows where a finding is expected.
  public static let marker = "1️⃣"
}

/// A rule's metadata: plain data read by `explain`, the docs, reports and tests.
public struct RuleMeta: Sendable, Hashable {
  /// `MG` and three digits; never reused.
  public var id: String
  /// kebab-case, naming the pattern, reading well as "allow <name>".
  public var name: String
  public var severity: Severity
  public var fixAvailability: FixAvailability
  /// One line: what is reported.
  public var summary: String
  /// Why it matters under podman.
  public var why: String
  /// What the fix does and when it may change behaviour.
  public var fixSafety: String
  /// When the rule's findings need review even once its fix is applied (the container still does not work on
  /// its own there), and what a person must decide; nil when a fix always suffices. Findings that need review
  /// are never reported as fixed, count as unfixed for `--fail-on` and fail `--check`.
  public var review: String?
  /// Research sections and documents behind the rule.
  public var references: [String]
  /// The modes and targets where the rule can report.
  public var scope: RuleScope
  public var examples: [RuleExample]
  /// The file that declares the rule, relative to the repository
  /// (`Sources/MigrateCore/Rules/Container/DockerSocketMount.swift`): `explain` and the docs print it.
  public var sourceFile: String

  /// `declaredIn` is left to its default, so that it records the file where the rule's `meta` is written.
  public init(
    id: String, name: String, severity: Severity, fixAvailability: FixAvailability, summary: String, why: String,
    fixSafety: String, review: String? = nil, references: [String], scope: RuleScope = .all,
    examples: [RuleExample], declaredIn filePath: String = #filePath
  ) {
    self.sourceFile = Self.repositoryRelative(filePath)
    self.review = review
    self.scope = scope
    self.id = id
    self.name = name
    self.severity = severity
    self.fixAvailability = fixAvailability
    self.summary = summary
    self.why = why
    self.fixSafety = fixSafety
    self.references = references
    self.examples = examples
  }
}

extension RuleMeta {
  /// `filePath` from its last `Sources/` component on (the repository-relative path of a file in this
  /// package); a path without one is kept as it is.
  static func repositoryRelative(_ filePath: String) -> String {
    guard let start = filePath.range(of: "/Sources/", options: .backwards) else { return filePath }
    return String(filePath[filePath.index(after: start.lowerBound)...])
  }
}

/// A check over the model. A rule looks at containers (compose services and, later, run lines alike) and/or
/// at a whole compose project, and reports findings with fixes through the context.
public protocol Rule: Sendable {
  static var meta: RuleMeta { get }
  init()
  /// Checks one container, whatever syntax it came from.
  func check(_ container: Container, in context: inout RuleContext)
  /// Checks compose-specific structure.
  func check(_ project: ComposeProject, in context: inout RuleContext)
  /// Checks one docker command line (any subcommand) of a script, Makefile, unit or CI file.
  func check(_ command: DockerCallSite, in context: inout RuleContext)
  /// Checks what a script-like file holds besides commands (program variables, unit dependencies).
  func check(_ script: ScriptDocument, in context: inout RuleContext)
}

extension Rule {
  public func check(_ container: Container, in context: inout RuleContext) {}
  public func check(_ project: ComposeProject, in context: inout RuleContext) {}
  public func check(_ command: DockerCallSite, in context: inout RuleContext) {}
  public func check(_ script: ScriptDocument, in context: inout RuleContext) {}
}

/// What a rule sees besides the model, and where it reports.
public struct RuleContext: Sendable {
  /// What every check of the file reads and none changes, computed once: one reference to copy where
  /// rules take a context per command (thousands of copies in a large script).
  private final class Shared: Sendable {
    let options: ConversionOptions
    let project: ComposeProject?
    let script: ScriptDocument?
    let binds: BindLocator
    let namedVolumeWriters: [String: [Container]]
    let bindUsers: [String: Int]
    let writableBindUsers: [String: Int]

    init(
      options: ConversionOptions, project: ComposeProject?, script: ScriptDocument?, binds: BindLocator,
      writableBindUsers: [String: Int]?
    ) {
      self.options = options
      self.project = project
      self.script = script
      self.binds = binds
      let containers = project?.services.map(\.container) ?? script?.commands.compactMap(\.container) ?? []
      self.writableBindUsers = writableBindUsers ?? RuleContext.writableBindUsers(containers, options.mode)
      self.bindUsers = RuleContext.bindUsers(containers)
      self.namedVolumeWriters = NamedVolumeUserns.writers(containers, options.mode)
    }
  }

  private let shared: Shared
  public var options: ConversionOptions { shared.options }
  public private(set) var source: SourceFile
  /// The compose project being checked, when the file is a compose file.
  public var project: ComposeProject? { shared.project }
  /// The script-like file being checked, when it is one.
  public var script: ScriptDocument? { shared.script }
  public private(set) var findings: [Finding] = []

  /// Where the file's bind sources are (its folder and project), for deciding what `U` may chown.
  public var binds: BindLocator { shared.binds }

  public init(
    options: ConversionOptions, source: SourceFile, project: ComposeProject?, script: ScriptDocument? = nil,
    writableBindUsers: [String: Int]? = nil, binds: BindLocator? = nil
  ) {
    self.source = source
    self.shared = Shared(
      options: options, project: project, script: script,
      binds: binds ?? BindLocator(probe: options.bindProbe, path: source.path), writableBindUsers: writableBindUsers)
  }

  /// The containers with `--userns=auto` IDs that write each named volume (`NamedVolumeUserns.writers`),
  /// computed once for the file rather than by each container's check.
  public var namedVolumeWriters: [String: [Container]] { shared.namedVolumeWriters }

  /// A context for the same file and containers that reads `source` instead (a detached region's text), with
  /// no findings yet: what the whole file's containers share (bind users) is computed once, not per command.
  func reading(_ source: SourceFile) -> RuleContext {
    var context = self
    context.source = source
    context.findings = []
    return context
  }

  /// The findings so far, handed over and cleared (the converter files them by rule).
  mutating func takeFindings() -> [Finding] {
    defer { findings = [] }
    return findings
  }

  /// Adds findings made earlier with this context.
  mutating func append(_ made: [Finding]) { findings += made }

  /// How many containers mount each host path, read-only or not (normalized path → count): several take
  /// the shared SELinux label `z`, one the private `Z`.
  static func bindUsers(_ containers: [Container]) -> [String: Int] {
    var users: [String: Int] = [:]
    for container in containers {
      let sources = Set(
        container.mounts.filter { $0.kind == .bind }.compactMap { $0.source.map { BindSource.normalize($0.text) } })
      for source in sources { users[source, default: 0] += 1 }
    }
    return users
  }

  /// How many containers of the file mount each host path (normalized path → count), compose services and
  /// script lines alike: a folder two `docker run` lines of a script mount is shared (one may still run).
  public var bindUsers: [String: Int] { shared.bindUsers }

  /// How many containers with a user namespace of their own mount each host path writable.
  static func writableBindUsers(_ containers: [Container], _ mode: RunMode) -> [String: Int] {
    var users: [String: Int] = [:]
    for container in containers where container.hasOwnUserNamespace(mode) {
      let sources = Set(
        container.mounts.filter { $0.kind == .bind && !$0.readOnly }.compactMap {
          $0.source.map { BindSource.normalize($0.text) }
        })
      for source in sources { users[source, default: 0] += 1 }
    }
    return users
  }

  /// How many containers of the file mount each host path writable (normalized path → count).
  public var writableBindUsers: [String: Int] { shared.writableBindUsers }

  /// Adds findings made inside `region`; in a region whose text does not map onto the file they point at
  /// the region and their fixes are only shown.
  mutating func absorb(_ local: [Finding], from region: ShellRegion) {
    guard !region.isVerbatim else {
      findings += local
      return
    }
    for var finding in local {
      finding.range = region.range
      if let fix = finding.fix { finding.fix = Fix(fix.title, .displayOnly, []) }
      findings.append(finding)
    }
  }

  /// Reports a finding of `rule` with the rule's default severity. `review` says what a person must still
  /// decide when the container will not work even after `fix` (see `RuleMeta.review`).
  public mutating func report(
    _ meta: RuleMeta, _ message: String, at range: ByteRange, fix: Fix? = nil, review: String? = nil
  ) {
    findings.append(
      Finding(ruleID: meta.id, severity: meta.severity, message: message, range: range, fix: fix, review: review))
  }
}

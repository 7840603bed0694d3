/// What `migrate units` and `migrate convert --to …` (other than the in-place rewrite) were asked to do.
public struct EmitRequest: Sendable {
  public enum Target: String, Sendable, CaseIterable {
    /// systemd units (`migrate units`): Quadlet files or plain service units, by target.
    case units
    /// A POSIX shell script of podman commands.
    case podmanScript = "podman-script"
    /// A compose file from run lines.
    case compose
  }

  public var target: Target
  /// The input file or folder (a folder holding `compose.yaml`, `docker-compose.yml`, …).
  public var path: String
  public var kind: InputKind?
  public var options: ConversionOptions
  /// Text to read instead of `path` (`--command`).
  public var text: String?
  /// Write each file into this folder instead of printing them.
  public var outputDirectory: String?
  /// Print where the units go and the systemctl commands.
  public var install: Bool
  public var format: ReportFormat
  /// Exit 1 (after emitting) when a finding at or above this severity is not resolved (`--fail-on`).
  public var failOn: Severity?
  /// The compose profiles to enable (`--profile`, `*` for all); when empty, `COMPOSE_PROFILES` from the
  /// environment or `.env`, as `docker compose` reads it.
  public var profiles: [String]
  /// `text` is a `--command`, normalized as pasted text first (`ConvertRequest.isCommand`).
  public var isCommand = false

  public init(
    target: Target, path: String, kind: InputKind?, options: ConversionOptions, text: String? = nil,
    outputDirectory: String? = nil, install: Bool = false, format: ReportFormat = .text, failOn: Severity? = nil,
    profiles: [String] = []
  ) {
    self.failOn = failOn
    self.profiles = profiles
    self.target = target
    self.path = path
    self.kind = kind
    self.options = options
    self.text = text
    self.outputDirectory = outputDirectory
    self.install = install
    self.format = format
  }
}

/// `migrate units` and `migrate convert --to podman-script|compose` without the argument parsing: read,
/// convert, plan, emit, write.
public enum EmitCommand {
  static let composeNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"]

  public static func run(_ request: EmitRequest, environment: CommandEnvironment) -> CommandOutcome {
    var outcome = CommandOutcome()
    var path = request.path
    if request.text == nil && FileIO.isDirectory(path) {
      guard let name = composeNames.first(where: { FileIO.exists(path + "/" + $0) }) else {
        return outcome.failed("\(path): no compose file (\(composeNames.joined(separator: ", "))) in this folder")
      }
      path = (path.hasSuffix("/") ? path : path + "/") + name
    }
    let input: CommandInput
    switch CommandInput.read(path, text: request.text, kind: request.kind, command: request.isCommand) {
    case .success(let read): input = read
    case .failure(let error): return outcome.failed(error.message)
    }
    let bytes = input.bytes
    let kind = input.kind
    if request.target == .compose && kind == .compose {
      return outcome.failed(
        "\(path) is already a compose file; --to compose reads docker run lines (--command, or a script)")
    }
    let source = SourceFile(path: path, bytes: bytes)
    let folder = request.text == nil ? directory(of: path) : nil
    let planned: EmitPlanner.Outcome
    do {
      let variables = kind == .compose ? composeVariables(source, folder: folder) : (values: [:], dotEnv: nil)
      planned = try EmitPlanner.plan(
        source, kind: kind, options: request.options, folder: folder, variables: variables.values,
        dotEnv: variables.dotEnv, profiles: request.profiles)
    } catch let diagnostic as ParseDiagnostic {
      outcome.stderr = Array(TextReporter.render(failure(source, kind, diagnostic)).utf8)
      outcome.exitCode = 2
      return outcome
    } catch {
      return outcome.failed(error)
    }
    outcome.stderr = Array(
      Reporter.render(
        .file(planned.conversion), format: request.format, options: request.options, color: environment.stderrColor
      ).utf8)
    let display = request.text == nil ? path : "--command"
    for note in input.notes { outcome.stderr += Array("migrate: \(display): \(note)\n".utf8) }
    var plan = planned.plan
    // A unit that runs `podman run` itself becomes the `.container` Quadlet generates it from (UnitUpgrade).
    var podmanUnit: PodmanSystemdUnit?
    if request.target == .units, request.options.target.supports(.quadlet),
      case .script(let document)? = planned.conversion.model, let unit = PodmanSystemdUnit.read(document)
    {
      if !unit.refusals.isEmpty {
        let reasons = unit.refusals.map { refusal in
          let position = document.source.lines.position(of: refusal.entry.keyRange.lower)
          return "\(display):\(position.line):\(position.column): \(refusal.reason)"
        }
        return outcome.failed(
          "\(display): this unit has no Quadlet form; no `.container` written:\n" + reasons.joined(separator: "\n"))
      }
      UnitUpgrade.dropPlumbing(&plan)
      podmanUnit = unit
    }
    if plan.containers.isEmpty {
      return outcome.failed("\(path): no container to emit (no compose service, or no docker run/create line)")
    }
    if request.text == nil {
      plan.baseDirectory = directory(of: path)
    }
    for note in plan.selectionNotes { outcome.stderr += Array("migrate: \(display): \(note)\n".utf8) }
    var files: [EmittedFile] = []
    var install = ""
    do {
      switch request.target {
      case .units:
        let result = try UnitEmitter.emit(plan, options: request.options, source: display)
        files = result.files
        install = result.install
        if let podmanUnit {
          files = files.map { UnitUpgrade.merge($0, with: podmanUnit) }
          install = UnitUpgrade.instructions(unitPath: display, files: files, options: request.options)
        }
      case .podmanScript:
        let base = plan.name ?? "containers"
        files = [
          EmittedFile(
            name: "\(base).sh", text: try PodmanScriptEmitter.emit(plan, options: request.options, source: display),
            secretKeys: plan.literalSecrets.map(\.key))
        ]
      case .compose:
        files = [
          EmittedFile(
            name: "compose.yaml", text: ComposeEmitter.emit(plan, options: request.options, source: display),
            secretKeys: plan.literalSecrets.map(\.key))
        ]
      }
    } catch let diagnostic as ParseDiagnostic {
      outcome.stderr += Array(TextReporter.render(failure(source, kind, diagnostic)).utf8)
      outcome.exitCode = 2
      return outcome
    } catch {
      return outcome.failed(error)
    }
    if let directory = request.outputDirectory {
      do {
        try FileIO.makeDirectories(directory)
        for file in files {
          // Always this mode, not the mode of a file written before: a file that now holds a secret must not
          // keep an earlier 0644.
          try FileIO.writeAtomically(Array(file.text.utf8), to: directory + "/" + file.name, mode: file.mode)
          let mode = file.secretKeys.isEmpty ? "" : " (mode 0600)"
          outcome.stderr += Array("wrote \(directory)/\(file.name)\(mode)\n".utf8)
        }
      } catch {
        return outcome.failed(error)
      }
    } else if files.count == 1 && request.target != .units {
      outcome.stdout = Array(files[0].text.utf8)
    } else {
      outcome.stdout = Array(render(files).utf8)
    }
    if request.install && request.target == .units {
      outcome.stdout += Array(((outcome.stdout.isEmpty ? "" : "\n") + install).utf8)
    }
    if request.format == .text {
      outcome.stderr += Array(secretWarnings(files, directory: request.outputDirectory, source: display).utf8)
    }
    // The files are emitted either way; a finding left for a person still fails the gate, as in `convert`.
    if let level = request.failOn, planned.conversion.findings.hasUnresolved(atLeast: level) { outcome.exitCode = 1 }
    return outcome
  }

  /// One warning per emitted file that holds a literal secret value: which file, which keys, and what to do.
  static func secretWarnings(_ files: [EmittedFile], directory: String?, source: String) -> String {
    files.filter { !$0.secretKeys.isEmpty }.map { file in
      let place =
        directory.map { "\($0)/\(file.name) (written mode 0600)" }
        ?? "\(file.name) on standard output (with -o DIR it is written mode 0600)"
      return "migrate: warning: \(place) holds the value of \(file.secretKeys.joined(separator: ", ")) "
        + "as written in \(source); keep it out of version control, or move it into a podman secret "
        + "(podman secret create NAME -, then Secret=NAME,type=env,target=KEY or --secret NAME,type=env,target=KEY)\n"
    }.joined()
  }

  /// Several files on standard output, each after a `# file: NAME` line.
  public static func render(_ files: [EmittedFile]) -> String {
    files.map { "# file: \($0.name)\n\($0.text)" }.joined(separator: "\n")
  }

  /// What Compose would interpolate into `source`: the `.env` file of its folder, overridden by the
  /// environment for the variables the file uses; and that `.env` file. The values decide structure only
  /// (image, ports, volumes, …): the planner keeps what the containers are handed as references.
  static func composeVariables(
    _ source: SourceFile, folder: String?, environment: (String) -> String? = FileIO.environment
  ) -> (values: [String: String], dotEnv: DotEnvFile?) {
    var variables: [String: String] = [:]
    var dotEnv: DotEnvFile?
    // Only a regular file: `.env` as a FIFO would block, as a device or folder it is not Compose's `.env`.
    if let folder, FileIO.isRegularFile(folder + "/.env"), let bytes = try? FileIO.read(folder + "/.env") {
      let text = String(decoding: bytes, as: UTF8.self)
      variables = ComposeInterpolation.dotEnv(text)
      dotEnv = DotEnvFile(path: folder + "/.env", text: text)
    }
    for segment in ComposeInterpolation.segments(source.text(ByteRange(0, source.bytes.count))) {
      if case .variable(let name, _) = segment, let value = environment(name) { variables[name] = value }
    }
    // Compose reads the profiles to start from the environment, then `.env`.
    if let profiles = environment("COMPOSE_PROFILES") { variables["COMPOSE_PROFILES"] = profiles }
    return (variables, dotEnv)
  }

  /// The absolute folder of `path`.
  static func directory(of path: String) -> String? {
    PathText.absoluteFolder(of: path, workingFolder: FileIO.currentDirectory())
  }

  static func failure(_ source: SourceFile, _ kind: InputKind, _ diagnostic: ParseDiagnostic) -> ConversionResult {
    let finding = Finding(
      ruleID: ParseError.meta.id, severity: .error, message: "\(diagnostic.stage): \(diagnostic.problem)",
      range: diagnostic.range)
    return ConversionResult(
      source: source, kind: kind, output: source.bytes, findings: [finding], parseError: diagnostic, internalError: nil)
  }
}

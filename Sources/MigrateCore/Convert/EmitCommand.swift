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

  public init(
    target: Target, path: String, kind: InputKind?, options: ConversionOptions, text: String? = nil,
    outputDirectory: String? = nil, install: Bool = false, format: ReportFormat = .text
  ) {
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
    func fail(_ message: String) -> CommandOutcome {
      outcome.stderr += Array("migrate: \(message)\n".utf8)
      outcome.exitCode = 2
      return outcome
    }
    var path = request.path
    if request.text == nil && FileIO.isDirectory(path) {
      guard let name = composeNames.first(where: { FileIO.exists(path + "/" + $0) }) else {
        return fail("\(path): no compose file (\(composeNames.joined(separator: ", "))) in this folder")
      }
      path = (path.hasSuffix("/") ? path : path + "/") + name
    }
    let bytes: [UInt8]
    do {
      bytes = try request.text.map { Array($0.utf8) } ?? FileIO.read(path)
    } catch {
      return fail(ConvertCommand.describe(error))
    }
    guard let kind = request.kind ?? Converter.detectKind(path: path, bytes: bytes) else {
      return fail(
        "\(path): cannot tell what kind of file this is; pass --kind (\(InputKind.allCases.map(\.rawValue).joined(separator: ", ")))"
      )
    }
    if request.target == .compose && kind == .compose {
      return fail("\(path) is already a compose file; --to compose reads docker run lines (--command, or a script)")
    }
    let source = SourceFile(path: path, bytes: bytes)
    let folder = request.text == nil ? directory(of: path) : nil
    let planned: EmitPlanner.Outcome
    do {
      planned = try EmitPlanner.plan(
        source, kind: kind, options: request.options, folder: folder,
        variables: kind == .compose ? composeVariables(source, folder: folder) : [:])
    } catch let diagnostic as ParseDiagnostic {
      outcome.stderr = Array(TextReporter.render(failure(source, kind, diagnostic)).utf8)
      outcome.exitCode = 2
      return outcome
    } catch {
      return fail(ConvertCommand.describe(error))
    }
    switch request.format {
    case .text:
      outcome.stderr = Array(
        TextReporter.render(planned.conversion, color: environment.stderrIsTerminal && !environment.noColor).utf8)
    case .json:
      outcome.stderr = Array(
        JSONReporter.render(JSONReporter.report(BatchReport(single: planned.conversion), options: request.options)).utf8
      )
    case .sarif:
      outcome.stderr = Array(SARIFReporter.render(BatchReport(single: planned.conversion)).utf8)
    }
    var plan = planned.plan
    if plan.containers.isEmpty {
      return fail("\(path): no container to emit (no compose service, or no docker run/create line)")
    }
    if request.text == nil {
      plan.baseDirectory = directory(of: path)
    }
    let display = request.text == nil ? path : "--command"
    var files: [EmittedFile] = []
    var install = ""
    do {
      switch request.target {
      case .units:
        let result = try UnitEmitter.emit(plan, options: request.options, source: display)
        files = result.files
        install = result.install
      case .podmanScript:
        let base = plan.name ?? "containers"
        files = [
          EmittedFile(
            name: "\(base).sh", text: try PodmanScriptEmitter.emit(plan, options: request.options, source: display))
        ]
      case .compose:
        files = [EmittedFile(name: "compose.yaml", text: ComposeEmitter.emit(plan, options: request.options))]
      }
    } catch let diagnostic as ParseDiagnostic {
      outcome.stderr += Array(TextReporter.render(failure(source, kind, diagnostic)).utf8)
      outcome.exitCode = 2
      return outcome
    } catch {
      return fail(ConvertCommand.describe(error))
    }
    if let directory = request.outputDirectory {
      do {
        try FileIO.makeDirectories(directory)
        for file in files {
          try FileIO.writeAtomically(Array(file.text.utf8), to: directory + "/" + file.name)
          outcome.stderr += Array("wrote \(directory)/\(file.name)\n".utf8)
        }
      } catch {
        return fail(ConvertCommand.describe(error))
      }
    } else if files.count == 1 && request.target != .units {
      outcome.stdout = Array(files[0].text.utf8)
    } else {
      outcome.stdout = Array(render(files).utf8)
    }
    if request.install && request.target == .units {
      outcome.stdout += Array(((outcome.stdout.isEmpty ? "" : "\n") + install).utf8)
    }
    return outcome
  }

  /// Several files on standard output, each after a `# file: NAME` line.
  public static func render(_ files: [EmittedFile]) -> String {
    files.map { "# file: \($0.name)\n\($0.text)" }.joined(separator: "\n")
  }

  /// What Compose would interpolate into `source`: the `.env` file of its folder, overridden by the
  /// environment for the variables the file uses.
  static func composeVariables(_ source: SourceFile, folder: String?) -> [String: String] {
    var variables: [String: String] = [:]
    if let folder, let bytes = try? FileIO.read(folder + "/.env") {
      variables = ComposeInterpolation.dotEnv(String(decoding: bytes, as: UTF8.self))
    }
    for segment in ComposeInterpolation.segments(source.text(ByteRange(0, source.bytes.count))) {
      if case .variable(let name, _) = segment, let value = FileIO.environment(name) { variables[name] = value }
    }
    return variables
  }

  /// The absolute folder of `path`.
  static func directory(of path: String) -> String? {
    let absolute: String
    if path.hasPrefix("/") {
      absolute = path
    } else if let cwd = FileIO.currentDirectory() {
      absolute = cwd + "/" + path
    } else {
      return nil
    }
    guard let slash = absolute.lastIndex(of: "/") else { return nil }
    let folder = String(absolute[..<slash])
    return UnitEmitter.absolute(".", base: folder.isEmpty ? "/" : folder)
  }

  static func failure(_ source: SourceFile, _ kind: InputKind, _ diagnostic: ParseDiagnostic) -> ConversionResult {
    let finding = Finding(
      ruleID: ParseError.meta.id, severity: .error, message: "\(diagnostic.stage): \(diagnostic.problem)",
      range: diagnostic.range)
    return ConversionResult(
      source: source, kind: kind, output: source.bytes, findings: [finding], parseError: diagnostic, internalError: nil)
  }
}

/// The kinds of file `migrate` reads.
public enum InputKind: String, Sendable, CaseIterable, Codable {
  case compose
  /// A shell script (`*.sh`, `*.bash`, a shell shebang), or one `--command` line.
  case shell
  case makefile
  /// A systemd unit (`*.service`).
  case systemd
  /// A GitHub Actions workflow (`.github/workflows/*.yml`).
  case githubActions = "github-actions"
  /// GitLab CI (`.gitlab-ci.yml`).
  case gitlabCI = "gitlab-ci"
  /// Travis CI (`.travis.yml`).
  case travisCI = "travis-ci"
}

/// The result of converting one file.
public struct ConversionResult: Sendable {
  public var source: SourceFile
  public var kind: InputKind
  /// The converted bytes (the original bytes when nothing changed or the file failed to parse).
  public var output: [UInt8]
  /// Findings located in the original file, sorted by position.
  public var findings: [Finding]
  /// Set when the file did not parse: it gets no fixes and must not be written.
  public var parseError: ParseDiagnostic?
  /// Set when a fix broke the output (a bug); every edit was dropped.
  public var internalError: String?

  /// The model of `output` as the engine's last round parsed it: what the converted file holds, for
  /// planners (prereqs, emitters) that must not re-parse the output or read finding messages. Nil when the
  /// file failed.
  public var model: ConvertedModel? = nil

  public var changed: Bool { output != source.bytes }
  /// True when the file must not be written and the run should exit 2.
  public var failed: Bool { parseError != nil || internalError != nil }
}

/// A converted file's model: a compose project or a script-like file.
public enum ConvertedModel: Sendable {
  case compose(ComposeProject)
  case script(ScriptDocument)

  /// Every container the file describes: compose services, or `run`/`create` lines.
  public var containers: [Container] {
    switch self {
    case .compose(let project): return project.services.map(\.container)
    case .script(let document): return document.commands.compactMap(\.container)
    }
  }

  /// True when a script runs compose (`docker compose`, `docker-compose`, `podman-compose`, `podman compose`).
  public var runsCompose: Bool {
    guard case .script(let document) = self else { return false }
    return document.commands.contains { $0.invocation.runsCompose }
  }
}

/// Converts files: parse, check with the rules, fix, converge (the pipeline every command uses).
public enum Converter {
  /// Converts `source` read as `kind` for `options`, with `rules` (all by default).
  public static func convert(
    _ source: SourceFile, kind: InputKind, options: ConversionOptions, rules: [any Rule]? = nil
  ) -> ConversionResult {
    // Kubernetes manifests, playbooks and Helm templates are YAML too, but reading them as compose would only
    // report that nothing there is a service; say what they are instead (also with `--kind compose`).
    if kind == .compose, let foreign = ForeignYAML.sniff(path: source.path, bytes: source.bytes) {
      return failure(
        source, kind,
        ParseDiagnostic(
          stage: "input", path: source.path, range: .at(foreign.offset), problem: foreign.kind.problem))
    }
    let rules = (rules ?? RuleCatalog.all).filter { options.rules.isEnabled(type(of: $0).meta.id) }
    let engine = FixEngine(applyAtLeast: options.applyAtLeast)
    // Scripts always "parse"; the safety net for them is that a rewrite must not add shell syntax errors.
    var baseline: Int?
    let suppressions = options.honorSuppressions ? Suppressions.read(source) : Suppressions()
    var used: Set<Int>?
    // The engine checks the final output last; its model is kept when its bytes are the output's.
    var parsed: (bytes: [UInt8], model: ConvertedModel)?
    do {
      let outcome = try engine.run(source) { file in
        // The previous round's model goes before this round's is built: two models of a large file at once
        // double the peak memory.
        parsed = nil
        var (findings, syntaxErrors, model) = try check(file, kind: kind, options: options, rules: rules)
        parsed = (file.bytes, model)
        // Suppressions are read from the original file and filter every round (edits never touch comments
        // above a statement, so the lines they cover stay where they were or move with it).
        if !suppressions.entries.isEmpty {
          let local = file.bytes == source.bytes ? suppressions : Suppressions.read(file)
          let applied = local.apply(findings, in: file)
          findings = applied.kept
          if used == nil { used = applied.used }
        }
        if let baseline, syntaxErrors > baseline {
          throw ParseDiagnostic(
            stage: "shell", path: file.path, range: .at(0), problem: "the rewritten text has new shell syntax errors")
        }
        if baseline == nil { baseline = syntaxErrors }
        return findings
      }
      var findings = outcome.findings
      if !suppressions.entries.isEmpty {
        findings += suppressions.problems(used: used ?? [], selection: options.rules)
        findings.sort { $0.range.lower < $1.range.lower }
      }
      if let error = outcome.internalError {
        findings.append(
          Finding(ruleID: InternalError.meta.id, severity: .error, message: "Internal error: \(error)", range: .at(0)))
      }
      return ConversionResult(
        source: source, kind: kind, output: outcome.output, findings: options.rules.apply(findings), parseError: nil,
        internalError: outcome.internalError,
        model: outcome.internalError == nil && parsed?.bytes == outcome.output ? parsed?.model : nil)
    } catch let diagnostic as ParseDiagnostic {
      return failure(source, kind, diagnostic)
    } catch {
      let diagnostic = ParseDiagnostic(stage: "input", path: source.path, range: .at(0), problem: "\(error)")
      return failure(source, kind, diagnostic)
    }
  }

  private static func failure(_ source: SourceFile, _ kind: InputKind, _ diagnostic: ParseDiagnostic)
    -> ConversionResult
  {
    let finding = Finding(
      ruleID: ParseError.meta.id, severity: .error, message: "\(diagnostic.stage): \(diagnostic.problem)",
      range: diagnostic.range)
    return ConversionResult(
      source: source, kind: kind, output: source.bytes, findings: [finding], parseError: diagnostic, internalError: nil)
  }

  /// Parses `file` and runs `rules` over it; throws a `ParseDiagnostic` when it does not parse. Returns the
  /// findings, the number of shell syntax errors and the parsed model.
  static func check(_ file: SourceFile, kind: InputKind, options: ConversionOptions, rules: [any Rule]) throws
    -> ([Finding], Int, ConvertedModel)
  {
    switch kind {
    case .compose:
      let project = try ComposeParser.parse(file)
      var context = RuleContext(options: options, source: file, project: project)
      // Each service's container is taken once and handed to every rule (not copied once per rule: with
      // thousands of services those copies dominate); findings are filed by rule, so they come out in the
      // order of a rule-by-rule pass: each rule's service findings in file order, then its project ones.
      var byRule = [[Finding]](repeating: [], count: rules.count)
      for service in project.services {
        let container = service.container
        for (index, rule) in rules.enumerated() {
          rule.check(container, in: &context)
          if !context.findings.isEmpty { byRule[index] += context.takeFindings() }
        }
      }
      for (index, rule) in rules.enumerated() {
        context.append(byRule[index])
        rule.check(project, in: &context)
      }
      return (context.findings, 0, .compose(project))
    case .shell, .makefile, .systemd, .githubActions, .gitlabCI, .travisCI:
      let document = try ScriptParser.parse(file, kind: kind)
      // Compose services run together; command lines in a script usually run one after another, so a
      // folder they both mount is not fought over.
      let users: [String: Int] = [:]
      let binds = BindLocator(probe: options.bindProbe, path: file.path)
      var context = RuleContext(
        options: options, source: file, project: nil, script: document, writableBindUsers: users, binds: binds)
      var detached: [ShellRegion: [Finding]] = [:]
      // Command by command, each handed to every rule once (as for compose services); findings are filed by
      // rule so that they come out as a rule-by-rule pass makes them: the rule's file findings, then its
      // findings on each command in order.
      var byRule = [[Finding]](repeating: [], count: rules.count)
      for (index, rule) in rules.enumerated() {
        rule.check(document, in: &context)
        byRule[index] = context.takeFindings()
      }
      for command in document.commands {
        // Rules read a detached region's own text, in whose coordinates its commands were parsed.
        let region = command.region
        let text = region.detachedText.map { SourceFile(path: file.path, bytes: $0) } ?? file
        // One context per command, its findings taken after each rule (not a copy per rule and command).
        var local = context.reading(text)
        let container = command.container
        var regionFindings: [Finding] = []
        for (index, rule) in rules.enumerated() {
          rule.check(command, in: &local)
          if let container { rule.check(container, in: &local) }
          guard !local.findings.isEmpty else { continue }
          let made = local.takeFindings()
          if !region.isVerbatim { regionFindings += made }
          context.absorb(made, from: region)
          byRule[index] += context.takeFindings()
        }
        if !regionFindings.isEmpty { detached[region, default: []] += regionFindings }
      }
      for findings in byRule { context.append(findings) }
      // Text that cannot be edited in place gets the rewritten text as a suggestion.
      for region in document.regions where detached[region] != nil {
        guard let text = region.detachedText, let findings = detached[region] else { continue }
        let selected = FixEngine(applyAtLeast: options.applyAtLeast).select(findings)
        guard !selected.edits.isEmpty else { continue }
        let suggestion = String(decoding: TextEdit.apply(selected.edits, to: text), as: UTF8.self)
        context.report(
          EmbeddedCommandNotEditable.meta,
          "\(region.label.capitalizedFirst) cannot be edited in place (folded or escaped text); rewrite it as: \(suggestion.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingSpaces)",
          at: region.range)
      }
      return (context.findings, document.diagnostics.count, .script(document))
    }
  }
}

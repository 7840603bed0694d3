/// The kinds of file `migrate` reads.
public enum InputKind: String, Sendable, CaseIterable, Codable {
  case compose
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

  public var changed: Bool { output != source.bytes }
  /// True when the file must not be written and the run should exit 2.
  public var failed: Bool { parseError != nil || internalError != nil }
}

/// Converts files: parse, check with the rules, fix, converge (the pipeline every command uses).
public enum Converter {
  /// Converts `source` read as `kind` for `options`, with `rules` (all by default).
  public static func convert(
    _ source: SourceFile, kind: InputKind, options: ConversionOptions, rules: [any Rule]? = nil
  ) -> ConversionResult {
    let rules = rules ?? RuleCatalog.all
    let engine = FixEngine(applyAtLeast: options.applyAtLeast)
    do {
      let outcome = try engine.run(source) { file in try check(file, kind: kind, options: options, rules: rules) }
      var findings = outcome.findings
      if let error = outcome.internalError {
        findings.append(
          Finding(ruleID: InternalError.meta.id, severity: .error, message: "Internal error: \(error)", range: .at(0)))
      }
      return ConversionResult(
        source: source, kind: kind, output: outcome.output, findings: findings, parseError: nil,
        internalError: outcome.internalError)
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

  /// Parses `file` and runs `rules` over it; throws a `ParseDiagnostic` when it does not parse.
  static func check(_ file: SourceFile, kind: InputKind, options: ConversionOptions, rules: [any Rule]) throws
    -> [Finding]
  {
    switch kind {
    case .compose:
      let project = try ComposeParser.parse(file)
      var context = RuleContext(options: options, source: file, project: project)
      for rule in rules {
        for service in project.services { rule.check(service.container, in: &context) }
        rule.check(project, in: &context)
      }
      return context.findings
    }
  }

  /// Guesses the kind of a file from its name and content; nil when it is not one `migrate` reads.
  public static func detectKind(path: String, bytes: [UInt8]) -> InputKind? {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let lower = name.lowercased()
    if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") || lower == "-" || lower.isEmpty { return .compose }
    if lower.contains("compose") { return .compose }
    // Content sniffing: a top-level `services:` key.
    let head = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self)
    if head.hasPrefix("services:") || head.contains("\nservices:") { return .compose }
    return nil
  }
}

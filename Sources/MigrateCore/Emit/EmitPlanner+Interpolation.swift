/// Compose interpolation for the planner: what decides structure is substituted, what the container is
/// handed stays a `VariableReference`.
extension EmitPlanner {
  /// The compose text with Compose's interpolation done on every scalar value (not keys), each rewritten
  /// value written as a double-quoted YAML scalar, so the result parses as the same structure.
  /// What the container is handed (`containerValueKeys`) is left out: its variables become references.
  static func interpolate(_ file: SourceFile, variables: [String: String]) throws -> SourceFile {
    guard file.bytes.contains(UInt8(ascii: "$")), let root = try YAMLParser.parse(file).documents.first?.root else {
      return file
    }
    var edits: [TextEdit] = []
    let kept = containerValueRanges(root)
    // Block scalars (`|`, `>`) keep their variables (noted): a quoted scalar in their place would need their
    // indentation rules.
    for (node, isKey) in root.scalars()
    where !isKey && node.value.contains("$") && node.style != .literal && node.style != .folded
      && !kept.contains(where: { $0.lower <= node.range.lower && node.range.upper <= $0.upper })
    {
      let resolved = ComposeInterpolation.resolve(node.value, variables: variables).text
      if resolved != node.value {
        edits.append(TextEdit(replacing: node.range, with: YAMLQuote.doubleQuoted(resolved)))
      }
    }
    guard !edits.isEmpty else { return file }
    return SourceFile(path: file.path, bytes: TextEdit.apply(edits, to: file.bytes))
  }

  /// Service keys whose values are handed to the container rather than deciding what is created: where
  /// passwords and keys are passed, so their variables are never replaced by values.
  static let containerValueKeys = ["environment", "command", "entrypoint", "healthcheck", "labels"]

  /// The byte ranges of every service's `containerValueKeys` values, with the anchored nodes they reach
  /// through aliases and merge keys (an anchor's scalars stand where it is defined).
  static func containerValueRanges(_ root: YAMLNode) -> [ByteRange] {
    guard let services = root.value(forKey: "services")?.resolved, services.isMapping else { return [] }
    var ranges: [ByteRange] = []
    func add(_ node: YAMLNode, depth: Int) {
      // Aliases only point back to completed nodes, so there is no cycle; the depth bounds a deep input.
      guard depth < 64 else { return }
      ranges.append(node.range)
      switch node.kind {
      case .alias: if let target = node.target { add(target, depth: depth + 1) }
      case .mapping:
        for (key, value) in node.pairs {
          add(key, depth: depth + 1)
          add(value, depth: depth + 1)
        }
      case .sequence: for item in node.items { add(item, depth: depth + 1) }
      case .scalar: break
      }
    }
    for (_, service) in services.effectivePairs {
      let node = service.resolved
      guard node.isMapping else { continue }
      for key in containerValueKeys {
        if let value = node.value(forKey: key) { add(value, depth: 0) }
      }
    }
    return ranges
  }

  /// The compose project name: `name:`, else the folder of the file (as Compose derives it).
  static func projectName(_ project: ComposeProject, path: String) -> String {
    if let name = project.name?.text, !name.isEmpty, !ComposeInterpolation.hasVariables(name) {
      return sanitize(name)
    }
    let parts = path.split(separator: "/").map(String.init)
    let folder = parts.count >= 2 ? parts[parts.count - 2] : "project"
    return sanitize(folder == "." || folder == ".." ? "project" : folder)
  }

  /// Lower case letters, digits, `_` and `-` (what Compose allows in a project name).
  static func sanitize(_ name: String) -> String {
    let kept = name.lowercased().unicodeScalars.filter { scalar in
      (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "-"
    }
    let text = String(String.UnicodeScalarView(kept))
    return text.isEmpty ? "project" : text
  }

  /// A compose value as the container sees it: `$$` is a literal `$`; other interpolations are kept as
  /// written (and noted), since the emitted files are not read by Compose.
  static func literal(_ text: String, _ notes: inout [String], _ what: String) -> String {
    var out = ""
    var variable = false
    for segment in ComposeInterpolation.segments(text) {
      switch segment {
      case .literal(let value): out += value
      case .escapedDollar: out += "$"
      case .variable(_, let written):
        out += written
        variable = true
      }
    }
    if variable { notes.append("\(what) uses a variable (\(text)); it is written as is, set it by hand") }
    return out
  }

  /// A compose value handed to the container (environment, command, entrypoint, health check, label) as
  /// the container sees it, `$$` read as `$`, with each variable a `VariableReference` instead of its value.
  /// Operators are decided here, from whether the variable is set (`variables`), never from its value:
  /// `${V:-default}` is the reference when V is set (non-empty) and the default otherwise, `${V:+alt}` the
  /// alternative when set, `${V:?message}` the reference. `$(…)` and names sh and systemd cannot expand
  /// are kept as written (and noted).
  static func containerValue(
    _ text: String, _ variables: [String: String], _ notes: inout [String], _ what: String
  ) -> String {
    var out = ""
    var unexpandable = false
    for segment in ComposeInterpolation.segments(text) {
      switch segment {
      case .literal(let value): out += VariableReference.sanitized(value)
      case .escapedDollar: out += "$"
      case .variable(let name, let raw):
        guard !raw.hasPrefix("$("), VariableReference.isValidName(name) else {
          out += VariableReference.sanitized(raw)
          unexpandable = true
          continue
        }
        guard raw.hasPrefix("${") else {
          out += VariableReference.marker(name)
          continue
        }
        let (op, word, colon, bare) = ComposeInterpolation.braced(raw, name: name)
        let value = variables[name]
        let isSet = value != nil && (!colon || value?.isEmpty == false)
        switch (op, bare) {
        case (_, true): out += VariableReference.marker(name)
        case ("-", _): out += isSet ? VariableReference.marker(name) : containerValue(word, variables, &notes, what)
        case ("+", _): out += isSet ? containerValue(word, variables, &notes, what) : ""
        default: out += VariableReference.marker(name)
        }
      }
    }
    if unexpandable { notes.append("\(what) uses a variable (\(text)); it is written as is, set it by hand") }
    return out
  }
}

/// Variables Compose cannot give a value, found before planning.
extension EmitPlanner {
  /// Throws a located error for the first variable of `file` that leaves a decision unmade:
  /// - `${VAR:?message}` (VAR unset or empty) and `${VAR?message}` (VAR unset) wherever Compose interpolates
  ///   for structure, with the message, as Compose refuses the file ("required variable VAR is missing a
  ///   value: message");
  /// - an unset `${VAR}`/`$VAR` without a default in a service's `image` or `volumes`, where Compose would
  ///   substitute an empty string (a volume `:/data`, an image `:latest`) and the emitters would otherwise
  ///   write the reference as text (`-v '${DB_DATA_LOCATION}:/data'`).
  /// What the container is handed (`containerValueKeys`) is left alone: its variables stay references
  /// that the unit or script resolves when it runs.
  static func checkVariables(_ file: SourceFile, variables: [String: String]) throws {
    guard file.bytes.contains(UInt8(ascii: "$")), let root = try? YAMLParser.parse(file).documents.first?.root else {
      return
    }
    let kept = containerValueRanges(root)
    var strict: [(range: ByteRange, what: String)] = []
    if let services = root.value(forKey: "services")?.resolved, services.isMapping {
      for (name, service) in services.effectivePairs {
        let node = service.resolved
        guard node.isMapping else { continue }
        for key in ["image", "volumes"] {
          if let value = node.value(forKey: key)?.resolved {
            strict.append((value.range, "`\(key)` of service `\(name.value)`"))
          }
        }
      }
    }
    func within(_ inner: ByteRange, _ outer: ByteRange) -> Bool {
      outer.lower <= inner.lower && inner.upper <= outer.upper
    }
    for (node, isKey) in root.scalars() where !isKey && node.value.contains("$") {
      guard !kept.contains(where: { within(node.range, $0) }) else { continue }
      let place = strict.first { within(node.range, $0.range) }
      guard let missing = missingVariable(node.value, variables: variables, strict: place != nil) else { continue }
      let problem: String
      if let message = missing.message {
        problem =
          "required variable `\(missing.name)` is missing a value"
          + (message.isEmpty ? "" : ": \(message)") + " (`\(missing.written)`)"
      } else {
        problem =
          "\(place?.what ?? "a value") uses `\(missing.written)`, but `\(missing.name)` is not set (in the "
          + "environment or .env): set it, or give a default (`${\(missing.name):-…}`)"
      }
      throw ParseDiagnostic(stage: "compose", path: file.path, range: node.range, problem: problem)
    }
  }

  /// The first variable of `text` Compose cannot give a value: `${VAR:?message}` / `${VAR?message}` unset
  /// (with the message), and with `strict` a `${VAR}`/`$VAR` unset (message nil). Defaults are followed
  /// only where Compose uses them (`${VAR:-${OTHER}}` with VAR unset checks OTHER).
  static func missingVariable(_ text: String, variables: [String: String], strict: Bool) -> (
    name: String, written: String, message: String?
  )? {
    for segment in ComposeInterpolation.segments(text) {
      guard case .variable(let name, let raw) = segment, !raw.hasPrefix("$("), !name.isEmpty else { continue }
      guard raw.hasPrefix("${") else {
        if strict && variables[name] == nil { return (name, raw, nil) }
        continue
      }
      let (op, word, colon, bare) = ComposeInterpolation.braced(raw, name: name)
      let value = variables[name]
      let isSet = value != nil && (!colon || value?.isEmpty == false)
      switch (op, bare) {
      case (_, true):
        if strict && value == nil { return (name, raw, nil) }
      case ("-", _):
        if !isSet, let inner = missingVariable(word, variables: variables, strict: strict) { return inner }
      case ("+", _):
        if isSet, let inner = missingVariable(word, variables: variables, strict: strict) { return inner }
      case ("?", _):
        if !isSet { return (name, raw, word) }
      default:
        if strict && !isSet { return (name, raw, nil) }
      }
    }
    return nil
  }
}

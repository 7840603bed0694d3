/// Finds the shell text inside Makefiles, systemd units and CI files, with host-file offsets.
public enum ScriptExtractor {
  /// The programs whose invocation a make variable may name.
  static let dockerPrograms: Set<String> = [
    "docker", "/usr/bin/docker", "/usr/local/bin/docker", "docker-compose",
    "/usr/bin/docker-compose", "/usr/local/bin/docker-compose",
  ]

  // MARK: Makefiles

  /// Recipe lines (tab-led, after a rule) and variable assignments of a Makefile.
  public static func makefile(_ source: SourceFile) -> (regions: [ShellRegion], items: [HostFileItem]) {
    var regions: [ShellRegion] = []
    var items: [HostFileItem] = []
    var inRule = false
    var target = ""
    for line in logicalLines(source) {
      let bytes = source.bytes
      let first = line.lower < line.upper ? bytes[line.lower] : 0
      if first == 0x09 && inRule {
        // Skip the tab and recipe prefixes: `@` (silent), `-` (ignore errors), `+` (always run).
        var start = line.lower + 1
        while start < line.upper,
          [UInt8(ascii: "@"), UInt8(ascii: "-"), UInt8(ascii: "+"), 0x20, 0x09].contains(bytes[start])
        {
          start += 1
        }
        if start < line.upper {
          regions.append(
            ShellRegion(range: ByteRange(start, line.upper), label: "recipe of `\(target)`", isMakeRecipe: true))
        }
        continue
      }
      let text = byteAligned(source, line)
      let trimmed = text.drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      if let assignment = parseAssignment(text, lineStart: line.lower) {
        let value = assignment.valueRange
        let valueText = source.text(value)
        let firstWord = valueText.split(separator: " ").first.map(String.init) ?? ""
        let tokens = tokenize(source, value)
        if tokens.count >= 2, source.text(tokens[0]) == "docker", source.text(tokens[1]) == "compose" {
          // `docker compose` is one program for the rename (`podman-compose`).
          let range = ByteRange(tokens[0].lower, tokens[1].upper)
          items.append(
            HostFileItem(kind: .programVariable(name: assignment.name), range: range, text: source.text(range)))
          if tokens.count > 2 {
            regions.append(ShellRegion(range: value, label: "variable `\(assignment.name)`", isMakeRecipe: true))
          }
        } else if dockerPrograms.contains(firstWord) {
          // `RUN := docker run --rm …`: the value is a command itself; convert it where it is written.
          if tokens.count > 1 {
            regions.append(ShellRegion(range: value, label: "variable `\(assignment.name)`", isMakeRecipe: true))
          }
          let wordRange = ByteRange(value.lower, value.lower + firstWord.utf8.count)
          items.append(HostFileItem(kind: .programVariable(name: assignment.name), range: wordRange, text: firstWord))
        }
        continue
      }
      // A rule line `targets: prerequisites` (not `:=`), possibly with an inline `; recipe`.
      if let colon = text.firstIndex(of: ":"), !text[colon...].hasPrefix(":=") {
        inRule = true
        target = String(text[..<colon]).trimmingSpaces
        if let semicolon = text[colon...].firstIndex(of: ";") {
          let offset = line.lower + text[..<text.index(after: semicolon)].utf8.count
          if offset < line.upper {
            regions.append(
              ShellRegion(range: ByteRange(offset, line.upper), label: "recipe of `\(target)`", isMakeRecipe: true))
          }
        }
      } else if !trimmed.hasPrefix("ifeq") && !trimmed.hasPrefix("ifneq") && !trimmed.hasPrefix("ifdef")
        && !trimmed.hasPrefix("ifndef") && !trimmed.hasPrefix("else") && !trimmed.hasPrefix("endif")
        && !trimmed.hasPrefix("include") && !trimmed.hasPrefix("-include") && !trimmed.hasPrefix("define")
        && !trimmed.hasPrefix("endef") && !trimmed.hasPrefix("export") && !trimmed.hasPrefix("unexport")
      {
        inRule = false
      }
    }
    return (regions, items)
  }

  struct Assignment {
    var name: String
    var valueRange: ByteRange
  }

  /// The text of `range` with exactly one UTF-8 byte per byte of the file, so offsets counted in it are file
  /// offsets: a line with invalid UTF-8 (which decoding would repair into 3-byte replacement characters) is
  /// read with `?` for each byte above ASCII; its structure (`=`, `:`, `;`, `#`) is all ASCII.
  static func byteAligned(_ source: SourceFile, _ range: ByteRange) -> String {
    let text = source.text(range)
    if text.utf8.count == range.count { return text }
    return String(
      decoding: source.bytes[range.lower..<range.upper].map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
  }

  /// `[export|override] NAME (=|:=|::=|?=|+=|!=) value`.
  static func parseAssignment(_ line: String, lineStart: Int) -> Assignment? {
    var rest = Substring(line)
    for keyword in ["export ", "override "] where rest.hasPrefix(keyword) { rest = rest.dropFirst(keyword.count) }
    rest = rest.drop { $0 == " " || $0 == "\t" }
    let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
    guard !name.isEmpty else { return nil }
    var after = rest.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
    var matched = false
    for op in ["::=", ":=", "?=", "+=", "!=", "="] where after.hasPrefix(op) {
      after = after.dropFirst(op.count)
      matched = true
      break
    }
    guard matched else { return nil }
    after = after.drop { $0 == " " || $0 == "\t" }
    let offset = lineStart + line.utf8.count - after.utf8.count
    var end = lineStart + line.utf8.count
    // Values end before a comment; trailing blanks are not part of the value.
    if let hash = after.firstIndex(of: "#") { end = offset + after[..<hash].utf8.count }
    let value = String(decoding: Array(line.utf8)[(offset - lineStart)..<(end - lineStart)], as: UTF8.self)
    end -= value.utf8.count - value.trimmingSpaces.utf8.count
    return Assignment(name: String(name), valueRange: ByteRange(offset, max(offset, end)))
  }

  /// Lines joined at backslash-newline continuations, without their final line break.
  static func logicalLines(_ source: SourceFile) -> [ByteRange] {
    let bytes = source.bytes
    var lines: [ByteRange] = []
    var start = source.hasBOM ? 3 : 0
    var index = start
    while index < bytes.count {
      if bytes[index] == 0x0A {
        var backslashes = 0
        var back = index - 1
        if back >= start, bytes[back] == 0x0D { back -= 1 }
        while back >= start && bytes[back] == UInt8(ascii: "\\") {
          backslashes += 1
          back -= 1
        }
        if backslashes % 2 == 0 {
          var end = index
          if end > start, bytes[end - 1] == 0x0D { end -= 1 }
          lines.append(ByteRange(start, end))
          start = index + 1
        }
      }
      index += 1
    }
    if start < bytes.count { lines.append(ByteRange(start, bytes.count)) }
    return lines
  }

  // MARK: systemd units

  static let execKeys: Set<String> = [
    "ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop", "ExecStopPost", "ExecReload", "ExecCondition",
  ]
  static let dependencyKeys: Set<String> = ["Requires", "After", "Wants", "BindsTo", "PartOf", "Requisite", "Before"]

  /// `Exec*=` command lines and dependencies on `docker.service` / `docker.socket`; `Environment=` lines
  /// come first, since systemd sets them before any command runs (`Environment=DOCKER=/usr/bin/docker`
  /// names the program of `ExecStart=$DOCKER run …`, `IMAGE=nginx` the image of `… run $IMAGE`).
  public static func systemdUnit(_ source: SourceFile) -> (regions: [ShellRegion], items: [HostFileItem]) {
    var environment: [ShellRegion] = []
    var regions: [ShellRegion] = []
    var items: [HostFileItem] = []
    for line in logicalLines(source) {
      let text = byteAligned(source, line)
      guard let equals = text.firstIndex(of: "=") else { continue }
      let key = String(text[..<equals]).trimmingSpaces
      var valueStart = line.lower + text[..<text.index(after: equals)].utf8.count
      if key == "Environment" {
        if valueStart < line.upper {
          environment.append(
            ShellRegion(range: ByteRange(valueStart, line.upper), label: "`Environment=`", isSystemdEnvironment: true))
        }
      } else if execKeys.contains(key) {
        // Prefixes: `-` ignore failure, `@` argv0, `:` no env expansion, `+` `!` `!!` privileges.
        while valueStart < line.upper,
          [UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "!"), 0x20]
            .contains(source.bytes[valueStart])
        {
          valueStart += 1
        }
        if valueStart < line.upper {
          regions.append(
            ShellRegion(range: ByteRange(valueStart, line.upper), label: "`\(key)=`", isSystemdCommand: true))
        }
      } else if dependencyKeys.contains(key) {
        let tokens = tokenize(source, ByteRange(valueStart, line.upper))
        let withBreak = ByteRange(
          line.lower, source.lines.endOfLineIncludingBreak(containing: max(line.lower, line.upper - 1)))
        for token in tokens where source.text(token) == "docker.service" || source.text(token) == "docker.socket" {
          items.append(
            HostFileItem(
              kind: .dockerServiceDependency(key: key, lineRange: withBreak, onlyToken: tokens.count == 1),
              range: token,
              text: source.text(token)))
        }
      }
    }
    return (environment + regions, items)
  }

  static func tokenize(_ source: SourceFile, _ range: ByteRange) -> [ByteRange] {
    var tokens: [ByteRange] = []
    var index = range.lower
    while index < range.upper {
      while index < range.upper, source.bytes[index] == 0x20 || source.bytes[index] == 0x09 { index += 1 }
      let start = index
      while index < range.upper, source.bytes[index] != 0x20 && source.bytes[index] != 0x09 { index += 1 }
      if index > start { tokens.append(ByteRange(start, index)) }
    }
    return tokens
  }

  // MARK: CI YAML

  /// The shell of a YAML scalar: verbatim for plain one-line scalars, quoted ones without escapes and literal
  /// blocks (whose indentation is only blanks to the shell); detached otherwise.
  static func region(of node: YAMLNode, in source: SourceFile, label: String) -> ShellRegion? {
    let node = node.resolved
    guard node.kind == .scalar, !node.value.isEmpty else { return nil }
    switch node.style {
    case .literal:
      // The content starts on the line after the `|` header.
      let headerEnd = source.lines.endOfLineIncludingBreak(containing: node.range.lower)
      guard headerEnd < node.range.upper else { return nil }
      let region = ByteRange(headerEnd, node.range.upper)
      return ShellRegion(range: region, label: label, isIndentedBlock: true)
    case .plain, .singleQuoted, .doubleQuoted:
      let value = node.sourceValue(in: source)
      if let exact = value.valueRange, !node.value.contains("\n") {
        return ShellRegion(range: exact, label: label)
      }
      return ShellRegion(range: node.range, detachedText: Array(node.value.utf8), label: label)
    case .folded:
      return ShellRegion(range: node.range, detachedText: Array(node.value.utf8), label: label)
    }
  }

  /// `jobs.<id>.steps[].run` of a GitHub Actions workflow, `runs.steps[].run` of a composite action
  /// (`action.yml`), and docker CLI images of jobs and services.
  public static func githubWorkflow(_ root: YAMLNode, _ source: SourceFile) -> (
    regions: [ShellRegion], items: [HostFileItem]
  ) {
    var regions: [ShellRegion] = []
    var items: [HostFileItem] = []
    func steps(_ node: YAMLNode?, _ label: String) {
      guard let steps = node?.resolved, steps.kind == .sequence else { return }
      for step in steps.items.map(\.resolved) where step.kind == .mapping {
        if let run = step.value(forKey: "run"), let region = region(of: run, in: source, label: label) {
          regions.append(region)
        }
      }
    }
    if let runs = root.value(forKey: "runs")?.resolved, runs.kind == .mapping {
      steps(runs.value(forKey: "steps"), "step `run:` of the composite action")
    }
    guard let jobs = root.value(forKey: "jobs")?.resolved, jobs.kind == .mapping else { return (regions, items) }
    for (jobKey, job) in jobs.effectivePairs {
      let job = job.resolved
      guard job.kind == .mapping else { continue }
      steps(job.value(forKey: "steps"), "step `run:` of job `\(jobKey.value)`")
      if let services = job.value(forKey: "services")?.resolved, services.kind == .mapping {
        for (_, service) in services.effectivePairs {
          let image = service.resolved.kind == .mapping ? service.resolved.value(forKey: "image") : service
          if let image, let text = image.scalarValue, isDockerDaemonImage(text) {
            items.append(HostFileItem(kind: .dockerInDockerService, range: image.range, text: text))
          }
        }
      }
    }
    return (regions, items)
  }

  static let gitlabReserved: Set<String> = [
    "stages", "variables", "include", "workflow", "image", "services", "cache", "before_script", "after_script",
    "default", "pages",
  ]

  /// The shell lines of a CI key whose value is a command or a list of them (GitLab's `script:`, Travis's
  /// phases), appended to `regions`.
  static func scriptLines(_ node: YAMLNode, in source: SourceFile, label: String, into regions: inout [ShellRegion]) {
    let node = node.resolved
    if node.kind == .scalar {
      if let region = region(of: node, in: source, label: label) { regions.append(region) }
    } else if node.kind == .sequence {
      // Nested sequences come from anchors (`- *setup`); their depth is bounded by the YAML layer.
      for item in node.items { scriptLines(item, in: source, label: label, into: &regions) }
    }
  }

  /// `script`, `before_script` and `after_script` of GitLab CI jobs (and defaults), and `docker:dind` services.
  public static func gitlabCI(_ root: YAMLNode, _ source: SourceFile) -> (regions: [ShellRegion], items: [HostFileItem])
  {
    var regions: [ShellRegion] = []
    var items: [HostFileItem] = []
    func scripts(_ node: YAMLNode, _ label: String) {
      scriptLines(node, in: source, label: label, into: &regions)
    }
    func services(_ node: YAMLNode) {
      let node = node.resolved
      guard node.kind == .sequence else { return }
      for item in node.items {
        let entry = item.resolved
        let image = entry.kind == .mapping ? entry.value(forKey: "name") : entry
        if let image, let text = image.scalarValue, isDockerDaemonImage(text) {
          items.append(HostFileItem(kind: .dockerInDockerService, range: image.range, text: text))
        }
      }
    }
    func job(_ name: String, _ node: YAMLNode) {
      let node = node.resolved
      guard node.kind == .mapping else { return }
      for key in ["before_script", "script", "after_script"] {
        if let value = node.value(forKey: key) { scripts(value, "`\(key)` of `\(name)`") }
      }
      if let value = node.value(forKey: "services") { services(value) }
    }
    for (key, value) in root.effectivePairs {
      switch key.value {
      case "before_script", "after_script": scripts(value, "`\(key.value)`")
      case "services": services(value)
      case "default": job("default", value)
      default:
        if !gitlabReserved.contains(key.value) { job(key.value, value) }
      }
    }
    return (regions, items)
  }

  /// The phases of a Travis CI build (`script:`, `before_install:`, … and `deploy.script`), at the top and in
  /// each entry of `jobs.include` / `matrix.include`: each a command or a list of commands.
  public static func travisCI(_ root: YAMLNode, _ source: SourceFile) -> (regions: [ShellRegion], items: [HostFileItem])
  {
    var regions: [ShellRegion] = []
    let phases = [
      "before_install", "install", "before_script", "script", "after_success", "after_failure", "after_script",
      "before_deploy", "after_deploy",
    ]
    func job(_ node: YAMLNode, _ place: String) {
      let node = node.resolved
      guard node.kind == .mapping else { return }
      for key in phases {
        if let value = node.value(forKey: key) {
          scriptLines(value, in: source, label: "`\(key)`\(place)", into: &regions)
        }
      }
      // `deploy:` is one provider or a list of them; the `script` provider runs a command.
      if let deploy = node.value(forKey: "deploy")?.resolved {
        for provider in deploy.kind == .sequence ? deploy.items : [deploy] {
          let provider = provider.resolved
          if provider.kind == .mapping, let script = provider.value(forKey: "script") {
            scriptLines(script, in: source, label: "`deploy.script`\(place)", into: &regions)
          }
        }
      }
    }
    job(root, "")
    for key in ["jobs", "matrix"] {
      guard let value = root.value(forKey: key)?.resolved, value.kind == .mapping,
        let include = value.value(forKey: "include")?.resolved, include.kind == .sequence
      else { continue }
      for (index, entry) in include.items.enumerated() {
        let name = entry.resolved.kind == .mapping ? entry.resolved.value(forKey: "name")?.scalarValue : nil
        job(entry, " of `\(name ?? "\(key).include[\(index)]")`")
      }
    }
    regions.sort { $0.range.lower < $1.range.lower }
    return (regions, [])
  }

  /// `docker:dind`, `docker:24-dind`, `docker:24.0.7-dind-rootless`: the Docker daemon as a service.
  static func isDockerDaemonImage(_ image: String) -> Bool {
    let name = image.split(separator: "@").first.map(String.init) ?? image
    let base = name.split(separator: "/").last.map(String.init) ?? name
    return base.hasPrefix("docker:") && base.contains("dind")
  }
}

extension String {
  /// The string without leading and trailing blanks (spaces and tabs).
  var trimmingSpaces: String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}

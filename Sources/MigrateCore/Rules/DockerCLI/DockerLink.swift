/// MG128: `docker run --link`, which podman refuses, rewritten as one user-defined network the script's
/// containers share, with the link's alias as a network alias.
struct DockerLink: Rule {
  static let meta = RuleMeta(
    id: "MG128", name: "docker-link", severity: .error, fixAvailability: .sometimes,
    summary: "`--link`, which podman does not have",
    why: """
      `docker run --link db:database` lets the container reach the container `db` by the names `db` and \
      `database` on Docker's default bridge, and sets `DATABASE_PORT_…` variables from `db`'s ports. Podman \
      has no `--link` ("unknown flag"). Its equivalent is a user-defined network: containers on one network \
      reach each other by container name through the network's DNS (aardvark-dns with netavark, the dnsname \
      plugin with CNI), and `--network-alias` adds the link's other name.
      """,
    fixSafety: """
      Safe where one shell (a script, a CI step) starts every linked container itself: a line `podman network exists NET || \
      podman network create NET` goes before the first `run` (`NET` is `<script name>_default`, as compose \
      names a project's network), `--link` becomes `--network NET`, the linked container joins `NET` with \
      `--network-alias ALIAS`, and the script's other `run` lines on the default bridge join `NET` too, so they \
      still reach each other. What changes is said in the finding: Docker's link variables \
      (`ALIAS_PORT_5432_TCP_ADDR`, …) are not set. No fix when a linked container is started elsewhere, when \
      a linked container already names a network, or when the containers start in shells of their own \
      (Makefile recipe lines, unit commands, separate CI steps; one step's `run:` is one shell and is \
      converted): the finding says what to do.
      """,
    references: ["podman-run(1) --network, --network-alias", "docker run --link (legacy links)"],
    examples: [
      .triggers(
        .command,
        "docker run -d --name db docker.io/library/postgres\ndocker run -d 1️⃣--link db:database docker.io/library/nginx\n",
        fixed: """
          podman network exists test_default || podman network create test_default
          docker run --network=test_default --network-alias=database -d --name db docker.io/library/postgres
          docker run --network=test_default -d docker.io/library/nginx

          """),
      .triggers(.command, "docker run -d 1️⃣--link redis docker.io/library/nginx\n"),
      .passes(.command, "docker run -d --network app --name web docker.io/library/nginx\n"),
    ])

  /// The network a script's containers share.
  static func networkName(path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    let stem = file.split(separator: ".").first.map(String.init) ?? file
    let name = String(
      stem.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || "_.-".contains($0) ? $0 : "_" })
    return name.isEmpty || name.hasPrefix("-") || name.hasPrefix(".") ? "migrate_default" : "\(name)_default"
  }

  /// One `--link NAME[:ALIAS]` of a container.
  struct Link {
    var setting: LocatedSetting
    var site: DockerCallSite
    var target: String
    var alias: String
  }

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    var links: [Link] = []
    // Most scripts link nothing: look before copying the runs out.
    for run in script.commands {
      guard let container = run.container else { continue }
      for setting in container.settings where setting.option == "link" {
        guard let value = setting.value, !value.isEmpty else { continue }
        // `--link :` has no parts at all (found by fuzzing: an index out of range).
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        guard let target = parts.first else { continue }
        links.append(Link(setting: setting, site: run, target: target, alias: parts.count > 1 ? parts[1] : target))
      }
    }
    guard !links.isEmpty else { return }
    let runs = script.commands.filter { $0.container != nil }
    let network = Self.networkName(path: script.source.path)
    let named = Dictionary(
      runs.compactMap { run in run.container?.containerName.map { ($0.text, run) } }, uniquingKeysWith: { a, _ in a })
    let (fix, reason) = plan(links, runs: runs, named: named, network: network, script: script, context: context)
    for link in links {
      let what =
        fix != nil
        ? "the containers share the network `\(network)` instead, where `\(link.target)` \(link.alias == link.target ? "is reached by its name" : "answers to `\(link.alias)`"); Docker's link variables (`\(Self.variablePrefix(link.alias))_PORT_…`) are not set"
        : reason
      context.report(
        Self.meta, "`\(link.setting.spelled) \(link.setting.value ?? "")`: podman has no `--link`; \(what)",
        at: link.setting.nameRange, in: link.site.region, fix: fix)
    }
  }

  /// `ALIAS_PORT_…`, as Docker names the link variables.
  static func variablePrefix(_ alias: String) -> String {
    String(alias.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
  }

  /// The edits that put the script's containers on one network, or why there are none.
  private func plan(
    _ links: [Link], runs: [DockerCallSite], named: [String: DockerCallSite], network: String,
    script: ScriptDocument, context: RuleContext
  ) -> (Fix?, String) {
    let manual =
      "put the containers on one network (`podman network create NET`, `--network NET` on each) and give each linked container its link name with `--network-alias`"
    if let missing = links.first(where: { named[$0.target] == nil }) {
      return (
        nil,
        "`\(missing.target)` is not started in this file: \(manual) (`podman network connect --alias \(missing.alias) NET \(missing.target)` for a running one)"
      )
    }
    func networked(_ run: DockerCallSite) -> Bool {
      run.container.map { !$0.networks.isEmpty || $0.networkMode != nil } ?? false
    }
    let linked = Set(links.map(\.target))
    let participants = runs.filter { run in
      links.contains { $0.site.invocation.range == run.invocation.range }
        || run.container?.containerName.map { linked.contains($0.text) } == true
    }
    if let other = participants.first(where: networked) {
      let given = other.container?.networks.first?.text ?? other.container?.networkMode?.text ?? ""
      return (nil, "a linked container already names the network `\(given)`: \(manual)")
    }
    // One shell starts them all (a script, one CI step), so a line before the first can create the network.
    let regions = Set(participants.map(\.region))
    guard regions.count == 1, let shell = regions.first, !shell.isMakeRecipe, !shell.isSystemdCommand else {
      return (
        nil, "the containers start in shells of their own here (recipe lines, steps, unit commands), so \(manual)"
      )
    }
    // Every container of that shell on the default bridge joins (they reached each other there); one that
    // names a network or a mode (`host`, `none`) keeps it.
    let joiners = runs.filter { $0.region == shell && !networked($0) }
    guard shell.isVerbatim, joiners.allSatisfy({ !$0.command.nested }) else {
      return (nil, manual)
    }
    var edits: [TextEdit] = []
    // The network, before the first container starts.
    guard let first = joiners.min(by: { $0.command.range.lower < $1.command.range.lower }),
      let create = createLine(network, before: first, in: context.source)
    else {
      return (nil, manual)
    }
    edits.append(create)
    var aliases: [String: [String]] = [:]
    for link in links where link.alias != link.target && !aliases[link.target, default: []].contains(link.alias) {
      aliases[link.target, default: []].append(link.alias)
    }
    for run in joiners {
      guard let container = run.container, let site = container.optionSite else { return (nil, manual) }
      for link in links where link.site.invocation.range == run.invocation.range {
        guard let drop = site.remove(link.setting, in: context.source) else { return (nil, manual) }
        edits.append(drop)
      }
      var added = [" --network=\(network)"]
      if let name = container.containerName?.text {
        added += (aliases[name] ?? []).map { " --network-alias=\($0)" }
      }
      guard let offset = site.commandOffset else { return (nil, manual) }
      edits.append(.insert(added.joined(), at: offset))
    }
    return (Fix("Put the containers on the network `\(network)`", .safe, edits.sorted { $0.range < $1.range }), "")
  }

  /// `podman network exists NET || podman network create NET` on a line of its own before `run`'s line,
  /// indented as that line and run the way it is (`sudo`); nil when the line holds more before the command.
  private func createLine(_ network: String, before run: DockerCallSite, in source: SourceFile) -> TextEdit? {
    let start = run.command.range.lower
    let line = source.lines.lineStarts[source.lines.lineIndex(of: start)]
    let indent = source.bytes[line..<start]
    guard indent.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return nil }
    let indentText = String(decoding: indent, as: UTF8.self)
    let program: String
    if run.programIsAlias {
      program = run.invocation.program.rawText
    } else {
      program = "podman"
    }
    let sudo = run.sudo.map { source.text($0) } ?? ""
    let text = "\(sudo)\(program) network exists \(network) || \(sudo)\(program) network create \(network)"
    return .insert(text + source.lineEnding + indentText, at: start)
  }
}

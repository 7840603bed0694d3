/// MG304: reports `docker rm -f NAME` followed by `docker run --name NAME`, which podman does in one step.
struct RemoveThenRun: Rule {
  static let meta = RuleMeta(
    id: "MG304", name: "remove-then-run", severity: .info, fixAvailability: .sometimes,
    summary: "Container removed by name before a run that recreates it",
    why: """
      Scripts remove a container before starting a new one under the same name, because `run --name` fails \
      while the old one exists. `podman run --replace` removes an existing container of that name itself, \
      so the run no longer depends on the earlier `rm` having worked (a `docker stop` without `rm`, a typo, \
      a container created meanwhile); the `rm` can then be dropped.
      """,
    fixSafety: "Safe: `--replace` only removes a container with the very name the script removed already.",
    references: ["research O1", "podman-run(1) --replace"],
    examples: [
      .triggers(
        .command, "docker rm -f web || true\ndocker run -d 1️⃣--name web docker.io/library/nginx\n",
        fixed: "docker rm -f web || true\ndocker run --replace -d --name web docker.io/library/nginx\n"),
      .triggers(
        .command, "docker stop api\ndocker container rm api\ndocker run -d 1️⃣--name=api example.com/api\n",
        fixed: "docker stop api\ndocker container rm api\ndocker run --replace -d --name=api example.com/api\n"),
      .passes(.command, "docker rm -f web\ndocker run -d --name db docker.io/library/postgres\n"),
      .passes(.command, "docker run -d --name web docker.io/library/nginx\ndocker rm -f web\n"),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    // Names removed so far, per region (commands of one region run in order).
    var removed: [ShellRegion: Set<String>] = [:]
    // Indices are sorted, not the (large) commands themselves.
    let commands = script.commands
    let ordered = commands.indices.sorted { a, b in
      commands[a].region.range.lower != commands[b].region.range.lower
        ? commands[a].region.range.lower < commands[b].region.range.lower
        : commands[a].invocation.range.lower < commands[b].invocation.range.lower
    }
    for index in ordered {
      let command = commands[index]
      let invocation = command.invocation
      switch invocation.subcommand {
      case ["rm"]:
        let names = invocation.positionals.compactMap(\.staticValue)
        removed[command.region, default: []].formUnion(names)
      case ["run"], ["create"]:
        guard let names = removed[command.region], !names.isEmpty,
          invocation.flags(named: "replace").isEmpty,
          let nameFlag = invocation.flags(named: "name").last,
          let name = nameFlag.value, names.contains(name)
        else { continue }
        var fix: Fix?
        // Through a make variable the program stays `docker` to the parser, which does not know `--replace`.
        if !command.programIsAlias, let edit = command.container?.optionSite?.add(.replace, in: context.source) {
          fix = .safe("Add `--replace`", edit)
        }
        context.report(
          Self.meta,
          "Container `\(name)` is removed before it is run again; `podman \(invocation.subcommand[0]) --replace` does both",
          at: nameFlag.spelling.range, in: command.region, fix: fix)
      default: continue
      }
    }
  }
}

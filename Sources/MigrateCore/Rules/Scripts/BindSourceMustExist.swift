/// MG142: reports a `-v` data folder that a script does not create, which podman, unlike Docker, refuses.
struct BindSourceMustExist: Rule {
  static let meta = RuleMeta(
    id: "MG142", name: "bind-source-must-exist", severity: .info, fixAvailability: .none,
    summary: "Bind-mounted folder the script does not create",
    why: """
      `docker run -v /srv/data:/data` creates a missing host folder (owned by root); `podman run` stops with \
      `lstat /srv/data: no such file or directory`. A script that relied on Docker for that fails on a \
      fresh host. Create the folder first (`mkdir -p`), with the owner the container needs. podman-compose \
      creates missing bind folders itself, so compose files are not affected; `migrate`'s podman scripts and \
      units create them too.
      """,
    fixSafety: "No fix: the folder's owner and mode are the operator's choice.",
    references: ["research B1", "podman-run(1) --volume"],
    examples: [
      .triggers(.command, "docker run -d -v 1️⃣/srv/shop/uploads:/uploads docker.io/library/nginx\n"),
      .passes(
        .command,
        "mkdir -p /srv/shop/uploads/tmp\ndocker run -d -v /srv/shop/uploads:/uploads docker.io/library/nginx\n"),
      .passes(.command, "docker run -v /etc/localtime:/etc/localtime:ro -v \"$ITEM:/item\" docker.io/library/alpine\n"),
      .passes(.command, "install -d -m 0750 ./data\ndocker run -v ./data:/data docker.io/library/alpine\n"),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    var created: [String] = []
    for shell in script.shellCommands {
      let words = shell.command.words.compactMap(\.staticValue)
      guard let program = words.first?.split(separator: "/").last,
        program == "mkdir" || (program == "install" && words.contains("-d"))
      else { continue }
      for word in words.dropFirst() where !word.hasPrefix("-") {
        created.append(BindSource.normalize(word))
      }
    }
    for command in script.commands where ["run", "create"].contains(command.invocation.subcommand.last ?? "") {
      guard let container = command.container else { continue }
      for mount in container.mounts where mount.kind == .bind && mount.syntax == .short && !mount.readOnly {
        guard let source = mount.source, !ComposeInterpolation.hasVariables(source.text),
          BindSource.verdict(source: source.text, target: mount.target?.text, buildContexts: [], at: context.binds)
            .kind == .data
        else { continue }
        let path = BindSource.normalize(source.text)
        if created.contains(where: { $0 == path || $0.hasPrefix(path + "/") }) { continue }
        context.report(
          Self.meta,
          "Podman does not create a missing bind folder as Docker does: make sure `\(source.text)` exists (`mkdir -p`) before this runs",
          at: source.valueRange ?? source.range, in: command.region, fix: nil)
      }
    }
  }
}

/// MG306: reports scripts that create or join the `docker` group.
struct DockerGroupMembership: Rule {
  static let meta = RuleMeta(
    id: "MG306", name: "docker-group-membership", severity: .info, fixAvailability: .none,
    summary: "Script manages the `docker` group",
    why: """
      Members of the `docker` group run containers through the daemon's socket without sudo. Podman has no \
      daemon and no such group: root podman needs root (sudo), and users who should run containers without \
      it get rootless podman (entries in `/etc/subuid` and `/etc/subgid`, lingering for services). Handing \
      out the root podman socket instead would be as root-equivalent as the docker group.
      """,
    fixSafety: "No fix: who may run containers has to be decided again.",
    references: ["research L7, N4, F5"],
    examples: [
      .triggers(.command, "sudo usermod -aG 1️⃣docker \"$USER\"\n"),
      .triggers(.command, "groupadd 1️⃣docker || true\nnewgrp 1️⃣docker\n"),
      .triggers(.command, "gpasswd -a deploy 1️⃣docker\n"),
      .passes(.command, "sudo usermod -aG sudo,adm deploy\nsudo usermod --add-subuids 100000-165535 deploy\n"),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    for site in script.shellCommands {
      let words = site.command.wordsAfterSudo
      guard let program = words.first?.programName else { continue }
      let operands = Array(words.dropFirst())
      var hits: [ByteRange] = []
      switch program {
      case "usermod", "useradd":
        // `-G docker`, `-aG docker`, `--groups docker,sudo`, `-Gdocker`.
        for (index, word) in operands.enumerated() {
          guard let text = word.staticValue else { continue }
          if text == "--groups" || (text.hasPrefix("-") && !text.hasPrefix("--") && text.hasSuffix("G")) {
            if let list = operands[safe: index + 1] { hits += list.listItemRanges(of: "docker", afterValueBytes: 0) }
          } else if text.hasPrefix("--groups=") {
            hits += word.listItemRanges(of: "docker", afterValueBytes: "--groups=".utf8.count)
          } else if text.hasPrefix("-") && !text.hasPrefix("--"), let g = text.firstIndex(of: "G"),
            text.index(after: g) < text.endIndex
          {
            hits += word.listItemRanges(of: "docker", afterValueBytes: text[...g].utf8.count)
          }
        }
      case "gpasswd":
        if operands.contains(where: { ["-a", "--add", "-M", "--members"].contains($0.staticValue ?? "") }),
          let last = operands.last, last.staticValue == "docker"
        {
          hits.append(last.range)
        }
      case "adduser", "addgroup", "groupadd", "newgrp", "sg", "delgroup", "groupdel":
        let positional = operands.filter { !($0.staticValue ?? "-").hasPrefix("-") }
        let group = program == "adduser" || program == "delgroup" ? positional.dropFirst().first : positional.first
        if program == "adduser" && positional.count < 2 { break }
        if let group, group.staticValue == "docker" { hits.append(group.range) }
      default: break
      }
      for range in hits {
        context.report(
          Self.meta,
          "podman has no `docker` group: run root podman with sudo, or give the user rootless podman (subordinate IDs)",
          at: range, in: site.region, fix: nil)
      }
    }
  }
}

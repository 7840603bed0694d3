/// MG141: reports `uid=`/`gid=` options of a tmpfs mount, which podman refuses.
struct TmpfsOwnerOption: Rule {
  static let meta = RuleMeta(
    id: "MG141", name: "tmpfs-owner-option", severity: .error, fixAvailability: .sometimes,
    summary: "`uid=`/`gid=` tmpfs options podman does not accept",
    why: """
      Docker passes `--tmpfs PATH:uid=1000,gid=1000` (and compose `tmpfs:` entries) to the kernel, which makes \
      the tmpfs belong to that user. Podman checks tmpfs options against its own list and stops: `unknown mount \
      option "uid=1000": invalid mount option` (seen on podman 4.3.1; reported on 5.6). Podman's `U` option \
      chowns the tmpfs to the container's user (`--user`, or the image's `USER`) instead.
      """,
    fixSafety: """
      Safe: replaces `uid=`/`gid=` with `U` (none for `uid=0,gid=0`, root's already). A tmpfs is the \
      container's own memory, not host data, so chowning it touches nothing on the host. The owner is the \
      same as Docker's when the container's `--user` is that uid and gid; otherwise it is the container's \
      user, and the finding says how to get Docker's owner exactly (`--user UID:GID`).
      """,
    references: ["research B8", "podman-run(1) --tmpfs", "containers/podman#20754"],
    examples: [
      .triggers(
        .command,
        "docker run --user 1000:1000 --tmpfs 1️⃣/run/app:uid=1000,gid=1000,mode=0700 docker.io/library/alpine\n",
        fixed: "docker run --user 1000:1000 --tmpfs /run/app:mode=0700,U docker.io/library/alpine\n"),
      .triggers(
        .compose,
        "services:\n  cmk:\n    image: docker.io/checkmk/check-mk-raw:2.0.0\n    tmpfs:\n      - 1️⃣/opt/omd/sites/cmk/tmp:uid=1000,gid=1000\n",
        fixed:
          "services:\n  cmk:\n    image: docker.io/checkmk/check-mk-raw:2.0.0\n    tmpfs:\n      - /opt/omd/sites/cmk/tmp:U\n"
      ),
      .triggers(
        .command, "docker run --tmpfs 1️⃣/run:uid=0,gid=0,size=8m docker.io/library/alpine\n",
        fixed: "docker run --tmpfs /run:size=8m docker.io/library/alpine\n"),
      .passes(.command, "docker run --tmpfs /run/app:size=64m,mode=1777 docker.io/library/alpine\n"),
      .passes(.compose, "services:\n  web:\n    image: docker.io/library/nginx\n    tmpfs: /run\n"),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    for value in container.tmpfs { report(value, user: container.user?.text, in: &context) }
  }

  private func report(_ value: SourceValue, user: String?, in context: inout RuleContext) {
    guard let colon = value.text.firstIndex(of: ":") else { return }
    let options = value.text[value.text.index(after: colon)...].split(separator: ",").map(String.init)
    let owners = options.filter { $0.hasPrefix("uid=") || $0.hasPrefix("gid=") }
    guard !owners.isEmpty else { return }
    let uid = owners.first { $0.hasPrefix("uid=") }.map { String($0.dropFirst(4)) }
    let gid = owners.first { $0.hasPrefix("gid=") }.map { String($0.dropFirst(4)) }
    let rootOwned = (uid ?? "0") == "0" && (gid ?? "0") == "0"
    var kept = options.filter { !owners.contains($0) }
    if !rootOwned && !kept.contains("U") { kept.append("U") }
    let replacement =
      kept.isEmpty ? String(value.text[..<colon]) : value.text[..<colon] + ":" + kept.joined(separator: ",")
    // `U` gives the tmpfs to the container's user: the same owner only when `--user` names those IDs.
    let userParts = user?.split(separator: ":").map(String.init) ?? []
    let sameOwner = userParts.first == uid && (gid == nil || userParts.dropFirst().first == gid)
    let title = rootOwned ? "Drop the root owner options" : "Let podman chown the tmpfs to the container's user (`U`)"
    let fix = value.edit(replacingWith: String(replacement)).map { Fix.safe(title, $0) }
    let listed = owners.map { "`\($0)`" }.joined(separator: ", ")
    let effect: String
    if rootOwned {
      effect = "dropped: a tmpfs belongs to root already"
    } else if sameOwner {
      effect = "`U` chowns the tmpfs to the container's user, \(user ?? "")"
    } else {
      let owner = [uid, gid].compactMap { $0 }.joined(separator: ":")
      effect =
        "`U` chowns the tmpfs to the container's user (the image's USER, not necessarily \(owner) as under Docker); add `--user \(owner)` where that is the user the program runs as"
    }
    context.report(
      Self.meta, "Podman refuses tmpfs option\(owners.count > 1 ? "s" : "") \(listed); \(effect)",
      at: value.valueRange ?? value.range, fix: fix)
  }
}

/// MG136: reports `--mount` keys that docker has and podman rejects.
struct DockerOnlyMountKey: Rule {
  static let meta = RuleMeta(
    id: "MG136", name: "docker-only-mount-key", severity: .error, fixAvailability: .sometimes,
    summary: "`--mount` key podman does not accept",
    why: """
      Podman's `--mount` parser fails on keys it does not know ("invalid mount option"). It has no \
      `volume-driver` (create the volume first with `podman volume create --driver`), `volume-nocopy`, \
      `volume-label` ("not presently implemented"), `bind-recursive` (docker 25; podman binds recursively \
      unless `bind-nonrecursive`), `bind-create-src` or `image-subpath`. `consistency` is accepted and \
      ignored, as Docker does on Linux.
      """,
    fixSafety: """
      Safe for `bind-recursive=enabled` (podman's default) and `bind-recursive=disabled` (written \
      `bind-nonrecursive`); unsafe for the rest: a dropped driver or `volume-nocopy` changes what the \
      volume holds.
      """,
    references: ["research B10", "pkg/specgenutil/volumes.go parseMountOptions"],
    examples: [
      .triggers(
        .command,
        "docker run --mount type=volume,src=data,dst=/data,1️⃣volume-nocopy docker.io/library/redis\n"),
      .triggers(
        .command, "docker run --mount 1️⃣bind-recursive=enabled,type=bind,src=/srv,dst=/srv docker.io/library/alpine\n",
        fixed: "docker run --mount type=bind,src=/srv,dst=/srv docker.io/library/alpine\n"),
      .triggers(
        .command, "docker run --mount type=bind,1️⃣bind-recursive=disabled,src=/srv,dst=/srv docker.io/library/alpine\n",
        fixed: "docker run --mount type=bind,bind-nonrecursive,src=/srv,dst=/srv docker.io/library/alpine\n"),
      .passes(.command, "docker run --mount type=bind,src=/srv,dst=/srv,readonly docker.io/library/alpine\n"),
    ])

  static let rejected: Set<String> = [
    "volume-driver", "volume-nocopy", "volume-label", "bind-recursive", "bind-create-src", "image-subpath",
  ]

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    guard command.container != nil else { return }
    for flag in command.invocation.flags where flag.name == "mount" {
      guard let value = flag.value else { continue }
      let fields = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      var offset = 0
      for (index, field) in fields.enumerated() {
        defer { offset += field.utf8.count + 1 }
        let key = field.split(separator: "=", maxSplits: 1).first.map(String.init) ?? field
        guard Self.rejected.contains(key) else { continue }
        let at = flag.valueRange.map { ByteRange($0.lower + offset, $0.lower + offset + field.utf8.count) }
        report(key, field, index: index, of: fields.count, at: at, flag: flag, in: &context)
      }
    }
  }

  private func report(
    _ key: String, _ field: String, index: Int, of count: Int, at: ByteRange?, flag: ParsedFlag,
    in context: inout RuleContext
  ) {
    var fix: Fix?
    if let at {
      if field == "bind-recursive=disabled" {
        fix = .safe("Write `bind-nonrecursive`", TextEdit(replacing: at, with: "bind-nonrecursive"))
      } else if count > 1 {
        // Remove the field with the comma that joins it to its neighbour.
        let range = index > 0 ? ByteRange(at.lower - 1, at.upper) : ByteRange(at.lower, at.upper + 1)
        let safe = field == "bind-recursive=enabled" || field == "bind-recursive"
        fix = Fix("Drop `\(key)`", safe ? .safe : .unsafe, [.delete(range)])
      }
    }
    let advice: String
    switch key {
    case "volume-driver": advice = "create the volume first with `podman volume create --driver …`"
    case "bind-recursive": advice = "podman binds recursively unless `bind-nonrecursive` is given"
    case "bind-create-src": advice = "create the source directory before the run"
    default: advice = "podman has no such option"
    }
    context.report(
      Self.meta, "Podman rejects the `--mount` key `\(key)`: \(advice)", at: at ?? flag.spelling.range, fix: fix)
  }
}

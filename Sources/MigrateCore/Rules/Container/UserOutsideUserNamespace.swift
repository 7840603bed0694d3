/// MG132: reports a `user:` / `--user` ID that the container's user namespace will not map.
struct UserOutsideUserNamespace: Rule {
  static let meta = RuleMeta(
    id: "MG132", name: "user-outside-user-namespace", severity: .error, fixAvailability: .sometimes,
    summary: "Container user ID beyond the size of its user namespace",
    why: """
      With `--userns=auto` podman sizes the namespace from the image's files and `/etc/passwd`, and from a \
      numeric `--user` (size ≥ ID + 1), but never beyond `auto_userns_max_size` (65536 by default): a \
      larger ID fails ("the container needs a user namespace with size … bigger than the maximum value \
      allowed with userns=auto"). With an explicit `auto:size=N` an ID ≥ N is not mapped and the container \
      cannot start as that user. Rootless containers without `auto` map the user's 65536 subordinate IDs \
      (the `useradd` default) above container root, so IDs above 65536 are unmapped there too. An explicit \
      `size=` is not capped by `auto_userns_max_size`.
      """,
    fixSafety: """
      Unsafe: `auto:size=N` reserves N IDs of the `containers` range for as long as the container exists.
      """,
    references: ["research A3", "containers/storage userns.go getAutoUserNS", "libpod container_internal.go"],
    examples: [
      .triggers(
        .compose,
        "services:\n  app:\n    image: docker.io/library/alpine\n    userns_mode: auto\n    user: \"1️⃣70000:70000\"\n"),
      .triggers(
        .command, "docker run --userns=auto:size=1024 --user 1️⃣2000 docker.io/library/alpine\n"),
      .triggers(.command, "docker run --user 1️⃣100000 docker.io/library/alpine\n"),
      .triggers(.command, "docker run --user 1️⃣100000 docker.io/library/alpine\n", mode: .rootless),
      .passes(.command, "docker run --user 1000:1000 docker.io/library/alpine\n"),
      .passes(.command, "docker run --userns=auto:size=200000 --user 100000 docker.io/library/alpine\n"),
      .passes(.command, "docker run --userns=host --user 100000 docker.io/library/alpine\n"),
    ])

  /// `auto_userns_max_size` in containers.conf, and the subordinate IDs `useradd` gives a user.
  static let defaultLimit = 65536

  func check(_ container: Container, in context: inout RuleContext) {
    guard let user = container.user, let highest = container.numericUserIDs.max() else { return }
    let needed = highest + 1
    let at = user.valueRange ?? user.range
    switch container.userNamespacePlan(context.options.mode) {
    case .add:
      guard needed > Self.defaultLimit else { return }
      context.report(
        Self.meta,
        "ID \(highest) needs a user namespace of \(needed) IDs, more than `--userns=auto` gives (\(Self.defaultLimit)); use `auto:size=\(needed)`",
        at: at)
    case .existing:
      guard let userns = container.userns, userns.text == "auto" || userns.text.hasPrefix("auto:") else { return }
      let options = userns.text.dropFirst(5).split(separator: ",").map(String.init)
      let size = options.first { $0.hasPrefix("size=") }.flatMap { Int($0.dropFirst(5)) }
      guard needed > (size ?? Self.defaultLimit) else { return }
      var newOptions = options.filter { !$0.hasPrefix("size=") }
      newOptions.append("size=\(needed)")
      let replacement = "auto:" + newOptions.joined(separator: ",")
      let fix = userns.edit(replacingWith: replacement).map {
        Fix.unsafe("Size the user namespace for ID \(highest)", $0)
      }
      let limit = size.map { "its size is \($0)" } ?? "`auto` gives at most \(Self.defaultLimit) IDs"
      context.report(
        Self.meta, "ID \(highest) is outside the container's user namespace: \(limit)", at: at, fix: fix)
    case .none(.rootless):
      guard needed > Self.defaultLimit + 1 else { return }
      context.report(
        Self.meta,
        "ID \(highest) is beyond the \(Self.defaultLimit) subordinate IDs a rootless user usually has: it is not mapped",
        at: at)
    case .none:
      return
    }
  }
}

/// MG203: reports short-syntax volume options that podman-compose refuses.
struct ComposeVolumeOption: Rule {
  static let meta = RuleMeta(
    id: "MG203", name: "compose-volume-option", severity: .error, fixAvailability: .sometimes,
    summary: "Short-syntax volume option podman-compose refuses",
    why: """
      podman-compose reads `SRC:DST:OPTS` itself and accepts only `ro`, `rw`, `z`, `Z`, `O`, `U`, the \
      propagation modes (`[r]shared`, `[r]slave`, `[r]private`, `[r]unbindable`, `[r]bind`), `[no]exec`, \
      `[no]dev`, `[no]suid`, and ignores `cached`, `delegated`, `consistent`; any other option stops the whole \
      project with "unknown mount option" (checked in podman_compose.py `parse_short_mount`, 1.2.0 and later). \
      Docker Compose accepts `nocopy` there, and podman's own `idmap` or `noatime` cannot be written in a \
      compose file for podman-compose at all: use `podman run`/Quadlet `Volume=` for those.
      """,
    fixSafety: """
      Unsafe: dropping `nocopy` lets podman copy the image's files into an empty named volume on first use \
      (podman-compose's long syntax drops `volume.nocopy` the same way).
      """,
    references: ["research M3", "podman_compose.py parse_short_mount"],
    examples: [
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/postgres\n    volumes:\n      - pgdata:/var/lib/postgresql/data:1️⃣nocopy\n"
      ),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    volumes:\n      - \"./site:/usr/share/nginx/html:ro,1️⃣idmap\"\n"
      ),
      .passes(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    volumes:\n      - ./site:/usr/share/nginx/html:ro,cached\n      - ./data:/data:U,z\n"
      ),
    ])

  /// The options podman-compose's `parse_short_mount` accepts (besides the propagation modes below).
  static let accepted: Set<String> = [
    "ro", "rw", "consistent", "delegated", "cached", "z", "Z", "O", "U", "exec", "noexec", "dev", "nodev", "suid",
    "nosuid",
  ]

  static func isAccepted(_ option: String) -> Bool {
    if option.isEmpty || accepted.contains(option) { return true }
    let base = option.hasPrefix("r") ? String(option.dropFirst()) : option
    return ["shared", "slave", "private", "unbindable", "bind"].contains(base)
  }

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    for service in project.services {
      for mount in service.container.mounts where mount.syntax == .short && !mount.options.isEmpty {
        let text = mount.spec.text
        let joined = mount.options.joined(separator: ",")
        guard text.hasSuffix(":" + joined) else { continue }
        // Offsets of each option inside the value; the options are the value's suffix after the last colon.
        var offset = text.utf8.count - joined.utf8.count
        let colon = offset - 1
        for (index, option) in mount.options.enumerated() {
          defer { offset += option.utf8.count + 1 }
          guard !Self.isAccepted(option) else { continue }
          let at = mount.spec.valueRange.map { ByteRange($0.lower + offset, $0.lower + offset + option.utf8.count) }
          var fix: Fix?
          if option == "nocopy" {
            // Remove the option with its separator: the colon when it is the only one, else a comma.
            let alone = mount.options.count == 1
            let lower = alone ? colon : (index == 0 ? offset : offset - 1)
            let upper = alone || index > 0 ? offset + option.utf8.count : offset + option.utf8.count + 1
            fix = mount.spec.edit(replacingValueBytes: lower, upper, with: "").map {
              Fix.unsafe("Drop `nocopy`", $0)
            }
          }
          let advice =
            option == "nocopy"
            ? "drop it (podman copies image content into a new empty volume)"
            : option == "idmap" || option.hasPrefix("idmap=")
              ? "use `U` here, or run the container with `podman run`/Quadlet for `idmap`"
              : "remove it or set it with `podman run`"
          context.report(
            Self.meta,
            "podman-compose stops with \"unknown mount option \(option)\" on `\(text)`; \(advice)",
            at: at ?? mount.spec.range, fix: fix)
        }
      }
    }
  }
}

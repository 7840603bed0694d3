/// MG133: reports a read-only root filesystem, which podman pairs with writable tmpfs mounts by default.
struct ReadOnlyRootTmpfs: Rule {
  static let meta = RuleMeta(
    id: "MG133", name: "read-only-root-tmpfs", severity: .info, fixAvailability: .sometimes,
    summary: "Read-only root filesystem gets writable tmpfs mounts under podman",
    why: """
      Podman's `--read-only-tmpfs` defaults to true: with `--read-only` (compose `read_only: true`) it \
      mounts writable tmpfs on `/run`, `/tmp` and `/var/tmp`, where Docker mounts nothing, so the container \
      can write where it could not before. `--read-only-tmpfs=false` keeps Docker's strictness; explicit \
      `--tmpfs` mounts still work. Compose files have no key for it (podman-compose passes only \
      `--read-only`).
      """,
    fixSafety: """
      Unsafe: podman 5 also mounts `/dev` and `/dev/shm` read-only with `--read-only-tmpfs=false`, where \
      Docker keeps `/dev/shm` writable; an application that writes under `/run` or `/tmp` needs an explicit \
      `--tmpfs` then.
      """,
    references: ["research B9", "podman-run(1) --read-only-tmpfs"],
    examples: [
      .triggers(
        .command, "docker run 1️⃣--read-only docker.io/library/nginx\n"),
      .triggers(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    read_only: 1️⃣true\n"
      ),
      .passes(.command, "podman run --read-only --read-only-tmpfs=false docker.io/library/nginx\n"),
      .passes(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    read_only: false\n"
      ),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard container.isReadOnly, container.readOnlyTmpfs == nil, let readOnly = container.readOnly else { return }
    // Compose has no key for it, so the site gives no edit there.
    let fix = container.optionSite?.add(.readOnlyTmpfs, "false", in: context.source).map {
      Fix.unsafe("Keep the root filesystem fully read-only", $0)
    }
    context.report(
      Self.meta,
      "Podman mounts writable tmpfs on `/run`, `/tmp` and `/var/tmp` of a read-only container (Docker does not)",
      at: readOnly.valueRange ?? readOnly.range, fix: fix)
  }
}

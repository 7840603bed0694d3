/// MG143: reports a container that mounts a volume another container filled (a backup or restore helper:
/// `-v $(docker volume ls -qf name=…):/vmail:ro`, `--volumes-from`) where `--userns=auto` would give it IDs
/// of its own, and compose services that mount an `external: true` volume under their own IDs.
struct ForeignVolumeUserns: Rule {
  static let meta = RuleMeta(
    id: "MG143", name: "foreign-volume-userns", severity: .error, fixAvailability: .none,
    summary: "Container mounts a volume another container's user namespace owns",
    why: """
      Under `--userns=auto` every container gets a fresh slice of subordinate IDs. The files in a volume \
      belong to the IDs of the container that wrote them (dovecot's, postgres's), which the new slice does \
      not map: they show as `nobody`, and files of mode 0600/0700 cannot be read. A helper that reads such a \
      volume, as backup scripts do (`docker run --rm -v $(docker volume ls -qf name=^proj_vmail$):/vmail:ro \
      debian tar …`, the same through `VOL=$(docker volume ls …)` and `-v "$VOL":/vmail`, `--volumes-from db`), then archives only what happens to be world-readable: the backup \
      is silently incomplete. A restore helper writes files its own IDs own, which the service cannot read. \
      Reading is as broken as writing, and `U` is no remedy: it would chown the other service's data to the \
      helper. So, as for containers sharing a host namespace (MG107), `--userns=auto` is not added to such a \
      command line: it keeps host IDs, as under Docker, and is reported for review. Remedies: run the helper \
      in the owner's user namespace (`--userns=container:NAME` while the owner runs; with `--volumes-from` \
      that is the container named there), give it the owner's explicit `--uidmap`/`--gidmap`, or read the \
      volume with `podman unshare` (rootless); or, after review, keep it in the host user namespace and \
      silence this finding with `# migrate: ignore=MG143 -- reason`. A volume the script itself creates \
      (`docker volume create`) or writes earlier with the same image and `--userns` is the container's own. \
      Compose services that mount an `external: true` volume get the finding too (as a warning): containers \
      outside the file fill it. Compose `volumes_from` is MG208's (podman-compose drops it), and volumes \
      written by several services of the file are MG140's.
      """,
    fixSafety: """
      No fix: the right user namespace is the owner's, which only the operator knows. `--userns=auto` is \
      not added to the command line (its root stays host root, as under Docker); an explicit `--userns=auto` \
      is kept and reported as an error.
      """,
    references: [
      "podman-run(1) --userns=container:id, --volumes-from, --uidmap",
      "mailcow helper-scripts/backup_and_restore.sh",
    ],
    examples: [
      .triggers(
        .command,
        "docker run --rm -v 1️⃣$(docker volume ls -qf name=^mail_vmail$):/vmail:ro -v /srv/backup:/backup docker.io/library/debian tar czf /backup/vmail.tgz /vmail\n"
      ),
      .triggers(
        .command,
        "docker run --rm --userns=auto --volumes-from 1️⃣dbstore -v /srv/backup:/backup docker.io/library/ubuntu tar cf /backup/db.tar /dbdata\n"
      ),
      .triggers(
        .command, "docker run --rm -v 1️⃣pgdata:/data:ro docker.io/library/debian tar cf - /data\n"),
      .triggers(
        .command,
        "vol=$(docker volume ls -qf name=^mail_crypt$)\ndocker run --rm -v 1️⃣\"$vol\":/crypt docker.io/library/debian tar xf /backup/crypt.tar\n"
      ),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    volumes:\n      - 1️⃣certs:/etc/nginx/certs:ro\nvolumes:\n  certs:\n    external: true\n"
      ),
      .passes(
        .command,
        "docker volume create cache\ndocker run --rm -v cache:/cache docker.io/library/debian sh -c 'date > /cache/stamp'\ndocker run --rm -v cache:/cache:ro docker.io/library/debian cat /cache/stamp\n"
      ),
      .passes(.command, "docker run -d -v pgdata:/var/lib/postgresql/data docker.io/library/postgres\n"),
      .passes(
        .command,
        "docker run --rm --userns=container:dovecot -v $(docker volume ls -qf name=^mail_vmail$):/vmail:ro docker.io/library/debian tar cf - /vmail\n"
      ),
      .passes(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    volumes:\n      - certs:/etc/nginx/certs:ro\nvolumes:\n  certs:\n"
      ),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    if let project = context.project {
      checkExternalVolumes(container, project, in: &context)
      return
    }
    let plan = container.userNamespacePlan(context.options.mode)
    let given = plan == .existing && NamedVolumeUserns.hasAutoMapping(container, context.options.mode)
    guard given || plan == .none(.foreignVolume) else { return }
    for volume in container.foreignVolumes {
      var meta = Self.meta
      if !given && !volume.readOnly { meta.severity = .warning }
      let what: String
      switch volume.origin {
      case .lookup(let command): what = "mounts an existing volume looked up by `\(command)`"
      case .volumesFrom: what = "mounts the volumes of container `\(volume.name)` (`--volumes-from`)"
      case .notWritten: what = "mounts volume `\(volume.name)` read-only, which no earlier command of the script fills"
      case .writtenBy(let writer): what = "mounts volume `\(volume.name)` read-only, which the \(writer) fills"
      }
      let consequence =
        volume.readOnly
        ? "would read their files as `nobody` and skip those of mode 0600/0700 (a backup silently incomplete)"
        : "could not read or replace their files, and the owner could not read what it writes"
      let remedy =
        "run it in the owner's user namespace (`--userns=container:NAME`) or with its `--uidmap`, or ignore MG143 after review (`U` would chown the owner's data)"
      let message =
        given
        ? "\(container.displayName.capitalizedFirst) \(what), whose files belong to another container's IDs: with `--userns=auto` it \(consequence); \(remedy)"
        : "\(container.displayName.capitalizedFirst) \(what), whose files belong to another container's IDs: under `--userns=auto` it \(consequence), so that is not added and its root stays host root; \(remedy)"
      context.report(meta, message, at: volume.value.valueRange ?? volume.value.range)
    }
  }

  /// Compose: named volumes declared `external: true` that the service mounts under its own auto IDs (not
  /// when MG140 already reports the mount as written by several services).
  func checkExternalVolumes(_ container: Container, _ project: ComposeProject, in context: inout RuleContext) {
    let mode = context.options.mode
    guard NamedVolumeUserns.hasAutoMapping(container, mode) else { return }
    let writers = context.namedVolumeWriters
    for mount in container.mounts where mount.kind == .volume {
      guard let name = mount.source?.text, let definition = project.volumes[name],
        definition.value(forKey: "external")?.resolved.boolValue == true
      else { continue }
      if !mount.readOnly, let all = writers[name], all.count > 1 { continue }
      var meta = Self.meta
      meta.severity = .warning
      context.report(
        meta,
        "Volume `\(name)` is external: containers outside this file fill it, and \(container.displayName) with its own `--userns=auto` IDs sees their files as `nobody` (unreadable at mode 0600/0700); give it the owner's `--uidmap` or check who writes the volume",
        at: mount.spec.valueRange ?? mount.spec.range)
    }
  }
}

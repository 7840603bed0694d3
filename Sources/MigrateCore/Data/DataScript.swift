import Foundation

/// The re-runnable migration script of `migrate data`: images (`docker save | podman load`, or a pull by
/// digest), networks, volumes (a tar stream from `docker cp` into a podman volume, owners shifted into the
/// container's user namespace), the containers created (not started) from their converted run lines, and
/// checksums compared before and after. Each step is marked done in a state folder, so a killed run is
/// finished by running it again; Docker's data is only read.
public struct DataScript: Sendable {
  public var inventory: DataInventory
  public var mode: RunMode
  /// With `mode == .rootless`: the user whose podman receives the containers (`PODMAN_USER`).
  public var rootlessUser: String?
  /// The state folder's default (`MIGRATE_DATA_STATE` overrides it when the script runs).
  public var stateDirectory: String
  /// A short ID of this migration: the label on everything the script creates.
  public var id: String

  struct ContainerPlan {
    var container: InspectedContainer
    /// The converted `podman create …` line; nil for a compose service, created by podman-compose.
    var line: String?
  }

  var containers: [ContainerPlan] = []
  var networks: [(name: String, line: String)] = []
  /// Secret-looking environment keys the container lines hold.
  var secretKeys: [String] = []

  /// The script for `selected` (from `inspect`); `converted` is the converted text of
  /// `CapturedScript.render(inspect, containers: selected, verb: "create")`.
  public init(
    inspect: DockerInspect, containers selected: [InspectedContainer], inventory: DataInventory, converted: String,
    mode: RunMode, rootlessUser: String?, stateDirectory: String?
  ) throws {
    self.inventory = inventory
    self.mode = mode
    self.rootlessUser = rootlessUser
    id = Self.shortID(selected.map(\.id))
    self.stateDirectory = stateDirectory ?? "/var/lib/migrate-data/\(id)"
    let sections = Self.sections(converted)
    let networkNames = CapturedScript.networks(inspect, selected).map(\.name)
    for (name, line) in zip(networkNames, sections.networks) { networks.append((name, line)) }
    for container in selected {
      guard container.composeProject == nil || container.composeService == nil else {
        containers.append(ContainerPlan(container: container, line: nil))
        continue
      }
      guard var line = sections.containers[container.name], line.hasPrefix("podman create ") else {
        throw MigrateError.docker(
          "container \(container.name): its converted line is not a podman create command; see the findings")
      }
      line = Self.sized(line, for: container, inventory: inventory, mode: mode)
      containers.append(ContainerPlan(container: container, line: line))
      for entry in container.config.env {
        let key = String(entry.prefix { $0 != "=" })
        if SecretName.looksSecret(key) && !secretKeys.contains(key) { secretKeys.append(key) }
      }
    }
  }

  /// The converted text cut at the captured script's comments: the network lines, and each container's line
  /// by name.
  static func sections(_ text: String) -> (networks: [String], containers: [String: String]) {
    var networks: [String] = []
    var containers: [String: String] = [:]
    var current: String?
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(raw)
      if line.hasPrefix("# container ") {
        current = String(line.dropFirst("# container ".count).prefix { $0 != " " })
      } else if line.hasPrefix("#") || line.isEmpty {
        continue
      } else if let name = current {
        containers[name] = line
        current = nil
      } else if line.hasPrefix("podman network create ") {
        networks.append(line)
      }
    }
    return (networks, containers)
  }

  /// A `--userns=auto` container whose volumes hold IDs beyond the 1024 podman maps by default gets a size
  /// that covers them.
  static func sized(_ line: String, for container: InspectedContainer, inventory: DataInventory, mode: RunMode)
    -> String
  {
    guard mode == .usernsAuto, let size = userNamespaceSize(for: container, inventory: inventory),
      line.contains(" --userns=auto ")
    else { return line }
    return line.replacingFirst(" --userns=auto ", with: " --userns=auto:size=\(size) ")
  }

  /// The user namespace size (a multiple of 1024) that covers the IDs in `container`'s volumes, when they go
  /// beyond the 1024 podman maps by default; nil when they do not, or are not known.
  static func userNamespaceSize(for container: InspectedContainer, inventory: DataInventory) -> Int? {
    let largest =
      inventory.volumes.filter { $0.users.contains { $0.container == container.name } }
      .compactMap { $0.contents?.maxID }.max() ?? 0
    return largest >= 1024 ? (Int(largest) / 1024 + 1) * 1024 : nil
  }

  /// A stable ID of the containers migrated together.
  static func shortID(_ ids: [String]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in ids.sorted().joined(separator: ",").utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  // MARK: - Rendering

  /// The volumes the script copies: local ones (another driver keeps its data where it is).
  var copiedVolumes: [DataInventory.Volume] { inventory.volumes.filter { $0.driver == "local" } }
  var writableBinds: [DataInventory.Bind] { inventory.binds.filter { $0.users.contains(where: \.readWrite) } }

  public func render() -> String {
    var out = header()
    out += DataScriptLibrary.text
    out += functions()
    out += main()
    return out
  }

  func q(_ s: String) -> String { ShellQuote.quoteArgument(s) }

  func header() -> String {
    let names = inventory.containers.map(\.name).joined(separator: ", ")
    let target =
      mode == .rootless ? "rootless podman of \(rootlessUser ?? "$PODMAN_USER")" : "root podman --userns=auto"
    var lines = [
      "#!/usr/bin/env bash",
      "# Generated by migrate data (migrate \(MigrateVersion.string)) for the Docker containers \(names).",
      "# Moves their images and volumes to \(target) and creates the containers there, not started.",
      "# Re-runnable: each step is marked done under the state folder and skipped next time, so a run that was",
      "# killed is finished by running this again. Volumes are checked file by file (owners, modes, links,",
      "# SHA-256) against what Docker holds; the first mismatch stops the run. Docker's containers, images and",
      "# volumes are only read (with --stop, its containers are stopped); this script deletes nothing of Docker's.",
      "#",
      "# Usage (as root): bash THIS [--dry-run] [--stop] [--pull]   migrate (--dry-run: say what would be done)",
      "#                  bash THIS status                          which steps are done",
      "#                  bash THIS restore-owners                  give bind folders back the owners recorded",
      "#                                                            before podman's :U changed them",
      "# Environment: DOCKER, PODMAN (the CLIs), MIGRATE_DATA_STATE (the state folder)"
        + (mode == .rootless ? ", PODMAN_USER (whose podman)." : "."),
      "#",
      "# Rollback: Docker's side is as it was; remove what this script made under podman:",
    ]
    let created = containers.filter { $0.line != nil }.map(\.container.name)
    if !created.isEmpty { lines.append("#   podman rm \(created.map(q).joined(separator: " "))") }
    lines.append("#   podman volume rm $(podman volume ls -q --filter label=io.migrate.data=\(id))")
    if !writableBinds.isEmpty { lines.append("#   bash THIS restore-owners") }
    lines.append(
      "#   then start the Docker containers again: docker start \(inventory.containers.map { q($0.name) }.joined(separator: " "))"
    )
    if !secretKeys.isEmpty {
      lines += [
        "# warning: this script holds the values of \(secretKeys.joined(separator: ", ")) as the Docker containers",
        "#   were given them, so it is written mode 0700; better keep them in podman secrets afterwards",
        "#   (podman secret create NAME -, then --secret NAME,type=env,target=KEY).",
      ]
    }
    for volume in inventory.volumes where volume.driver != "local" {
      lines.append(
        "# note: volume \(volume.name) uses driver \(volume.driver); its data stays with the driver, not copied.")
    }
    lines += [
      "set -Eeuo pipefail",
      "shopt -s inherit_errexit",
      "umask 077",
      "export LC_ALL=C",
      "ID=\(id)",
      "DOCKER=${DOCKER:-docker}",
      "PODMAN=${PODMAN:-podman}",
      "PODMAN_USER=${PODMAN_USER-\(mode == .rootless ? q(rootlessUser ?? "") : "")}",
      "STATE=${MIGRATE_DATA_STATE:-\(q(stateDirectory))}",
      "ACTION=migrate STOP=0 PULL=0",
      "for arg; do",
      "    case $arg in",
      "    --dry-run) ACTION=dry-run ;;",
      "    --stop) STOP=1 ;;",
      "    --pull) PULL=1 ;;",
      "    status | restore-owners) ACTION=$arg ;;",
      "    -h | --help) sed -n '2,/^set -Eeuo/p' \"$0\" | sed '$d'; exit 0 ;;",
      "    *) echo \"unknown argument: $arg (see --help)\" >&2; exit 2 ;;",
      "    esac",
      "done",
      "",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  func functions() -> String {
    var out = ""
    for (index, network) in networks.enumerated() {
      let line = "podman_" + network.line.dropFirst("podman".count)
      out += "create_network_\(index + 1)() {\n"
      out += "    podman_ network exists \(q(network.name)) || \(line) > /dev/null\n}\n"
    }
    for (index, plan) in containers.enumerated() {
      guard let line = plan.line else { continue }
      let name = q(plan.container.name)
      let command = "podman_ create --label \"io.migrate.data=$ID\" " + line.dropFirst("podman create ".count)
      out += "create_container_\(index + 1)() {\n"
      out += "    if podman_ container exists \(name); then\n        ours_or_die \(name)\n        return 0\n    fi\n"
      out += "    half_created \(name) container-\(index + 1)\n"
      out += "    \(command) > /dev/null\n}\n"
    }
    return out + "\n"
  }

  /// The podman container standing for `container`, found when the script runs.
  func podmanContainer(_ container: InspectedContainer) -> String {
    if let project = container.composeProject, let service = container.composeService {
      return "\"$(podman_container \(q(container.name)) \(q(project)) \(q(service)))\""
    }
    return q(container.name)
  }

  func main() -> String {
    var steps: [String] = []
    for (index, _) in networks.enumerated() {
      steps.append(
        "step network-\(index + 1) \(q("podman network \(networks[index].name)")) create_network_\(index + 1)")
    }
    for image in inventory.images {
      let name = image.tags.first ?? image.id
      let words = [image.id, image.digests.first ?? ""] + image.tags
      steps.append(
        "step image-\(image.id.dropFirst("sha256:".count).prefix(12)) "
          + q("image \(name) (\(TreeScan.sizeText(image.size)))") + " move_image " + words.map(q).joined(separator: " ")
      )
    }
    for (index, volume) in copiedVolumes.enumerated() {
      var labels: [String] = []
      if let project = volume.composeProject {
        labels += ["--label", "com.docker.compose.project=\(project)"]
      }
      steps.append(
        "step volume-\(index + 1) \(q("podman volume \(volume.name)")) create_volume \(q(volume.name))"
          + labels.map { " " + q($0) }.joined())
    }
    for (index, bind) in writableBinds.enumerated() {
      steps.append(
        "step owners-\(index + 1) \(q("record the owners under bind folder \(bind.source)")) record_owners \(index + 1) \(q(bind.source))"
      )
    }
    for (index, volume) in copiedVolumes.enumerated() {
      guard let use = volume.users.first else { continue }
      let size = volume.contents.map { "\(TreeScan.sizeText($0.bytes)), \($0.entries) entries" } ?? "size unknown"
      steps.append(
        "step stage-\(index + 1) \(q("copy volume \(volume.name) out of Docker (\(size))")) stage_volume "
          + [volume.name, use.container, use.destination, volume.mountpoint].map(q).joined(separator: " "))
    }
    for (index, plan) in containers.enumerated() {
      let container = plan.container
      if plan.line != nil {
        steps.append(
          "step container-\(index + 1) \(q("podman container \(container.name) (created, not started)")) create_container_\(index + 1)"
        )
      } else if let project = container.composeProject, let service = container.composeService {
        let size = Self.userNamespaceSize(for: container, inventory: inventory).map { " \($0)" } ?? ""
        steps.append("compose_or_die \(q(container.name)) \(q(project)) \(q(service))\(size)")
      }
    }
    for (index, volume) in copiedVolumes.enumerated() {
      let users = inventory.containers.filter { user in volume.users.contains { $0.container == user.name } }
        .compactMap { user in containers.first { $0.container.name == user.name }?.container }
      let size = volume.contents.map { TreeScan.sizeText($0.bytes) } ?? "size unknown"
      steps.append(
        "step fill-\(index + 1) \(q("volume \(volume.name) into podman (\(size))")) fill_volume \(q(volume.name)) "
          + users.map(podmanContainer).joined(separator: " "))
    }

    var out = "TOTAL=\(steps.filter { $0.hasPrefix("step ") }.count)\n"
    out += "check_tools\n"
    out += "if [ \"$ACTION\" = restore-owners ]; then\n    restore_owners\n    exit 0\nfi\n"
    for container in inventory.containers { out += "source_container \(q(container.name)) \(q(container.id))\n" }
    let stopping = inventory.containers.filter { container in
      copiedVolumes.contains { $0.users.contains { $0.container == container.name } }
    }
    for container in stopping { out += "stopped \(q(container.name))\n" }
    // A compose service's container is not ours to create: in a dry run or a status, say so and go on.
    out +=
      "if [ \"$ACTION\" != migrate ]; then compose_or_die() { say \"needs: podman-compose up --no-start for compose project $2 service $3\"; }; fi\n"
    out += steps.joined(separator: "\n") + "\n"
    out += "[ \"$ACTION\" = migrate ] || exit 0\n"
    let started = containers.map { podmanContainer($0.container) }.joined(separator: " ")
    out += "say \"done: Docker's data is in podman; start the containers with: podman start \(started)\"\n"
    out += "say \"Docker's containers, images and volumes are untouched (the rollback is in this script's header)\"\n"
    return out
  }
}

extension String {
  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}

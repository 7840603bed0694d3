import Foundation

/// What the captured containers keep their data in, and who uses what: named volumes (with their compose
/// project and mount points), bind folders, images (digests, sizes). Read from `docker inspect`, and, where
/// this host can read the folders (a local engine, run as root), what each folder holds (`TreeScan`).
public struct DataInventory: Sendable, Encodable {
  public struct Use: Sendable, Encodable, Equatable {
    public var container: String
    public var destination: String
    public var readWrite: Bool
  }

  public struct Container: Sendable, Encodable {
    public var name: String
    public var id: String
    public var running: Bool
    public var image: String
    public var composeProject: String?
    public var composeService: String?
  }

  public struct Volume: Sendable, Encodable {
    public var name: String
    public var driver: String
    public var mountpoint: String
    public var composeProject: String?
    /// True for a volume Docker named itself (an anonymous volume: 64 hex digits).
    public var anonymous: Bool
    public var users: [Use]
    public var contents: TreeScan?
  }

  public struct Bind: Sendable, Encodable {
    public var source: String
    public var users: [Use]
    public var contents: TreeScan?
  }

  public struct Image: Sendable, Encodable {
    public var id: String
    public var tags: [String]
    public var digests: [String]
    public var size: Int64
    public var users: [String]
  }

  public var containers: [Container] = []
  public var volumes: [Volume] = []
  public var binds: [Bind] = []
  public var images: [Image] = []

  /// The inventory of `containers` (from `inspect`); `scan` reads what a folder holds (nil: unknown).
  public init(
    _ inspect: DockerInspect, containers selected: [InspectedContainer],
    scan: (String) -> TreeScan? = TreeScan.scan
  ) {
    for container in selected {
      containers.append(
        Container(
          name: container.name, id: container.id, running: container.isRunning, image: container.imageReference,
          composeProject: container.composeProject, composeService: container.composeService))
      for mount in container.mounts {
        let use = Use(container: container.name, destination: mount.destination, readWrite: mount.readWrite)
        if mount.type == "volume", let name = mount.name {
          if let index = volumes.firstIndex(where: { $0.name == name }) {
            volumes[index].users.append(use)
            continue
          }
          let volume = inspect.volumes.first { $0.name == name }
          volumes.append(
            Volume(
              name: name, driver: volume?.driver ?? "local", mountpoint: volume?.mountpoint ?? mount.source,
              composeProject: volume?.composeProject, anonymous: Self.isAnonymous(name), users: [use], contents: nil))
        } else if mount.type == "bind" {
          if let index = binds.firstIndex(where: { $0.source == mount.source }) {
            binds[index].users.append(use)
          } else {
            binds.append(Bind(source: mount.source, users: [use], contents: nil))
          }
        }
      }
      let imageID = container.imageID
      if let index = images.firstIndex(where: { $0.id == imageID }) {
        images[index].users.append(container.name)
      } else {
        let image = inspect.images.first { $0.id == imageID }
        var tags = image?.repoTags ?? []
        if tags.isEmpty && !container.imageReference.hasPrefix("sha256:") && container.imageReference != imageID {
          tags = [container.imageReference]
        }
        images.append(
          Image(
            id: imageID, tags: tags, digests: image?.repoDigests ?? [], size: image?.size ?? 0,
            users: [container.name]))
      }
    }
    for index in volumes.indices where volumes[index].driver == "local" {
      volumes[index].contents = scan(volumes[index].mountpoint)
    }
    for index in binds.indices { binds[index].contents = scan(binds[index].source) }
  }

  static func isAnonymous(_ name: String) -> Bool {
    name.utf8.count == 64 && name.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
  }

  // MARK: - Rendering

  public func json() -> String { JSONReporter.document(self) }

  public func text() -> String {
    var out = "Containers (\(containers.count)):\n"
    for container in containers {
      var line = "  \(container.name)  \(container.running ? "running" : "stopped")  \(container.image)"
      if let project = container.composeProject {
        line += "  compose \(project)/\(container.composeService ?? "?")"
      }
      out += line + "\n"
    }
    out += "\nVolumes (\(volumes.count)):\n"
    for volume in volumes {
      var line = "  \(volume.name)"
      if volume.anonymous { line += " (anonymous)" }
      if let project = volume.composeProject { line += "  compose \(project)" }
      if volume.driver != "local" { line += "  driver \(volume.driver): not copied (the data stays with the driver)" }
      out += line + "\n    at \(volume.mountpoint)\n"
      out += Self.contentsLine(volume.contents)
      out += Self.usesLines(volume.users)
    }
    out += "\nBind folders (\(binds.count)):\n"
    for bind in binds {
      out += "  \(bind.source)\n" + Self.contentsLine(bind.contents) + Self.usesLines(bind.users)
    }
    out += "\nImages (\(images.count)):\n"
    for image in images {
      let name = image.tags.first ?? "(untagged)"
      out += "  \(name)  \(image.id.prefix(19))  \(TreeScan.sizeText(image.size))\n"
      for digest in image.digests { out += "    digest \(digest)\n" }
      out += "    used by \(image.users.joined(separator: ", "))\n"
    }
    return out
  }

  static func contentsLine(_ scan: TreeScan?) -> String {
    guard let scan else { return "    contents: not readable from here\n" }
    var line =
      "    \(scan.entries) entries, \(TreeScan.sizeText(scan.bytes)), owners \(scan.owners.joined(separator: " "))"
    if scan.hardLinked > 0 { line += ", \(scan.hardLinked) hard-linked" }
    if scan.setID > 0 { line += ", \(scan.setID) set-ID" }
    if scan.unreadable > 0 { line += ", \(scan.unreadable) unreadable" }
    return line + "\n"
  }

  static func usesLines(_ uses: [Use]) -> String {
    uses.map { "    \($0.readWrite ? "rw" : "ro") \($0.container):\($0.destination)\n" }.joined()
  }
}

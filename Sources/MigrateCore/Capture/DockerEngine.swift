/// The Docker engine reached through its own CLI (`docker`, honouring `DOCKER_HOST` and `DOCKER_CONTEXT`):
/// `migrate capture` and `migrate data` only read from it (`ps`, `inspect`), never change it.
public struct DockerEngine: Sendable {
  /// The docker CLI to run (`--docker`), found on `PATH` when it has no slash.
  public var executable: String

  public init(executable: String = "docker") { self.executable = executable }

  /// Everything `capture` and `data` need about `containers` (names or IDs; every container, running or
  /// not, when empty): the containers, their images, volumes and networks.
  public func inspect(containers: [String] = []) throws -> DockerInspect {
    var ids = containers
    if ids.isEmpty {
      ids = try lines(["ps", "-aq", "--no-trunc"])
      if ids.isEmpty { return DockerInspect() }
    }
    var result = try DockerInspect.decode(run(["inspect", "--type", "container"] + ids), path: "docker inspect")
    let images = Array(Set(result.containers.map(\.imageID).filter { !$0.isEmpty })).sorted()
    if !images.isEmpty { try result.add(run(["image", "inspect"] + images), path: "docker image inspect") }
    let volumes = Array(Set(result.containers.flatMap(\.volumeNames))).sorted()
    if !volumes.isEmpty { try result.add(run(["volume", "inspect"] + volumes), path: "docker volume inspect") }
    let networks = Array(
      Set(result.containers.flatMap { $0.networks.map(\.name) }).subtracting(InspectedNetwork.predefinedNames)
    ).sorted()
    if !networks.isEmpty { try result.add(run(["network", "inspect"] + networks), path: "docker network inspect") }
    return result
  }

  func lines(_ arguments: [String]) throws -> [String] {
    String(decoding: try run(arguments), as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
  }

  func run(_ arguments: [String]) throws -> [UInt8] {
    guard let result = CommandRunner.run([executable] + arguments) else {
      throw MigrateError.docker("cannot run `\(executable)`: is the docker CLI installed? (--docker names another)")
    }
    guard result.status == 0 else {
      let reason = result.stderrText.isEmpty ? "exit status \(result.status)" : result.stderrText
      throw MigrateError.docker("`\(executable) \(arguments.prefix(2).joined(separator: " "))` failed: \(reason)")
    }
    return result.stdout
  }
}

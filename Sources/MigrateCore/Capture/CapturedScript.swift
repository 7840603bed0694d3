/// The captured containers as one shell script of docker commands, in creation order: the networks they
/// use, then one `docker run` line each, with comments saying where each came from. This is the text the
/// converter and the emitters read, so a captured container takes the same rules and findings as a
/// written one.
public enum CapturedScript {
  /// The script; `verb` is `run` (or `create`, for `migrate data`, which starts nothing).
  /// `withholdSecrets`: see `CapturedRunLine`.
  public static func render(
    _ inspect: DockerInspect, containers: [InspectedContainer], verb: String = "run", withholdSecrets: Bool = false
  ) -> String {
    var out = "#!/bin/sh\n"
    out += "# Captured by migrate capture from \(containers.count) Docker container"
    out += containers.count == 1 ? ".\n" : "s.\n"
    for network in networks(inspect, containers) {
      var words = ["network", "create"]
      if network.driver != "bridge" { words += ["--driver", network.driver] }
      if network.isInternal { words.append("--internal") }
      // Docker fills in a subnet of its own; it is kept only where a container asks for a fixed address.
      if containers.contains(where: { $0.networks.contains { $0.name == network.name && $0.ipv4Address != nil } }) {
        for subnet in network.subnets { words += ["--subnet", subnet] }
      }
      words.append(network.name)
      out += "docker " + ShellQuote.joinArguments(words) + "\n"
    }
    for container in containers {
      let line = CapturedRunLine(container, in: inspect, verb: verb, withholdSecrets: withholdSecrets)
      out += "\n# \(comment(container))\n"
      for note in line.notes { out += "# note: \(note)\n" }
      out += line.text + "\n"
    }
    return out
  }

  /// The user-defined networks the containers join, by name, each once.
  static func networks(_ inspect: DockerInspect, _ containers: [InspectedContainer]) -> [InspectedNetwork] {
    var seen: Set<String> = []
    var out: [InspectedNetwork] = []
    for container in containers {
      for name in [container.networkMode] + container.networks.map(\.name) {
        guard let network = inspect.network(name), !network.isPredefined, seen.insert(network.name).inserted
        else { continue }
        out.append(network)
      }
    }
    return out
  }

  static func comment(_ container: InspectedContainer) -> String {
    var text =
      "container \(container.name) (\(container.id.prefix(12))), \(container.isRunning ? "running" : "stopped")"
    if let project = container.composeProject, let service = container.composeService {
      text += ", compose project \(project) service \(service)"
    }
    return text
  }

  /// The containers `references` name (all when empty), in creation order; an unknown name is an error.
  public static func select(_ inspect: DockerInspect, _ references: [String]) throws -> [InspectedContainer] {
    if references.isEmpty { return inspect.containers }
    var chosen: [String] = []
    for reference in references {
      guard let container = inspect.container(reference) else {
        throw MigrateError.docker("no container \(reference) in the docker inspect output")
      }
      if !chosen.contains(container.id) { chosen.append(container.id) }
    }
    return inspect.containers.filter { chosen.contains($0.id) }
  }
}

import Foundation

/// What runs differs from what a compose file declares (`migrate capture --drift compose.yml`): each service
/// (its container model, `ComposeService.container`) against the containers docker-compose made for it
/// (found by the labels `com.docker.compose.project.working_dir` / `.project` and `.service`), field by
/// field: image, environment, ports, mounts, restart policy, user and command. Services declared and not
/// running, and containers of the project that no service declares, are drift too. Values of secret-looking
/// variables are not printed.
public struct ComposeDrift: Sendable, Encodable {
  public struct Difference: Sendable, Encodable, Equatable {
    public var service: String
    /// The Docker container (nil: the service has none).
    public var container: String?
    /// `image`, `environment KEY`, `ports`, `mounts`, `restart`, `user`, `command`, `container`.
    public var field: String
    public var declared: String?
    public var running: String?
  }

  public var path: String
  public var project: String
  public var services: Int
  /// Containers of the project compared with their service.
  public var compared: Int
  public var differences: [Difference] = []

  public var hasDrift: Bool { !differences.isEmpty }

  /// Compares the compose file at `path` (`bytes`) with the containers in `inspect`. `variables` are the
  /// values Compose interpolates (`.env`, the environment).
  public static func compare(
    path: String, bytes: [UInt8], inspect: DockerInspect, variables: [String: String]? = nil
  ) throws -> ComposeDrift {
    let absolute = FileIO.absolutePath(path)
    let folder = absolute.split(separator: "/").dropLast().joined(separator: "/")
    let source = SourceFile(path: path, bytes: bytes)
    let project = try ComposeParser.parse(source)
    let values = variables ?? EmitCommand.composeVariables(source, folder: "/" + folder).values
    // The project: the one docker-compose ran in the file's folder (`-p` may have named it), else the name
    // the file gives or its folder's.
    let fileName = EmitPlanner.projectName(project, path: absolute)
    let name =
      inspect.containers.first { $0.label("com.docker.compose.project.working_dir") == "/" + folder }?
      .composeProject ?? fileName
    let running = inspect.containers.filter { $0.composeProject == name }
    var drift = ComposeDrift(
      path: path, project: name, services: project.services.count, compared: 0)
    let context = Context(project: project, name: name, folder: "/" + folder, variables: values, inspect: inspect)
    for service in project.services {
      let serviceName = service.name.text
      let containers = running.filter { $0.composeService == serviceName }
      if containers.isEmpty {
        // A service behind a profile is not started unless asked for: not drift.
        if service.profiles.isEmpty {
          drift.differences.append(
            Difference(
              service: serviceName, container: nil, field: "container", declared: "declared", running: "no container"))
        }
        continue
      }
      for container in containers {
        drift.compared += 1
        drift.differences += context.compare(service, container)
      }
    }
    let declared = Set(project.services.map(\.name.text))
    for container in running where !declared.contains(container.composeService ?? "") {
      drift.differences.append(
        Difference(
          service: container.composeService ?? "?", container: container.name, field: "container",
          declared: "not declared", running: container.isRunning ? "running" : "stopped"))
    }
    return drift
  }

  struct Context {
    var project: ComposeProject
    var name: String
    var folder: String
    var variables: [String: String]
    var inspect: DockerInspect

    func resolved(_ text: String) -> String { ComposeInterpolation.resolve(text, variables: variables).text }

    func compare(_ service: ComposeService, _ running: InspectedContainer) -> [Difference] {
      let declared = service.container
      let image = inspect.image(of: running)
      var out: [Difference] = []
      func differ(_ field: String, _ want: String?, _ have: String?) {
        guard want != have else { return }
        out.append(
          Difference(service: service.name.text, container: running.name, field: field, declared: want, running: have))
      }
      if let written = declared.image?.text, service.build == nil {
        differ("image", Self.normalizedImage(resolved(written)), Self.normalizedImage(running.imageReference))
      }
      compareEnvironment(service, running, image: image, differ)
      differ("ports", Self.list(declaredPorts(declared)), Self.list(runningPorts(running)))
      // Relative bind sources are the project folder's: where docker-compose ran (its label), which may be
      // another checkout than the file compared.
      let base = running.label("com.docker.compose.project.working_dir") ?? folder
      differ("mounts", Self.list(declaredMounts(declared, base: base)), Self.list(runningMounts(running)))
      let restart = declared.restart.map { resolved($0.text) } ?? "no"
      differ("restart", restart, running.restartName.isEmpty ? "no" : Self.restartText(running))
      let user = declared.user.map { resolved($0.text) } ?? image?.config.user ?? ""
      if !user.isEmpty || !running.config.user.isEmpty { differ("user", user, running.config.user) }
      if let command = declared.command {
        let words: [String]
        switch command {
        case .list(let items): words = items.map { resolved($0.text) }
        case .string(let text): words = EmitPlanner.splitWords(resolved(text.text))
        }
        differ("command", ShellQuote.joinArguments(words), ShellQuote.joinArguments(running.config.cmd ?? []))
      } else if let cmd = running.config.cmd, cmd != (image?.config.cmd ?? cmd) {
        differ(
          "command", "(the image's) " + ShellQuote.joinArguments(image?.config.cmd ?? []), ShellQuote.joinArguments(cmd)
        )
      }
      return out
    }

    func compareEnvironment(
      _ service: ComposeService, _ running: InspectedContainer, image: InspectedImage?,
      _ differ: (String, String?, String?) -> Void
    ) {
      var declared: [(String, String?)] = []
      for file in service.container.envFiles {
        let path = resolved(file.text).hasPrefix("/") ? resolved(file.text) : folder + "/" + resolved(file.text)
        if let bytes = try? FileIO.read(path) {
          for (key, value) in ComposeInterpolation.dotEnv(String(decoding: bytes, as: UTF8.self)).sorted(by: {
            $0.key < $1.key
          }) {
            declared.append((key, value))
          }
        }
      }
      for entry in service.container.environment {
        let text = entry.text
        if let equals = text.firstIndex(of: "=") {
          declared.append((String(text[..<equals]), resolved(String(text[text.index(after: equals)...]))))
        } else {
          // A bare name takes its value from the environment compose runs in; unset, it is not set.
          declared.append((text, variables[text]))
        }
      }
      let runningEnv = running.config.environment
      let imageEnv = image?.config.environment ?? [:]
      var seen: Set<String> = []
      for (key, value) in declared {
        seen.insert(key)
        guard let value else { continue }
        let have = runningEnv[key]
        guard have != value else { continue }
        if SecretName.looksSecret(key) {
          differ("environment \(key)", "(a value)", have == nil ? nil : "(another value)")
        } else {
          differ("environment \(key)", value, have)
        }
      }
      for (key, value) in runningEnv.sorted(by: { $0.key < $1.key }) where !seen.contains(key) {
        guard imageEnv[key] != value else { continue }
        differ("environment \(key)", nil, SecretName.looksSecret(key) ? "(a value)" : value)
      }
    }

    func declaredPorts(_ container: Container) -> [String] {
      container.ports.flatMap { port -> [String] in
        let mapping = PortMapping.parse(port.spec.retexted(resolved(port.spec.text)))
        guard let inside = mapping.containerPorts else { return [port.spec.text] }
        let ip = mapping.hostIP.map { $0 == "0.0.0.0" ? "" : $0 } ?? ""
        return inside.enumerated().map { offset, number in
          let host = mapping.hostPorts.map { String($0.lowerBound + ($0.count == inside.count ? offset : 0)) } ?? ""
          return Self.portText(ip: ip, host: host, container: "\(number)/\(mapping.proto)")
        }
      }
    }

    func runningPorts(_ container: InspectedContainer) -> [String] {
      container.portBindings.map { binding in
        let ip = binding.hostIP == "0.0.0.0" || binding.hostIP == "::" ? "" : binding.hostIP
        return Self.portText(ip: ip, host: binding.hostPort, container: binding.containerPort)
      }
    }

    static func portText(ip: String, host: String, container: String) -> String {
      var text = container.hasSuffix("/tcp") ? String(container.dropLast(4)) : container
      if !host.isEmpty || !ip.isEmpty { text = host + ":" + text }
      if !ip.isEmpty { text = ip + ":" + text }
      return text
    }

    func declaredMounts(_ container: Container, base: String) -> [String] {
      container.mounts.compactMap { mount in
        guard let target = mount.target.map({ resolved($0.text) }) else { return nil }
        let mode = mount.readOnly ? "ro" : "rw"
        switch mount.kind {
        case .anonymous: return "volume (anonymous):\(target):\(mode)"
        case .volume:
          guard let source = mount.source.map({ resolved($0.text) }) else {
            return "volume (anonymous):\(target):\(mode)"
          }
          return "volume \(volumeName(source)):\(target):\(mode)"
        case .bind:
          guard let source = mount.source.map({ resolved($0.text) }) else { return nil }
          return "bind \(Self.absolute(source, folder: base)):\(target):\(mode)"
        default: return nil
        }
      }
    }

    func runningMounts(_ container: InspectedContainer) -> [String] {
      container.mounts.compactMap { mount in
        let mode = mount.readWrite ? "rw" : "ro"
        switch mount.type {
        case "volume":
          let name = mount.name ?? ""
          if DataInventory.isAnonymous(name) { return "volume (anonymous):\(mount.destination):\(mode)" }
          return "volume \(name):\(mount.destination):\(mode)"
        case "bind": return "bind \(mount.source):\(mount.destination):\(mode)"
        default: return nil
        }
      }
    }

    /// A volume key as the engine names it: `name:` or `external` as given, else prefixed with the project.
    func volumeName(_ key: String) -> String {
      guard let definition = project.volumes[key] else { return "\(name)_\(key)" }
      if let explicit = definition.value(forKey: "name")?.scalarValue { return resolved(explicit) }
      if let external = definition.value(forKey: "external") {
        if let named = external.value(forKey: "name")?.scalarValue { return resolved(named) }
        if external.scalarValue == "true" { return key }
      }
      return "\(name)_\(key)"
    }

    static func absolute(_ path: String, folder: String) -> String {
      var path = path
      if path.hasPrefix("~/"), let home = FileIO.environment("HOME") { path = home + path.dropFirst() }
      if !path.hasPrefix("/") { path = folder + "/" + path }
      var parts: [Substring] = []
      for part in path.split(separator: "/") {
        if part == "." { continue }
        if part == ".." {
          _ = parts.popLast()
          continue
        }
        parts.append(part)
      }
      return "/" + parts.joined(separator: "/")
    }

    static func restartText(_ container: InspectedContainer) -> String {
      container.restartName == "on-failure" && container.restartRetries > 0
        ? "on-failure:\(container.restartRetries)" : container.restartName
    }

    static func list(_ items: [String]) -> String { items.sorted().joined(separator: ", ") }

    /// An image reference as Docker resolves it: `nginx` is `docker.io/library/nginx:latest`.
    static func normalizedImage(_ reference: String) -> String {
      var text = reference
      if let prefix = ShortImageName.qualifyingPrefix(text) { text = prefix + text }
      let lastComponent = text.split(separator: "/").last ?? ""
      if !text.contains("@") && !lastComponent.contains(":") { text += ":latest" }
      return text
    }
  }

  // MARK: - Reports

  public func text() -> String {
    var out = "\(path): compose project \(project), \(services) service\(services == 1 ? "" : "s"), "
    out += "\(compared) container\(compared == 1 ? "" : "s") compared\n"
    var lastHeading = ""
    for difference in differences {
      if difference.field == "container" {
        if difference.container == nil {
          out += "service \(difference.service): declared, but no container runs it\n"
        } else {
          out += "container \(difference.container ?? ""): \(difference.running ?? "") in the project, "
          out += "but the file declares no service \(difference.service)\n"
        }
        lastHeading = ""
        continue
      }
      let heading = "service \(difference.service) (container \(difference.container ?? "")):"
      if heading != lastHeading {
        out += heading + "\n"
        lastHeading = heading
      }
      out +=
        "  \(difference.field): declared \(difference.declared ?? "(not set)"), running \(difference.running ?? "(not set)")\n"
    }
    out +=
      hasDrift
      ? "drift: \(differences.count) difference\(differences.count == 1 ? "" : "s")\n"
      : "no drift: what runs is what \(path) declares\n"
    return out
  }

  public func json() -> String { JSONReporter.document(self) }
}

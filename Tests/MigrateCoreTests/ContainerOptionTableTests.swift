import Foundation
import Testing

@testable import MigrateCore

/// Walks `ContainerOption.all`: for every entry, a run line with the flag gives a podman argument, a Quadlet
/// key on a podman that has it (`PodmanArgs=` on one that does not), a compose key, and that compose file
/// read back gives the same podman argument. Entries that cannot map carry a reason, and the exceptions
/// below say why a step does not apply, so the table and the code reading it cannot drift apart.
@Suite("Option table round trip")
struct ContainerOptionTableTests {
  /// Podman 4.9 (noble) and 5.8, both on cgroup v1, so the cgroup v1 limits are kept (MG135 drops them on v2).
  static let old = ConversionOptions(
    target: TargetProfile(name: .noble, podman: PodmanVersion(4, 9, 3), isUbuntu: true, cgroupV2: false),
    mode: .usernsAuto)
  static let new = ConversionOptions(
    target: TargetProfile(name: .noble, podman: PodmanVersion(5, 8), isUbuntu: true, cgroupV2: false),
    mode: .usernsAuto)

  /// Entries the migration itself removes from the run line (a safe fix), so no output has them.
  static let removedByRules: [String: String] = [
    "isolation": "Windows-only: MG120 drops it",
    "link-local-ip": "podman has none: MG120 drops it",
    "domainname": "podman has none: MG120 folds it into a fully qualified `--hostname`",
    "gpus": "a no-op before podman 5.0: MG123 writes CDI devices (`--device nvidia.com/gpu=…`)",
  ]

  /// Entries docker's own grammar does not have.
  static let notDockerFlags: [String: String] = [
    "replace": "podman's own flag, in scripts that already run podman"
  ]

  /// Steps that do not round-trip for an entry, with why. Keep it short: each is a known gap.
  static let exceptions: [String: String] = [
    "mount": "compose's long volume syntax is read back as a short `-v` mount (same mount, other spelling)",
    "gpus": "the compose planner does not read `deploy.resources.reservations.devices` back",
  ]

  /// Other flags a run line needs for the entry to mean something (a health option needs a health check).
  static func context(_ option: ContainerOption) -> String {
    if option.flag.hasPrefix("health-") && option.flag != "health-cmd" { return "--health-cmd pg_isready " }
    if ["ip", "ip6", "network-alias"].contains(option.flag) { return "--network backend " }
    return ""
  }

  static func runLine(_ option: ContainerOption) -> String {
    let flag = option.shape == .flag ? "--\(option.flag)" : "--\(option.flag) \(ShellQuote.quote(option.example))"
    return "docker run -d \(context(option))\(flag) docker.io/library/alpine:3"
  }

  /// Podman arguments as `name=value` (podman's long spelling; a switch is `name=true`).
  static func normalized(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      var name: String
      var value: String?
      if argument.hasPrefix("--") {
        let parts = argument.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
        name = parts[0]
        value = parts.count == 2 ? parts[1] : nil
      } else if argument.hasPrefix("-"), argument.count == 2, let short = argument.last,
        let option = ContainerOption.all.first(where: { $0.short == short })
      {
        name = option.flag
      } else {
        continue
      }
      let option = ContainerOption.forPodmanArgument(name)
      if value == nil, option?.shape != .flag, index < arguments.count, !arguments[index].hasPrefix("-") {
        value = arguments[index]
        index += 1
      }
      out.append("\(option?.podmanName ?? name)=\(value ?? "true")")
    }
    return out
  }

  static func arguments(_ plan: ProjectPlan) throws -> [String] {
    let container = try #require(plan.containers.first)
    return normalized(
      container.runOptions(
        name: nil, networkNames: plan.networkNames, volumeNames: plan.volumeNames, restart: true))
  }

  static func unit(_ plan: ProjectPlan, _ options: ConversionOptions) throws -> String {
    let result = try UnitEmitter.emit(plan, options: options, source: "input")
    return try #require(result.files.first { $0.name.hasSuffix(".container") }).text
  }

  /// The compose value at `path` of the first service, as text (a list's items joined by newlines).
  static func composeValue(_ text: String, _ path: [String]) throws -> String? {
    let root = try #require(try YAMLParser.parse(SourceFile(path: "out.yaml", text: text)).documents.first?.root)
    var node = root.value(forKey: "services")?.resolved.effectivePairs.first?.value.resolved
    for key in path { node = node?.value(forKey: key)?.resolved }
    guard let node else { return nil }
    if node.kind == .sequence { return node.items.map { $0.resolved.value }.joined(separator: "\n") }
    return node.value
  }

  @Test("every entry describes each output or says why not")
  func reasons() {
    var names: Set<String> = []
    for option in ContainerOption.all {
      for name in option.dockerNames {
        #expect(names.insert(name).inserted, "\(name) has two entries")
      }
      if case .none(let reason) = option.compose { #expect(!reason.isEmpty, "\(option.flag)") }
      if case .reshaped(_, let how) = option.compose { #expect(!how.isEmpty, "\(option.flag)") }
      if case .none(let reason) = option.quadlet { #expect(!reason.isEmpty, "\(option.flag)") }
      switch option.podman {
      case .none(let reason), .setByEmitters(let reason): #expect(!reason.isEmpty, "\(option.flag)")
      case .argument(let name): #expect(!name.isEmpty && !name.hasPrefix("-"), "\(option.flag)")
      }
      // The docker grammar knows the flag, with the same one-letter spelling.
      let run = DockerGrammar.command(["run"])
      for name in option.dockerNames where Self.notDockerFlags[name] == nil {
        let spec = run?.flag(long: name)
        #expect(spec != nil, "docker run has no --\(name)")
        if name == option.flag { #expect(spec?.short == option.short, "\(name): one-letter flag") }
        #expect((spec?.arity == FlagArity.none) == (option.shape == .flag), "\(name): shape")
      }
    }
    // The model's own fields are named by table entries (or are podman's own flags, which docker lacks).
    for flag in Container.fields.keys where flag != "read-only-tmpfs" {
      #expect(ContainerOption.forFlag(flag)?.flag == flag, "\(flag)")
    }
    // Both emitters write the same settings in places of their own (hostname has its own Quadlet line);
    // every other setting goes through `otherArguments`.
    #expect(Set(UnitEmitter.quadletOrder).union(["hostname"]) == Set(Container.argumentOrder.map(\.flag)))
    for flag in Container.argumentOrder.map(\.flag) { #expect(Container.writtenApart.contains(flag)) }
    // Every compose key the table names is a service key the compose parser knows.
    for option in ContainerOption.all {
      for key in (option.composePath.map { [$0[0]] } ?? []) + option.composeAliases {
        #expect(ComposeParser.serviceKeys.contains(key), "\(option.flag): `\(key)` is not a compose service key")
      }
    }
    for (flag, why) in Self.exceptions {
      #expect(ContainerOption.forFlag(flag) != nil && !why.isEmpty, "\(flag) is not an entry")
    }
  }

  @Test(
    "docker flag → podman argument → Quadlet key → compose key → podman argument",
    arguments: ContainerOption.all.map(\.flag))
  func roundTrip(_ flag: String) throws {
    let option = try #require(ContainerOption.forFlag(flag))
    let line = Self.runLine(option)
    let plan = try EmitPlanner.plan(SourceFile(path: "run.sh", text: line + "\n"), kind: .shell, options: Self.old).plan
    let arguments = try Self.arguments(plan)
    let literal = option.shape == .flag ? "true" : option.example
    let expected = option.podmanName.map { "\($0)=\(literal)" }
    if Self.removedByRules[flag] != nil {
      #expect(!arguments.contains { $0.hasPrefix("\(flag)=") }, "\(line): \(arguments)")
      let compose = ComposeEmitter.emit(plan, options: Self.old)
      switch option.compose {
      case .key(let path), .reshaped(let path, _):
        #expect(!compose.contains("\(path[0]):"), "\(line):\n\(compose)")
      case .none:
        #expect(!compose.contains(option.example), "\(line):\n\(compose)")
      }
      return
    }
    // Podman argument.
    switch option.podman {
    case .argument:
      if flag != "name" { #expect(arguments.contains(expected ?? ""), "\(line): \(arguments)") }
    case .none, .setByEmitters:
      #expect(!arguments.contains { $0.hasPrefix("\(flag)=") }, "\(line): \(arguments)")
    }
    // Quadlet key, on a podman without the key and on one with it.
    for options in [Self.old, Self.new] {
      let plan = try EmitPlanner.plan(SourceFile(path: "run.sh", text: line + "\n"), kind: .shell, options: options)
        .plan
      let unit = try Self.unit(plan, options)
      let lines = unit.split(separator: "\n").map(String.init)
      let podmanArgs = lines.first { $0.hasPrefix("PodmanArgs=") } ?? ""
      switch (option.quadlet, option.podman) {
      case (.key(let key, let feature), .argument(let name)):
        if options.target.supports(feature) {
          #expect(lines.contains { $0.hasPrefix("\(key)=") }, "\(options.target.podman) \(line):\n\(unit)")
          #expect(!podmanArgs.contains("--\(name)"), "\(options.target.podman) \(line):\n\(unit)")
        } else {
          #expect(podmanArgs.contains("--\(name)"), "\(options.target.podman) \(line):\n\(unit)")
        }
      case (.key(let key, _), _):
        #expect(lines.contains { $0.hasPrefix("\(key)=") }, "\(line):\n\(unit)")
      case (.none, .argument(let name)):
        if flag != "restart" { #expect(podmanArgs.contains("--\(name)"), "\(line):\n\(unit)") }
      case (.none, _):
        #expect(!podmanArgs.contains("--\(flag)"), "\(line):\n\(unit)")
      }
    }
    // Compose key.
    let compose = ComposeEmitter.emit(plan, options: Self.old)
    switch option.compose {
    case .key(let path):
      let value = try Self.composeValue(compose, path)
      #expect(value?.split(separator: "\n").map(String.init).contains(literal) == true, "\(line):\n\(compose)")
    case .reshaped(let path, _):
      #expect(try Self.composeValue(compose, [path[0]]) != nil, "\(line):\n\(compose)")
    case .none:
      #expect(!compose.contains(option.example), "\(line):\n\(compose)")
    }
    // The compose file read back gives the same podman argument.
    guard let expected, flag != "name", Self.exceptions[flag] == nil else { return }
    let back = try EmitPlanner.plan(
      SourceFile(path: "/srv/app/compose.yaml", text: compose), kind: .compose, options: Self.old, folder: "/srv/app"
    ).plan
    let again = try Self.arguments(back)
    #expect(again.contains(expected), "\(line) → compose → \(again)\n\(compose)")
  }
}

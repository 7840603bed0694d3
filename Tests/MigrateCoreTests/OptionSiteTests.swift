import Testing

@testable import MigrateCore

/// `OptionSite.add`: a rule names a setting of the option table and the site spells it for its container.
@Suite("Option site")
struct OptionSiteTests {
  /// `text` with `value` of option `name` added to its first compose service; nil when the site declines.
  func addingToService(_ text: String, _ name: ContainerOption.Name, _ value: String) throws -> String? {
    let source = SourceFile(text)
    let project = try ComposeParser.parse(source)
    let site = try #require(project.services.first?.container.optionSite)
    guard let edit = site.add(name, value, in: source) else { return nil }
    return String(decoding: TextEdit.apply([edit], to: source.bytes), as: UTF8.self)
  }

  /// `line` with `value` of option `name` added to its docker command.
  func addingToCommand(_ line: String, _ name: ContainerOption.Name, _ value: String) throws -> String? {
    let source = SourceFile(line)
    let document = try ScriptParser.parse(source, kind: .shell)
    let site = try #require(document.commands.first?.container?.optionSite)
    #expect(site.mapping == nil)
    guard let edit = site.add(name, value, in: source) else { return nil }
    return String(decoding: TextEdit.apply([edit], to: source.bytes), as: UTF8.self)
  }

  @Test("every name a rule uses is a docker spelling of an entry of the option table, or podman's own")
  func namesResolve() {
    for name in ContainerOption.Name.all {
      if name.podmanOnly {
        #expect(ContainerOption.entry(name) == nil, "\(name.flag)")
      } else {
        #expect(ContainerOption.entry(name)?.dockerNames.contains(name.flag) == true, "\(name.flag)")
      }
    }
    #expect(ContainerOption.entry(.init(flag: "no-such-flag")) == nil)
  }

  @Test("a podman-only setting is written on a command line only; a switch takes no value")
  func podmanOnly() throws {
    let compose = "services:\n  web:\n    image: nginx\n    read_only: true\n"
    #expect(try addingToService(compose, .readOnlyTmpfs, "false") == nil)
    #expect(
      try addingToCommand("docker run --read-only nginx\n", .readOnlyTmpfs, "false")
        == "docker run --read-only-tmpfs=false --read-only nginx\n")
    let source = SourceFile("docker run -d nginx\n")
    let site = try #require(try ScriptParser.parse(source, kind: .shell).commands.first?.container?.optionSite)
    let edit = try #require(site.add(.replace, in: source))
    #expect(
      String(decoding: TextEdit.apply([edit], to: source.bytes), as: UTF8.self) == "docker run --replace -d nginx\n")
    #expect(site.add(.init(flag: "no-such-flag"), "x", in: source) == nil)
    let service = SourceFile("services:\n  web:\n    image: nginx\n")
    let serviceSite = try #require(try ComposeParser.parse(service).services.first?.container.optionSite)
    #expect(serviceSite.add(.replace, in: service) == nil)
    let readOnly = try #require(serviceSite.add(.init(flag: "read-only"), in: service))
    #expect(
      String(decoding: TextEdit.apply([readOnly], to: service.bytes), as: UTF8.self)
        == "services:\n  web:\n    image: nginx\n    read_only: true\n")
  }

  @Test("a single setting is `key: value` on a service and `--flag=value` on a command line")
  func single() throws {
    let compose = "services:\n  web:\n    image: nginx\n"
    #expect(try addingToService(compose, .userns, "auto") == compose + "    userns_mode: auto\n")
    #expect(
      try addingToService("services:\n  web: {image: nginx}\n", .userns, "auto")
        == "services:\n  web: {image: nginx, userns_mode: auto}\n")
    #expect(
      try addingToCommand("docker run -d nginx\n", .userns, "keep-id") == "docker run --userns=keep-id -d nginx\n")
  }

  @Test("a single setting already on the service is not written twice")
  func singleTwice() throws {
    #expect(try addingToService("services:\n  web:\n    image: nginx\n    userns_mode: host\n", .userns, "auto") == nil)
  }

  @Test("a repeated setting extends the key as it is written: mapping, sequence, or a new mapping")
  func repeated() throws {
    let head = "services:\n  web:\n    image: nginx\n"
    #expect(
      try addingToService(head, .sysctl, "net.core.somaxconn=1024")
        == head + "    sysctls:\n      net.core.somaxconn: 1024\n")
    #expect(
      try addingToService(head + "    sysctls:\n      a.b: 1\n    user: \"1\"\n", .sysctl, "c.d=0")
        == head + "    sysctls:\n      a.b: 1\n      c.d: 0\n    user: \"1\"\n")
    #expect(
      try addingToService(head + "    sysctls:\n      - a.b=1\n", .sysctl, "c.d=0")
        == head + "    sysctls:\n      - a.b=1\n      - c.d=0\n")
    #expect(
      try addingToService(head + "    sysctls: [a.b=1]\n", .sysctl, "c.d=0") == head + "    sysctls: [a.b=1, c.d=0]\n")
    #expect(
      try addingToCommand("docker run -p 80:80 nginx\n", .sysctl, "c.d=0")
        == "docker run --sysctl=c.d=0 -p 80:80 nginx\n")
  }

  /// `text` with every `option` setting of its first container whose value is `value` removed.
  func removing(_ text: String, kind: InputKind, _ name: ContainerOption.Name, _ value: String) throws -> String? {
    let source = SourceFile(text)
    let container =
      kind == .compose
      ? try ComposeParser.parse(source).services.first?.container
      : try ScriptParser.parse(source, kind: kind).commands.first?.container
    let spec = try #require(container)
    let settings = spec.locatedSettings(name).filter { $0.value == value }
    #expect(settings.count == 1)
    let site = try #require(spec.optionSite)
    let edits = settings.compactMap { site.remove($0, in: source) }
    guard edits.count == settings.count else { return nil }
    return String(decoding: TextEdit.apply(edits, to: source.bytes), as: UTF8.self)
  }

  @Test("a located setting is removed as it is written: flag and value, list item, sole item with its key")
  func remove() throws {
    let head = "services:\n  web:\n    image: nginx\n"
    #expect(
      try removing(head + "    security_opt:\n      - a=1\n      - b=2\n", kind: .compose, .securityOpt, "b=2")
        == head + "    security_opt:\n      - a=1\n")
    #expect(
      try removing(head + "    security_opt:\n      - a=1\n    user: \"1\"\n", kind: .compose, .securityOpt, "a=1")
        == head + "    user: \"1\"\n")
    #expect(
      try removing("docker run --security-opt a=1 -d nginx\n", kind: .shell, .securityOpt, "a=1")
        == "docker run -d nginx\n")
    #expect(
      try removing("docker run --security-opt=a=1 nginx\n", kind: .shell, .securityOpt, "a=1") == "docker run nginx\n")
  }

  @Test("a setting's name is where it is written, with its spelling")
  func spelling() throws {
    let source = SourceFile("docker run --sysctl a.b=1 nginx\n")
    let spec = try #require(try ScriptParser.parse(source, kind: .shell).commands.first?.container)
    let setting = try #require(spec.locatedSettings(.sysctl).first)
    #expect(setting.spelled == "--sysctl")
    #expect(source.text(setting.nameRange) == "--sysctl")
    #expect(source.text(setting.at) == "a.b=1")
  }
}

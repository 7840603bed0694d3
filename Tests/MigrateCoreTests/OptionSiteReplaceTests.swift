import Testing

@testable import MigrateCore

/// `OptionSite.replace` and `OptionSite.rename`: a rule names the setting it found and what it wants instead;
/// the site edits it where and how it is written.
@Suite("Option site replace and rename")
struct OptionSiteReplaceTests {
  /// The first container of `text` (a compose file or a shell line) and its source.
  func container(_ text: String, kind: InputKind) throws -> (Container, SourceFile) {
    let source = SourceFile(text)
    let container =
      kind == .compose
      ? try ComposeParser.parse(source).services.first?.container
      : try ScriptParser.parse(source, kind: kind).commands.first?.container
    return (try #require(container), source)
  }

  /// `text` after `build` edits the one `name` setting whose value is `value`; nil when it gives no edit.
  func editing(
    _ text: String, kind: InputKind = .shell, _ name: ContainerOption.Name, _ value: String,
    _ build: (OptionSite, LocatedSetting, SourceFile) -> TextEdit?
  ) throws -> String? {
    let (spec, source) = try container(text, kind: kind)
    let settings = spec.locatedSettings(name).filter { $0.value == value }
    try #require(settings.count == 1, "\(settings.count) settings `\(value)`")
    let site = try #require(spec.optionSite)
    guard let edit = build(site, settings[0], source) else { return nil }
    return String(decoding: TextEdit.apply([edit], to: source.bytes), as: UTF8.self)
  }

  func replacing(
    _ text: String, kind: InputKind = .shell, _ name: ContainerOption.Name, _ value: String, with new: String
  ) throws -> String? {
    try editing(text, kind: kind, name, value) { site, setting, source in site.replace(setting, with: new, in: source) }
  }

  func renaming(
    _ text: String, kind: InputKind = .shell, _ name: ContainerOption.Name, _ value: String,
    to new: ContainerOption.Name
  ) throws -> String? {
    try editing(text, kind: kind, name, value) { site, setting, source in site.rename(setting, to: new, in: source) }
  }

  static let head = "services:\n  web:\n    image: nginx\n"
  static let userns = ContainerOption.Name.userns
  static let publish = ContainerOption.Name(flag: "publish")
  static let dns = ContainerOption.Name(flag: "dns")

  // MARK: replace a value

  @Test("a flag's value is replaced after `=`, in the next word, after a shorthand, inside its quotes")
  func replaceFlagValue() throws {
    #expect(
      try replacing("docker run --userns=host nginx\n", Self.userns, "host", with: "auto")
        == "docker run --userns=auto nginx\n")
    #expect(
      try replacing("docker run --userns host -d nginx\n", Self.userns, "host", with: "auto")
        == "docker run --userns auto -d nginx\n")
    #expect(
      try replacing("docker run -p 80:80 -p 443:443 nginx\n", Self.publish, "443:443", with: "8443:443")
        == "docker run -p 80:80 -p 8443:443 nginx\n")
    #expect(
      try replacing("docker run -p80:80 nginx\n", Self.publish, "80:80", with: "8080:80")
        == "docker run -p8080:80 nginx\n")
    #expect(
      try replacing("docker run --userns \"host\" nginx\n", Self.userns, "host", with: "keep-id")
        == "docker run --userns \"keep-id\" nginx\n")
    #expect(
      try replacing("docker run --userns='host' nginx\n", Self.userns, "host", with: "auto")
        == "docker run --userns='auto' nginx\n")
  }

  @Test("a flag's value is not replaced where its bytes are not the value or the new one needs quoting")
  func replaceFlagValueRefused() throws {
    #expect(try replacing("docker run --userns host nginx\n", Self.userns, "host", with: "a b") == nil)
    #expect(try replacing("docker run --userns host nginx\n", Self.userns, "host", with: "$MODE") == nil)
    #expect(try replacing("docker run --userns 'host' nginx\n", Self.userns, "host", with: "it's") == nil)
    let (spec, source) = try container("docker run --userns=\"$MODE\" nginx\n", kind: .shell)
    let setting = try #require(spec.locatedSettings(.userns).first)
    #expect(try #require(spec.optionSite).replace(setting, with: "auto", in: source) == nil)
  }

  @Test("a compose entry's scalar, a block list item and a flow list item are replaced in place")
  func replaceComposeValue() throws {
    #expect(
      try replacing(Self.head + "    userns_mode: host\n", kind: .compose, Self.userns, "host", with: "auto")
        == Self.head + "    userns_mode: auto\n")
    #expect(
      try replacing(Self.head + "    userns_mode: \"host\"  # why\n", kind: .compose, Self.userns, "host", with: "auto")
        == Self.head + "    userns_mode: \"auto\"  # why\n")
    #expect(
      try replacing(
        Self.head + "    dns:\n      - 1.1.1.1\n      - 8.8.8.8\n", kind: .compose, Self.dns, "8.8.8.8", with: "9.9.9.9"
      )
        == Self.head + "    dns:\n      - 1.1.1.1\n      - 9.9.9.9\n")
    #expect(
      try replacing(Self.head + "    dns: [1.1.1.1, 8.8.8.8]\n", kind: .compose, Self.dns, "1.1.1.1", with: "9.9.9.9")
        == Self.head + "    dns: [9.9.9.9, 8.8.8.8]\n")
  }

  @Test("a compose value is not replaced where the new text would change the YAML or others share it")
  func replaceComposeValueRefused() throws {
    #expect(
      try replacing(Self.head + "    dns: [1.1.1.1, 8.8.8.8]\n", kind: .compose, Self.dns, "1.1.1.1", with: "a,b")
        == nil)
    #expect(
      try replacing(Self.head + "    userns_mode: 'host'\n", kind: .compose, Self.userns, "host", with: "it's") == nil)
    let shared = "x-dns: &dns [1.1.1.1]\nservices:\n  web:\n    image: nginx\n    dns: *dns\n"
    #expect(try replacing(shared, kind: .compose, Self.dns, "1.1.1.1", with: "9.9.9.9") == nil)
  }

  @Test("one flag becomes other flags on a command line; a compose entry does not")
  func replaceBySettings() throws {
    let gpus = ContainerOption.Name.gpus
    let devices: [(ContainerOption.Name, String)] = [(.device, "nvidia.com/gpu=0"), (.device, "nvidia.com/gpu=1")]
    #expect(
      try editing("docker run --gpus device=0,1 -d nginx\n", gpus, "device=0,1") { site, setting, source in
        site.replace(setting, by: devices, in: source)
      } == "docker run --device nvidia.com/gpu=0 --device nvidia.com/gpu=1 -d nginx\n")
    #expect(
      try editing("docker run --gpus=all nginx\n", gpus, "all") { site, setting, source in
        site.replace(setting, by: [(.device, "nvidia.com/gpu=all")], in: source)
      } == "docker run --device nvidia.com/gpu=all nginx\n")
    #expect(
      try editing(Self.head + "    userns_mode: host\n", kind: .compose, Self.userns, "host") { site, setting, source in
        site.replace(setting, by: [(.userns, "auto")], in: source)
      } == nil)
  }

  // MARK: rename

  @Test("a flag is renamed long to long, and a shorthand to the long flag (with `=` before an attached value)")
  func renameFlag() throws {
    let netAlias = ContainerOption.Name(flag: "net-alias")
    #expect(
      try renaming("docker run --net-alias db redis\n", netAlias, "db", to: .networkAlias)
        == "docker run --network-alias db redis\n")
    #expect(
      try renaming("docker run --net-alias=db redis\n", netAlias, "db", to: .networkAlias)
        == "docker run --network-alias=db redis\n")
    #expect(
      try renaming("docker run --dns-option ndots:2 nginx\n", .dnsOption, "ndots:2", to: .dnsOpt)
        == "docker run --dns-opt ndots:2 nginx\n")
    #expect(
      try renaming("docker run -p 80:80 nginx\n", Self.publish, "80:80", to: Self.publish)
        == "docker run --publish 80:80 nginx\n")
    #expect(
      try renaming("docker run -p80:80 nginx\n", Self.publish, "80:80", to: Self.publish)
        == "docker run --publish=80:80 nginx\n")
    #expect(try renaming("docker run -dp 80:80 nginx\n", Self.publish, "80:80", to: Self.publish) == nil)
    #expect(
      try renaming("docker run --net-alias db redis\n", netAlias, "db", to: .init(flag: "no-such-flag")) == nil)
  }

  @Test("a compose key is renamed to the entry's key, unless the service has that key or the list holds others")
  func renameComposeKey() throws {
    let dnsSearch = ContainerOption.Name(flag: "dns-search")
    #expect(
      try renaming(Self.head + "    dns: example.org\n", kind: .compose, Self.dns, "example.org", to: dnsSearch)
        == Self.head + "    dns_search: example.org\n")
    #expect(
      try renaming(
        Self.head + "    dns:\n      - example.org\n", kind: .compose, Self.dns, "example.org", to: dnsSearch)
        == Self.head + "    dns_search:\n      - example.org\n")
    #expect(
      try renaming(
        Self.head + "    dns:\n      - example.org\n      - 1.1.1.1\n", kind: .compose, Self.dns, "example.org",
        to: dnsSearch) == nil)
    #expect(
      try renaming(
        Self.head + "    dns: example.org\n    dns_search: a.org\n", kind: .compose, Self.dns, "example.org",
        to: dnsSearch) == nil)
    #expect(
      try renaming(Self.head + "    dns: example.org\n", kind: .compose, Self.dns, "example.org", to: .readOnlyTmpfs)
        == nil)
  }
}

import Testing

@testable import MigrateCore

/// The rules whose answer depends on the target's podman 5/6 version, and SELinux labels on RHEL.
@Suite("Podman 5/6 and SELinux rules")
struct PodmanVersionRulesTests {
  static func options(_ name: TargetProfile.Name, _ podman: PodmanVersion? = nil, mode: RunMode = .usernsAuto)
    -> ConversionOptions
  {
    var target = TargetProfile.named(name)
    if let podman { target.podman = podman }
    return ConversionOptions(target: target, mode: mode)
  }

  static func convert(_ text: String, _ options: ConversionOptions, kind: InputKind = .shell) -> ConversionResult {
    Converter.convert(SourceFile(text, path: "/nonexistent/project/deploy.sh"), kind: kind, options: options)
  }

  @Test("unless-stopped is rewritten before podman 5.8 and kept from 5.8")
  func unlessStopped() {
    let line = "podman run -d --restart unless-stopped docker.io/library/nginx\n"
    let before = Self.convert(line, Self.options(.resolute))
    #expect(before.outputText.contains("--restart always"))
    #expect(before.findings.contains { $0.ruleID == "MG105" })
    let after = Self.convert(line, Self.options(.resolute, PodmanVersion(5, 8)))
    #expect(after.outputText.contains("--restart unless-stopped"))
    #expect(!after.findings.contains { $0.ruleID == "MG105" })
  }

  @Test("podman's global options take their value word")
  func podmanGlobalValue() throws {
    let document = try ScriptParser.parse(
      SourceFile("podman --root /var/lib/x --cni-config-dir /etc/cni run docker.io/library/alpine\n"), kind: .shell)
    let call = try #require(document.commands.first?.invocation)
    #expect(call.subcommand == ["run"])
    #expect(call.image?.staticValue == "docker.io/library/alpine")
    #expect(call.globalFlags.map(\.name) == ["root", "cni-config-dir"])
  }

  @Test("cgroup v1 options: info on podman 5, error on podman 6")
  func cgroupV1() {
    let line = "docker run --memory-swappiness=0 docker.io/library/redis\n"
    let five = Self.convert(line, Self.options(.rhel9)).findings.map(\.ruleID)
    #expect(five.contains("MG135") && !five.contains("MG509"))
    let six = Self.convert(line, Self.options(.rhel9, PodmanVersion(6, 0))).findings
    #expect(six.contains { $0.ruleID == "MG509" && $0.severity == .error })
    #expect(!six.contains { $0.ruleID == "MG135" })
  }

  @Test("rootless ports: slirp4netns before 5.0, nothing on pasta's default network, rootlessport on user networks")
  func portForwarding() {
    let line = "docker run -p 8080:80 docker.io/library/nginx\n"
    let noble = Self.convert(line, Self.options(.noble, mode: .rootless)).findings
    #expect(noble.contains { $0.ruleID == "MG507" && $0.message.contains("10.0.2.100") })
    #expect(!Self.convert(line, Self.options(.resolute, mode: .rootless)).findings.contains { $0.ruleID == "MG507" })
    let network = "docker run --network web -p 8080:80 docker.io/library/nginx\n"
    let resolute = Self.convert(network, Self.options(.resolute, mode: .rootless)).findings
    #expect(resolute.contains { $0.ruleID == "MG507" && $0.message.contains("rootlessport") })
  }

  @Test("slirp4netns options translate to pasta's, or not at all")
  func pastaModes() {
    #expect(Slirp4netnsNetwork.pastaMode("slirp4netns")?.mode == "pasta")
    #expect(Slirp4netnsNetwork.pastaMode("slirp4netns:port_handler=rootlesskit")?.sameMeaning == true)
    #expect(Slirp4netnsNetwork.pastaMode("slirp4netns:allow_host_loopback=true")?.mode == "pasta:--map-gw")
    #expect(Slirp4netnsNetwork.pastaMode("slirp4netns:allow_host_loopback=true")?.sameMeaning == false)
    #expect(Slirp4netnsNetwork.pastaMode("slirp4netns:outbound_addr=eth0") == nil)
    #expect(Slirp4netnsNetwork.pastaMode("pasta") == nil)
  }

  @Test("slirp4netns under root podman 6: reported, left as written")
  func slirpRoot() {
    let line = "podman run --network slirp4netns docker.io/library/alpine\n"
    let result = Self.convert(line, Self.options(.rhel10, PodmanVersion(6, 0)))
    #expect(result.findings.contains { $0.ruleID == "MG508" && $0.fix == nil })
    #expect(result.outputText.contains("--network slirp4netns"))
  }

  @Test("SELinux: z for a folder several lines mount, Z for one, none on Ubuntu")
  func labels() {
    let script =
      "docker run -d -v ./shared:/in docker.io/library/alpine\n"
      + "docker run -d -v ./shared:/out:ro -v ./own:/own:ro docker.io/library/alpine\n"
    let rhel = Self.convert(script, Self.options(.rhel9)).outputText
    #expect(rhel.contains("./shared:/in:z,U"))
    #expect(rhel.contains("./shared:/out:ro,z"))
    #expect(rhel.contains("./own:/own:ro,Z"))
    let noble = Self.convert(script, Self.options(.noble)).outputText
    #expect(!noble.contains(":z") && !noble.contains(",z") && !noble.contains(",Z"))
  }

  @Test("SELinux: with unlabelled-bind-mount off, U comes alone; with writable-bind-mount off, the label alone")
  func selection() {
    let line = "docker run --userns=auto -v ./items:/items docker.io/library/alpine\n"
    var noLabel = Self.options(.rhel9)
    noLabel.rules.disabled = ["MG144"]
    #expect(Self.convert(line, noLabel).outputText.contains("./items:/items:U "))
    var noChown = Self.options(.rhel9)
    noChown.rules.disabled = ["MG102"]
    #expect(Self.convert(line, noChown).outputText.contains("./items:/items:Z "))
  }
}

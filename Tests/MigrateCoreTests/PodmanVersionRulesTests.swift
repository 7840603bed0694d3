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

  @Test("unless-stopped is rewritten before podman 5.8.1 (5.8.0's unit stops them as if by hand) and kept after")
  func unlessStopped() {
    let line = "podman run -d --restart unless-stopped docker.io/library/nginx\n"
    for podman in [nil, PodmanVersion(5, 8)] {
      let before = Self.convert(line, Self.options(.resolute, podman))
      #expect(before.outputText.contains("--restart always"))
      #expect(before.findings.contains { $0.ruleID == "MG105" })
    }
    let after = Self.convert(line, Self.options(.resolute, PodmanVersion(5, 8, 1)))
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

  @Test("host-gateway under rootless pasta: reported on 5.0-5.2 only, and only where pasta is the network")
  func pastaHostGateway() {
    let line = "docker run --add-host host.docker.internal:host-gateway docker.io/library/alpine\n"
    func ids(_ text: String, _ podman: PodmanVersion?, _ mode: RunMode = .rootless, kind: InputKind = .shell)
      -> [String]
    {
      Self.convert(text, Self.options(.trixie, podman, mode: mode), kind: kind).findings.map(\.ruleID)
    }
    #expect(ids(line, PodmanVersion(5, 0)).contains("MG510"))
    #expect(ids(line, PodmanVersion(5, 2, 1)).contains("MG510"))
    #expect(!ids(line, PodmanVersion(5, 3)).contains("MG510"))
    #expect(!ids(line, nil).contains("MG510"), "trixie's 5.4.2 maps the host with --map-guest-addr")
    #expect(!ids(line, PodmanVersion(4, 9)).contains("MG510"), "slirp4netns before 5.0")
    #expect(!ids(line, PodmanVersion(5, 2), .usernsAuto).contains("MG510"), "root podman has no pasta")
    let slirp = "docker run --network slirp4netns --add-host h:host-gateway docker.io/library/alpine\n"
    #expect(!ids(slirp, PodmanVersion(5, 2)).contains("MG510"))
    let pasta = "docker run --network pasta:--mtu,1500 --add-host h:host-gateway docker.io/library/alpine\n"
    #expect(ids(pasta, PodmanVersion(5, 2)).contains("MG510"))
    // A compose service joins the project's bridge network, not pasta.
    let compose =
      "services:\n  app:\n    image: docker.io/library/alpine\n    extra_hosts:\n      - \"h:host-gateway\"\n"
    #expect(!ids(compose, PodmanVersion(5, 2), kind: .compose).contains("MG510"))
  }

  @Test("a scope between two features holds the releases in between, overrides included")
  func scopeBetween() {
    let scope = RuleScope.between(.pastaDefault, .pastaHostAddress, modes: [.rootless])
    var profile = TargetProfile.named(.rhel9)
    #expect(!scope.contains(profile, .rootless), "rhel9's 5.4.0 is past 5.3")
    profile.podman = PodmanVersion(5, 1)
    #expect(scope.contains(profile, .rootless))
    #expect(!scope.contains(profile, .usernsAuto))
    profile.podman = PodmanVersion(4, 9, 3)
    #expect(!scope.contains(profile, .rootless))
    #expect(scope.targets.isEmpty, "no named target ships podman 5.0-5.2")
    #expect(scope.description == "podman ≥ 5.0, < 5.3 (`--podman-version`); rootless")
  }

  @Test("memory swappiness on cgroup v2: crun refuses it, the other cgroup v1 options are ignored")
  func swappinessMessage() {
    let swappiness = Self.convert("docker run --memory-swappiness=0 docker.io/library/redis\n", Self.options(.noble))
    #expect(swappiness.findings.contains { $0.ruleID == "MG135" && $0.message.contains("crun refuses it") })
    let rt = Self.convert("docker run --cpu-rt-runtime=950000 docker.io/library/redis\n", Self.options(.noble))
    #expect(rt.findings.contains { $0.ruleID == "MG135" && $0.message.contains("podman ignores it") })
  }

  @Test("SELinux: system paths, a home folder and the project root are refused, the Docker socket left to MG104")
  func labelRefusals() {
    let line =
      "docker run -v /etc/nginx:/etc/nginx:ro -v $HOME:/home/me -v .:/src"
      + " -v /var/run/docker.sock:/var/run/docker.sock docker.io/library/nginx\n"
    let result = Self.convert(line, Self.options(.rhel10))
    let refusals = result.findings.filter { $0.ruleID == "MG144" }
    #expect(refusals.count == 3, "\(refusals.map(\.message))")
    #expect(refusals.allSatisfy { $0.fix == nil || $0.fix?.edits.isEmpty == true })
    #expect(refusals.allSatisfy { $0.message.contains("label=disable") })
    for written in ["/etc/nginx:/etc/nginx:ro ", "$HOME:/home/me ", ".:/src "] {
      #expect(result.outputText.contains(written), "\(written) was changed:\n\(result.outputText)")
    }
    #expect(!result.outputText.contains(":z") && !result.outputText.contains(",z"))
    #expect(!result.outputText.contains(":Z") && !result.outputText.contains(",Z"))
    // MG104 says what SELinux adds for the Podman socket; MG144 leaves both sockets to it.
    #expect(result.findings.contains { $0.ruleID == "MG104" && $0.message.contains("label=disable") })
    let noble = Self.convert(line, Self.options(.noble))
    #expect(noble.findings.contains { $0.ruleID == "MG104" && !$0.message.contains("SELinux") })
  }

  @Test("SELinux: another host socket gets no label and a finding that says why")
  func socketRefusal() {
    let line = "docker run -v /run/user/1000/bus.sock:/run/bus.sock docker.io/library/alpine\n"
    let result = Self.convert(line, Self.options(.rhel9))
    #expect(result.findings.contains { $0.ruleID == "MG144" && $0.message.contains("host socket") && $0.fix == nil })
    #expect(result.outputText.contains(" -v /run/user/1000/bus.sock:/run/bus.sock docker.io"))
    var disabled = Self.options(.rhel9)
    disabled.rules.disabled = ["MG144"]
    #expect(!Self.convert(line, disabled).findings.contains { $0.ruleID == "MG144" })
  }
}

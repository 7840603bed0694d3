import Testing

@testable import MigrateCore

/// Rules that check one container once, whatever its input: the queries they ask and what they report on a
/// compose service and a command line.
@Suite("Container rule queries")
struct ContainerRuleQueryTests {
  func run(_ text: String, _ kind: InputKind, rule: any Rule, unsafe: Bool = false) -> ConversionResult {
    let options = ConversionOptions(
      target: .named(.jammy), mode: .usernsAuto, applyAtLeast: unsafe ? .unsafe : .safe)
    return Converter.convert(SourceFile(text), kind: kind, options: options, rules: [rule])
  }

  func container(_ text: String, _ kind: InputKind) throws -> Container {
    let source = SourceFile(text)
    let container =
      kind == .compose
      ? try ComposeParser.parse(source).services.first?.container
      : try ScriptParser.parse(source, kind: kind).commands.first?.container
    return try #require(container)
  }

  @Test("only a run line without `--network` joins podman's default network")
  func defaultNetwork() throws {
    #expect(try container("docker run alpine\n", .shell).joinsPodmanDefaultNetwork)
    #expect(try !container("docker run --network backend alpine\n", .shell).joinsPodmanDefaultNetwork)
    #expect(try !container("docker run --net=host alpine\n", .shell).joinsPodmanDefaultNetwork)
    #expect(try !container("services:\n  web:\n    image: alpine\n", .compose).joinsPodmanDefaultNetwork)
  }

  @Test("MG122's gateway address is unsafe on the default network, only shown elsewhere")
  func hostGateway() {
    let alias = "host.docker.internal:host-gateway"
    let onDefault = run("docker run --add-host \(alias) alpine\n", .command, rule: HostGatewayAlias())
    #expect(onDefault.findings.map { $0.fix?.applicability } == [.unsafe])
    let named = run("docker run --network backend --add-host \(alias) alpine\n", .command, rule: HostGatewayAlias())
    #expect(named.findings.map { $0.fix?.applicability } == [.displayOnly])
    let service = run(
      "services:\n  web:\n    image: alpine\n    extra_hosts:\n      - \(alias)\n", .compose, rule: HostGatewayAlias())
    #expect(service.findings.map { $0.fix?.applicability } == [.displayOnly])
  }

  @Test("MG133 fixes a command line only: compose has no key for `--read-only-tmpfs`")
  func readOnlyTmpfs() {
    let service = run(
      "services:\n  web:\n    image: alpine\n    read_only: true\n", .compose, rule: ReadOnlyRootTmpfs())
    #expect(service.findings.count == 1)
    #expect(service.findings.first?.fix == nil)
    let line = run("docker run --read-only alpine\n", .command, rule: ReadOnlyRootTmpfs())
    #expect(line.findings.first?.fix?.applicability == .unsafe)
  }

  @Test("MG102 spells `U` for `--mount` as `U=true`, and suggests the short syntax for compose long syntax")
  func longSyntaxMount() throws {
    let line = "docker run --userns=auto --mount type=bind,src=./data,dst=/data alpine\n"
    let spec = try container(line, .shell)
    let mount = try #require(spec.mounts.first)
    #expect(spec.mountFlag(of: mount)?.spelled == "--mount")
    let onLine = run(line, .command, rule: WritableBindMount())
    #expect(onLine.findings.map(\.message).first?.contains("add `,U=true` to `--mount`") == true)
    #expect(
      onLine.findings.first?.fix?.edits
        == [.insert(",U=true", at: line.utf8.count - " alpine\n".utf8.count)])
    let compose =
      "services:\n  web:\n    image: alpine\n    userns_mode: auto\n    volumes:\n      - type: bind\n        source: ./data\n        target: /data\n"
    let service = try container(compose, .compose)
    #expect(service.mountFlag(of: try #require(service.mounts.first)) == nil)
    let inCompose = run(compose, .compose, rule: WritableBindMount())
    #expect(inCompose.findings.map(\.message).first?.contains("only in the short syntax `./data:/data:U`") == true)
  }

  @Test("MG123 writes each GPU as a CDI device in place of `--gpus`")
  func gpus() {
    let result = run("docker run --gpus device=0,1 -d alpine\n", .command, rule: GPUsFlag(), unsafe: true)
    #expect(result.outputText == "docker run --device nvidia.com/gpu=0 --device nvidia.com/gpu=1 -d alpine\n")
    #expect(run("docker build --gpus all .\n", .command, rule: GPUsFlag()).findings.isEmpty)
  }

  @Test("MG124 renames `--dns-option` only; `--dns-opt` is already podman's spelling")
  func dnsOption() {
    let result = run("docker run --dns-option ndots:2 --dns-opt a alpine\n", .command, rule: DNSOptionSpelling())
    #expect(result.findings.count == 1)
    #expect(result.outputText == "docker run --dns-opt ndots:2 --dns-opt a alpine\n")
  }

  @Test("MG120 drops Windows-only flags, renames `--net-alias`, and only shows other drops")
  func dockerOnlyRunFlags() {
    let result = run(
      "docker run --cpu-count=2 --net-alias db --use-api-socket redis\n", .command, rule: DockerOnlyRunFlag())
    #expect(result.findings.count == 3)
    #expect(result.outputText == "docker run --network-alias db --use-api-socket redis\n")
    #expect(result.findings.last?.fix?.applicability == .displayOnly)
  }
}

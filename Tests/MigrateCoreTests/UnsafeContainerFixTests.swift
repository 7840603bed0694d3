import Testing

@testable import MigrateCore

/// Unsafe fixes are not applied by the rule examples; these apply them with `--unsafe-fixes`.
@Suite("Unsafe container fixes")
struct UnsafeContainerFixTests {
  func convert(_ text: String, _ kind: InputKind, rule: any Rule) -> String {
    let options = ConversionOptions(target: .named(.jammy), mode: .usernsAuto, applyAtLeast: .unsafe)
    return Converter.convert(SourceFile(text), kind: kind, options: options, rules: [rule]).outputText
  }

  @Test("MG132 sizes an auto user namespace for the user's ID, keeping other auto options")
  func userNamespaceSize() {
    #expect(
      convert("docker run --userns=auto:size=1024 --user 2000 img\n", .command, rule: UserOutsideUserNamespace())
        == "docker run --userns=auto:size=2001 --user 2000 img\n")
    #expect(
      convert(
        "services:\n  app:\n    image: img\n    userns_mode: \"auto:uidmapping=0:1:1\"\n    user: \"70000\"\n",
        .compose,
        rule: UserOutsideUserNamespace())
        == "services:\n  app:\n    image: img\n    userns_mode: \"auto:uidmapping=0:1:1,size=70001\"\n    user: \"70000\"\n"
    )
  }

  @Test("MG133 adds --read-only-tmpfs=false after run")
  func readOnlyTmpfs() {
    #expect(
      convert("docker run --read-only img\n", .command, rule: ReadOnlyRootTmpfs())
        == "docker run --read-only-tmpfs=false --read-only img\n")
  }

  @Test("MG136 drops a docker-only --mount key with its comma")
  func mountKey() {
    #expect(
      convert(
        "docker run --mount type=volume,volume-driver=nfs,src=d,dst=/d img\n", .command, rule: DockerOnlyMountKey())
        == "docker run --mount type=volume,src=d,dst=/d img\n")
  }
}

import Testing

@testable import MigrateCore

/// Behaviour that follows from the facts checked in docs/verified-facts.md.
@Suite("verified facts")
struct VerifiedFactsTests {
  func messages(_ text: String, target: TargetProfile.Name, rule: any Rule) -> [String] {
    let options = ConversionOptions(target: .named(target), mode: .usernsAuto)
    return Converter.convert(SourceFile(text, path: "t.sh"), kind: .shell, options: options, rules: [rule])
      .findings.map(\.message)
  }

  @Test("--kernel-memory: fails on jammy (3.4, cgroup v2), applied on focal (v1), ignored from 4.0")
  func kernelMemory() {
    let line = "docker run --kernel-memory 64m docker.io/library/alpine\n"
    let jammy = messages(line, target: .jammy, rule: DockerOnlyRunFlag())
    let focal = messages(line, target: .focal, rule: DockerOnlyRunFlag())
    let noble = messages(line, target: .noble, rule: DockerOnlyRunFlag())
    #expect(jammy.count == 1 && jammy[0].contains("fails to start"))
    #expect(focal.count == 1 && focal[0].contains("applies it on cgroup v1"))
    #expect(noble.count == 1 && noble[0].contains("ignores it"))
  }

  @Test("build cache flags: ignored or missing before podman 4.2, repository-only after")
  func buildCache() {
    let from = "docker build --cache-from type=registry,ref=r.example/app:cache -t app .\n"
    let to = "docker build --cache-to type=registry,ref=r.example/app:cache -t app .\n"
    #expect(messages(from, target: .jammy, rule: BuildCacheBackend()).first?.contains("ignores `--cache-from`") == true)
    #expect(messages(to, target: .jammy, rule: BuildCacheBackend()).first?.contains("has no `--cache-to`") == true)
    #expect(
      messages(from, target: .noble, rule: BuildCacheBackend()).first?.contains("takes an image repository") == true)
    #expect(PodmanFeature.buildCacheRepository.introduced == PodmanVersion(4, 2))
  }

  @Test("the compose prerequisite replaces a podman-compose older than 1.0.6, not only a missing one")
  func composeVersionCheck() {
    var needs = HostNeeds()
    needs.composeFiles = true
    let steps = PrereqPlanner.steps(.jammy, .usernsAuto, needs: needs)
    let step = steps.first { $0.title == "Install podman-compose" }
    let commands = step?.commands.joined(separator: "\n") ?? ""
    #expect(commands.contains("dpkg --compare-versions \"$installed\" ge 1.0.6"))
    #expect(commands.contains("podman-compose==1.3.0"))
  }

  @Test("a missing podman-restart.service is reported in both modes")
  func restartServiceFallback() {
    var needs = HostNeeds()
    needs.restartPolicies = true
    for mode in RunMode.allCases {
      let step = PrereqPlanner.steps(.jammy, mode, needs: needs).first { $0.title == "Restart containers at boot" }
      #expect(step?.commands.first?.contains("podman-restart.service is missing") == true, "\(mode)")
    }
  }
}

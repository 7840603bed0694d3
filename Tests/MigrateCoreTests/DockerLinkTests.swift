import Testing

@testable import MigrateCore

/// MG128: `--link` becomes one network the script's containers share (#13).
@Suite("docker --link")
struct DockerLinkTests {
  func convert(_ text: String, kind: InputKind = .shell, path: String = "deploy.sh") -> ConversionResult {
    convertScript(text, kind: kind, path: path, target: .bookworm)
  }

  @Test("linked containers and the script's other default-bridge containers join one network; others keep theirs")
  func sharedNetwork() {
    let text = """
      deploy() {
        sudo docker run -d --name db docker.io/library/postgres
        docker run -d --name cache docker.io/library/redis
        docker run -d --link db:database --link cache --link db:pg --name web docker.io/library/nginx
        docker run --rm --network host docker.io/library/alpine true
      }

      """
    let result = convert(text)
    #expect(
      result.outputText == """
        deploy() {
          sudo podman network exists deploy_default || sudo podman network create deploy_default
          sudo podman run --userns=auto --network=deploy_default --network-alias=database --network-alias=pg -d --name db docker.io/library/postgres
          podman run --userns=auto --network=deploy_default -d --name cache docker.io/library/redis
          podman run --userns=auto --network=deploy_default -d --name web docker.io/library/nginx
          podman run --rm --network host docker.io/library/alpine true
        }

        """)
    let links = result.findings.filter { $0.ruleID == "MG128" }
    #expect(links.count == 3 && links.allSatisfy(\.fixed))
    #expect(links[0].message.contains("Docker's link variables (`DATABASE_PORT_…`) are not set"))
    // Converting the output again changes nothing.
    #expect(convert(result.outputText).outputText == result.outputText)
    // The network asks for container DNS in prereqs.
    #expect(result.model?.containers.allSatisfy { !$0.networks.isEmpty || $0.networkMode != nil } == true)
  }

  @Test("no fix when a linked container is started elsewhere, already has a network, or outside a shell script")
  func refusals() {
    let elsewhere = convert("docker run -d --link redis:cache docker.io/library/nginx\n")
    #expect(elsewhere.outputText.contains("--link redis:cache"))
    #expect(
      elsewhere.findings.contains {
        $0.ruleID == "MG128" && !$0.fixed && $0.message.contains("`redis` is not started in this file")
          && $0.message.contains("podman network connect --alias cache NET redis")
      })
    let networked = convert(
      "docker run -d --network app --name db docker.io/library/redis\ndocker run --link db docker.io/library/alpine\n")
    #expect(networked.findings.contains { $0.ruleID == "MG128" && !$0.fixed && $0.message.contains("`app`") })
    let make = convert(
      "up:\n\tdocker run -d --name db docker.io/library/redis\n\tdocker run --link db docker.io/library/alpine\n",
      kind: .makefile, path: "Makefile")
    #expect(make.findings.contains { $0.ruleID == "MG128" && !$0.fixed && $0.message.contains("shells of their own") })
    // A run line that does not start its line (`if docker run …`) gets no line before it.
    let inline = convert(
      "if docker run -d --name db docker.io/library/redis; then docker run --link db docker.io/library/alpine; fi\n")
    #expect(inline.findings.contains { $0.ruleID == "MG128" && !$0.fixed })
  }

  @Test("the network is named after the script")
  func networkName() {
    #expect(DockerLink.networkName(path: "ops/Deploy.prod.sh") == "deploy_default")
    #expect(DockerLink.networkName(path: "-") == "migrate_default")
    #expect(DockerLink.networkName(path: "run me.sh") == "run_me_default")
  }
}

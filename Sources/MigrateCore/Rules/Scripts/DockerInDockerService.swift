/// MG302: reports a CI job that starts a Docker daemon as a service (`docker:dind`).
struct DockerInDockerService: Rule {
  static let meta = RuleMeta(
    id: "MG302", name: "docker-in-docker-service", severity: .warning, fixAvailability: .none,
    summary: "CI job runs a Docker daemon service",
    why: """
      `docker:dind` runs a privileged Docker daemon beside the job. Podman needs no daemon: run the job in a \
      podman image (`quay.io/podman/stable`) or on a runner with podman, and drop the service and its \
      `DOCKER_HOST`.
      """,
    fixSafety: "No fix: the runner setup changes.",
    references: ["research E2, L6"],
    examples: [
      .triggers(
        .gitlabCI,
        "build:\n  image: docker:24\n  services:\n    - 1️⃣docker:24-dind\n  script:\n    - docker build -t app .\n"),
      .passes(.gitlabCI, "build:\n  image: quay.io/podman/stable\n  script:\n    - podman build -t app .\n"),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    for item in script.items where item.kind == .dockerInDockerService {
      context.report(
        Self.meta,
        "Service `\(item.text)` runs a privileged Docker daemon; podman needs none: use a podman image or runner",
        at: item.range)
    }
  }
}

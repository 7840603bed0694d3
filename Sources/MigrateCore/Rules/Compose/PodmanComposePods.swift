/// MG202: reports a compose file whose services podman-compose would put in a pod while they use a user
/// namespace.
struct PodmanComposePods: Rule {
  static let meta = RuleMeta(
    id: "MG202", name: "podman-compose-pods", severity: .error, fixAvailability: .sometimes,
    summary: "podman-compose would run user-namespaced services in a pod",
    why: """
      podman-compose 1.1 and later put every project in a pod, and podman refuses `--userns` together with \
      `--pod` ("--userns and --pod cannot be set together"). The top-level `x-podman: {in_pod: false}` \
      (read from podman-compose 1.2; the key is spelled with an underscore) turns pods off.
      """,
    fixSafety: "Safe: without a pod the services still share the project network, as under Docker Compose.",
    references: ["research A7, M2", "podman-compose docs/Extensions.md"],
    examples: [
      .triggers(
        .compose, "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: 1️⃣auto\n",
        fixed:
          "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n\nx-podman:\n  in_pod: false\n"
      ),
      .passes(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\nx-podman:\n  in_pod: false\n"),
      .passes(.compose, "services:\n  web:\n    image: docker.io/library/nginx\n", mode: .rootless),
    ])

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    let auto = context.options.mode == .usernsAuto
    let needing = project.services.filter { service in
      (service.usernsMode != nil && service.usernsMode?.text != "host")
        || (auto && service.usernsMode == nil && service.container.hostNamespaces.isEmpty)
    }
    guard let first = needing.first else { return }
    let at = first.usernsMode?.range ?? first.name.range
    let title = "Turn podman-compose pods off"
    let message =
      "podman-compose 1.1+ runs the services in a pod, where podman refuses `--userns`; set `x-podman: {in_pod: false}`"
    guard let (key, value) = project.xPodman else {
      let site = project.root.appendSite(in: context.source)
      let fix = site.map { site -> Fix in
        var edit = site.composeEntry(key: "x-podman", nested: [("in_pod", "false")], unit: project.indentUnit)
        // A blank line sets the new top-level section apart, as top-level sections usually are.
        if case .composeKey(_, _, let lineEnding, false, _) = site { edit.replacement = lineEnding + edit.replacement }
        return Fix.safe(title, edit)
      }
      context.report(Self.meta, message, at: at, fix: fix)
      return
    }
    let settings = value.resolved
    if settings.kind == .mapping {
      if let inPod = settings.value(forKey: "in_pod") {
        let text = inPod.scalarValue ?? ""
        guard !["false", "False", "FALSE", "no"].contains(text) else { return }
        let fix = inPod.resolved.sourceValue(in: context.source).edit(replacingWith: "false").map {
          Fix.safe(title, $0)
        }
        context.report(
          Self.meta, "`x-podman.in_pod: \(text)` puts the services in a pod, where podman refuses `--userns`",
          at: inPod.range, fix: fix)
      } else {
        let fix = settings.appendSite(in: context.source).map {
          Fix.safe(title, $0.composeEntry(key: "in_pod", value: "false", unit: project.indentUnit))
        }
        context.report(Self.meta, message, at: key.range, fix: fix)
      }
    } else {
      context.report(Self.meta, message, at: key.range)
    }
  }
}

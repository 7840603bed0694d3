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
    let needing = project.services.filter { service in
      switch service.container.userNamespacePlan(context.options.mode) {
      case .add, .existing: return true
      case .none: return false
      }
    }
    guard let first = needing.first else { return }
    let at = first.container.userns?.range ?? first.name.range
    let title = "Turn podman-compose pods off"
    let message =
      "podman-compose 1.1+ runs the services in a pod, where podman refuses `--userns`; set `x-podman: {in_pod: false}`"
    guard let (key, value) = project.xPodman else {
      // At the very end of the file, after any trailing comments (they often belong to the section above).
      let bytes = context.source.bytes
      let eol = context.source.lineEnding
      let endsWithBreak = bytes.last == 0x0A
      let block = "x-podman:" + eol + project.indentUnit + "in_pod: false"
      let text = endsWithBreak ? eol + block + eol : eol + eol + block
      context.report(Self.meta, message, at: at, fix: .safe(title, .insert(text, at: bytes.count)))
      return
    }
    if value.resolved.isNull {
      // `x-podman:` with nothing after it: write the setting in flow style after the colon.
      var colon = key.range.upper
      while colon < context.source.bytes.count, context.source.bytes[colon] != UInt8(ascii: ":") { colon += 1 }
      let fix = colon < context.source.bytes.count ? Fix.safe(title, .insert(" {in_pod: false}", at: colon + 1)) : nil
      context.report(Self.meta, message, at: key.range, fix: fix)
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

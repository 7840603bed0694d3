/// MG401: reports a systemd unit that depends on `docker.service`.
struct DockerServiceDependency: Rule {
  static let meta = RuleMeta(
    id: "MG401", name: "docker-service-dependency", severity: .warning, fixAvailability: .always,
    summary: "Unit depends on the Docker daemon",
    why: """
      Podman runs without a daemon, so `docker.service` is neither needed nor present after the migration; \
      `Requires=docker.service` would stop the unit from starting. A unit that talks to the Podman API \
      instead depends on `podman.socket`.
      """,
    fixSafety: "Safe: podman commands in the unit need no daemon.",
    references: ["research F3, E1"],
    examples: [
      .triggers(
        .systemd, "[Unit]\nDescription=App\nAfter=1️⃣docker.service\nWants=network-online.target\n",
        fixed: "[Unit]\nDescription=App\nWants=network-online.target\n"),
      .triggers(
        .systemd, "[Unit]\nAfter=network-online.target 1️⃣docker.service\nRequires=1️⃣docker.service nss-lookup.target\n",
        fixed: "[Unit]\nAfter=network-online.target\nRequires=nss-lookup.target\n"),
      .passes(.systemd, "[Unit]\nAfter=network-online.target\n[Service]\nExecStart=/usr/bin/podman run --rm app\n"),
    ])

  func check(_ script: ScriptDocument, in context: inout RuleContext) {
    for item in script.items {
      guard case .dockerServiceDependency(let key, let lineRange, let onlyToken) = item.kind else { continue }
      var range = item.range
      if onlyToken {
        range = lineRange
      } else {
        // Take the blank before the token (or after it, for the first token).
        var lower = range.lower
        while lower > 0, context.source.bytes[lower - 1] == 0x20 || context.source.bytes[lower - 1] == 0x09 {
          lower -= 1
        }
        if context.source.bytes[lower - 1] == UInt8(ascii: "=") {
          var upper = range.upper
          while upper < context.source.bytes.count, context.source.bytes[upper] == 0x20 { upper += 1 }
          range = ByteRange(range.lower, upper)
        } else {
          range = ByteRange(lower, range.upper)
        }
      }
      context.report(
        Self.meta, "`\(key)=\(item.text)`: podman has no daemon, so the unit must not wait for Docker",
        at: item.range, fix: .safe("Drop the dependency on \(item.text)", .delete(range)))
    }
  }
}

/// MG137: reports AppArmor profiles that podman will not apply: Docker's own, or any under rootless podman.
struct AppArmorProfile: Rule {
  static let meta = RuleMeta(
    id: "MG137", name: "apparmor-profile", severity: .warning, fixAvailability: .sometimes,
    summary: "AppArmor profile podman will not apply",
    why: """
      `docker-default` is loaded by the Docker daemon; once Docker is gone the profile may not exist, and \
      podman confines containers with its own `containers-default-<version>` profile anyway (it needs the \
      `apparmor` package). Custom profiles must be loaded on the host. Rootless podman applies no AppArmor \
      profile at all ("AppArmor is not supported on rootless containers"), so a profile named there gives \
      no confinement.
      """,
    fixSafety: "Safe: dropping `apparmor=docker-default` leaves podman's equivalent default profile.",
    references: ["research H3", "containers/common pkg/apparmor, internal/supported @v4.3.1"],
    examples: [
      .triggers(
        .command, "docker run --security-opt 1️⃣apparmor=docker-default docker.io/library/nginx\n",
        fixed: "docker run docker.io/library/nginx\n"),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    security_opt:\n      - 1️⃣apparmor=docker-default\n      - no-new-privileges\n",
        fixed: "services:\n  web:\n    image: docker.io/library/nginx\n    security_opt:\n      - no-new-privileges\n",
        mode: .rootless),
      .triggers(
        .command, "docker run --security-opt 1️⃣apparmor=my-profile docker.io/library/nginx\n", mode: .rootless),
      .passes(.command, "docker run --security-opt apparmor=my-profile docker.io/library/nginx\n"),
      .passes(.command, "docker run --security-opt apparmor=unconfined docker.io/library/nginx\n", mode: .rootless),
    ])

  /// The profile an `apparmor=`/`apparmor:` security option names.
  static func profile(_ option: String) -> String? {
    for prefix in ["apparmor=", "apparmor:"] where option.hasPrefix(prefix) {
      return String(option.dropFirst(prefix.count))
    }
    return nil
  }

  func message(_ profile: String, _ mode: RunMode) -> String? {
    if profile == "docker-default" {
      return "`docker-default` is Docker's profile; podman applies its own default profile"
    }
    if mode == .rootless && profile != "unconfined" {
      return "Rootless podman applies no AppArmor profile: `\(profile)` gives no confinement"
    }
    return nil
  }

  func check(_ container: Container, in context: inout RuleContext) {
    for setting in container.locatedSettings(.securityOpt) {
      guard let value = setting.value, let profile = Self.profile(value),
        let message = message(profile, context.options.mode)
      else { continue }
      var fix: Fix?
      if profile == "docker-default" {
        fix = container.optionSite?.remove(setting, in: context.source).map { Fix.safe("Drop Docker's profile", $0) }
      }
      context.report(Self.meta, message, at: setting.at, fix: fix)
    }
  }
}

/// MG108: reports `:z`/`:Z` volume options on Ubuntu targets, where they do nothing.
struct SELinuxRelabelOption: Rule {
  static let meta = RuleMeta(
    id: "MG108", name: "selinux-relabel-option", severity: .info, fixAvailability: .none,
    summary: "SELinux relabel option on a host without SELinux",
    why: """
      Podman relabels a volume for `:z`/`:Z` only when SELinux is enabled. Ubuntu uses AppArmor with SELinux \
      disabled, so the options are harmless no-ops there; they matter only if the same files are used on \
      Fedora or RHEL hosts. They grant no access, so they do not replace `U`.
      """,
    fixSafety: "No fix: keeping them is harmless.",
    references: ["research B4"],
    scope: RuleScope(targets: [.jammy, .focal, .noble], reason: "Ubuntu: AppArmor, no SELinux"),
    examples: [
      .triggers(
        .compose,
        "services:\n  db:\n    image: docker.io/library/redis\n    userns_mode: auto\n    volumes:\n      - 1️⃣data:/data:Z\n"
      ),
      .passes(
        .compose,
        "services:\n  db:\n    image: docker.io/library/redis\n    userns_mode: auto\n    volumes:\n      - data:/data:Z\n",
        target: .bookworm),
    ])

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.target.isUbuntu else { return }
    for mount in container.mounts {
      guard let option = mount.options.first(where: { $0 == "z" || $0 == "Z" }) else { continue }
      context.report(
        Self.meta,
        "Volume option `\(option)` relabels for SELinux, which \(context.options.target.name.rawValue) does not use: it does nothing there",
        at: mount.spec.valueRange ?? mount.spec.range)
    }
  }
}

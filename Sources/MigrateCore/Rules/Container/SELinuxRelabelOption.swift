/// MG108: reports `:z`/`:Z` volume options on Ubuntu targets, where they do nothing.
struct SELinuxRelabelOption: Rule {
  static let meta = RuleMeta(
    id: "MG108", name: "selinux-relabel-option", severity: .info, fixAvailability: .none,
    summary: "SELinux relabel option on a host without SELinux",
    why: """
      Podman relabels a volume for `:z`/`:Z` only when SELinux is enabled. Ubuntu uses AppArmor with SELinux \
      disabled, so the options are harmless no-ops there; they matter only if the same files are used on \
      Fedora or RHEL hosts, where `unlabelled-bind-mount` adds them to data folders (`z` for a folder \
      several containers mount, `Z` for one). They grant no access, so they do not replace `U`.
      """,
    fixSafety: "No fix: keeping them is harmless.",
    references: ["research B4"],
    scope: .targets(where: \.isUbuntu, reason: "Ubuntu: AppArmor, no SELinux"),
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

  /// One finding per container, at its first relabelled mount, naming the options; a service whose mounts
  /// come from a YAML anchor an earlier service shares is left to that service.
  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.target.isUbuntu else { return }
    func relabelled(_ container: Container) -> [Mount] {
      container.mounts.filter { mount in mount.options.contains { $0 == "z" || $0 == "Z" } }
    }
    let mounts = relabelled(container)
    guard let first = mounts.first else { return }
    let at = first.spec.valueRange ?? first.spec.range
    for other in context.project?.services.map(\.container) ?? [] {
      if other.anchorRange == container.anchorRange { break }
      if relabelled(other).first.map({ ($0.spec.valueRange ?? $0.spec.range) == at }) == true { return }
    }
    var options: [String] = []
    for mount in mounts {
      for option in mount.options where (option == "z" || option == "Z") && !options.contains(option) {
        options.append(option)
      }
    }
    let target = context.options.target.name.rawValue
    let message: String
    if mounts.count == 1 {
      message =
        "Volume option `\(options[0])` relabels for SELinux, which \(target) does not use: it does nothing there"
    } else {
      let spelled = options.map { "`\($0)`" }.joined(separator: " and ")
      message =
        "Volume option \(spelled) on \(mounts.count) mounts of `\(container.name)` relabel for SELinux, which "
        + "\(target) does not use: they do nothing there"
    }
    context.report(Self.meta, message, at: at)
  }
}

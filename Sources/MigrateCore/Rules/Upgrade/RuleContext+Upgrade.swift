/// What the upgrade rules (`Rules/Upgrade`, MG6xx) ask: is the input already for podman, and does the upgrade
/// to the target cross a runtime change's boundary (`RuntimeChange`).
extension RuleContext {
  /// True when the input runs on `options.from` and the target is past `change`'s boundary.
  func upgradeCrosses(_ change: RuntimeChange.ID) -> Bool {
    guard let from = options.from else { return false }
    return RuntimeChange.named(change).crossed(from, options.target)
  }

  /// `jammy (podman 3.4.4) → resolute (podman 5.7.0)`, for messages.
  var upgradeLabel: String {
    let to = "\(options.target.name.rawValue) (podman \(options.target.podman))"
    return options.from.map { "\($0.description) → \(to)" } ?? to
  }

  /// The `--from-…` flags that name the origin, for commands a message suggests.
  var upgradeFlags: String {
    guard let from = options.from else { return "" }
    let origin = from.name.map { "--from-target \($0.rawValue)" } ?? "--from-podman-version \(from.podman)"
    return "\(origin) --target \(options.target.name.rawValue)"
  }
}

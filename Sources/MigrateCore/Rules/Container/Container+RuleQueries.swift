extension Container {
  /// True when the container joins podman's default network (`podman`, whose gateway is `10.88.0.1` under
  /// root): a `run` line without `--network`. A compose service joins its project's network instead
  /// (`<project>_default`), whatever `network_mode:` or `networks:` say.
  public var joinsPodmanDefaultNetwork: Bool {
    switch self.origin {
    case .composeService: return false
    case .runCommand: return self.networkMode == nil && self.networks.isEmpty
    }
  }

  /// The `--mount` flag that writes `mount`, when it is one: podman's `--mount` takes `U=true`, where compose
  /// long syntax (the other long form) has no `U` option at all.
  public func mountFlag(of mount: Mount) -> LocatedSetting? {
    guard mount.syntax == .long else { return nil }
    return self.locatedSettings(.mount).first { setting in
      guard case .flag(let flag) = setting.place else { return false }
      return flag.valueSourceRange == mount.spec.range
    }
  }
}

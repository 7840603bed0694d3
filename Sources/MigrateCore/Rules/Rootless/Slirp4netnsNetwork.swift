/// MG508: reports `--network slirp4netns[:…]` (compose `network_mode: slirp4netns…`) on podman 6, which
/// removed slirp4netns.
struct Slirp4netnsNetwork: Rule {
  static let meta = RuleMeta(
    id: "MG508", name: "slirp4netns-network", severity: .error, fixAvailability: .sometimes,
    summary: "slirp4netns network on podman 6, which removed it",
    why: """
      Podman 6.0 removed the slirp4netns rootless network (and the `--network-cmd-path` option that served \
      it): `--network slirp4netns` fails. Its replacement is pasta, the rootless default since podman 5.0. \
      pasta behaves differently: the container gets the host's own addresses and routes instead of \
      `10.0.2.0/24` (no `10.0.2.100`, gateway `10.0.2.2` or DNS `10.0.2.3`), published ports keep the \
      client's source address without a port handler, the host's loopback is not reachable through the \
      gateway unless `--map-gw` is given, and `host.containers.internal` still names the host. pasta is for \
      rootless podman only; root podman's default is the `podman` bridge network.
      """,
    fixSafety: """
      Safe where every slirp4netns option has a pasta meaning or none is needed: `port_handler=` (pasta \
      always keeps the source address), `enable_ipv6=`, `mtu=`, `allow_host_loopback=false`. Unsafe for \
      `allow_host_loopback=true` → `--map-gw` (the host is then at the gateway address, not `10.0.2.2`) and \
      for root podman, where the mode is dropped for the default bridge network. `cidr=` and \
      `outbound_addr=` are not translated.
      """,
    references: [
      "podman v6.0.0-rc1 release notes (Breaking Changes)", "podman-run(1) --network pasta, slirp4netns",
    ],
    scope: .having(.podman6Removals),
    examples: [
      .triggers(
        .command, "podman run --network 1️⃣slirp4netns:port_handler=slirp4netns -p 8080:80 docker.io/library/nginx\n",
        fixed: "podman run --network pasta -p 8080:80 docker.io/library/nginx\n", mode: .rootless, target: .rhel10,
        podman: PodmanVersion(6, 0)),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    network_mode: \"1️⃣slirp4netns:mtu=1500,enable_ipv6=false\"\n",
        fixed:
          "services:\n  web:\n    image: docker.io/library/nginx\n    network_mode: \"pasta:--mtu,1500,--ipv4-only\"\n",
        mode: .rootless, target: .trixie, podman: PodmanVersion(6, 0)),
      .triggers(
        .command, "podman run --net=1️⃣slirp4netns:allow_host_loopback=true docker.io/library/alpine\n",
        fixed: "podman run --net=pasta:--map-gw docker.io/library/alpine\n", mode: .rootless, target: .rhel10,
        podman: PodmanVersion(6, 0), unsafeFixes: true),
      .triggers(
        .command, "podman run --network 1️⃣slirp4netns:cidr=10.5.0.0/24 docker.io/library/alpine\n", mode: .rootless,
        target: .rhel10, podman: PodmanVersion(6, 0)),
      .passes(
        .command, "podman run --network slirp4netns docker.io/library/alpine\n", mode: .rootless, target: .rhel10),
      .passes(
        .command, "podman run --network pasta docker.io/library/alpine\n", mode: .rootless, target: .rhel10,
        podman: PodmanVersion(6, 0)),
    ])

  /// The pasta network mode that does what `slirp4netns[:options]` did, and whether that keeps the meaning;
  /// nil when an option has no pasta spelling here (`cidr=`, `outbound_addr=`, an unknown one).
  static func pastaMode(_ mode: String) -> (mode: String, sameMeaning: Bool)? {
    guard mode == "slirp4netns" || mode.hasPrefix("slirp4netns:") else { return nil }
    let options = mode.dropFirst("slirp4netns".count).drop { $0 == ":" }
    var pasta: [String] = []
    var sameMeaning = true
    for option in options.split(separator: ",") {
      let pair = option.split(separator: "=", maxSplits: 1).map(String.init)
      let value = pair.count > 1 ? pair[1] : ""
      switch pair[0] {
      // pasta keeps the source address itself and has IPv6 on by default.
      case "port_handler": continue
      case "enable_ipv6" where value == "true": continue
      case "enable_ipv6" where value == "false": pasta.append("--ipv4-only")
      case "allow_host_loopback" where value == "false": continue
      case "allow_host_loopback" where value == "true":
        pasta.append("--map-gw")
        sameMeaning = false
      case "mtu" where Int(value) != nil: pasta += ["--mtu", value]
      default: return nil
      }
    }
    return (pasta.isEmpty ? "pasta" : "pasta:" + pasta.joined(separator: ","), sameMeaning)
  }

  func check(_ container: Container, in context: inout RuleContext) {
    guard context.options.target.supports(.podman6Removals), let network = container.networkMode,
      network.text == "slirp4netns" || network.text.hasPrefix("slirp4netns:")
    else { return }
    let at = network.valueRange ?? network.range
    let version = context.options.target.podman
    guard context.options.mode == .rootless else {
      // pasta serves rootless podman only: root containers take the default bridge network instead.
      context.report(
        Self.meta,
        "podman \(version) removed slirp4netns: `\(network.text)` fails; root podman has no pasta, so leave the network mode out for the default `podman` bridge network (ports are published by netavark, client addresses are kept)",
        at: at)
      return
    }
    let translated = Self.pastaMode(network.text)
    let fix = translated.flatMap { pasta in
      network.edit(replacingWith: pasta.mode).map {
        Fix("Use pasta, the rootless network of podman 5 and 6", pasta.sameMeaning ? .safe : .unsafe, [$0])
      }
    }
    let change =
      translated.map { pasta in
        "use `\(pasta.mode)`"
          + (pasta.sameMeaning ? "" : " (the host is then reached at the gateway address, not `10.0.2.2`)")
      } ?? "`cidr=` and `outbound_addr=` have no direct pasta option: translate them by hand (pasta -a/-n, -o)"
    context.report(
      Self.meta,
      "podman \(version) removed slirp4netns: `\(network.text)` fails; \(change). With pasta the container has the host's addresses instead of 10.0.2.100 and sees clients' real source addresses",
      at: at, fix: fix)
  }
}

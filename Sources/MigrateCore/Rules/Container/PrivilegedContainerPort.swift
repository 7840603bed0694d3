/// MG134: reports a non-root container user listening on a port below 1024, which podman does not allow.
struct PrivilegedContainerPort: Rule {
  static let meta = RuleMeta(
    id: "MG134", name: "privileged-container-port", severity: .warning, fixAvailability: .sometimes,
    summary: "Non-root container user on a container port below 1024",
    why: """
      Docker (20.10+) sets `net.ipv4.ip_unprivileged_port_start=0` in every container with a network \
      namespace of its own, so any user may bind ports below 1024. Podman keeps the kernel default (1024): \
      a process running as a non-root `user` gets EACCES when it binds port 80. The sysctl is namespaced, so \
      setting it affects only the container. Root in the container is unaffected (it holds \
      CAP_NET_BIND_SERVICE in its namespace); a `USER` set by the image is not visible here.
      """,
    fixSafety: "Safe: the container gets the setting Docker gave it.",
    references: ["research D3", "moby daemon/oci_linux.go WithSysctls"],
    examples: [
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    user: \"101\"\n    ports:\n      - \"8080:1️⃣80\"\n",
        fixed:
          "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    user: \"101\"\n    ports:\n      - \"8080:80\"\n    sysctls:\n      net.ipv4.ip_unprivileged_port_start: 0\n"
      ),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    user: nginx\n    expose:\n      - \"1️⃣443\"\n    sysctls:\n      - net.core.somaxconn=1024\n",
        fixed:
          "services:\n  web:\n    image: docker.io/library/nginx\n    userns_mode: auto\n    user: nginx\n    expose:\n      - \"443\"\n    sysctls:\n      - net.core.somaxconn=1024\n      - net.ipv4.ip_unprivileged_port_start=0\n"
      ),
      .triggers(
        .command, "docker run -u 1000 -p 80:1️⃣80 docker.io/library/nginx\n",
        fixed: "docker run --sysctl=net.ipv4.ip_unprivileged_port_start=0 -u 1000 -p 80:80 docker.io/library/nginx\n"),
      .passes(.command, "docker run -p 80:80 docker.io/library/nginx\n"),
      .passes(.command, "docker run -u 1000 -p 80:8080 docker.io/library/nginx\n"),
      .passes(.command, "docker run -u 1000 --network host docker.io/library/nginx\n"),
      .passes(
        .command,
        "docker run -u 1000 --sysctl net.ipv4.ip_unprivileged_port_start=0 -p 80:80 docker.io/library/nginx\n"),
    ])

  static let sysctl = "net.ipv4.ip_unprivileged_port_start"

  func check(_ container: Container, in context: inout RuleContext) {
    guard container.runsAsNonRoot, let user = container.user else { return }
    if let network = container.networkMode?.text,
      network == "host" || network == "none" || network.hasPrefix("container:") || network.hasPrefix("service:")
    {
      return
    }
    if container.sysctls.contains(where: { $0.text.hasPrefix(Self.sysctl + "=") }) { return }
    guard let (port, at) = lowPort(container) else { return }
    context.report(
      Self.meta,
      "`\(user.text)` cannot bind container port \(port) under podman; set `\(Self.sysctl)=0` as Docker does",
      at: at, fix: fix(container, in: context))
  }

  /// The first container port below 1024 the container publishes or exposes, and where it is written.
  func lowPort(_ container: Container) -> (Int, ByteRange)? {
    for mapping in container.ports {
      guard let ports = mapping.containerPorts, ports.lowerBound > 0, ports.lowerBound < 1024 else { continue }
      let spec = mapping.spec
      // Point at the container port inside `HOST:CONTAINER` where the text maps onto the file.
      var at = spec.valueRange ?? spec.range
      if let valueRange = spec.valueRange, let colon = spec.text.utf8.lastIndex(of: UInt8(ascii: ":")) {
        at = ByteRange(
          valueRange.lower + spec.text.utf8.distance(from: spec.text.utf8.startIndex, to: colon) + 1, valueRange.upper)
      }
      return (ports.lowerBound, at)
    }
    for exposed in container.exposedPorts {
      let number = exposed.text.split(separator: "/").first.flatMap { PortMapping.parseRange(String($0)) }
      guard let number, number.lowerBound > 0, number.lowerBound < 1024 else { continue }
      return (number.lowerBound, exposed.valueRange ?? exposed.range)
    }
    return nil
  }

  func fix(_ container: Container, in context: RuleContext) -> Fix? {
    let edit = container.optionSite?.add(
      .sysctl, "\(Self.sysctl)=0", in: context.source, indentUnit: context.project?.indentUnit ?? "  ")
    return edit.map { .safe("Let any user bind low ports, as Docker does", $0) }
  }
}

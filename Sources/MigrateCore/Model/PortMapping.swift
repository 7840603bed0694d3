/// A published port: `[IP:][HOST:]CONTAINER[/PROTO]`, ranges allowed.
public struct PortMapping: Sendable, Hashable {
  public var spec: SourceValue
  public var hostIP: String?
  /// Host port range (lower, upper); nil when the host port is left to the engine.
  public var hostPorts: ClosedRange<Int>?
  public var containerPorts: ClosedRange<Int>?
  public var proto: String
  /// True when the host port is written with a variable, so its number is unknown.
  public var hostPortIsVariable: Bool = false

  public init(
    spec: SourceValue, hostIP: String?, hostPorts: ClosedRange<Int>?, containerPorts: ClosedRange<Int>?, proto: String
  ) {
    self.spec = spec
    self.hostIP = hostIP
    self.hostPorts = hostPorts
    self.containerPorts = containerPorts
    self.proto = proto
  }

  /// Parses the short port syntax used by Compose and `docker run -p`.
  public static func parse(_ value: SourceValue) -> PortMapping {
    var text = value.text
    var proto = "tcp"
    if let slash = text.lastIndex(of: "/") {
      proto = String(text[text.index(after: slash)...])
      text = String(text[..<slash])
    }
    var hostIP: String?
    var rest = text
    // IPv6 addresses are written in brackets: [::1]:80:80.
    if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
      hostIP = String(rest[rest.index(after: rest.startIndex)..<close])
      rest = String(rest[rest.index(after: close)...])
      if rest.hasPrefix(":") { rest.removeFirst() }
    }
    var fields = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    if hostIP == nil, fields.count == 3 {
      hostIP = fields[0]
      fields.removeFirst()
    }
    var mapping = PortMapping(spec: value, hostIP: hostIP, hostPorts: nil, containerPorts: nil, proto: proto)
    if fields.count == 2 {
      mapping.hostPorts = parseRange(fields[0])
      mapping.hostPortIsVariable = fields[0].contains("$")
      mapping.containerPorts = parseRange(fields[1])
    } else if let only = fields.first {
      mapping.containerPorts = parseRange(only)
    }
    return mapping
  }

  static func parseRange(_ text: String) -> ClosedRange<Int>? {
    let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
    guard let low = bounds.first.flatMap({ Int($0) }) else { return nil }
    let high = bounds.count == 2 ? Int(bounds[1]) ?? low : low
    return low <= high ? low...high : nil
  }

  /// True when a host port below 1024 is published (rootless podman cannot bind those by default).
  public var publishesPrivilegedHostPort: Bool {
    guard let hostPorts else { return false }
    return hostPorts.lowerBound < 1024 && hostPorts.lowerBound > 0
  }
}

/// One cgroup resource limit, named by its `docker run` flag whatever syntax set it.
public struct ResourceLimit: Sendable {
  /// The docker flag's long name: `memory`, `cpus`, `pids-limit`, `blkio-weight`, …
  public var flag: String
  public var value: SourceValue

  public init(flag: String, value: SourceValue) {
    self.flag = flag
    self.value = value
  }

  /// The cgroup controller the limit needs.
  public var controller: String {
    if flag.hasPrefix("memory") || flag == "kernel-memory" || flag == "oom-kill-disable" { return "memory" }
    if flag == "pids-limit" { return "pids" }
    if flag.hasPrefix("cpuset") { return "cpuset" }
    if flag.hasPrefix("cpu") { return "cpu" }
    return "io"
  }

  /// `docker run` flags that set a cgroup limit.
  public static let runFlags: Set<String> = [
    "memory", "memory-swap", "memory-reservation", "memory-swappiness", "kernel-memory", "oom-kill-disable", "cpus",
    "cpu-shares", "cpu-quota", "cpu-period", "cpuset-cpus", "cpuset-mems", "cpu-rt-runtime", "cpu-rt-period",
    "pids-limit", "blkio-weight", "blkio-weight-device", "device-read-bps", "device-write-bps", "device-read-iops",
    "device-write-iops",
  ]

  /// Compose service keys that set a cgroup limit, with the flag each stands for.
  public static let composeKeys: [String: String] = ContainerOption.resourceLimitComposeKeys

  /// `deploy.resources.limits`/`reservations` keys, with the flag each stands for.
  public static let deployKeys: [String: (limits: String, reservations: String?)] = [
    "memory": ("memory", "memory-reservation"), "cpus": ("cpus", nil), "pids": ("pids-limit", nil),
  ]
}

extension ContainerOption {
  /// The settings, by docker flag. A run flag without an entry is passed to podman as written; a compose
  /// key without one is noted as not carried over.
  public static let all: [ContainerOption] =
    identity + storage + environment + network + health + security
    + resources + runtime + dropped

  static let identity: [ContainerOption] = [
    .init(
      "name", .single, compose: .key(["container_name"]), podman: .setByEmitters("the emitters name the container"),
      quadlet: .key("ContainerName", since: .quadlet), example: "web"),
    .init(
      "user", .single, short: "u", compose: .key(["user"]), quadlet: .key("User", since: .quadlet), example: "1000:1000"
    ),
    .init(
      "workdir", .single, short: "w", compose: .key(["working_dir"]),
      quadlet: .key("WorkingDir", since: .quadletKeys46),
      example: "/srv"),
    .init(
      "hostname", .single, short: "h", compose: .key(["hostname"]), quadlet: .key("HostName", since: .quadletKeys46),
      example: "box"),
    .init(
      "domainname", .single, compose: .key(["domainname"]),
      podman: .none(
        "podman has no `--domainname`: the domain is added to the hostname (a fully qualified `--hostname`)"),
      quadlet: .none("podman has no `--domainname`; `HostName=` takes the fully qualified name"), example: "example.org"
    ),
    .init(
      "label", .repeated, short: "l", compose: .key(["labels"]), quadlet: .key("Label", since: .quadlet),
      example: "tier=web"),
    .init(
      "entrypoint", .single, compose: .reshaped(["entrypoint"], how: "an exec-form list of one word"),
      quadlet: .key("Entrypoint", since: .quadletKeys50), example: "/bin/sh"),
    .init(
      "restart", .single, compose: .key(["restart"]),
      quadlet: .none("systemd restarts the unit: `Restart=` in `[Service]`"), example: "always"),
    .init(
      "platform", .single, compose: .key(["platform"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "linux/amd64"),
    .init(
      "pull", .single, compose: .key(["pull_policy"]), quadlet: .key("Pull", since: .quadletKeys46), example: "always"),
  ]

  static let storage: [ContainerOption] = [
    .init(
      "volume", .repeated, short: "v", compose: .key(["volumes"]), quadlet: .key("Volume", since: .quadlet),
      example: "data:/data"),
    .init(
      "mount", .repeated, compose: .reshaped(["volumes"], how: "long volume syntax (type, source, target, read_only)"),
      quadlet: .key("Mount", since: .quadletKeys45), example: "type=volume,source=data,target=/data"),
    .init(
      "tmpfs", .repeated, compose: .key(["tmpfs"]), quadlet: .key("Tmpfs", since: .quadletKeys45), example: "/run"),
    .init(
      "volumes-from", .repeated, compose: .key(["volumes_from"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "other"),
    .init(
      "read-only", .flag, compose: .key(["read_only"]), quadlet: .key("ReadOnly", since: .quadlet), example: "true"),
    .init(
      "storage-opt", .repeated, compose: .reshaped(["storage_opt"], how: "a map of KEY: VALUE"),
      podman: .none("podman reads `--storage-opt` as a storage-driver option, not a container quota; left out"),
      quadlet: .none("podman reads `--storage-opt` as a storage-driver option, not a container quota"),
      example: "size=10G"),
  ]

  static let environment: [ContainerOption] = [
    .init(
      "env", .repeated, short: "e", compose: .key(["environment"]), quadlet: .key("Environment", since: .quadlet),
      example: "MODE=prod"),
    .init(
      "env-file", .repeated, compose: .key(["env_file"]), quadlet: .key("EnvironmentFile", since: .quadlet),
      example: "app.env"),
  ]

  static let network: [ContainerOption] = [
    .init(
      "network", .repeated, aliases: ["net"],
      compose: .reshaped(["networks"], how: "a network name joins `networks:`; a mode is `network_mode:`"),
      quadlet: .key("Network", since: .quadlet), example: "backend"),
    .init(
      "publish", .repeated, short: "p", compose: .key(["ports"]), quadlet: .key("PublishPort", since: .quadlet),
      example: "8080:80"),
    .init(
      "expose", .repeated, compose: .key(["expose"]), quadlet: .key("ExposeHostPort", since: .quadlet), example: "9000"),
    .init(
      "add-host", .repeated, compose: .key(["extra_hosts"]), quadlet: .key("AddHost", since: .quadletKeys53),
      example: "db:10.0.0.2"),
    .init("dns", .repeated, compose: .key(["dns"]), quadlet: .key("DNS", since: .quadletKeys47), example: "10.0.0.53"),
    .init(
      "dns-option", .repeated, aliases: ["dns-opt"], compose: .key(["dns_opt"]), podman: .argument("dns-opt"),
      quadlet: .key("DNSOption", since: .quadletKeys47), example: "ndots:2"),
    .init(
      "dns-search", .repeated, compose: .key(["dns_search"]), quadlet: .key("DNSSearch", since: .quadletKeys47),
      example: "example.org"),
    .init(
      "ip", .single, compose: .reshaped(["networks"], how: "`ipv4_address` of the network joined"),
      quadlet: .key("IP", since: .quadletKeys45), example: "10.0.0.5"),
    .init(
      "ip6", .single, compose: .reshaped(["networks"], how: "`ipv6_address` of the network joined"),
      quadlet: .key("IP6", since: .quadletKeys45), example: "fd00::5"),
    .init(
      "network-alias", .repeated,
      compose: .reshaped(["networks"], how: "`aliases` of the network joined (compose services get their name too)"),
      quadlet: .key("NetworkAlias", since: .quadletKeys52), example: "db"),
    .init(
      "link-local-ip", .repeated,
      compose: .none("podman does not implement link-local addresses, so no compose key carries it to podman-compose"),
      podman: .none("podman does not implement `--link-local-ip`; left out"),
      quadlet: .none("podman does not implement link-local addresses"), example: "169.254.1.5"),
    .init(
      "mac-address", .single, compose: .key(["mac_address"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "02:42:ac:11:00:02"),
    .init(
      "link", .repeated, compose: .key(["links"]),
      podman: .none("podman has no `--link`: put the containers on one network, where they reach each other by name"),
      quadlet: .none("podman has no `--link`: containers on one network reach each other by name"), example: "db"),
  ]

  static let health: [ContainerOption] = [
    .init(
      "health-cmd", .single, compose: .reshaped(["healthcheck", "test"], how: "`[CMD-SHELL, command]`"),
      quadlet: .key("HealthCmd", since: .quadletKeys45), example: "pg_isready"),
    .init(
      "health-interval", .single, compose: .key(["healthcheck", "interval"]),
      quadlet: .key("HealthInterval", since: .quadletKeys45), example: "30s"),
    .init(
      "health-timeout", .single, compose: .key(["healthcheck", "timeout"]),
      quadlet: .key("HealthTimeout", since: .quadletKeys45), example: "5s"),
    .init(
      "health-retries", .single, compose: .key(["healthcheck", "retries"]),
      quadlet: .key("HealthRetries", since: .quadletKeys45), example: "3"),
    .init(
      "health-start-period", .single, compose: .key(["healthcheck", "start_period"]),
      quadlet: .key("HealthStartPeriod", since: .quadletKeys45), example: "10s"),
    .init(
      "health-start-interval", .single, compose: .key(["healthcheck", "start_interval"]),
      podman: .none("podman has no `--health-start-interval` (checks run at `--health-interval` from the start)"),
      quadlet: .none("podman has no start interval for health checks"), example: "5s"),
    .init(
      "no-healthcheck", .flag, compose: .reshaped(["healthcheck", "disable"], how: "`disable: true`"),
      quadlet: .none("Quadlet has no key that turns the image's health check off; passed in `PodmanArgs=`"),
      example: "true"),
  ]

  static let security: [ContainerOption] = [
    .init(
      "cap-add", .repeated, compose: .key(["cap_add"]), quadlet: .key("AddCapability", since: .quadlet),
      example: "NET_ADMIN"),
    .init(
      "cap-drop", .repeated, compose: .key(["cap_drop"]), quadlet: .key("DropCapability", since: .quadlet),
      example: "MKNOD"),
    .init(
      "device", .repeated, compose: .key(["devices"]), quadlet: .key("AddDevice", since: .quadlet),
      example: "/dev/fuse"),
    .init(
      "privileged", .flag, compose: .key(["privileged"]),
      quadlet: .none("Quadlet has no `Privileged=`; passed in `PodmanArgs=`"), example: "true"),
    .init(
      "security-opt", .repeated, compose: .key(["security_opt"]),
      quadlet: .none("Quadlet splits it over several keys (`NoNewPrivileges=`, `SeccompProfile=`, …); passed whole"),
      example: "label=disable"),
    .init(
      "userns", .single, compose: .key(["userns_mode"]), quadlet: .key("UserNS", since: .quadletUserNS),
      example: "auto"),
    .init(
      "group-add", .repeated, compose: .key(["group_add"]), quadlet: .key("GroupAdd", since: .quadletKeys51),
      example: "video"),
    .init(
      "sysctl", .repeated, compose: .key(["sysctls"]), quadlet: .key("Sysctl", since: .quadletKeys46),
      example: "net.core.somaxconn=1024"),
    .init(
      "device-cgroup-rule", .repeated, compose: .key(["device_cgroup_rules"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "c 1:3 mr"),
  ]

  static let resources: [ContainerOption] = [
    .init(
      "memory", .single, short: "m", compose: .key(["deploy", "resources", "limits", "memory"]),
      composeAliases: ["mem_limit"], quadlet: .key("Memory", since: .quadletKeys55), example: "512m"),
    .init(
      "cpus", .single, compose: .key(["deploy", "resources", "limits", "cpus"]), composeAliases: ["cpus"],
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "1.5"),
    .init(
      "memory-reservation", .single, compose: .key(["deploy", "resources", "reservations", "memory"]),
      composeAliases: ["mem_reservation"], quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "256m"),
    .init(
      "memory-swap", .single, compose: .key(["memswap_limit"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "1g"),
    .init(
      "memory-swappiness", .single, compose: .key(["mem_swappiness"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "10"),
    .init(
      "cpu-quota", .single, compose: .key(["cpu_quota"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "50000"),
    .init(
      "cpu-period", .single, compose: .key(["cpu_period"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "100000"),
    .init(
      "cpuset-cpus", .single, compose: .key(["cpuset"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "0-1"),
    .init(
      "cpu-rt-runtime", .single, compose: .key(["cpu_rt_runtime"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "950000"),
    .init(
      "cpu-rt-period", .single, compose: .key(["cpu_rt_period"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "1000000"),
    .init(
      "cpu-shares", .single, short: "c", compose: .key(["cpu_shares"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "512"),
    .init(
      "pids-limit", .single, compose: .key(["pids_limit"]), quadlet: .key("PidsLimit", since: .quadletKeys47),
      example: "100"),
    .init(
      "shm-size", .single, compose: .key(["shm_size"]), quadlet: .key("ShmSize", since: .quadletKeys47),
      example: "256m"),
    .init(
      "ulimit", .repeated, compose: .reshaped(["ulimits"], how: "a map of NAME: value or soft/hard"),
      quadlet: .key("Ulimit", since: .quadletKeys47), example: "nofile=1024:2048"),
    .init(
      "oom-kill-disable", .flag, compose: .key(["oom_kill_disable"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "true"),
    .init(
      "oom-score-adj", .single, compose: .key(["oom_score_adj"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "-500"),
    .init(
      "blkio-weight", .single, compose: .key(["blkio_config", "weight"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "300"),
    .init(
      "blkio-weight-device", .repeated, compose: .reshaped(["blkio_config", "weight_device"], how: "path and weight"),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "/dev/sda:200"),
    .init(
      "device-read-bps", .repeated, compose: .reshaped(["blkio_config", "device_read_bps"], how: "path and rate"),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "/dev/sda:1mb"),
    .init(
      "device-read-iops", .repeated, compose: .reshaped(["blkio_config", "device_read_iops"], how: "path and rate"),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "/dev/sda:1000"),
    .init(
      "device-write-bps", .repeated, compose: .reshaped(["blkio_config", "device_write_bps"], how: "path and rate"),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "/dev/sda:1mb"),
    .init(
      "device-write-iops", .repeated, compose: .reshaped(["blkio_config", "device_write_iops"], how: "path and rate"),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "/dev/sda:1000"),
    .init(
      "cgroup-parent", .single, compose: .key(["cgroup_parent"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "/custom"),
    .init(
      "cgroupns", .single, compose: .key(["cgroup"]),
      quadlet: .none("no Quadlet key (`CgroupsMode=` is `--cgroups`); passed in `PodmanArgs=`"), example: "private"),
    .init(
      "gpus", .repeated,
      compose: .reshaped(["deploy", "resources", "reservations", "devices"], how: "an nvidia device reservation"),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "all"),
  ]

  static let runtime: [ContainerOption] = [
    .init(
      "init", .flag, compose: .key(["init"]), quadlet: .key("RunInit", since: .quadlet), example: "true"),
    .init(
      "interactive", .flag, short: "i", compose: .key(["stdin_open"]),
      quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "true"),
    .init(
      "tty", .flag, short: "t", compose: .key(["tty"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "true"),
    .init(
      "stop-signal", .single, compose: .key(["stop_signal"]), quadlet: .key("StopSignal", since: .quadletKeys52),
      example: "SIGINT"),
    .init(
      "stop-timeout", .single, compose: .reshaped(["stop_grace_period"], how: "seconds with an `s`"),
      quadlet: .key("StopTimeout", since: .quadletKeys50), example: "30"),
    .init(
      "log-driver", .single, compose: .key(["logging", "driver"]), quadlet: .key("LogDriver", since: .quadletKeys45),
      example: "journald"),
    .init(
      "log-opt", .repeated, compose: .reshaped(["logging", "options"], how: "a map of KEY: VALUE"),
      quadlet: .key("LogOpt", since: .quadletKeys52), example: "tag=web"),
    .init(
      "pid", .single, compose: .key(["pid"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "host"
    ),
    .init(
      "ipc", .single, compose: .key(["ipc"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "shareable"),
    .init(
      "uts", .single, compose: .key(["uts"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"), example: "host"
    ),
    .init(
      "runtime", .single, compose: .key(["runtime"]), quadlet: .none("no Quadlet key; passed in `PodmanArgs=`"),
      example: "crun"),
    .init(
      "isolation", .single, compose: .key(["isolation"]),
      podman: .none("`--isolation` is Windows-only; podman rejects it"), quadlet: .none("Windows-only"),
      example: "hyperv"),
  ]

  /// Flags the emitters set themselves, or that make no sense for a container a unit or script manages
  /// (`--replace` is podman's own, in scripts that already run podman).
  static let dropped: [ContainerOption] = [
    "detach", "rm", "replace", "detach-keys", "sig-proxy", "attach",
  ].map { flag in
    .init(
      flag, ["detach-keys", "attach"].contains(flag) ? .single : .flag, short: ["detach": "d", "attach": "a"][flag],
      compose: .none("a compose service is always detached and kept; podman-compose decides"),
      podman: .setByEmitters("the unit or script decides how the container is run"),
      quadlet: .none("the unit runs the container detached (`--rm`, `--replace` set by Quadlet)"),
      example: ["detach-keys": "ctrl-q", "attach": "stdout"][flag] ?? "true")
  }
}

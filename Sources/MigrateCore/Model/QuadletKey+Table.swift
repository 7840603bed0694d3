extension QuadletKey {
  /// The keys that are not a docker setting of the option table, by section and release (research
  /// `podman-5-6.md`, "Quadlet: what each podman release added"; every key of 5.4 and 5.8 checked against
  /// Debian's podman 5.4.2 and 5.8.6 generators, docs/verified-facts.md 17).
  static let others: [QuadletKey] =
    keys(
      .container,
      [
        .quadlet: [
          "Annotation", "EnvironmentHost", "Exec", "Group", "Image", "NoNewPrivileges", "Notify", "PodmanArgs",
          "RemapGid", "RemapUid", "RemapUidSize", "RemapUsers", "SeccompProfile", "Timezone", "VolatileTmp",
        ],
        .quadletKeys45: [
          "HealthOnFailure", "HealthStartupCmd", "HealthStartupInterval", "HealthStartupRetries",
          "HealthStartupSuccess", "HealthStartupTimeout", "Rootfs", "Secret", "SecurityLabelDisable",
          "SecurityLabelFileType", "SecurityLabelLevel", "SecurityLabelType",
        ],
        .quadletKeys46: ["AutoUpdate", "Mask", "SecurityLabelNested", "Unmask"],
        .quadletKeys48: [
          "ContainersConfModule", "GIDMap", "GlobalArgs", "ReadOnlyTmpfs", "SubGIDMap", "SubUIDMap", "UIDMap",
        ],
        .quadletKeys50: ["Pod"],
        .quadletKeys53: [
          "CgroupsMode", "HealthLogDestination", "HealthMaxLogCount", "HealthMaxLogSize", "ServiceName", "StartWithPod",
        ],
        .quadletKeys55: ["ReloadCmd", "ReloadSignal", "Retry", "RetryDelay"],
        .quadletKeys57: ["HttpProxy"],
        .quadletKeys58: ["AppArmor"],
      ])
    + keys(
      .pod,
      [
        .quadletKeys50: [
          "ContainersConfModule", "GlobalArgs", "Network", "PodmanArgs", "PodName", "PublishPort", "Volume",
        ],
        .quadletKeys52: ["NetworkAlias"],
        .quadletKeys53: [
          "AddHost", "DNS", "DNSOption", "DNSSearch", "GIDMap", "IP", "IP6", "SubGIDMap", "SubUIDMap", "UIDMap",
          "UserNS",
        ],
        .quadletKeys54: ["ShmSize"],
        .quadletKeys55: ["HostName"],
        .quadletKeys56: ["ExitPolicy", "Label"],
        .quadletKeys57: ["StopTimeout"],
      ])
    + keys(
      .build,
      [
        .quadletKeys52: [
          "Annotation", "Arch", "AuthFile", "ContainersConfModule", "DNS", "DNSOption", "DNSSearch", "Environment",
          "File", "ForceRM", "GlobalArgs", "GroupAdd", "ImageTag", "Label", "Network", "PodmanArgs", "Pull", "Secret",
          "SetWorkingDirectory", "Target", "TLSVerify", "Variant", "Volume",
        ],
        .quadletKeys57: ["BuildArg", "IgnoreFile"],
      ])
    + keys(
      .image,
      [
        .quadletKeys48: [
          "AllTags", "Arch", "AuthFile", "CertDir", "ContainersConfModule", "Creds", "DecryptionKey", "GlobalArgs",
          "Image", "ImageTag", "OS", "PodmanArgs", "TLSVerify", "Variant",
        ],
        .quadletKeys56: ["Policy"],
      ])
    + keys(
      .volume,
      [
        .quadlet: ["Copy", "Device", "Group", "Label", "Options", "Type", "User"],
        .quadletKeys46: ["PodmanArgs"],
        .quadletKeys47: ["VolumeName"],
      ])
    + keys(
      .network,
      [
        .quadlet: [
          "DisableDNS", "Driver", "Gateway", "IPAMDriver", "IPRange", "IPv6", "Internal", "Label", "Options", "Subnet",
        ],
        .quadletKeys46: ["PodmanArgs"],
        .quadletKeys47: ["DNS", "NetworkName"],
        .quadletKeys55: ["NetworkDeleteOnStop"],
        .quadletKeys56: ["InterfaceName"],
      ])
    + keys(.quadlet, [.quadletKeys53: ["DefaultDependencies"]])

  /// The entries of one section, by release as written (`KeyValuePairs`: a release given twice is not a trap).
  static func keys(_ section: Section, _ byRelease: KeyValuePairs<PodmanFeature, [String]>) -> [QuadletKey] {
    byRelease.flatMap { release, names in names.map { QuadletKey(section, $0, since: release) } }
  }
}

/// A container as `docker inspect` describes it: its configuration, host configuration and mounts.
public struct InspectedContainer: Sendable {
  public struct MountPoint: Sendable, Equatable {
    public var type: String
    /// The volume's name (type `volume`).
    public var name: String?
    public var source: String
    public var destination: String
    public var readWrite: Bool
    public var mode: String
  }

  /// A `--mount` as given (`HostConfig.Mounts`).
  public struct MountSpec: Sendable, Equatable {
    public var type: String
    public var source: String
    public var target: String
    public var readOnly: Bool
    public var options: [String]
  }

  public struct PortBinding: Sendable, Equatable {
    /// `80/tcp`
    public var containerPort: String
    public var hostIP: String
    public var hostPort: String
  }

  public struct Ulimit: Sendable, Equatable {
    public var name: String
    public var soft: Int64
    public var hard: Int64
  }

  public struct NetworkAttachment: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    public var ipv4Address: String?
  }

  public var id: String
  public var name: String
  public var created: String
  /// The image as the container was created with it (`Config.Image`): a name, or an ID.
  public var imageReference: String
  /// The image's ID (`Image`).
  public var imageID: String
  public var isRunning: Bool
  /// What the container runs with, in the shape of its image's configuration.
  public var config: ContainerConfig

  // The rest of Config
  public var hostname: String
  public var domainname: String
  public var tty: Bool
  public var openStdin: Bool
  public var stopTimeout: Int64?
  public var macAddress: String?

  // HostConfig
  public var binds: [String]
  public var mountSpecs: [MountSpec]
  public var tmpfs: [(String, String)]
  public var volumesFrom: [String]
  public var networkMode: String
  public var portBindings: [PortBinding]
  public var publishAll: Bool
  public var restartName: String
  public var restartRetries: Int64
  public var autoRemove: Bool
  public var capAdd: [String]
  public var capDrop: [String]
  public var privileged: Bool
  public var readOnly: Bool
  public var devices: [(host: String, container: String, permissions: String)]
  public var dns: [String]
  public var dnsOptions: [String]
  public var dnsSearch: [String]
  public var extraHosts: [String]
  public var groupAdd: [String]
  public var ipcMode: String
  public var pidMode: String
  public var utsMode: String
  public var usernsMode: String
  public var cgroupnsMode: String
  public var securityOpt: [String]
  public var shmSize: Int64
  public var memory: Int64
  public var memoryReservation: Int64
  public var memorySwap: Int64
  public var nanoCPUs: Int64
  public var cpuShares: Int64
  public var cpusetCPUs: String
  public var pidsLimit: Int64?
  public var ulimits: [Ulimit]
  public var sysctls: [(String, String)]
  public var logDriver: String
  public var logOptions: [(String, String)]
  public var initProcess: Bool
  public var oomKillDisable: Bool
  public var oomScoreAdj: Int64
  public var runtime: String
  public var cgroupParent: String
  public var links: [String]

  public var mounts: [MountPoint]
  public var networks: [NetworkAttachment]

  init(_ json: JSONObject) {
    id = json.string("Id") ?? ""
    let rawName = json.string("Name") ?? ""
    name = rawName.hasPrefix("/") ? String(rawName.dropFirst()) : rawName
    created = json.string("Created") ?? ""
    imageID = json.string("Image") ?? ""
    isRunning = json.object("State")?.bool("Running") ?? false
    let configJSON = json.object("Config") ?? JSONObject([:])
    config = ContainerConfig(configJSON)
    imageReference = configJSON.string("Image") ?? imageID
    hostname = configJSON.string("Hostname") ?? ""
    domainname = configJSON.string("Domainname") ?? ""
    tty = configJSON.bool("Tty")
    openStdin = configJSON.bool("OpenStdin")
    stopTimeout = configJSON.optionalInt("StopTimeout")
    macAddress = configJSON.nonEmpty("MacAddress")

    let host = json.object("HostConfig") ?? JSONObject([:])
    binds = host.strings("Binds") ?? []
    mountSpecs = host.objects("Mounts").map { mount in
      var options: [String] = []
      if let bind = mount.object("BindOptions"), let propagation = bind.nonEmpty("Propagation") {
        options.append("bind-propagation=\(propagation)")
      }
      if let volume = mount.object("VolumeOptions"), volume.bool("NoCopy") { options.append("volume-nocopy") }
      if let tmpfs = mount.object("TmpfsOptions") {
        if let size = tmpfs.optionalInt("SizeBytes"), size > 0 { options.append("tmpfs-size=\(size)") }
        if let mode = tmpfs.optionalInt("Mode"), mode > 0 { options.append("tmpfs-mode=\(String(mode, radix: 8))") }
      }
      return MountSpec(
        type: mount.string("Type") ?? "volume", source: mount.string("Source") ?? "",
        target: mount.string("Target") ?? "", readOnly: mount.bool("ReadOnly"), options: options)
    }
    tmpfs = host.stringMap("Tmpfs")
    volumesFrom = host.strings("VolumesFrom") ?? []
    networkMode = host.string("NetworkMode") ?? "default"
    var ports: [PortBinding] = []
    if let bindings = host.raw["PortBindings"] as? [String: Any] {
      for key in bindings.keys.sorted(by: Self.portOrder) {
        let list = ((bindings[key] as? [Any]) ?? []).compactMap { ($0 as? [String: Any]).map(JSONObject.init) }
        for binding in list {
          ports.append(
            PortBinding(
              containerPort: key, hostIP: binding.string("HostIp") ?? "", hostPort: binding.string("HostPort") ?? ""))
        }
      }
    }
    portBindings = ports
    publishAll = host.bool("PublishAllPorts")
    let restart = host.object("RestartPolicy")
    restartName = restart?.string("Name") ?? ""
    restartRetries = restart?.int("MaximumRetryCount") ?? 0
    autoRemove = host.bool("AutoRemove")
    capAdd = host.strings("CapAdd") ?? []
    capDrop = host.strings("CapDrop") ?? []
    privileged = host.bool("Privileged")
    readOnly = host.bool("ReadonlyRootfs")
    devices = host.objects("Devices").map {
      (
        $0.string("PathOnHost") ?? "", $0.string("PathInContainer") ?? "",
        $0.string("CgroupPermissions") ?? "rwm"
      )
    }
    dns = host.strings("Dns") ?? []
    dnsOptions = host.strings("DnsOptions") ?? []
    dnsSearch = host.strings("DnsSearch") ?? []
    extraHosts = host.strings("ExtraHosts") ?? []
    groupAdd = host.strings("GroupAdd") ?? []
    ipcMode = host.string("IpcMode") ?? ""
    pidMode = host.string("PidMode") ?? ""
    utsMode = host.string("UTSMode") ?? ""
    usernsMode = host.string("UsernsMode") ?? ""
    cgroupnsMode = host.string("CgroupnsMode") ?? ""
    securityOpt = host.strings("SecurityOpt") ?? []
    shmSize = host.int("ShmSize")
    memory = host.int("Memory")
    memoryReservation = host.int("MemoryReservation")
    memorySwap = host.int("MemorySwap")
    nanoCPUs = host.int("NanoCpus")
    cpuShares = host.int("CpuShares")
    cpusetCPUs = host.string("CpusetCpus") ?? ""
    pidsLimit = host.optionalInt("PidsLimit")
    ulimits = host.objects("Ulimits").map {
      Ulimit(name: $0.string("Name") ?? "", soft: $0.int("Soft"), hard: $0.int("Hard"))
    }
    sysctls = host.stringMap("Sysctls")
    logDriver = host.object("LogConfig")?.string("Type") ?? "json-file"
    logOptions = host.object("LogConfig")?.stringMap("Config") ?? []
    initProcess = host.optionalBool("Init") ?? false
    oomKillDisable = host.optionalBool("OomKillDisable") ?? false
    oomScoreAdj = host.int("OomScoreAdj")
    runtime = host.string("Runtime") ?? "runc"
    cgroupParent = host.string("CgroupParent") ?? ""
    links = host.strings("Links") ?? []

    mounts = json.objects("Mounts").map {
      MountPoint(
        type: $0.string("Type") ?? "", name: $0.nonEmpty("Name"), source: $0.string("Source") ?? "",
        destination: $0.string("Destination") ?? "", readWrite: $0.optionalBool("RW") ?? true,
        mode: $0.string("Mode") ?? "")
    }
    let attached = json.object("NetworkSettings")?.object("Networks")
    networks = (attached?.raw.keys.sorted() ?? []).compactMap { name in
      guard let network = attached?.object(name) else { return nil }
      return NetworkAttachment(
        name: name, aliases: network.strings("Aliases") ?? [],
        ipv4Address: network.object("IPAMConfig")?.nonEmpty("IPv4Address"))
    }
  }

  /// Ports in numeric order (`80/tcp` before `443/tcp` before `8080/tcp`).
  static func portOrder(_ a: String, _ b: String) -> Bool {
    let na = Int(a.prefix { $0.isNumber }) ?? 0
    let nb = Int(b.prefix { $0.isNumber }) ?? 0
    return na != nb ? na < nb : a < b
  }

  public func label(_ key: String) -> String? { config.labels[key] }

  /// The compose project and service that created the container (docker-compose's labels).
  public var composeProject: String? { label("com.docker.compose.project") }
  public var composeService: String? { label("com.docker.compose.service") }

  /// The named volumes the container mounts (anonymous ones included, by their generated names).
  public var volumeNames: [String] { mounts.compactMap { $0.type == "volume" ? $0.name : nil } }
}

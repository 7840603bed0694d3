/// A systemd unit that runs a podman container the way `podman generate systemd` writes one (`--new`:
/// `ExecStart=/usr/bin/podman run --cidfile=%t/%n.ctr-id … -d --replace`, `ExecStop=… stop --cidfile`,
/// `Type=notify`), read for the conversion to a Quadlet `.container`: which entries are the plumbing Quadlet
/// writes itself, which carry over, and which Quadlet cannot express.
public struct PodmanSystemdUnit: Sendable {
  /// An entry Quadlet cannot express, and why.
  public struct Refusal: Sendable {
    public var entry: SystemdUnitFile.Entry
    public var reason: String
  }

  public var file: SystemdUnitFile
  /// The `ExecStart=` entry.
  public var execStart: SystemdUnitFile.Entry
  /// The `podman run` line of `ExecStart=`; nil when it runs another podman command (`podman start NAME`).
  public var run: DockerCallSite?
  public var refusals: [Refusal]
  /// The entries the `.container` keeps, by section, as written (`Wants=network-online.target`).
  public var carried: [(section: String, key: String, value: String)]

  /// `podman run` flags that `podman generate systemd --new` adds and Quadlet adds by itself.
  public static let plumbingFlags: Set<String> = [
    "cidfile", "cgroups", "sdnotify", "detach", "replace", "rm", "conmon-pidfile",
  ]

  /// Entries written by `podman generate systemd` that the Quadlet generator writes itself.
  static func isPlumbing(_ entry: SystemdUnitFile.Entry) -> Bool {
    let value = entry.value
    switch (entry.section, entry.key) {
    case ("Unit", "Documentation"): return value.contains("podman-generate-systemd")
    case ("Unit", "RequiresMountsFor"): return value == "%t/containers" || value.hasPrefix("/run/containers")
    case ("Service", "Environment"): return value.hasPrefix("PODMAN_SYSTEMD_UNIT=")
    case ("Service", "ExecStartPre"), ("Service", "ExecStopPost"), ("Service", "ExecStop"):
      return value.contains("%t/%n.ctr-id") || value.contains("%t/%n-cid") || value.contains("%t/%n-pid")
        || value.contains("/%n.ctr-id") || value.contains("%t/%n.pid")
    case ("Service", "Type"): return value == "notify" || value == "forking"
    case ("Service", "NotifyAccess"), ("Service", "PIDFile"), ("Service", "KillMode"): return true
    default: return false
    }
  }

  /// The podman unit `script` is, or nil when it is not a systemd unit whose `ExecStart=` runs podman (or is
  /// a Quadlet file).
  public static func read(_ script: ScriptDocument) -> PodmanSystemdUnit? {
    guard script.kind == .systemd else { return nil }
    let file = SystemdUnitFile(script.source)
    guard !file.isQuadlet else { return nil }
    func commands(in entry: SystemdUnitFile.Entry) -> [DockerCallSite] {
      script.commands.filter {
        $0.invocation.tool == .podman && entry.valueRange.lower <= $0.invocation.range.lower
          && $0.invocation.range.upper <= entry.valueRange.upper
      }
    }
    let starts = file.entries("Service", "ExecStart")
    guard let execStart = starts.first(where: { !commands(in: $0).isEmpty }) else { return nil }
    let isRun: (DockerCallSite) -> Bool = { [["run"], ["container", "run"]].contains($0.invocation.subcommand) }
    let run = commands(in: execStart).first(where: isRun)
    var refusals: [Refusal] = []
    var carried: [(section: String, key: String, value: String)] = []
    if run == nil {
      let words = commands(in: execStart).first?.invocation.subcommand.joined(separator: " ") ?? ""
      refusals.append(
        Refusal(
          entry: execStart,
          reason:
            "`ExecStart=` runs `podman \(words)`, not `podman run`: Quadlet creates its container itself, so write the container's `podman run` line here (or regenerate the unit with `podman generate systemd --new`) and convert again"
        ))
    } else if let run, run.invocation.flags.contains(where: { $0.name == "pod" }) {
      refusals.append(
        Refusal(
          entry: execStart,
          reason:
            "the container joins a pod (`--pod`): a Quadlet `.container` joins only a Quadlet `.pod` (podman 5.0+)"))
    }
    for entry in file.entries where entry.key == "ExecStart" && entry.valueRange != execStart.valueRange {
      refusals.append(Refusal(entry: entry, reason: "a second `ExecStart=`: a `.container` runs one container"))
    }
    for entry in file.entries where entry.valueRange != execStart.valueRange && entry.key != "ExecStart" {
      if isPlumbing(entry) { continue }
      switch (entry.section, entry.key) {
      case ("Service", "ExecStop"), ("Service", "ExecStopPost"):
        refusals.append(
          Refusal(
            entry: entry, reason: "Quadlet writes `\(entry.key)=` itself (podman stop/rm); this command has no place"))
      case ("Service", "ExecReload"):
        refusals.append(
          Refusal(entry: entry, reason: "`ExecReload=` has no Quadlet form here (`ReloadCmd=` needs podman 5.5)"))
      case ("Service", "Type"):
        refusals.append(
          Refusal(entry: entry, reason: "Quadlet units are `Type=notify`; `Type=\(entry.value)` cannot be kept"))
      case ("Unit", _), ("Service", _), ("Install", _):
        carried.append((entry.section, entry.key, entry.value))
      default:
        refusals.append(Refusal(entry: entry, reason: "section `[\(entry.section)]` has no place in a `.container`"))
      }
    }
    return PodmanSystemdUnit(file: file, execStart: execStart, run: run, refusals: refusals, carried: carried)
  }
}

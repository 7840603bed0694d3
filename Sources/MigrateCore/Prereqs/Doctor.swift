import Foundation

/// Everything `migrate doctor` reads from the host, behind one protocol so tests can fake the host.
public protocol HostProbe: Sendable {
  /// The output of `podman --version`, or nil when podman is missing.
  func podmanVersion() -> String?
  /// A file's text, or nil when it cannot be read.
  func readFile(_ path: String) -> String?
  func fileExists(_ path: String) -> Bool
  /// `uname -r`.
  func kernelRelease() -> String?
  /// `podman info --format '{{.Store.GraphDriverName}}'` (as the user for rootless).
  func storageDriver(user: String?) -> String?
  /// `systemctl is-enabled` of a unit (`podman.socket`), or nil when systemd cannot be asked.
  func unitEnabled(_ unit: String, user: String?) -> Bool?
}

/// One line of the doctor's report.
public struct DoctorCheck: Sendable, Equatable {
  public enum Status: String, Sendable { case pass, warn, fail }
  public var name: String
  public var status: Status
  public var detail: String
  /// The command that fixes it, for warn and fail.
  public var fix: String?
}

/// Checks a host against a target and mode.
public enum Doctor {
  public static func checks(target: TargetProfile, mode: RunMode, user: String?, probe: any HostProbe) -> [DoctorCheck]
  {
    var checks: [DoctorCheck] = []
    // podman and its version.
    if let text = probe.podmanVersion() {
      let version = text.split(separator: " ").last.flatMap { PodmanVersion(parsing: String($0)) }
      if let version, version < target.podman {
        checks.append(
          DoctorCheck(
            name: "podman", status: .warn,
            detail:
              "podman \(version) is older than \(target.name.rawValue)'s \(target.podman): rewrites for \(target.name.rawValue) may use features it lacks",
            fix: "convert for the --target whose podman matches this host, or upgrade podman"))
      } else {
        checks.append(
          DoctorCheck(name: "podman", status: .pass, detail: text.trimmingCharacters(in: .whitespacesAndNewlines)))
      }
    } else {
      checks.append(
        DoctorCheck(
          name: "podman", status: .fail, detail: "podman is not installed",
          fix: "migrate prereqs --target \(target.name.rawValue) --mode \(mode.rawValue) | sudo bash"))
    }
    // Subordinate IDs.
    let owner = mode == .usernsAuto ? "containers" : (user ?? "")
    for file in ["/etc/subuid", "/etc/subgid"] {
      let lines = (probe.readFile(file) ?? "").split(separator: "\n")
      let entry = lines.first { $0.hasPrefix(owner + ":") }
      if owner.isEmpty {
        checks.append(
          DoctorCheck(
            name: file, status: .fail, detail: "no user given for rootless mode",
            fix: "migrate doctor --mode rootless --user NAME"))
      } else if let entry {
        let size = entry.split(separator: ":").last.flatMap { Int($0) } ?? 0
        let enough = size >= 65536
        checks.append(
          DoctorCheck(
            name: file, status: enough ? .pass : .warn,
            detail: enough ? "\(entry)" : "\(entry): fewer than 65536 IDs; few containers fit",
            fix: enough ? nil : "usermod --add-subuids 100000-165535 --add-subgids 100000-165535 \(owner)"))
      } else {
        let fix =
          mode == .usernsAuto
          ? "echo 'containers:2147483647:2147483648' | sudo tee -a \(file)"
          : "sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 \(owner)"
        checks.append(DoctorCheck(name: file, status: .fail, detail: "no `\(owner):` range", fix: fix))
      }
    }
    // Kernel and cgroups.
    if let release = probe.kernelRelease() {
      let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
      let major = parts.first ?? 0
      let minor = parts.count > 1 ? parts[1] : 0
      let old = (major, minor) < (5, 11)
      checks.append(
        DoctorCheck(
          name: "kernel", status: old && mode == .rootless ? .warn : .pass,
          detail: old && mode == .rootless
            ? "\(release): before 5.11 rootless storage needs fuse-overlayfs"
            : "\(release)",
          fix: old && mode == .rootless ? "migrate prereqs --target focal --mode rootless (storage.conf step)" : nil))
    }
    let v2 = probe.fileExists("/sys/fs/cgroup/cgroup.controllers")
    checks.append(
      DoctorCheck(
        name: "cgroups", status: v2 || mode == .usernsAuto ? .pass : .warn,
        detail: v2
          ? "cgroup v2" : mode == .usernsAuto ? "cgroup v1" : "cgroup v1: rootless containers get no resource limits",
        fix: v2 || mode == .usernsAuto ? nil : "boot with systemd.unified_cgroup_hierarchy=1"))
    // Storage.
    if let driver = probe.storageDriver(user: mode == .rootless ? user : nil) {
      let good = driver == "overlay" || driver == "btrfs" || driver == "zfs"
      checks.append(
        DoctorCheck(
          name: "storage", status: good ? .pass : .warn,
          detail: good ? "\(driver)" : "\(driver): slow and disk-hungry",
          fix: good ? nil : "install fuse-overlayfs, then `podman system reset` for that user"))
    }
    // Ports and lingering (rootless only).
    if mode == .rootless {
      let start =
        probe.readFile("/proc/sys/net/ipv4/ip_unprivileged_port_start")?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "1024"
      let low = (Int(start) ?? 1024) < 1024
      checks.append(
        DoctorCheck(
          name: "unprivileged ports", status: low ? .pass : .warn,
          detail:
            "net.ipv4.ip_unprivileged_port_start=\(start)\(low ? "" : ": host ports below 1024 cannot be published")",
          fix: low
            ? nil : "echo 'net.ipv4.ip_unprivileged_port_start=80' | sudo tee /etc/sysctl.d/90-migrate-ports.conf"))
      if let user {
        let lingers = probe.fileExists("/var/lib/systemd/linger/\(user)")
        checks.append(
          DoctorCheck(
            name: "linger", status: lingers ? .pass : .fail,
            detail: lingers ? "enabled for \(user)" : "not enabled for \(user): containers stop at logout",
            fix: lingers ? nil : "sudo loginctl enable-linger \(user)"))
      }
    }
    // Boot restarts: podman-restart.service, which jammy's and focal's packages may lack (docs/verified-facts.md).
    let unitFolder = mode == .rootless ? "user" : "system"
    let restartUnit = ["/usr/lib/systemd/\(unitFolder)", "/lib/systemd/\(unitFolder)", "/etc/systemd/\(unitFolder)"]
      .map { "\($0)/podman-restart.service" }.first(where: probe.fileExists)
    if restartUnit == nil {
      checks.append(
        DoctorCheck(
          name: "podman-restart", status: .warn,
          detail: "podman-restart.service is not installed: containers with a restart policy stay down after a reboot",
          fix: "migrate units --target \(target.name.rawValue) FILE (one systemd unit per container)"))
    } else if let enabled = probe.unitEnabled("podman-restart.service", user: mode == .rootless ? user : nil) {
      let command =
        mode == .rootless
        ? "systemctl --user enable podman-restart.service" : "sudo systemctl enable podman-restart.service"
      checks.append(
        DoctorCheck(
          name: "podman-restart", status: enabled ? .pass : .warn,
          detail: enabled ? "enabled" : "not enabled: `--restart=always` containers stay down after a reboot",
          fix: enabled ? nil : command))
    }
    // The API socket.
    if let enabled = probe.unitEnabled("podman.socket", user: mode == .rootless ? user : nil) {
      let command =
        mode == .rootless ? "systemctl --user enable --now podman.socket" : "sudo systemctl enable --now podman.socket"
      checks.append(
        DoctorCheck(
          name: "podman.socket", status: enabled ? .pass : .warn,
          detail: enabled ? "enabled" : "not enabled: containers that mounted the Docker socket need it",
          fix: enabled ? nil : command))
    }
    return checks
  }

  public static func render(_ checks: [DoctorCheck]) -> String {
    checks.map { check in
      let name = check.name.padding(toLength: max(check.name.count, 20), withPad: " ", startingAt: 0)
      var line = "\(check.status.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0))  \(name) \(check.detail)"
      if let fix = check.fix { line += "\n      fix: \(fix)" }
      return line
    }.joined(separator: "\n") + "\n"
  }
}

/// The real host, read with files and commands.
public struct SystemHostProbe: HostProbe {
  public init() {}

  public func podmanVersion() -> String? { run(["podman", "--version"]) }
  public func readFile(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
  public func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
  public func kernelRelease() -> String? { run(["uname", "-r"]) }

  public func storageDriver(user: String?) -> String? {
    let command = ["podman", "info", "--format", "{{.Store.GraphDriverName}}"]
    return run(user.map { ["runuser", "-u", $0, "--"] + command } ?? command)
  }

  public func unitEnabled(_ unit: String, user: String?) -> Bool? {
    guard fileExists("/run/systemd/system") else { return nil }
    let command =
      user == nil
      ? ["systemctl", "is-enabled", unit] : ["systemctl", "--user", "-M", "\(user ?? "")@", "is-enabled", unit]
    guard let output = run(command, acceptFailure: true) else { return nil }
    return output == "enabled" || output == "static"
  }

  /// Runs a command with a 10 s limit; its trimmed standard output, or nil when it fails.
  func run(_ arguments: [String], acceptFailure: Bool = false) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { process.terminate() }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 || acceptFailure else { return nil }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
  }
}

import Testing

@testable import MigrateCore

/// A host made of answers, for the doctor's tests.
struct FakeHost: HostProbe {
  var podman: String? = "podman version 3.4.4"
  var files: [String: String] = [:]
  var kernel: String? = "5.15.0-91-generic"
  var driver: String? = "overlay"
  var socket: Bool? = true

  func podmanVersion() -> String? { podman }
  func readFile(_ path: String) -> String? { files[path] }
  func fileExists(_ path: String) -> Bool { files[path] != nil }
  func kernelRelease() -> String? { kernel }
  func storageDriver(user: String?) -> String? { driver }
  func unitEnabled(_ unit: String, user: String?) -> Bool? { socket }
}

@Suite("Doctor")
struct DoctorTests {
  func status(_ checks: [DoctorCheck], _ name: String) -> DoctorCheck.Status? {
    checks.first { $0.name == name }?.status
  }

  @Test("a prepared jammy host passes every check")
  func healthy() {
    let host = FakeHost(files: [
      "/etc/subuid": "alice:100000:65536\ncontainers:2147483647:2147483648\n",
      "/etc/subgid": "containers:2147483647:2147483648\n", "/sys/fs/cgroup/cgroup.controllers": "cpu io memory",
      "/usr/lib/systemd/system/podman-restart.service": "[Unit]\n",
    ])
    let checks = Doctor.checks(target: .named(.jammy), mode: .usernsAuto, user: nil, probe: host)
    #expect(checks.allSatisfy { $0.status == .pass }, "\(checks)")
    #expect(Doctor.render(checks).hasPrefix("pass  podman"))
  }

  @Test("podman-restart.service: missing (jammy's package may lack it), disabled, or the user unit for rootless")
  func restartService() throws {
    var host = FakeHost(files: ["/etc/subuid": "containers:1:65536\n", "/etc/subgid": "containers:1:65536\n"])
    var checks = Doctor.checks(target: .named(.jammy), mode: .usernsAuto, user: nil, probe: host)
    let missing = try #require(checks.first { $0.name == "podman-restart" })
    #expect(missing.status == .warn && missing.fix?.hasPrefix("migrate units") == true)
    host.files["/lib/systemd/system/podman-restart.service"] = "[Unit]\n"
    host.socket = false
    checks = Doctor.checks(target: .named(.jammy), mode: .usernsAuto, user: nil, probe: host)
    #expect(checks.first { $0.name == "podman-restart" }?.fix == "sudo systemctl enable podman-restart.service")
    host.files["/usr/lib/systemd/user/podman-restart.service"] = "[Unit]\n"
    checks = Doctor.checks(target: .named(.jammy), mode: .rootless, user: "deploy", probe: host)
    #expect(checks.first { $0.name == "podman-restart" }?.fix == "systemctl --user enable podman-restart.service")
  }

  @Test("missing podman and ranges fail, with the command that fixes them")
  func broken() throws {
    let host = FakeHost(podman: nil, files: ["/etc/subuid": "alice:100000:65536\n"], socket: false)
    let checks = Doctor.checks(target: .named(.jammy), mode: .usernsAuto, user: nil, probe: host)
    #expect(status(checks, "podman") == .fail)
    #expect(status(checks, "/etc/subuid") == .fail)
    #expect(status(checks, "/etc/subgid") == .fail)
    #expect(status(checks, "podman.socket") == .warn)
    let subuid = try #require(checks.first { $0.name == "/etc/subuid" })
    #expect(subuid.fix?.contains("containers:2147483647:2147483648") == true)
  }

  @Test("rootless on focal: old kernel, cgroup v1, vfs storage, no linger, port start 1024")
  func rootlessFocal() {
    let host = FakeHost(
      podman: "podman version 3.4.2",
      files: [
        "/etc/subuid": "deploy:100000:65536\n", "/etc/subgid": "deploy:100000:65536\n",
        "/proc/sys/net/ipv4/ip_unprivileged_port_start": "1024\n",
      ], kernel: "5.4.0-150-generic", driver: "vfs")
    let checks = Doctor.checks(target: .named(.focal), mode: .rootless, user: "deploy", probe: host)
    #expect(status(checks, "podman") == .pass)
    #expect(status(checks, "/etc/subuid") == .pass)
    #expect(status(checks, "kernel") == .warn)
    #expect(status(checks, "cgroups") == .warn)
    #expect(status(checks, "storage") == .warn)
    #expect(status(checks, "unprivileged ports") == .warn)
    #expect(status(checks, "linger") == .fail)
  }

  @Test("an older podman than the target's is a warning")
  func olderPodman() {
    let host = FakeHost(
      podman: "podman version 3.4.4",
      files: ["/etc/subuid": "containers:1:70000\n", "/etc/subgid": "containers:1:70000\n"])
    let checks = Doctor.checks(target: .named(.noble), mode: .usernsAuto, user: nil, probe: host)
    #expect(status(checks, "podman") == .warn)
  }
}

import Foundation
import Testing

extension CLITests {
  @Test(
    "MG143: a backup helper reading another container's volume stays remaining, fails --fail-on error, gets no --userns"
  )
  func foreignVolumeHelper() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-mg143-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let line =
      "docker run --name mailcow-backup --rm -v ${BACKUP_LOCATION}:/backup:z -v $(docker volume ls -qf name=^${CMPS_PRJ}_vmail-vol-1$):/vmail:ro,z ghcr.io/mailcow/backup:latest /bin/tar -Pcvpf /backup/backup_vmail.tar.gz /vmail"
    let file = directory.appendingPathComponent("backup.sh")
    try Data("#!/usr/bin/env bash\n\(line)\n".utf8).write(to: file)

    let run = try migrate(["convert", "--fail-on", "error", "backup.sh"], in: directory)
    #expect(run.status == 1)
    #expect(run.stderr.contains("error: [MG143]"))
    #expect(!run.stderr.split(separator: "\n").contains { $0.contains("[MG143]") && $0.contains("(fixed)") })
    #expect(run.stdout.contains("podman run --name mailcow-backup --rm"))
    #expect(!run.stdout.contains("--userns"))

    let write = try migrate(["convert", "--write", "--unsafe-fixes", "backup.sh"], in: directory)
    #expect(write.status != 2)
    let written = String(decoding: try Data(contentsOf: file), as: UTF8.self)
    #expect(written.contains("$(podman volume ls -qf name=^${CMPS_PRJ}_vmail-vol-1$):/vmail:ro,z "))
    #expect(!written.contains("--userns") && !written.contains(":ro,z,U"))

    let command = try migrate(["convert", "--fail-on", "error", "--command", line])
    #expect(command.status == 1 && command.stderr.contains("[MG143]"))
    let units = try migrate(["units", "--target", "jammy", "--command", line])
    #expect(units.status != 2 && !units.stdout.contains("--userns"))
  }
}

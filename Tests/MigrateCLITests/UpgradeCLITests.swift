import Foundation
import Testing

/// `--from-target` on `convert`, `units` and `batch`: downgrades are usage errors, units become Quadlet.
@Suite("CLI: upgrades between podman hosts")
struct UpgradeCLITests {
  let cli = CLITests()

  @Test("a downgrade or an upgrade to the same podman exits 2 with a usage message")
  func downgrade() throws {
    let file = CLITests.fixtures.appendingPathComponent("upgrade/deploy.sh").path
    for arguments in [
      ["convert", "--from-target", "resolute", "--target", "jammy", file],
      ["convert", "--from-target", "noble", "--target", "noble", file],
      ["convert", "--from-podman-version", "6.0", "--target", "resolute", file],
      [
        "batch", "--from-target", "trixie", "--target", "bookworm",
        CLITests.fixtures.appendingPathComponent("upgrade").path,
      ],
    ] {
      let run = try cli.migrate(arguments)
      #expect(run.status == 2, "\(arguments)")
      #expect(run.stderr.contains("must be older than the target"), "\(run.stderr)")
    }
    let bad = try cli.migrate(["convert", "--from-podman-version", "new", file])
    #expect(bad.status == 2)
  }

  @Test("units --from-target writes the .container and the steps that replace the old unit")
  func units() throws {
    let (directory, file) = try cli.temporaryCopy("upgrade/container-web.service", name: "container-web.service")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try cli.migrate(
      ["units", "--from-target", "jammy", "--target", "resolute", "--install", "container-web.service"], in: directory)
    #expect(run.status == 0)
    #expect(run.stderr.contains("container-web.service:19:11: warning: [MG606]"))
    cli.golden(run.stdout, "upgrade-units.txt")
    _ = file
  }

  @Test("units refuses a unit without a Quadlet form, naming file:line:col")
  func refusal() throws {
    let (directory, _) = try cli.temporaryCopy("upgrade/container-db.service", name: "container-db.service")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try cli.migrate(
      ["units", "--from-target", "jammy", "--target", "noble", "container-db.service"], in: directory)
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("container-db.service:9:1: `ExecStart=` runs `podman start`"))
    #expect(run.stderr.contains("container-db.service:10:1: Quadlet writes `ExecStop=`"))
  }

  @Test("convert --from-target on a Quadlet 4.4 file rewrites RemapUsers=")
  func quadlet() throws {
    let (directory, _) = try cli.temporaryCopy("upgrade/web.container", name: "web.container")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try cli.migrate(
      ["convert", "--from-podman-version", "4.4", "--target", "resolute", "web.container"], in: directory)
    #expect(run.status == 0)
    #expect(run.stdout.contains("UserNS=auto:size=65536\n"))
    #expect(!run.stdout.contains("RemapUsers"))
    #expect(run.stderr.contains("web.container:8:1: warning: [MG609]"))
  }
}

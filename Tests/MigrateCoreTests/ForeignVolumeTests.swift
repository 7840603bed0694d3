import Testing

@testable import MigrateCore

/// MG143 (foreign-volume-userns): helpers that mount a volume another container filled keep out of
/// `--userns=auto`, are reported, and never get `U`; the parser queries it reads.
@Suite("foreign-volume-userns")
struct ForeignVolumeTests {
  func script(
    _ text: String, mode: RunMode = .usernsAuto, unsafe: Bool = false, path: String = "backup_and_restore.sh"
  ) -> ConversionResult {
    let options = ConversionOptions(target: .named(.jammy), mode: mode, applyAtLeast: unsafe ? .unsafe : .safe)
    return Converter.convert(SourceFile(text, path: path), kind: .shell, options: options)
  }

  func texts(_ result: ConversionResult, _ id: String, in text: String) -> [String] {
    let bytes = Array(text.utf8)
    return result.findings.filter { $0.ruleID == id }.map {
      String(decoding: bytes[$0.range.lower..<$0.range.upper], as: UTF8.self)
    }
  }

  /// The output line that holds `needle`.
  func line(_ result: ConversionResult, containing needle: String) -> String {
    result.outputText.split(separator: "\n").first { $0.contains(needle) }.map(String.init) ?? ""
  }

  /// mailcow's helper-scripts/backup_and_restore.sh, backup and restore of the vmail volume, as written there.
  static let mailcow = """
    #!/usr/bin/env bash
    DEBIAN_DOCKER_IMAGE="ghcr.io/mailcow/backup:latest"
    function backup() {
      docker run --name mailcow-backup --rm \\
        -v ${BACKUP_LOCATION}/mailcow-${DATE}:/backup:z \\
        -v $(docker volume ls -qf name=^${CMPS_PRJ}_vmail-vol-1$):/vmail:ro,z \\
        ${DEBIAN_DOCKER_IMAGE} /bin/tar --warning='no-file-ignored' --use-compress-program="pigz --rsyncable -p ${THREADS}" -Pcvpf /backup/backup_vmail.tar.gz /vmail
    }
    function restore() {
      docker stop $(docker ps -qf name=dovecot-mailcow)
      docker run -i --name mailcow-backup --rm \\
        -v ${RESTORE_LOCATION}:/backup:z \\
        -v $(docker volume ls -qf name=^${CMPS_PRJ}_vmail-vol-1$):/vmail:z \\
        ${DEBIAN_DOCKER_IMAGE} /bin/tar --use-compress-program="pigz -d -p ${THREADS}" -Pxvf /backup/backup_vmail.tar.gz
      docker start $(docker ps -aqf name=dovecot-mailcow)
    }

    """

  @Test("mailcow backup: the read-only reader of dovecot's volume is an error, keeps host IDs and gets no U")
  func mailcowBackup() throws {
    for unsafe in [false, true] {
      let result = script(Self.mailcow, unsafe: unsafe)
      #expect(result.parseError == nil)
      let findings = result.findings.filter { $0.ruleID == "MG143" }
      #expect(findings.count == 2)
      let backup = try #require(findings.first)
      #expect(backup.severity == .error)
      #expect(backup.fix == nil && !backup.fixed)
      #expect(backup.message.contains("backup silently incomplete"))
      #expect(backup.message.contains("`--userns=container:NAME`"))
      #expect(
        texts(result, "MG143", in: Self.mailcow).first
          == "$(docker volume ls -qf name=^${CMPS_PRJ}_vmail-vol-1$):/vmail:ro,z")
      // The helper is converted to podman but gets no user namespace of its own and no chown.
      let run = line(result, containing: "podman run --name mailcow-backup")
      #expect(!run.contains("--userns"))
      let mount = line(result, containing: "/vmail:ro")
      #expect(mount.contains("$(podman volume ls -qf name=^${CMPS_PRJ}_vmail-vol-1$):/vmail:ro,z"))
      #expect(!mount.contains("U"))
      // The looked-up volume is not taken for a host path: MG102 offers no `U` on it.
      #expect(!texts(result, "MG102", in: Self.mailcow).contains { $0.contains("docker volume ls") })
      #expect(!result.findings.contains { $0.ruleID == "MG101" })
    }
  }

  @Test("mailcow restore: the writer of dovecot's volume is reported as a warning and keeps host IDs")
  func mailcowRestore() throws {
    let result = script(Self.mailcow, unsafe: true)
    let restore = try #require(result.findings.filter { $0.ruleID == "MG143" }.last)
    #expect(restore.severity == .warning && restore.fix == nil)
    #expect(restore.message.contains("could not read or replace their files"))
    #expect(!line(result, containing: "podman run -i --name mailcow-backup").contains("--userns"))
    #expect(line(result, containing: "/vmail:z").hasSuffix("/vmail:z \\"))
    #expect(line(result, containing: "podman stop $(podman ps -qf name=dovecot-mailcow)").hasPrefix("  podman stop"))
  }

  @Test("a script that creates and fills the volume with the same container reads it back without a finding")
  func ownVolume() {
    let text = """
      docker volume create cache
      docker run --rm -v cache:/cache docker.io/library/debian sh -c 'date > /cache/stamp'
      docker run --rm -v cache:/cache:ro docker.io/library/debian cat /cache/stamp

      """
    let result = script(text)
    #expect(!result.findings.contains { $0.ruleID == "MG143" })
    #expect(
      result.outputText.split(separator: "\n").allSatisfy {
        $0.contains("podman run --userns=auto") || $0.contains("volume create")
      })
    // Without `volume create`, the first writer still fills it for the reader with the same image.
    let filled = String(text.split(separator: "\n", maxSplits: 1)[1])
    #expect(!script(filled).findings.contains { $0.ruleID == "MG143" })
  }

  @Test("a reader of a volume another image filled earlier in the script, or nobody filled, is reported")
  func otherWriter() throws {
    let text = """
      docker run -d --name db -v pgdata:/var/lib/postgresql/data docker.io/library/postgres
      docker run --rm -v pgdata:/data:ro -v /srv/backup:/backup docker.io/library/debian tar cf /backup/pg.tar /data

      """
    let result = script(text)
    let finding = try #require(result.findings.first { $0.ruleID == "MG143" })
    #expect(finding.message.contains("which the container of `docker.io/library/postgres` fills"))
    #expect(finding.severity == .error)
    #expect(texts(result, "MG143", in: text) == ["pgdata:/data:ro"])
    #expect(line(result, containing: "postgres").contains("--userns=auto"))
    #expect(!line(result, containing: "debian").contains("--userns"))
    let alone = script("docker run --rm -v pgdata:/data:ro docker.io/library/debian tar cf - /data\n")
    #expect(alone.findings.first { $0.ruleID == "MG143" }?.message.contains("no earlier command") == true)
  }

  @Test("--volumes-from and --mount type=volume lookups are foreign; an explicit --userns=auto is kept and is an error")
  func volumesFromAndMount() throws {
    let text = """
      docker run --rm --userns=auto --volumes-from dbstore:ro -v /srv/b:/backup docker.io/library/ubuntu tar cf /backup/b.tar /dbdata
      docker run --rm --mount type=volume,src=$(podman volume ls -q --filter name=vmail),dst=/vmail,readonly docker.io/library/debian ls /vmail

      """
    let result = script(text)
    let findings = result.findings.filter { $0.ruleID == "MG143" }
    #expect(findings.count == 2)
    #expect(findings.allSatisfy { $0.severity == .error })
    #expect(texts(result, "MG143", in: text).first == "dbstore:ro")
    #expect(findings.first?.message.contains("with `--userns=auto` it would read") == true)
    #expect(findings.last?.message.contains("looked up by `podman volume ls`") == true)
    #expect(line(result, containing: "ubuntu").hasPrefix("podman run --rm --userns=auto --volumes-from dbstore:ro"))
    #expect(!line(result, containing: "debian").contains("--userns"))
  }

  @Test("the owner's user namespace, host IDs and rootless mode are not reported")
  func notReported() {
    let lines = [
      "docker run --rm --userns=container:dovecot -v $(docker volume ls -qf name=^mail_vmail$):/vmail:ro docker.io/library/debian tar cf - /vmail\n",
      "docker run --rm --userns=host -v $(docker volume ls -qf name=^mail_vmail$):/vmail:ro docker.io/library/debian tar cf - /vmail\n",
    ]
    for text in lines {
      let result = script(text)
      #expect(!result.findings.contains { $0.ruleID == "MG143" }, "\(text)")
    }
    let rootless = script(Self.mailcow, mode: .rootless)
    #expect(!rootless.findings.contains { $0.ruleID == "MG143" })
  }

  @Test("compose: an external volume under the service's own IDs is a warning, not doubled with MG140")
  func composeExternal() {
    let single = """
      services:
        web:
          image: docker.io/library/nginx
          volumes:
            - certs:/etc/nginx/certs:ro
      volumes:
        certs:
          external: true

      """
    let one = convert(single).findings.filter { $0.ruleID == "MG143" }
    #expect(one.count == 1 && one.first?.severity == .warning)
    #expect(convert(single, mode: .rootless).findings.filter { $0.ruleID == "MG143" }.isEmpty)
    #expect(
      convert(single.replacingAll("external: true", with: "driver: local")).findings.filter { $0.ruleID == "MG143" }
        .isEmpty)
    let shared = """
      services:
        a:
          image: example.com/a
          volumes: [data:/d]
        b:
          image: example.com/b
          volumes: [data:/d]
      volumes:
        data:
          external: true

      """
    let result = convert(shared)
    // One MG140 for the volume, naming both writers.
    #expect(result.findings.filter { $0.ruleID == "MG140" }.count == 1)
    #expect(result.findings.filter { $0.ruleID == "MG143" }.isEmpty)
  }

  @Test("parser: command-substitution sources name volumes; `$(pwd)` stays a host path; colons inside stay")
  func parserQueries() {
    func mount(_ spec: String) -> Mount {
      Mount.parseShort(SourceValue(text: spec, range: ByteRange(0, spec.utf8.count), valueRange: nil, context: .opaque))
        .resolvingSourceLookup()
    }
    let lookup = mount("$(docker volume ls -qf name=a:b):/v:ro")
    #expect(lookup.kind == .volume && lookup.sourceLookup == "docker volume ls")
    #expect(lookup.source?.text == "$(docker volume ls -qf name=a:b)" && lookup.target?.text == "/v")
    #expect(lookup.readOnly)
    let backticks = mount("`podman volume inspect -f '{{.Name}}' x`:/v")
    #expect(backticks.sourceLookup == "podman volume inspect" && backticks.kind == .volume)
    let inspect = mount(
      "$(docker inspect --format '{{ range .Mounts }}{{ .Name }}{{ end }}' $(docker-compose ps -q dovecot)):/vmail")
    #expect(inspect.sourceLookup == "docker inspect")
    let pwd = mount("$(pwd):/backup")
    #expect(pwd.kind == .bind && pwd.sourceLookup == nil)
    let two = mount("$(docker volume ls -q)x$(pwd):/v")
    #expect(two.sourceLookup == nil)
  }

  @Test("a variable the script sets to a volume lookup, and docker named through a variable, are lookups too")
  func variablesAndAliases() {
    let text = """
      DOCKER=docker
      backup() {
        local vol="$($DOCKER volume ls -qf name=^app_db$)"
        $DOCKER run --rm -v "$vol":/db:ro docker.io/library/debian tar cf - /db
      }
      VOL2=$(docker volume ls -q | grep app_cache)
      docker run --rm -v ${VOL2}:/cache docker.io/library/debian ls /cache
      docker run --rm -v ${OTHER}:/data docker.io/library/debian ls /data

      """
    let result = script(text)
    #expect(texts(result, "MG143", in: text) == ["\"$vol\":/db:ro", "${VOL2}:/cache"])
    #expect(result.findings.filter { $0.ruleID == "MG143" }.map(\.severity) == [.error, .warning])
    #expect(!line(result, containing: "/db:ro").contains("--userns"))
    #expect(!line(result, containing: "VOL2}:/cache").contains("--userns"))
    // A variable the script does not set to a lookup stays a host path (MG102's).
    #expect(line(result, containing: "OTHER").hasPrefix("podman run --userns=auto"))
  }

  @Test("a reviewed `# migrate: ignore=MG143` silences the finding, is not unused, and still adds no --userns")
  func reviewedIgnore() {
    let text = """
      # migrate: ignore=MG143 -- reviewed: the backup runs with host IDs to read dovecot's files
      docker run --rm -v $(docker volume ls -qf name=^mail_vmail$):/vmail:ro docker.io/library/debian tar cf - /vmail

      """
    let result = script(text)
    #expect(!result.findings.contains { $0.ruleID == "MG143" || $0.ruleID == "MG002" })
    #expect(line(result, containing: "tar cf").hasPrefix("podman run --rm -v $(podman volume ls"))
  }
}

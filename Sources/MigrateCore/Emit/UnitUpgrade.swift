/// A plain podman unit (`podman generate systemd --new` style) turned into a Quadlet `.container`: the
/// container is emitted by `UnitEmitter` from the converted `podman run` line without the plumbing flags
/// Quadlet adds itself, then the unit's own `[Unit]`, `[Service]` and `[Install]` entries replace the
/// emitter's defaults (`Restart=`, `TimeoutStartSec=`, `WantedBy=`), so the new unit starts and stops as
/// the old one did.
public enum UnitUpgrade {
  /// Removes the `podman run` flags Quadlet writes itself (`--cidfile`, `--cgroups=no-conmon`,
  /// `--sdnotify=conmon`, `-d`, `--replace`, `--rm`) from the plan's containers.
  public static func dropPlumbing(_ plan: inout ProjectPlan) {
    for index in plan.containers.indices {
      plan.containers[index].options.removeAll { PodmanSystemdUnit.plumbingFlags.contains($0.flag) }
      plan.containers[index].settings.removeAll { PodmanSystemdUnit.plumbingFlags.contains($0.option) }
    }
  }

  /// `file` (a `.container` the emitter wrote) with `unit`'s entries: its `Description=` and dependencies in
  /// `[Unit]`, its `[Service]` entries over the emitter's (`Restart=`, `TimeoutStartSec=`, …), and its
  /// `[Install]` section when it has one.
  public static func merge(_ file: EmittedFile, with unit: PodmanSystemdUnit) -> EmittedFile {
    guard file.name.hasSuffix(".container") else { return file }
    var sections: [(name: String?, lines: [String])] = [(nil, [])]
    for line in file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if line.hasPrefix("[") && line.hasSuffix("]") {
        sections.append((String(line.dropFirst().dropLast()), []))
      } else {
        sections[sections.count - 1].lines.append(line)
      }
    }
    func carried(_ section: String) -> [(key: String, value: String)] {
      unit.carried.filter { $0.section == section }.map { ($0.key, $0.value) }
    }
    for index in sections.indices {
      guard let name = sections[index].name else { continue }
      let own = carried(name)
      guard !own.isEmpty else { continue }
      let keys = Set(own.map(\.key))
      var body = sections[index].lines
      let trailing = body.reversed().prefix { $0.isEmpty }.count
      body.removeLast(trailing)
      // The unit's own value of a key replaces the emitter's default; `[Install]` is the unit's entirely.
      body.removeAll { line in
        guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { return false }
        let key = String(line[..<equals])
        return name == "Install" || keys.contains(key) || (key == "StartLimitBurst" && keys.contains("Restart"))
      }
      body += own.map { "\($0.key)=\($0.value)" }
      sections[index].lines = body + Array(repeating: "", count: trailing)
    }
    let text = sections.map { section in
      (section.name.map { ["[\($0)]"] } ?? []) + section.lines
    }.flatMap { $0 }.joined(separator: "\n")
    return EmittedFile(name: file.name, text: text, secretKeys: file.secretKeys)
  }

  /// What to do with the files: where they go, the reload, and disabling the old unit.
  public static func instructions(unitPath: String, files: [EmittedFile], options: ConversionOptions) -> String {
    let rootless = options.mode == .rootless
    let directory = rootless ? "~/.config/containers/systemd/" : "/etc/containers/systemd/"
    let systemctl = rootless ? "systemctl --user" : "systemctl"
    let old = unitPath.split(separator: "/").last.map(String.init) ?? unitPath
    let services = files.filter { $0.name.hasSuffix(".container") }.map {
      String($0.name.dropLast(".container".count)) + ".service"
    }
    return """
      # Replace the unit \(old) with Quadlet:
      #   \(systemctl) disable --now \(ShellQuote.quote(old))
      #   mkdir -p \(directory)
      #   install -m 0644 \(files.map { ShellQuote.quote($0.name) }.joined(separator: " ")) \(directory)
      #   \(systemctl) daemon-reload
      #   \(systemctl) start \(services.map(ShellQuote.quote).joined(separator: " "))
      # Then remove the old unit file (\(old)) and run `\(systemctl) daemon-reload` again.

      """
  }
}

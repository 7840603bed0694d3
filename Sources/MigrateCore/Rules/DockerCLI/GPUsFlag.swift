/// MG123: reports `--gpus`, a no-op in podman before 5.0 and limited to `all` from 5.0.
struct GPUsFlag: Rule {
  static let meta = RuleMeta(
    id: "MG123", name: "gpus-flag", severity: .error, fixAvailability: .sometimes,
    summary: "`--gpus` that podman does not read as docker does",
    why: """
      Podman before 5.0 accepts `--gpus` on `run` as a hidden no-op and rejects it on `create` (4.3.1: \
      "unknown flag"): the \
      container silently gets no GPU. NVIDIA GPUs are passed as CDI devices, `--device nvidia.com/gpu=all` \
      (or `=INDEX`), after `nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml` on the host. From 5.0 \
      podman implements `--gpus` on `run` and `create` by adding the GPUs as CDI devices (podman-run(1): \
      "GPU devices to add to the container ('all' to pass all GPUs)", NVIDIA only), so `--gpus all` stays \
      as written once the CDI specification exists; docker's counts (`--gpus 2`) and `device=`/\
      `capabilities=` lists are not documented there and are still written as explicit CDI devices.
      """,
    fixSafety: """
      Safe: the devices are the ones `--gpus` named (`all`, a count N as indexes 0…N-1, `device=` ids); \
      `migrate prereqs` installs nvidia-container-toolkit and generates the CDI specification they need. \
      `capabilities=` and `driver=` have no CDI equivalent (CDI passes the whole device) and are dropped.
      """,
    references: [
      "research G1, section 1", "podman-run(1) --gpus (options/gpus.md)", "containers/podman PR #21180 (podman 5.0)",
      "containers/podman PR #28008",
    ],
    examples: [
      .triggers(
        .command, "docker run 1️⃣--gpus all docker.io/library/alpine\n",
        fixed: "docker run --device nvidia.com/gpu=all docker.io/library/alpine\n"),
      .triggers(
        .command, "docker run 1️⃣--gpus 2 docker.io/library/alpine\n",
        fixed: "docker run --device nvidia.com/gpu=0 --device nvidia.com/gpu=1 docker.io/library/alpine\n"),
      .triggers(
        .command, "docker run 1️⃣--gpus '\"device=0,2\",capabilities=compute' docker.io/library/alpine\n",
        fixed: "docker run --device nvidia.com/gpu=0 --device nvidia.com/gpu=2 docker.io/library/alpine\n"),
      .triggers(.command, "docker run 1️⃣--gpus driver=amd,count=1 docker.io/library/alpine\n"),
      .triggers(
        .command, "docker run 1️⃣--gpus 2 docker.io/library/alpine\n",
        fixed: "docker run --device nvidia.com/gpu=0 --device nvidia.com/gpu=1 docker.io/library/alpine\n",
        target: .resolute),
      .passes(.command, "docker run --device nvidia.com/gpu=all docker.io/library/alpine\n"),
      .passes(.command, "docker create --gpus all docker.io/library/alpine\n", target: .trixie),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    // Only `run` and `create` lines describe a container.
    guard let container = command.container else { return }
    let implemented = context.options.target.supports(.gpus)
    for setting in container.locatedSettings(.gpus) {
      // Podman 5 turns `--gpus all` into the CDI device `nvidia.com/gpu=all` itself.
      if implemented, setting.value?.trimmingCharacters(in: .whitespaces) == "all" { continue }
      let devices = Self.devices(setting.value ?? "")
      let title = "Pass the GPUs as CDI devices"
      let fix = devices.flatMap { list in
        container.optionSite?.replace(
          setting, by: list.map { (.device, "nvidia.com/gpu=\($0)") }, in: context.source
        ).map { Fix.safe(title, $0) }
      }
      let problem =
        implemented
        ? "podman \(context.options.target.podman) documents only `--gpus all`, not docker's counts and `device=` lists"
        : "`--gpus` does nothing in podman \(context.options.target.podman)"
      context.report(
        Self.meta,
        "\(problem); GPUs are passed as CDI devices (`--device nvidia.com/gpu=…`), which need the CDI specification `migrate prereqs` generates (nvidia-ctk cdi generate)"
          + (devices != nil && (setting.value ?? "").contains("capabilities=")
            ? "; `capabilities=` is left out: a CDI device gives the container the whole GPU" : ""),
        at: setting.nameRange, fix: fix)
    }
  }

  /// The CDI device names `--gpus VALUE` asks for: `all`; a count N as the indexes 0…N-1; the ids of
  /// `device=…` (quoted as docker's CSV allows: `'"device=0,1",capabilities=compute'`). Nil when the value is
  /// not static or not one of these.
  static func devices(_ value: String) -> [String]? {
    if value.contains("$") { return nil }
    var rest = value.trimmingCharacters(in: .whitespaces)
    if rest == "all" { return ["all"] }
    if let count = Int(rest) { return count > 0 && count <= 64 ? (0..<count).map(String.init) : nil }
    // docker reads the value as CSV: a field in double quotes may hold commas.
    var fields: [String] = []
    while !rest.isEmpty {
      if rest.hasPrefix("\"") {
        let body = rest.dropFirst()
        guard let close = body.firstIndex(of: "\"") else { return nil }
        fields.append(String(body[..<close]))
        rest = String(body[body.index(after: close)...])
        if rest.hasPrefix(",") { rest.removeFirst() }
      } else {
        let field = rest.prefix { $0 != "," }
        fields.append(String(field))
        rest = String(rest.dropFirst(field.count))
        if rest.hasPrefix(",") { rest.removeFirst() }
      }
    }
    var devices: [String] = []
    for field in fields {
      if field.hasPrefix("device=") {
        devices += field.dropFirst("device=".count).split(separator: ",").map(String.init)
      } else if field.hasPrefix("count=") {
        let count = String(field.dropFirst("count=".count))
        guard let list = Self.devices(count == "all" ? "all" : count) else { return nil }
        devices += list
      } else if !devices.isEmpty, !field.contains("="), field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
        devices.append(field)  // `device=0,1` unquoted: docker's CSV splits the list; the ids still mean devices
      } else if field.hasPrefix("driver="), field != "driver=nvidia" {
        return nil  // CDI names here are NVIDIA's (`nvidia.com/gpu`); another vendor's GPU is not one of them
      } else if !(field.hasPrefix("capabilities=") || field.hasPrefix("driver=") || field.hasPrefix("options=")) {
        return nil
      }
    }
    return devices.isEmpty ? nil : devices
  }
}

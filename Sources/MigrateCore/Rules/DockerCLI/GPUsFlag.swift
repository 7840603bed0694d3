/// MG123: reports `--gpus`, a no-op in podman before 5.0.
struct GPUsFlag: Rule {
  static let meta = RuleMeta(
    id: "MG123", name: "gpus-flag", severity: .error, fixAvailability: .sometimes,
    summary: "`--gpus` does nothing in podman before 5.0",
    why: """
      Podman before 5.0 accepts `--gpus` on `run` as a hidden no-op and rejects it on `create` (4.3.1: \
      "unknown flag"): the \
      container silently gets no GPU. NVIDIA GPUs are passed as CDI devices, `--device nvidia.com/gpu=all` \
      (or `=INDEX`), after `nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml` on the host.
      """,
    fixSafety: "Unsafe: needs the CDI specification generated on the host.",
    references: ["research G1, section 1"],
    examples: [
      .triggers(.command, "docker run 1️⃣--gpus all docker.io/library/alpine\n"),
      .passes(.command, "docker run --device nvidia.com/gpu=all docker.io/library/alpine\n"),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    // Only `run` and `create` lines describe a container.
    guard let container = command.container else { return }
    for setting in container.settings(.gpus) {
      let value = (setting.value ?? "").replacingAll("\"", with: "")
      var devices: [String]?
      if value == "all" {
        devices = ["all"]
      } else if value.hasPrefix("device=") {
        devices = value.dropFirst("device=".count).split(separator: ",").map(String.init)
      }
      let title = "Pass the GPUs as CDI devices"
      let fix = devices.flatMap { list in
        container.optionSite?.replace(
          setting, by: list.map { (.device, "nvidia.com/gpu=\($0)") }, in: context.source
        ).map { Fix.unsafe(title, $0) }
      }
      context.report(
        Self.meta,
        "`--gpus` does nothing in podman \(context.options.target.podman); pass GPUs as CDI devices (`--device nvidia.com/gpu=all`)",
        at: setting.nameRange, fix: fix)
    }
  }
}

/// MG115: reports `inspect` Go templates reading fields podman names or fills differently.
struct InspectTemplateField: Rule {
  static let meta = RuleMeta(
    id: "MG115", name: "inspect-template-field", severity: .warning, fixAvailability: .sometimes,
    summary: "`inspect --format` field that differs under podman",
    why: """
      Podman's `inspect` mirrors Docker's JSON with a few differences. Before 4.0 the health state is \
      `.State.Healthcheck`, not `.State.Health` (libpod/define/container_inspect.go), so \
      `{{.State.Health.Status}}` fails on jammy and focal. Rootless containers use user-mode networking \
      (slirp4netns/pasta), where `.NetworkSettings.IPAddress` is empty: reach them through published \
      ports instead.
      """,
    fixSafety: "Safe: `.State.Healthcheck` holds the same `Status`, `FailingStreak` and `Log` fields.",
    references: ["research O2, K2, D1"],
    examples: [
      .triggers(
        .command, "until [ \"$(docker inspect -f 1️⃣'{{.State.Health.Status}}' db)\" = healthy ]; do sleep 1; done\n",
        fixed: "until [ \"$(docker inspect -f '{{.State.Healthcheck.Status}}' db)\" = healthy ]; do sleep 1; done\n"),
      .triggers(
        .command, "docker inspect --format 1️⃣'{{.NetworkSettings.IPAddress}}' web\n", mode: .rootless),
      .passes(.command, "docker inspect -f '{{.State.Health.Status}}' db\n", target: .noble),
      .passes(.command, "docker inspect --format '{{.NetworkSettings.IPAddress}}' web\n"),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
    let invocation = command.invocation
    guard invocation.subcommand.last == "inspect" else { return }
    let target = context.options.target
    for flag in invocation.flags where flag.name == "format" {
      guard let template = flag.value, let word = flag.valueWord else { continue }
      let at = flag.valueSourceRange ?? word.range
      if !target.supports(.inspectStateHealth) {
        let occurrences = Self.offsets(of: ".State.Health", in: template).filter { offset in
          !template.utf8.dropFirst(offset + ".State.Health".utf8.count).starts(with: "check".utf8)
        }
        if !occurrences.isEmpty {
          var edits: [TextEdit] = []
          if let range = flag.valueRange {
            edits = occurrences.map { offset in
              let upper = range.lower + offset + ".State.Health".utf8.count
              return .insert("check", at: upper)
            }
          }
          let title = "Read `.State.Healthcheck`"
          context.report(
            Self.meta,
            "podman \(target.podman) calls the health state `.State.Healthcheck` (`.State.Health` from 4.0)",
            at: at, fix: edits.isEmpty ? nil : Fix(title, .safe, edits))
        }
      }
      if context.options.mode == .rootless, template.contains(".NetworkSettings.IPAddress") {
        context.report(
          Self.meta,
          "`.NetworkSettings.IPAddress` is empty for rootless containers (user-mode networking); use a published port",
          at: at)
      }
    }
  }

  /// UTF-8 offsets of each occurrence of `needle` in `text`.
  static func offsets(of needle: String, in text: String) -> [Int] {
    let bytes = Array(text.utf8)
    let pattern = Array(needle.utf8)
    guard pattern.count <= bytes.count else { return [] }
    var result: [Int] = []
    var index = 0
    while index + pattern.count <= bytes.count {
      if bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
        result.append(index)
        index += pattern.count
      } else {
        index += 1
      }
    }
    return result
  }
}

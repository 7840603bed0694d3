/// MG209: reports tabs used as YAML separation whitespace, which podman-compose's YAML reader refuses.
struct YAMLTabSeparator: Rule {
  static let meta = RuleMeta(
    id: "MG209", name: "yaml-tab-separator", severity: .error, fixAvailability: .always,
    summary: "Tab between YAML tokens, which podman-compose cannot read",
    why: """
      libyaml (Docker Compose, `migrate`) accepts a tab between a key and its value or before a comment; \
      PyYAML, which podman-compose reads compose files with, stops with "found character '\\t' that cannot \
      start any token", so podman-compose cannot read the file at all. Tabs inside quoted or block scalars \
      and inside comments are fine everywhere.
      """,
    fixSafety: "Safe: each such tab becomes one space; only whitespace between tokens changes.",
    references: ["PyYAML scanner (scan_to_next_token)", "YAML 1.2 §6.1 (tabs are not indentation)"],
    examples: [
      .triggers(
        .compose, "services:\n  app:1️⃣\t# cache\n    image: docker.io/library/memcached 1️⃣\t# pinned below\n",
        fixed: "services:\n  app: # cache\n    image: docker.io/library/memcached  # pinned below\n"),
      .passes(
        .compose,
        "services:\n  #\tcomment with a tab\n  app:\n    image: docker.io/library/memcached\n    command: \"a\\tb\"\n    environment:\n      TEXT: |\n        col1\tcol2\n"
      ),
    ])

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    let bytes = context.source.bytes
    guard bytes.contains(0x09) else { return }
    let scalars = project.root.scalars().map(\.node.range)
    var next = 0
    var offset = 0
    var inComment = false
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == 0x0A {
        inComment = false
        offset += 1
        continue
      }
      if inComment {
        offset += 1
        continue
      }
      while next < scalars.count && scalars[next].upper <= offset { next += 1 }
      if next < scalars.count, scalars[next].lower <= offset, offset < scalars[next].upper {
        offset = scalars[next].upper
        continue
      }
      if byte == UInt8(ascii: "#") {
        inComment = true
      } else if byte == 0x09 {
        context.report(
          Self.meta, "Tab between YAML tokens: podman-compose (PyYAML) cannot read the file; use a space",
          at: ByteRange(offset, offset + 1),
          fix: .safe("Replace the tab with a space", TextEdit(replacing: ByteRange(offset, offset + 1), with: " ")))
      }
      offset += 1
    }
  }
}

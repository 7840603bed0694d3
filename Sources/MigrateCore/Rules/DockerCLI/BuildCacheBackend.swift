/// MG114: reports BuildKit cache backends (`--cache-from type=…`) that `podman build` cannot use.
struct BuildCacheBackend: Rule {
  static let meta = RuleMeta(
    id: "MG114", name: "build-cache-backend", severity: .error, fixAvailability: .sometimes,
    summary: "BuildKit cache backend in `--cache-from`/`--cache-to`",
    why: """
      BuildKit takes cache exporters and importers (`type=registry,ref=…`, `type=gha`, `type=local,src=…`, \
      `type=inline`). `podman build` (Buildah) takes a plain image repository there, used only together \
      with `--layers`, and podman 3.x ignores `--cache-from` altogether (a no-op): a `type=` value is not a \
      repository, so the build fails. Only a registry cache maps onto podman's: its `ref` repository.
      """,
    fixSafety: """
      Unsafe: Buildah's cache images are its own format, so a cache BuildKit wrote is not reused; the first \
      build after the change is a full one.
      """,
    references: ["research C5, L4", "podman-build(1) --cache-from, --cache-to"],
    examples: [
      .triggers(
        .command, "docker buildx build 1️⃣--cache-from type=registry,ref=ghcr.io/o/app:cache -t app .\n"),
      .triggers(.command, "docker build 1️⃣--cache-to=type=gha,mode=max -t app .\n"),
      .passes(.command, "docker build --layers --cache-from ghcr.io/o/app-cache -t app .\n"),
    ])

  func check(_ command: DockerCommand, in context: inout RuleContext) {
    let invocation = command.invocation
    guard invocation.subcommand == ["build"] || invocation.subcommand == ["buildx", "build"] else { return }
    for flag in invocation.flags where flag.name == "cache-from" || flag.name == "cache-to" {
      guard let value = flag.value else { continue }
      let fields = value.split(separator: ",").map(String.init)
      guard fields.contains(where: { $0.hasPrefix("type=") }) else { continue }
      let type = fields.first { $0.hasPrefix("type=") }.map { String($0.dropFirst(5)) } ?? ""
      var fix: Fix?
      if type == "registry", let ref = fields.first(where: { $0.hasPrefix("ref=") })?.dropFirst(4), !ref.isEmpty,
        let range = flag.valueRange, ValueContext.canHold(String(ref), in: .shellUnquoted)
      {
        fix = .unsafe("Name the repository", TextEdit(replacing: range, with: String(ref)))
      }
      context.report(
        Self.meta,
        "`podman build \(flag.spelledAs)` takes an image repository, not BuildKit's `type=\(type)` cache"
          + (fix == nil ? "" : "; name the `ref` repository (and build with `--layers`)"),
        at: flag.spelling.range, fix: fix)
    }
  }
}

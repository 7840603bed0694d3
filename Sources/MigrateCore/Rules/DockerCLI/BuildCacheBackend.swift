/// MG114: reports BuildKit cache backends (`--cache-from type=…`) that `podman build` cannot use.
struct BuildCacheBackend: Rule {
  static let meta = RuleMeta(
    id: "MG114", name: "build-cache-backend", severity: .error, fixAvailability: .sometimes,
    summary: "BuildKit cache backend in `--cache-from`/`--cache-to`",
    why: """
      BuildKit takes cache exporters and importers (`type=registry,ref=…`, `type=gha`, `type=local,src=…`, \
      `type=inline`). From podman 4.2 (Buildah 1.27) `podman build` takes a plain image repository there, \
      used only together with `--layers`: a `type=` value is not a repository, so the build fails. Before \
      4.2 (jammy, focal) `--cache-from` is accepted and ignored and `--cache-to` does not exist. Only a \
      registry cache maps onto podman's: its `ref` repository.
      """,
    fixSafety: """
      Unsafe: Buildah's cache images are its own format, so a cache BuildKit wrote is not reused; the first \
      build after the change is a full one.
      """,
    references: ["research C5, L4", "podman-build(1) --cache-from, --cache-to", "buildah v1.27.0 release notes"],
    examples: [
      .triggers(
        .command, "docker buildx build 1️⃣--cache-from type=registry,ref=ghcr.io/o/app:cache -t app .\n"),
      .triggers(.command, "docker build 1️⃣--cache-to=type=gha,mode=max -t app .\n"),
      .passes(.command, "docker build --layers --cache-from ghcr.io/o/app-cache -t app .\n"),
    ])

  func check(_ command: DockerCallSite, in context: inout RuleContext) {
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
      let target = context.options.target
      let message: String
      if target.supports(.buildCacheRepository) {
        message =
          "`podman build \(flag.spelledAs)` takes an image repository, not BuildKit's `type=\(type)` cache"
          + (fix == nil ? "" : "; name the `ref` repository (and build with `--layers`)")
      } else if flag.name == "cache-from" {
        message =
          "podman \(target.podman) ignores `--cache-from` (cache repositories need podman 4.2): the `type=\(type)` cache is not used"
      } else {
        message = "podman \(target.podman) has no `--cache-to` (podman 4.2+): the build fails; drop the flag"
      }
      context.report(Self.meta, message, at: flag.spelling.range, fix: fix)
    }
  }
}

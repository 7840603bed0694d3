extension Converter {
  /// Guesses the kind of a file from its name, then its content; nil when it is not one `migrate` reads.
  /// `strict` (batch mode) refuses YAML that shows no sign of being a compose or CI file, instead of
  /// reading it as compose, and YAML that is something else (a Kubernetes manifest, an Ansible playbook, a
  /// Helm template: `ForeignYAML`); without it those are compose, which `convert` then refuses by name.
  /// Only the first 64 KiB are read, line by line, without parsing: a batch calls this for every file.
  public static func detectKind(path: String, bytes: [UInt8], strict: Bool = false) -> InputKind? {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let lower = name.lowercased()
    if ["makefile", "gnumakefile"].contains(lower) || lower.hasPrefix("makefile.") || lower.hasPrefix("gnumakefile.")
      || lower.hasSuffix(".mk") || lower.hasSuffix(".make")
    {
      return .makefile
    }
    if lower.hasSuffix(".service") { return .systemd }
    // Quadlet files are unit files too: the upgrade rules read their keys.
    if [".container", ".volume", ".network", ".kube", ".pod", ".build", ".image"].contains(where: lower.hasSuffix) {
      return .systemd
    }
    if lower.hasSuffix(".sh") || lower.hasSuffix(".bash") || lower.hasSuffix(".ksh") { return .shell }
    // `.gitlab-ci.yml`, `ci/build.gitlab-ci.yml`, `gitlab-ci.yaml`, `.gitlab-ci.yml.ecr` (a template).
    if lower.contains("gitlab-ci")
      && (isYAMLName(lower) || lower.contains(".yml.") || lower.contains(".yaml."))
    {
      return .gitlabCI
    }
    if lower == ".travis.yml" || lower == ".travis.yaml" || lower.hasSuffix(".travis.yml") { return .travisCI }
    // A GitHub action's metadata file; only composite actions have steps, the others have nothing to convert.
    if lower == "action.yml" || lower == "action.yaml" { return .githubActions }
    if isYAMLName(lower) {
      if path.contains(".github/workflows/") || path.contains(".gitea/workflows/")
        || path.contains(".forgejo/workflows/")
      {
        return .githubActions
      }
      let sniff = YAMLSniff(bytes)
      if ForeignYAML.sniff(path: path, sniff) != nil { return strict ? nil : .compose }
      if lower.contains("compose") { return .compose }
      return yamlKind(sniff) ?? (strict ? nil : .compose)
    }
    let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
    if head.hasPrefix("#!") {
      let shebang = head.prefix { $0 != "\n" }
      for shell in ["sh", "bash", "dash", "ksh", "zsh", "ash"]
      where shebang.hasSuffix("/\(shell)") || shebang.hasSuffix(" \(shell)") || shebang.contains("/\(shell) ")
        || shebang.contains(" \(shell) ")
      {
        return .shell
      }
    }
    if containsSystemdService(bytes) { return .systemd }
    if !strict && (lower == "-" || lower.isEmpty) {
      let sniff = YAMLSniff(bytes)
      if ForeignYAML.sniff(path: path, sniff) != nil || sniff.topLevelKeys["services"] != nil { return .compose }
      return .shell
    }
    return nil
  }

  static func isYAMLName(_ lower: String) -> Bool { lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") }

  /// The phases of a Travis CI job whose values are shell commands.
  static let travisPhases: Set<String> = [
    "before_install", "install", "before_script", "script", "after_success", "after_failure", "after_script",
    "before_deploy", "after_deploy",
  ]

  /// The kind a YAML file's keys show, nil when they show none.
  static func yamlKind(_ sniff: YAMLSniff) -> InputKind? {
    let top = sniff.topLevelKeys
    if top["jobs"] != nil && top["on"] != nil { return .githubActions }
    if top["runs"] != nil && sniff.compositeAction { return .githubActions }
    // Travis: a language or build image beside its phases; before `services:` (Travis's `services: [docker]`)
    // and `stages:` (Travis has build stages too).
    if top["language"] != nil || top["dist"] != nil || top["osx_image"] != nil,
      top["jobs"] != nil || top["matrix"] != nil || top.keys.contains(where: travisPhases.contains)
    {
      return .travisCI
    }
    // GitLab: stages, or a job (a top-level key other than compose's `services`) with a script.
    let gitlab = top["stages"] != nil || sniff.scriptParents.contains { $0 != "services" }
    // Compose's `services:` is a mapping of services; GitLab's is a list of images.
    if top["services"] != nil && !(gitlab && !sniff.mappingParents.contains("services")) { return .compose }
    return gitlab ? .gitlabCI : nil
  }

  /// `[Service]` and `ExecStart` in the first 64 KiB: a unit without the `.service` name.
  static func containsSystemdService(_ bytes: [UInt8]) -> Bool {
    let head = bytes.prefix(YAMLSniff.limit)
    func has(_ text: String) -> Bool {
      let needle = Array(text.utf8)
      guard let first = needle.first else { return false }
      var index = head.startIndex
      while let hit = head[index...].firstIndex(of: first) {
        if head[hit...].starts(with: needle) { return true }
        index = hit + 1
      }
      return false
    }
    return has("[Service]") && has("ExecStart")
  }
}

/// What a bind mount's host path is, for deciding whether podman may chown it (`:U`).
public enum BindSourceClass: Sendable, Hashable {
  /// A directory that belongs to the container's data: safe to hand to its user namespace.
  case data
  /// `/`, `/etc`, `/usr`, `/var/log`, … and anything outside the project and the data roots: never chowned.
  case systemPath
  /// `~`, `$HOME`, `/home/NAME`, `/root`, `~alice`.
  case homeDirectory
  /// `.`, `$PWD`: the project root.
  case projectRoot
  /// `..`, `../..`: a parent of the project.
  case parentDirectory
  /// The build context of a service, or a folder holding one, or a folder inside a service's own source, or a
  /// folder holding source files (on disk or in git).
  case sourceTree
  /// Mounted onto a code path in the container (`/app`, `/usr/src/…`, `/var/www/…`).
  case codeTarget
  /// A single file or a configuration folder (`/etc/…` in the container): read-only in intent.
  case configuration
  /// Holds a variable: its value is unknown until run time.
  case variable
  /// A socket.
  case socket
}

/// The decision on one bind source, with the reason when the text alone does not show it
/// ("`/mnt/..` resolves to `/`, a system path").
public struct BindVerdict: Sendable, Hashable {
  public var kind: BindSourceClass
  /// Why the source is not data, when resolving it or looking at the disk decided.
  public var reason: String?

  public init(_ kind: BindSourceClass, _ reason: String? = nil) {
    self.kind = kind
    self.reason = reason
  }
}

/// A bind source as written, parsed into where it starts and the path below that, `.` and `..` applied.
struct BindPath: Sendable, Hashable {
  enum Anchor: Sendable, Hashable {
    /// `/…`
    case root
    /// `./…`, `…`, `$PWD`, `$(pwd)`, `` `pwd` ``, `$(CURDIR)`, `$(shell pwd)`: the input file's folder.
    case project
    /// `~`, `~/…`, `$HOME`, `${HOME}`: the current user's home.
    case home
    /// `~alice/…`: another user's home.
    case otherHome(String)
  }

  var anchor: Anchor
  /// How many `..` climb above the anchor (never for `/`: `/..` is `/`).
  var up: Int
  var components: [String]
  /// A component holds a variable or a command substitution.
  var hasVariable: Bool
  /// The components as written, `..` kept (`.` dropped), for following links the way the kernel does.
  var written: [String] = []

  static let homePrefixes = ["$HOME", "${HOME}", "$(HOME)"]
  static let projectPrefixes = [
    "$PWD", "${PWD}", "$(PWD)", "$(pwd)", "`pwd`", "$(CURDIR)", "${CURDIR}", "$(shell pwd)",
  ]

  /// Parses `text`; nil when it starts with a variable other than the known places.
  static func parse(_ text: String) -> BindPath? {
    var anchor = Anchor.project
    var rest = Substring(text)
    func strip(_ prefixes: [String]) -> Bool {
      for prefix in prefixes where rest == prefix || rest.hasPrefix(prefix + "/") {
        rest = rest.dropFirst(prefix.count)
        return true
      }
      return false
    }
    if strip(homePrefixes) {
      anchor = .home
    } else if strip(projectPrefixes) {
      anchor = .project
    } else if rest.hasPrefix("$") || rest.hasPrefix("`") {
      return nil
    } else if rest.hasPrefix("~") {
      let name = rest.dropFirst().prefix { $0 != "/" }
      anchor = name.isEmpty ? .home : .otherHome(String(name))
      rest = rest.dropFirst(1 + name.count)
    } else if rest.hasPrefix("/") {
      anchor = .root
    }
    var path = BindPath(anchor: anchor, up: 0, components: [], hasVariable: false)
    for part in rest.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
      path.written.append(String(part))
      if part == ".." {
        if path.components.popLast() == nil && anchor != .root { path.up += 1 }
        continue
      }
      if part.contains("$") || part.contains("`") { path.hasVariable = true }
      path.components.append(String(part))
    }
    return path
  }

  /// `base` with `up` components dropped (never above `/`) and `components` appended.
  static func join(_ base: String, up: Int, _ components: [String]) -> String {
    PathText.normalized(base, Array(repeating: "..", count: up) + components)
  }

}

public enum BindSource {
  /// Code roots: the folder itself, not data folders below it (`/app/uploads` is data).
  static let codeTargets: Set<String> = [
    "/app", "/code", "/src", "/usr/src", "/var/www", "/var/www/html", "/workspace", "/workspaces", "/project",
    "/opt/app", "/go/src", "/usr/share/nginx/html", "/srv/app", "/home/node/app", "/usr/app",
  ]
  /// Folders whose direct children are code roots (`/usr/src/app`, `/var/www/site`).
  static let codeParents: Set<String> = ["/usr/src", "/var/www", "/go/src"]
  /// Name parts of folders that hold configuration or secrets, not data.
  static let configurationWords: Set<String> = [
    "config", "configs", "configuration", "conf", "cfg", "settings", "etc", "secret", "secrets", "cert", "certs",
    "certificate", "certificates", "ssl", "tls", "keys", "keyring", "credentials", "creds", "template", "templates",
    "policies", "rules",
  ]
  /// Name parts of folders that hold source code.
  static let sourceWords: Set<String> = [
    "src", "source", "sources", "code", "scripts", "script", "bin", "lib", "libs", "app", "apps", "plugins", "docs",
    "doc", "public", "dev",
  ]
  static let fileExtensions: Set<String> = [
    "conf", "cfg", "cnf", "ini", "yml", "yaml", "json", "toml", "xml", "env", "properties", "sh", "py", "js", "sql",
    "txt", "pem", "crt", "key", "cert", "lua", "php", "rb", "html", "htpasswd", "sock", "socket", "db", "sqlite",
    "log", "lock", "pid", "list", "rules", "template", "tmpl", "j2", "config", "cf", "crt", "csr", "p12", "jks",
    "lst", "pl", "rc", "service", "zone", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "css", "md", "pdf",
  ]

  /// Classifies a bind mount by its host path (as written, relative to the input file's folder) and its
  /// target in the container, from the text only; `buildContexts` are the build contexts of the project.
  public static func classify(source: String, target: String?, buildContexts: [String]) -> BindSourceClass {
    verdict(source: source, target: target, buildContexts: buildContexts, at: .lexical()).kind
  }

  /// Decides whether `source` is a data directory `U` may chown: only a folder whose normalised,
  /// link-resolved path lies strictly inside the project or a data root, that is not a file, holds no
  /// source (on disk or tracked in git) and passes the name checks. Anything else gets its class and,
  /// where resolving or the disk decided, the reason.
  public static func verdict(source: String, target: String?, buildContexts: [String], at locator: BindLocator)
    -> BindVerdict
  {
    let trimmed = source.count > 1 && source.hasSuffix("/") ? String(source.dropLast()) : source
    if trimmed.hasSuffix(".sock") || trimmed.hasSuffix(".socket") { return BindVerdict(.socket) }
    guard let path = BindPath.parse(trimmed) else { return BindVerdict(.variable) }
    let probe = locator.probe
    // Where the path lands: absolute where its anchor is known, else relative to the anchor.
    var absolute: String?
    var below: [String] = []
    var lexical: BindVerdict?
    switch path.anchor {
    case .otherHome(let user):
      return BindVerdict(.homeDirectory, "`~\(user)` is another user's home folder, not this user's")
    case .root:
      absolute = BindPath.join("/", up: 0, path.components)
    case .project:
      if let folder = locator.folder {
        absolute = BindPath.join(folder, up: path.up, path.components)
      } else if path.up > 0 {
        let onlyParents = trimmed.split(separator: "/").allSatisfy { $0 == ".." }
        lexical = BindVerdict(.parentDirectory, onlyParents ? nil : "`\(source)` climbs above the project folder")
      } else if path.components.isEmpty {
        lexical = BindVerdict(.projectRoot)
      } else {
        below = path.components
      }
    case .home:
      if let home = probe.home {
        absolute = BindPath.join(home, up: path.up, path.components)
      } else if path.up > 0 {
        lexical = BindVerdict(.homeDirectory, "`\(source)` climbs above the home folder")
      } else if path.components.isEmpty {
        lexical = BindVerdict(.homeDirectory)
      } else if !probe.homeIsDataRoot {
        lexical = BindVerdict(
          .homeDirectory, "`\(source)` is in the home folder, which is not a data root (\(probe.dataRootsDescription))")
      } else {
        below = path.components
      }
    }
    if let absolute {
      switch place(absolute, locator) {
      case .refused(let kind, let what):
        return BindVerdict(kind, reason(source, path, absolute, kind, what))
      case .inside(let rest): below = rest
      }
    }
    if let lexical { return lexical }
    if let refused = nameChecks(source: trimmed, below: below, target: target, buildContexts: buildContexts) {
      return refused
    }
    if path.hasVariable { return BindVerdict(.variable) }
    guard let absolute, probe.inspectsDisk else { return BindVerdict(.data) }
    // podman cleans `..` lexically before mounting; the kernel would follow a link before a `..`: both
    // readings must be data.
    var physical: String?
    if path.written.contains("..") {
      switch path.anchor {
      case .root: physical = BindDisk.walk("/", path.written)
      case .project: physical = locator.folder.map { BindDisk.walk($0, path.written) }
      case .home: physical = probe.home.map { BindDisk.walk($0, path.written) }
      case .otherHome: break
      }
    }
    let verdict = diskChecks(source, absolute, target: target, buildContexts: buildContexts, locator)
    guard verdict.kind == .data, let physical, physical != absolute else { return verdict }
    switch place(physical, locator) {
    case .refused(let kind, let what):
      return BindVerdict(kind, "`\(source)` leads through a symbolic link to `\(physical)`, \(what)")
    case .inside:
      return diskChecks(source, physical, target: target, buildContexts: buildContexts, locator)
    }
  }

  /// Why a resolved path is refused, or nil where the text says it all (`/etc/x`, `.`, `..`, `~`). Paths
  /// inside the project are described relative to it, so messages do not depend on where it is checked out.
  static func reason(_ source: String, _ path: BindPath, _ absolute: String, _ kind: BindSourceClass, _ what: String)
    -> String?
  {
    let onlyParents = source.split(separator: "/").allSatisfy { $0 == ".." }
    switch kind {
    case .projectRoot: return nil
    case .parentDirectory:
      if path.anchor == .project { return onlyParents ? nil : "`\(source)` climbs above the project folder" }
      return "`\(source)` resolves to `\(absolute)`, a parent of the project folder"
    default: break
    }
    switch path.anchor {
    case .root:
      let written = BindPath.join("/", up: 0, path.components)
      if written == normalize(source) {
        let systemFolder =
          absolute == "/" || BindDisk.systemFolders.contains { absolute == $0 || absolute.hasPrefix($0 + "/") }
        return kind == .systemPath && systemFolder || absolute == "/root" ? nil : "`\(source)` is \(what)"
      }
    case .home:
      if path.components.isEmpty && path.up == 0 { return nil }
    case .project, .otherHome: break
    }
    return "`\(source)` resolves to `\(absolute)`, \(what)"
  }

  enum Place {
    /// Strictly inside the project or a data root, with the components below it.
    case inside([String])
    case refused(BindSourceClass, String)
  }

  /// Where an absolute, normalised path lies: inside the project or a data root, or refused with what it is.
  static func place(_ path: String, _ locator: BindLocator) -> Place {
    func below(_ base: String) -> [String]? {
      guard path.hasPrefix(base == "/" ? "/" : base + "/"), path != base else { return nil }
      return path.dropFirst(base.count).split(separator: "/").map(String.init)
    }
    if path == "/" { return .refused(.systemPath, "the root folder, a system path") }
    if let folder = locator.folder {
      if path == folder { return .refused(.projectRoot, "the project folder itself") }
      if folder.hasPrefix(path + "/") { return .refused(.parentDirectory, "a parent of the project folder") }
    }
    if let project = locator.project {
      if path == project { return .refused(.projectRoot, "the top of the project's work tree") }
      if let rest = below(project) { return .inside(rest) }
    }
    let probe = locator.probe
    if let home = probe.home {
      if path == home { return .refused(.homeDirectory, "the home folder") }
      if home.hasPrefix(path + "/") { return .refused(.homeDirectory, "a parent of the home folder") }
      if probe.homeIsDataRoot, let rest = below(home) { return .inside(rest) }
    }
    for root in probe.effectiveDataRoots {
      if path == root { return .refused(.systemPath, "the data root `\(root)` itself, not a folder inside it") }
      if let rest = below(root) { return .inside(rest) }
    }
    let parts = path.split(separator: "/")
    if path == "/root" || path.hasPrefix("/root/") || (parts.count >= 2 && ["home", "Users"].contains(parts[0])) {
      return .refused(.homeDirectory, "in another user's home folder, not a data root (\(probe.dataRootsDescription))")
    }
    if BindDisk.systemFolders.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) || parts.count == 1 {
      return .refused(.systemPath, "a system path")
    }
    return .refused(
      .systemPath, "outside the project folder and every data root (\(probe.dataRootsDescription)), a system path")
  }

  /// The name checks that hold inside the project and data roots: hidden folders, configuration, secret,
  /// certificate and source words, build contexts, code targets in the container, single files.
  static func nameChecks(source: String, below: [String], target: String?, buildContexts: [String]) -> BindVerdict? {
    // Hidden folders (`.ssh`, `.git`, `.aws`, `.kube`, `.cache`) hold credentials or tool state.
    if below.contains(where: { $0.hasPrefix(".") }) { return BindVerdict(.configuration) }
    if let last = below.last {
      let words = last.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." }).map(String.init)
      if words.contains(where: configurationWords.contains) { return BindVerdict(.configuration) }
      if words.contains(where: sourceWords.contains) { return BindVerdict(.sourceTree) }
    }
    let normalized = normalize(source)
    for context in buildContexts {
      let ctx = normalize(context)
      // The project root as context holds the data folders too; only a dedicated context is a source tree.
      if ctx.isEmpty { continue }
      if normalized == ctx || ctx.hasPrefix(normalized + "/") || normalized.hasPrefix(ctx + "/") {
        return BindVerdict(.sourceTree)
      }
    }
    if let target {
      let t = target.hasSuffix("/") && target.count > 1 ? String(target.dropLast()) : target
      let parent = t.split(separator: "/").dropLast().joined(separator: "/")
      if codeTargets.contains(t) || codeParents.contains("/" + parent) { return BindVerdict(.codeTarget) }
      if t.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { return BindVerdict(.configuration) }
      if t == "/etc" || t.hasPrefix("/etc/") || t.hasSuffix(".d") { return BindVerdict(.configuration) }
      if looksLikeFile(t) { return BindVerdict(.configuration) }
    }
    if let last = below.last, looksLikeFile(last) { return BindVerdict(.configuration) }
    // `./app.ini:/etc/app.ini`: the same dotted file name on both sides is a single-file mount.
    if let target, let sourceName = below.last, sourceName.contains("."), sourceName.first != ".",
      target.split(separator: "/").last.map(String.init) == sourceName
    {
      return BindVerdict(.configuration)
    }
    return nil
  }

  /// Where the source exists (on disk or in the git index) its real place and content decide: a link must
  /// lead to data itself, a file never gets `U`, a folder holding source or tracked files neither.
  static func diskChecks(
    _ source: String, _ absolute: String, target: String?, buildContexts: [String], _ locator: BindLocator
  ) -> BindVerdict {
    let real = BindDisk.resolve(absolute)
    if real != absolute {
      switch place(real, locator) {
      case .refused(let kind, let what):
        return BindVerdict(kind, "`\(source)` is a symbolic link to `\(real)`, \(what)")
      case .inside(let rest):
        if let refused = nameChecks(source: real, below: rest, target: target, buildContexts: []) {
          return BindVerdict(refused.kind, "`\(source)` is a symbolic link to `\(real)`, which is not a data folder")
        }
      }
    }
    switch BindDisk.kind(real) {
    case .file?:
      return BindVerdict(.configuration, "`\(source)` is a single file, not a folder")
    case .other?:
      return BindVerdict(.configuration, "`\(source)` is not a folder (a device, socket or pipe)")
    case .directory?:
      let markers = BindDisk.sourceMarkers(real)
      if !markers.isEmpty {
        let names = markers.map { "`\($0)`" }.joined(separator: ", ")
        return BindVerdict(.sourceTree, "`\(source)` holds source code (\(names))")
      }
    case nil:
      break
    }
    switch BindDisk.tracked(real) {
    case .file:
      return BindVerdict(.configuration, "`\(source)` is a single file tracked by git, not a folder")
    case .folder(let example):
      return BindVerdict(.sourceTree, "`\(source)` holds files tracked by git (`\(example)`)")
    case .none:
      return BindVerdict(.data)
    }
  }

  /// Removes `./` prefixes, `.` components and duplicate slashes: `./a/./b/` → `a/b`; `.` → ``.
  static func normalize(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    return absolute ? "/" + joined : joined
  }

  static func looksLikeFile(_ path: String) -> Bool {
    guard let last = path.split(separator: "/").last, let dot = last.lastIndex(of: "."), dot != last.startIndex
    else { return false }
    return fileExtensions.contains(String(last[last.index(after: dot)...]).lowercased())
  }
}

/// What a bind mount's host path is, for deciding whether podman may chown it (`:U`).
public enum BindSourceClass: Sendable, Hashable {
  /// A directory that belongs to the container's data: safe to hand to its user namespace.
  case data
  /// `/`, `/etc`, `/usr`, `/var/log`, … : never chowned.
  case systemPath
  /// `~`, `$HOME`, `/home/NAME`, `/root`.
  case homeDirectory
  /// `.`, `$PWD`: the project root.
  case projectRoot
  /// `..`, `../..`: a parent of the project.
  case parentDirectory
  /// The build context of a service, or a folder holding one, or a folder inside a service's own source.
  case sourceTree
  /// Mounted onto a code path in the container (`/app`, `/usr/src/…`, `/var/www/…`).
  case codeTarget
  /// A single file or a configuration folder (`/etc/…` in the container): read-only in intent.
  case configuration
  /// Starts with a variable: its value is unknown until run time.
  case variable
  /// A socket.
  case socket
}

public enum BindSource {
  static let systemRoots = [
    "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/boot", "/dev", "/proc", "/sys", "/run",
    "/var/run", "/var/lib", "/var/log", "/var/cache", "/var/spool", "/var/mail", "/tmp", "/var/tmp", "/root", "/snap",
  ]
  static let systemExact = ["/", "/home", "/var", "/opt", "/srv", "/mnt", "/media", "/Users"]
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
    "src", "source", "sources", "code", "scripts", "script", "bin", "lib", "libs", "app", "apps", "plugins",
  ]
  static let fileExtensions: Set<String> = [
    "conf", "cfg", "cnf", "ini", "yml", "yaml", "json", "toml", "xml", "env", "properties", "sh", "py", "js", "sql",
    "txt", "pem", "crt", "key", "cert", "lua", "php", "rb", "html", "htpasswd", "sock", "socket", "db", "sqlite",
    "log", "lock", "pid", "list", "rules", "template", "tmpl", "j2", "config", "cf", "crt", "csr", "p12", "jks",
    "lst", "pl", "rc", "service", "zone",
  ]

  /// Classifies a bind mount by its host path (as written, relative to the compose file or the working
  /// directory) and its target in the container; `buildContexts` are the build contexts of the project.
  public static func classify(source: String, target: String?, buildContexts: [String]) -> BindSourceClass {
    let trimmed = source.hasSuffix("/") && source.count > 1 ? String(source.dropLast()) : source
    if trimmed.hasSuffix(".sock") || trimmed.hasSuffix(".socket") { return .socket }
    var path = trimmed
    if let name = ComposeInterpolation.leadingVariable(trimmed) {
      // `$HOME`, `$PWD` (and make's `$(CURDIR)`, shell's `$(pwd)`) are known places; other variables are not.
      let rest = String(trimmed.dropFirst(ComposeInterpolation.segments(trimmed).first.map(\.rawText)?.count ?? 0))
      switch name {
      case "HOME": path = "~" + rest
      case "PWD", "CURDIR", "pwd", "shell pwd": path = "." + rest
      default: return .variable
      }
    }
    if path == "~" || path == "~/" { return .homeDirectory }
    if path == "." || path == "./" { return .projectRoot }
    if path.hasPrefix("~/") { path = "/home/user/" + path.dropFirst(2) }
    let normalized = normalize(path)
    if normalized.isEmpty { return .projectRoot }
    if normalized.split(separator: "/").allSatisfy({ $0 == ".." }) && !normalized.hasPrefix("/") {
      return .parentDirectory
    }
    if normalized.hasPrefix("/") {
      if systemExact.contains(normalized) { return .systemPath }
      if systemRoots.contains(where: { normalized == $0 || normalized.hasPrefix($0 + "/") }) {
        return normalized == "/root" ? .homeDirectory : .systemPath
      }
      let components = normalized.split(separator: "/")
      if components.count == 2 && (components[0] == "home" || components[0] == "Users") { return .homeDirectory }
    }
    // Hidden folders (`.ssh`, `.git`, `.aws`, `.kube`, `.cache`) hold credentials or tool state.
    let components = normalized.split(separator: "/")
    if components.contains(where: { $0.hasPrefix(".") && $0 != "." && $0 != ".." }) { return .configuration }
    if let last = components.last {
      let words = last.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." }).map(String.init)
      if words.contains(where: configurationWords.contains) { return .configuration }
      if words.contains(where: sourceWords.contains) { return .sourceTree }
    }
    for context in buildContexts {
      let ctx = normalize(context)
      // The project root as context holds the data folders too; only a dedicated context is a source tree.
      if ctx.isEmpty { continue }
      if normalized == ctx || ctx.hasPrefix(normalized + "/") || normalized.hasPrefix(ctx + "/") { return .sourceTree }
    }
    if let target {
      let t = target.hasSuffix("/") && target.count > 1 ? String(target.dropLast()) : target
      let parent = t.split(separator: "/").dropLast().joined(separator: "/")
      if codeTargets.contains(t) || codeParents.contains("/" + parent) { return .codeTarget }
      if t.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { return .configuration }
      if t == "/etc" || t.hasPrefix("/etc/") || t.hasSuffix(".d") { return .configuration }
      if looksLikeFile(t) { return .configuration }
    }
    if looksLikeFile(normalized) { return .configuration }
    // `./app.ini:/etc/app.ini`: the same dotted file name on both sides is a single-file mount.
    if let target, let sourceName = normalized.split(separator: "/").last, sourceName.contains("."),
      sourceName.first != ".", target.split(separator: "/").last == sourceName
    {
      return .configuration
    }
    return .data
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

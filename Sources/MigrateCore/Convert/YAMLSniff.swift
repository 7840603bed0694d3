import Foundation

/// What the first bytes of a YAML file show, read line by line without parsing: enough to tell compose,
/// CI files, Kubernetes manifests, Ansible playbooks and Helm templates apart. A batch calls it for every
/// YAML file of a tree, so it reads at most `limit` bytes once, compares bytes, and makes a string only of
/// the keys it keeps (top-level keys; any key only in a file that is a top-level sequence).
struct YAMLSniff {
  /// How many bytes are read.
  static let limit = 64 * 1024

  /// The keys written at column 0 (quotes removed), with the offset of the first occurrence.
  var topLevelKeys: [String: Int] = [:]
  /// The top-level keys with keys under them (a mapping, not a scalar or a list).
  var mappingParents: Set<String> = []
  /// The top-level keys with a `script`, `before_script` or `after_script` key under them (a GitLab job).
  var scriptParents: Set<String> = []
  /// Set when the first entry of the file is a sequence item at column 0: the offset of its `-`.
  var sequenceStart: Int?
  /// Keys of the items of a top-level sequence (`- key:` and the keys aligned under it).
  var itemKeys: Set<String> = []
  /// Whether a key at any depth of a top-level sequence names an Ansible module (`docker_container`,
  /// `ansible.builtin.copy`, …).
  var ansibleModule = false
  /// The offset of the first `{{` (not GitHub's `${{`).
  var templateStart: Int?
  /// Whether a `{{ … }}` names Helm's objects (`.Values`, `.Release`, `.Chart`) or its `include`.
  var helmReferences = false
  /// Whether a `using: composite` line was seen (a GitHub composite action's `runs:`).
  var compositeAction = false

  /// The state of the line scan.
  private struct Scan {
    var seenEntry = false
    /// The indentation of the keys directly under the current top-level key.
    var childIndent: Int?
    /// The indentation of the keys of the current top-level sequence item.
    var itemIndent: Int?
    var parent = ""
  }

  init(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { buffer in
      let end = min(buffer.count, Self.limit)
      let text = UnsafeBufferPointer(rebasing: buffer[0..<end])
      templates(text)
      var start = end >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF ? 3 : 0
      var scan = Scan()
      while start < end {
        var lineEnd = start
        if let base = text.baseAddress, let hit = memchr(base + start, 0x0A, end - start) {
          lineEnd = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        } else {
          lineEnd = end
        }
        var upper = lineEnd
        if upper > start && text[upper - 1] == 0x0D { upper -= 1 }
        line(text, start, upper, &scan)
        start = lineEnd + 1
      }
    }
  }

  private mutating func line(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ scan: inout Scan) {
    var indent = start
    while indent < end && bytes[indent] == 0x20 { indent += 1 }
    guard indent < end, bytes[indent] != UInt8(ascii: "#") else { return }
    let column = indent - start
    if column == 0 && (Self.starts(bytes, start, end, "---") || Self.starts(bytes, start, end, "...")) {
      scan.childIndent = nil
      scan.itemIndent = nil
      return
    }
    var keyStart = indent
    let isItem = bytes[indent] == UInt8(ascii: "-") && (indent + 1 == end || bytes[indent + 1] == 0x20)
    if isItem {
      keyStart = indent + 1
      while keyStart < end && bytes[keyStart] == 0x20 { keyStart += 1 }
    }
    let key = Self.key(bytes, keyStart, end)
    if column == 0 {
      if !scan.seenEntry && isItem { sequenceStart = indent }
      scan.seenEntry = true
      scan.childIndent = nil
      if isItem {
        scan.itemIndent = keyStart - start
        if let key { itemKeys.insert(Self.string(bytes, key)) }
      } else {
        scan.itemIndent = nil
        scan.parent = key.map { Self.string(bytes, $0) } ?? ""
        if key != nil, topLevelKeys[scan.parent] == nil { topLevelKeys[scan.parent] = start }
      }
      return
    }
    guard let key else { return }
    if sequenceStart != nil {
      if let itemIndent = scan.itemIndent, !isItem, column == itemIndent { itemKeys.insert(Self.string(bytes, key)) }
      if !ansibleModule { ansibleModule = Self.isAnsibleModule(Self.string(bytes, key)) }
      return
    }
    if scan.itemIndent == nil && !isItem {
      if scan.childIndent == nil {
        scan.childIndent = column
        mappingParents.insert(scan.parent)
      }
      if column == scan.childIndent,
        Self.equals(bytes, key, "script") || Self.equals(bytes, key, "before_script")
          || Self.equals(bytes, key, "after_script")
      {
        scriptParents.insert(scan.parent)
      }
    }
    if !compositeAction && Self.equals(bytes, key, "using") {
      var colon = key.upperBound
      while colon < end && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
      let value = Self.string(bytes, min(colon + 1, end)..<end).trimmingSpaces
      compositeAction = value == "composite" || value == "\"composite\"" || value == "'composite'"
    }
  }

  /// The key (its bytes, quotes excluded) of a `key:` or `key: value` line whose key starts at `start`: plain
  /// or quoted, ended by `: ` or the line's end. Nil for anything else (a scalar item, a flow collection, a
  /// block scalar's text, words with blanks between them).
  static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int>? {
    guard start < end else { return nil }
    let first = bytes[start]
    if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
      var close = start + 1
      while close < end && bytes[close] != first { close += 1 }
      let colon = close + 1
      guard colon < end, bytes[colon] == UInt8(ascii: ":"), colon + 1 == end || bytes[colon + 1] == 0x20
      else { return nil }
      return (start + 1)..<close
    }
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "|")
      || first == UInt8(ascii: ">")
    {
      return nil
    }
    var index = start
    while index < end {
      let byte = bytes[index]
      if byte == UInt8(ascii: ":") && (index + 1 == end || bytes[index + 1] == 0x20) {
        return index > start ? start..<index : nil
      }
      if byte == 0x20 || byte == 0x09 { return nil }
      index += 1
    }
    return nil
  }

  /// Finds the first `{{` and whether a template names Helm's objects, with `memchr` over the whole prefix.
  private mutating func templates(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let base = bytes.baseAddress else { return }
    var index = 0
    while index + 1 < bytes.count, let hit = memchr(base + index, Int32(UInt8(ascii: "{")), bytes.count - index - 1) {
      let open = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      index = open + 1
      // `${{ … }}` is a GitHub Actions expression, not a template.
      guard bytes[open + 1] == UInt8(ascii: "{"), open == 0 || bytes[open - 1] != UInt8(ascii: "$") else { continue }
      if templateStart == nil { templateStart = open }
      var close = open + 2
      while close + 1 < bytes.count && !(bytes[close] == UInt8(ascii: "}") && bytes[close + 1] == UInt8(ascii: "}"))
        && bytes[close] != 0x0A
      {
        close += 1
      }
      let inside = Self.string(bytes, (open + 2)..<close)
      if inside.contains(".Values") || inside.contains(".Release.") || inside.contains(".Chart.")
        || inside.contains("include \"")
      {
        helmReferences = true
        return
      }
      index = close
    }
  }

  static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString) -> Bool {
    range.count == text.utf8CodeUnitCount && starts(bytes, range.lowerBound, range.upperBound, text)
  }

  static func starts(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ prefix: StaticString) -> Bool {
    let count = prefix.utf8CodeUnitCount
    guard end - start >= count, let base = bytes.baseAddress else { return false }
    return memcmp(base + start, prefix.utf8Start, count) == 0
  }

  static func isAnsibleModule(_ key: String) -> Bool {
    ansibleModules.contains(key) || key.hasPrefix("ansible.builtin.") || key.hasPrefix("community.docker.")
      || key.hasPrefix("community.general.") || key.hasPrefix("ansible.posix.")
  }

  /// Ansible modules a docker migration meets, and the keys only playbooks and task lists have.
  static let ansibleModules: Set<String> = [
    "docker_container", "docker_image", "docker_network", "docker_volume", "docker_compose", "docker_compose_v2",
    "docker_login", "docker_swarm", "docker_stack", "apt", "yum", "dnf", "package", "copy", "template", "lineinfile",
    "systemd", "systemd_service", "service", "pip", "get_url", "unarchive", "become", "become_user", "gather_facts",
    "import_playbook", "import_tasks", "include_tasks", "import_role", "include_role", "with_items", "notify",
    "register", "delegate_to",
  ]
  static let playbookKeys: Set<String> = [
    "hosts", "tasks", "roles", "handlers", "pre_tasks", "post_tasks", "become", "gather_facts", "import_playbook",
    "include_tasks", "import_tasks", "include_role", "import_role", "vars_files", "block",
  ]

  // MARK: What the keys say

  /// A Kubernetes manifest: `apiVersion` and `kind` at the top (compose has neither).
  var kubernetes: Int? {
    guard let offset = topLevelKeys["apiVersion"], topLevelKeys["kind"] != nil, topLevelKeys["services"] == nil
    else { return nil }
    return offset
  }

  /// An Ansible playbook or task list: a top-level sequence whose items have playbook keys or a module.
  var ansible: Int? {
    guard let start = sequenceStart, topLevelKeys.isEmpty else { return nil }
    return !itemKeys.isDisjoint(with: Self.playbookKeys) || ansibleModule ? start : nil
  }
}

/// YAML that is not compose and that `migrate` does not read: refused by `convert`, skipped by `batch`.
public enum ForeignYAML: String, Sendable, CaseIterable {
  case kubernetes
  case ansible
  case helm

  /// What the refusal says.
  public var problem: String {
    switch self {
    case .kubernetes: return "not a compose file: looks like a Kubernetes manifest (apiVersion/kind)"
    case .ansible: return "not a compose file: looks like an Ansible playbook/task list"
    case .helm: return "not a compose file: looks like a Helm template"
    }
  }

  /// What `bytes` at `path` are, if one of these, and the offset the refusal points at (the first `{{`,
  /// the `apiVersion` line, the first item).
  public static func sniff(path: String, bytes: [UInt8]) -> (kind: ForeignYAML, offset: Int)? {
    sniff(path: path, YAMLSniff(bytes))
  }

  static func sniff(path: String, _ sniff: YAMLSniff) -> (kind: ForeignYAML, offset: Int)? {
    if let template = sniff.templateStart, sniff.topLevelKeys["services"] == nil,
      sniff.helmReferences || path.hasPrefix("templates/") || path.contains("/templates/")
    {
      return (.helm, template)
    }
    if let offset = sniff.kubernetes { return (.kubernetes, offset) }
    if let offset = sniff.ansible { return (.ansible, offset) }
    return nil
  }
}

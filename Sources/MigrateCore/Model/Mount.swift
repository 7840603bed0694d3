/// A mount of a container: a bind mount, named volume, tmpfs, and so on.
public struct Mount: Sendable {
  public enum Kind: String, Sendable, Hashable {
    case bind, volume, tmpfs, npipe, image, cluster
    /// `-v /path` or compose `- /path`: an anonymous volume.
    case anonymous
  }

  public enum Syntax: Sendable, Hashable {
    /// `SRC:DST[:OPTS]` in one value (compose short syntax, `-v`).
    case short
    /// A compose long-syntax mapping or a `--mount` flag.
    case long
  }

  public var kind: Kind
  public var syntax: Syntax
  /// The whole mount as written (the short string, or the long mapping's range).
  public var spec: SourceValue
  /// Host path (bind), volume name (volume), absent for tmpfs and anonymous volumes.
  public var source: SourceValue?
  public var target: SourceValue?
  /// Short-syntax options, split at commas (`ro`, `z`, `U`, …); long syntax: derived (`ro` for read_only).
  public var options: [String]
  public var readOnly: Bool
  /// When the source is a command substitution that asks docker or podman for an existing volume
  /// (`$(docker volume ls -qf name=…)`, `$(docker inspect --format '{{…Mounts…}}' …)`): that command, as
  /// `docker volume ls`. Set by the script parser; such a mount is a `.volume`, not a host path.
  public var sourceLookup: String?

  public init(
    kind: Kind, syntax: Syntax, spec: SourceValue, source: SourceValue?, target: SourceValue?,
    options: [String], readOnly: Bool
  ) {
    self.kind = kind
    self.syntax = syntax
    self.spec = spec
    self.source = source
    self.target = target
    self.options = options
    self.readOnly = readOnly
  }

  /// Parses a short-syntax mount string (`./data:/data:ro`, `name:/path`, `/anon`), as Compose and
  /// `docker run -v` read it.
  public static func parseShort(_ value: SourceValue) -> Mount {
    let text = value.text
    var parts = splitShortSpec(text)
    var options: [String] = []
    if parts.count >= 3 {
      options = parts[2].text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      parts = Array(parts.prefix(2))
    }
    func sub(_ part: (text: String, lower: Int)) -> SourceValue {
      let bytes = part.text.utf8.count
      return SourceValue(
        text: part.text,
        range: value.range,
        valueRange: value.valueRange.map { ByteRange($0.lower + part.lower, $0.lower + part.lower + bytes) },
        context: value.context)
    }
    let readOnly = options.contains("ro") || options.contains("readonly")
    if parts.count == 1 {
      return Mount(
        kind: .anonymous, syntax: .short, spec: value, source: nil, target: sub(parts[0]), options: options,
        readOnly: readOnly)
    }
    let source = sub(parts[0])
    let kind: Kind = isHostPath(source.text) ? .bind : .volume
    return Mount(
      kind: kind, syntax: .short, spec: value, source: source, target: sub(parts[1]), options: options,
      readOnly: readOnly)
  }

  /// Parses a `--mount type=bind,source=/x,target=/y,readonly` value.
  public static func parseMountFlag(_ value: SourceValue) -> Mount {
    var kind = Kind.volume
    var source: SourceValue?
    var target: SourceValue?
    var readOnly = false
    var options: [String] = []
    var offset = 0
    for field in value.text.split(separator: ",", omittingEmptySubsequences: false) {
      let fieldText = String(field)
      let pieces = fieldText.split(separator: "=", maxSplits: 1).map(String.init)
      let key = pieces.first ?? ""
      let fieldValue = pieces.count > 1 ? pieces[1] : nil
      func sub() -> SourceValue? {
        guard let fieldValue else { return nil }
        let lower = offset + key.utf8.count + 1
        return SourceValue(
          text: fieldValue, range: value.range,
          valueRange: value.valueRange.map { ByteRange($0.lower + lower, $0.lower + lower + fieldValue.utf8.count) },
          context: value.context)
      }
      switch key {
      case "type": kind = Kind(rawValue: fieldValue ?? "") ?? .volume
      case "source", "src": source = sub()
      case "target", "destination", "dst": target = sub()
      case "readonly", "ro": readOnly = fieldValue == nil || fieldValue == "true" || fieldValue == "1"
      default: options.append(fieldText)
      }
      offset += fieldText.utf8.count + 1
    }
    if readOnly { options.append("ro") }
    return Mount(
      kind: kind, syntax: .long, spec: value, source: source, target: target, options: options, readOnly: readOnly)
  }

  /// Splits `SRC:DST:OPTS` at colons, keeping a Windows drive letter (`C:\x`) and colons inside `${…}`
  /// (as in `${DATA:-./data}`), `$(…)` and backticks in their part. Returns each part with its UTF-8 byte
  /// offset in `text`.
  static func splitShortSpec(_ text: String, grouping: Bool = true) -> [(text: String, lower: Int)] {
    let bytes = Array(text.utf8)
    var parts: [(text: String, lower: Int)] = []
    var start = 0
    var depth = 0
    var inBackticks = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if grouping, byte == UInt8(ascii: "$"), index + 1 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "{") || bytes[index + 1] == UInt8(ascii: "(")
      {
        depth += 1
        index += 2
        continue
      }
      if grouping && byte == UInt8(ascii: "`") {
        inBackticks.toggle()
      } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: ")"), depth > 0 {
        depth -= 1
      } else if byte == UInt8(ascii: ":"), depth == 0, !inBackticks {
        let isDrive =
          index - start == 1 && parts.isEmpty
          && (bytes[start] | 0x20) >= UInt8(ascii: "a") && (bytes[start] | 0x20) <= UInt8(ascii: "z")
          && Self.driveFollows(bytes, after: index)
        if !isDrive && parts.count < 2 {
          parts.append((String(decoding: bytes[start..<index], as: UTF8.self), start))
          start = index + 1
        }
      }
      index += 1
    }
    // An unclosed `${`, `$(` or backtick groups nothing: the colons after it split as docker splits them
    // (read as one part, a `:U` already there went unseen and was added again, round after round).
    if grouping && (depth > 0 || inBackticks) { return splitShortSpec(text, grouping: false) }
    parts.append((String(decoding: bytes[start..<bytes.count], as: UTF8.self), start))
    return parts
  }

  /// Whether the `:` at `colon` ends a Windows drive letter: `C:\\x`, or `C:/x` followed by a second
  /// absolute part (`C:/x:/y`). `d:/d:Z` is the volume `d` at `/d`, as podman and podman-compose read it
  /// (neither knows drive letters); reading it as a drive path made `d:/d:Z:U`, which both refuse.
  static func driveFollows(_ bytes: [UInt8], after colon: Int) -> Bool {
    guard colon + 1 < bytes.count else { return false }
    if bytes[colon + 1] == UInt8(ascii: "\\") { return true }
    guard bytes[colon + 1] == UInt8(ascii: "/"),
      let next = bytes[(colon + 1)...].firstIndex(of: UInt8(ascii: ":"))
    else {
      return false
    }
    return next + 1 < bytes.count && bytes[next + 1] == UInt8(ascii: "/")
  }

  /// A bind source is a path (absolute, relative, home, Windows drive) or starts with a variable; anything
  /// else names a volume.
  public static func isHostPath(_ source: String) -> Bool {
    if source.hasPrefix("/") || source.hasPrefix(".") || source.hasPrefix("~") || source.hasPrefix("$") {
      return true
    }
    let scalars = Array(source.unicodeScalars)
    if scalars.count >= 2, scalars[1] == ":", scalars[0].properties.isAlphabetic { return true }
    return source.contains("/")
  }
}

/// A volume a container mounts that another container filled: its files belong to that container's IDs.
public struct ForeignVolume: Sendable {
  /// Why the volume is another container's.
  public enum Origin: Sendable, Hashable {
    /// The source is looked up by a command (`docker volume ls`), so the volume exists already.
    case lookup(String)
    /// `--volumes-from NAME`: the volumes of container NAME.
    case volumesFrom
    /// A named volume mounted read-only that no earlier command of the script creates or writes (a compose
    /// project's, another service's).
    case notWritten
    /// A named volume an earlier command of the script writes with another image or user namespace (that
    /// container's display name).
    case writtenBy(String)
  }

  /// The volume name, the looked-up source as written, or the `--volumes-from` container.
  public var name: String
  /// Where findings point: the mount as written, or the `--volumes-from` value.
  public var value: SourceValue
  public var origin: Origin
  /// True when mounted read-only (`:ro`): a reader such as a backup helper.
  public var readOnly: Bool

  public init(name: String, value: SourceValue, origin: Origin, readOnly: Bool) {
    self.name = name
    self.value = value
    self.origin = origin
    self.readOnly = readOnly
  }
}

/// How a scalar is written in the source.
public enum ScalarStyle: Sendable, Hashable {
  case plain
  case singleQuoted
  case doubleQuoted
  case literal
  case folded
}

/// Block (indentation) or flow (`[…]`, `{…}`) layout of a collection.
public enum CollectionStyle: Sendable, Hashable {
  case block
  case flow
}

/// One node of a YAML document, with its place in the source.
///
/// Nodes are reference types so that an alias points at its anchor's node instead of copying it: an alias
/// bomb costs one pointer per alias. A node never changes once `YAMLParser` has returned it.
public final class YAMLNode: @unchecked Sendable {
  public enum Kind: Sendable, Hashable {
    case scalar
    case mapping
    case sequence
    case alias
  }

  public let kind: Kind
  /// The node's own text in the original bytes (UTF-8, 0-based, half-open), without its anchor or tag.
  /// Quoted scalars include their quotes; block scalars start at `|`/`>`; a block collection runs from its
  /// first entry to the end of its last one; a flow collection includes its brackets. An empty scalar (a key
  /// with no value) is an empty range right after what precedes it.
  public internal(set) var range: ByteRange
  public let tag: String?
  public let anchor: String?

  /// The scalar's value after unquoting and folding (empty for other kinds).
  public let value: String
  public let style: ScalarStyle
  public let collectionStyle: CollectionStyle

  public internal(set) var pairs: [(key: YAMLNode, value: YAMLNode)] = []
  public internal(set) var items: [YAMLNode] = []
  /// For an alias: the anchored node it refers to.
  public internal(set) var target: YAMLNode?
  /// For an alias: its name as written after `*`.
  public let aliasName: String?
  /// True for a node inside a flow collection (`[…]`, `{…}`), where `,[]{}` are syntax.
  public internal(set) var inFlow = false

  /// Node count if every alias were copied out (saturating): how the parser detects alias bombs.
  var expandedCount: Int = 1

  init(
    kind: Kind, range: ByteRange, tag: String?, anchor: String?, value: String = "",
    style: ScalarStyle = .plain, collectionStyle: CollectionStyle = .block, aliasName: String? = nil
  ) {
    self.kind = kind
    self.range = range
    self.tag = tag
    self.anchor = anchor
    self.value = value
    self.style = style
    self.collectionStyle = collectionStyle
    self.aliasName = aliasName
  }

  /// The node an alias stands for (the node itself otherwise).
  public var resolved: YAMLNode {
    var node = self
    // Aliases only refer to completed nodes, so there are no cycles; an alias of an alias is at most one hop
    // per document nesting level.
    while node.kind == .alias, let next = node.target { node = next }
    return node
  }

  public var isScalar: Bool { kind == .scalar }
  public var isMapping: Bool { kind == .mapping }
  public var isSequence: Bool { kind == .sequence }

  /// True for `~`, `null`, `Null`, `NULL` and the empty plain scalar, also under Compose's merge tags
  /// `!reset` and `!override` (compose 2.24+, podman-compose 1.1+: `volumes: !reset null`, `command: !reset`).
  public var isNull: Bool {
    guard kind == .scalar, style == .plain else { return false }
    if let tag, !["tag:yaml.org,2002:null", "!reset", "!override"].contains(tag) { return false }
    return value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL"
  }

  /// A plain or quoted scalar's value read as a YAML 1.1/1.2 boolean, as Compose does.
  public var boolValue: Bool? {
    guard kind == .scalar else { return nil }
    if style != .plain { return nil }
    return Self.boolValue(ofPlain: value)
  }

  /// What a plain scalar's text reads as, as a YAML 1.1 boolean (`yes`, `On`, `false`), nil for others.
  public static func boolValue(ofPlain text: String) -> Bool? {
    switch text {
    case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
    case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
    default: return nil
    }
  }

  /// The scalar's value as text when the node is a scalar (after resolving an alias).
  public var scalarValue: String? {
    let node = resolved
    return node.kind == .scalar ? node.value : nil
  }

  /// The first pair whose key is the scalar `key`, in this mapping only (merges not followed).
  public func ownPair(_ key: String) -> (key: YAMLNode, value: YAMLNode)? {
    pairs.first { $0.key.kind == .scalar && $0.key.value == key }
  }

  /// All pairs of a mapping as YAML merge keys (`<<`) define them: own keys first, then merged mappings in
  /// order, each key once. Merged mappings are read through their aliases, never copied.
  public var effectivePairs: [(key: YAMLNode, value: YAMLNode)] {
    guard kind == .mapping else { return resolved.kind == .mapping ? resolved.effectivePairs : [] }
    var seen = Set<String>()
    var result: [(key: YAMLNode, value: YAMLNode)] = []
    var merges: [YAMLNode] = []
    for pair in pairs {
      if pair.key.isMergeKey {
        let source = pair.value.resolved
        if source.kind == .mapping {
          merges.append(source)
        } else if source.kind == .sequence {
          merges.append(contentsOf: source.items.map(\.resolved).filter { $0.kind == .mapping })
        }
        continue
      }
      let name = pair.key.kind == .scalar ? pair.key.value : "\u{0}\(pair.key.range.lower)"
      if seen.insert(name).inserted { result.append(pair) }
    }
    for merged in merges {
      // A merged mapping may itself merge others; depth is bounded by the document's nesting.
      for pair in merged.effectivePairs {
        let name = pair.key.kind == .scalar ? pair.key.value : "\u{0}\(pair.key.range.lower)"
        if seen.insert(name).inserted { result.append(pair) }
      }
    }
    return result
  }

  /// The value for `key`, following `<<` merges; own keys win.
  public func value(forKey key: String) -> YAMLNode? {
    // Own keys win and the first of a repeated key counts, as in `effectivePairs`: look at them directly (no
    // merged list built per lookup), and merge only when the key is not the mapping's own.
    if kind == .mapping {
      var merges = false
      for pair in pairs {
        if pair.key.isMergeKey {
          merges = true
        } else if pair.key.kind == .scalar && pair.key.value == key {
          return pair.value
        }
      }
      if !merges { return nil }
    }
    return effectivePairs.first { $0.key.kind == .scalar && $0.key.value == key }?.value
  }

  /// True when this key node is the merge key `<<`.
  public var isMergeKey: Bool {
    kind == .scalar && value == "<<" && style == .plain
      && (tag == nil || tag == "tag:yaml.org,2002:merge")
  }

  /// A short name of the kind for messages: "a mapping", "a sequence", "a scalar".
  public var kindDescription: String {
    switch resolved.kind {
    case .scalar: return isNull ? "null" : "a scalar"
    case .mapping: return "a mapping"
    case .sequence: return "a sequence"
    case .alias: return "an alias"
    }
  }
}

/// One document of a YAML stream.
extension YAMLNode {
  /// Every scalar at or under this node in document order, each once, with whether it is a mapping key.
  /// Aliases are not followed (their anchored node is visited where it stands).
  public func scalars() -> [(node: YAMLNode, isKey: Bool)] {
    var result: [(node: YAMLNode, isKey: Bool)] = []
    func visit(_ node: YAMLNode, isKey: Bool) {
      switch node.kind {
      case .scalar: result.append((node, isKey))
      case .mapping:
        for (key, value) in node.pairs {
          visit(key, isKey: true)
          visit(value, isKey: false)
        }
      case .sequence: for item in node.items { visit(item, isKey: false) }
      case .alias: break
      }
    }
    visit(self, isKey: false)
    return result
  }
}

public struct YAMLDocument: Sendable {
  /// The root node; nil for an empty document.
  public var root: YAMLNode?
  /// Where the document's content starts and ends in the original bytes.
  public var range: ByteRange
}

/// A parsed YAML stream (one or more documents) with the bytes it came from.
public struct YAMLStream: Sendable {
  public var documents: [YAMLDocument]
  public var source: SourceFile
}

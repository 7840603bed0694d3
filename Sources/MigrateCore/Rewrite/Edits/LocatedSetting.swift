/// One setting of a container as written, whichever way its input spells it: a command-line flag with its
/// value, a compose `key: value` entry, or one item of a compose list key. Rules read `value` and point at
/// `at`; `OptionSite.remove` deletes it.
public struct LocatedSetting: Sendable {
  /// How the setting is written.
  public enum Place: Sendable {
    case flag(ParsedFlag)
    case entry(key: YAMLNode, value: YAMLNode)
    case item(key: YAMLNode, list: YAMLNode, item: YAMLNode)
  }

  /// The option table's name of the setting (its docker long flag, `security-opt`).
  public var option: String
  /// The value as written, when it is statically known (one item for a list key).
  public var value: String?
  /// Where findings about the value point.
  public var at: ByteRange
  public var place: Place

  /// The setting's name as written: the flag with its dashes (`--memory-swappiness`), or the compose key.
  public var spelled: String {
    switch place {
    case .flag(let flag): return flag.spelledAs
    case .entry(let key, _), .item(let key, _, _): return key.value
    }
  }

  /// Where the setting's name is written: the flag's word, or the compose key.
  public var nameRange: ByteRange {
    switch place {
    case .flag(let flag): return flag.spelling.range
    case .entry(let key, _), .item(let key, _, _): return key.range
    }
  }

  /// The settings of a `run`/`create` command line, one per flag.
  static func flags(_ flags: [ParsedFlag]) -> [LocatedSetting] {
    flags.map { flag in
      LocatedSetting(
        option: ContainerOption.forFlag(flag.name)?.flag ?? flag.name, value: flag.value,
        at: flag.valueRange ?? flag.spelling.range, place: .flag(flag))
    }
  }

  /// The settings a compose service mapping writes itself (keys of the option table; not merged `<<` keys),
  /// one per item of a list key.
  static func entries(_ mapping: YAMLNode, in source: SourceFile) -> [LocatedSetting] {
    mapping.pairs.flatMap { pair -> [LocatedSetting] in
      guard pair.key.kind == .scalar, let option = ContainerOption.forComposeKey(pair.key.value) else { return [] }
      let value = pair.value.resolved
      guard value.kind == .sequence else {
        let written = value.sourceValue(in: source)
        return [
          LocatedSetting(
            option: option.flag, value: value.kind == .scalar ? value.value : nil,
            at: written.valueRange ?? written.range, place: .entry(key: pair.key, value: pair.value))
        ]
      }
      return value.items.compactMap { item in
        let scalar = item.resolved
        guard scalar.kind == .scalar else { return nil }
        let written = scalar.sourceValue(in: source)
        return LocatedSetting(
          option: option.flag, value: scalar.value, at: written.valueRange ?? written.range,
          place: .item(key: pair.key, list: pair.value, item: item))
      }
    }
  }
}

extension OptionSite {
  /// The edit that removes `setting` from the container: the flag and its value with the blanks before it,
  /// the entry's whole lines, or the item's line (the whole key when it is the only item); nil when other
  /// text shares those bytes (`-itd`, flow style).
  public func remove(_ setting: LocatedSetting, in source: SourceFile) -> TextEdit? {
    switch setting.place {
    case .flag(let flag): return flag.deletionRange(in: source).map { .delete($0) }
    case .entry(let key, let value): return source.entryLines(key: key, value: value).map { .delete($0) }
    case .item(let key, let list, let item): return source.listItemDeletion(key: key, list: list, item: item)
    }
  }
}

extension Container {
  /// The settings of option `name` as written on this container.
  public func locatedSettings(_ name: ContainerOption.Name) -> [LocatedSetting] {
    let flag = ContainerOption.entry(name)?.flag ?? name.flag
    return self.settings.filter { $0.option == flag }
  }
}

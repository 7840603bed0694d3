extension OptionSite {
  /// The edit that gives `setting` the value `value`, kept within the quotes it is written in: a flag's value
  /// (`--x=v`, `--x v`, `-x v`, `-xv`), a compose entry's scalar (`key: v`), or one item of a list key (block
  /// `- v` or flow `[v, w]`). Nil when the old value is not in the file byte for byte (escapes, expansions,
  /// Makefile `$$`, folded scalars), when it is an alias of an anchor that others share, or when `value`
  /// cannot be written there as it stands (a quote of the same kind, a `$` the shell or compose would
  /// expand, a `,` inside a flow list).
  public func replace(_ setting: LocatedSetting, with value: String, in source: SourceFile) -> TextEdit? {
    guard !value.contains("$") else { return nil }
    switch setting.place {
    case .flag(let flag):
      return flag.valueReplacement(value)
    case .entry(_, let node):
      guard node.kind == .scalar else { return nil }
      return node.sourceValue(in: source).edit(replacingWith: value)
    case .item(_, let list, let item):
      guard list.kind == .sequence, item.kind == .scalar else { return nil }
      return item.sourceValue(in: source).edit(replacingWith: value)
    }
  }

  /// The edit that writes `setting` as the settings `replacements` instead, on a command line: the flag and
  /// its value become `--name value` for each (GPUs as `--device nvidia.com/gpu=all`). Nil on a compose
  /// service (one key does not turn into others in place: the emitters reshape keys), when the flag shares
  /// its word (`-itd`), or when a value would need shell quoting.
  public func replace(
    _ setting: LocatedSetting, by replacements: [(ContainerOption.Name, String)], in source: SourceFile
  ) -> TextEdit? {
    guard case .flag(let flag) = setting.place, flag.deletionRange(in: source) != nil,
      replacements.allSatisfy({ $0.0.isWritable && ValueContext.canHold($0.1, in: .shellUnquoted) })
    else { return nil }
    let text = replacements.map { "--\($0.0.flag) \($0.1)" }.joined(separator: " ")
    return TextEdit(replacing: flag.optionRange, with: text)
  }
}

extension ParsedFlag {
  /// The edit that replaces the flag's value with `value`, inside the quotes of the word part that holds
  /// it; nil when the value does not map onto the file or `value` cannot be written in that quoting.
  func valueReplacement(_ value: String) -> TextEdit? {
    guard let valueRange = self.valueRange, let word = self.valueWord else { return nil }
    // The one literal part holding the whole value says how it is quoted.
    let holder = zip(word.parts, word.partValueRanges).first { part, range in
      guard case .literal = part, let range else { return false }
      return range.lower <= valueRange.lower && valueRange.upper <= range.upper
    }
    guard let (part, _) = holder, case .literal(_, _, let quoting) = part,
      ValueContext.canHold(value, in: ScriptParser.context(of: quoting))
    else { return nil }
    return TextEdit(replacing: valueRange, with: value)
  }
}

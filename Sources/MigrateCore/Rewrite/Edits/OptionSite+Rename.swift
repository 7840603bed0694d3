extension OptionSite {
  /// The edit that writes `setting` under the name `name`, its value untouched: on a command line the flag
  /// becomes `--NAME` (`--net-alias db` → `--network-alias db`, `-p80` → `--publish=80`), on a compose
  /// service the key becomes the entry's compose key. Nil when the flag shares its word (`-itd`) or is not
  /// written plainly, when `name` has no top-level compose key or the service has that key already, or for
  /// one item of a list key that holds others too.
  public func rename(_ setting: LocatedSetting, to name: ContainerOption.Name, in source: SourceFile) -> TextEdit? {
    switch setting.place {
    case .flag(let flag):
      guard name.isWritable else { return nil }
      return flag.renaming(to: "--" + name.flag)
    case .entry(let key, _):
      return renamingKey(key, to: name)
    case .item(let key, let list, _):
      guard list.resolved.items.count == 1 else { return nil }
      return renamingKey(key, to: name)
    }
  }

  /// The edit that replaces the compose key `key` with `name`'s.
  private func renamingKey(_ key: YAMLNode, to name: ContainerOption.Name) -> TextEdit? {
    guard let option = ContainerOption.entry(name), case .key(let path) = option.compose, path.count == 1,
      mapping?.value(forKey: path[0]) == nil
    else { return nil }
    return TextEdit(replacing: key.range, with: path[0])
  }
}

extension ParsedFlag {
  /// The edit that writes the flag as `long` (a long flag with its dashes, `--publish`), its value untouched;
  /// nil when the flag shares its word with others (`-itd`) or its name does not map onto the file.
  func renaming(to long: String) -> TextEdit? {
    guard let nameRange = self.nameRange else { return nil }
    if self.spelledAs.hasPrefix("--") { return TextEdit(replacing: nameRange, with: long) }
    // A shorthand: its letter must come right after the word's dash (`-p`, `-p=80`, `-p80`, not `-itd`).
    let word = self.spelling.range
    guard nameRange.lower == word.lower + 1 else { return nil }
    let dashAndLetter = ByteRange(word.lower, nameRange.upper)
    let raw = self.spelling.rawText
    if raw == self.spelledAs || raw.hasPrefix(self.spelledAs + "=") {
      return TextEdit(replacing: dashAndLetter, with: long)
    }
    // `-p80`: the value follows the letter in the same word, so the long flag takes it after `=`.
    guard self.valueWord?.range == word, self.valueSourceRange?.lower == nameRange.upper else { return nil }
    return TextEdit(replacing: dashAndLetter, with: long + "=")
  }
}

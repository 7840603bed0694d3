// Shell queries: what rules ask of the commands and words the shell reader found (as hadolint keeps them in
// `Shell.hs`). They read; they never edit.

extension ShellStatement {
  /// The words after `sudo` or `doas` and their options (`sudo -E tee f` → `tee f`); all the words when the
  /// command does not start with one.
  var wordsAfterSudo: ArraySlice<ShellWord> {
    var words = words[...]
    while let first = words.first?.staticValue, ["sudo", "doas"].contains(first) || first.hasPrefix("-") {
      words.removeFirst()
    }
    return words
  }

  /// The words a command assigns: prefix assignments (`A=1 cmd`, `A=1`) and the operands of `export`,
  /// `declare -x`, `readonly`, `local` and `env` that have the `NAME=value` form.
  var assignedWords: [ShellWord] {
    var result = assignments
    guard let program = words.first?.staticValue,
      ["export", "declare", "typeset", "readonly", "local", "env"].contains(program)
    else { return result }
    for word in words.dropFirst() {
      guard let text = word.staticValue ?? Optional(word.literalPrefix), !text.hasPrefix("-") else { continue }
      if program == "env" && !text.contains("=") { break }
      if let equals = text.firstIndex(of: "="), text[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
        !text[..<equals].isEmpty
      {
        result.append(word)
      }
    }
    return result
  }

  /// `export NAME` without a value names a variable too.
  var exportedNames: [ShellWord] {
    guard words.first?.staticValue == "export" else { return [] }
    return words.dropFirst().filter { ($0.staticValue.map { !$0.contains("=") && !$0.hasPrefix("-") }) ?? false }
  }
}

extension ShellWord {
  /// `$NAME`, `${NAME}`, `"$NAME"` or `"${NAME}"`: the word is one variable, whose name this is.
  var soleVariableName: String? {
    var text = rawText
    if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
    guard text.hasPrefix("$") else { return nil }
    text.removeFirst()
    if text.hasPrefix("{") {
      guard text.hasSuffix("}") else { return nil }
      text = String(text.dropFirst().dropLast())
    }
    guard let first = text.first, first == "_" || first.isLetter,
      text.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber })
    else { return nil }
    return text
  }

  /// For `NAME=value`: the name (from the word's literal prefix).
  var assignmentName: String? {
    let text = literalPrefix
    guard let equals = text.firstIndex(of: "=") else { return nil }
    return String(text[..<equals])
  }
}

extension ShellStatement {
  /// `xargs -P N` (N ≠ 1) or GNU `parallel` in front of the command.
  var parallelLauncher: String? {
    let words = self.words.map { $0.staticValue ?? $0.rawText }
    guard let first = words.first?.split(separator: "/").last.map(String.init) else { return nil }
    if first == "parallel" { return "parallel" }
    guard first == "xargs" else { return nil }
    for (index, word) in words.enumerated() {
      var count: String?
      if word == "-P" || word == "--max-procs" {
        count = words[safe: index + 1]
      } else if word.hasPrefix("--max-procs=") {
        count = String(word.dropFirst("--max-procs=".count))
      } else if word.hasPrefix("-P") {
        count = String(word.dropFirst(2))
      }
      if let count, count != "1" { return "xargs -P \(count)" }
    }
    return nil
  }
}

extension ShellWord {
  /// The program a static word names, without its folder (`/usr/bin/curl` → `curl`); nil for a word whose
  /// value is not static.
  var programName: String? { staticValue.map { $0.split(separator: "/").last.map(String.init) ?? $0 } }

  /// The ranges of `item` in a comma-separated list held by the word, after `offset` value bytes
  /// (`docker` in `--groups=sudo,docker`); the whole word where an item's bytes are not its own.
  func listItemRanges(of item: String, afterValueBytes offset: Int) -> [ByteRange] {
    guard let text = staticValue, offset <= text.utf8.count else { return [] }
    var result: [ByteRange] = []
    var start = offset
    for group in String(decoding: Array(text.utf8)[offset...], as: UTF8.self).split(
      separator: ",", omittingEmptySubsequences: false)
    {
      let count = group.utf8.count
      if group == item {
        result.append(exactSourceRange(ofValueBytes: start..<(start + count)) ?? range)
      }
      start += count + 1
    }
    return result
  }
}

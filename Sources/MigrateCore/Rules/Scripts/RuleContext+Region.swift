extension RuleContext {
  /// Reports a finding made on a command of `region`: at `range` with its fix when the region is the file's
  /// own text, else at the region with the fix only shown (its spans are in the region's detached text).
  mutating func report(
    _ meta: RuleMeta, _ message: String, at range: ByteRange, in region: ShellRegion, fix: Fix?, review: String? = nil
  ) {
    guard region.isVerbatim else {
      report(meta, message, at: region.range, fix: fix.map { Fix($0.title, .displayOnly, []) }, review: review)
      return
    }
    report(meta, message, at: range, fix: fix, review: review)
  }
}

extension ShellCommand {
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

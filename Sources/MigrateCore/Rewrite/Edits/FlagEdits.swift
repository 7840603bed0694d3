extension ParsedFlag {
  /// The bytes to delete to remove the flag and its value from the command line, with the blanks before it;
  /// nil when the flag shares its word with others (`-itd`).
  func deletionRange(in source: SourceFile) -> ByteRange? {
    guard
      self.spelledAs.hasPrefix("--") || self.spelling.rawText == self.spelledAs
        || self.spelling.rawText.hasPrefix(self.spelledAs + "=")
    else { return nil }
    var lower = self.spelling.range.lower
    while lower > 0, source.bytes[lower - 1] == 0x20 || source.bytes[lower - 1] == 0x09 { lower -= 1 }
    let upper = self.valueWord.map { max($0.range.upper, self.spelling.range.upper) } ?? self.spelling.range.upper
    return ByteRange(lower, upper)
  }

  /// The bytes from the flag to the end of its value (what a replacement of the whole option covers).
  var optionRange: ByteRange {
    ByteRange(
      self.spelling.range.lower,
      self.valueWord.map { max($0.range.upper, self.spelling.range.upper) } ?? self.spelling.range.upper)
  }
}

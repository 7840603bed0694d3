/// A systemd unit or Quadlet file read as sections of `Key=value` entries, each located in the file: what the
/// upgrade rules and the unit-to-Quadlet conversion read (`ScriptExtractor.systemdUnit` reads only the shell).
public struct SystemdUnitFile: Sendable {
  public struct Entry: Sendable {
    public var section: String
    public var key: String
    /// The value without the blanks around it (continuation lines joined as written).
    public var value: String
    public var keyRange: ByteRange
    public var valueRange: ByteRange
    /// The whole entry with its line break, for deleting it.
    public var lineRange: ByteRange
  }

  public var entries: [Entry]
  /// The section headers as written (`Unit`, `Service`, `Container`, …), in order.
  public var sections: [String]

  public init(_ source: SourceFile) {
    var entries: [Entry] = []
    var sections: [String] = []
    var section = ""
    for line in ScriptExtractor.logicalLines(source) {
      let text = ScriptExtractor.byteAligned(source, line)
      let trimmed = text.trimmingSpaces
      if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
      if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
        section = String(trimmed.dropFirst().dropLast())
        sections.append(section)
        continue
      }
      guard let equals = text.firstIndex(of: "=") else { continue }
      let keyText = String(text[..<equals])
      let key = keyText.trimmingSpaces
      let lead = keyText.utf8.count - keyText.drop { $0 == " " || $0 == "\t" }.utf8.count
      let keyStart = line.lower + lead
      var valueStart = line.lower + keyText.utf8.count + 1
      while valueStart < line.upper, source.bytes[valueStart] == 0x20 || source.bytes[valueStart] == 0x09 {
        valueStart += 1
      }
      var valueEnd = line.upper
      while valueEnd > valueStart, [0x20, 0x09, 0x0D].contains(source.bytes[valueEnd - 1]) { valueEnd -= 1 }
      let valueRange = ByteRange(valueStart, valueEnd)
      entries.append(
        Entry(
          section: section, key: key, value: source.text(valueRange),
          keyRange: ByteRange(keyStart, keyStart + key.utf8.count),
          valueRange: valueRange,
          lineRange: ByteRange(
            line.lower, source.lines.endOfLineIncludingBreak(containing: max(line.lower, line.upper - 1)))))
    }
    self.entries = entries
    self.sections = sections
  }

  /// The entries of `key` in `section`, in order.
  public func entries(_ section: String, _ key: String) -> [Entry] {
    entries.filter { $0.section == section && $0.key == key }
  }

  /// True for a Quadlet file: a `[Container]`, `[Volume]`, `[Network]`, `[Kube]`, `[Pod]`, `[Build]` or
  /// `[Image]` section.
  public var isQuadlet: Bool {
    sections.contains { ["Container", "Volume", "Network", "Kube", "Pod", "Build", "Image"].contains($0) }
  }
}

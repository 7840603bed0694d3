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

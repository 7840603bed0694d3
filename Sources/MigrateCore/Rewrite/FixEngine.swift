/// Applies fixes: keeps those at or above the requested applicability, skips any that overlaps one already
/// accepted, re-parses and re-checks until nothing changes, and drops every edit if the output no longer
/// parses (ruff's `lint_fix`).
public struct FixEngine: Sendable {
  /// More rounds than this means two fixes keep undoing each other: a bug.
  public static let maxRounds = 10

  public var applyAtLeast: Applicability

  public init(applyAtLeast: Applicability) {
    self.applyAtLeast = applyAtLeast
  }

  /// The outcome for one file.
  public struct Outcome: Sendable {
    public var output: [UInt8]
    /// Findings located in the original file, sorted by position; `fixed` marks those whose fix is applied.
    public var findings: [Finding]
    /// A fix broke the file or the fixes did not converge: all edits were dropped.
    public var internalError: String?
    public var rounds: Int
  }

  /// Runs `check` on `source`, applies fixes round after round and returns the result.
  /// `check` throws a `ParseDiagnostic` when its input does not parse.
  public func run(_ source: SourceFile, check: (SourceFile) throws -> [Finding]) throws -> Outcome {
    var reported = dedupe(try check(source))
    var current = source
    var history: [EditMap] = []
    var round = 0
    // The findings of the fixed text, from checking that it still parses: the next round's, not checked again.
    var pending: [Finding] = []
    while true {
      let findings = round == 0 ? reported : dedupe(pending)
      let accepted = select(findings)
      if round > 0 {
        merge(findings, accepted: accepted.findingIndexes, history: history, into: &reported)
      } else {
        for index in accepted.findingIndexes { reported[index].fixed = true }
      }
      if accepted.edits.isEmpty { break }
      round += 1
      if round > Self.maxRounds {
        return Outcome(
          output: source.bytes, findings: sorted(reported.map { unfixed($0) }),
          internalError: "fixes did not converge after \(Self.maxRounds) rounds", rounds: round)
      }
      let next = SourceFile(path: source.path, bytes: TextEdit.apply(accepted.edits, to: current.bytes))
      do {
        pending = try check(next)
      } catch {
        let rules = Set(accepted.findingIndexes.map { findings[$0].ruleID }).sorted().joined(separator: ", ")
        let detail = (error as? ParseDiagnostic).map { $0.problem } ?? "\(error)"
        return Outcome(
          output: source.bytes, findings: sorted(reported.map { unfixed($0) }),
          internalError: "fixes by \(rules) made the output unparsable (\(detail)); no edit was applied",
          rounds: round)
      }
      history.append(EditMap(accepted.edits))
      current = next
    }
    return Outcome(output: current.bytes, findings: sorted(reported), internalError: nil, rounds: round)
  }

  /// The fixes of one round that may be applied together: sorted by position, disjoint. Identical edits
  /// proposed twice (a shared anchor seen through two services) count once.
  func select(_ findings: [Finding]) -> (edits: [TextEdit], findingIndexes: [Int]) {
    let candidates = findings.indices.filter { index in
      guard let fix = findings[index].fix else { return false }
      return fix.applicability >= applyAtLeast && !fix.edits.isEmpty
    }
    // At one offset, an insertion that continues the current line (`:U`) goes before one that starts a new
    // line (a new key), so appended text stays on the line it belongs to.
    func startsLine(_ index: Int) -> Int {
      guard let first = findings[index].fix?.edits.first, first.range.isEmpty else { return 0 }
      return first.replacement.hasPrefix("\n") || first.replacement.hasPrefix("\r\n") ? 1 : 0
    }
    let ordered = candidates.enumerated().sorted { a, b in
      let ra = findings[a.element].fix?.span ?? .at(0)
      let rb = findings[b.element].fix?.span ?? .at(0)
      if ra != rb { return ra < rb }
      let la = startsLine(a.element)
      let lb = startsLine(b.element)
      return la != lb ? la < lb : a.offset < b.offset
    }.map(\.element)
    var edits: [TextEdit] = []
    var accepted: [Int] = []
    var seen = Set<TextEdit>()
    for index in ordered {
      guard let fix = findings[index].fix else { continue }
      if fix.edits.allSatisfy({ seen.contains($0) }) {
        accepted.append(index)
        continue
      }
      // A fix is taken whole or not at all: check its new edits against the last accepted one first.
      var last = edits.last
      var ok = true
      for edit in fix.edits where !seen.contains(edit) {
        if let previous = last,
          edit.range.lower < previous.range.upper
            || (edit.range.lower == previous.range.lower && !previous.range.isEmpty && !edit.range.isEmpty)
        {
          ok = false
          break
        }
        last = edit
      }
      guard ok else { continue }
      edits.append(contentsOf: fix.edits.filter { !seen.contains($0) })
      seen.formUnion(fix.edits)
      accepted.append(index)
    }
    return (edits, accepted)
  }

  /// Adds the findings of a later round to the report, located in the original file.
  private func merge(_ findings: [Finding], accepted: [Int], history: [EditMap], into reported: inout [Finding]) {
    let acceptedSet = Set(accepted)
    // One lookup table instead of a scan per finding: a file may have tens of thousands of findings.
    var known = [Place: Int]()
    known.reserveCapacity(reported.count)
    for (position, finding) in reported.enumerated() {
      let place = Place(rule: finding.ruleID, offset: finding.range.lower)
      if known[place] == nil { known[place] = position }
    }
    for (index, finding) in findings.enumerated() {
      var mapped = finding
      mapped.range = mapBack(finding.range, through: history)
      let place = Place(rule: mapped.ruleID, offset: mapped.range.lower)
      if let existing = known[place] {
        if acceptedSet.contains(index) { reported[existing].fixed = true }
      } else {
        mapped.fixed = acceptedSet.contains(index)
        mapped.fix = nil
        known[place] = reported.count
        reported.append(mapped)
      }
    }
  }

  /// Maps a range in the text after `history` back to the original bytes; offsets inside inserted text map
  /// to the place of the insertion.
  func mapBack(_ range: ByteRange, through history: [[TextEdit]]) -> ByteRange {
    mapBack(range, through: history.map(EditMap.init))
  }

  func mapBack(_ range: ByteRange, through history: [EditMap]) -> ByteRange {
    var lower = range.lower
    var upper = range.upper
    for edits in history.reversed() {
      lower = edits.original(lower)
      upper = max(lower, edits.original(upper))
    }
    return ByteRange(lower, upper)
  }

  /// One round's edits (sorted, disjoint) as offsets in the text after them, so an offset maps back by
  /// binary search, not by a walk over every edit before it: a large file's round has tens of thousands.
  struct EditMap {
    /// Where each edit starts, ends and started in the original text, and the bytes added up to its end.
    private var newLowers: [Int] = []
    private var newUppers: [Int] = []
    private var lowers: [Int] = []
    private var deltas: [Int] = []

    init(_ edits: [TextEdit]) {
      var delta = 0
      newLowers.reserveCapacity(edits.count)
      newUppers.reserveCapacity(edits.count)
      lowers.reserveCapacity(edits.count)
      deltas.reserveCapacity(edits.count)
      for edit in edits {
        let added = edit.replacement.utf8.count
        newLowers.append(edit.range.lower + delta)
        newUppers.append(edit.range.lower + delta + added)
        lowers.append(edit.range.lower)
        delta += added - edit.range.count
        deltas.append(delta)
      }
    }

    /// The offset in the text before the edits; an offset inside inserted text maps to the insertion's place.
    func original(_ offset: Int) -> Int {
      // The last edit that starts at or before `offset`.
      var low = 0
      var high = newLowers.count
      while low < high {
        let middle = (low + high) / 2
        if newLowers[middle] <= offset { low = middle + 1 } else { high = middle }
      }
      guard low > 0 else { return offset }
      // Edits before it end at or before its start (the edits are disjoint), so only it can hold `offset`.
      let index = low - 1
      return offset < newUppers[index] ? lowers[index] : offset - deltas[index]
    }
  }

  /// A finding's rule and where it starts: the same finding in two rounds (its message may differ).
  private struct Place: Hashable {
    let rule: String
    let offset: Int
  }

  /// A finding as reported: rule, range and message (built as keys, not as one interpolated string each).
  private struct Identity: Hashable {
    let rule: String
    let range: ByteRange
    let message: String
  }

  private func dedupe(_ findings: [Finding]) -> [Finding] {
    var seen = Set<Identity>(minimumCapacity: findings.count)
    return findings.filter { seen.insert(Identity(rule: $0.ruleID, range: $0.range, message: $0.message)).inserted }
  }

  private func unfixed(_ finding: Finding) -> Finding {
    var copy = finding
    copy.fixed = false
    return copy
  }

  private func sorted(_ findings: [Finding]) -> [Finding] {
    findings.enumerated().sorted { a, b in
      a.element.range.lower != b.element.range.lower
        ? a.element.range.lower < b.element.range.lower : a.offset < b.offset
    }.map(\.element)
  }
}

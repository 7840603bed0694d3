import Foundation

/// SARIF 2.1.0 (`--format sarif`): rules in `tool.driver.rules`, columns in Unicode code points
/// (`columnKind`), fixes as `fixes[].artifactChanges` with byte-offset regions.
public enum SARIFReporter {
  public static func render(_ batch: BatchReport) -> String {
    let metas = RuleCatalog.metas
    let ruleIndex = Dictionary(uniqueKeysWithValues: metas.enumerated().map { ($0.element.id, $0.offset) })
    let rules: [[String: Any]] = metas.map { meta in
      [
        "id": meta.id,
        "name": meta.name,
        "shortDescription": ["text": meta.summary],
        "fullDescription": ["text": meta.why],
        "help": ["text": "\(meta.why)\n\nFix safety: \(meta.fixSafety)"],
        "defaultConfiguration": ["level": level(meta.severity)],
        "properties": ruleProperties(meta),
      ]
    }
    var results: [[String: Any]] = []
    var artifacts: [[String: Any]] = []
    for file in batch.files {
      guard let result = file.result else { continue }
      let uri = uriReference(result.source.path)
      artifacts.append(["location": ["uri": uri], "length": result.source.bytes.count])
      let lines = result.source.lines
      let starts = lines.positions(of: result.findings.map(\.range.lower))
      let ends = lines.positions(of: result.findings.map(\.range.upper))
      for (index, finding) in result.findings.enumerated() {
        var entry: [String: Any] = [
          "ruleId": finding.ruleID,
          "level": level(finding.severity),
          "message": ["text": messageText(finding)],
          "locations": [
            [
              "physicalLocation": [
                "artifactLocation": ["uri": uri],
                "region": [
                  "startLine": starts[index].line, "startColumn": starts[index].column,
                  "endLine": ends[index].line, "endColumn": max(ends[index].column, 1),
                  "byteOffset": finding.range.lower, "byteLength": finding.range.count,
                ],
              ]
            ]
          ],
          "properties": properties(finding),
        ]
        if let rule = ruleIndex[finding.ruleID] { entry["ruleIndex"] = rule }
        if let fix = finding.fix, !fix.edits.isEmpty {
          entry["fixes"] = [
            [
              "description": ["text": "\(fix.title) (\(fix.applicability.name))"],
              "artifactChanges": [
                [
                  "artifactLocation": ["uri": uri],
                  "replacements": fix.edits.map { edit in
                    [
                      "deletedRegion": ["byteOffset": edit.range.lower, "byteLength": edit.range.count],
                      "insertedContent": ["text": edit.replacement],
                    ] as [String: Any]
                  },
                ]
              ],
            ]
          ]
        }
        results.append(entry)
      }
    }
    let log: [String: Any] = [
      "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
      "version": "2.1.0",
      "runs": [
        [
          "tool": [
            "driver": [
              "name": "migrate", "version": MigrateVersion.string, "semanticVersion": MigrateVersion.string,
              "informationUri": "https://github.com/migrate-tool/migrate", "rules": rules,
            ]
          ],
          "columnKind": "unicodeCodePoints",
          "artifacts": artifacts,
          "results": results,
        ]
      ],
    ]
    let data =
      (try? JSONSerialization.data(
        withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// A result's verdict. SARIF's own `kind: "review"` would force `level: "none"` (§3.27.9) and hide the
  /// severity from code scanning, so the verdict is a property; `fixed` is true only for `status: "fixed"`.
  static func properties(_ finding: Finding) -> [String: Any] {
    var properties: [String: Any] = ["fixed": finding.isResolved, "status": finding.status.rawValue]
    if let review = finding.review { properties["review"] = review }
    return properties
  }

  /// The message, with what to review when the finding needs it: code-scanning views show only the text.
  static func messageText(_ finding: Finding) -> String {
    guard finding.status == .needsReview, let review = finding.review else { return finding.message }
    return "\(finding.message) (needs review: \(review))"
  }

  static func ruleProperties(_ meta: RuleMeta) -> [String: Any] {
    var properties: [String: Any] = ["fixAvailability": meta.fixAvailability.rawValue, "references": meta.references]
    if let review = meta.review { properties["review"] = review }
    return properties
  }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .info: return "note"
    }
  }

  /// A relative URI reference for a path (spaces and other reserved characters percent-encoded).
  static func uriReference(_ path: String) -> String {
    let allowed = CharacterSet.urlPathAllowed
    let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    return trimmed.addingPercentEncoding(withAllowedCharacters: allowed) ?? trimmed
  }
}

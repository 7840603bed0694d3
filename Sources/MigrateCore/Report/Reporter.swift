/// The one switch over report formats: `convert`, `units`, `convert --to …` and `batch` render their
/// findings through it, so a format is added (or changed) in one place.
public enum Reporter {
  /// What is reported: one converted file, or a batch of them.
  public enum Subject: Sendable {
    case file(ConversionResult)
    case batch(BatchReport)
  }

  /// The findings of `subject` in `format`. Text is coloured when `color` is set; JSON and SARIF never are.
  /// A file is reported as a batch of one in JSON and SARIF, so both commands give the same document shape.
  public static func render(_ subject: Subject, format: ReportFormat, options: ConversionOptions, color: Bool)
    -> String
  {
    let report: BatchReport
    switch subject {
    case .file(let result): report = BatchReport(single: result)
    case .batch(let batch): report = batch
    }
    switch format {
    case .text:
      if case .file(let result) = subject { return TextReporter.render(result, color: color) }
      return BatchReporter.findings(report, color: color)
    case .json: return JSONReporter.render(JSONReporter.report(report, options: options))
    case .sarif: return SARIFReporter.render(report)
    }
  }
}

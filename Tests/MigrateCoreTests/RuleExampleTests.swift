import Foundation
import Testing

@testable import MigrateCore

/// Runs every rule's documented examples: the documentation is the test.
@Suite("Rule examples")
struct RuleExampleTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var rule: any Rule
    var example: RuleExample
    var index: Int
    var testDescription: String { "\(type(of: rule).meta.id) example \(index) (\(example.kind.rawValue))" }
  }

  static let cases: [Case] = RuleCatalog.all.flatMap { rule in
    type(of: rule).meta.examples.enumerated().map { Case(rule: rule, example: $0.element, index: $0.offset) }
  }

  /// The example text without markers, and the byte offsets where markers were.
  static func unmark(_ text: String) -> (String, [Int]) {
    var output: [UInt8] = []
    var marks: [Int] = []
    let marker = Array(RuleExample.marker.utf8)
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
      if bytes[index...].starts(with: marker) {
        marks.append(output.count)
        index += marker.count
      } else {
        output.append(bytes[index])
        index += 1
      }
    }
    return (String(decoding: output, as: UTF8.self), marks)
  }

  @Test("example", arguments: cases)
  func example(_ test: Case) throws {
    let meta = type(of: test.rule).meta
    let (input, marks) = Self.unmark(test.example.input)
    var options = ConversionOptions(
      target: test.example.profile, mode: test.example.mode,
      applyAtLeast: test.example.unsafeFixes ? .unsafe : .safe)
    options.from = test.example.from.map { UpgradeOrigin(target: $0, podman: nil) }
    let result = Converter.convert(SourceFile(input), kind: test.example.language, options: options, rules: [test.rule])
    #expect(result.parseError == nil)
    let findings = result.findings.filter { $0.ruleID == meta.id }
    switch test.example.kind {
    case .passes:
      #expect(findings.isEmpty, "passing example reported: \(findings.map(\.message))")
    case .triggers:
      #expect(!marks.isEmpty, "a triggering example needs a 1️⃣ marker")
      #expect(
        meta.scope.contains(test.example.profile, test.example.mode),
        "a triggering example (\(test.example.target), \(test.example.mode)) lies outside the rule's scope \(meta.scope.description)"
      )
      #expect(
        findings.map(\.range.lower).sorted() == marks, "findings at \(findings.map(\.range.lower)), markers at \(marks)"
      )
      // Outside its scope the rule stays silent on the same input.
      for target in TargetProfile.Name.allCases {
        for mode in RunMode.allCases where !meta.scope.contains(target, mode) {
          var outsideOptions = ConversionOptions(target: .named(target), mode: mode)
          outsideOptions.from = options.from
          let outside = Converter.convert(
            SourceFile(input), kind: test.example.language, options: outsideOptions, rules: [test.rule])
          #expect(
            !outside.findings.contains { $0.ruleID == meta.id }, "reports on \(target), \(mode), outside its scope")
        }
      }
      if let fixed = test.example.fixed {
        #expect(result.outputText == fixed)
        let again = Converter.convert(
          SourceFile(fixed), kind: test.example.language, options: options, rules: [test.rule])
        #expect(again.findings.filter { $0.ruleID == meta.id && $0.fix != nil }.isEmpty, "fixed text still has a fix")
      } else {
        #expect(!result.changed, "example without `fixed` must not change")
      }
    }
  }
}

@Suite("Rule catalogue")
struct RuleCatalogTests {
  @Test("IDs are unique, sorted and well formed; names are kebab-case")
  func ids() {
    let ids = RuleCatalog.all.map { type(of: $0).meta.id }
    #expect(ids == ids.sorted())
    #expect(Set(ids).count == ids.count)
    for meta in RuleCatalog.metas {
      #expect(meta.id.count == 5 && meta.id.hasPrefix("MG") && Int(meta.id.dropFirst(2)) != nil)
      #expect(meta.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" })
      #expect(!meta.name.hasPrefix("no-") && !meta.name.hasPrefix("disallow-"))
      #expect(!meta.summary.hasSuffix("."))
    }
  }

  /// Whether `typeName` spells `ruleName` in UpperCamelCase: the same letters, and a capital wherever a word
  /// of the rule name starts (acronyms may keep more capitals: `selinux-relabel-option` is `SELinuxRelabelOption`).
  static func isUpperCamelCase(_ typeName: String, of ruleName: String) -> Bool {
    let words = ruleName.split(separator: "-").map(String.init)
    guard typeName.lowercased() == words.joined() else { return false }
    var index = typeName.startIndex
    for word in words {
      guard typeName[index].isUppercase || typeName[index].isNumber else { return false }
      index = typeName.index(index, offsetBy: word.count)
    }
    return true
  }

  @Test("UpperCamelCase check: word starts must be capitals; acronyms may add capitals")
  func camelCaseCheck() {
    #expect(Self.isUpperCamelCase("ComposeUnsupportedKey", of: "compose-unsupported-key"))
    #expect(Self.isUpperCamelCase("SELinuxRelabelOption", of: "selinux-relabel-option"))
    #expect(Self.isUpperCamelCase("CgroupV1OnlyOption", of: "cgroup-v1-only-option"))
    #expect(!Self.isUpperCamelCase("ComposeIgnoredKey", of: "compose-unsupported-key"))
    #expect(!Self.isUpperCamelCase("Composeunsupportedkey", of: "compose-unsupported-key"))
    #expect(!Self.isUpperCamelCase("LogDriver", of: "docker-log-driver"))
  }

  @Test("every rule's type is named after its rule name, in UpperCamelCase, and so is its file")
  func typeNames() {
    for rule in RuleCatalog.all {
      let meta = type(of: rule).meta
      let typeName = String(describing: type(of: rule))
      #expect(Self.isUpperCamelCase(typeName, of: meta.name), "\(meta.id): type \(typeName) for \(meta.name)")
    }
    for meta in RuleCatalog.metas {
      let file = (meta.sourceFile as NSString).lastPathComponent
      #expect(
        Self.isUpperCamelCase(String(file.dropLast(".swift".count)), of: meta.name),
        "\(meta.id): file \(meta.sourceFile) for \(meta.name)")
    }
  }

  @Test("every rule's source file is repository-relative, exists, and declares that rule and its type")
  func sourceFiles() throws {
    for meta in RuleCatalog.metas {
      #expect(meta.sourceFile.hasPrefix("Sources/MigrateCore/Rules/"), "\(meta.id): \(meta.sourceFile)")
      let url = Paths.root.appendingPathComponent(meta.sourceFile)
      let text = try String(contentsOf: url, encoding: .utf8)
      #expect(text.contains("id: \"\(meta.id)\", name: \"\(meta.name)\""), "\(meta.sourceFile) declares \(meta.id)")
      let typeName = String((meta.sourceFile as NSString).lastPathComponent.dropLast(".swift".count))
      #expect(
        text.contains("struct \(typeName): Rule {") || text.contains("enum \(typeName) {"),
        "\(meta.sourceFile) declares \(typeName)")
      #expect(RuleDocs.explain(meta).contains("\nSource: \(meta.sourceFile)\n"))
    }
    #expect(
      RuleMeta.repositoryRelative("/x/wt/Sources/MigrateCore/Rules/A.swift") == "Sources/MigrateCore/Rules/A.swift")
    #expect(RuleMeta.repositoryRelative("A.swift") == "A.swift")
  }

  @Test("every file under Rules/ that declares a rule is in the catalogue, once")
  func everyRuleFileCatalogued() throws {
    let rules = Paths.root.appendingPathComponent("Sources/MigrateCore/Rules")
    let enumerator = try #require(FileManager.default.enumerator(atPath: rules.path))
    var declaring: [String] = []
    while let relative = enumerator.nextObject() as? String {
      guard relative.hasSuffix(".swift") else { continue }
      let text = try String(contentsOf: rules.appendingPathComponent(relative), encoding: .utf8)
      if text.contains("static let meta = RuleMeta(") { declaring.append("Sources/MigrateCore/Rules/" + relative) }
    }
    let catalogued = RuleCatalog.metas.map(\.sourceFile)
    #expect(Set(catalogued).count == catalogued.count, "a file declares two rules")
    #expect(Set(declaring) == Set(catalogued), "\(Set(declaring).symmetricDifference(catalogued).sorted())")
  }

  @Test("every rule has a triggering and a passing example")
  func examples() {
    for rule in RuleCatalog.all {
      let meta = type(of: rule).meta
      #expect(meta.examples.contains { $0.kind == .triggers }, "\(meta.id) has no triggering example")
      #expect(meta.examples.contains { $0.kind == .passes }, "\(meta.id) has no passing example")
    }
  }

  @Test("declared fix availability matches the fixes the examples produce")
  func fixAvailability() {
    for rule in RuleCatalog.all {
      let meta = type(of: rule).meta
      var sawFix = false
      for example in meta.examples where example.kind == .triggers {
        let (input, _) = RuleExampleTests.unmark(example.input)
        var options = ConversionOptions(target: example.profile, mode: example.mode)
        options.from = example.from.map { UpgradeOrigin(target: $0, podman: nil) }
        let result = Converter.convert(SourceFile(input), kind: example.language, options: options, rules: [rule])
        for finding in result.findings where finding.ruleID == meta.id {
          if let fix = finding.fix {
            sawFix = true
            #expect(!fix.title.isEmpty)
          }
        }
      }
      switch meta.fixAvailability {
      case .none: #expect(!sawFix, "\(meta.id) declares no fix but emits one")
      case .always, .sometimes: #expect(sawFix, "\(meta.id) declares fixes but its examples emit none")
      }
    }
  }

  @Test("a rule whose examples give a needs-review verdict declares it in its meta, and only such a rule")
  func reviewDeclared() {
    for rule in RuleCatalog.all {
      let meta = type(of: rule).meta
      var sawReview = false
      for example in meta.examples {
        let (input, _) = RuleExampleTests.unmark(example.input)
        var options = ConversionOptions(
          target: example.profile, mode: example.mode, applyAtLeast: example.unsafeFixes ? .unsafe : .safe)
        options.from = example.from.map { UpgradeOrigin(target: $0, podman: nil) }
        let result = Converter.convert(SourceFile(input), kind: example.language, options: options, rules: [rule])
        let findings = result.findings.filter { $0.ruleID == meta.id }
        if findings.contains(where: { $0.status == .needsReview }) { sawReview = true }
        // A finding with something to review is never presented as fixed.
        #expect(!findings.contains { $0.review != nil && $0.status == .fixed })
        if example.kind == .passes { #expect(!findings.contains { $0.review != nil }) }
      }
      if meta.review == nil {
        #expect(!sawReview, "\(meta.id) gives needs-review verdicts but its meta has no `review`")
      } else {
        #expect(sawReview, "\(meta.id) declares `review` but no example shows a needs-review verdict")
      }
    }
  }

  @Test("explain, rules and docs show which rules' fixes may need review")
  func reviewShown() throws {
    let meta = try #require(RuleCatalog.meta(for: "MG104"))
    let review = try #require(meta.review)
    #expect(RuleDocs.explain(meta).contains("## Needs review\n\(review)\n"))
    #expect(RuleDocs.markdown().contains("### Needs review\n\n\(review)\n"))
    let lines = RuleDocs.list().split(separator: "\n")
    #expect(lines.contains { $0.hasPrefix("MG104 ") && $0.contains("fix:sometimes+review") })
    #expect(lines.filter { $0.contains("+review") }.count == RuleCatalog.metas.filter { $0.review != nil }.count)
  }

  @Test("explain finds rules by ID and by name")
  func lookup() throws {
    #expect(RuleCatalog.meta(for: "MG102")?.name == "writable-bind-mount")
    #expect(RuleCatalog.meta(for: "mg102")?.name == "writable-bind-mount")
    #expect(RuleCatalog.meta(for: "docker-socket-mount")?.id == "MG104")
    #expect(RuleCatalog.meta(for: "nope") == nil)
    #expect(RuleDocs.explain(try #require(RuleCatalog.meta(for: "MG104"))).contains("## Why is this a problem?"))
  }
}

@Suite("Rule documentation")
struct RuleDocumentationTests {
  @Test("docs/rules.md matches the catalogue (regenerate with MIGRATE_RECORD=1 or `migrate rules --markdown`)")
  func inSync() {
    let check = matchesGolden(RuleDocs.markdown(), Paths.root.appendingPathComponent("docs/rules.md"))
    #expect(check.ok, "\(check.message)")
  }
}

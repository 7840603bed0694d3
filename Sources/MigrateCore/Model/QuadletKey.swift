/// One key of a Quadlet file and the podman release whose Quadlet first reads it: the key table every Quadlet
/// emitter asks (`QuadletKey.key(_:_:on:)`) and the tests check emitted files against (`QuadletKey.problems`).
///
/// `[Container]` keys of container settings are the option table's (`ContainerOption.quadlet`); the others —
/// keys of `.pod`, `.build`, `.image`, `.volume` and `.network` files, and `[Container]` keys that are not a
/// docker setting (`Image`, `Notify`, `Pod`, …) — are `QuadletKey.others` (`QuadletKey+Table.swift`). Both are
/// data from research `podman-5-6.md`; the 5.4 and 5.8 boundaries are checked against the real generators by
/// `Tests/E2E/run.sh` (docs/verified-facts.md).
public struct QuadletKey: Sendable, Hashable, CustomStringConvertible {
  /// A section of a Quadlet file that Quadlet itself reads (`[Unit]`, `[Service]`, `[Install]` are systemd's).
  public enum Section: String, Sendable, CaseIterable, Hashable {
    case container = "Container"
    case pod = "Pod"
    case build = "Build"
    case image = "Image"
    case volume = "Volume"
    case network = "Network"
    case kube = "Kube"
    /// `[Quadlet]` (5.3: `DefaultDependencies=`).
    case quadlet = "Quadlet"
  }

  public let section: Section
  public let key: String
  public let since: PodmanFeature

  init(_ section: Section, _ key: String, since: PodmanFeature) {
    self.section = section
    self.key = key
    self.since = since
  }

  public var description: String { "[\(section.rawValue)] \(key)=" }

  /// Every key: the option table's `[Container]` keys, then the others.
  public static let all: [QuadletKey] =
    ContainerOption.all.compactMap { option in
      guard case .key(let key, let since) = option.quadlet else { return nil }
      return QuadletKey(.container, key, since: since)
    } + others

  static let bySectionAndKey: [String: QuadletKey] = Dictionary(
    all.map { ("\($0.section.rawValue)/\($0.key)", $0) }, uniquingKeysWith: { a, _ in a })

  /// The table's entry for `key` in `section`.
  public static func entry(_ section: Section, _ key: String) -> QuadletKey? {
    bySectionAndKey["\(section.rawValue)/\(key)"]
  }

  /// `key` when the target's Quadlet reads it in `section`, else nil (the emitter then passes the podman
  /// argument in `PodmanArgs=`, or leaves the setting out with a note).
  public static func key(_ section: Section, _ key: String, on target: TargetProfile) -> String? {
    // Emitters only ask for keys the table has: a missing one is a programmer's slip, never input.
    precondition(entry(section, key) != nil, "\(section.rawValue)/\(key) is not in the Quadlet key table")
    guard let entry = entry(section, key), target.supports(entry.since) else { return nil }
    return key
  }

  /// A Quadlet file type and the release that introduced it.
  public struct FileType: Sendable, Hashable {
    /// `.container`, `.pod`, …
    public let suffix: String
    public let section: Section
    public let since: PodmanFeature
  }

  public static let fileTypes: [FileType] = [
    FileType(suffix: ".container", section: .container, since: .quadlet),
    FileType(suffix: ".volume", section: .volume, since: .quadlet),
    FileType(suffix: ".network", section: .network, since: .quadlet),
    FileType(suffix: ".kube", section: .kube, since: .quadlet),
    FileType(suffix: ".image", section: .image, since: .quadletKeys48),
    FileType(suffix: ".pod", section: .pod, since: .quadletKeys50),
    FileType(suffix: ".build", section: .build, since: .quadletKeys52),
  ]

  /// The file type of a file name, by suffix.
  public static func fileType(of name: String) -> FileType? { fileTypes.first { name.hasSuffix($0.suffix) } }

  /// A value of a key that a later release than the key's learnt (`Notify=healthy` in 5.0, `Image=x.build`).
  public struct ValueForm: Sendable, Hashable {
    public enum Match: Sendable, Hashable {
      case exact(String)
      /// The value names another Quadlet file (`Image=web.build`).
      case suffix(String)
    }

    public let section: Section
    public let key: String
    public let match: Match
    public let since: PodmanFeature

    public func matches(_ value: String) -> Bool {
      switch match {
      case .exact(let text): return value == text
      case .suffix(let suffix): return value.hasSuffix(suffix)
      }
    }
  }

  public static let valueForms: [ValueForm] = [
    ValueForm(section: .container, key: "Notify", match: .exact("healthy"), since: .quadletKeys50),
    ValueForm(section: .container, key: "Image", match: .suffix(".image"), since: .quadletKeys48),
    ValueForm(section: .container, key: "Image", match: .suffix(".build"), since: .quadletKeys52),
    ValueForm(section: .container, key: "Network", match: .suffix(".container"), since: .quadletKeys53),
    ValueForm(section: .pod, key: "Network", match: .suffix(".container"), since: .quadletKeys53),
    ValueForm(section: .build, key: "Network", match: .suffix(".container"), since: .quadletKeys53),
  ]

  /// What in a Quadlet file `name` (its text) the target's podman would not read: a file type, section, key
  /// or value form newer than the target's Quadlet, or not in the table at all. Empty when the file is fine.
  /// Files that are not Quadlet files (`.service`) have no problems here.
  public static func problems(name: String, text: String, target: TargetProfile) throws -> [String] {
    guard let type = fileType(of: name) else { return [] }
    var problems: [String] = []
    if !target.supports(type.since) {
      problems.append("\(name): `\(type.suffix)` files need podman \(type.since.introduced)")
    }
    let unit = try UnitFile.parse(text)
    for setting in unit.settings {
      guard let section = Section(rawValue: setting.section) else {
        if !["Unit", "Service", "Install"].contains(setting.section) {
          problems.append("\(name): section [\(setting.section)] is not one Quadlet or systemd reads")
        }
        continue
      }
      if section != type.section && section != .quadlet {
        problems.append("\(name): section [\(section.rawValue)] in a `\(type.suffix)` file")
      }
      guard let entry = entry(section, setting.key) else {
        problems.append("\(name): [\(section.rawValue)] \(setting.key)= is not in the Quadlet key table")
        continue
      }
      if !target.supports(entry.since) {
        problems.append("\(name): \(entry) needs podman \(entry.since.introduced), target has \(target.podman)")
      }
      for form in valueForms
      where form.section == section && form.key == setting.key && form.matches(setting.value)
        && !target.supports(form.since)
      {
        problems.append(
          "\(name): \(setting.key)=\(setting.value) needs podman \(form.since.introduced), target has \(target.podman)")
      }
    }
    return problems
  }
}

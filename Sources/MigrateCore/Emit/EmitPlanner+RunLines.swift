/// Plans the `docker run`/`create` lines of a script (after conversion).
extension EmitPlanner {
  static func runLines(_ document: ScriptDocument) throws -> ProjectPlan {
    var containers: [Container] = []
    var taken: [String: Int] = [:]
    for command in document.commands {
      guard var container = command.container, let image = container.image else { continue }
      container.notes = runLineNotes(container)
      // The image names the service (composerize); an unexpanded shell word never does as written.
      if isShellWord(container.name) {
        let given = container.containerName?.text ?? ""
        let derived = given.isEmpty || isShellWord(given) ? derivedName(container.name) : given
        container.notes.append("the service name `\(derived)` is derived from `\(image.text)`, a shell expansion")
        container.name = derived
      }
      foldDomainName(&container)
      let count = taken[container.name, default: 0]
      taken[container.name] = count + 1
      if count > 0 { container.name += "-\(count + 1)" }
      containers.append(container)
    }
    var plan = ProjectPlan(name: nil, containers: containers, fromCompose: false)
    plan.notes = containers.flatMap(\.notes)
    return plan
  }

  /// True when `text` holds a shell expansion (`$NAME`, `${NAME}`, `$(…)`, `` `…` ``).
  static func isShellWord(_ text: String) -> Bool {
    text.contains("$") || text.contains("`")
  }

  /// A name for a service, network or volume from a shell word that cannot be one as written: the text
  /// without `$`, braces, parentheses, quotes and backticks, in Compose's letters (`${SQLIMAGE}` →
  /// `sqlimage`, `$(hostname)-db` → `hostname-db`); `service` when nothing is left.
  static func derivedName(_ text: String) -> String {
    var name = ""
    for scalar in text.lowercased().unicodeScalars {
      if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "." {
        name.unicodeScalars.append(scalar)
      } else if (scalar == "-" || scalar == " " || scalar == ":") && !name.isEmpty && !name.hasSuffix("-") {
        name += "-"
      }
    }
    while let last = name.last, "-_.".contains(last) { name.removeLast() }
    return name.isEmpty ? "service" : name
  }

  /// Notes for what a run line's container cannot carry over exactly: shell expansions (written as they
  /// are), and settings podman lacks (with the option table's reason), in the order given.
  static func runLineNotes(_ container: Container) -> [String] {
    func expansion(_ value: SourceValue?) -> [String] {
      guard let word = value?.expansion else { return [] }
      return ["`\(word)` is a shell expansion; it is written as is"]
    }
    var notes = expansion(container.image)
    if case .list(let words)? = container.command { notes += words.flatMap(expansion) }
    for setting in container.options {
      notes += expansion(setting.value)
      if let option = setting.option, case .none(let reason) = option.podman, option.flag != "domainname" {
        notes.append("`--\(option.flag)` of `\(container.name)`: \(reason)")
      }
    }
    return notes
  }
}

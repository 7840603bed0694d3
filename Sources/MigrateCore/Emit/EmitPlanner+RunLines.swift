/// Plans the `docker run`/`create` lines of a script (after conversion).
extension EmitPlanner {
  static func runLines(_ document: ScriptDocument) throws -> ProjectPlan {
    var containers: [Container] = []
    var taken: [String: Int] = [:]
    for command in document.commands {
      guard var container = command.container, container.image != nil else { continue }
      container.notes = runLineNotes(container)
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

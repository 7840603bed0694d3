/// Plans the `docker run`/`create` lines of a script (after conversion).
extension EmitPlanner {
  static func runLines(_ document: ScriptDocument) throws -> ProjectPlan {
    var containers: [ContainerPlan] = []
    var taken: [String: Int] = [:]
    for command in document.commands {
      guard command.container != nil, var plan = runLine(command) else { continue }
      let count = taken[plan.name, default: 0]
      taken[plan.name] = count + 1
      if count > 0 { plan.name += "-\(count + 1)" }
      containers.append(plan)
    }
    var plan = ProjectPlan(name: nil, containers: containers, fromCompose: false)
    plan.notes = containers.flatMap(\.notes)
    return plan
  }

  /// The service name composerize gives a run line: the image's last path part, without tag or digest.
  static func serviceName(image: String) -> String {
    let repository = ScriptDocument.repository(image)
    return repository.split(separator: "/").last.map(String.init) ?? repository
  }

  static func runLine(_ command: DockerCallSite) -> ContainerPlan? {
    let invocation = command.invocation
    var notes: [String] = []
    func text(_ word: ShellWord) -> String {
      if let value = word.staticValue { return value }
      notes.append("`\(word.rawText)` is a shell expansion; it is written as is")
      return word.rawText.replacingQuotes
    }
    guard let imageWord = invocation.image else { return nil }
    let image = text(imageWord)
    var plan = ContainerPlan(name: serviceName(image: image), image: image, anchor: invocation.range)
    let rest = invocation.positionals.dropFirst()
    if !rest.isEmpty { plan.command = rest.map(text) }
    var health = ContainerPlan.Health()
    var hasHealth = false
    for flag in invocation.flags {
      let value = flag.value ?? flag.valueWord.map(text)
      let name = ContainerOption.forFlag(flag.name)?.flag ?? flag.name
      switch (ContainerPlan.fields[name], name) {
      case (.one(let field)?, _): plan[keyPath: field] = value
      case (.many(let field)?, _): if let value { plan[keyPath: field].append(value) }
      case (.health(let field)?, _):
        health[keyPath: field] = value
        if name == "health-cmd" { hasHealth = true }
      case (_, "network"):
        guard let value else { continue }
        if ContainerOption.isNamedNetwork(value) { plan.networks.append(value) } else { plan.networkMode = value }
      case (_, "no-healthcheck"):
        health.disabled = true
        hasHealth = true
      case (_, "entrypoint"): if let value { plan.entrypoint = [value] }
      case (_, "read-only"): plan.readOnly = value.map { $0 != "false" } ?? true
      default:
        if let option = ContainerOption.forFlag(flag.name), option.podmanName == nil {
          add(option, values: [value ?? "true"], to: &plan, notes: &notes)
          continue
        }
        let long = "--" + (ContainerOption.forFlag(flag.name)?.podmanName ?? flag.name)
        if flag.spec?.arity == FlagArity.none || (flag.valueWord == nil && !flag.known) {
          plan.otherArguments.append(value.map { "\(long)=\($0)" } ?? long)
        } else if let value {
          plan.otherArguments.append("\(long)=\(value)")
        }
      }
    }
    if hasHealth { plan.health = health }
    plan.notes = notes
    foldDomainName(&plan)
    // Compose interpolates `$` in every value: a literal `$` (quoted on the run line, so the container's shell
    // or program reads it) is `$$`; an expansion the host shell would do stays a compose variable.
    plan.composeKeys = ComposeMapping.keys(invocation) { word in
      word.staticValue.map(ComposeMapping.literal) ?? word.rawText.replacingQuotes
    }
    return plan
  }
}

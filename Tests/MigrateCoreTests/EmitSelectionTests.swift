import Foundation
import Testing

@testable import MigrateCore

/// What the emitters take from a compose file before writing anything: the services `docker compose up`
/// starts (profiles), the variables that must have a value, and `$$` in health checks.
@Suite("Emitters select services and check variables")
struct EmitSelectionTests {
  static let options = ConversionOptions(target: .named(.noble), mode: .usernsAuto)

  static func plan(
    _ text: String, variables: [String: String] = [:], profiles: [String] = []
  ) throws -> ProjectPlan {
    try EmitPlanner.plan(
      SourceFile(path: "compose.yaml", text: text), kind: .compose, options: options, folder: "/srv/app",
      variables: variables, profiles: profiles
    ).plan
  }

  /// The error planning `text` throws, rendered as `migrate` prints it.
  static func error(_ text: String, variables: [String: String] = [:], profiles: [String] = []) -> String? {
    do {
      _ = try plan(text, variables: variables, profiles: profiles)
      return nil
    } catch let diagnostic as ParseDiagnostic {
      return diagnostic.rendered(in: SourceFile(path: "compose.yaml", text: text))
    } catch {
      return "\(error)"
    }
  }

  static let ollama = """
    services:
      webui:
        image: ghcr.io/open-webui/open-webui
      ollama-cpu:
        image: docker.io/ollama/ollama
        container_name: ollama
        profiles: [cpu]
      ollama-gpu:
        image: docker.io/ollama/ollama
        container_name: ollama
        profiles: [gpu]
      ollama-amd:
        image: docker.io/ollama/ollama:rocm
        container_name: ollama
        profiles: [amd]

    """

  @Test("without a profile only the services without profiles are emitted")
  func defaultSelection() throws {
    let plan = try Self.plan(Self.ollama)
    #expect(plan.containers.map(\.name) == ["webui"])
    #expect(plan.selectionNotes.count == 3)
    #expect(plan.selectionNotes.contains { $0.contains("`ollama-gpu`") && $0.contains("--profile gpu") })
    let units = try UnitEmitter.emit(plan, options: Self.options, source: "compose.yaml").files.map(\.name)
    #expect(!units.contains { $0.contains("ollama") })
  }

  @Test("--profile enables its services; COMPOSE_PROFILES is the fallback, --profile wins")
  func profileOption() throws {
    #expect(try Self.plan(Self.ollama, profiles: ["gpu"]).containers.map(\.name) == ["webui", "ollama-gpu"])
    #expect(
      try Self.plan(Self.ollama, variables: ["COMPOSE_PROFILES": "amd"]).containers.map(\.name)
        == ["webui", "ollama-amd"])
    #expect(
      try Self.plan(Self.ollama, variables: ["COMPOSE_PROFILES": "amd"], profiles: ["cpu"]).containers.map(\.name)
        == ["webui", "ollama-cpu"])
    let script = try PodmanScriptEmitter.emit(
      try Self.plan(Self.ollama, profiles: ["cpu"]), options: Self.options, source: "compose.yaml")
    #expect(script.components(separatedBy: "--name ollama ").count == 2)
  }

  @Test("two enabled services with one container_name are an error naming both")
  func nameClash() throws {
    let message = try #require(Self.error(Self.ollama, profiles: ["*"]))
    #expect(message.hasPrefix("compose.yaml:10:21: error: compose: services `ollama-cpu` and `ollama-gpu`"))
    #expect(message.contains("`ollama`"))
    #expect(Self.error(Self.ollama, profiles: ["cpu", "debug"]) == nil)
    let plain =
      "services:\n  a:\n    image: example.com/a\n    container_name: web\n  b:\n    image: example.com/b\n    container_name: web\n"
    let both = try #require(Self.error(plain))
    #expect(both.hasPrefix("compose.yaml:7:21: error: compose: services `a` and `b` both name their container `web`"))
    #expect(both.contains("only one can run; rename one"))
  }

  static let dependsOnProfile = """
    services:
      app:
        image: example.com/app
        depends_on:
          - db
      db:
        image: docker.io/library/postgres
        profiles: [database]

    """

  @Test("a dependency on a service whose profile is not enabled is an error, as in Compose")
  func dependencyOnDisabledProfile() throws {
    let message = try #require(Self.error(Self.dependsOnProfile))
    #expect(message.hasPrefix("compose.yaml:5:9: error: compose: service `app` depends on `db`"))
    #expect(message.contains("--profile database"))
    #expect(try Self.plan(Self.dependsOnProfile, profiles: ["database"]).containers.map(\.name) == ["app", "db"])
  }

  @Test("a dependency with required: false on a disabled service is dropped")
  func optionalDependency() throws {
    let text = """
      services:
        app:
          image: example.com/app
          depends_on:
            db:
              condition: service_started
              required: false
        db:
          image: docker.io/library/postgres
          profiles: [database]

      """
    let plan = try Self.plan(text)
    #expect(plan.containers.map(\.name) == ["app"])
    #expect(plan.containers.first?.dependsOn.isEmpty == true)
    #expect(plan.selectionNotes.contains { $0.contains("required: false") })
  }

  @Test("an unset variable in a volume or an image is an error naming it and where it is")
  func unsetStructuralVariable() throws {
    let volume = """
      services:
        db:
          image: docker.io/library/postgres
          volumes:
            - ${DB_DATA_LOCATION}:/var/lib/postgresql/data

      """
    let message = try #require(Self.error(volume))
    #expect(message.hasPrefix("compose.yaml:5:9: error: compose: `volumes` of service `db` uses `${DB_DATA_LOCATION}`"))
    #expect(message.contains("`DB_DATA_LOCATION` is not set"))
    let plan = try Self.plan(volume, variables: ["DB_DATA_LOCATION": "/srv/db"])
    #expect(plan.containers.first?.mounts.first?.source?.text == "/srv/db")

    let image = "services:\n  app:\n    image: example.com/app:$TAG\n"
    #expect(try #require(Self.error(image)).hasPrefix("compose.yaml:3:12: error: compose: `image` of service `app`"))
    let longVolume =
      "services:\n  app:\n    image: example.com/app\n    volumes:\n      - type: bind\n        source: ${UPLOADS}\n        target: /up\n"
    #expect(try #require(Self.error(longVolume)).contains("`UPLOADS` is not set"))
  }

  @Test("${VAR:-default} uses the default; ${VAR:?message} unset is an error with the message")
  func defaultsAndRequired() throws {
    let withDefault =
      "services:\n  app:\n    image: example.com/app:${TAG:-1.2}\n    volumes:\n      - ${DATA:-./data}:/data\n"
    let plan = try Self.plan(withDefault)
    #expect(plan.containers.first?.imageText == "example.com/app:1.2")
    #expect(plan.containers.first?.mounts.first?.source?.text == "./data")

    let required =
      "services:\n  app:\n    image: example.com/app\n    ports:\n      - \"${PORT:?set PORT to the web port}:80\"\n"
    let message = try #require(Self.error(required))
    #expect(
      message.hasPrefix(
        "compose.yaml:5:9: error: compose: required variable `PORT` is missing a value: set PORT to the web port"))
    #expect(Self.error(required, variables: ["PORT": "8080"]) == nil)
    #expect(Self.error(required, variables: ["PORT": ""]) != nil)
    #expect(Self.error(required.replacingOccurrences(of: ":?", with: "?"), variables: ["PORT": ""]) == nil)
  }

  @Test("variables in what the container is handed stay references")
  func containerValuesStayReferences() throws {
    let text =
      "services:\n  app:\n    image: example.com/app\n    environment:\n      DB_URL: ${DB_URL}\n      KEY: ${KEY:?needed}\n"
    let plan = try Self.plan(text)
    let environment = try #require(plan.containers.first?.environment.map(\.text))
    #expect(environment == ["DB_URL", "KEY"])
  }

  static let health = """
    services:
      web:
        image: docker.io/library/nginx
        command: ["sh", "-c", "echo $${HOME}"]
        healthcheck:
          test: ["CMD-SHELL", "curl -f http://localhost/$${PATH_X} || exit 1"]

    """

  @Test("$$ in a health check is a literal $, as in command")
  func healthCheckDollar() throws {
    let plan = try Self.plan(Self.health)
    #expect(plan.containers.first?.healthCommand == "curl -f http://localhost/${PATH_X} || exit 1")
    let units = try UnitEmitter.emit(plan, options: Self.options, source: "compose.yaml").files
    let unit = try #require(units.first { $0.name.hasSuffix(".container") })
    // systemd reads `$$` as `$` in a Quadlet value copied into ExecStart=.
    #expect(
      try UnitFile.parse(unit.text).values("Container", "HealthCmd") == [
        "curl -f http://localhost/$${PATH_X} || exit 1"
      ])
    #expect(try UnitFile.parse(unit.text).values("Container", "Exec") == ["sh -c \"echo $${HOME}\""])
    let script = try PodmanScriptEmitter.emit(plan, options: Self.options, source: "compose.yaml")
    #expect(script.contains("--health-cmd 'curl -f http://localhost/${PATH_X} || exit 1'"))
  }
}

/// `convert --to compose` from run lines whose names are unexpanded shell words.
@Suite("Compose from run lines never names anything after a shell word")
struct ComposeNamesFromShellWordsTests {
  static func compose(_ script: String) throws -> String {
    let options = ConversionOptions(target: .named(.noble), mode: .usernsAuto)
    let plan = try EmitPlanner.plan(SourceFile(path: "run.sh", text: script), kind: .shell, options: options).plan
    return ComposeEmitter.emit(plan, options: options)
  }

  @Test("an image given as a variable names the service after the variable, with a note")
  func serviceName() throws {
    let text = try Self.compose("docker run -d --name \"$NAME\" ${SQLIMAGE}\ndocker run -d \"$(cat image.txt)\"\n")
    let project = try ComposeParser.parse(SourceFile(path: "compose.yaml", text: text))
    #expect(project.services.map(\.name.text) == ["sqlimage", "cat-image.txt"])
    #expect(text.contains("# note: the service name `sqlimage` is derived from `${SQLIMAGE}`, a shell expansion"))
    #expect(text.contains("    image: ${SQLIMAGE}\n"))
  }

  @Test("a literal --name names the service when the image is a variable")
  func literalName() throws {
    let text = try Self.compose("docker run -d --name db \"$IMAGE\"\n")
    #expect(text.contains("services:\n  db:\n"))
  }

  @Test("a network from a command substitution is not written; a network variable gets a key of its own")
  func networks() throws {
    let text = try Self.compose(
      "docker run -d --network \"$(docker network ls -q -f name=front)\" example.com/a\n"
        + "docker run -d --network \"$NET\" -v \"data-$ENV:/data\" example.com/b\n")
    let project = try ComposeParser.parse(SourceFile(path: "compose.yaml", text: text))
    #expect(!text.contains("  $("))
    #expect(text.contains("is a command substitution, which Compose cannot run: no network is written for it"))
    #expect(project.networks.keys.sorted() == ["net"])
    #expect(project.networks["net"]?.value(forKey: "name")?.scalarValue == "$NET")
    #expect(project.services.last?.container.networks.map(\.text) == ["net"])
    #expect(project.volumes.isEmpty)
    #expect(text.contains("the volume source `data-$ENV` of `b` is a shell expansion"))
  }
}

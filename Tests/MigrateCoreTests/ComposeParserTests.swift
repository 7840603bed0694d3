import Testing

@testable import MigrateCore

@Suite("Compose model")
struct ComposeParserTests {
  func project(_ text: String) throws -> ComposeProject { try ComposeParser.parse(SourceFile(text)) }

  @Test("service fields are typed and keep their spans")
  func typedFields() throws {
    let text = """
      version: "3.9"
      name: shop
      services:
        web:
          image: nginx:1.25
          command: nginx -g 'daemon off;'
          entrypoint: ["/docker-entrypoint.sh"]
          environment:
            - A=1
            - B
          env_file: .env
          ports:
            - "127.0.0.1:8080-8081:80-81/udp"
            - target: 443
              published: "8443"
              protocol: tcp
          volumes:
            - ./data:/data:ro,z
            - cache:/cache
            - /anonymous
            - type: tmpfs
              target: /tmp
          user: "1000:1000"
          userns_mode: auto
          networks: [front, back]
          privileged: true
          cap_add: [NET_ADMIN]
          cap_drop: [ALL]
          restart: on-failure:3
          healthcheck:
            test: ["CMD", "true"]
            interval: 10s
          logging:
            driver: json-file
            options:
              max-size: 10m
          security_opt: [no-new-privileges:true]
          sysctls:
            net.core.somaxconn: 1024
          extra_hosts:
            host.docker.internal: host-gateway
          depends_on:
            db:
              condition: service_healthy
          labels:
            app: web
          profiles: [prod]
          x-note: kept
          cpu_shares: 512
        db:
          image: postgres
          environment:
            POSTGRES_DB: shop
          depends_on: [cache]
      volumes:
        cache:
      networks:
        front: {}
        back: {}
      x-podman:
        in_pod: false
      x-common: &c {}
      """
    let p = try project(text)
    #expect(p.version?.text == "3.9")
    #expect(p.name?.text == "shop")
    #expect(p.services.map(\.name.text) == ["web", "db"])
    let web = p.services[0]
    #expect(web.image?.text == "nginx:1.25")
    if case .string(let command) = web.container.command {
      #expect(command.text == "nginx -g 'daemon off;'")
    } else {
      Issue.record("command should be a string")
    }
    if case .list(let entry) = web.container.entrypoint {
      #expect(entry.map(\.text) == ["/docker-entrypoint.sh"])
    } else {
      Issue.record("entrypoint should be a list")
    }
    #expect(web.container.environment.map(\.text) == ["A=1", "B"])
    #expect(web.container.envFiles.map(\.text) == [".env"])
    #expect(web.container.ports.count == 2)
    #expect(web.container.ports[0].hostIP == "127.0.0.1")
    #expect(web.container.ports[0].hostPorts == 8080...8081)
    #expect(web.container.ports[0].containerPorts == 80...81)
    #expect(web.container.ports[0].proto == "udp")
    #expect(web.container.ports[1].hostPorts == 8443...8443)
    #expect(web.container.mounts.map(\.kind) == [.bind, .volume, .anonymous, .tmpfs])
    #expect(web.container.mounts[0].options == ["ro", "z"])
    #expect(web.container.mounts[0].readOnly)
    #expect(web.container.mounts[0].source?.text == "./data")
    #expect(web.container.mounts[0].target?.text == "/data")
    #expect(web.container.user?.text == "1000:1000")
    #expect(web.container.userns?.text == "auto")
    #expect(web.container.networks.map(\.text) == ["front", "back"])
    #expect(web.container.capAdd.map(\.text) == ["NET_ADMIN"])
    #expect(web.container.restart?.text == "on-failure:3")
    #expect(web.container.health?.interval?.text == "10s")
    #expect(web.container.logDriver?.text == "json-file")
    #expect(web.container.logOptions.map(\.text) == ["max-size=10m"])
    #expect(web.container.sysctls.map(\.text) == ["net.core.somaxconn=1024"])
    #expect(web.container.extraHosts.map(\.text) == ["host.docker.internal:host-gateway"])
    #expect(web.container.dependsOn.first?.condition == "service_healthy")
    #expect(web.extensions["x-note"] != nil)
    #expect(web.otherKeys["cpu_shares"] != nil)
    #expect(web.unknownKeys.isEmpty)
    #expect(
      p.services[1].container.environment.map(\.text).map { $0.split(separator: "=").first.map(String.init) } == [
        "POSTGRES_DB"
      ])
    #expect(p.volumes.keys.sorted() == ["cache"])
    #expect(p.networks.keys.sorted() == ["back", "front"])
    #expect(p.xPodman != nil)
    #expect(p.extensions.keys.sorted() == ["x-common"])
  }

  @Test("podman-compose's string forms: one port as a string, ulimits as NAME=LIMIT strings")
  func podmanComposeStringForms() throws {
    let p = try project(
      "services:\n  a:\n    image: x\n    ports: \"8080:80\"\n    ulimits: nofile=1001\n"
        + "  b:\n    image: x\n    ulimits: [nofile=1024:2048, nproc=64]\n    ports: [\"9000:9000\"]\n")
    #expect(p.services[0].container.ports.map(\.spec.text) == ["8080:80"])
    #expect(p.services[0].container.ports.first?.hostPorts == 8080...8080)
    #expect(p.services[0].container.values(of: "ulimit").map(\.text) == ["nofile=1001"])
    #expect(p.services[1].container.values(of: "ulimit").map(\.text) == ["nofile=1024:2048", "nproc=64"])
    #expect(throws: ParseDiagnostic.self) { try project("services:\n  a:\n    image: x\n    ulimits: nofile\n") }
    // The units get the same podman arguments as from the mapping form.
    let plan = try EmitPlanner.plan(
      SourceFile(
        path: "/srv/p/compose.yaml", text: "services:\n  a:\n    image: docker.io/library/x\n    ulimits: nofile=1001\n"
      ),
      kind: .compose, options: EmitTests.options(.noble)
    ).plan
    #expect(plan.containers[0].otherArguments.contains("--ulimit=nofile=1001"))
  }

  @Test("Compose's merge tags: `!reset` empties a value or drops a service, `!override` is the value itself")
  func mergeTags() throws {
    let text =
      "services:\n  web:\n    image: docker.io/library/nginx\n    volumes: !reset null\n    command: !reset\n"
      + "    ports: !reset []\n    environment: !override\n      A: b\n    build: !override\n      context: .\n"
      + "  other: !reset {}\n"
    let p = try project(text)
    #expect(p.services.count == 1)
    #expect(p.services.first?.container.name == "web")
    let web = p.services[0].container
    #expect(web.mounts.isEmpty)
    #expect(web.ports.isEmpty)
    #expect(web.command == nil)
    #expect(web.environment.count == 1)
    // A conversion keeps the tags byte for byte, re-parses, and a second pass changes nothing.
    let options = ConversionOptions(target: .named(.noble), mode: .usernsAuto, applyAtLeast: .safe)
    let result = Converter.convert(SourceFile(text, path: "c.yml"), kind: .compose, options: options)
    #expect(result.parseError == nil)
    #expect(result.internalError == nil)
    for tagged in ["volumes: !reset null", "command: !reset", "ports: !reset []", "other: !reset {}"] {
      #expect(result.outputText.contains(tagged + "\n"), "\(result.outputText)")
    }
    let again = Converter.convert(SourceFile(result.outputText, path: "c.yml"), kind: .compose, options: options)
    #expect(again.outputText == result.outputText)
  }

  @Test("a volume value's text maps back onto the file byte for byte")
  func volumeSpans() throws {
    let text = "services:\n  a:\n    volumes:\n      - \"./d:/d:rw\"\n      - 'x:/y'\n"
    let p = try project(text)
    let mount = p.services[0].container.mounts[0]
    let source = SourceFile(text)
    let range = try #require(mount.source?.valueRange)
    #expect(source.text(range) == "./d")
    let target = try #require(mount.target?.valueRange)
    #expect(source.text(target) == "/d")
    #expect(mount.spec.context == .yamlDoubleQuoted)
  }

  @Test("short volume syntax splits at colons but not inside variables or drive letters")
  func shortSplit() {
    func parts(_ text: String) -> [String] { Mount.splitShortSpec(text).map(\.text) }
    #expect(parts("${DATA:-./d}:/data:ro") == ["${DATA:-./d}", "/data", "ro"])
    #expect(parts("C:\\data:/data") == ["C:\\data", "/data"])
    #expect(parts("C:/data:/data") == ["C:/data", "/data"])
    // A one-letter volume name, as podman and podman-compose read it (neither knows drive letters).
    #expect(parts("d:/d:Z") == ["d", "/d", "Z"])
    #expect(parts("d:/d") == ["d", "/d"])
    #expect(parts("/a:/b:ro:extra") == ["/a", "/b", "ro:extra"])
    #expect(parts("/anon") == ["/anon"])
  }

  @Test("interpolation segments: variables, defaults, errors and $$")
  func interpolation() {
    #expect(ComposeInterpolation.hasVariables("${A:-x}/b"))
    #expect(!ComposeInterpolation.hasVariables("price $$5"))
    #expect(ComposeInterpolation.literalPrefix("./pg/${V}/x") == "./pg/")
    #expect(ComposeInterpolation.literalPrefix("$$HOME") == "$HOME")
    let segments = ComposeInterpolation.segments("a${B:?err}$C$$")
    #expect(
      segments == [
        .literal("a"), .variable(name: "B", raw: "${B:?err}"), .variable(name: "C", raw: "$C"), .escapedDollar,
      ])
  }

  @Test(
    "structural errors are located compose errors",
    arguments: [
      ("services: nginx\n", "`services` must be a mapping"),
      ("services:\n  web: nginx\n", "service `web` must be a mapping"),
      ("services:\n  web:\n    volumes: ./d:/d\n", "`volumes` of service `web` must be a sequence"),
      ("services:\n  web:\n    ports: {a: 1}\n", "`ports` of service `web` must be a sequence"),
      ("- a\n- b\n", "the top level of a compose file must be a mapping"),
      ("", "the file has no content"),
      ("# only a comment\n", "the file has no content"),
      ("services: {}\n---\nservices: {}\n", "one YAML document"),
    ])
  func structuralErrors(text: String, expected: String) throws {
    let error = try #require(throws: ParseDiagnostic.self) { try project(text) }
    #expect(error.stage == "compose")
    #expect(error.problem.contains(expected))
  }

  @Test("unknown keys are kept and listed; x- keys are extensions")
  func unknownKeys() throws {
    let p = try project("servics: {}\nservices:\n  a:\n    image: x\n    enviroment: []\n    x-ok: 1\n")
    #expect(p.unknownKeys.map(\.text) == ["servics"])
    #expect(p.services[0].unknownKeys.map(\.text) == ["enviroment"])
  }

  @Test("ports: short syntax variants")
  func ports() {
    func port(_ text: String) -> PortMapping {
      PortMapping.parse(SourceValue(text: text, range: .at(0), valueRange: nil, context: .opaque))
    }
    #expect(port("80").containerPorts == 80...80)
    #expect(port("80").hostPorts == nil)
    #expect(port("8080:80").hostPorts == 8080...8080)
    #expect(port("[::1]:53:53/udp").hostIP == "::1")
    #expect(port("[::1]:53:53/udp").proto == "udp")
    #expect(port("0.0.0.0:80:80").publishesPrivilegedHostPort)
    #expect(!port("8080:80").publishesPrivilegedHostPort)
    #expect(port("${PORT}:80").hostPortIsVariable)
  }

  @Test(
    "bind sources are classified for :U safety",
    arguments: [
      ("./data", "/data", BindSourceClass.data),
      ("/srv/items/1", "/item", .data),
      ("~/minecraft_data", "/data", .data),
      (".", "/data", .projectRoot),
      ("./", "/data", .projectRoot),
      ("..", "/x", .parentDirectory),
      ("../..", "/x", .parentDirectory),
      ("/", "/host", .systemPath),
      ("/etc/nginx", "/etc/nginx", .systemPath),
      ("/var/log/app", "/logs", .systemPath),
      ("/home/alice", "/home", .homeDirectory),
      ("~", "/root", .homeDirectory),
      ("${HOME}", "/home", .homeDirectory),
      ("./app", "/app", .sourceTree),
      ("./site", "/app", .codeTarget),
      ("./uploads", "/app/uploads", .data),
      ("./export", "/usr/src/paperless/export", .data),
      ("$HOME/.ssh", "/root/.ssh", .configuration),
      ("./.git", "/repo/.git", .configuration),
      ("./secrets", "/run/secrets", .configuration),
      ("./certs", "/certs", .configuration),
      ("./mosquitto/config", "/mosquitto/config", .configuration),
      ("./scripts", "/scripts", .sourceTree),
      ("./src", "/usr/src/app", .sourceTree),
      ("./web", "/usr/src/app", .codeTarget),
      ("./site", "/var/www/html", .codeTarget),
      ("./nginx.conf", "/etc/nginx/nginx.conf", .configuration),
      ("./conf.d", "/etc/nginx/conf.d", .configuration),
      ("${DATA}", "/data", .variable),
      ("$HOME/data", "/data", .data),
      ("${HOME}", "/home", .homeDirectory),
      ("$(PWD)", "/src", .projectRoot),
      ("$(CURDIR)/data", "/data", .data),
      ("$(DATA_DIR)/x", "/x", .variable),
      ("./run/app.sock", "/run/app.sock", .socket),
    ])
  func classify(source: String, target: String, expected: BindSourceClass) {
    #expect(BindSource.classify(source: source, target: target, buildContexts: []) == expected)
  }

  @Test("a build context and the folders around it are source trees")
  func buildContexts() {
    #expect(BindSource.classify(source: "./web", target: "/srv", buildContexts: ["./web"]) == .sourceTree)
    #expect(BindSource.classify(source: "./web/static", target: "/srv", buildContexts: ["web"]) == .sourceTree)
    #expect(BindSource.classify(source: "./services", target: "/srv", buildContexts: ["./services/web"]) == .sourceTree)
    #expect(BindSource.classify(source: "./data", target: "/data", buildContexts: ["."]) == .data)
  }
}

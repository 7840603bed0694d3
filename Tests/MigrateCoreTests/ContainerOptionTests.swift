import Foundation
import Testing

@testable import MigrateCore

/// The option table (`ContainerOption.all`) and the emitters and parsers that read it.
@Suite("Container option table")
struct ContainerOptionTests {
  static let noble = ConversionOptions(target: .named(.noble), mode: .usernsAuto)

  static func runPlan(_ line: String, _ options: ConversionOptions = noble) throws -> ProjectPlan {
    try EmitPlanner.plan(SourceFile(path: "run.sh", text: line + "\n"), kind: .shell, options: options).plan
  }

  static func composePlan(
    _ text: String, _ options: ConversionOptions = noble, variables: [String: String] = [:]
  ) throws -> ProjectPlan {
    try EmitPlanner.plan(
      SourceFile(path: "/srv/app/compose.yaml", text: text), kind: .compose, options: options, folder: "/srv/app",
      variables: variables
    ).plan
  }

  static func quadlet(_ plan: ProjectPlan, _ options: ConversionOptions = noble) throws -> String {
    let result = try UnitEmitter.emit(plan, options: options, source: "input")
    return try #require(result.files.first { $0.name.hasSuffix(".container") }).text
  }

  @Test("a network mode such as pasta is `network_mode:` in compose, as in units (drift fix)")
  func networkModeInCompose() throws {
    for mode in ["pasta", "slirp4netns:port_handler=slirp4netns", "private", "ns:/run/netns/x"] {
      let plan = try Self.runPlan("docker run -d --network \(mode) nginx")
      let compose = ComposeEmitter.emit(plan, options: Self.noble)
      #expect(compose.contains("    network_mode: \(YAMLQuote.scalar(mode))\n"), "\(mode):\n\(compose)")
      #expect(!compose.contains("networks:"), "\(mode):\n\(compose)")
      #expect(try Self.quadlet(plan).contains("Network=\(mode)\n"))
    }
    let named = ComposeEmitter.emit(try Self.runPlan("docker run -d --network backend nginx"), options: Self.noble)
    #expect(named.contains("    networks:\n      - backend\n"), "\(named)")
    #expect(named.contains("networks:\n  backend:\n    external: true\n"), "\(named)")
  }
}

extension ContainerOptionTests {
  @Test(
    "a literal `$` is `$$` in command:, the health check and the environment of --to compose, as in units (drift fix)")
  func dollarInCompose() throws {
    let line = "docker run -e 'GREETING=$HOME' --health-cmd 'pg_isready -U $POSTGRES_USER' postgres sh -c 'echo $HOME'"
    let plan = try Self.runPlan(line)
    let compose = ComposeEmitter.emit(plan, options: Self.noble)
    #expect(compose.contains("      - pg_isready -U $$POSTGRES_USER\n"), "\(compose)")
    #expect(compose.contains("    command: sh -c 'echo $$HOME'\n"), "\(compose)")
    #expect(compose.contains("      - GREETING=$$HOME\n"), "\(compose)")
    // Units write the same test and command, `$` escaped for systemd.
    let unit = try Self.quadlet(plan)
    #expect(unit.contains("HealthCmd=pg_isready -U $$POSTGRES_USER\n"), "\(unit)")
    #expect(unit.contains("Exec=sh -c \"echo $$HOME\"\n"), "\(unit)")
    // Read back, the compose file hands the container the same text the run line did.
    let back = try Self.composePlan(compose)
    let container = try #require(back.containers.first)
    #expect(container.healthCommand == "pg_isready -U $POSTGRES_USER")
    #expect(container.commandWords == ["sh", "-c", "echo $HOME"])
    #expect(container.environment.map(\.text) == ["GREETING=$HOME"])
    // An expansion the host shell does stays a variable for compose to fill in.
    let expanded = ComposeEmitter.emit(try Self.runPlan("docker run -e TOKEN=$TOKEN alpine"), options: Self.noble)
    #expect(expanded.contains("      - TOKEN=$TOKEN\n"), "\(expanded)")
  }
}

extension ContainerOptionTests {
  @Test("one table entry is the whole of a setting: --health-start-interval, which podman lacks, is a note")
  func healthStartInterval() throws {
    let plan = try Self.runPlan(
      "docker run -d --health-cmd true --health-start-interval 5s --health-interval 30s docker.io/library/nginx")
    let container = try #require(plan.containers.first)
    #expect(container.health?.startInterval?.text == "5s")
    let arguments = container.runOptions(name: "web")
    #expect(arguments.contains("--health-interval=30s"))
    #expect(!arguments.contains { $0.hasPrefix("--health-start-interval") }, "\(arguments)")
    #expect(plan.notes.contains { $0.contains("`--health-start-interval` of `nginx`: podman has no") })
    // Compose spells it `healthcheck.start_interval`; it is read into the same field.
    let compose = try Self.composePlan(
      "services:\n  web:\n    image: docker.io/library/nginx\n    healthcheck:\n      test: [CMD, 'true']\n"
        + "      start_interval: 5s\n")
    #expect(compose.containers.first?.health?.startInterval?.text == "5s")
  }

  @Test("compose switches: YAML 1.1 spellings turn them on, except privileged, which only `true` grants")
  func composeSwitches() throws {
    let plan = try Self.composePlan(
      "services:\n  web:\n    image: docker.io/library/nginx\n    init: yes\n    tty: 'yes'\n"
        + "    stdin_open: false\n    privileged: yes\n")
    let arguments = try #require(plan.containers.first).otherArguments
    #expect(arguments.contains("--init"), "\(arguments)")
    #expect(!arguments.contains { $0.hasPrefix("--tty") || $0.hasPrefix("--interactive") }, "\(arguments)")
    #expect(!arguments.contains { $0.hasPrefix("--privileged") }, "\(arguments)")
    let granted = try Self.composePlan(
      "services:\n  web:\n    image: docker.io/library/nginx\n    privileged: true\n")
    #expect(try #require(granted.containers.first).otherArguments.contains("--privileged"))
  }

  @Test("--domainname (podman has none) becomes a fully qualified hostname, from a run line and from compose")
  func domainName() throws {
    let run = try #require(
      try Self.runPlan("docker run -d --hostname box --domainname example.org nginx").containers.first)
    #expect(run.hostname?.text == "box.example.org")
    #expect(!run.otherArguments.contains { $0.hasPrefix("--domainname") })
    let unnamed = try #require(
      try Self.runPlan("docker run -d --name web --domainname example.org nginx").containers.first)
    #expect(unnamed.hostname?.text == "web.example.org")
    let compose = try Self.composePlan(
      "services:\n  web:\n    image: docker.io/library/nginx\n    domainname: example.org\n    hostname: www\n")
    let service = try #require(compose.containers.first)
    #expect(service.hostname?.text == "www.example.org")
    #expect(!service.otherArguments.contains { $0.hasPrefix("--domainname") })
    #expect(try Self.quadlet(compose).contains("HostName=www.example.org\n"))
  }

  @Test("--link-local-ip is left out (MG120 drops it); podman would reject it")
  func linkLocalIP() throws {
    let outcome = try EmitPlanner.plan(
      SourceFile(path: "run.sh", text: "docker run -d --link-local-ip 169.254.1.5 nginx\n"), kind: .shell,
      options: Self.noble)
    let plan = outcome.plan
    let container = try #require(plan.containers.first)
    #expect(!container.otherArguments.contains { $0.contains("link-local-ip") })
    #expect(
      outcome.conversion.findings.contains {
        $0.ruleID == "MG120" && $0.message.contains("link-local") && $0.fix?.applicability == .safe
      })
    #expect(!ComposeEmitter.emit(plan, options: Self.noble).contains("169.254.1.5"))
    #expect(try !Self.quadlet(plan).contains("169.254.1.5"))
  }

  @Test("compose keys without a typed field reach podman through the table")
  func composeKeysThroughTable() throws {
    let text = """
      services:
        app:
          image: docker.io/library/alpine
          dns_opt: [ndots:2]
          oom_score_adj: -500
          init: true
          tty: false
          mem_limit: 512m
          links: [db]
      """
    let container = try #require(try Self.composePlan(text + "\n").containers.first)
    #expect(container.otherArguments == ["--dns-opt=ndots:2", "--init", "--memory=512m", "--oom-score-adj=-500"])
    #expect(container.notes.contains { $0.hasPrefix("`--link` of `app`: podman has no `--link`") })
  }
}

extension ContainerOptionTests {
  static func target(_ major: Int, _ minor: Int) -> ConversionOptions {
    ConversionOptions(
      target: TargetProfile(name: .noble, podman: PodmanVersion(major, minor), isUbuntu: true, cgroupV2: true),
      mode: .usernsAuto)
  }

  static func line(_ key: String, in unit: String) -> String? {
    unit.split(separator: "\n").map(String.init).first { $0.hasPrefix(key + "=") }
  }

  @Test("a Quadlet key is written only for a podman that has it; older ones get PodmanArgs=")
  func quadletKeysByRelease() throws {
    let run = "docker run -d --stop-signal SIGINT --add-host db:10.0.0.2 --memory 512m --hostname box nginx"
    let old = try Self.quadlet(try Self.runPlan(run, Self.noble), Self.noble)
    #expect(Self.line("StopSignal", in: old) == nil && Self.line("AddHost", in: old) == nil)
    #expect(Self.line("Memory", in: old) == nil)
    #expect(Self.line("PodmanArgs", in: old) == "PodmanArgs=--stop-signal=SIGINT --add-host=db:10.0.0.2 --memory=512m")
    #expect(Self.line("HostName", in: old) == "HostName=box")
    let new = Self.target(5, 5)
    let unit = try Self.quadlet(try Self.runPlan(run, new), new)
    #expect(Self.line("StopSignal", in: unit) == "StopSignal=SIGINT")
    #expect(Self.line("AddHost", in: unit) == "AddHost=db:10.0.0.2")
    #expect(Self.line("Memory", in: unit) == "Memory=512m")
    #expect(Self.line("PodmanArgs", in: unit) == nil)
    // 5.2 has StopSignal= but not AddHost= (5.3) or Memory= (5.5).
    let between = Self.target(5, 2)
    let middle = try Self.quadlet(try Self.runPlan(run, between), between)
    #expect(Self.line("StopSignal", in: middle) == "StopSignal=SIGINT")
    #expect(Self.line("PodmanArgs", in: middle) == "PodmanArgs=--add-host=db:10.0.0.2 --memory=512m")
    // Quadlet 4.4 had no health or host name keys, and `RemapUsers=` instead of `UserNS=`.
    let first = Self.target(4, 4)
    let early = try Self.quadlet(try Self.runPlan("docker run -d --hostname box --health-cmd true nginx", first), first)
    #expect(Self.line("HealthCmd", in: early) == nil && Self.line("HostName", in: early) == nil)
    #expect(Self.line("PodmanArgs", in: early) == "PodmanArgs=--hostname=box --health-cmd=true")
    #expect(Self.line("RemapUsers", in: early) == "RemapUsers=auto" && Self.line("UserNS", in: early) == nil)
  }
}

extension ContainerOptionTests {
  static let profiles = """
    services:
      web:
        image: docker.io/library/nginx
        depends_on: [db]
      db:
        image: docker.io/library/postgres
      debug:
        image: docker.io/library/busybox
        profiles: [debug, tools]

    """

  // A dependency on a service of a disabled profile is an error (EmitSelectionTests).
  @Test("profiles: without a selected profile only services without profiles are emitted")
  func profilesHonoured() throws {
    let plan = try Self.composePlan(Self.profiles)
    #expect(plan.containers.map(\.name) == ["web", "db"])
    #expect(
      plan.selectionNotes.contains { $0.hasPrefix("service `debug` is in profile debug, tools, which is not enabled") }
    )
    #expect(plan.selectionNotes.count == 1)
    let units = try UnitEmitter.emit(plan, options: Self.noble, source: "compose.yaml").files.map(\.name)
    #expect(!units.contains { $0.contains("debug") })
    let script = try PodmanScriptEmitter.emit(plan, options: Self.noble, source: "compose.yaml")
    #expect(script.contains("# note: service `debug` is in profile debug, tools, which is not enabled"))
    #expect(!script.contains("busybox"))
    // COMPOSE_PROFILES selects (as Compose reads it from the environment or .env); `*` selects all.
    for (value, expected) in [
      ("tools", ["web", "db", "debug"]), ("*", ["web", "db", "debug"]), ("data", ["web", "db"]),
    ] {
      let selected = try Self.composePlan(Self.profiles, variables: ["COMPOSE_PROFILES": value])
      #expect(selected.containers.map(\.name) == expected, "COMPOSE_PROFILES=\(value)")
    }
  }
}

extension ContainerOptionTests {
  @Test("a compose service's network alias is NetworkAlias= from podman 5.2, PodmanArgs= before; aliases: are kept")
  func networkAlias() throws {
    let text = """
      services:
        db:
          image: docker.io/library/postgres
          networks:
            backend:
              aliases: [database]
      networks:
        backend: {}

      """
    let old = try Self.quadlet(try Self.composePlan(text), Self.noble)
    #expect(Self.line("PodmanArgs", in: old) == "PodmanArgs=--network-alias=db --network-alias=database")
    let new = Self.target(5, 2)
    let unit = try Self.quadlet(try Self.composePlan(text, new), new)
    let aliases = unit.split(separator: "\n").filter { $0.hasPrefix("NetworkAlias=") }
    #expect(aliases == ["NetworkAlias=db", "NetworkAlias=database"], "\(unit)")
    #expect(Self.line("PodmanArgs", in: unit) == nil)
  }
}

extension ContainerOptionTests {
  @Test("the rules' lists come from the table: cgroup limit compose keys and named networks")
  func foldedLists() {
    #expect(
      ResourceLimit.composeKeys == [
        "mem_limit": "memory", "memswap_limit": "memory-swap", "mem_reservation": "memory-reservation",
        "mem_swappiness": "memory-swappiness", "oom_kill_disable": "oom-kill-disable", "cpus": "cpus",
        "cpu_shares": "cpu-shares", "cpu_quota": "cpu-quota", "cpu_period": "cpu-period", "cpuset": "cpuset-cpus",
        "cpu_rt_runtime": "cpu-rt-runtime", "cpu_rt_period": "cpu-rt-period", "pids_limit": "pids-limit",
        "blkio_config": "blkio-weight",
      ])
    for mode in ["host", "none", "bridge", "private", "container:db", "ns:/run/netns/x", "slirp4netns", "pasta:-T,80"] {
      #expect(!Container.isNamedNetwork(mode), "\(mode)")
    }
    #expect(Container.isNamedNetwork("backend") && !Container.isNamedNetwork(""))
  }
}

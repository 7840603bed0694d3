import MigrateCore
import Testing

@Suite("DockerGrammar table")
struct DockerGrammarTests {
  @Test func lookupsByPathAndAlias() {
    #expect(DockerGrammar.command(["run"])?.path == ["run"])
    #expect(DockerGrammar.command(["container", "run"])?.path == ["run"])
    #expect(DockerGrammar.command(["container", "ls"])?.path == ["ps"])
    #expect(DockerGrammar.command(["container", "list"])?.path == ["ps"])
    #expect(DockerGrammar.command(["image", "ls"])?.path == ["images"])
    #expect(DockerGrammar.command(["image", "rm"])?.path == ["rmi"])
    #expect(DockerGrammar.command(["builder", "build"])?.path == ["build"])
    #expect(DockerGrammar.command(["system", "info"])?.path == ["info"])
    #expect(DockerGrammar.command(["network", "list"])?.path == ["network", "ls"])
    #expect(DockerGrammar.command(["stack", "up"])?.path == ["stack", "deploy"])
    #expect(DockerGrammar.command(["compose", "convert"])?.path == ["compose", "config"])
    #expect(DockerGrammar.command(["buildx", "b"])?.path == ["buildx", "build"])
    #expect(DockerGrammar.command(["nope"]) == nil)
    #expect(DockerGrammar.command(["container"])?.isGroup == true)
  }

  @Test func requiredCommandsExist() {
    let required: [[String]] = [
      ["run"], ["create"], ["start"], ["stop"], ["rm"], ["logs"], ["exec"], ["ps"], ["inspect"],
      ["restart"], ["kill"], ["build"], ["buildx", "build"], ["pull"], ["push"], ["tag"], ["login"],
      ["logout"], ["rmi"], ["network", "create"], ["network", "connect"], ["volume", "create"],
      ["volume", "ls"], ["image", "prune"], ["compose", "up"], ["compose", "down"], ["compose", "run"],
      ["compose", "exec"], ["compose", "build"], ["compose", "pull"], ["compose", "logs"],
      ["compose", "ps"], ["compose", "start"], ["compose", "stop"], ["compose", "restart"],
      ["compose", "config"], ["compose", "rm"], ["swarm", "init"], ["stack", "deploy"],
      ["service", "create"], ["node", "ls"], ["secret", "create"], ["config", "create"],
      ["plugin", "install"], ["context", "use"], ["system", "prune"], ["trust", "sign"], ["scan"],
    ]
    for path in required {
      #expect(DockerGrammar.command(path) != nil, "\(path)")
    }
  }

  @Test func tableIsConsistent() {
    var seen = Set<String>()
    for spec in DockerGrammar.commands {
      #expect(seen.insert(spec.path.joined(separator: " ")).inserted, "duplicate \(spec.path)")
      var longs = Set<String>()
      var shorts = Set<Character>()
      for flag in spec.flags {
        #expect(longs.insert(flag.long).inserted, "\(spec.path) --\(flag.long)")
        if let s = flag.short { #expect(shorts.insert(s).inserted, "\(spec.path) -\(s)") }
        #expect((flag.arity == .none) == (flag.valueType == nil))
      }
      for sub in spec.subcommands {
        #expect(DockerGrammar.command(spec.path + [sub]) != nil, "\(spec.path) \(sub)")
      }
    }
  }

  @Test func runFlagsMatchDocker28() throws {
    let run = try #require(DockerGrammar.command(["run"]))
    #expect(run.positionalsStopFlags)
    #expect(run.flags.count >= 100)
    #expect(run.flag(long: "publish")?.short == "p")
    #expect(run.flag(long: "publish")?.repeatable == true)
    #expect(run.flag(long: "rm")?.arity == FlagArity.none)
    #expect(run.flag(short: "h")?.long == "hostname")
    #expect(run.flag(short: "c")?.long == "cpu-shares")
    #expect(run.flag(long: "help")?.short == nil)
    #expect(run.flag(long: "gpus")?.arity == .one)
    #expect(run.flag(long: "sig-proxy")?.arity == FlagArity.none)
    #expect(run.flag(long: "net")?.hidden == true)
    #expect(run.flag(long: "dns-opt")?.hidden == true)
    #expect(run.flag(long: "use-api-socket")?.arity == FlagArity.none)
    #expect(DockerGrammar.command(["create"])?.flags.count == run.flags.count - 3)
  }

  @Test func globalFlags() {
    let names = DockerGrammar.globalFlags.map(\.long)
    for name in [
      "host", "context", "config", "debug", "log-level", "tls", "tlscacert", "tlscert", "tlskey", "tlsverify",
    ] {
      #expect(names.contains(name))
    }
    #expect(DockerGrammar.globalFlag(short: "H")?.long == "host")
    #expect(DockerGrammar.globalFlag(short: "l")?.long == "log-level")
    #expect(DockerGrammar.globalFlag(long: "tls")?.arity == FlagArity.none)
  }

  @Test func nonInterspersedCommands() {
    for path: [String] in [
      ["run"], ["create"], ["exec"], ["top"], ["commit"], ["tag"], ["service", "create"], ["compose", "run"],
      ["compose", "exec"],
    ] {
      #expect(DockerGrammar.command(path)?.positionalsStopFlags == true, "\(path)")
    }
    for path: [String] in [["rm"], ["ps"], ["logs"], ["compose", "up"], ["build"], ["network", "create"]] {
      #expect(DockerGrammar.command(path)?.positionalsStopFlags == false, "\(path)")
    }
  }
}

@Suite("DockerCallParser")
struct DockerCommandParserTests {
  @Test func runWithEveryFlagSpelling() throws {
    let text =
      "docker run -itd --rm -p 80:80 -p=81:81 -p82:82 --publish 83:83 --name=web -e A=1 --env=B=2 nginx:1 sh -c 'echo hi'"
    let inv = try #require(docker(text))
    #expect(inv.tool == .docker)
    #expect(inv.subcommand == ["run"])
    #expect(inv.subcommandWords.map(\.staticValue) == ["run"])
    #expect(inv.unknownFlags.isEmpty)
    #expect(
      inv.flags.map(\.name) == [
        "interactive", "tty", "detach", "rm", "publish", "publish", "publish", "publish", "name", "env", "env",
      ])
    #expect(inv.flags.map(\.value) == [nil, nil, nil, nil, "80:80", "81:81", "82:82", "83:83", "web", "A=1", "B=2"])
    #expect(
      inv.flags.map(\.spelledAs) == ["-i", "-t", "-d", "--rm", "-p", "-p", "-p", "--publish", "--name", "-e", "--env"])
    #expect(inv.positionals.map(\.staticValue) == ["nginx:1", "sh", "-c", "echo hi"])
    #expect(inv.image?.staticValue == "nginx:1")
    #expect(inv.range == ByteRange(0, text.utf8.count))
    // Every value range points at the value text.
    for flag in inv.flags where flag.value != nil {
      #expect(slice(text, flag.valueRange) == flag.value)
    }
    #expect(slice(text, inv.flags[1].nameRange) == "t")
    #expect(slice(text, inv.flags[3].nameRange) == "--rm")
    #expect(slice(text, inv.flags[5].valueSourceRange) == "81:81")
    #expect(inv.flags[4].valueWord?.staticValue == "80:80")
    #expect(inv.flags[5].valueWord == inv.flags[5].spelling)
  }

  @Test func containerRunIsRun() throws {
    let inv = try #require(docker("docker container run --rm alpine true"))
    #expect(inv.subcommand == ["run"])
    #expect(inv.subcommandWords.map(\.staticValue) == ["container", "run"])
    #expect(inv.positionals.map(\.staticValue) == ["alpine", "true"])
  }

  @Test func globalOptions() throws {
    let inv = try #require(
      docker("docker -H tcp://h:2375 --context=prod -D -l debug --tlsverify --tlscacert ca.pem run img"))
    #expect(inv.globalFlags.map(\.name) == ["host", "context", "debug", "log-level", "tlsverify", "tlscacert"])
    #expect(inv.globalFlags.map(\.value) == ["tcp://h:2375", "prod", nil, "debug", nil, "ca.pem"])
    #expect(inv.subcommand == ["run"])
    #expect(inv.image?.staticValue == "img")
    #expect(inv.flags(named: "host").count == 1)
  }

  @Test func booleanWithExplicitValue() throws {
    let inv = try #require(docker("docker run --rm=false -d=true --init img"))
    #expect(inv.flags.map(\.value) == ["false", "true", nil])
    #expect(inv.image?.staticValue == "img")
  }

  @Test func unknownFlagsAreKept() throws {
    let inv = try #require(docker("docker run --name=\"foobar\" --bool --x=1 -Z nginx"))
    #expect(inv.unknownFlags.map(\.name) == ["bool", "x", "Z"])
    #expect(inv.unknownFlags.map(\.known) == [false, false, false])
    #expect(inv.unknownFlags[1].value == "1")
    #expect(inv.flags.count == 4)
    #expect(inv.image?.staticValue == "nginx")
    #expect(inv.flags[0].value == "foobar")
  }

  @Test func unknownLongFlagWithSeparateWordIsBoolean() throws {
    let inv = try #require(docker("docker run --frobnicate 3 img"))
    #expect(inv.unknownFlags.map(\.name) == ["frobnicate"])
    #expect(inv.positionals.map(\.staticValue) == ["3", "img"])
  }

  @Test func endOfOptions() throws {
    let inv = try #require(docker("docker run --rm -- img -- --rm"))
    #expect(inv.flags.map(\.name) == ["rm"])
    #expect(inv.endOfOptions?.staticValue == "--")
    #expect(inv.positionals.map(\.staticValue) == ["img", "--", "--rm"])
  }

  @Test func flagsStopAtImage() throws {
    let inv = try #require(docker("docker run img --rm -p 1:1"))
    #expect(inv.flags.isEmpty)
    #expect(inv.positionals.map(\.staticValue) == ["img", "--rm", "-p", "1:1"])
  }

  @Test func interspersedFlagsAfterPositionals() throws {
    let inv = try #require(docker("docker rm web -f -v"))
    #expect(inv.subcommand == ["rm"])
    #expect(inv.flags.map(\.name) == ["force", "volumes"])
    #expect(inv.positionals.map(\.staticValue) == ["web"])
  }

  @Test func valueThatLooksLikeAFlag() throws {
    let inv = try #require(docker("docker run --entrypoint -x -e -v img"))
    #expect(inv.flags.map(\.name) == ["entrypoint", "env"])
    #expect(inv.flags.map(\.value) == ["-x", "-v"])
    #expect(inv.image?.staticValue == "img")
  }

  @Test func quotedAndDynamicValues() throws {
    let text = #"docker run --name "web 1" -e=JAVA_OPTS="-Da=b" --label=$L -v "$PWD":/src -e"X=$Y" img"#
    let inv = try #require(docker(text))
    try #require(inv.flags.count == 5)
    #expect(inv.flags.map(\.name) == ["name", "env", "label", "volume", "env"])
    #expect(inv.flags.map(\.value) == ["web 1", "JAVA_OPTS=-Da=b", nil, nil, nil])
    #expect(slice(text, inv.flags[0].valueRange) == "web 1")
    #expect(slice(text, inv.flags[0].valueSourceRange) == "\"web 1\"")
    #expect(inv.flags[1].valueRange == nil)
    #expect(slice(text, inv.flags[1].valueSourceRange) == #"JAVA_OPTS="-Da=b""#)
    #expect(slice(text, inv.flags[2].valueSourceRange) == "$L")
    #expect(slice(text, inv.flags[3].valueSourceRange) == #""$PWD":/src"#)
    #expect(slice(text, inv.flags[4].valueSourceRange) == #""X=$Y""#)
    #expect(inv.image?.staticValue == "img")
  }

  @Test func splittableWords() throws {
    let inv = try #require(docker(#"docker run $OPTS -v "$PWD":/x --name=${N}x img"#))
    #expect(inv.splittableWords.map(\.rawText) == ["$OPTS", "--name=${N}x"])
    #expect(inv.image?.rawText == "$OPTS")
  }

  @Test func missingValue() throws {
    let inv = try #require(docker("docker run --name"))
    #expect(inv.flags.map(\.name) == ["name"])
    #expect(inv.flags[0].value == nil)
    #expect(inv.diagnostics.count == 1)
    #expect(inv.positionals.isEmpty)
  }

  @Test func hiddenAliases() throws {
    let inv = try #require(docker("docker run --net=host --net-alias a --dns-opt ndots:1 img"))
    #expect(inv.unknownFlags.isEmpty)
    #expect(inv.flags.map(\.name) == ["net", "net-alias", "dns-opt"])
    #expect(inv.image?.staticValue == "img")
  }

  @Test func composeV2() throws {
    let inv = try #require(
      docker("docker compose -f a.yml --file=b.yml -p proj --profile dev up -d --build --scale web=2 web"))
    #expect(inv.subcommand == ["compose", "up"])
    #expect(inv.subcommandWords.map(\.staticValue) == ["compose", "up"])
    #expect(inv.flags.map(\.name) == ["file", "file", "project-name", "profile", "detach", "build", "scale"])
    #expect(inv.flags.map(\.value) == ["a.yml", "b.yml", "proj", "dev", nil, nil, "web=2"])
    #expect(inv.positionals.map(\.staticValue) == ["web"])
    #expect(inv.unknownFlags.isEmpty)
  }

  @Test func composeRunAndExecStopAtService() throws {
    let run = try #require(docker("docker compose run --rm -e A=1 -p 80:80 web sh -c 'x' -d"))
    #expect(run.subcommand == ["compose", "run"])
    #expect(run.flags.map(\.name) == ["rm", "env", "publish"])
    #expect(run.positionals.map(\.staticValue) == ["web", "sh", "-c", "x", "-d"])
    let exec = try #require(docker("docker compose exec -T web ls -l"))
    #expect(exec.flags.map(\.name) == ["no-TTY"])
    #expect(exec.positionals.map(\.staticValue) == ["web", "ls", "-l"])
  }

  @Test func composeV1Binary() throws {
    let inv = try #require(docker("/usr/local/bin/docker-compose -f x.yml --project-directory . up -d db"))
    #expect(inv.tool == .dockerCompose)
    #expect(inv.subcommand == ["compose", "up"])
    #expect(inv.subcommandWords.map(\.staticValue) == ["up"])
    #expect(inv.flags.map(\.name) == ["file", "project-directory", "detach"])
    #expect(inv.positionals.map(\.staticValue) == ["db"])
    let down = try #require(docker("docker-compose down -v --remove-orphans"))
    #expect(down.subcommand == ["compose", "down"])
    #expect(down.unknownFlags.isEmpty)
  }

  @Test func composeOtherCommands() throws {
    for line in [
      "docker compose down --rmi all -v -t 5", "docker compose build --no-cache --pull --build-arg A=1 web",
      "docker compose pull -q --ignore-pull-failures", "docker compose logs -f --tail 100 -t web",
      "docker compose ps -a --format json", "docker compose start web", "docker compose stop -t 3",
      "docker compose restart --no-deps web", "docker compose config --services -q",
      "docker compose rm -fsv", "docker compose --env-file .env --project-directory x config",
    ] {
      let inv = try #require(docker(line))
      #expect(inv.unknownFlags.isEmpty, "\(line)")
      #expect(inv.subcommand.first == "compose", "\(line)")
    }
  }

  @Test func buildAndBuildx() throws {
    let build = try #require(docker("docker build -t app:1 -f Dockerfile --build-arg V=1 --no-cache ."))
    #expect(build.subcommand == ["build"])
    #expect(build.flags.map(\.name) == ["tag", "file", "build-arg", "no-cache"])
    #expect(build.positionals.map(\.staticValue) == ["."])
    let modern = try #require(docker("docker build --push --platform linux/amd64,linux/arm64 -t x ."))
    #expect(modern.unknownFlags.isEmpty)
    let buildx = try #require(
      docker("docker buildx --builder b build --push -t x --cache-from type=gha -o type=docker ."))
    #expect(buildx.subcommand == ["buildx", "build"])
    #expect(buildx.flags.map(\.name) == ["builder", "push", "tag", "cache-from", "output"])
    #expect(buildx.positionals.map(\.staticValue) == ["."])
  }

  @Test func canonicalPaths() throws {
    let cases: [(String, [String])] = [
      ("docker container ls -a", ["ps"]), ("docker ps -aq", ["ps"]), ("docker image ls", ["images"]),
      ("docker image rm -f x", ["rmi"]), ("docker image pull alpine", ["pull"]),
      ("docker container logs -f --since 1h web", ["logs"]),
      ("docker network create -d bridge n", ["network", "create"]),
      ("docker volume rm v", ["volume", "rm"]),
      ("docker service create --name s -p 80:80 nginx", ["service", "create"]),
      ("docker stack deploy -c stack.yml s", ["stack", "deploy"]),
      ("docker login -u me --password-stdin reg", ["login"]),
      ("docker logout reg", ["logout"]), ("docker tag a b", ["tag"]), ("docker push a", ["push"]),
      ("docker inspect -f '{{.Id}}' x", ["inspect"]), ("docker exec -it -u root web sh", ["exec"]),
      ("docker start -a web", ["start"]), ("docker stop -t 1 web", ["stop"]), ("docker restart web", ["restart"]),
      ("docker kill -s HUP web", ["kill"]), ("docker system prune -af --volumes", ["system", "prune"]),
      ("docker swarm init --advertise-addr 1.2.3.4", ["swarm", "init"]), ("docker secret ls", ["secret", "ls"]),
      ("docker context use prod", ["context", "use"]), ("docker plugin ls", ["plugin", "ls"]),
      ("docker trust inspect --pretty x", ["trust", "inspect"]), ("docker node ls", ["node", "ls"]),
      ("docker config ls", ["config", "ls"]),
    ]
    for (line, path) in cases {
      let inv = try #require(docker(line))
      #expect(inv.subcommand == path, "\(line)")
      #expect(inv.unknownFlags.isEmpty, "\(line)")
    }
  }

  @Test func execPositionals() throws {
    let inv = try #require(docker("docker exec -it -e A=1 web sh -c 'ls -l' -d"))
    #expect(inv.subcommand == ["exec"])
    #expect(inv.flags.map(\.name) == ["interactive", "tty", "env"])
    #expect(inv.positionals.map(\.staticValue) == ["web", "sh", "-c", "ls -l", "-d"])
  }

  @Test func unknownAndShallowSubcommands() throws {
    let unknown = try #require(docker("docker frobnicate --x=1 -y thing"))
    #expect(unknown.subcommand == ["frobnicate"])
    #expect(unknown.spec == nil)
    #expect(unknown.unknownFlags.map(\.name) == ["x", "y"])
    #expect(unknown.positionals.map(\.staticValue) == ["thing"])
    let scan = try #require(docker("docker scan --json img"))
    #expect(scan.subcommand == ["scan"])
    #expect(scan.unknownFlags.map(\.name) == ["json"])
    let sub = try #require(docker("docker network frob x"))
    #expect(sub.subcommand == ["network", "frob"])
    let bare = try #require(docker("docker --version"))
    #expect(bare.subcommand == [])
    #expect(bare.globalFlags.map(\.name) == ["version"])
  }

  @Test func programVariants() throws {
    let sudo = try #require(docker("sudo docker run img", programIndex: 1))
    #expect(sudo.program.staticValue == "docker")
    #expect(sudo.image?.staticValue == "img")
    #expect(sudo.range.lower == 5)
    let podman = try #require(docker("podman run -d img"))
    #expect(podman.tool == .podman)
    let make = try #require(docker("$(DOCKER) run --rm img"))
    #expect(make.tool == .docker)
    #expect(make.program.staticValue == nil)
    #expect(make.subcommand == ["run"])
    #expect(make.image?.staticValue == "img")
    #expect(DockerCallParser.parse(sh("docker run x").commands[0], programIndex: 7) == nil)
  }

  @Test func lineContinuationsKeepRanges() throws {
    let text = "docker run \\\n  --name web \\\n  -p 8080:80 \\\n  nginx"
    let inv = try #require(docker(text))
    #expect(inv.flags.map(\.value) == ["web", "8080:80"])
    #expect(slice(text, inv.flags[1].valueRange) == "8080:80")
    #expect(inv.image?.staticValue == "nginx")
  }

  @Test func shortFlagWithAttachedValueInBundle() throws {
    let inv = try #require(docker("docker run -dit -p80:80 -eA=1 -uroot -w/app img"))
    #expect(inv.flags.map(\.name) == ["detach", "interactive", "tty", "publish", "env", "user", "workdir"])
    #expect(inv.flags.map(\.value) == [nil, nil, nil, "80:80", "A=1", "root", "/app"])
    let bundleValue = try #require(docker("docker run -dp 80:80 img"))
    #expect(bundleValue.flags.map(\.name) == ["detach", "publish"])
    #expect(bundleValue.flags.map(\.value) == [nil, "80:80"])
    #expect(bundleValue.image?.staticValue == "img")
  }
}

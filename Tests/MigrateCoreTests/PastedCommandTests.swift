import MigrateCore
import Testing

/// `PastedCommand.normalize`: `--command` text pasted from a README or a terminal.
@Suite("pasted --command text")
struct PastedCommandTests {
  func normalize(_ text: String) -> PastedCommand.Normalized { PastedCommand.normalize(text) }

  /// Runs `migrate convert --command TEXT` in-process (as the CLI does) and returns stdout and stderr.
  func convert(_ text: String, to target: EmitRequest.Target? = nil) -> (status: Int32, out: String, err: String) {
    let environment = CommandEnvironment(stdoutIsTerminal: false, stderrIsTerminal: false, noColor: true)
    let outcome: CommandOutcome
    if let target {
      var request = EmitRequest(
        target: target, path: "<command>", kind: .shell, options: ConversionOptions(), text: text + "\n")
      request.isCommand = true
      outcome = EmitCommand.run(request, environment: environment)
    } else {
      var request = ConvertRequest(
        path: "<command>", kind: .shell, options: ConversionOptions(), output: .converted, check: false,
        text: text + "\n")
      request.isCommand = true
      outcome = ConvertCommand.run(request, environment: environment)
    }
    return (
      outcome.exitCode, String(decoding: outcome.stdout, as: UTF8.self), String(decoding: outcome.stderr, as: UTF8.self)
    )
  }

  @Test(
    "a plain command line, or a plain script, comes back byte for byte with no notes",
    arguments: [
      "docker run -d -p 80:80 -v ./data:/data nginx\n", "docker run -d nginx", "docker ps\ndocker run -d redis\n",
      "docker run -d \\\n  -p 80:80 \\\n  nginx\n", "# start it\ndocker run -d nginx   \n", "echo 'a > b'\n",
      "docker service ls\n", "(cd app && make) > build.log\n",
    ])
  func unchanged(text: String) {
    #expect(normalize(text) == PastedCommand.Normalized(text: text, notes: []))
  }

  @Test("prompts are removed: `$ `, `# ` before docker or sudo, `user@host:~$ `, `[root@host /]# `, `PS C:\\> `")
  func prompts() {
    let text = """
      $ docker pull nginx
      # docker network create web
      user@host:~/site$ docker volume create data
      [root@host /]# sudo docker run -d --network web nginx
      PS C:\\src> docker ps

      """
    let normalized = normalize(text)
    #expect(
      normalized.text == """
        docker pull nginx
        docker network create web
        docker volume create data
        sudo docker run -d --network web nginx
        docker ps

        """)
    #expect(normalized.notes == ["read as pasted text: removed 5 prompts"])
  }

  @Test("a `# ` line that is no prompt stays a comment; a `$ ` line alone is an empty prompt")
  func commentsAreNotPrompts() {
    #expect(normalize("# Start the server\ndocker run -d nginx\n").notes.isEmpty)
    let transcript = normalize("# Start the server\n$ docker run -d nginx\n$\n")
    #expect(transcript.text == "docker run -d nginx\n\n")
    #expect(transcript.notes == ["read as pasted text: removed 2 prompts, left out 1 output line of the transcript"])
  }

  @Test("a transcript: lines without a prompt are output and left out, `\\` continuations are kept")
  func transcript() {
    let text = """
      user@host:~$ docker pull redis
      Using default tag: latest
      latest: Pulling from library/redis
      user@host:~$ docker run -d --name cache \\
      > -p 6379:6379 redis
      3f2a9c0d1e7b
      user@host:~$ docker ps
      CONTAINER ID   IMAGE   COMMAND
      3f2a9c0d1e7b   redis   "docker-entrypoint.s…"

      """
    let normalized = normalize(text)
    #expect(
      normalized.text == """
        docker pull redis
        docker run -d --name cache \\
        -p 6379:6379 redis
        docker ps

        """)
    #expect(
      normalized.notes == ["read as pasted text: removed 3 prompts, left out 5 output lines of the transcript"])
    let run = convert(text)
    #expect(run.status == 0)
    #expect(run.out.contains("podman run --userns=auto -d --name cache \\\n-p 6379:6379 docker.io/library/redis\n"))
    #expect(run.err.contains("migrate: <command>: read as pasted text: removed 3 prompts"))
  }

  @Test("a transcript joins indented flag lines written without `\\` to the prompted command")
  func transcriptBrokenLines() {
    let normalized = normalize("$ docker run -d\n    -p 80:80\n    nginx\nabc123\n")
    #expect(normalized.text == "docker run -d \\\n  -p 80:80 \\\n  nginx\n")
    #expect(
      normalized.notes == [
        "read as pasted text: removed 1 prompt, left out 1 output line of the transcript, continued 2 lines written without `\\`"
      ])
  }

  @Test("lines of a command broken without `\\`: flags and the image go on the command")
  func unjoinedContinuations() {
    let text = """
      docker run -d
        --name web
        -p 8080:80
        -v ./html:/usr/share/nginx/html:ro
        nginx:1.27
      docker ps

      """
    let normalized = normalize(text)
    #expect(
      normalized.text == """
        docker run -d \\
          --name web \\
          -p 8080:80 \\
          -v ./html:/usr/share/nginx/html:ro \\
          nginx:1.27
        docker ps

        """)
    #expect(normalized.notes == ["read as pasted text: continued 4 lines written without `\\`"])
    let compose = convert(text, to: .compose)
    #expect(compose.status == 0)
    #expect(compose.out.contains("container_name: web"))
    #expect(compose.out.contains("- \"8080:80\""))
    #expect(compose.out.contains("image: docker.io/library/nginx:1.27"))
  }

  @Test("a line after a complete command, or one starting a command, is not joined")
  func notJoined() {
    #expect(normalize("docker run -d nginx\nredis-server\n").notes.isEmpty)
    #expect(normalize("docker run -it\ndocker ps\n").notes.isEmpty)
    #expect(normalize("docker run -d\nFOO=1 make\n").notes.isEmpty)
    #expect(normalize("ls -la\n-rw-r--r-- 1 a b\n").notes.isEmpty)
  }

  @Test("`docker service create` is read as `docker run -d`; swarm-only flags are dropped and said")
  func serviceCreate() {
    let text =
      "docker service create --name web --replicas 3 --publish published=8080,target=80 "
      + "--mount type=volume,source=data,target=/data nginx"
    let normalized = normalize(text)
    #expect(
      normalized.text
        == "docker run -d --name web -p 8080:80 --mount type=volume,source=data,target=/data nginx\n")
    #expect(
      normalized.notes == [
        "read `docker service create` as `docker run -d` (one container, no swarm); dropped the swarm-only "
          + "`--replicas 3`; wrote `--publish published=8080,target=80` as `-p 8080:80`"
      ])
    let run = convert(text)
    #expect(run.status == 0)
    #expect(
      run.out
        == "podman run --userns=auto -d --name web -p 8080:80 --mount type=volume,source=data,target=/data docker.io/library/nginx\n"
    )
    let compose = convert(text, to: .compose)
    #expect(compose.status == 0)
    #expect(compose.out.contains("container_name: web"))
    #expect(compose.out.contains("target: /data"))
  }

  @Test("service flags: env and mounts kept, limits and labels renamed, restart and grace period converted")
  func serviceFlags() {
    let text = """
      $ sudo docker service create --detach=false --mode global --constraint node.role==manager \\
          --update-delay 10s --rollback-parallelism 2 --placement-pref spread=node.labels.zone \\
          --endpoint-mode dnsrr --with-registry-auth --secret db_pw -e MODE=prod --env-file ./app.env \\
          --limit-memory 512m --container-label tier=web --restart-condition on-failure \\
          --restart-max-attempts 3 --stop-grace-period 1m30s -p published=53,target=53,protocol=udp \\
          --publish 8443:443 registry.example.com/app:2 serve --port 80

      """
    let normalized = normalize(text)
    #expect(
      normalized.text
        == "sudo docker run -d -e MODE=prod --env-file ./app.env --memory 512m --label tier=web "
        + "--stop-timeout 90 -p 53:53/udp --publish 8443:443 --restart on-failure:3 registry.example.com/app:2 "
        + "serve --port 80\n")
    #expect(normalized.notes.count == 2)
    let swarm = normalized.notes.last ?? ""
    for flag in [
      "`--detach=false`", "`--mode global`", "`--constraint node.role==manager`", "`--update-delay 10s`",
      "`--rollback-parallelism 2`", "`--placement-pref spread=node.labels.zone`", "`--endpoint-mode dnsrr`",
      "`--with-registry-auth`", "`--secret db_pw`", "`--restart-max-attempts 3`",
    ] {
      #expect(swarm.contains(flag), "\(flag)")
    }
    #expect(swarm.contains("`--restart-condition on-failure` as `--restart on-failure`"))
    #expect(swarm.contains("`--stop-grace-period 1m30s` as `--stop-timeout 90`"))
    #expect(swarm.contains("`-p published=53,target=53,protocol=udp` as `-p 53:53/udp`"))
  }

  @Test("a CRLF paste reads as LF (no `\\r` ends the image), with its prompts removed")
  func crlf() {
    #expect(normalize("docker run -d nginx\r\n") == PastedCommand.Normalized(text: "docker run -d nginx\n", notes: []))
    let normalized = normalize("$ docker run -d \\\r\n  -p 80:80 nginx\r\n$ docker ps\r\n")
    #expect(normalized.text == "docker run -d \\\n  -p 80:80 nginx\ndocker ps\n")
    #expect(normalized.notes == ["read as pasted text: removed 2 prompts"])
    let run = convert("$ docker run -d nginx\r\n")
    #expect(run.out == "podman run --userns=auto -d docker.io/library/nginx\n")
  }
}

/// A docker / docker-compose / podman call: a command line's argv read with the docker grammar.
public struct DockerCall: Sendable {
  /// Which program runs.
  public enum Tool: Sendable, Hashable {
    /// `docker` (any path), or anything not recognised as one of the others (`$(DOCKER)`, `$DOCKER`).
    case docker
    /// The compose v1 binary `docker-compose`; `subcommand` still starts with `compose`.
    case dockerCompose
    /// `podman`, read with the docker grammar.
    case podman
    /// `podman-compose`, read with the compose grammar.
    case podmanCompose
  }

  /// The program word: `docker`, `/usr/bin/docker`, `docker-compose`, `$(DOCKER)`, …
  public var program: ShellWord
  public var tool: Tool
  /// True when this runs compose: `docker compose`, `docker-compose`, `podman-compose`, `podman compose`.
  public var runsCompose: Bool {
    tool == .dockerCompose || tool == .podmanCompose || subcommand.first == "compose"
  }

  /// Options of the docker binary before the subcommand (`-H`, `--context`, `--debug`, …).
  public var globalFlags: [ParsedFlag]
  /// Canonical command path: `["run"]` for both `docker run` and `docker container run`, `["ps"]` for
  /// `docker container ls`, `["compose", "up"]` for `docker compose up` and `docker-compose up`,
  /// `["buildx", "build"]`. An unknown command keeps its written words (`["frobnicate"]`). Empty when
  /// no subcommand is given.
  public var subcommand: [String]
  /// The words that spelled the subcommand (`container`, `run`); for `docker-compose up` only `up`.
  public var subcommandWords: [ShellWord]
  /// Flags after the program's global options, in source order, including repeats and unknown flags
  /// (`known == false`). Flags of a command group (`docker compose -f x.yml up`, `docker buildx
  /// --builder b build`) come first, then those of the subcommand.
  public var flags: [ParsedFlag]
  /// Positional arguments. For run/create: `[image, command, args…]`.
  public var positionals: [ShellWord]
  /// The flags with `known == false` (global ones included), in source order.
  public var unknownFlags: [ParsedFlag]
  /// From the program word to the end of the command's last word (host-file UTF-8 byte offsets,
  /// 0-based, half-open). Redirections after the last word are not included.
  public var range: ByteRange
  /// The grammar entry of the subcommand, when known.
  public var spec: CommandSpec?
  /// The `--` word that ended option parsing, if any.
  public var endOfOptions: ShellWord?
  /// Problems such as a value-taking flag at the end of the line.
  public var diagnostics: [ShellDiagnostic]
  /// Words after the program holding an unquoted expansion (`$OPTS`, `${A}x`, `$(cmd)`): the shell may
  /// split such a word into several arguments, or none, so the flags and positionals read around it
  /// are uncertain (`docker run $OPTS img` reads `$OPTS` as the image).
  public var splittableWords: [ShellWord]

  /// For `run`, `create`, `service create`: the image word (the first positional).
  public var image: ShellWord? {
    switch subcommand {
    case ["run"], ["create"], ["service", "create"]: return positionals.first
    default: return nil
    }
  }

  /// All parsed flags named `name` (canonical long name), global ones included.
  public func flags(named name: String) -> [ParsedFlag] {
    (globalFlags + flags).filter { $0.name == name }
  }
}

#!/usr/bin/env python3
"""Generates Sources/ShellKit/DockerCLI/DockerGrammarTable.swift.

Inputs:
  - Tools/docker-28.2.2-help.json: `docker <path> --help` for every command of docker 28.2.2
    (collected by walking the "Commands:" sections of the help output).
  - HIDDEN and NON_INTERSPERSED below: found by running the installed docker 28.2.2 with
    Tools/probe_hidden_flags.py (`docker <path> --<name>=zzz --help`: "unknown flag" / ParseBool
    error / accepted) and Tools/probe_interspersed.py (`docker <path> arg --bogus --help`).
  - COMPOSE and BUILDX below: written from the compose v2 reference (docs/reference/compose_*.md,
    cmd/compose/*.go) and the compose 1.29.2 docopt usage in Tools/docker-compose-1.29.2-usage.txt
    (neither compose nor buildx is installed here), as the union of v1 and v2 flags.

Run: python3 Tools/gen_docker_grammar.py  (from the package root)
"""
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELP = json.load(open(os.path.join(ROOT, "Tools", "docker-28.2.2-help.json")))
OUT = os.path.join(ROOT, "Sources", "ShellKit", "DockerCLI", "DockerGrammarTable.swift")

# pflag value types whose flags may be given more than once and accumulate.
REPEATABLE_TYPES = {
    "list", "map", "stringArray", "strings", "stringSlice", "ulimit", "mount", "network", "filter",
    "gpu-request", "pref", "port", "external-ca", "config", "secret", "stringToString", "ipNetSlice",
}

# Hidden flags accepted by docker 28.2.2 but absent from --help (probe results).
HIDDEN = {
    "container run": [("dns-opt", None, "list"), ("net", None, "network"), ("net-alias", None, "list")],
    "container create": [("dns-opt", None, "list"), ("net", None, "network"), ("net-alias", None, "list")],
    "container stop": [("time", None, "int")],
    "container restart": [("time", None, "int")],
    "container update": [("kernel-memory", None, "bytes")],
    "volume create": [("name", None, "string")],
    "stack": [("orchestrator", None, "string")],
}
for sub in ["config", "deploy", "ls", "ps", "rm", "services"]:
    HIDDEN["stack " + sub] = [("orchestrator", None, "string")]

# Commands whose flags end at the first positional argument (SetInterspersed(false)), probed.
NON_INTERSPERSED = {
    "container run", "container create", "container exec", "container top", "container commit",
    "image tag", "service create",
}

OPTION_RE = re.compile(r"^  (?:(-.), )?\s*--([a-zA-Z0-9-]+)(?: ([a-zA-Z0-9-]+))?(\s{2,}|$)")


def parse_help(text):
    flags = []
    aliases = []
    section = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[A-Z][A-Za-z ]*:\s*$", line):
            section = line.strip()
            if section == "Aliases:" and i + 1 < len(lines):
                for a in lines[i + 1].split(","):
                    words = a.split()
                    if words and words[0] == "docker":
                        aliases.append(words[1:])
            continue
        m = OPTION_RE.match(line)
        if m and section in ("Options:", "Global Options:"):
            short = m.group(1)[1] if m.group(1) else None
            flags.append((m.group(2), short, m.group(3)))
    return flags, aliases


def subcommands(text):
    out = []
    insec = False
    for line in text.splitlines():
        if re.match(r"^[A-Za-z ]*Commands:\s*$", line):
            insec = True
            continue
        if insec:
            m = re.match(r"^  ([a-z][a-z0-9-]*)\*?\s", line)
            if m:
                out.append(m.group(1))
                continue
            insec = False
    return out


def add_help(flags):
    names = {f[0] for f in flags}
    shorts = {f[1] for f in flags if f[1]}
    if "help" not in names:
        flags.append(("help", None if "h" in shorts else "h", None))
    else:
        flags = [(n, (s if s else (None if "h" in shorts else "h")) if n == "help" else s, t)
                 for (n, s, t) in flags]
    return flags


# ---------------------------------------------------------------------------------------------
# Compose (v2 plugin `docker compose` and v1 binary `docker-compose`): union of both versions.
# (name, short, type) with type None for booleans.
B = None
DRY = ("dry-run", None, B)
COMPOSE_ROOT = [
    ("all-resources", None, B), ("ansi", None, "string"), ("compatibility", None, B), DRY,
    ("env-file", None, "stringArray"), ("file", "f", "stringArray"), ("parallel", None, "int"),
    ("profile", None, "stringArray"), ("progress", None, "string"),
    ("project-directory", None, "string"), ("project-name", "p", "string"),
    # hidden in v2
    ("workdir", None, "string"), ("insecure-registry", None, "stringArray"), ("no-ansi", None, B),
    ("verbose", None, B), ("version", "v", B),
    # v1 only
    ("context", "c", "string"), ("log-level", None, "string"), ("host", "H", "string"),
    ("tls", None, B), ("tlscacert", None, "string"), ("tlscert", None, "string"),
    ("tlskey", None, "string"), ("tlsverify", None, B), ("skip-hostname-check", None, B),
    ("help", "h", B),
]
COMPOSE = {
    "up": [
        ("abort-on-container-exit", None, B), ("abort-on-container-failure", None, B),
        ("always-recreate-deps", None, B), ("attach", None, "stringArray"),
        ("attach-dependencies", None, B), ("build", None, B), ("detach", "d", B), DRY,
        ("exit-code-from", None, "string"), ("force-recreate", None, B), ("menu", None, B),
        ("no-attach", None, "stringArray"), ("no-build", None, B), ("no-color", None, B),
        ("no-deps", None, B), ("no-log-prefix", None, B), ("no-recreate", None, B),
        ("no-start", None, B), ("pull", None, "string"), ("quiet-build", None, B),
        ("quiet-pull", None, B), ("remove-orphans", None, B), ("renew-anon-volumes", "V", B),
        ("scale", None, "stringArray"), ("timeout", "t", "int"), ("timestamps", None, B),
        ("wait", None, B), ("wait-timeout", None, "int"), ("watch", "w", B), ("yes", "y", B),
    ],
    "down": [
        DRY, ("remove-orphans", None, B), ("rmi", None, "string"), ("timeout", "t", "int"),
        ("volumes", "v", B),
    ],
    "run": [
        ("build", None, B), ("cap-add", None, "list"), ("cap-drop", None, "list"),
        ("detach", "d", B), DRY, ("entrypoint", None, "string"), ("env", "e", "stringArray"),
        ("env-from-file", None, "stringArray"), ("interactive", "i", B),
        ("label", "l", "stringArray"), ("labels", None, "stringArray"), ("name", None, "string"),
        ("no-TTY", "T", B), ("no-deps", None, B), ("publish", "p", "stringArray"),
        ("pull", None, "string"), ("quiet", "q", B), ("quiet-build", None, B),
        ("quiet-pull", None, B), ("remove-orphans", None, B), ("rm", None, B),
        ("service-ports", "P", B), ("tty", "t", B), ("use-aliases", None, B),
        ("user", "u", "string"), ("volume", "v", "stringArray"), ("volumes", None, "stringArray"),
        ("workdir", "w", "string"),
    ],
    "exec": [
        ("detach", "d", B), DRY, ("env", "e", "stringArray"), ("index", None, "int"),
        ("interactive", "i", B), ("no-TTY", "T", B), ("privileged", None, B), ("tty", "t", B),
        ("user", "u", "string"), ("workdir", "w", "string"),
    ],
    "build": [
        ("build-arg", None, "stringArray"), ("builder", None, "string"), ("check", None, B), DRY,
        ("memory", "m", "bytes"), ("no-cache", None, B), ("print", None, B),
        ("provenance", None, "string"), ("pull", None, B), ("push", None, B), ("quiet", "q", B),
        ("sbom", None, "string"), ("ssh", None, "string"), ("with-dependencies", None, B),
        # v1 / hidden compatibility flags
        ("compress", None, B), ("force-rm", None, B), ("no-rm", None, B), ("parallel", None, B),
        ("progress", None, "string"),
    ],
    "pull": [
        DRY, ("ignore-buildable", None, B), ("ignore-pull-failures", None, B),
        ("include-deps", None, B), ("policy", None, "string"), ("quiet", "q", B),
        ("parallel", None, B), ("no-parallel", None, B),
    ],
    "push": [DRY, ("ignore-push-failures", None, B), ("include-deps", None, B), ("quiet", "q", B)],
    "logs": [
        DRY, ("follow", "f", B), ("index", None, "int"), ("no-color", None, B),
        ("no-log-prefix", None, B), ("since", None, "string"), ("tail", "n", "string"),
        ("timestamps", "t", B), ("until", None, "string"),
    ],
    "ps": [
        ("all", "a", B), DRY, ("filter", None, "string"), ("format", None, "string"),
        ("no-trunc", None, B), ("orphans", None, B), ("quiet", "q", B), ("services", None, B),
        ("status", None, "stringArray"),
    ],
    "start": [DRY, ("wait", None, B), ("wait-timeout", None, "int")],
    "stop": [DRY, ("timeout", "t", "int")],
    "restart": [DRY, ("no-deps", None, B), ("timeout", "t", "int")],
    "config": [
        DRY, ("environment", None, B), ("format", None, "string"), ("hash", None, "string"),
        ("images", None, B), ("lock-image-digests", None, B), ("models", None, B),
        ("networks", None, B), ("no-consistency", None, B), ("no-env-resolution", None, B),
        ("no-interpolate", None, B), ("no-normalize", None, B), ("no-path-resolution", None, B),
        ("output", "o", "string"), ("profiles", None, B), ("quiet", "q", B),
        ("resolve-image-digests", None, B), ("services", None, B), ("variables", None, B),
        ("volumes", None, B),
    ],
    "rm": [DRY, ("force", "f", B), ("stop", "s", B), ("volumes", "v", B), ("all", "a", B)],
    "create": [
        ("build", None, B), DRY, ("force-recreate", None, B), ("no-build", None, B),
        ("no-recreate", None, B), ("pull", None, "string"), ("quiet-pull", None, B),
        ("remove-orphans", None, B), ("scale", None, "stringArray"), ("yes", "y", B),
    ],
    "kill": [DRY, ("remove-orphans", None, B), ("signal", "s", "string")],
    "images": [DRY, ("format", None, "string"), ("quiet", "q", B)],
    "ls": [("all", "a", B), DRY, ("filter", None, "filter"), ("format", None, "string"),
           ("quiet", "q", B)],
    "port": [DRY, ("index", None, "int"), ("protocol", None, "string")],
    "top": [DRY],
    "pause": [DRY],
    "unpause": [DRY],
    "events": [DRY, ("json", None, B), ("since", None, "string"), ("until", None, "string")],
    "version": [("format", "f", "string"), ("short", None, B)],
    "cp": [("all", None, B), ("archive", "a", B), DRY, ("follow-link", "L", B),
           ("index", None, "int")],
    "wait": [("down-project", None, B), DRY],
    "watch": [DRY, ("no-up", None, B), ("prune", None, B), ("quiet", None, B)],
    "scale": [DRY, ("no-deps", None, B), ("timeout", "t", "int")],
    "attach": [DRY, ("detach-keys", None, "string"), ("index", None, "int"),
               ("no-stdin", None, B), ("sig-proxy", None, B)],
    "stats": [("all", "a", B), DRY, ("format", None, "string"), ("no-stream", None, B),
              ("no-trunc", None, B)],
    "export": [DRY, ("index", None, "int"), ("output", "o", "string")],
    "commit": [("author", "a", "string"), ("change", "c", "list"), DRY, ("index", None, "int"),
               ("message", "m", "string"), ("pause", "p", B)],
    "volumes": [DRY, ("format", None, "string"), ("quiet", "q", B)],
    "publish": [DRY, ("oci-version", None, "string"), ("resolve-image-digests", None, B),
                ("with-env", None, B), ("yes", "y", B), ("app", None, B)],
    "help": [],
}
COMPOSE_ALIASES = {"config": [["convert"]], "rm": [["remove"]], "ls": [["list"]]}
COMPOSE_STOP = {"run", "exec"}

# buildx (`docker buildx build`), from buildx v0.2x --help; `-D/--debug` and `--builder` are
# persistent flags of `docker buildx`.
BUILDX_ROOT = [("builder", None, "string"), ("debug", "D", B), ("help", "h", B)]
BUILDX_BUILD = [
    ("add-host", None, "strings"), ("allow", None, "stringArray"),
    ("annotation", None, "stringArray"), ("attest", None, "stringArray"),
    ("build-arg", None, "stringArray"), ("build-context", None, "stringArray"),
    ("builder", None, "string"), ("cache-from", None, "stringArray"),
    ("cache-to", None, "stringArray"), ("call", None, "string"), ("cgroup-parent", None, "string"),
    ("check", None, B), ("debug", "D", B), ("file", "f", "string"), ("iidfile", None, "string"),
    ("label", None, "stringArray"), ("load", None, B), ("metadata-file", None, "string"),
    ("network", None, "string"), ("no-cache", None, B), ("no-cache-filter", None, "stringArray"),
    ("output", "o", "stringArray"), ("platform", None, "stringArray"),
    ("progress", None, "string"), ("provenance", None, "string"), ("pull", None, B),
    ("push", None, B), ("quiet", "q", B), ("sbom", None, "string"), ("secret", None, "stringArray"),
    ("shm-size", None, "bytes"), ("ssh", None, "stringArray"), ("tag", "t", "stringArray"),
    ("target", None, "string"), ("ulimit", None, "ulimit"),
    # hidden compatibility flags of the legacy builder, accepted by buildx
    ("compress", None, B), ("cpu-period", None, "int"), ("cpu-quota", None, "int"),
    ("cpu-shares", "c", "int"), ("cpuset-cpus", None, "string"), ("cpuset-mems", None, "string"),
    ("force-rm", None, B), ("isolation", None, "string"), ("memory", "m", "bytes"),
    ("memory-swap", None, "bytes"), ("rm", None, B), ("security-opt", None, "strings"),
    ("squash", None, B), ("help", "h", B),
]
BUILDX_BAKE = [
    ("allow", None, "stringArray"), ("builder", None, "string"), ("call", None, "string"),
    ("check", None, B), ("debug", "D", B), ("file", "f", "stringArray"), ("list", None, "string"),
    ("load", None, B), ("metadata-file", None, "string"), ("no-cache", None, B),
    ("print", None, B), ("progress", None, "string"), ("provenance", None, "string"),
    ("pull", None, B), ("push", None, B), ("sbom", None, "string"), ("set", None, "stringArray"),
    ("help", "h", B),
]
BUILDX_SHALLOW = ["create", "use", "ls", "rm", "inspect", "prune", "stop", "du", "version",
                  "imagetools", "history", "dial-stdio"]

# Recognised top-level commands that docker 28.2.2 no longer ships (flags unknown).
SHALLOW_TOP = ["scan", "scout", "init", "sbom", "debug", "model", "mcp"]


def swift_flag(name, short, typ, hidden=False):
    s = f'"{short}"' if short else "nil"
    h = ", hidden: true" if hidden else ""
    if typ is None:
        return f'.bool("{name}", {s}{h})'
    rep = "true" if typ in REPEATABLE_TYPES else "false"
    return f'.value("{name}", {s}, type: "{typ}", repeatable: {rep}{h})'


def swift_path(p):
    return "[" + ", ".join(f'"{w}"' for w in p) + "]"


def main():
    specs = {}  # canonical path tuple -> dict
    order = []

    def add(path, flags, aliases, stop, subs, hidden_flags=()):
        key = tuple(path)
        if key not in specs:
            specs[key] = {"flags": [], "aliases": [], "stop": stop, "subs": []}
            order.append(key)
        spec = specs[key]
        have = {f[0] for f in spec["flags"]}
        for f in flags:
            if f[0] not in have:
                spec["flags"].append((f[0], f[1], f[2], False))
                have.add(f[0])
        for f in hidden_flags:
            if f[0] not in have:
                spec["flags"].append((f[0], f[1], f[2], True))
                have.add(f[0])
        for a in aliases:
            if tuple(a) != key and a not in spec["aliases"]:
                spec["aliases"].append(a)
        spec["stop"] = spec["stop"] or stop
        for s in subs:
            if s not in spec["subs"]:
                spec["subs"].append(s)

    global_flags = None
    for key in sorted(HELP):
        text = HELP[key]
        flags, aliases = parse_help(text)
        if key == "":
            global_flags = add_help([f for f in flags])
            continue
        path = key.split()
        written = [path] + [a for a in aliases if a != path]
        canonical = min(written, key=lambda p: (len(p), p != path))
        subs = subcommands(text)
        stop = any(" ".join(p) in NON_INTERSPERSED for p in written)
        hidden = []
        for p in written:
            hidden += HIDDEN.get(" ".join(p), [])
        add(canonical, add_help(flags), [p for p in written if p != canonical], stop, subs, hidden)

    add(["compose"], COMPOSE_ROOT, [], True, sorted(COMPOSE))
    for name in sorted(COMPOSE):
        add(["compose", name], COMPOSE[name] + [("help", "h", B)],
            [["compose"] + a for a in COMPOSE_ALIASES.get(name, [])], name in COMPOSE_STOP, [])
    add(["buildx"], BUILDX_ROOT, [], False, ["build", "bake"] + BUILDX_SHALLOW)
    add(["buildx", "build"], BUILDX_BUILD, [["buildx", "b"]], False, [])
    add(["buildx", "bake"], BUILDX_BAKE, [["buildx", "f"]], False, [])
    for name in BUILDX_SHALLOW:
        add(["buildx", name], BUILDX_ROOT, [], False, [])
    for name in SHALLOW_TOP:
        add([name], [("help", "h", B)], [], False, [])

    # `docker build` is buildx on current installs: accept buildx flags as well (as hidden).
    add(["build"], [], [], False, [], [(n, s, t) for (n, s, t) in BUILDX_BUILD])

    out = []
    out.append("// Generated by Tools/gen_docker_grammar.py from the help output of docker 28.2.2,")
    out.append("// probes of that binary (hidden flags, flag ordering) and the compose v1/v2 and buildx")
    out.append("// references. Do not edit by hand: edit the generator and run it again.")
    out.append("")
    out.append("extension DockerGrammar {")
    out.append("  /// `docker [OPTIONS]`: options of the docker binary itself (before the subcommand).")
    out.append("  public static let globalFlags: [FlagSpec] = [")
    for (n, s, t) in global_flags:
        out.append("    " + swift_flag(n, s, t) + ",")
    out.append("  ]")
    out.append("")
    out.append("  /// Every known command, groups (`container`, `compose`, …) included, by canonical path.")
    out.append("  public static let commands: [CommandSpec] = [")
    for key in order:
        spec = specs[key]
        stop = "true" if spec["stop"] else "false"
        aliases = "[" + ", ".join(swift_path(a) for a in spec["aliases"]) + "]"
        subs = "[" + ", ".join(f'"{s}"' for s in spec["subs"]) + "]"
        out.append("    CommandSpec(")
        out.append(f"      path: {swift_path(key)}, positionalsStopFlags: {stop}, aliases: {aliases},")
        out.append(f"      subcommands: {subs},")
        if spec["flags"]:
            out.append("      flags: [")
            for (n, s, t, h) in spec["flags"]:
                out.append("        " + swift_flag(n, s, t, h) + ",")
            out.append("      ]),")
        else:
            out.append("      flags: []),")
    out.append("  ]")
    out.append("}")
    open(OUT, "w").write("\n".join(out) + "\n")
    print(f"wrote {OUT}: {len(order)} commands, {len(global_flags)} global flags")


if __name__ == "__main__":
    main()

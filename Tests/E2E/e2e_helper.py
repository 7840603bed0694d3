#!/usr/bin/env python3
"""Helpers for Tests/E2E/run.sh: docker/podman command lines and podman-compose checks.

Run with the podman-compose venv's python (it has PyYAML). Subcommands:

  extract KIND FILE
      Print the docker/podman run|create|build command lines of FILE, joined
      across backslash continuations and cut at the first shell operator or
      comment, NUL-terminated. KIND: shell, makefile (FILE is `make -n`
      output), systemd, github-actions, gitlab-ci.

  create-args LABEL WORD...
      WORD... is a converted `podman run|create ...` line split by bash.
      Prints the arguments for `podman create` (run becomes create, -d is
      dropped, `--label LABEL` is added), NUL-terminated.

  image WORD...        Print the image of a docker/podman run|create line.

  check MODE EXPECT_U CWD ORIG_WORDS_FILE INSPECT_JSON [MIGRATE_STDERR]
      Compare `podman inspect` of the created container with what the original
      docker line asked for: mounts (and `U` on the destinations listed in
      EXPECT_U, space-separated), ports, environment, restart policy, and in
      MODE userns-auto a non-identity uid map (see "user namespace oracle").
      Prints one problem per line; exit 1 if any.

  compose-check MODE ORIG_COMPOSE CONV_COMPOSE DRYRUN_LOG EXPECT_U MIGRATE_STDERR
      Check the podman commands podman-compose logged with --verbose --dry-run
      (see NOTES.md). EXPECT_U: space-separated SERVICE:DEST pairs.

User namespace oracle (userns-auto mode): a container must get a user
namespace unless migrate says why not, with an unfixed MG101 (host user
namespace) or MG107 (host namespace sharing) finding for it; and if migrate
reports MG101 as fixed, the user namespace must be there.

  named-volumes WORD...   Print the named volumes of a docker/podman line.
  bind-sources CWD WORD...  Print the absolute bind-mount sources of a line.
  build-tags WORD...      Print the -t/--tag names of a `build` line.
  corpus-command FILE ID  Print the command of case ID of cases.jsonl.
  mg120-flags FILE        Print the flags of the unfixed MG120 (and MG128,
                          `--link`) findings in migrate's stderr FILE.
"""
import json
import os
import re
import sys

# Flags of docker/podman run|create that take no value. Every other flag takes
# one (as `--flag value`, `--flag=value`, `-f value`, `-fvalue`, `-f=value`).
BOOL_LONG = {
    "detach", "interactive", "tty", "rm", "privileged", "read-only", "init",
    "publish-all", "no-healthcheck", "oom-kill-disable", "sig-proxy", "help",
    "disable-content-trust", "quiet", "replace", "http-proxy", "rootfs",
    "env-host", "no-hosts", "read-only-tmpfs", "rmi", "passwd", "use-api-socket",
}
BOOL_SHORT = set("ditPq")
DOCKER_SOCKETS = {"/var/run/docker.sock", "/run/docker.sock"}
PODMAN_ROOT_SOCKET = "/run/podman/podman.sock"


# --------------------------------------------------------------------------
# command line grammar

def engine_index(words):
    for i, w in enumerate(words):
        if os.path.basename(w) in ("docker", "podman"):
            return i
    raise SystemExit("no docker/podman word in: %r" % (words,))


def parse_run(words):
    """Split a run/create line: (engine index, subcommand index, [(flag, value, start, end)], image index)."""
    e = engine_index(words)
    s = e + 1
    if s < len(words) and words[s] == "container":
        s += 1
    if s >= len(words) or words[s] not in ("run", "create"):
        raise SystemExit("not a run/create line: %r" % (words,))
    flags = []
    i = s + 1
    while i < len(words):
        w = words[i]
        if w == "--":
            i += 1
            break
        if not w.startswith("-") or w == "-":
            break
        start = i
        if w.startswith("--"):
            name, eq, val = w[2:].partition("=")
            if eq:
                flags.append((name, val, start, i + 1))
            elif name in BOOL_LONG:
                flags.append((name, None, start, i + 1))
            else:
                flags.append((name, words[i + 1] if i + 1 < len(words) else "", start, i + 2))
                i += 1
            i += 1
            continue
        # short flags, possibly combined
        body = w[1:]
        j = 0
        while j < len(body):
            c = body[j]
            if c in BOOL_SHORT:
                flags.append((c, None, start, i + 1))
                j += 1
                continue
            rest = body[j + 1:]
            if rest.startswith("="):
                rest = rest[1:]
            if rest:
                flags.append((c, rest, start, i + 1))
            else:
                flags.append((c, words[i + 1] if i + 1 < len(words) else "", start, i + 2))
                i += 1
            break
        i += 1
    return e, s, flags, i


def flag_values(flags, *names):
    return [v for (n, v, _, _) in flags if n in names]


def cmd_image(words):
    _, _, _, img = parse_run(words)
    print(words[img] if img < len(words) else "")


def cmd_create_args(label, words):
    e, s, flags, img = parse_run(words)
    out = ["create", "--label", label]
    i = s + 1
    while i < img:
        w = words[i]
        if w in ("-d", "--detach") or w.startswith("--detach="):
            i += 1
            continue
        if re.fullmatch(r"-[dit]+", w) and "d" in w:
            w = w.replace("d", "")
        out.append(w)
        i += 1
    out.extend(words[img:])
    sys.stdout.write("".join(a + "\0" for a in out))


def is_bind_source(src):
    return src.startswith(("/", ".", "~"))


def mounts_of(flags):
    """[(type, source, dest, readonly)] from -v/--volume/--mount."""
    res = []
    for v in flag_values(flags, "v", "volume"):
        parts = v.split(":")
        if len(parts) == 1:
            res.append(("anon", None, parts[0], False))
            continue
        src, dst = parts[0], parts[1]
        opts = parts[2].split(",") if len(parts) > 2 else []
        kind = "bind" if is_bind_source(src) else "volume"
        res.append((kind, src, dst, "ro" in opts))
    for m in flag_values(flags, "mount"):
        kv = {}
        for item in m.split(","):
            k, _, val = item.partition("=")
            kv[k] = val if _ else "true"
        kind = kv.get("type", "volume")
        src = kv.get("source", kv.get("src"))
        dst = kv.get("target", kv.get("destination", kv.get("dst")))
        ro = kv.get("readonly", kv.get("ro", "false")) in ("true", "1")
        if kind in ("bind", "volume"):
            res.append((kind, src, dst, ro))
    return res


def cmd_named_volumes(words):
    _, _, flags, _ = parse_run(words)
    for kind, src, _, _ in mounts_of(flags):
        if kind == "volume" and src:
            print(src)


def cmd_bind_sources(cwd, words):
    _, _, flags, _ = parse_run(words)
    for kind, src, _, _ in mounts_of(flags):
        if kind == "bind":
            print(os.path.normpath(os.path.join(cwd, os.path.expanduser(src))))


def cmd_build_tags(words):
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("-t", "--tag") and i + 1 < len(words):
            print(words[i + 1])
            i += 1
        elif w.startswith("--tag="):
            print(w[6:])
        elif w.startswith("-t") and len(w) > 2 and not w.startswith("--"):
            print(w[2:].lstrip("="))
        i += 1


def cmd_corpus_command(path, case_id):
    with open(path) as f:
        for line in f:
            d = json.loads(line)
            if d["id"] == case_id:
                sys.stdout.write(d["command"])
                return
    raise SystemExit("no case " + case_id)


def cmd_mg120_flags(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.search(r"error: \[MG12[08]\] `(-[^`\s=]*)", line)
            if m and "(fixed)" not in line:
                print(m.group(1))


def norm(p):
    return p.rstrip("/") or "/"


def userns_findings(lines):
    """(fixed MG101 present, unfixed MG101/MG107 present) among finding lines."""
    fixed = any("[MG101]" in l and "(fixed)" in l for l in lines)
    excused = any(("[MG101]" in l or "[MG107]" in l) and "(fixed)" not in l for l in lines)
    return fixed, excused


def read_findings(path):
    if not path or path == "-" or not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l for l in f.read().splitlines() if re.search(r":\d+:\d+: \w+: \[MG\d+\]", l)]


def cmd_check(mode, expect_u, cwd, words_file, inspect_file, stderr_file="-"):
    with open(words_file, "rb") as f:
        words = [w.decode() for w in f.read().split(b"\0") if w]
    with open(inspect_file) as f:
        info = json.load(f)
    if isinstance(info, list):
        info = info[0]
    expect_u = {norm(d) for d in expect_u.split()}
    _, _, flags, _ = parse_run(words)
    problems = []
    hc = info.get("HostConfig", {})
    cfg = info.get("Config", {})

    # user namespace
    uidmap = (hc.get("IDMappings") or {}).get("UidMap")
    create_cmd = cfg.get("CreateCommand") or []
    if mode == "userns-auto":
        fixed, excused = userns_findings(read_findings(stderr_file))
        has_userns = bool(uidmap) and not uidmap[0].startswith("0:0:")
        if not has_userns and (fixed or not excused):
            problems.append("no user namespace (HostConfig.IDMappings.UidMap is %s) and migrate %s" % (
                json.dumps(uidmap), "reports MG101 fixed" if fixed else "does not say why (no unfixed MG101/MG107)"))
    elif mode == "rootless":
        if any(a.startswith("--userns") for a in create_cmd):
            problems.append("rootless line carries a --userns flag: %s" % create_cmd)

    # mounts
    mounts = info.get("Mounts") or []
    by_dest = {norm(m.get("Destination", "")): m for m in mounts}
    for kind, src, dst, ro in mounts_of(flags):
        m = by_dest.get(norm(dst))
        if m is None:
            problems.append("no mount at %s (mounts: %s)" % (dst, sorted(by_dest)))
            continue
        opts = m.get("Options") or []
        if kind == "bind":
            want = src
            if src in DOCKER_SOCKETS and mode == "userns-auto":
                want = PODMAN_ROOT_SOCKET
            want = os.path.realpath(os.path.join(cwd, os.path.expanduser(want)))
            if m.get("Type") != "bind":
                problems.append("%s: type %s, want bind" % (dst, m.get("Type")))
            if os.path.realpath(m.get("Source", "")) != want:
                problems.append("%s: source %s, want %s" % (dst, m.get("Source"), want))
            has_u = "U" in opts
            if norm(dst) in expect_u and not has_u:
                problems.append("%s: bind mount lacks U (options %s)" % (dst, opts))
            if norm(dst) not in expect_u and has_u:
                problems.append("%s: unexpected U (options %s)" % (dst, opts))
        elif kind == "volume":
            if m.get("Type") != "volume" or m.get("Name") != src:
                problems.append("%s: %s %s, want volume %s" % (dst, m.get("Type"), m.get("Name"), src))
        if bool(m.get("RW")) == ro:
            problems.append("%s: RW=%s, want read-only=%s" % (dst, m.get("RW"), ro))
    for d in expect_u:
        if d not in by_dest:
            problems.append("expected a U bind mount at %s; none" % d)

    # ports (rootless here runs with netns none: podman discards -p)
    if mode != "rootless":
        bindings = hc.get("PortBindings") or {}
        for p in flag_values(flags, "p", "publish"):
            spec, _, proto = p.partition("/")
            proto = proto or "tcp"
            parts = spec.rsplit(":", 2)
            if len(parts) == 1:
                continue  # random host port
            cport = parts[-1]
            hport = parts[-2]
            hip = parts[0] if len(parts) == 3 else ""
            got = bindings.get("%s/%s" % (cport, proto)) or []
            if not any(b.get("HostPort") == hport and (b.get("HostIp") or "") == hip for b in got):
                problems.append("port %s: PortBindings[%s/%s] = %s" % (p, cport, proto, got))

    # environment
    env = cfg.get("Env") or []
    for e in flag_values(flags, "e", "env"):
        if "=" in e and e not in env:
            problems.append("env %s missing (Env: %s)" % (e, env))

    # restart policy
    want = (flag_values(flags, "restart") or [""])[-1]
    want = {"unless-stopped": "always", "no": ""}.get(want, want)
    got = ((hc.get("RestartPolicy") or {}).get("Name") or "")
    got = "" if got == "no" else got
    if got != want.split(":")[0]:
        problems.append("restart policy %r, want %r" % (got, want))

    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


# --------------------------------------------------------------------------
# extraction from files

OPERATORS = ("||", "&&", ";", "|", "&", ">", "<", "#")


def cut_at_operator(s):
    """Cut a shell command at the first unquoted control operator, redirection or comment."""
    q = None
    i = 0
    while i < len(s):
        c = s[i]
        if q:
            if c == "\\" and q == '"':
                i += 2
                continue
            if c == q:
                q = None
        elif c == "\\":
            i += 2
            continue
        elif c in "'\"":
            q = c
        elif c == "#" and (i == 0 or s[i - 1].isspace()):
            return s[:i].rstrip()
        elif c in ";|&<>":
            # 2>/dev/null: drop the fd number too
            return re.sub(r"\s\d*$", "", s[:i]).rstrip()
        i += 1
    return s.rstrip()


CMD_RE = re.compile(r"(?:^|(?<=[\s=@;&|(]))((?:/\S*/)?(?:docker|podman)\s+(?:container\s+)?(?:run|create|build)\b.*)")


def cmd_extract(kind, path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    logical = []
    buf = ""
    for line in lines:
        line = line.rstrip("\r")
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        logical.append(buf + line)
        buf = ""
    if buf:
        logical.append(buf)
    out = []
    for line in logical:
        text = line
        if kind == "systemd":
            m = re.match(r"\s*Exec\w+=[-@+!:]*(.*)", line)
            if not m:
                continue
            text = m.group(1)
        m = CMD_RE.search(text)
        if not m:
            continue
        cmd = cut_at_operator(m.group(1))
        cmd = re.sub(r"^/\S*/(docker|podman)", r"\1", cmd)
        out.append(cmd)
    sys.stdout.write("".join(c + "\0" for c in out))


# --------------------------------------------------------------------------
# podman-compose dry-run

def load_yaml(path, lenient=False):
    """PyYAML's pure reader, as podman-compose uses it. lenient=True (for the original input, which only
    migrate must read) falls back to PyYAML's libyaml binding, which accepts tabs between tokens as
    migrate's libyaml does."""
    import yaml  # from the podman-compose venv
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    try:
        return yaml.safe_load(text)
    except yaml.scanner.ScannerError:
        if not lenient or not hasattr(yaml, "CSafeLoader"):
            raise
        return yaml.load(text, Loader=yaml.CSafeLoader)


def service_line_ranges(path):
    """{service: (first line, last line)} of the services of a compose file, 1-based."""
    import yaml
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    try:
        root = yaml.compose(text)
    except yaml.scanner.ScannerError:
        # Only migrate must read the original input: libyaml's reading, as migrate's (tabs between tokens).
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    ranges = {}
    if not isinstance(root, yaml.MappingNode):
        return ranges
    for k, v in root.value:
        if k.value == "services" and isinstance(v, yaml.MappingNode):
            for sk, sv in v.value:
                ranges[sk.value] = (sk.start_mark.line + 1, sv.end_mark.line + 1)
    return ranges


def cmd_compose_check(mode, orig_path, conv_path, log_path, expect_u, stderr_file="-"):
    orig = load_yaml(orig_path, lenient=True) or {}
    conv = load_yaml(conv_path) or {}
    with open(log_path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    problems = []
    if "Traceback" in log:
        problems.append("podman-compose raised: " + log[log.index("Traceback"):][-400:].replace("\n", " | "))
    cmds = [l.split("INFO:podman_compose:", 1)[1] for l in log.splitlines() if l.startswith("INFO:podman_compose:podman ")]
    runs = {}
    for c in cmds:
        m = re.match(r"podman (?:run|create) .*--label com\.docker\.compose\.service=(\S+)", c)
        if m:
            runs[m.group(1)] = c
    services = (orig.get("services") or {})
    conv_services = (conv.get("services") or {})
    findings = read_findings(stderr_file)
    ranges = service_line_ranges(orig_path)

    def findings_of(name):
        lo, hi = ranges.get(name, (0, -1))
        res = []
        for l in findings:
            m = re.search(r":(\d+):\d+: \w+: \[MG\d+\]", l)
            if ("`%s`" % name) in l or (m and lo <= int(m.group(1)) <= hi):
                res.append(l)
        return res

    for name in services:
        if name not in runs:
            problems.append("service %s: no podman run/create in the dry run" % name)
    for name, c in runs.items():
        has_userns = bool(re.search(r"--userns[ =]auto(\s|$)", c))
        if mode == "userns-auto":
            fixed, excused = userns_findings(findings_of(name))
            if not has_userns and (fixed or not excused):
                problems.append("service %s: no --userns auto and migrate %s: %s" % (
                    name, "reports MG101 fixed" if fixed else "does not say why (no unfixed MG101/MG107)", c[:300]))
        elif "--userns" in c:
            problems.append("service %s (rootless): unexpected --userns" % name)
        # podman refuses --userns in a pod ("--userns and --pod cannot be set together")
        if re.search(r"--pod[ =]", c) and "--userns" in c:
            problems.append("service %s: --userns inside a pod (--pod): %s" % (name, c[:300]))
        # every U in the converted file reaches podman
        csvc = conv_services.get(name) or {}
        for v in csvc.get("volumes") or []:
            if isinstance(v, str):
                parts = v.split(":")
                if len(parts) >= 3 and "U" in parts[-1].split(","):
                    dst = parts[-2]
                    if not re.search(r"-v \S*:%s:(\S*,)?U(,|\s|$)" % re.escape(dst), c):
                        problems.append("service %s: U of %s lost in: %s" % (name, v, c[:300]))
    for pair in expect_u.split():
        name, _, dst = pair.partition(":")
        c = runs.get(name)
        if c is None:
            problems.append("expected U on %s: service missing" % pair)
        elif not re.search(r"-v \S*:%s:(\S*,)?U(,|\s|$)" % re.escape(dst), c):
            problems.append("service %s: bind mount at %s has no U: %s" % (name, dst, c[:300]))
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


def systemd_words(value, specifiers):
    """Split a systemd command line (systemd.service(5) "Command lines") into argv: specifiers
    (%t, %n, %%) replaced, $$ -> $, whitespace separates words, "..." and '...' group, backslash
    escapes (C-style inside quotes). Written independently of migrate's own parser."""
    words, cur, in_word, quote, i = [], "", False, None, 0
    escapes = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'"}
    while i < len(value):
        c = value[i]
        if c == "%" and i + 1 < len(value):
            spec = value[i + 1]
            if spec == "%":
                cur += "%"
            elif spec in specifiers:
                cur += specifiers[spec]
            else:
                raise SystemExit("unknown specifier %" + spec)
            in_word, i = True, i + 2
            continue
        if c == "$" and value[i + 1:i + 2] == "$":
            cur, in_word, i = cur + "$", True, i + 2
            continue
        if c == "$":
            raise SystemExit("unescaped $ (systemd would expand it): " + value[i:i + 20])
        if quote:
            if c == quote:
                quote = None
            elif c == "\\":
                i += 1
                cur += escapes.get(value[i], value[i])
            else:
                cur += c
        elif c in " \t":
            if in_word:
                words.append(cur)
            cur, in_word = "", False
        elif c in "\"'":
            quote, in_word = c, True
        elif c == "\\":
            i += 1
            cur += value[i]
            in_word = True
        else:
            cur, in_word = cur + c, True
        i += 1
    if quote:
        raise SystemExit("unterminated quote")
    if in_word:
        words.append(cur)
    return words


def cmd_unit_exec_start(path, runtime_dir, unit_name):
    """Print the ExecStart= argv of a unit file, NUL-separated."""
    lines = open(path, encoding="utf-8").read().split("\n")
    value, collecting = None, False
    for line in lines:
        if collecting:
            if line.lstrip().startswith(("#", ";")):
                continue
            if line.endswith("\\"):
                value += " " + line[:-1]
                continue
            value += " " + line
            break
        if line.startswith("ExecStart="):
            value = line[len("ExecStart="):]
            if value.endswith("\\"):
                value, collecting = value[:-1], True
                continue
            break
    if value is None:
        raise SystemExit("no ExecStart= in " + path)
    specifiers = {"t": runtime_dir, "n": unit_name, "N": unit_name.rsplit(".", 1)[0]}
    sys.stdout.write("".join(w + "\0" for w in systemd_words(value, specifiers)))


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "extract":
        cmd_extract(*args)
    elif cmd == "create-args":
        cmd_create_args(args[0], args[1:])
    elif cmd == "image":
        cmd_image(args)
    elif cmd == "named-volumes":
        cmd_named_volumes(args)
    elif cmd == "bind-sources":
        cmd_bind_sources(args[0], args[1:])
    elif cmd == "build-tags":
        cmd_build_tags(args)
    elif cmd == "corpus-command":
        cmd_corpus_command(*args)
    elif cmd == "mg120-flags":
        cmd_mg120_flags(*args)
    elif cmd == "check":
        cmd_check(*args)
    elif cmd == "compose-check":
        cmd_compose_check(*args)
    elif cmd == "unit-exec-start":
        cmd_unit_exec_start(*args)
    else:
        raise SystemExit("unknown subcommand " + cmd)


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env bash
# End-to-end tests of migrate against real podman (4.3.1, root and rootless)
# and podman-compose (1.3.0). Run as root from anywhere:
#
#   bash Tests/E2E/run.sh
#
# Prints one line per case, "PASS name" or "FAIL name: why", then
# "e2e: N passed, N failed"; exits 1 if any case failed. A case that cannot run
# because something is missing fails; nothing is skipped. Cases that fail
# because of reported migrate bugs are listed in KNOWN_GAP (they pass only while
# they fail for that reason). Mutation check of this suite: mutation.sh.
#
# Environment:
#   MIGRATE     migrate binary to test (default: `swift build`, then
#               .build/debug/migrate)
#   E2E_CASES   which groups to run (default: all)
#               runlines deriver compose scripts command emit quadlet docker
#   E2E_CORPUS  the shared corpus (default: ../shared/corpus beside the
#               checkout, else /work/shared/corpus)
#   E2E_KEEP=1  keep the scratch directory (printed) for debugging
#
# Cases (see NOTES.md for what each checks and why):
#   runline ...   1. converted docker run lines: `podman create` accepts them and
#                    `podman inspect` shows the uid map, mounts (with U), ports,
#                    environment and restart policy the original asked for
#   deriver ...   2. the deriver scenario, root --userns=auto and rootless
#   compose ...   3. podman-compose dry runs of converted compose files; one
#                    project brought up for real
#   script ...    4. a converted deploy script run end to end
#   command ...   5. `migrate convert --command` output accepted by podman
#   emit ...      6. `convert --to podman-script` run for real (twice); the ExecStart of a
#                    plain unit from `migrate units` accepted by `podman create`
#   quadlet ...   7. every Quadlet file `migrate units` writes for the rich compose
#                    fixtures, per target and --podman-version, accepted by the real
#                    Quadlet generators of Debian trixie (5.4) and sid (5.8), and the
#                    .service units they generate accepted by `systemd-analyze verify`
#   docker host   8. containers under a real dockerd (docker.io 20.10, started here): captured,
#                    their data moved by `migrate data`'s script into root --userns=auto and
#                    rootless podman, checked file by file from inside the containers; the script
#                    killed with SIGKILL at random moments and rerun; a docker-compose 1.29 project
#                    moved to podman-compose
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
fixtures=$root/fixtures
E2E_CASES=${E2E_CASES:-"runlines deriver compose scripts command emit quadlet docker"}
START=$SECONDS

# --- preparation -------------------------------------------------------------------
early_fail() {
    printf 'FAIL %s\n' "$*"
    printf 'e2e: 0 passed, 1 failed\n'
    exit 1
}
[ "$(id -u)" -eq 0 ] || early_fail "setup: run.sh must run as root"
if ! setup_out=$(bash "$here/setup.sh" 2>&1); then
    early_fail "setup: Tests/E2E/setup.sh failed: $(printf '%s' "$setup_out" | tail -n 5 | tr '\n' ' ')"
fi
# shellcheck source=/dev/null
. "$here/lib.sh" || early_fail "setup: cannot source lib.sh"

PY=$(dirname "$E2E_PODMAN_COMPOSE")/python
HELPER=$here/e2e_helper.py
BASE_IMAGE=docker.io/library/busybox:latest
LABEL=io.migrate.e2e.case=1

if [ -z "${E2E_CORPUS:-}" ]; then
    if [ -d "$root/../shared/corpus" ]; then E2E_CORPUS=$root/../shared/corpus; else E2E_CORPUS=/work/shared/corpus; fi
fi

if [ -n "${MIGRATE:-}" ]; then
    [ -x "$MIGRATE" ] || early_fail "build: MIGRATE=$MIGRATE is not executable"
else
    if ! command -v swift >/dev/null 2>&1; then
        early_fail "build: swift not found and MIGRATE not set"
    fi
    if ! build_out=$(cd "$root" && swift build 2>&1); then
        early_fail "build: swift build failed: $(printf '%s' "$build_out" | grep -m3 -E 'error' | tr '\n' ' ')"
    fi
    MIGRATE=$root/.build/debug/migrate
    [ -x "$MIGRATE" ] || early_fail "build: $MIGRATE missing after swift build"
fi
for tool in make setpriv timeout busybox dockerd /usr/bin/docker docker-compose "$PY" "$E2E_PODMAN_COMPOSE"; do
    command -v "$tool" >/dev/null 2>&1 || early_fail "setup: $tool missing"
done

WORK=$(e2e_tmpdir)
# Test a copy: a rebuild during the run must not swap the binary under us.
mkdir -p "$WORK/bin"
cp "$MIGRATE" "$WORK/bin/migrate" || early_fail "build: cannot copy $MIGRATE"
MIGRATE=$WORK/bin/migrate
CREATED_PATHS=()      # host directories created for bind sources (removed at exit)
ADDED_TAGS=()         # "root|rootless NAME" image tags added (removed at exit)
API_PID=""            # podman system service serving /run/podman/podman.sock

migrate() { "$MIGRATE" "$@"; }
convert() { "$MIGRATE" convert --target bookworm "$@"; }
helper() { "$PY" "$HELPER" "$@"; }
indent() { sed 's/^/    /' | head -n "${1:-15}"; }

# Known gaps: cases that fail today because of migrate bugs reported to its
# developers (NOTES.md, "Known gaps"). NAME -> "PATTERN|what is wrong". Such a
# case passes only if it fails for the recorded reason (PATTERN, grep -E, found
# in the failure text); it fails if it fails otherwise, and it fails if it
# passes: then the bug is fixed and the entry must go.
declare -A KNOWN_GAP=(
)

# pass NAME / fail NAME WHY [DETAIL-FILE], aware of KNOWN_GAP.
pass() {
    local gap=${KNOWN_GAP[$1]:-}
    if [ -n "$gap" ]; then
        case_fail "$1: passes, but is listed as a known gap (${gap#*|}): remove it from KNOWN_GAP"
    else
        case_pass "$1"
    fi
}
fail() {
    local gap=${KNOWN_GAP[$1]:-} text=$2
    if [ -n "${3:-}" ] && [ -s "$3" ]; then text+=$'\n'$(cat "$3"); fi
    if [ -n "$gap" ] && grep -qE -- "${gap%%|*}" <<<"$text"; then
        case_pass "$1 (known gap: ${gap#*|})"
        return
    fi
    case_fail "$1: $2"
    if [ -n "${3:-}" ] && [ -s "$3" ]; then indent 15 <"$3"; fi
}

cleanup() {
    local t runner name c
    # containers: by label and by the e2e- name prefix, root and rootless
    c=$(e2e_podman ps -a -q --filter "label=$LABEL" 2>/dev/null)
    # shellcheck disable=SC2086
    [ -z "$c" ] || e2e_podman rm -f -v -t 0 $c >/dev/null 2>&1
    c=$(e2e_rootless_podman ps -a -q --filter "label=$LABEL" 2>/dev/null)
    # shellcheck disable=SC2086
    [ -z "$c" ] || e2e_rootless_podman rm -f -v -t 0 $c >/dev/null 2>&1
    e2e_rm_prefix e2e- >/dev/null 2>&1
    for runner in e2e_podman e2e_rootless_podman; do
        for name in $("$runner" pod ls --format '{{.Name}}' 2>/dev/null | grep -E '^(pod_)?e2e-'); do
            "$runner" pod rm -f "$name" >/dev/null 2>&1
        done
        for name in $("$runner" network ls --format '{{.Name}}' 2>/dev/null | grep '^e2e-'); do
            "$runner" network rm -f "$name" >/dev/null 2>&1
        done
        for name in $("$runner" volume ls --format '{{.Name}}' 2>/dev/null | grep '^e2e-'); do
            "$runner" volume rm -f "$name" >/dev/null 2>&1
        done
    done
    for t in "${ADDED_TAGS[@]}"; do
        runner=${t%% *}
        name=${t#* }
        if [ "$runner" = root ]; then
            e2e_podman untag "$name" "$name" >/dev/null 2>&1
        else
            e2e_rootless_podman untag "$name" "$name" >/dev/null 2>&1
        fi
    done
    ADDED_TAGS=()
    netavark_residue
    stop_api_socket
    dk_stop >/dev/null 2>&1
    for t in "${CREATED_PATHS[@]}"; do rm -rf -- "$t"; done
    CREATED_PATHS=()
    if [ "${E2E_KEEP:-0}" = 1 ]; then
        echo "e2e: kept $WORK" >&2
    else
        rm -rf -- "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=Tests/E2E/docker.sh
. "$here/docker.sh" || early_fail "setup: cannot source docker.sh"

# netavark 1.4 leaves a port-forward (DNAT) rule behind for every restart of a
# container that crash-loops under a restart policy (as the compose and deploy
# web services do when a broken conversion makes them fail), and the chains of
# its network after the network is gone. A later run then hits the stale rule
# first and its published port hangs. With no e2e- container left, remove
# the DNAT rules of the ports our fixtures publish (18081, 18089), then the
# netavark chains of subnets that no root podman network has any more and whose
# port-forward chain is empty.
netavark_residue() {
    command -v iptables >/dev/null 2>&1 || return 0
    [ -z "$(e2e_podman ps -a -q --filter name=^e2e- 2>/dev/null)" ] || return 0
    local rule subnets h s
    local -a parts
    while IFS= read -r rule; do
        read -r -a parts <<<"$rule"
        iptables -t nat -D "${parts[@]:1}" 2>/dev/null
    done < <(iptables -t nat -S 2>/dev/null | grep -E -- '^-A NETAVARK-DN-[0-9A-F]+ .*--dport (18081|18089) -j DNAT')
    # shellcheck disable=SC2046
    subnets=" $(e2e_podman network inspect --format '{{range .Subnets}}{{.Subnet}} {{end}}' $(e2e_podman network ls -q 2>/dev/null) 2>/dev/null | tr '\n' ' ') "
    while read -r s h; do
        [[ $subnets == *" $s "* ]] && continue
        iptables -t nat -S "NETAVARK-DN-$h" 2>/dev/null | grep -qv '^-N' && continue
        iptables -t nat -D POSTROUTING -s "$s" -j "NETAVARK-$h" 2>/dev/null
        iptables -t nat -F "NETAVARK-$h" 2>/dev/null && iptables -t nat -X "NETAVARK-$h" 2>/dev/null
        if iptables -t nat -S "NETAVARK-DN-$h" >/dev/null 2>&1; then
            iptables -t nat -S NETAVARK-HOSTPORT-DNAT 2>/dev/null | grep -- "-j NETAVARK-DN-$h" | while IFS= read -r rule; do
                read -r -a parts <<<"$rule"
                iptables -t nat -D "${parts[@]:1}" 2>/dev/null
            done
            iptables -t nat -X "NETAVARK-DN-$h" 2>/dev/null
        fi
        iptables -D NETAVARK_FORWARD -d "$s" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 2>/dev/null
        iptables -D NETAVARK_FORWARD -s "$s" -j ACCEPT 2>/dev/null
    done < <(iptables -t nat -S POSTROUTING 2>/dev/null | sed -nE 's/^-A POSTROUTING -s ([0-9.\/]+) -j NETAVARK-([0-9A-F]+)$/\1 \2/p')
}

# mkdir -p DIR, remembering the topmost directory it created (removed at exit).
make_dir() {
    local d=$1 top=""
    while [ ! -e "$d" ]; do
        top=$d
        d=$(dirname "$d")
    done
    [ -z "$top" ] && return 0
    mkdir -p "$1" && CREATED_PATHS+=("$top")
}

# Tag the test image as NAME for root (or the rootless user) unless it exists.
tag_image() {
    local name=$1 runner=${2:-root}
    if [ "$runner" = root ]; then
        e2e_podman image exists "$name" && return 0
        e2e_podman tag "$BASE_IMAGE" "$name" || return 1
    else
        e2e_rootless_podman image exists "$name" && return 0
        e2e_rootless_podman tag "$BASE_IMAGE" "$name" || return 1
    fi
    ADDED_TAGS+=("$runner $name")
}

# Fully qualified: the first path component is a registry (has . or : or is localhost).
qualified() {
    case $1 in
        */*) case ${1%%/*} in *.*|*:*|localhost) return 0 ;; esac ;;
    esac
    return 1
}

# The root podman API socket that converted docker.sock mounts point at: served
# by `podman system service` while a line needs it.
ensure_api_socket() {
    [ -S /run/podman/podman.sock ] && return 0
    make_dir /run/podman
    CONTAINERS_CONF=$E2E_CONTAINERS_CONF podman system service --time=0 unix:///run/podman/podman.sock >/dev/null 2>&1 &
    API_PID=$!
    local _
    for _ in $(seq 1 50); do
        [ -S /run/podman/podman.sock ] && return 0
        sleep 0.1
    done
    return 1
}
stop_api_socket() {
    [ -n "$API_PID" ] || return 0
    kill "$API_PID" 2>/dev/null
    wait "$API_PID" 2>/dev/null
    API_PID=""
}

# split_words ARRAY TEXT: split shell TEXT into words as bash would (quotes,
# variables of the caller, ~), in a subshell so that an unset variable or a
# syntax error only fails this call.
split_words() {
    local -n _sw_out=$1
    local _sw_tmp
    _sw_tmp=$(mktemp "$WORK/words.XXXXXX")
    if ! (eval "printf '%s\0' $2"$'\n') >"$_sw_tmp"; then
        rm -f "$_sw_tmp"
        return 1
    fi
    mapfile -d '' _sw_out <"$_sw_tmp"
    rm -f "$_sw_tmp"
}

# ============================================================================
# 1. docker run lines
# ============================================================================
# runline NAME MODE EXPECT_U ORIG CONV [REJECT_FLAGS [BUILT_IMAGES [CWD [MIGRATE_STDERR]]]]
#   ORIG, CONV: one command line each (shell text; variables of the caller are
#   expanded). MODE: userns-auto or rootless (rootless podman as $E2E_USER).
#   EXPECT_U: container paths whose bind mounts must carry U.
#   REJECT_FLAGS: flags migrate reported as unfixed MG120 errors; a converted
#   line holding one must be rejected by podman with "unknown flag".
#   BUILT_IMAGES: images built earlier in the same file (podman names them
#   localhost/NAME), which need no registry.
#   MIGRATE_STDERR: migrate's findings for this one line (--command), used by
#   the user namespace oracle (e2e_helper.py).
runline() {
    local name=$1 mode=$2 expect_u=$3 orig=$4 conv=$5 reject=${6:-} built=${7:-} cwd=${8:-$WORK} findings=${9:--}
    local -a ow=() cw=() ca=()
    local img f d cid out rc flag want_reject="" vol
    local tmp=$WORK/runline.$$
    if ! split_words ow "$orig" 2>"$tmp.err"; then
        fail "$name" "cannot split the original line: $orig" "$tmp.err"; return
    fi
    if ! split_words cw "$conv" 2>"$tmp.err"; then
        fail "$name" "cannot split the converted line: $conv" "$tmp.err"; return
    fi
    if [ "${cw[0]##*/}" != podman ]; then
        fail "$name" "converted line does not start with podman: $conv"; return
    fi
    mapfile -d '' ca < <(helper create-args "$LABEL" "${cw[@]}")
    if [ "${#ca[@]}" -eq 0 ]; then fail "$name" "cannot parse converted line: $conv"; return; fi
    img=$(helper image "${cw[@]}")
    if ! qualified "$img"; then
        if [[ " $built " == *" $img "* ]]; then
            img=localhost/$img
        else
            fail "$name" "image '$img' is not fully qualified: $conv"; return
        fi
    fi
    local who=root
    [ "$mode" = rootless ] && who=rootless
    if ! tag_image "$img" "$who" >"$tmp.err" 2>&1; then
        fail "$name" "cannot tag test image as $img" "$tmp.err"; return
    fi
    # bind sources must exist (podman create checks them)
    while IFS= read -r d; do
        case $d in
            /run/podman/podman.sock) ensure_api_socket || { fail "$name" "cannot start podman API socket"; return; } ;;
            *) [ -e "$d" ] || make_dir "$d" ;;
        esac
        [ "$mode" = rootless ] && case $d in "$WORK"/*) chown "$E2E_USER:" "$d" ;; esac
    done < <(cd "$cwd" && helper bind-sources "$cwd" "${cw[@]}")
    for flag in $reject; do
        for f in "${ca[@]}"; do
            case $f in "$flag"|"$flag"=*) want_reject=$flag ;; esac
        done
    done
    local -a podman_cmd=(e2e_podman)
    [ "$mode" = rootless ] && podman_cmd=(e2e_rootless_podman)
    # A user-defined network the line joins (MG128 puts linked containers on one) is created by the
    # script that runs it; here the test creates it, and removes it after.
    local -a nets=()
    local i v
    for i in "${!cw[@]}"; do
        case ${cw[$i]} in
            --network=* | --net=*) v=${cw[$i]#*=} ;;
            --network | --net) v=${cw[$((i + 1))]:-} ;;
            *) continue ;;
        esac
        case $v in host | none | bridge | private | default | container:* | ns:* | slirp4netns* | pasta* | "") continue ;; esac
        "${podman_cmd[@]}" network exists "$v" 2>/dev/null && continue
        "${podman_cmd[@]}" network create "$v" >/dev/null 2>&1 && nets+=("$v")
    done
    out=$(cd "$cwd" && "${podman_cmd[@]}" "${ca[@]}" 2>"$tmp.err")
    rc=$?
    if [ -n "$want_reject" ]; then
        if [ "$rc" -ne 0 ] && grep -q "unknown flag: $want_reject" "$tmp.err"; then
            case_pass "$name (podman rejects $want_reject, as migrate reports)"
        else
            fail "$name" "migrate reports $want_reject as unfixed (MG120) but podman create gave rc=$rc" "$tmp.err"
        fi
        [ "$rc" -eq 0 ] && "${podman_cmd[@]}" rm -f -v "$out" >/dev/null 2>&1
        return
    fi
    if [ "$rc" -ne 0 ]; then
        [ "${#nets[@]}" -eq 0 ] || "${podman_cmd[@]}" network rm -f "${nets[@]}" >/dev/null 2>&1
        fail "$name" "podman create rejected: podman ${ca[*]}" "$tmp.err"; return
    fi
    cid=$(printf '%s\n' "$out" | tail -n 1)
    "${podman_cmd[@]}" inspect "$cid" >"$tmp.json" 2>"$tmp.err" || { fail "$name" "podman inspect failed" "$tmp.err"; return; }
    printf '%s\0' "${ow[@]}" >"$tmp.words"
    if out=$(cd "$cwd" && helper check "$mode" "$expect_u" "$cwd" "$tmp.words" "$tmp.json" "$findings" 2>&1); then
        pass "$name"
    else
        printf '%s\n' "$out" >"$tmp.err"
        fail "$name" "$(head -n 1 "$tmp.err")" "$tmp.err"
    fi
    "${podman_cmd[@]}" rm -f -v "$cid" >/dev/null 2>&1 || "${podman_cmd[@]}" rm -f -v "$cid" >/dev/null 2>&1
    [ "${#nets[@]}" -eq 0 ] || "${podman_cmd[@]}" network rm -f "${nets[@]}" >/dev/null 2>&1
    for vol in $(helper named-volumes "${cw[@]}"); do
        "${podman_cmd[@]}" volume rm -f "$vol" >/dev/null 2>&1
    done
    stop_api_socket
    rm -f "$tmp".*
}

# Lines of the fixtures of fixtures/cases, converted as whole files.
# Pairs (original line, converted line) are matched by position. Listed
# exclusions (fixture#index) are lines that are not commands or that migrate
# leaves alone on purpose; KNOWN GAPS are reported bugs (see NOTES.md).
declare -A RUNLINE_SKIP=(
    ["shell-deploy#3"]="here-document text, not a command"
    ["shell-unterminated#2"]="unterminated quote: migrate leaves the line alone (MG301)"
    ["github-actions#3"]="folded YAML scalar: migrate shows it but does not edit it"
)
declare -A RUNLINE_U=(
    ["makefile#1"]="/data"
    ["systemd-unit#1"]="/items"
    ["shell-rootless#1"]="/jobs /cache"
)

runline_fixture() {
    local fx=$1 kind=$2 file=$fixtures/cases/$1/$3 mode=userns-auto args=() i
    local -a olines=() clines=() built=()
    local d=$WORK/fx-$fx
    mkdir -p "$d"
    [ -f "$fixtures/cases/$fx/args" ] && read -r -a args <"$fixtures/cases/$fx/args"
    [[ " ${args[*]} " == *" rootless "* ]] && mode=rootless
    if [ ! -f "$file" ]; then fail "runline $fx" "fixture $file missing"; return; fi
    if ! convert "${args[@]}" "$file" >"$d/converted" 2>"$d/stderr"; then
        fail "runline $fx" "migrate convert failed" "$d/stderr"; return
    fi
    if [ "$kind" = makefile ]; then
        cp "$file" "$d/orig.mk"
        (cd "$d" && make -n -f orig.mk run test TAG=e2e >orig.n 2>"$d/make.err" &&
            make -n -f converted run test TAG=e2e >conv.n 2>>"$d/make.err") ||
            { fail "runline $fx" "make -n failed" "$d/make.err"; return; }
        mapfile -d '' olines < <(helper extract makefile "$d/orig.n")
        mapfile -d '' clines < <(helper extract makefile "$d/conv.n")
    else
        mapfile -d '' olines < <(helper extract "$kind" "$file")
        mapfile -d '' clines < <(helper extract "$kind" "$d/converted")
    fi
    if [ "${#olines[@]}" -ne "${#clines[@]}" ] || [ "${#olines[@]}" -eq 0 ]; then
        fail "runline $fx" "found ${#olines[@]} docker lines but ${#clines[@]} converted lines"; return
    fi
    local reject
    reject=$(helper mg120-flags "$d/stderr" | tr '\n' ' ')
    # Values of the variables the lines use.
    # shellcheck disable=SC2034  # used by the lines, through split_words
    local item=$d/items/0001 id=0001 IMAGE CI_PROJECT_DIR=$d CI_COMMIT_SHA=e2e GITHUB_WORKSPACE=$d PWD_SAVE=$PWD
    # shellcheck disable=SC2034
    IMAGE=$(sed -n 's/^IMAGE="\(.*\)"$/\1/p' "$d/converted")
    mkdir -p "$item"
    local HOME=$HOME
    if [ "$mode" = rootless ]; then
        HOME=$d/home
        mkdir -p "$HOME"
        chown -R "$E2E_USER:" "$d"
    fi
    # images built in the file
    local n=0 o c key w
    for i in "${!clines[@]}"; do
        c=${clines[$i]}
        if [[ $c =~ ^podman[[:space:]]+build ]]; then
            local -a bw=()
            split_words bw "$c" 2>/dev/null
            while IFS= read -r w; do built+=("$w"); done < <(helper build-tags "${bw[@]}")
        fi
    done
    cd "$d" || return
    for i in "${!clines[@]}"; do
        o=${olines[$i]}
        c=${clines[$i]}
        [[ $o =~ ^(docker|podman)[[:space:]]+build ]] && continue
        n=$((n + 1))
        key="$fx#$n"
        if [ -n "${RUNLINE_SKIP[$key]:-}" ]; then
            continue
        fi
        # shellcheck disable=SC2016  # literal text
        o=${o//'${{ github.workspace }}'/'$GITHUB_WORKSPACE'}
        # shellcheck disable=SC2016
        c=${c//'${{ github.workspace }}'/'$GITHUB_WORKSPACE'}
        runline "runline $key" "$mode" "${RUNLINE_U[$key]:-}" "$o" "$c" "$reject" "${built[*]}" "$d"
    done
    cd "$PWD_SAVE" || return
}

# A sample of the composerize corpus: single commands with expected_error null
# that make sense on this host. ID [U destinations]. Left out, with reasons:
#   index/001 (expected error); index/005, index/031, mappings/057 (several
#   commands); index/029, mappings/007 (<placeholders> are shell redirections);
#   index/017 (--bool is no flag); index/019-027 (same line as index/003);
#   index/023, mappings/029, mappings/051, mappings/055 (need networks
#   othernet/homenet/my_network/ipvlan, journald, static IPs);
#   mappings/009 (--ulimit as= is no ulimit type); mappings/025 (systemd slice,
#   cgroupfs here); mappings/035 (--storage-opt size needs XFS);
#   mappings/043 (--runtime xxx, --pull always needs a registry); mappings/047
#   (/dev/sda); mappings/049 (same as 019 but for the cgroup rule).
# mappings/015 and mappings/021 are known gaps (KNOWN_GAP).
CORPUS_SAMPLE=(
    "composerize/index/003"
    "composerize/index/007"
    "composerize/index/009"
    "composerize/index/011"
    "composerize/index/013"
    "composerize/index/015"
    "composerize/mappings/001"
    "composerize/mappings/003"
    "composerize/mappings/005"
    "composerize/mappings/011"
    "composerize/mappings/013"
    "composerize/mappings/015"
    "composerize/mappings/017"
    "composerize/mappings/019"
    "composerize/mappings/021"
    "composerize/mappings/023"
    "composerize/mappings/027"
    "composerize/mappings/031 /data/db"
    "composerize/mappings/033"
    "composerize/mappings/037"
    "composerize/mappings/039"
    "composerize/mappings/041"
    "composerize/mappings/045"
    "composerize/mappings/053"
)

runline_corpus() {
    local cases=$E2E_CORPUS/dockerrun/cases.jsonl entry id u orig conv d=$WORK/corpus reject
    if [ ! -f "$cases" ]; then fail "runline corpus" "$cases missing"; return; fi
    mkdir -p "$d/logs"
    for entry in "${CORPUS_SAMPLE[@]}"; do
        id=${entry%% *}
        u=""
        [ "$id" != "$entry" ] && u=${entry#* }
        if ! orig=$(helper corpus-command "$cases" "$id" 2>&1); then
            fail "runline $id" "$orig"; continue
        fi
        if ! conv=$(cd "$d" && migrate convert --target bookworm --command "$orig" 2>"$d/stderr"); then
            fail "runline $id" "migrate convert --command failed" "$d/stderr"; continue
        fi
        reject=$(helper mg120-flags "$d/stderr" | tr '\n' ' ')
        runline "runline $id" userns-auto "$u" "$orig" "$conv" "$reject" "" "$d" "$d/stderr"
    done
}

# ============================================================================
# 2. the deriver scenario
# ============================================================================
# Two items owned by the test user (0700). Two jobs, converted from the
# docker-style fixtures/e2e/derive.sh (its bind source is a variable, hence
# --unsafe-fixes), run at the same time, one per item.
deriver() {
    local mode=$1 d=$WORK/deriver-$1 rc1 rc2 u1 u2 name="deriver $1"
    mkdir -p "$d/items/0001" "$d/items/0002"
    echo one >"$d/items/0001/in"
    echo two >"$d/items/0002/in"
    chown -R "$E2E_USER:" "$d"
    chmod 0700 "$d/items/0001" "$d/items/0002"
    if ! convert --mode "$mode" --unsafe-fixes "$fixtures/e2e/derive.sh" >"$d/derive.sh" 2>"$d/stderr"; then
        fail "$name: convert" "migrate convert failed" "$d/stderr"; return
    fi
    chmod 0755 "$d/derive.sh"
    local -a runner=()
    [ "$mode" = rootless ] && runner=(e2e_as_user)
    # The jobs overlap (each lingers 3 s), so that they get disjoint id ranges,
    # but the second starts only once the first runs: podman 4.3.1 can deadlock
    # when two --userns=auto containers are created at the same moment
    # (containers/storage lock order, podman#16062; see NOTES.md).
    (cd "$d" && "${runner[@]}" timeout -k 5 90 sh ./derive.sh "$d/items/0001" "$d/items/0002" >"$d/job1.log" 2>&1) &
    local p1=$! _
    for _ in $(seq 1 150); do
        [ -e "$d/items/0001/uid_map" ] && break
        kill -0 "$p1" 2>/dev/null || break
        sleep 0.2
    done
    (cd "$d" && "${runner[@]}" timeout -k 5 90 sh ./derive.sh "$d/items/0002" "$d/items/0001" >"$d/job2.log" 2>&1) &
    local p2=$!
    wait "$p1"; rc1=$?
    wait "$p2"; rc2=$?
    # 3/4: the job read/wrote the other item
    if [ "$rc1" -eq 0 ] && [ "$rc2" -eq 0 ]; then
        case_pass "$name: both jobs exit 0"
    else
        cat "$d/job1.log" "$d/job2.log" >"$d/jobs.log"
        fail "$name: both jobs exit 0" "exit $rc1 and $rc2 (3 = read the other item, 4 = wrote it, 124 = timed out)" "$d/jobs.log"
    fi
    if [ "$(cat "$d/items/0001/out" 2>/dev/null)" = "one"$'\n'"derived" ] &&
        [ "$(cat "$d/items/0002/out" 2>/dev/null)" = "two"$'\n'"derived" ]; then
        case_pass "$name: each job wrote its own item"
    else
        fail "$name: each job wrote its own item" "item1/out='$(cat "$d/items/0001/out" 2>&1)' item2/out='$(cat "$d/items/0002/out" 2>&1)'"
    fi
    if [ -e "$d/items/0001/x" ] || [ -e "$d/items/0002/x" ]; then
        fail "$name: other item not reachable" "a job created a file in the other item"
    elif [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
        fail "$name: other item not reachable" "not shown: the jobs exited $rc1 and $rc2"
    else
        case_pass "$name: other item not reachable (no read, no write)"
    fi
    u1=$(stat -c %u "$d/items/0001/out" 2>/dev/null || echo missing)
    u2=$(stat -c %u "$d/items/0002/out" 2>/dev/null || echo missing)
    local map1
    map1=$(head -n 1 "$d/items/0001/uid_map" 2>/dev/null | awk '{print $1":"$2":"$3}')
    if [ "$mode" = userns-auto ]; then
        if [ "$u1" != missing ] && [ "$u2" != missing ] && [ "$u1" -ne 0 ] && [ "$u2" -ne 0 ] &&
            [ "$u1" -ne "$E2E_UID" ] && [ "${map1%%:*}" = 0 ] && [ "$(echo "$map1" | cut -d: -f2)" != 0 ]; then
            case_pass "$name: jobs run as non-root host uids ($u1, $u2; uid_map $map1)"
        else
            fail "$name: jobs run as non-root host uids" "file owners $u1 and $u2, uid_map '$map1'"
        fi
        # Concurrent jobs get disjoint ranges: job 1's host uid cannot read or
        # write item 2 and the other way round.
        if [ "$u1" != missing ] && [ "$u2" != missing ] && [ "$u1" != "$u2" ] &&
            ! setpriv --reuid="$u1" --regid="$u1" --clear-groups cat "$d/items/0002/in" >/dev/null 2>&1 &&
            ! setpriv --reuid="$u1" --regid="$u1" --clear-groups touch "$d/items/0002/x" >/dev/null 2>&1 &&
            ! setpriv --reuid="$u2" --regid="$u2" --clear-groups cat "$d/items/0001/in" >/dev/null 2>&1 &&
            ! setpriv --reuid="$u2" --regid="$u2" --clear-groups touch "$d/items/0001/x" >/dev/null 2>&1; then
            case_pass "$name: job uids cannot read or write each other's item"
        else
            fail "$name: job uids cannot read or write each other's item" "owners $u1 / $u2 (equal, missing, or access allowed)"
        fi
    else
        # With --unsafe-fixes, MG504 runs rootless jobs with --userns=keep-id: the job is the user inside
        # too (its uid maps to uid 0 of the user's namespace, i.e. the user), so what it writes is the user's.
        local self_map
        self_map=$(awk -v u="$E2E_UID" '$1 == u && $2 == 0 && $3 == 1 {print $1":"$2":"$3}' "$d/items/0001/uid_map" 2>/dev/null)
        if grep -q -- '--userns=keep-id' "$d/derive.sh" && [ "$u1" = "$E2E_UID" ] && [ "$u2" = "$E2E_UID" ] &&
            [ "$self_map" = "$E2E_UID:0:1" ]; then
            case_pass "$name: keep-id jobs run as $E2E_USER (uid $E2E_UID maps to itself; uid_map $map1, $self_map)"
        else
            fail "$name: keep-id jobs run as $E2E_USER" "file owners $u1 and $u2, uid_map '$map1' / '$self_map', want $E2E_UID and a $E2E_UID:0:1 line"
        fi
    fi
    if [ "$mode" = rootless ]; then e2e_rootless_rm e2e-derive-0001 e2e-derive-0002; else e2e_rm e2e-derive-0001 e2e-derive-0002; fi
}

# ============================================================================
# 3. compose
# ============================================================================
# Dry runs happen as the unprivileged test user: podman-compose creates missing
# bind-mount sources with os.makedirs even with --dry-run, which as root would
# litter the host (/run/podman/podman.sock as a directory, /usr/share/appdata/...).
# HOME is the project directory for the same reason (~/minecraft_data).
# `up -d --no-build`: no image is built or pulled; build contexts that are not
# there do not matter (podman-compose raises "Dockerfile not found" without it).
compose_dry() {
    local dir=$1 proj=$2
    shift 2
    (cd "$dir" && runuser -u "$E2E_USER" -- env HOME="$dir" XDG_CONFIG_HOME="$E2E_HOME/.config" \
        XDG_DATA_HOME="$E2E_HOME/.local/share" XDG_RUNTIME_DIR="/run/user/$E2E_UID" \
        CONTAINERS_CONF="$E2E_ROOTLESS_CONTAINERS_CONF" "$@" \
        "$E2E_PODMAN_COMPOSE" -p "$proj" --verbose --dry-run up -d --no-build)
}

compose_dry_cleanup() {
    local proj=$1 x
    for x in $(e2e_rootless_podman network ls -q --filter "label=io.podman.compose.project=$proj" 2>/dev/null); do
        e2e_rootless_podman network rm -f "$x" >/dev/null 2>&1
    done
    for x in $(e2e_rootless_podman volume ls -q --filter "label=io.podman.compose.project=$proj" 2>/dev/null); do
        e2e_rootless_podman volume rm -f "$x" >/dev/null 2>&1
    done
    for x in $(e2e_rootless_podman pod ls -q --filter "name=pod_$proj" 2>/dev/null); do
        e2e_rootless_podman pod rm -f "$x" >/dev/null 2>&1
    done
}

# Bind mounts that must carry U after conversion: FILE-KEY -> SERVICE:DEST...
declare -A COMPOSE_U=(
    [bom]="app:/data"
    [comments-nonascii]="web:/var/cache/app"
    [crlf]="app:/srv/uploads"
    [deriver]="derive-item-0001:/item"
    [flow-style]="web:/var/log/nginx cache:/data"
    [no-trailing-newline]="app:/acme"
    [quoting]="plain:/out single:/out double:/out"
    [rootless]="web:/data"
    # ./pg/${PG_VERSION}: a variable inside the path makes U an unsafe fix (its value could be `../..`)
    [variables-unsafe]="db:/var/lib/postgresql/data"
    [awesome/minecraft]="minecraft:/data"
    [e2e/compose-app]="web:/data"
)

# compose_check KEY ORIGINAL [CONVERT-ARGS...]
compose_check() {
    local key=$1 orig=$2 mode=userns-auto d proj out
    shift 2
    [[ " $* " == *" rootless "* ]] && mode=rootless
    d=$WORK/compose/${key//\//-}
    proj=e2e-cd-$(printf '%s' "${key//\//-}" | tr -c 'a-zA-Z0-9-' '-' | cut -c1-40)
    mkdir -p "$d"
    if ! convert "$@" "$orig" >"$d/compose.yaml" 2>"$d/stderr"; then
        fail "compose $key" "migrate convert failed" "$d/stderr"; return
    fi
    chown -R "$E2E_USER:" "$d"
    # variables fixture: values for the interpolations podman-compose needs
    compose_dry "$d" "$proj" PG_VERSION=16 CONFIG_DIR=./conf TOOLS_VERSION=1 >"$d/log" 2>&1
    local rc=$?
    compose_dry_cleanup "$proj"
    if [ "$rc" -ne 0 ]; then
        fail "compose $key" "podman-compose dry run exit $rc" "$d/log"; return
    fi
    if out=$(helper compose-check "$mode" "$orig" "$d/compose.yaml" "$d/log" "${COMPOSE_U[$key]:-}" "$d/stderr" 2>&1); then
        pass "compose $key"
    else
        printf '%s\n' "$out" >"$d/problems"
        fail "compose $key" "$(head -n 1 "$d/problems")" "$d/problems"
    fi
}

compose_dry_all() {
    local f fx n=0
    for f in "$fixtures"/cases/*/input.yml; do
        fx=$(basename "$(dirname "$f")")
        case $fx in github-actions|gitlab-ci) continue ;; esac
        local -a args=()
        [ -f "$fixtures/cases/$fx/args" ] && read -r -a args <"$fixtures/cases/$fx/args"
        compose_check "$fx" "$f" "${args[@]}"
    done
    compose_check variables-unsafe "$fixtures/cases/variables/input.yml" --unsafe-fixes
    compose_check e2e/compose-app "$fixtures/e2e/compose-app/compose.yaml"
    for f in "$E2E_CORPUS"/compose/awesome-compose/*.yml; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        compose_check "awesome/$(basename "$f" .yml | sed 's/__compose$//')" "$f"
    done
    [ "$n" -eq 39 ] || fail "compose awesome-compose corpus" "found $n files in $E2E_CORPUS/compose/awesome-compose, want 39"
}

# One project brought up for real under root podman.
compose_up() {
    local d=$WORK/compose-up proj=e2e-app name="compose up e2e/compose-app" got="" i n c map
    mkdir -p "$d"
    cp "$fixtures/e2e/compose-app/compose.yaml" "$d/docker-compose.orig.yaml"
    if ! convert "$fixtures/e2e/compose-app/compose.yaml" >"$d/compose.yaml" 2>"$d/stderr"; then
        fail "$name" "migrate convert failed" "$d/stderr"; return
    fi
    tag_image docker.io/library/nginx:latest && tag_image docker.io/library/redis:latest
    if ! (cd "$d" && CONTAINERS_CONF=$E2E_CONTAINERS_CONF timeout -k 5 120 "$E2E_PODMAN_COMPOSE" -p "$proj" up -d) >"$d/up.log" 2>&1; then
        fail "$name: up -d" "podman-compose up failed" "$d/up.log"
        (cd "$d" && e2e_compose -p "$proj" down -v) >/dev/null 2>&1
        return
    fi
    case_pass "$name: up -d"
    for i in $(seq 1 40); do
        got=$(timeout 5 busybox wget -q -O- http://127.0.0.1:18089/ 2>/dev/null)
        [ "$got" = "hello e2e" ] && break
        sleep 0.5
    done
    n=$(e2e_podman ps --filter "label=io.podman.compose.project=$proj" --filter status=running --format '{{.Names}}' | sort | tr '\n' ' ')
    if [ "$n" = "${proj}_web_1 ${proj}_worker_1 " ]; then
        case_pass "$name: web and worker running"
    else
        e2e_podman ps -a --filter "label=io.podman.compose.project=$proj" >"$d/ps" 2>&1
        fail "$name: web and worker running" "running: '$n'" "$d/ps"
    fi
    for c in "${proj}_web_1" "${proj}_worker_1"; do
        map=$(e2e_podman inspect "$c" --format '{{json .HostConfig.IDMappings}}' 2>&1)
        case $map in
            '{"UidMap":["0:'[1-9]*) case_pass "$name: $c in its own user namespace ($map)" ;;
            *) fail "$name: $c in its own user namespace" "UidMap $map" ;;
        esac
    done
    if [ "$got" = "hello e2e" ]; then
        case_pass "$name: web serves ./data over 127.0.0.1:18089"
    else
        { e2e_podman ps -a --filter "label=io.podman.compose.project=$proj"; e2e_podman logs "${proj}_web_1"; } >"$d/web.log" 2>&1
        fail "$name: web serves ./data" "got '$got'" "$d/web.log"
    fi
    local owner
    owner=$(stat -c %u "$d/data/www/index.html" 2>/dev/null || echo missing)
    if [ "$owner" != missing ] && [ "$owner" -ne 0 ] && [ "$(cat "$d/data/web-uid" 2>/dev/null)" = 0 ]; then
        case_pass "$name: ./data written by container root = host uid $owner"
    else
        fail "$name: ./data written by a non-root host uid" "owner $owner, web-uid '$(cat "$d/data/web-uid" 2>&1)'"
    fi
    if e2e_podman exec "${proj}_worker_1" test -s /cache/tick >/dev/null 2>&1; then
        case_pass "$name: worker writes its named volume"
    else
        fail "$name: worker writes its named volume" "no /cache/tick"
    fi
    (cd "$d" && e2e_compose -p "$proj" down -v) >"$d/down.log" 2>&1
    n=$(e2e_podman ps -a --filter "label=io.podman.compose.project=$proj" --format '{{.Names}}' | tr '\n' ' ')
    if [ -z "$n" ] && ! e2e_podman network exists "${proj}_default" 2>/dev/null; then
        case_pass "$name: down removes containers and network"
    else
        fail "$name: down" "left containers '$n' or network ${proj}_default" "$d/down.log"
    fi
}

# ============================================================================
# 4. a converted deploy script
# ============================================================================
script_deploy() {
    local d=$WORK/deploy name="script deploy.sh" rc owner n
    mkdir -p "$d"
    if ! convert "$fixtures/e2e/deploy.sh" >"$d/deploy.sh" 2>"$d/stderr"; then
        fail "$name" "migrate convert failed" "$d/stderr"; return
    fi
    tag_image docker.io/library/nginx:latest && tag_image docker.io/library/redis:latest
    local attempt
    for attempt in 1 2 3; do
        (cd "$d" && WEB_PORT=18081 timeout 120 bash ./deploy.sh) >"$d/log" 2>&1
        rc=$?
        # podman 4.3.1's `rm` of an exited --userns=auto container fails now and then with
        # "unlinkat …/userdata/shm: device or resource busy" (NOTES.md, section 1): the script stops
        # under `set -e`. That upstream flake, and only it, gets up to two more runs from a clean state (it has hit twice in a row under load).
        if [ "$rc" -ne 0 ] && [ "$attempt" -lt 3 ] && grep -q 'userdata/shm: device or resource busy' "$d/log"; then
            echo "e2e: $name: podman shm flake on attempt $attempt, running again" >&2
            e2e_rm e2e-deploy-web e2e-deploy-cache
            e2e_podman volume rm -f e2e-deploy-cache >/dev/null 2>&1 || true
            rm -rf "$d/data" "$d/html" "$d/fetched"
            continue
        fi
        break
    done
    if [ "$rc" -eq 0 ] && grep -qx 'deploy: done' "$d/log"; then
        case_pass "$name: runs to the end"
    else
        fail "$name: runs to the end" "exit $rc" "$d/log"
    fi
    if grep -qx 'e2e-deploy-web' "$d/log" && grep -qx 'e2e-deploy-cache' "$d/log"; then
        case_pass "$name: both containers were running"
    else
        fail "$name: both containers were running" "not listed by podman ps" "$d/log"
    fi
    if grep -qx 'hello from web' "$d/log"; then
        case_pass "$name: site served on the published port"
    else
        fail "$name: site served on the published port" "no 'hello from web'" "$d/log"
    fi
    owner=$(stat -c %u "$d/data/greeting" 2>/dev/null || echo missing)
    if [ "$(cat "$d/data/greeting" 2>/dev/null)" = hello ] && [ "$owner" != missing ] && [ "$owner" -ne 0 ] &&
        [ "$(cat "$d/data/web-uid" 2>/dev/null)" = 0 ]; then
        case_pass "$name: exec wrote ./data as container root = host uid $owner"
    else
        fail "$name: exec wrote ./data as a non-root host uid" "greeting '$(cat "$d/data/greeting" 2>&1)', owner $owner"
    fi
    n=$(e2e_podman ps -a --filter name=e2e-deploy- --format '{{.Names}}' | tr '\n' ' ')
    if [ -z "$n" ] && ! e2e_podman volume exists e2e-deploy-cache 2>/dev/null; then
        case_pass "$name: stopped and removed its containers and volume"
    else
        fail "$name: stopped and removed its containers and volume" "left '$n'"
    fi
    e2e_rm e2e-deploy-web e2e-deploy-cache
}

# `--link` (podman has none) becomes a shared network with the link's alias: the converted script
# creates the network, and the client reaches the server by the alias.
script_link() {
    local d=$WORK/link name="script link.sh" rc net
    mkdir -p "$d"
    if ! convert "$fixtures/e2e/link.sh" >"$d/link.sh" 2>"$d/stderr"; then
        fail "$name" "migrate convert failed" "$d/stderr"; return
    fi
    if grep -v '^#' "$d/link.sh" | grep -q -- '--link' || ! grep -q 'MG128.*(fixed)' "$d/stderr"; then
        fail "$name: --link converted" "still there or not fixed" "$d/stderr"; return
    fi
    net=link_default
    tag_image docker.io/library/alpine:latest
    link_cleanup "$net"
    (cd "$d" && timeout 120 bash ./link.sh) >"$d/log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && grep -qx 'link: done' "$d/log"; then
        case_pass "$name: runs to the end"
    else
        fail "$name: runs to the end" "exit $rc" "$d/log"
    fi
    if grep -qx 'hello over the link' "$d/log"; then
        case_pass "$name: the client reached the server by the link alias on network $net"
    else
        fail "$name: the client reached the server by the link alias" "no page fetched" "$d/log"
    fi
    # Re-runnable: the network exists now and is reused.
    (cd "$d" && timeout 120 bash ./link.sh) >"$d/log2" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && grep -qx 'hello over the link' "$d/log2"; then
        case_pass "$name: second run reuses the network"
    else
        fail "$name: second run reuses the network" "exit $rc" "$d/log2"
    fi
    link_cleanup "$net"
}

# Compose v2 CLI options podman-compose lacks (`up --wait`, `--wait-timeout`) and `network create
# --attachable`: the converted script runs with the real podman-compose 1.3.0.
script_compose_cli() {
    local d=$WORK/compose-cli name="script compose-cli/up.sh" rc
    mkdir -p "$d/bin"
    if ! convert "$fixtures/e2e/compose-cli/up.sh" >"$d/up.sh" 2>"$d/stderr" ||
        ! convert "$fixtures/e2e/compose-cli/compose.yaml" >"$d/compose.yaml" 2>>"$d/stderr"; then
        fail "$name" "migrate convert failed" "$d/stderr"; return
    fi
    if grep -q -- '--wait\|--attachable\|--scope' "$d/up.sh"; then
        fail "$name: options podman-compose lacks dropped" "still there" "$d/up.sh"; return
    fi
    tag_image docker.io/library/busybox:latest
    ln -sf "$E2E_PODMAN_COMPOSE" "$d/bin/podman-compose"
    e2e_podman network rm -f e2e-cli-net >/dev/null 2>&1 || true
    (cd "$d" && PATH=$d/bin:$PATH CONTAINERS_CONF=$E2E_CONTAINERS_CONF timeout 180 bash ./up.sh) >"$d/log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && grep -qx 'cli: done' "$d/log" && grep -q 'e2e-cli_app_1' "$d/log"; then
        case_pass "$name: podman-compose 1.3.0 ran every converted command"
    else
        fail "$name: podman-compose 1.3.0 ran every converted command" "exit $rc" "$d/log"
    fi
    (cd "$d" && e2e_compose -p e2e-cli down -t 0) >/dev/null 2>&1
    e2e_rm e2e-cli_app_1
    e2e_podman network rm -f e2e-cli-net >/dev/null 2>&1 || true
}

# Remove the link test's container and network, and aardvark-dns's record of the network: a container
# whose removal hit podman's shm flake can leave its entry behind, and a stale file keeps aardvark from
# serving the network when it is created again.
link_cleanup() {
    e2e_rm e2e-link-srv
    e2e_podman network rm -f "$1" >/dev/null 2>&1 || true
    rm -f "/run/containers/networks/aardvark-dns/$1"
}

# ============================================================================
# 5. --command
# ============================================================================
command_line() {
    local d=$WORK/command orig='docker run -d -p 80:80 -v ./data:/data --restart unless-stopped nginx' conv
    mkdir -p "$d/data"
    if ! conv=$(cd "$d" && migrate convert --target bookworm --command "$orig" 2>"$d/stderr"); then
        fail "command nginx" "migrate convert --command failed" "$d/stderr"; return
    fi
    runline "command $orig" userns-auto /data "$orig" "$conv" "" "" "$d" "$d/stderr"
}

# Flags podman refuses, converted by default (MG120, MG123, MG141): each
# converted line must be accepted by podman create with --userns=auto, and no
# MG120 may stay unfixed. `--gpus` relies on setup.sh's stand-in CDI spec.
REFUSED_FLAG_LINES=(
    'docker run -d --hostname web --domainname example.org nginx'
    'docker run -d --name e2e-fqdn --domainname=example.org nginx'
    'docker run -d --domainname example.org nginx'
    'docker run -d --link-local-ip 169.254.10.10 nginx'
    'docker run --rm --gpus all alpine true'
    'docker run --rm --gpus 2 alpine true'
    "docker run --rm --gpus '\"device=0,1\",capabilities=compute' alpine true"
    'docker run --rm --tmpfs /run/app:uid=1000,gid=1000,mode=0700 alpine true'
    'docker run --rm --user 1000:1000 --tmpfs /run/app:uid=1000,gid=1000 alpine true'
)

refused_flags() {
    local d=$WORK/refused orig conv
    mkdir -p "$d"
    for orig in "${REFUSED_FLAG_LINES[@]}"; do
        if ! conv=$(cd "$d" && migrate convert --target bookworm --command "$orig" 2>"$d/stderr"); then
            fail "refused flag: $orig" "migrate convert --command failed" "$d/stderr"; continue
        fi
        if grep -q 'MG120\|MG123\|MG141' "$d/stderr" && ! grep -E 'MG12[03]|MG141' "$d/stderr" | grep -q '(fixed)'; then
            fail "refused flag: $orig" "left unfixed by default" "$d/stderr"; continue
        fi
        runline "refused flag: $orig" userns-auto "" "$orig" "$conv" "" "" "$d" "$d/stderr"
    done
}

# ============================================================================
# 6. emitters: a podman script run for real, a unit's ExecStart accepted
# ============================================================================
emit_script_check_running() {
    local name=$1 proj=e2e-ps c map n
    n=$(e2e_podman ps --filter "name=^${proj}_" --filter status=running --format '{{.Names}}' | sort | tr '\n' ' ')
    if [ "$n" = "${proj}_app ${proj}_store " ]; then
        case_pass "$name: app and store running"
    else
        fail "$name: app and store running" "running: '$n'"
    fi
    for c in "${proj}_app" "${proj}_store"; do
        map=$(e2e_podman inspect "$c" --format '{{json .HostConfig.IDMappings}}' 2>&1)
        case $map in
            '{"UidMap":["0:'[1-9]*) case_pass "$name: $c in its own user namespace ($map)" ;;
            *) fail "$name: $c in its own user namespace" "UidMap $map" ;;
        esac
    done
}

emit_script() {
    local d=$WORK/emit-script name="podman-script e2e-ps" proj=e2e-ps rc i owner
    mkdir -p "$d"
    if ! migrate convert --to podman-script --target bookworm "$fixtures/e2e/podman-script/compose.yaml" \
        >"$d/up.sh" 2>"$d/stderr"; then
        fail "$name" "migrate convert --to podman-script failed" "$d/stderr"; return
    fi
    if sh -n "$d/up.sh" 2>"$d/syntax"; then pass "$name: sh -n"; else fail "$name: sh -n" "syntax error" "$d/syntax"; fi
    (cd "$d" && timeout -k 5 180 sh ./up.sh) >"$d/run1.log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then pass "$name: first run"; else fail "$name: first run" "exit $rc" "$d/run1.log"; fi
    emit_script_check_running "$name (first run)"
    for i in $(seq 1 20); do [ -s "$d/data/seen" ] && break; sleep 0.5; done
    owner=$(stat -c %u "$d/data/seen" 2>/dev/null || echo missing)
    if [ "$(cat "$d/data/seen" 2>/dev/null)" = ready ] && [ "$owner" != missing ] && [ "$owner" -ne 0 ] &&
        [ "$(cat "$d/data/uid" 2>/dev/null)" = 0 ]; then
        pass "$name: app read the store's volume after it was healthy and wrote ./data as host uid $owner"
    else
        fail "$name: app read the store's volume" "seen '$(cat "$d/data/seen" 2>&1)', owner $owner" "$d/run1.log"
    fi
    # Re-runnable: a second run replaces the containers.
    (cd "$d" && timeout -k 5 180 sh ./up.sh) >"$d/run2.log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then pass "$name: second run (re-runnable)"; else fail "$name: second run" "exit $rc" "$d/run2.log"; fi
    emit_script_check_running "$name (second run)"
    e2e_rm "${proj}_app" "${proj}_store"
    e2e_podman volume rm -f "${proj}_shared" >/dev/null 2>&1
    e2e_podman network rm -f "${proj}_inner" >/dev/null 2>&1
    if e2e_podman volume exists "${proj}_shared" 2>/dev/null || e2e_podman network exists "${proj}_inner" 2>/dev/null; then
        fail "$name: clean-up" "volume or network left"
    fi
}

# The ExecStart= line of a plain unit (bookworm: podman generate systemd --new style), with the
# systemd specifiers replaced as systemd would (%t = /run for system units, %n = the unit name),
# split into words by systemd's rules, and given to `podman create` (run -> create; `-d`, which
# create does not know, is the only word dropped).
emit_unit() {
    local d=$WORK/emit-unit name="unit ExecStart" unit=e2e-unit-web.service cid
    mkdir -p "$d/data"
    if ! migrate units --target bookworm -o "$d/units" --command \
        "docker run -d --name e2e-unit-web -p 18094:80 -v $d/data:/data -e 'GREETING=hello 100%' --restart unless-stopped busybox" \
        >"$d/stdout" 2>"$d/stderr"; then
        fail "$name" "migrate units failed" "$d/stderr"; return
    fi
    if [ ! -f "$d/units/$unit" ]; then fail "$name" "no $unit written" "$d/stderr"; return; fi
    if command -v systemd-analyze >/dev/null 2>&1; then
        if systemd-analyze verify "$d/units/$unit" >"$d/verify" 2>&1; then
            pass "$name: systemd-analyze verify"
        else
            fail "$name: systemd-analyze verify" "rejected" "$d/verify"
        fi
    fi
    if ! helper unit-exec-start "$d/units/$unit" /run "$unit" >"$d/words" 2>"$d/helper.err"; then
        fail "$name" "cannot read ExecStart" "$d/helper.err"; return
    fi
    local -a words=()
    mapfile -d '' words <"$d/words"
    if [ "${words[0]}" != /usr/bin/podman ] || [ "${words[1]}" != run ]; then
        fail "$name" "ExecStart is not /usr/bin/podman run: ${words[*]}"; return
    fi
    local -a args=(create)
    local w
    for w in "${words[@]:2}"; do [ "$w" = -d ] || args+=("$w"); done
    tag_image docker.io/library/busybox:latest
    rm -f "/run/$unit.ctr-id"
    if CONTAINERS_CONF=$E2E_CONTAINERS_CONF podman "${args[@]}" >"$d/create.log" 2>&1; then
        pass "$name: podman create accepts it"
    else
        fail "$name: podman create accepts it" "rejected" "$d/create.log"
    fi
    cid=$(cat "/run/$unit.ctr-id" 2>/dev/null)
    if [ -n "$cid" ] && e2e_podman inspect "$cid" --format '{{.Name}} {{json .Config.CreateCommand}}' >"$d/inspect" 2>&1 &&
        grep -q -- '--userns=auto' "$d/inspect" && grep -q '"GREETING=hello 100%"' "$d/inspect" && grep -q '^e2e-unit-web ' "$d/inspect"; then
        pass "$name: the container has the unit's name, --userns=auto and the unescaped environment"
    else
        fail "$name: container as the unit describes" "cid '$cid'" "$d/inspect"
    fi
    # --replace: creating it again from the same line succeeds (after ExecStartPre's rm of the cid file).
    rm -f "/run/$unit.ctr-id"
    if CONTAINERS_CONF=$E2E_CONTAINERS_CONF podman "${args[@]}" >"$d/create2.log" 2>&1; then
        pass "$name: podman create --replace again"
    else
        fail "$name: podman create --replace again" "rejected" "$d/create2.log"
    fi
    e2e_rm e2e-unit-web
    rm -f "/run/$unit.ctr-id"
}

# 7. Quadlet files through the real generator. Bookworm's podman has no Quadlet; setup.sh unpacks the
# generator of Debian trixie's podman (5.4.2) and sid's (5.8.x). Each generator checks the files of every
# target whose podman is not newer than itself: `quadlet -dryrun` must convert them all (it refuses an
# unknown key, an unknown file type and a bad value), then the generated .service units go through
# `systemd-analyze verify` (syntax of every directive, dependencies between the units, ExecStart programs:
# podman 4.3.1 is installed; --man=no, no Documentation= lookups). What runs in the containers is not
# checked here (the generator's podman is not the installed one).
QUADLET_FIXTURES="emit/quadlet/compose.yaml emit/rich/compose.yaml targets/compose/input.yml emit/secrets/compose.yaml"
QUADLET_TARGETS="noble trixie rhel9 rhel10 resolute 4.4 4.8 5.0 5.2 5.8"

# version_le A B: A <= B as versions.
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$1" ]; }

target_podman() {
    case $1 in
        noble) echo 4.9.3 ;; trixie) echo 5.4.2 ;; rhel9 | rhel10) echo 5.4.0 ;; resolute) echo 5.7.0 ;;
        *) echo "$1" ;;
    esac
}

# quadlet_units DIR TARGET MODE FIXTURE: write the units of FIXTURE into DIR.
quadlet_units() {
    local -a how=(--target "$2")
    case $2 in [0-9]*) how=(--target trixie --podman-version "$2") ;; esac
    migrate units "${how[@]}" --mode "$3" -o "$1" "$fixtures/$4" >/dev/null 2>"$1.stderr"
}

quadlet_generator() {
    local suite=$1 gen=$E2E_QUADLET_DIR/$1/quadlet version target mode fixture d i name flag out
    if [ ! -x "$gen" ]; then fail "quadlet $suite: generator" "$gen missing (Tests/E2E/setup.sh)"; return; fi
    version=$(cat "$E2E_QUADLET_DIR/$suite/version")
    for target in $QUADLET_TARGETS; do
        version_le "$(target_podman "$target")" "$version" || continue
        for mode in userns-auto rootless; do
            name="quadlet $version: $target $mode"
            flag=""
            [ "$mode" = rootless ] && flag=-user
            d=$WORK/quadlet-$suite-$target-$mode
            i=0
            local ok=1
            for fixture in $QUADLET_FIXTURES; do
                i=$((i + 1))
                mkdir -p "$d/$i/out"
                if ! quadlet_units "$d/$i/in" "$target" "$mode" "$fixture"; then
                    fail "$name: migrate units $fixture" "failed" "$d/$i/in.stderr"; ok=0; continue
                fi
                # shellcheck disable=SC2086
                if ! QUADLET_UNIT_DIRS=$d/$i/in "$gen" $flag -dryrun >"$d/$i/dryrun" 2>"$d/$i/dryrun.err" ||
                    grep -v 'Loading source unit file' "$d/$i/dryrun.err" | grep -q .; then
                    fail "$name: generator accepts the files of $fixture" "rejected" "$d/$i/dryrun.err"; ok=0; continue
                fi
                # shellcheck disable=SC2086
                if ! QUADLET_UNIT_DIRS=$d/$i/in "$gen" $flag -no-kmsg-log "$d/$i/out" >"$d/$i/gen.err" 2>&1; then
                    fail "$name: generator writes the units of $fixture" "failed" "$d/$i/gen.err"; ok=0; continue
                fi
                out=$(find "$d/$i/out" -maxdepth 1 -name '*.service' | sort)
                if [ "$(grep -c . <<<"$out")" -lt "$(find "$d/$i/in" -name '*.container' | grep -c .)" ]; then
                    fail "$name: a service per container of $fixture" "$(ls "$d/$i/out")"; ok=0; continue
                fi
                # systemd-analyze prints problems (a bad value is "ignoring", exit 0): any line about our
                # units fails.
                # shellcheck disable=SC2086
                SYSTEMD_UNIT_PATH=$d/$i/out: systemd-analyze verify --man=no $out >"$d/$i/verify" 2>&1
                local rc=$?
                if [ "$rc" -ne 0 ] || grep -q -- "$d/$i/out" "$d/$i/verify"; then
                    fail "$name: systemd-analyze verify of the units of $fixture" "exit $rc" "$d/$i/verify"; ok=0
                fi
            done
            [ "$ok" -eq 1 ] && pass "$name: generator and systemd-analyze verify accept every file"
        done
    done
}

# The check can fail: the 5.4 generator refuses what migrate writes for podman 5.8 (Memory=, BuildArg=), and
# systemd-analyze reports a bad directive.
quadlet_self_check() {
    local gen=$E2E_QUADLET_DIR/trixie/quadlet d=$WORK/quadlet-self name="quadlet: the checks can fail"
    mkdir -p "$d/out"
    if [ ! -x "$gen" ]; then fail "$name" "$gen missing"; return; fi
    quadlet_units "$d/in" 5.8 userns-auto emit/quadlet/compose.yaml ||
        { fail "$name" "migrate units failed" "$d/in.stderr"; return; }
    if QUADLET_UNIT_DIRS=$d/in "$gen" -dryrun >/dev/null 2>"$d/err" || ! grep -q "unsupported key 'Memory'" "$d/err"; then
        fail "$name: 5.4 generator refuses 5.8 files" "accepted" "$d/err"; return
    fi
    printf '[Service]\nType=notifyx\nExecStart=/usr/bin/podman version\n' >"$d/out/bad.service"
    SYSTEMD_UNIT_PATH=$d/out: systemd-analyze verify --man=no "$d/out/bad.service" >"$d/verify" 2>&1
    if grep -q "$d/out/bad.service" "$d/verify"; then
        pass "$name"
    else
        fail "$name: systemd-analyze reports Type=notifyx" "silent" "$d/verify"
    fi
}

quadlet_all() {
    local suite
    quadlet_self_check
    for suite in ${E2E_QUADLET_SUITES:-trixie sid}; do quadlet_generator "$suite"; done
}

# ============================================================================
cleanup_before() {
    e2e_rm_prefix e2e- >/dev/null 2>&1
    netavark_residue
}
cleanup_before
for group in $E2E_CASES; do
    case $group in
        runlines)
            runline_fixture shell-deploy shell input.sh
            runline_fixture shell-rootless shell input.sh
            runline_fixture shell-unterminated shell input.sh
            runline_fixture makefile makefile input.mk
            runline_fixture systemd-unit systemd input.service
            runline_fixture github-actions github-actions input.yml
            runline_fixture gitlab-ci gitlab-ci input.yml
            runline_corpus
            ;;
        deriver)
            deriver userns-auto
            deriver rootless
            ;;
        compose)
            compose_dry_all
            compose_up
            ;;
        scripts) script_deploy; script_link; script_compose_cli ;;
        command) command_line; refused_flags ;;
        emit)
            emit_script
            emit_unit
            ;;
        quadlet) quadlet_all ;;
        docker) docker_host ;;
        *) case_fail "unknown case group '$group' in E2E_CASES" ;;
    esac
done

echo "run.sh: runtime $((SECONDS - START)) s" >&2
e2e_summary

# shellcheck shell=bash
# Helpers for migrate's end-to-end test scripts. Source after running setup.sh:
#
#   . "$(dirname "$0")/lib.sh"
#   e2e_podman run --rm docker.io/library/busybox:latest true && case_pass "runs" || case_fail "runs"
#   ...
#   e2e_summary        # prints "e2e: N passed, N failed"; returns 1 if any failed
#
# Exports CONTAINERS_CONF (root test config) so that `migrate` and anything else
# the tests start use it too.

E2E_STATE=${E2E_STATE:-/tmp/migrate-e2e}
if [ ! -r "$E2E_STATE/env.sh" ]; then
    echo "e2e: $E2E_STATE/env.sh missing: run Tests/E2E/setup.sh first (as root)" >&2
    return 1
fi
# shellcheck source=/dev/null
. "$E2E_STATE/env.sh"
if [ ! -d "/run/user/$E2E_UID" ]; then
    echo "e2e: /run/user/$E2E_UID missing (reboot?): re-run Tests/E2E/setup.sh" >&2
    return 1
fi

E2E_PASSED=${E2E_PASSED:-0}
E2E_FAILED=${E2E_FAILED:-0}

# Root podman / podman-compose with the test configuration.
e2e_podman() {
    CONTAINERS_CONF=$E2E_CONTAINERS_CONF podman "$@"
}
e2e_compose() {
    CONTAINERS_CONF=$E2E_CONTAINERS_CONF "$E2E_PODMAN_COMPOSE" "$@"
}

# Run any command as the rootless test user, with its own environment.
# The current directory is kept (it must be accessible to the user).
e2e_as_user() {
    runuser -u "$E2E_USER" -- env HOME="$E2E_HOME" USER="$E2E_USER" LOGNAME="$E2E_USER" \
        XDG_RUNTIME_DIR="/run/user/$E2E_UID" \
        CONTAINERS_CONF="$E2E_ROOTLESS_CONTAINERS_CONF" "$@"
}
e2e_rootless_podman() {
    e2e_as_user podman "$@"
}
e2e_rootless_compose() {
    e2e_as_user "$E2E_PODMAN_COMPOSE" "$@"
}

# Force-remove containers by name or id, ignoring ones that do not exist.
# podman 4.3 intermittently exits 125 with "unlinkat .../userdata/shm: device
# or resource busy" when removing an exited --userns=auto container although
# the container is gone; that case counts as success here.
_e2e_rm() {
    local runner=$1 c rc=0
    shift
    for c in "$@"; do
        "$runner" container exists "$c" 2>/dev/null || continue
        "$runner" rm -f -t 0 "$c" >/dev/null 2>&1 && continue
        if "$runner" container exists "$c" 2>/dev/null; then
            echo "e2e: could not remove container $c" >&2
            rc=1
        fi
    done
    return "$rc"
}
e2e_rm() { _e2e_rm e2e_podman "$@"; }
e2e_rootless_rm() { _e2e_rm e2e_rootless_podman "$@"; }

# Remove every root and rootless container whose name starts with $1 (default e2e-).
e2e_rm_prefix() {
    local prefix=${1:-e2e-} names
    names=$(e2e_podman ps -a --format '{{.Names}}' 2>/dev/null | grep "^${prefix}" || true)
    # shellcheck disable=SC2086
    [ -z "$names" ] || e2e_rm $names
    names=$(e2e_rootless_podman ps -a --format '{{.Names}}' 2>/dev/null | grep "^${prefix}" || true)
    # shellcheck disable=SC2086
    [ -z "$names" ] || e2e_rootless_rm $names
}

# A fresh directory under the state dir; $1 = owner (user name or uid), optional.
e2e_tmpdir() {
    local d
    mkdir -p "$E2E_STATE/work"
    chmod 0755 "$E2E_STATE/work"
    d=$(mktemp -d "$E2E_STATE/work/XXXXXX")
    chmod 0755 "$d"
    [ -z "${1:-}" ] || chown "$1:" "$d" 2>/dev/null || chown "$1" "$d"
    printf '%s\n' "$d"
}

case_pass() {
    E2E_PASSED=$((E2E_PASSED + 1))
    printf 'PASS %s\n' "$*"
}
case_fail() {
    E2E_FAILED=$((E2E_FAILED + 1))
    printf 'FAIL %s\n' "$*"
}

# e2e_check NAME CMD...: run CMD quietly, count a pass or a fail; on failure
# show its output.
e2e_check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then
        case_pass "$name"
    else
        case_fail "$name"
        printf '%s\n' "$out" | sed 's/^/    /'
    fi
}

# Final line, exactly "e2e: N passed, N failed"; status 1 if anything failed.
e2e_summary() {
    printf 'e2e: %d passed, %d failed\n' "$E2E_PASSED" "$E2E_FAILED"
    [ "$E2E_FAILED" -eq 0 ]
}

#!/usr/bin/env bash
# Mutation check for the end-to-end suite: does Tests/E2E/run.sh notice when
# migrate's rules break? Runs the suite with migrate's standard output passed
# through sed, once per mutation:
#
#   userns       drop `--userns=auto`          (sed 's/ --userns=auto//g')
#   U            drop the U bind-mount option  (sed 's/:U\b//g; s/,U\b//g')
#   userns_mode  drop `userns_mode: auto`      (compose files, block and flow style)
#
# First a baseline run without mutation, which must pass. A mutation is caught
# if at least one case fails. Prints, per mutation, the failing cases; exits 1
# if the baseline fails or a mutation goes unnoticed. Run as root:
#
#   bash Tests/E2E/mutation.sh            # about 5-6 minutes
#   MUTATIONS="U" bash Tests/E2E/mutation.sh
#
# MIGRATE: binary to mutate (default: `swift build`, then .build/debug/migrate).
# Logs of each run stay in $E2E_STATE/mutation (default /tmp/migrate-e2e/mutation).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
MUTATIONS=${MUTATIONS:-"userns U userns_mode"}
E2E_STATE=${E2E_STATE:-/tmp/migrate-e2e}
out=$E2E_STATE/mutation

[ "$(id -u)" -eq 0 ] || { echo "mutation: must run as root" >&2; exit 2; }
if [ -z "${MIGRATE:-}" ]; then
    (cd "$root" && swift build >/dev/null 2>&1) || { echo "mutation: swift build failed" >&2; exit 2; }
    MIGRATE=$root/.build/debug/migrate
fi
[ -x "$MIGRATE" ] || { echo "mutation: $MIGRATE not executable" >&2; exit 2; }

rm -rf "$out"
mkdir -p "$out"
chmod 0755 "$out"
# A private copy, so that a rebuild while this runs does not change the subject.
cp "$MIGRATE" "$out/migrate.real"

# sed program and case groups of each mutation (groups: see run.sh)
declare -A SED=(
    [userns]='s/ --userns=auto//g'
    [U]='s/:U\b//g; s/,U\b//g'
    [userns_mode]='/^[[:space:]]*userns_mode:[[:space:]]*auto[[:space:]]*$/d; s/,[[:space:]]*userns_mode:[[:space:]]*auto//g'
)
declare -A GROUPS_OF=(
    [userns]="runlines deriver compose scripts command"
    [U]="runlines deriver compose scripts command"
    [userns_mode]="compose"
)

# wrapper NAME SED: a migrate that pipes its output through sed
wrapper() {
    local f=$out/migrate.$1
    {
        echo '#!/usr/bin/env bash'
        echo 'set -o pipefail'
        printf '%q "$@" | sed -e %q\n' "$out/migrate.real" "$2"
    } >"$f"
    chmod 0755 "$f"
    printf '%s\n' "$f"
}

summary_line() { grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1; }

status=0
echo "== baseline (no mutation)"
MIGRATE=$out/migrate.real bash "$here/run.sh" >"$out/baseline.log" 2>&1
rc=$?
echo "   $(summary_line "$out/baseline.log")"
if [ "$rc" -ne 0 ]; then
    echo "   baseline FAILED; mutation results would mean nothing:"
    grep '^FAIL' "$out/baseline.log" | sed 's/^/   /'
    exit 1
fi

for m in $MUTATIONS; do
    [ -n "${SED[$m]:-}" ] || { echo "mutation: unknown mutation $m" >&2; status=1; continue; }
    w=$(wrapper "$m" "${SED[$m]}")
    echo "== mutation $m: sed '${SED[$m]}' (groups: ${GROUPS_OF[$m]})"
    E2E_CASES=${GROUPS_OF[$m]} MIGRATE=$w bash "$here/run.sh" >"$out/$m.log" 2>&1
    echo "   $(summary_line "$out/$m.log")"
    if grep -q '^FAIL' "$out/$m.log"; then
        echo "   CAUGHT by:"
        grep '^FAIL' "$out/$m.log" | cut -c1-160 | sed 's/^/     /'
    else
        echo "   NOT CAUGHT: no case failed"
        status=1
    fi
done
echo "logs: $out"
exit "$status"

#!/usr/bin/env bash
# Checks that the e2e environment made by setup.sh does what the tests rely on
# (no `migrate` involved). Run as root after setup.sh. Leaves no containers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
. "$here/lib.sh"

IMG=docker.io/library/busybox:latest
P=e2e-self-
cleanup() {
    e2e_rm_prefix "$P" || true
    [ -z "${work:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
cleanup
work=$(e2e_tmpdir)

# --- root, --userns=auto, :U bind mount -------------------------------------------
mkdir -p "$work/dir" "$work/notmounted"
echo secret >"$work/notmounted/s"
e2e_podman create --name "${P}auto" --userns=auto -v "$work/dir:/item:U" "$IMG" \
    sh -c 'id -u; touch /item/x; cat /notmounted/s 2>/dev/null && exit 9; exit 0' >/dev/null
e2e_podman start "${P}auto" >/dev/null
rc=$(e2e_podman wait "${P}auto")
e2e_check "root auto: container exits 0 (got $rc)" [ "$rc" = 0 ]
map=$(e2e_podman inspect "${P}auto" --format '{{json .HostConfig.IDMappings.UIDMap}}')
case $map in
    '["0:0:'*|null|'[]') case_fail "root auto: identity UidMap $map" ;;
    '["0:'*) case_pass "root auto: UidMap $map" ;;
    *) case_fail "root auto: unexpected UidMap $map" ;;
esac
owner=$(stat -c %u "$work/dir/x" 2>/dev/null || echo missing)
if [ "$owner" != missing ] && [ "$owner" -ge 100000 ]; then
    case_pass "root auto: file written as subordinate uid $owner"
else
    case_fail "root auto: file owner $owner"
fi
e2e_rm "${P}auto"

# --- deriver scenario, root podman: items owned by the test user -------------------------
mkdir -p "$work/item1" "$work/item2"
echo one >"$work/item1/f"
echo two >"$work/item2/f"
chown -R "$E2E_USER:" "$work/item1" "$work/item2"
chmod 0700 "$work/item1" "$work/item2"
e2e_podman run -d --name "${P}deriver" --userns=auto \
    -v "$work/item1:/item:U" -v "$work/item2:/other" "$IMG" \
    sh -c 'cat /item/f >/dev/null && echo w >/item/new || exit 1
           cat /other/f 2>/dev/null && exit 2
           echo x >/other/new 2>/dev/null && exit 3
           sleep 30' >/dev/null
pid=$(e2e_podman inspect "${P}deriver" --format '{{.State.Pid}}')
huid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
e2e_check "deriver: process runs as non-root host uid ($huid)" [ "$huid" -ne 0 ]
e2e_podman stop -t 0 "${P}deriver" >/dev/null 2>&1 || true
rc=$(e2e_podman wait "${P}deriver")
# exit 1: item1 unwritable, 2/3: item2 reachable; 137: stopped while sleeping
e2e_check "deriver: writes item1, item2 denied (exit $rc)" [ "$rc" = 137 ]
e2e_check "deriver: host sees item1/new" [ -f "$work/item1/new" ]
e2e_check "deriver: item2 untouched" [ ! -e "$work/item2/new" ]
e2e_rm "${P}deriver"

# --- rootless, --net=none default -------------------------------------------------
mkdir -p "$work/ritem"
chown "$E2E_USER:" "$work/ritem"
for ns in "" --userns=keep-id --userns=auto; do
    # shellcheck disable=SC2016
    if e2e_rootless_podman run --rm ${ns:+"$ns"} -v "$work/ritem:/item:U" "$IMG" \
        sh -c 'echo hi >/item/f-$(id -u)' >/dev/null 2>&1; then
        case_pass "rootless ${ns:-default}: writes bind mount"
    else
        case_fail "rootless ${ns:-default}: writes bind mount"
    fi
done

# --- podman-compose: userns_mode auto, in_pod false --------------------------------------
mkdir -p "$work/proj/data"
cat >"$work/proj/compose.yaml" <<'EOF'
services:
  web:
    image: docker.io/library/busybox:latest
    userns_mode: auto
    volumes:
      - ./data:/data:U
    command: ["sh", "-c", "id -u > /data/web; trap 'exit 0' TERM; sleep infinity & wait"]
  worker:
    image: docker.io/library/busybox:latest
    userns_mode: auto
x-podman:
  in_pod: false
EOF
# podman-compose 1.3.0 logs the commands only with --verbose, as
# "INFO:podman_compose:podman run --name=... -d ... --userns auto IMAGE ...".
out=$(cd "$work/proj" && e2e_compose -p e2e-self-proj --verbose --dry-run up -d 2>&1)
line=$(printf '%s\n' "$out" | sed -n 's/^INFO:podman_compose://p' |
    grep -E '^podman (run|create) .*--name=e2e-self-proj_web_1' || true)
case $line in
    *--pod*) case_fail "compose dry-run: --pod present" ;;
    *"--userns auto"*) case_pass "compose dry-run: --userns auto, no --pod" ;;
    *) case_fail "compose dry-run: no web line"; printf '%s\n' "$out" | sed 's/^/    /' ;;
esac
if (cd "$work/proj" && e2e_compose -p e2e-self-proj up -d >/dev/null 2>&1); then
    sleep 1
    n=$(e2e_podman ps --filter label=io.podman.compose.project=e2e-self-proj --format '{{.Names}}' | wc -l)
    e2e_check "compose up -d: 2 running (got $n)" [ "$n" = 2 ]
else
    case_fail "compose up -d"
fi
(cd "$work/proj" && e2e_compose -p e2e-self-proj down >/dev/null 2>&1) || true

# --- root ports over the netavark bridge -----------------------------------------------
port=18$((RANDOM % 900 + 100))
e2e_podman run -d --name "${P}web" -p "127.0.0.1:$port:80" --restart unless-stopped \
    --log-driver k8s-file "$IMG" sh -c 'mkdir -p /w; echo ok >/w/index.html; httpd -f -p 80 -h /w' >/dev/null
got=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
    # (busybox 1.35 static: `wget -T N` segfaults; use timeout instead)
    got=$(timeout 5 busybox wget -q -O- "http://127.0.0.1:$port/" 2>/dev/null || true)
    [ "$got" = ok ] && break
    sleep 0.5
done
e2e_check "root -p 127.0.0.1:$port:80 reachable (got '$got')" [ "$got" = ok ]
e2e_rm "${P}web"

e2e_summary

#!/usr/bin/env bash
# Prepare this machine for migrate's end-to-end tests. Run as root.
# Idempotent and quiet: prints nothing on success; on failure prints the
# failing step and its output, and exits non-zero.
#
#   Tests/E2E/setup.sh [IMAGE...]
#
# IMAGE... (or $E2E_IMAGES) are the fully qualified names the local busybox
# image is tagged as, for root and for the rootless test user.
#
# Afterwards test scripts source Tests/E2E/lib.sh (or "$E2E_STATE/env.sh"),
# which exports CONTAINERS_CONF="$E2E_STATE/containers.conf". Every root
# podman / podman-compose call of the tests MUST run with that CONTAINERS_CONF:
# the stock configuration does not work in this sandbox.
#
# Tunables (environment):
#   E2E_STATE        state dir, default /tmp/migrate-e2e
#   E2E_USER         rootless test user, default migrate-e2e
#   E2E_PREFIX       where the podman-compose venv goes, default /opt/migrate-e2e
#   E2E_PODMAN_COMPOSE_VERSION  pinned podman-compose, default 1.3.0 (1.2.0-1.6.0
#                    honour x-podman in_pod:false + userns_mode; see NOTES.md)
#   E2E_PODMAN_COMPOSE_DEPS     its pinned dependencies
#   E2E_IMAGES       space-separated image names (overridden by arguments)
#   E2E_IMAGE_CMD    JSON CMD of the image (default: sleep forever, exit 0 on TERM)
#   E2E_SKIP_SMOKE=1 skip the final smoke run
#   E2E_QUADLET_SUITES  Debian suites whose podman's Quadlet generator is unpacked
#                    for the quadlet e2e group, default "trixie sid" (5.4, 5.8 era)
set -euo pipefail
umask 022

E2E_STATE=${E2E_STATE:-/tmp/migrate-e2e}
E2E_USER=${E2E_USER:-migrate-e2e}
E2E_PREFIX=${E2E_PREFIX:-/opt/migrate-e2e}
E2E_PODMAN_COMPOSE_VERSION=${E2E_PODMAN_COMPOSE_VERSION:-1.3.0}
E2E_PODMAN_COMPOSE_DEPS=${E2E_PODMAN_COMPOSE_DEPS:-python-dotenv==1.2.4 PyYAML==6.0.4}
E2E_IMAGES_DEFAULT="docker.io/library/busybox:latest docker.io/library/alpine:latest docker.io/library/nginx:latest docker.io/library/redis:latest docker.io/library/postgres:latest docker.io/library/debian:latest docker.io/library/ubuntu:latest docker.io/library/httpd:latest"
if [ "$#" -gt 0 ]; then
    E2E_IMAGES="$*"
else
    E2E_IMAGES=${E2E_IMAGES:-$E2E_IMAGES_DEFAULT}
fi
E2E_IMAGE_CMD=${E2E_IMAGE_CMD:-'["sh","-c","trap \"exit 0\" TERM INT; sleep infinity & wait"]'}
E2E_SKIP_SMOKE=${E2E_SKIP_SMOKE:-0}
E2E_QUADLET_SUITES=${E2E_QUADLET_SUITES:-trixie sid}

# The "containers" range used by root `podman --userns=auto` (upstream's
# recommended values); used when free, else a smaller free range is taken.
CONTAINERS_SUBID_START=2147483647
CONTAINERS_SUBID_COUNT=2147483648
CONTAINERS_SUBID_FALLBACK_COUNT=65536000
USER_SUBID_COUNT=65536

PACKAGES="podman runc uidmap slirp4netns fuse-overlayfs busybox-static catatonit netavark aardvark-dns iptables python3-venv docker.io docker-compose"
PYTHON=/usr/bin/python3   # Debian's, so the venv is usable by the rootless user too

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

die() {
    printf 'e2e setup: %s\n' "$*" >&2
    exit 1
}

# Run a command quietly; on failure show what it printed and stop.
q() {
    if ! "$@" >"$LOG" 2>&1; then
        printf 'e2e setup: failed: %s\n' "$*" >&2
        cat "$LOG" >&2
        exit 1
    fi
}

# Write stdin to $1 only if the content changed (keeps re-runs cheap).
write_file() {
    local dest=$1 mode=$2 tmp
    tmp=$(mktemp)
    cat >"$tmp"
    if [ -f "$dest" ] && cmp -s "$tmp" "$dest"; then
        rm -f "$tmp"
    else
        chmod "$mode" "$tmp"
        mv -f "$tmp" "$dest"
    fi
}

[ "$(id -u)" -eq 0 ] || die "must run as root"

# --- 1. Debian packages ------------------------------------------------------
install_packages() {
    local p missing=()
    for p in $PACKAGES; do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]; then
            missing+=("$p")
        fi
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    export DEBIAN_FRONTEND=noninteractive
    q apt-get update -q
    q apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# --- podman-compose, pinned, in its own venv ----------------------------------
install_podman_compose() {
    local venv=$E2E_PREFIX/venv have=""
    if [ -x "$venv/bin/python" ]; then
        have=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("podman-compose"))' 2>/dev/null || true)
    fi
    if [ "$have" != "$E2E_PODMAN_COMPOSE_VERSION" ]; then
        mkdir -p "$E2E_PREFIX"
        [ -x "$venv/bin/python" ] || q "$PYTHON" -m venv "$venv"
        # shellcheck disable=SC2086
        q "$venv/bin/python" -m pip install -q --disable-pip-version-check \
            "podman-compose==$E2E_PODMAN_COMPOSE_VERSION" $E2E_PODMAN_COMPOSE_DEPS
    fi
    chmod -R a+rX "$E2E_PREFIX"
    # Put it on PATH unless some other podman-compose owns the name.
    local link=/usr/local/bin/podman-compose
    if [ ! -e "$link" ] || [ "$(readlink "$link" || true)" = "$venv/bin/podman-compose" ]; then
        ln -sfn "$venv/bin/podman-compose" "$link"
    fi
}

# --- 3./4. subordinate id ranges -----------------------------------------------
# Is [start, start+count) free of every range in /etc/subuid and /etc/subgid?
subid_range_free() {
    awk -F: -v s="$1" -v c="$2" '
        NF >= 3 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ {
            if (s < $2 + $3 && $2 < s + c) bad = 1
        }
        END { exit bad }' /etc/subuid /etc/subgid
}

# First start >= $2 where $1 ids are free in both files.
subid_first_free() {
    awk -F: -v c="$1" -v min="$2" '
        NF >= 3 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ { n++; s[n] = $2 + 0; e[n] = $2 + $3 }
        END {
            start = min
            do {
                moved = 0
                for (i = 1; i <= n; i++)
                    if (start < e[i] && s[i] < start + c) { start = e[i]; moved = 1 }
            } while (moved)
            printf "%.0f\n", start
        }' /etc/subuid /etc/subgid
}

# ensure_subids NAME COUNT [PREFERRED_START [FALLBACK_COUNT]]
# Adds NAME:start:count to whichever of /etc/subuid, /etc/subgid lacks NAME.
# Existing entries are never changed. Prints "added" if it added anything.
ensure_subids() {
    local name=$1 count=$2 pref=${3:-} fallback=${4:-$2} f start="" added=""
    touch /etc/subuid /etc/subgid
    for f in /etc/subuid /etc/subgid; do
        grep -q "^${name}:" "$f" && continue
        if [ -z "$start" ]; then
            # Reuse the range of the other file if it has one.
            start=$(awk -F: -v n="$name" '$1 == n { print $2 ":" $3; exit }' /etc/subuid /etc/subgid)
            if [ -n "$start" ]; then
                count=${start#*:}
                start=${start%%:*}
            elif [ -n "$pref" ] && subid_range_free "$pref" "$count"; then
                start=$pref
            else
                count=$fallback
                start=$(subid_first_free "$count" 100000)
            fi
        fi
        # Make sure the file ends with a newline before appending.
        if [ -s "$f" ] && [ -n "$(tail -c1 "$f")" ]; then echo >>"$f"; fi
        printf '%s:%s:%s\n' "$name" "$start" "$count" >>"$f"
        added=1
    done
    [ -z "$added" ] || echo added
}

# --- 2. containers.conf files ---------------------------------------------------
write_configs() {
    local nofile nproc pidmax
    mkdir -p "$E2E_STATE"
    chmod 0755 "$E2E_STATE"
    # Root podman would raise RLIMIT_NOFILE/NPROC of every container to
    # 1048576/4194304; root here lacks CAP_SYS_RESOURCE, so runc fails with
    # "error setting rlimit type 7: operation not permitted". Use the limits we
    # already have (podman itself caps NPROC at kernel.pid_max).
    nofile=$(ulimit -Hn)
    nproc=$(ulimit -Hu)
    pidmax=$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo 32768)
    [ "$nofile" = unlimited ] && nofile=1048576
    if [ "$nproc" = unlimited ] || [ "$nproc" -gt "$pidmax" ]; then nproc=$pidmax; fi

    write_file "$E2E_STATE/containers.conf" 0644 <<EOF
# migrate e2e tests, root podman. Use with CONTAINERS_CONF=$E2E_STATE/containers.conf
# Generated by Tests/E2E/setup.sh; do not edit.
[containers]
log_driver = "k8s-file"
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[network]
network_backend = "netavark"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[engine.runtimes]
runc = ["/usr/sbin/runc", "/usr/bin/runc"]
EOF

    # Rootless: no /dev/net/tun access for slirp4netns, so no network by default.
    write_file "$E2E_STATE/containers-rootless.conf" 0644 <<EOF
# migrate e2e tests, rootless podman as $E2E_USER.
# Generated by Tests/E2E/setup.sh; do not edit.
[containers]
log_driver = "k8s-file"
netns = "none"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[engine.runtimes]
runc = ["/usr/sbin/runc", "/usr/bin/runc"]
EOF
}

# --- 4. the rootless test user -------------------------------------------------------
setup_user() {
    local uid home run cfg subids
    if ! id -u "$E2E_USER" >/dev/null 2>&1; then
        q useradd --create-home --user-group --shell /bin/bash \
            --comment "migrate e2e tests" "$E2E_USER"
    fi
    uid=$(id -u "$E2E_USER")
    home=$(getent passwd "$E2E_USER" | cut -d: -f6)
    subids=$(ensure_subids "$E2E_USER" "$USER_SUBID_COUNT")

    # No logind here: make the runtime dir podman looks for.
    run=/run/user/$uid
    mkdir -p "$run"
    chown "$E2E_USER:" "$run"
    chmod 0700 "$run"

    cfg=$home/.config/containers
    runuser -u "$E2E_USER" -- mkdir -p "$cfg"
    write_file "$cfg/containers.conf" 0644 <"$E2E_STATE/containers-rootless.conf"
    # Native overlay works on this kernel (fuse-overlayfs cannot open /dev/fuse);
    # pin runroot so calls with and without XDG_RUNTIME_DIR agree.
    write_file "$cfg/storage.conf" 0644 <<EOF
[storage]
driver = "overlay"
runroot = "$run/containers"
EOF
    chown "$E2E_USER:" "$cfg/containers.conf" "$cfg/storage.conf"

    # New or changed subordinate ids: let podman pick them up.
    if [ -n "$subids" ] && [ -d "$home/.local/share/containers/storage" ]; then
        q as_user podman system migrate
    fi
}

as_user() {
    local uid home
    uid=$(id -u "$E2E_USER")
    home=$(getent passwd "$E2E_USER" | cut -d: -f6)
    (cd / && runuser -u "$E2E_USER" -- env HOME="$home" XDG_RUNTIME_DIR="/run/user/$uid" \
        CONTAINERS_CONF="$E2E_STATE/containers-rootless.conf" "$@")
}

as_root() {
    (cd / && CONTAINERS_CONF="$E2E_STATE/containers.conf" "$@")
}

# --- 5. the busybox image ---------------------------------------------------------
build_rootfs() {
    local root=$E2E_STATE/rootfs a
    rm -rf "$root"
    mkdir -p "$root"/{bin,etc,root,tmp,var/tmp,home,usr,proc,sys,dev}
    cp /bin/busybox "$root/bin/busybox"
    for a in $(/bin/busybox --list); do
        [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
    done
    ln -s bin "$root/sbin"
    ln -s ../bin "$root/usr/bin"
    ln -s ../bin "$root/usr/sbin"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    chmod 1777 "$root/tmp" "$root/var/tmp"
    chmod 0700 "$root/root"
    tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 \
        -C "$root" -cf "$E2E_STATE/rootfs.tar.new" .
    mv -f "$E2E_STATE/rootfs.tar.new" "$E2E_STATE/rootfs.tar"
    chmod 0644 "$E2E_STATE/rootfs.tar"
    rm -rf "$root"
}

# import_images RUNNER REV: import once, tag under every name; skip if all
# names already carry label io.migrate.e2e.rev=REV.
import_images() {
    local runner=$1 rev=$2 name ok=1 first id
    for name in $E2E_IMAGES; do
        if [ "$("$runner" podman image inspect --format '{{index .Labels "io.migrate.e2e.rev"}}' "$name" 2>/dev/null || true)" != "$rev" ]; then
            ok=0
            break
        fi
    done
    [ "$ok" -eq 1 ] && return 0
    [ -f "$E2E_STATE/rootfs.tar" ] || q build_rootfs
    first=${E2E_IMAGES%% *}
    if ! id=$("$runner" podman import -q \
        --change "CMD $E2E_IMAGE_CMD" \
        --change "LABEL io.migrate.e2e.rev=$rev" \
        "$E2E_STATE/rootfs.tar" "$first" 2>"$LOG"); then
        printf 'e2e setup: podman import failed (%s)\n' "$runner" >&2
        cat "$LOG" >&2
        exit 1
    fi
    for name in $E2E_IMAGES; do
        [ "$name" = "$first" ] || q "$runner" podman tag "$id" "$name"
    done
}

images() {
    local rev
    q build_rootfs
    rev=$( { sha256sum "$E2E_STATE/rootfs.tar"; printf '%s\n' "$E2E_IMAGE_CMD"; } | sha256sum | cut -c1-16)
    import_images as_root "$rev"
    import_images as_user "$rev"
}

smoke() {
    [ "$E2E_SKIP_SMOKE" = 1 ] && return 0
    local first=${E2E_IMAGES%% *}
    q as_root podman run --rm --userns=auto "$first" true
    q as_user podman run --rm "$first" true
}

# A stand-in CDI specification for nvidia.com/gpu (devices all, 0, 1, each the
# null device), so converted `--gpus` lines (`--device nvidia.com/gpu=…`) are
# accepted by podman create on a host without GPUs. A host that already has a
# spec for nvidia.com/gpu (a real one from nvidia-ctk) keeps it alone.
cdi_stand_in() {
    local spec=/etc/cdi/migrate-e2e-gpu.yaml
    if [ ! -f "$spec" ] && grep -qs 'nvidia.com/gpu' /etc/cdi/*.yaml /etc/cdi/*.json /var/run/cdi/*; then
        return 0
    fi
    install -d -m 0755 /etc/cdi
    write_file "$spec" 0644 <<'EOF'
# Generated by migrate's Tests/E2E/setup.sh: GPUs that are the null device.
cdiVersion: 0.5.0
kind: nvidia.com/gpu
devices:
  - name: all
    containerEdits:
      deviceNodes:
        - path: /dev/null
  - name: "0"
    containerEdits:
      deviceNodes:
        - path: /dev/null
  - name: "1"
    containerEdits:
      deviceNodes:
        - path: /dev/null
EOF
}

# --- Quadlet generators of newer podman releases ----------------------------------
# Bookworm's podman 4.3.1 has no Quadlet. Debian trixie's (5.4) and sid's (5.8)
# podman packages are fetched with apt from a private apt state (their own
# sources list, lists and cache under $E2E_STATE/quadlet/SUITE; the host's apt
# configuration is not touched) and unpacked, not installed: only
# usr/libexec/podman/quadlet is kept (as $E2E_STATE/quadlet/SUITE/quadlet), and
# it runs on bookworm's libc. Cached: a suite whose generator runs is left alone.
quadlet_generator() {
    local suite=$1 dir=$E2E_STATE/quadlet/$1 deb
    local bin=$dir/quadlet
    if [ -x "$bin" ] && "$bin" -version >/dev/null 2>&1; then return 0; fi
    rm -rf "$dir"
    mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/deb"
    printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian %s main\n' \
        "$suite" >"$dir/sources.list"
    local -a apt=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=/dev/null
        -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o Debug::NoLocking=1
        -o APT::Sandbox::User=root)
    q apt-get "${apt[@]}" update -q
    (cd "$dir/deb" && q apt-get "${apt[@]}" download podman)
    deb=$(find "$dir/deb" -name 'podman_*.deb' | head -n 1)
    [ -n "$deb" ] || die "no podman package downloaded from $suite"
    q dpkg-deb -x "$deb" "$dir/root"
    [ -x "$dir/root/usr/libexec/podman/quadlet" ] || die "the podman package of $suite has no usr/libexec/podman/quadlet"
    install -m 0755 "$dir/root/usr/libexec/podman/quadlet" "$bin"
    basename "$deb" >"$dir/package"
    rm -rf "$dir/lists" "$dir/cache" "$dir/deb" "$dir/root"
    "$bin" -version >"$dir/version" 2>&1 || die "the Quadlet generator of $suite does not run here: $(cat "$dir/version")"
}

quadlet_generators() {
    local suite
    for suite in $E2E_QUADLET_SUITES; do quadlet_generator "$suite"; done
}

write_env() {
    write_file "$E2E_STATE/env.sh" 0644 <<EOF
# Generated by Tests/E2E/setup.sh. Source it (lib.sh does).
export E2E_STATE="$E2E_STATE"
export E2E_USER="$E2E_USER"
export E2E_UID="$(id -u "$E2E_USER")"
export E2E_HOME="$(getent passwd "$E2E_USER" | cut -d: -f6)"
export E2E_IMAGES="$E2E_IMAGES"
export E2E_CONTAINERS_CONF="$E2E_STATE/containers.conf"
export E2E_ROOTLESS_CONTAINERS_CONF="$E2E_STATE/containers-rootless.conf"
export E2E_PODMAN_COMPOSE="$E2E_PREFIX/venv/bin/podman-compose"
export CONTAINERS_CONF="$E2E_STATE/containers.conf"
export E2E_QUADLET_SUITES="$E2E_QUADLET_SUITES"
export E2E_QUADLET_DIR="$E2E_STATE/quadlet"
EOF
}

install_packages
install_podman_compose
write_configs
# Root --userns=auto takes ids from the "containers" entries; podman reads them
# by name from /etc/subuid and /etc/subgid (no "containers" user is needed).
ensure_subids containers "$CONTAINERS_SUBID_COUNT" "$CONTAINERS_SUBID_START" \
    "$CONTAINERS_SUBID_FALLBACK_COUNT" >/dev/null
setup_user
cdi_stand_in
images
smoke
quadlet_generators
write_env

# shellcheck shell=bash
# shellcheck disable=SC2015,SC2016  # case_pass always succeeds; the sh -c programs are single-quoted on purpose
# Group "docker" of run.sh (sourced by it): containers started under a real Docker engine
# (Debian's docker.io 20.10, started and stopped here), captured by `migrate capture`/`migrate data`,
# their data moved by the generated script into root podman --userns=auto and rootless podman, and
# the same project under Debian's docker-compose 1.29 moved to podman-compose. The oracle is Docker's
# own view: the same listing (type, mode, owner, size, links, link target) and checksums, taken inside
# the container under Docker before and under podman after, must be equal.

DK_DIR=""
DK_IMAGE=registry.example/migrate-e2e/app:1
DK_BIND=""

dk() { /usr/bin/docker "$@"; }

# Start dockerd on a socket of its own, under a scratch data root; the busybox root as DK_IMAGE.
dk_start() {
    DK_DIR=$(mktemp -d /tmp/migrate-e2e-dockerd.XXXXXX)
    # Networks from a pool of their own: Docker's default 172.17-31 ranges would collide with the subnets
    # of the compose fixtures podman runs.
    dockerd --iptables=false --bridge=none --storage-driver=vfs --data-root "$DK_DIR/data" \
        --default-address-pool base=10.213.0.0/16,size=24 \
        --exec-root "$DK_DIR/exec" -H "unix://$DK_DIR/sock" --pidfile "$DK_DIR/pid" \
        >"$DK_DIR/dockerd.log" 2>&1 &
    export DOCKER_HOST="unix://$DK_DIR/sock"
    local _
    for _ in $(seq 1 60); do
        dk version >/dev/null 2>&1 && break
        sleep 0.5
    done
    dk version >/dev/null 2>&1 || return 1
    dk import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$E2E_STATE/rootfs.tar" "$DK_IMAGE" >/dev/null
}

dk_stop() {
    [ -n "$DK_DIR" ] || return 0
    local pid _
    pid=$(cat "$DK_DIR/pid" 2>/dev/null || true)
    if [ -n "$pid" ]; then
        # shellcheck disable=SC2046
        dk rm -f $(dk ps -aq) >/dev/null 2>&1 || true
        # Docker leaves a user network's bridge (br-ID) behind when it is not removed first.
        local nets
        nets=$(dk network ls -q --filter type=custom 2>/dev/null || true)
        dk network prune -f >/dev/null 2>&1 || true
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    local net
    for net in ${nets:-}; do ip link del "br-${net:0:12}" >/dev/null 2>&1 || true; done
    # whatever dockerd left mounted under its roots
    findmnt -rn -o TARGET | grep "^$DK_DIR/" | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
    rm -rf -- "$DK_DIR"
    DK_DIR=""
    unset DOCKER_HOST
    [ -z "$DK_BIND" ] || rm -rf -- "$DK_BIND"
}

# dk_view RUNNER CONTAINER DIR...: the container's own listing and checksums of DIRs (busybox find,
# stat and sha256sum inside the container): what its processes see.
dk_view() {
    local runner=$1 c=$2
    shift 2
    "$runner" exec -u 0 "$c" sh -c '
        for d; do
            find "$d" -type d -exec stat -c "dir %a %u %g %n" {} +
            find "$d" -type f -exec stat -c "file %a %u %g %s %h %Y %n" {} +
            find "$d" ! -type d ! -type f -exec stat -c "other %f %u %g %N" {} +
            find "$d" -type f -exec sha256sum {} +
        done | sort' view "$@"
}

# dk_fill CONTAINER DIR: files a real service would have: owners other than root, a set-ID file,
# a set-GID folder, hard and symbolic links, names with spaces, a private file, 1 MiB of random bytes.
dk_fill() {
    dk exec -u 0 "$1" sh -c '
        cd "$1"
        mkdir -p "sub dir/deep" cache
        head -c 1048576 /dev/urandom > blob
        echo hello > greeting
        ln greeting greeting.hard
        ln -s greeting greeting.link
        ln -s ../blob "sub dir/blob.link"
        echo secret > private
        echo deep > "sub dir/deep/a file"
        echo tool > tool
        chown -R 1000:1000 .
        chown 1234:1234 cache
        chown 0:0 blob tool
        chmod 0600 private
        chmod 2770 "sub dir"
        chmod 4755 tool' fill "$2"
}

dk_compare() { # NAME BEFORE AFTER
    if cmp -s "$2" "$3"; then
        case_pass "$1"
    else
        diff "$2" "$3" >"$2.diff" 2>&1
        fail "$1" "the listing under podman differs from Docker's (< docker, > podman)" "$2.diff"
    fi
}

# dk_script NAME SCRIPT LOG [ARGS]: run the migration script to completion.
dk_script() {
    local name=$1 script=$2 log=$3
    shift 3
    if timeout -k 5 300 bash "$script" "$@" >"$log" 2>&1; then
        case_pass "$name"
    else
        fail "$name" "the migration script exited $?" "$log"
        return 1
    fi
}

# dk_kill_trials NAME SCRIPT RESET: kill the script (and its pipelines) with SIGKILL at a random
# moment, several times over, each from a fresh target; the rerun after each kill must finish and
# pass its own checks. RESET is a function that empties the target (podman side and state).
dk_kill_trials() {
    local name=$1 script=$2 reset=$3 trial pid delay log="$WORK/dk-kill.log" total=0 t0 span
    "$reset"
    t0=$SECONDS
    bash "$script" >"$log" 2>&1 || { fail "$name: timing run" "the script failed" "$log"; return; }
    span=$(((SECONDS - t0) * 10 + 5))
    local killed=()
    for trial in 1 2 3 4; do
        "$reset"
        delay=$((RANDOM % span))
        setsid bash "$script" >"$log.$trial" 2>&1 &
        pid=$!
        sleep "$((delay / 10)).$((delay % 10))"
        kill -9 -- "-$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null
        killed+=("$(grep -o '\[[0-9]*/[0-9]*\]' "$log.$trial" | tail -1 || true)")
        if ! timeout -k 5 300 bash "$script" >>"$log.$trial" 2>&1; then
            tail -n 15 "$log.$trial" >"$log.$trial.tail"
            fail "$name: rerun after kill -9 (trial $trial, at ${delay}00 ms)" "the rerun failed; its last lines:" "$log.$trial.tail"
            return
        fi
        total=$((total + 1))
    done
    case_pass "$name: killed at random steps (${killed[*]:-before the first step}), each rerun completed ($total trials)"
}

# A fresh podman side; the bind folder gets Docker's owners back first (podman init chowned it for :U).
dk_reset_auto() {
    [ ! -d "$WORK/dk-state-auto" ] || bash "$WORK/dk/move-auto.sh" restore-owners >/dev/null 2>&1
    e2e_rm e2e-dk-web e2e-dk-db >/dev/null 2>&1
    e2e_podman volume rm -f e2e-dk-webdata e2e-dk-dbdata >/dev/null 2>&1
    e2e_podman network rm -f e2e-dk-net >/dev/null 2>&1
    rm -rf "$WORK/dk-state-auto"
}

# What an earlier, interrupted run may have left under podman.
dk_clean_podman() {
    local c
    dk_reset_auto
    e2e_rootless_rm e2e-dk-solo >/dev/null 2>&1
    e2e_rootless_podman volume rm -f e2e-dk-solodata >/dev/null 2>&1
    c=$(e2e_podman ps -aq --filter label=com.docker.compose.project=e2e-dk 2>/dev/null)
    # shellcheck disable=SC2086
    [ -z "$c" ] || e2e_rm $c >/dev/null 2>&1
    e2e_podman volume rm -f e2e-dk_appdata >/dev/null 2>&1
    e2e_podman network rm -f e2e-dk_default >/dev/null 2>&1
}

docker_host() {
    local name="docker host" d=$WORK/dk
    mkdir -p "$d"
    dk_clean_podman
    if ! dk_start; then
        fail "$name: dockerd starts" "dockerd did not answer" "$DK_DIR/dockerd.log"
        dk_stop
        return
    fi
    case_pass "$name: dockerd $(dk version --format '{{.Server.Version}}') started"
    mkdir -p /srv
    DK_BIND=$(mktemp -d /srv/migrate-e2e-bind.XXXXXX)
    echo served > "$DK_BIND/index.html"
    mkdir "$DK_BIND/uploads"
    chown -R 1000:1000 "$DK_BIND"
    chown 1234:1234 "$DK_BIND/index.html"
    dk network create e2e-dk-net >/dev/null
    dk run -d --name e2e-dk-web --network e2e-dk-net -p 18080:8080 --restart unless-stopped \
        -e MODE=prod -e 'GREETING=hello world' -e DB_PASSWORD=hunter2 -u 1000:1000 \
        -v e2e-dk-webdata:/data -v "$DK_BIND:/srv/www" "$DK_IMAGE" sleep 100000 >/dev/null
    dk run -d --name e2e-dk-db --network e2e-dk-net --restart on-failure:3 -e PGDATA=/var/lib/db \
        -v e2e-dk-dbdata:/var/lib/db "$DK_IMAGE" sleep 100000 >/dev/null
    dk_fill e2e-dk-web /data
    dk_fill e2e-dk-db /var/lib/db
    dk_view dk e2e-dk-web /data >"$d/web.docker"
    dk_view dk e2e-dk-db /var/lib/db >"$d/db.docker"
    find "$DK_BIND" -printf '%U:%G %m %p\n' | sort >"$d/bind.docker"

    # capture: the run lines as written, converted
    if "$MIGRATE" capture --docker /usr/bin/docker --to docker >"$d/captured.sh" 2>"$d/capture.err" &&
        grep -q -- '--restart unless-stopped' "$d/captured.sh" && grep -q -- '-u\|--user 1000:1000' "$d/captured.sh" &&
        ! grep -q 'PATH=/bin' "$d/captured.sh"; then
        case_pass "$name: capture writes the run lines without the image's defaults"
    else
        fail "$name: capture writes the run lines" "unexpected output" "$d/captured.sh"
    fi
    "$MIGRATE" data --docker /usr/bin/docker >"$d/inventory.txt" 2>&1
    if grep -q 'e2e-dk-webdata' "$d/inventory.txt" && grep -q "$DK_BIND" "$d/inventory.txt" &&
        grep -q "$DK_IMAGE" "$d/inventory.txt" && grep -q 'owners 1000:1000' "$d/inventory.txt"; then
        case_pass "$name: data inventory lists volumes, bind folder, image and owners"
    else
        fail "$name: data inventory" "missing entries" "$d/inventory.txt"
    fi

    # root podman --userns=auto
    local script=$d/move-auto.sh
    if ! "$MIGRATE" data --docker /usr/bin/docker --target bookworm --script "$script" \
        --state "$WORK/dk-state-auto" >/dev/null 2>"$d/data.err"; then
        fail "$name: migrate data --script" "failed" "$d/data.err"
        dk_stop
        return
    fi
    if [ "$(stat -c %a "$script")" = 700 ]; then
        case_pass "$name: script written 0700 (it holds DB_PASSWORD)"
    else
        fail "$name: script mode" "$(stat -c %a "$script")"
    fi
    if bash "$script" >"$d/refused.log" 2>&1; then
        fail "$name: refuses running containers" "ran although Docker's containers run" "$d/refused.log"
    elif grep -q 'is running' "$d/refused.log" && ! e2e_podman volume exists e2e-dk-webdata; then
        case_pass "$name: refuses while Docker's containers run, nothing made"
    else
        fail "$name: refuses running containers" "wrong reason" "$d/refused.log"
    fi
    bash "$script" --dry-run --stop >"$d/dry.log" 2>&1
    if grep -q 'would run: copy volume e2e-dk-webdata' "$d/dry.log" && [ "$(dk inspect -f '{{.State.Running}}' e2e-dk-web)" = true ] &&
        ! e2e_podman volume exists e2e-dk-webdata; then
        case_pass "$name: --dry-run lists the steps with sizes and changes nothing"
    else
        fail "$name: --dry-run" "changed something or listed nothing" "$d/dry.log"
    fi
    dk_script "$name: migration script (root, --userns=auto, --stop)" "$script" "$d/auto.log" --stop || { dk_stop; return; }
    dk_kill_trials "$name: userns-auto" "$script" dk_reset_auto
    if e2e_podman start e2e-dk-web e2e-dk-db >/dev/null 2>"$d/start.err"; then
        case_pass "$name: migrated containers start under podman"
        local bindowner
        bindowner=$(stat -c %u "$DK_BIND/index.html")
        [ "$bindowner" -gt 65535 ] && case_pass "$name: the writable bind folder was chowned for the container (:U, uid $bindowner)" ||
            fail "$name: bind folder chowned by :U" "index.html owned by $bindowner" "$script"
    else
        fail "$name: migrated containers start" "podman start failed" "$d/start.err"
    fi
    dk_view e2e_podman e2e-dk-web /data >"$d/web.podman" 2>&1
    dk_view e2e_podman e2e-dk-db /var/lib/db >"$d/db.podman" 2>&1
    dk_compare "$name: volume of web byte-identical with owners, modes, links (container's view)" "$d/web.docker" "$d/web.podman"
    dk_compare "$name: volume of db byte-identical with owners, modes, links (container's view)" "$d/db.docker" "$d/db.podman"
    if e2e_podman exec e2e-dk-web sh -c 'id -u && cat /data/greeting /data/private && echo new > /data/new && echo more >> "/data/sub dir/deep/a file"' >"$d/rw.log" 2>&1 &&
        grep -qx 1000 "$d/rw.log"; then
        case_pass "$name: the container's user (1000) reads and writes its migrated files"
    else
        fail "$name: container user reads and writes" "failed" "$d/rw.log"
    fi
    local hostuid
    hostuid=$(stat -c %u "$(e2e_podman volume inspect --format '{{.Mountpoint}}' e2e-dk-webdata)/greeting")
    if [ "$hostuid" -gt 65535 ]; then
        case_pass "$name: on the host the files belong to the container's slice (uid $hostuid), not to 1000"
    else
        fail "$name: host owner in the container's slice" "greeting is owned by host uid $hostuid"
    fi
    local settings
    settings=$(e2e_podman inspect e2e-dk-web --format '{{.HostConfig.RestartPolicy.Name}}|{{.Config.User}}|;{{range .Config.Env}}{{.}};{{end}}|{{range $p, $b := .HostConfig.PortBindings}}{{$p}}={{(index $b 0).HostPort}}{{end}}|{{range .Mounts}}{{.Type}}:{{.Name}}{{.Source}}>{{.Destination}};{{end}}|{{json .HostConfig.IDMappings}}' 2>&1)
    local want missing=""
    for want in 'always|1000:1000|' ';MODE=prod;' ';GREETING=hello world;' '|8080/tcp=18080|' \
        'volume:e2e-dk-webdata/var/lib/containers/storage/volumes/e2e-dk-webdata/_data>/data;' \
        "bind:$DK_BIND>/srv/www;" '|{"UidMap":["0:'; do
        [[ ";$settings" == *"$want"* ]] || missing+=" [$want]"
    done
    if [ -z "$missing" ]; then
        case_pass "$name: podman inspect shows restart, user, environment, port, mounts and a user namespace"
    else
        fail "$name: settings carried over" "missing$missing in: $settings"
    fi
    local dbrestart
    dbrestart=$(e2e_podman inspect e2e-dk-db --format '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}')
    [ "$dbrestart" = on-failure:3 ] && case_pass "$name: db keeps restart on-failure:3" || fail "$name: db restart policy" "$dbrestart"
    # the bind folder: :U chowned it for the container; restore-owners gives Docker's owners back
    e2e_podman stop -t 0 e2e-dk-web e2e-dk-db >/dev/null 2>&1
    bash "$script" restore-owners >"$d/restore.log" 2>&1
    find "$DK_BIND" -printf '%U:%G %m %p\n' | sort >"$d/bind.restored"
    dk_compare "$name: restore-owners gives the bind folder Docker's owners and modes back" "$d/bind.docker" "$d/bind.restored"
    # nothing of Docker's was changed
    dk start e2e-dk-web >/dev/null 2>&1
    dk_view dk e2e-dk-web /data >"$d/web.docker.after" 2>&1
    dk_compare "$name: Docker's volume is as it was" "$d/web.docker" "$d/web.docker.after"
    dk stop -t 0 e2e-dk-web >/dev/null 2>&1
    local refused=$d/refused-foreign.log
    dk_reset_auto
    e2e_podman volume create e2e-dk-webdata >/dev/null
    if ! bash "$script" >"$refused" 2>&1 && grep -q 'was not made by this script' "$refused"; then
        case_pass "$name: a podman volume of the same name that is not ours is refused, left alone"
    else
        fail "$name: foreign volume refused" "the script went on" "$refused"
    fi
    dk_reset_auto

    docker_rootless "$d"
    docker_compose_project "$d"
    e2e_podman rmi -f "$DK_IMAGE" >/dev/null 2>&1
    e2e_rootless_podman rmi -f "$DK_IMAGE" >/dev/null 2>&1
    dk_stop
}

# One container into the rootless podman of the test user (its subordinate IDs, via podman unshare).
docker_rootless() {
    local d=$1 name="docker host rootless" script=$1/move-rootless.sh
    dk run -d --name e2e-dk-solo --network none -u 1000:1000 -v e2e-dk-solodata:/data "$DK_IMAGE" sleep 100000 >/dev/null
    dk_fill e2e-dk-solo /data
    dk_view dk e2e-dk-solo /data >"$d/solo.docker"
    if ! "$MIGRATE" data e2e-dk-solo --docker /usr/bin/docker --mode rootless --rootless-user "$E2E_USER" \
        --script "$script" --state "$WORK/dk-state-rootless" >/dev/null 2>"$d/solo.err"; then
        fail "$name: migrate data --script" "failed" "$d/solo.err"
        return
    fi
    CONTAINERS_CONF=$E2E_ROOTLESS_CONTAINERS_CONF dk_script "$name: migration script (rootless $E2E_USER)" \
        "$script" "$d/solo.log" --stop || return
    e2e_rootless_podman start e2e-dk-solo >/dev/null 2>"$d/solo.start" ||
        fail "$name: container starts" "podman start failed" "$d/solo.start"
    dk_view e2e_rootless_podman e2e-dk-solo /data >"$d/solo.podman" 2>&1
    dk_compare "$name: volume byte-identical with owners, modes, links (container's view)" "$d/solo.docker" "$d/solo.podman"
    if e2e_rootless_podman exec e2e-dk-solo sh -c 'cat /data/private && echo x > /data/new' >"$d/solo.rw" 2>&1; then
        case_pass "$name: the container's user reads and writes its migrated files"
    else
        fail "$name: container user reads and writes" "failed" "$d/solo.rw"
    fi
    local owner
    owner=$(stat -c %u "$(e2e_rootless_podman volume inspect --format '{{.Mountpoint}}' e2e-dk-solodata)/greeting")
    local sub
    sub=$(awk -F: -v u="$E2E_USER" '$1 == u { print $2 }' /etc/subuid | head -1)
    if [ "$owner" = "$((sub + 999))" ]; then
        case_pass "$name: on the host the files belong to $E2E_USER's subordinate uid $owner"
    else
        fail "$name: host owner" "greeting owned by $owner, expected $((sub + 999))"
    fi
    e2e_rootless_rm e2e-dk-solo >/dev/null 2>&1
    e2e_rootless_podman volume rm -f e2e-dk-solodata >/dev/null 2>&1
}

# A fresh podman side for the compose project, up to where the script can run whole: the project
# created by podman-compose on the script's volume (the first, partial run makes it), the state gone.
dk_reset_compose() {
    (cd "$DK_COMPOSE_DIR" && e2e_compose -p e2e-dk down -v) >/dev/null 2>&1
    e2e_podman volume rm -f e2e-dk_appdata >/dev/null 2>&1
    rm -rf "$WORK/dk-state-compose"
    bash "$DK_COMPOSE_SCRIPT" >/dev/null 2>&1
    (cd "$DK_COMPOSE_DIR" && e2e_compose -p e2e-dk up --no-start) >/dev/null 2>&1
    rm -rf "$WORK/dk-state-compose"
}

# A compose project under docker-compose 1.29, moved to podman-compose.
docker_compose_project() {
    local d=$1/compose name="docker host compose" script=$1/move-compose.sh
    mkdir -p "$d"
    cat >"$d/docker-compose.yml" <<EOF
version: "3.7"
services:
  app:
    image: $DK_IMAGE
    command: sleep 100000
    user: "1000:1000"
    restart: unless-stopped
    environment:
      MODE: compose
    volumes:
      - appdata:/data
volumes:
  appdata: {}
EOF
    if ! (cd "$d" && docker-compose -p e2e-dk up -d) >"$d/up.log" 2>&1; then
        fail "$name: docker-compose up" "failed" "$d/up.log"
        return
    fi
    if (cd "$d" && "$MIGRATE" capture --docker /usr/bin/docker --drift docker-compose.yml) >"$d/drift.txt" 2>&1 &&
        grep -q '^no drift' "$d/drift.txt" &&
        sed 's/MODE: compose/MODE: changed/' "$d/docker-compose.yml" >"$d/changed.yml" &&
        ! (cd "$d" && "$MIGRATE" capture --docker /usr/bin/docker --drift changed.yml) >"$d/drift2.txt" 2>&1 &&
        grep -q 'environment MODE: declared changed, running compose' "$d/drift2.txt"; then
        case_pass "$name: --drift: no drift on the file brought up, the changed value on an edited copy (exit 1)"
    else
        cat "$d/drift2.txt" >>"$d/drift.txt" 2>/dev/null
        fail "$name: --drift" "unexpected report" "$d/drift.txt"
    fi
    local c
    c=$(dk ps -q --filter label=com.docker.compose.project=e2e-dk | head -1)
    dk_fill "$c" /data
    dk_view dk "$c" /data >"$d/app.docker"
    if ! "$MIGRATE" data "$c" --docker /usr/bin/docker --target bookworm --script "$script" \
        --state "$WORK/dk-state-compose" >"$d/inventory" 2>"$d/data.err"; then
        fail "$name: migrate data --script" "failed" "$d/data.err"
        return
    fi
    grep -q 'compose e2e-dk' "$d/inventory" && case_pass "$name: inventory names the compose project" ||
        fail "$name: inventory" "no compose project" "$d/inventory"
    if ! bash "$script" --stop >"$d/first.log" 2>&1 && grep -q 'podman-compose up --no-start' "$d/first.log" &&
        e2e_podman volume exists e2e-dk_appdata; then
        case_pass "$name: first run moves image and volume, then asks for podman-compose up --no-start"
    else
        fail "$name: first run" "unexpected" "$d/first.log"
    fi
    # The data holds uid 1234: the script said which user namespace size the service needs.
    if "$MIGRATE" convert --target bookworm --write "$d/docker-compose.yml" 2>"$d/convert.err" &&
        grep -q 'userns_mode: "auto:size=2048"' "$d/first.log" &&
        sed -i 's/userns_mode: auto$/userns_mode: "auto:size=2048"/' "$d/docker-compose.yml" &&
        grep -q 'userns_mode: "auto:size=2048"' "$d/docker-compose.yml" &&
        (cd "$d" && e2e_compose -p e2e-dk up --no-start) >"$d/pc.log" 2>&1; then
        case_pass "$name: converted compose file created by podman-compose"
    else
        fail "$name: podman-compose up --no-start" "failed" "$d/pc.log"
        return
    fi
    dk_script "$name: rerun fills the volume in the project's container" "$script" "$d/second.log" || return
    DK_COMPOSE_DIR=$d DK_COMPOSE_SCRIPT=$script dk_kill_trials "$name" "$script" dk_reset_compose
    (cd "$d" && e2e_compose -p e2e-dk up -d) >>"$d/pc.log" 2>&1
    local pc settings
    pc=$(e2e_podman ps -a --filter label=com.docker.compose.project=e2e-dk --format '{{.Names}}' | head -1)
    settings=$(e2e_podman inspect "$pc" --format '{{.Config.User}}|{{range .Config.Env}}{{.}};{{end}}|{{json .HostConfig.IDMappings}}' 2>&1)
    if [[ $settings == 1000:1000\|*MODE=compose\;*\|*'"UidMap":["0:'*':2048"]'* ]]; then
        case_pass "$name: podman inspect shows the service's user, environment and a 2048-ID user namespace"
    else
        fail "$name: settings carried over" "$settings"
    fi
    dk_view e2e_podman "$pc" /data >"$d/app.podman" 2>&1
    dk_compare "$name: volume byte-identical under podman-compose (container's view)" "$d/app.docker" "$d/app.podman"
    if e2e_podman exec "$pc" sh -c 'cat /data/private && echo x > /data/new' >"$d/rw" 2>&1; then
        case_pass "$name: the service's user reads and writes its migrated files"
    else
        fail "$name: service user reads and writes" "failed" "$d/rw"
    fi
    (cd "$d" && e2e_compose -p e2e-dk down -v) >/dev/null 2>&1
    (cd "$d" && docker-compose -p e2e-dk down) >/dev/null 2>&1
}

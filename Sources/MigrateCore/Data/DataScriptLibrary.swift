/// The fixed part of the script `migrate data` generates: the step runner, the manifest, and the moves of an
/// image, a volume and a bind folder's owners. The generated part (`DataScript`) calls these with the
/// inventory's names; everything here is plain bash and the GNU tools of any Linux host (tar, find, awk,
/// sha256sum), so the script runs where `migrate` is not installed.
enum DataScriptLibrary {
  static let text = #"""
    say() { printf 'migrate-data: %s\n' "$*" >&2; }
    die() {
        say "error: $*"
        say "nothing of Docker's was changed; fix the cause and run $0 again: finished steps are skipped"
        exit 1
    }

    docker_() { "$DOCKER" "$@"; }
    podman_() {
        if [ -n "$PODMAN_USER" ] && [ "$(id -u)" = 0 ]; then
            local home uid
            home=$(getent passwd "$PODMAN_USER" | cut -d: -f6)
            uid=$(id -u "$PODMAN_USER")
            (cd / && runuser -u "$PODMAN_USER" -- env HOME="$home" USER="$PODMAN_USER" LOGNAME="$PODMAN_USER" \
                XDG_RUNTIME_DIR="/run/user/$uid" "$PODMAN" "$@")
        else
            "$PODMAN" "$@"
        fi
    }
    # Runs a command where the target's files are seen with the container's IDs: as root for root podman,
    # inside the user's namespace (podman unshare) for rootless podman.
    target_() {
        if [ -n "$PODMAN_USER" ]; then podman_ unshare "$@"; else "$@"; fi
    }

    STEP=0
    # step ID DESCRIPTION COMMAND...: runs COMMAND unless the step is marked done; marks it done after.
    step() {
        local id=$1 what=$2
        shift 2
        STEP=$((STEP + 1))
        if [ -e "$STATE/done/$id" ]; then
            say "[$STEP/$TOTAL] done before: $what"
            return 0
        fi
        if [ "$ACTION" != migrate ]; then
            say "[$STEP/$TOTAL] $([ "$ACTION" = status ] && echo pending || echo would run): $what"
            return 0
        fi
        say "[$STEP/$TOTAL] $what"
        "$@"
        : > "$STATE/done/$id.partial"
        mv -f "$STATE/done/$id.partial" "$STATE/done/$id"
    }

    # manifest DIR [UID_OFFSET GID_OFFSET]: one line per entry (type, mode, owner less the offsets, size,
    # links and modification time of files, path, link target), then the SHA-256 of every file. Two trees
    # with the same manifest hold the same bytes, owners, modes, links and set-ID bits.
    manifest() {
        local dir=$1 uo=${2:-0} go=${3:-0}
        (cd "$dir" && find . -xdev -printf '%y %#m %U %G %s %n %Ts\t%P\t%l\n') |
            awk -F '\t' -v uo="$uo" -v go="$go" '{
                split($1, a, " ")
                if (a[1] != "f") { a[5] = "-"; a[6] = "-"; a[7] = "-" }
                printf "%s %s %.0f %.0f %s %s %s\t%s\n", a[1], a[2], a[3] - uo, a[4] - go, a[5], a[6], a[7],
                    substr($0, length($1) + 2)
            }' | sort
        (cd "$dir" && find . -xdev -type f -print0 | sort -z | xargs -0r sha256sum)
    }
    MANIFEST_FUNCTION=$(declare -f manifest)

    # same_or_die WHAT EXPECTED_FILE ACTUAL_FILE
    same_or_die() {
        if ! cmp -s "$2" "$3"; then
            say "$1: the copy differs from the original; first differences (< original, > copy):"
            diff "$2" "$3" | head -20 >&2 || true
            die "$1: copy does not match"
        fi
    }

    check_tools() {
        local tool
        for tool in "$DOCKER" "$PODMAN" tar find awk sort xargs sha256sum cmp diff; do
            command -v "$tool" > /dev/null || die "$tool is not installed"
        done
        if [ -n "$PODMAN_USER" ]; then
            id -u "$PODMAN_USER" > /dev/null 2>&1 || die "user $PODMAN_USER (PODMAN_USER) does not exist"
        fi
        [ "$ACTION" = migrate ] || return 0
        mkdir -p "$STATE/done" "$STATE/stage" "$STATE/binds"
        chmod 700 "$STATE"
    }

    # source_container NAME ID: the Docker container is still the one captured.
    source_container() {
        local id
        id=$(docker_ inspect --type container --format '{{.Id}}' "$1" 2> /dev/null) ||
            die "Docker container $1 is gone (docker ps -a does not list it)"
        [ "$id" = "$2" ] || die "Docker container $1 is now ${id:0:12}, not the ${2:0:12} this script was made for; run migrate data again"
    }

    # stopped NAME: a container whose volumes are copied must not run (its files could change meanwhile).
    stopped() {
        [ "$(docker_ inspect --type container --format '{{.State.Running}}' "$1")" = true ] || return 0
        if [ "$STOP" = 1 ] && [ "$ACTION" = migrate ]; then
            say "stopping Docker container $1 (docker start $1 starts it again)"
            docker_ stop "$1" > /dev/null
        elif [ "$STOP" = 1 ]; then
            say "would stop Docker container $1"
        else
            die "Docker container $1 is running: its volumes could change while they are copied; stop it (docker stop $1) or run with --stop"
        fi
    }

    # move_image ID DIGEST TAG...: docker save | podman load (or podman pull by digest with --pull), then
    # the image's ID under podman must be Docker's.
    move_image() {
        local id=$1 digest=$2 got
        shift 2
        if [ "$PULL" = 1 ] && [ -n "$digest" ] && podman_ pull -q "$digest" > /dev/null 2>&1; then
            for tag; do podman_ tag "$digest" "$tag"; done
        else
            if [ "$#" = 0 ]; then set -- "$id"; fi
            docker_ save "$@" | podman_ load -q > /dev/null
        fi
        got=$(podman_ image inspect --format '{{.Id}}' "${1:-$id}")
        [ "sha256:${got#sha256:}" = "$id" ] || die "image ${1:-$id} is ${got:0:19} under podman, not Docker's ${id:0:19}"
    }

    # create_volume NAME [--label KEY=VALUE...]: a podman volume of ours; one that exists and is not ours is refused.
    create_volume() {
        local name=$1 owner
        shift
        if podman_ volume exists "$name"; then
            owner=$(podman_ volume inspect --format '{{index .Labels "io.migrate.data"}}' "$name")
            [ "$owner" = "$ID" ] || die "a podman volume $name exists and was not made by this script; it is left alone: remove or rename it, then run $0 again"
            return 0
        fi
        podman_ volume create --label "io.migrate.data=$ID" "$@" "$name" > /dev/null
    }

    # stage_volume NAME CONTAINER DESTINATION DOCKER_MOUNTPOINT: the volume's files as the container sees
    # them (docker cp streams them with numeric owners, modes, links), into the state folder; checked against
    # Docker's own folder where this host can read it.
    stage_volume() {
        local name=$1 dir="$STATE/stage/$1"
        rm -rf "$dir" "$dir.partial" "$dir.manifest"
        mkdir -p "$dir.partial"
        docker_ cp "$2:$3/." - | tar -C "$dir.partial" -xpf - --numeric-owner
        manifest "$dir.partial" > "$dir.manifest.partial"
        if [ -d "$4" ] && [ -r "$4" ]; then
            manifest "$4" > "$dir.docker"
            same_or_die "volume $name (docker cp against Docker's folder $4)" "$dir.docker" "$dir.manifest.partial"
            rm -f "$dir.docker"
        fi
        say "  $(du -sh "$dir.partial" | cut -f1) in $(wc -l < "$dir.manifest.partial") manifest lines"
        mv "$dir.manifest.partial" "$dir.manifest"
        mv "$dir.partial" "$dir"
    }

    # id_offset CONTAINER Uid|Gid: prints "OFFSET SIZE" for the container's user namespace ("0 0" for none).
    id_offset() {
        local json map=""
        json=$(podman_ container inspect --format '{{json .HostConfig.IDMappings}}' "$1")
        if [[ $json =~ \"${2}Map\":\[([^]]*)\] ]]; then map=${BASH_REMATCH[1]}; fi
        case $map in
        '') echo "0 0" ;;
        *,*) die "container $1 maps its IDs in several ranges ($map); this script shifts into one range only" ;;
        '"0:'*':'*'"')
            map=${map#'"0:'}
            map=${map%'"'}
            echo "${map%%:*} ${map#*:}"
            ;;
        *) die "container $1 maps its IDs as $map; this script shifts only a mapping that starts at ID 0" ;;
        esac
    }

    # fill_volume NAME PODMAN_CONTAINER...: the staged files into the podman volume, owners shifted into the
    # user namespace the containers run in, then the copy is checked against the stage, shift undone.
    fill_volume() {
        local name=$1 dir="$STATE/stage/$1" uo go us gs first="" c mapping uidmap gidmap maxid mount
        shift
        for c; do
            uidmap=$(id_offset "$c" Uid)
            gidmap=$(id_offset "$c" Gid)
            mapping="$uidmap $gidmap"
            if [ -z "$first" ]; then
                first=$mapping
            elif [ "$mapping" != "$first" ]; then
                die "volume $name is used by containers in different user namespaces ($*): under --userns=auto each container has its own IDs, so one set of files cannot belong to all of them; give them one --userns (the same --uidmap/--gidmap), or one volume each (MG140)"
            fi
        done
        read -r uo us go gs <<< "$first"
        # podman gives a new volume's top folder to the first container that mounts it (owner, and the mode of
        # the image's folder) and copies the image's files in: let that happen now, by initializing the
        # containers (mounted, not started), so that it does not change the copy afterwards.
        for c; do
            case $(podman_ container inspect --format '{{.State.Status}}' "$c") in
            created | configured)
                # An init killed half-way leaves the runtime's state behind ("container with given ID already
                # exists"); podman's cleanup removes it, and the init is tried once more.
                if ! podman_ init "$c" > /dev/null 2>&1; then
                    podman_ container cleanup "$c" > /dev/null 2>&1 || true
                    podman_ init "$c" > /dev/null
                fi
                ;;
            esac
        done
        if [ -n "$PODMAN_USER" ]; then
            uo=0 go=0 us=65536 gs=65536
        fi
        maxid=$(find "$dir" -xdev -printf '%U\n%G\n' | sort -n | tail -1)
        if [ "$us" != 0 ] && { [ "$maxid" -ge "$us" ] || [ "$maxid" -ge "$gs" ]; }; then
            die "volume $name has files owned by ID $maxid, outside the $us IDs container $1 maps; create it with --userns=auto:size=$(((maxid / 1024 + 1) * 1024)) (podman rm $1, edit its line in this script, run again)"
        fi
        # Only a volume this script made is emptied, and only its own folder.
        [ "$(podman_ volume inspect --format '{{index .Labels "io.migrate.data"}}' "$name")" = "$ID" ] ||
            die "podman volume $name is no longer the one this script made; it is left alone"
        mount=$(podman_ volume inspect --format '{{.Mountpoint}}' "$name")
        case $mount in
        /*/"$name"/_data) ;;
        *) die "podman volume $name is at $mount, not in a volume folder of its own; it is left alone" ;;
        esac
        target_ find "$mount" -mindepth 1 -delete
        if [ "$uo" = 0 ] && [ "$go" = 0 ]; then
            tar -C "$dir" -cf - --numeric-owner . | target_ tar -C "$mount" -xpf - --numeric-owner
        else
            find "$dir" -xdev -printf '%U\n' | sort -un | awk -v o="$uo" '{ printf "+%d +%.0f\n", $1, $1 + o }' > "$dir.uidmap"
            find "$dir" -xdev -printf '%G\n' | sort -un | awk -v o="$go" '{ printf "+%d +%.0f\n", $1, $1 + o }' > "$dir.gidmap"
            tar -C "$dir" -cf - --numeric-owner --owner-map="$dir.uidmap" --group-map="$dir.gidmap" . |
                tar -C "$mount" -xpf - --numeric-owner
        fi
        if [ -z "$PODMAN_USER" ] && command -v selinuxenabled > /dev/null && selinuxenabled; then
            chcon -R -t container_file_t "$mount"
        fi
        target_ bash -c "$MANIFEST_FUNCTION"'; manifest "$@"' manifest "$mount" "$uo" "$go" > "$dir.copied"
        same_or_die "volume $name (podman's copy against the stage)" "$dir.manifest" "$dir.copied"
        say "  volume $name: $(wc -l < "$dir.manifest") manifest lines match; owners shifted by $uo:$go"
    }

    # container_exists NAME [COMPOSE_PROJECT COMPOSE_SERVICE]: prints the podman container that stands for
    # a Docker container: ours by name, or the one podman-compose made for the same project and service.
    podman_container() {
        if [ "$#" = 1 ]; then
            podman_ container exists "$1" && echo "$1"
            return 0
        fi
        podman_ ps -a --filter "label=com.docker.compose.project=$2" --filter "label=com.docker.compose.service=$3" \
            --format '{{.Names}}' | head -1
    }

    # half_created NAME STEP: a podman create killed half-way can leave the name taken in podman's storage
    # with no container podman knows; when this script had started that very step, the leftover is its own
    # and is removed (podman rm --force removes storage-only containers), else the run stops.
    half_created() {
        if podman_ container exists --external "$1"; then
            [ -e "$STATE/done/$2.started" ] ||
                die "podman's storage holds a container named $1 that podman does not manage (another tool's?); it is left alone: remove it (podman rm --force $1), then run $0 again"
            say "  removing the half-created container $1 a killed run left in podman's storage"
            podman_ rm --force "$1" > /dev/null
        fi
        : > "$STATE/done/$2.started"
    }

    # ours_or_die NAME: a podman container that exists must have been created by this script.
    ours_or_die() {
        local owner
        owner=$(podman_ container inspect --format '{{index .Config.Labels "io.migrate.data"}}' "$1")
        [ "$owner" = "$ID" ] || die "a podman container $1 exists and was not created by this script; it is left alone: remove or rename it, then run $0 again"
    }

    # compose_or_die DOCKER_NAME PROJECT SERVICE [USERNS_SIZE]
    compose_or_die() {
        local size=""
        if [ -n "${4:-}" ] && [ -z "$PODMAN_USER" ]; then
            size="; its volumes hold IDs up to $(($4 - 1)), so give the service userns_mode: \"auto:size=$4\" (podman maps 1024 IDs by default)"
        fi
        [ -n "$(podman_container "$1" "$2" "$3")" ] ||
            die "no podman container for compose project $2 service $3 (Docker's $1) yet: convert the compose file (migrate convert --write compose.yml)$size, create the project without starting it (podman-compose up --no-start), then run $0 again"
    }

    # record_owners INDEX PATH: the owners and modes under a bind folder, before podman's :U could chown it;
    # recorded once (the first record is Docker's), for restore-owners.
    record_owners() {
        local file="$STATE/binds/$1.owners"
        [ -e "$file" ] && return 0
        [ -e "$2" ] || return 0
        find "$2" -xdev -printf '%U:%G %#m %p\0' > "$file.partial"
        mv "$file.partial" "$file"
    }

    restore_owners() {
        local file record owner rest mode path count=0
        for file in "$STATE"/binds/*.owners; do
            [ -e "$file" ] || continue
            while IFS= read -r -d '' record; do
                owner=${record%% *}
                rest=${record#* }
                mode=${rest%% *}
                path=${rest#* }
                [ -e "$path" ] || [ -L "$path" ] || continue
                chown -h "$owner" "$path"
                [ -L "$path" ] || chmod "$mode" "$path"
                count=$((count + 1))
            done < "$file"
        done
        say "restored the owners and modes of $count entries in bind folders"
    }

    """#
}

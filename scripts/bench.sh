#!/usr/bin/env bash
# Benchmarks of a release build (Swift runtime linked statically), printed in one run (docs/benchmarks.md records them):
#   1. migrate batch over a synthetic git repository (about 2% of files use docker, plus the real corpus)
#      next to `rg -l docker` and `git ls-files -z | xargs -0 cat` over the same tree, at 20k and 80k files;
#   2. migrate convert of compose files with 1k/4k/16k services and scripts with 1k/4k/16k run lines;
#   3. the median of 21 runs of `migrate --version` and of converting a 20-line compose file.
# Wall time and peak memory come from /usr/bin/time; the page cache is warm; the figures of 1 and 2 are the
# median of BENCH_RUNS runs (default 3). Usage:
#   scripts/bench.sh [batch] [convert] [startup]      (default: all three)
# Environment: BENCH_DIR (scratch, default /tmp/migrate-bench), BENCH_FILES (default "20000 80000"),
# BENCH_SIZES (default "1000 4000 16000").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
command -v rg >/dev/null || { apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null; }
# The Swift runtime and Foundation linked in (as a shipped binary is): a dynamically linked one spends about
# 5 ms of every start in the loader.
swift build -c release -q --static-swift-stdlib
bin=$PWD/.build/release/migrate
work=${BENCH_DIR:-/tmp/migrate-bench}
mkdir -p "$work"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(batch convert startup)

# measure CMD...: "wall_seconds peak_kb": the median wall time of BENCH_RUNS runs (default 3; output
# discarded) and the largest peak memory. One run on a shared 2-core machine can be off by 20%.
measure() {
    local run=0
    : >"$work/times"
    while [ "$run" -lt "${BENCH_RUNS:-3}" ]; do
        run=$((run + 1))
        /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1 || true
        cat "$work/time" >>"$work/times"
    done
    sort -n "$work/times" | awk '{ wall[NR] = $1; if ($2 > kb) kb = $2 } END { print wall[int((NR + 1) / 2)], kb }'
}

batch() {
    printf '\n== batch (warm cache) ==\n'
    printf '%-8s %-22s %8s %9s %8s %9s %7s\n' files tool wall_s files/s MB/s peak_MB ratio
    local n repo files mb rg_wall wall kb first_wall=""
    for n in ${BENCH_FILES:-20000 80000}; do
        repo="$work/repo-$n"
        if [ ! -d "$repo/.git" ]; then
            rm -rf "$repo"
            python3 scripts/gen_repo.py "$repo" "$n" ../shared/corpus
            git -C "$repo" init -q
            git -C "$repo" add -A
            git -C "$repo" -c user.name=bench -c user.email=bench@example.org commit -qm bench
        fi
        files=$(git -C "$repo" ls-files | wc -l)
        mb=$(du -sm --exclude=.git "$repo" | cut -f1)
        git -C "$repo" ls-files -z | (cd "$repo" && xargs -0 cat) >/dev/null
        rg -l docker "$repo" >/dev/null || true
        read -r rg_wall rg_kb < <(measure rg -l docker "$repo")
        read -r cat_wall cat_kb < <(measure sh -c "cd '$repo' && git ls-files -z | xargs -0 cat")
        "$bin" batch "$repo" >/dev/null 2>&1 || true
        read -r wall kb < <(measure "$bin" batch "$repo")
        for row in "rg_-l_docker $rg_wall $rg_kb" "git_ls-files|xargs_cat $cat_wall $cat_kb" "migrate_batch $wall $kb"; do
            # shellcheck disable=SC2086
            set -- $row
            awk -v n="$files" -v mb="$mb" -v tool="${1//_/ }" -v wall="$2" -v kb="$3" -v rg="$rg_wall" 'BEGIN {
                w = (wall > 0 ? wall : 0.001)
                printf "%-8d %-22s %8.2f %9.0f %8.1f %9.1f %7.2f\n", n, tool, wall, n / w, mb / w, kb / 1024, w / (rg > 0 ? rg : 0.001)
            }'
        done
        if [ -z "$first_wall" ]; then first_wall=$wall; else
            awk -v a="$first_wall" -v b="$wall" 'BEGIN { printf "batch time ratio, largest to smallest: %.2f\n", b / (a > 0 ? a : 0.001) }'
        fi
    done
}

convert() {
    printf '\n== convert (one file) ==\n'
    printf '%-34s %10s %8s %9s\n' input bytes wall_s peak_MB
    local n f prev="" kind
    for kind in compose script; do
        prev=""
        for n in ${BENCH_SIZES:-1000 4000 16000}; do
            if [ "$kind" = compose ]; then
                f=$work/compose-$n.yml
                [ -e "$f" ] || python3 - "$f" "$n" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("services:\n")
    for i in range(n):
        f.write(f"  s{i}:\n    image: nginx\n    ports:\n      - \"{10000 + i % 50000}:80\"\n"
                f"    volumes:\n      - v{i}:/data\n      - ./d{i}:/srv\n    restart: unless-stopped\n")
    f.write("volumes:\n" + "".join(f"  v{i}: {{}}\n" for i in range(n)))
EOF
            else
                f=$work/script-$n.sh
                [ -e "$f" ] || python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('#!/bin/sh\n' + ''.join(f'docker run -d -v vol{i}:/data -p {10000 + i % 50000}:80 nginx\n' for i in range(int(sys.argv[2]))))
" "$f" "$n"
            fi
            read -r wall kb < <(measure "$bin" convert "$f")
            printf '%-34s %10d %8.2f %9.1f' "$kind, $n $([ "$kind" = compose ] && echo services || echo run lines)" \
                "$(stat -c %s "$f")" "$wall" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
            [ -z "$prev" ] || awk -v a="$prev" -v b="$wall" 'BEGIN { printf "   %.2fx the previous size'"'"'s time", b / (a > 0 ? a : 0.001) }'
            printf '\n'
            prev=$wall
        done
    done
}

# median_ms CMD...: the median wall time of 21 runs, in milliseconds.
median_ms() {
    local t0 t1
    for _ in $(seq 21); do
        t0=$EPOCHREALTIME
        "$@" >/dev/null 2>&1 || true
        t1=$EPOCHREALTIME
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
    done | sort -n | sed -n 11p
}

startup() {
    printf '\n== startup (median of 21) ==\n'
    local f=$work/compose-20.yml
    printf 'services:\n  web:\n    image: nginx:1.25\n    ports:\n      - "8080:80"\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n      - data:/data\n    restart: unless-stopped\n    environment:\n      MODE: prod\n  db:\n    image: postgres:16\n    volumes:\n      - db:/var/lib/postgresql/data\nvolumes:\n  data: {}\n  db: {}\n' >"$f"
    printf 'migrate --version            %5s ms\n' "$(median_ms "$bin" --version)"
    printf 'migrate convert (20 lines)   %5s ms\n' "$(median_ms "$bin" convert "$f")"
}

for part in "${parts[@]}"; do "$part"; done

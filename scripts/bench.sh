#!/usr/bin/env bash
# Batch benchmark: migrate batch over a synthetic repository (about 2% of files use docker, plus the real
# corpus) next to `rg -l docker` over the same tree, at 20k and 80k files. Prints files/s, MB/s and peak
# memory; the figures go into docs/benchmarks.md by hand. Usage: scripts/bench.sh [counts...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
command -v rg >/dev/null || { apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null; }
swift build -c release -q
bin=.build/release/migrate
work=${BENCH_DIR:-/tmp/migrate-bench}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(20000 80000)
printf '%-8s %-10s %9s %9s %9s %10s %9s\n' files tool wall_s files/s MB/s peak_MB ratio
for n in "${counts[@]}"; do
  repo="$work/repo-$n"
  python3 scripts/gen_repo.py "$repo" "$n" ../shared/corpus
  files=$(find "$repo" -type f | wc -l)
  mb=$(du -sm "$repo" | cut -f1)
  # Warm the page cache so both tools read from memory.
  cat $(find "$repo" -type f) > /dev/null 2>&1 || true
  measure() {
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null 2>&1 || true
    read -r wall kb < "$work/time"
    echo "$wall $kb"
  }
  read -r rg_wall rg_kb < <(measure rg -l docker "$repo")
  read -r mg_wall mg_kb < <(measure "$bin" batch "$repo")
  for row in "rg $rg_wall $rg_kb" "migrate $mg_wall $mg_kb"; do
    set -- $row
    awk -v n="$files" -v mb="$mb" -v tool="$1" -v wall="$2" -v kb="$3" -v rg="$rg_wall" 'BEGIN {
      w = (wall > 0 ? wall : 0.001)
      printf "%-8d %-10s %9.2f %9.0f %9.1f %10.1f %9.2f\n", n, tool, wall, n / w, mb / w, kb / 1024, w / (rg > 0 ? rg : 0.001)
    }'
  done
done

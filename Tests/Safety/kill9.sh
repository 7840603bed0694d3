#!/usr/bin/env bash
# kill -9 during `migrate batch --write`, at random points, TRIALS times (default 20). After each kill every file
# must be byte-identical to its original or to its fully converted form (from a clean run), keep its mode bits,
# and no temporary file (.NAME.migrate-XXXXXX) may be left. Prints `kill9: N passed, N failed`; exits 1 on a
# failure. MIGRATE names the binary (default: .build/debug/migrate).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
migrate=${MIGRATE:-$here/.build/debug/migrate}
trials=${TRIALS:-20}
[ -x "$migrate" ] || { echo "kill9: no migrate binary at $migrate (run swift build)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/migrate-kill9.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The tree: compose files, scripts and Makefiles in nested folders, with modes that a careless write loses.
modes=(644 755 600 640 4755 2755 6755 1755 700 664)
mkdir -p "$work/original"
for i in $(seq 1 100); do
  dir="$work/original/app$((i % 7))/svc$((i % 5))"
  mkdir -p "$dir"
  {
    echo "services:"
    for s in $(seq 1 10); do
      printf '  s%d:\n    image: nginx:1.%d\n    restart: unless-stopped\n    volumes:\n      - ./d%d:/d\n' "$s" "$s" "$s"
    done
  } >"$dir/compose-$i.yml"
  printf '#!/bin/sh\nset -e\ndocker run -d --name web%d -p 80%02d:80 nginx\ndocker ps\n' "$i" "$((i % 100))" >"$dir/deploy-$i.sh"
  printf 'up:\n\tdocker compose up -d\n' >"$dir/Makefile"
  printf 'not docker related %d\n' "$i" >"$dir/notes-$i.txt"
  chmod "${modes[$((i % ${#modes[@]}))]}" "$dir/compose-$i.yml"
  chmod "${modes[$(((i + 3) % ${#modes[@]}))]}" "$dir/deploy-$i.sh"
done

# What a complete run writes.
cp -a "$work/original" "$work/expected"
start=$(date +%s%N)
"$migrate" batch --write "$work/expected" >/dev/null 2>&1 || { echo "kill9: the clean run failed" >&2; exit 2; }
duration_ms=$((($(date +%s%N) - start) / 1000000))
[ "$duration_ms" -ge 1 ] || duration_ms=1
changed=$(cd "$work" && { diff -rq original expected || true; } | wc -l)
[ "$changed" -gt 0 ] || { echo "kill9: the clean run changed nothing" >&2; exit 2; }

# path → hash, and path → mode:owner:group, each in one pass (a process per file would take minutes).
hashes() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
modes() { (cd "$1" && find . -type f -printf '%P %m:%U:%G\n' | sort); }
hashes "$work/original" >"$work/original.sums"
hashes "$work/expected" >"$work/expected.sums"
modes "$work/original" >"$work/original.modes"
passed=0
failed=0
for trial in $(seq 1 "$trials"); do
  copy="$work/trial"
  rm -rf "$copy"
  cp -a "$work/original" "$copy"
  "$migrate" batch --write --jobs 2 "$copy" >/dev/null 2>&1 &
  pid=$!
  # Anywhere from start-up to the end of the run.
  delay_ms=$((RANDOM % (duration_ms + 1)))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  problems=()
  while IFS= read -r leftover; do problems+=("leftover temporary file $leftover"); done \
    < <(cd "$copy" && find . -name '.*.migrate-*')
  hashes "$copy" >"$work/trial.sums"
  # Each file's hash must be its original's or its converted form's; every file must still be there.
  while IFS= read -r line; do problems+=("$line"); done < <(
    awk 'FILENAME == ARGV[1] { original[$2] = $1; next }
         FILENAME == ARGV[2] { expected[$2] = $1; next }
         { seen[$2] = 1
           if (!($2 in original)) print $2 " is new"
           else if ($1 != original[$2] && $1 != expected[$2]) print $2 " is neither the original nor the converted file" }
         END { for (path in original) if (!(path in seen)) print path " is missing" }' \
      "$work/original.sums" "$work/expected.sums" "$work/trial.sums")
  while IFS= read -r line; do problems+=("mode or owner changed: $line"); done < <(
    modes "$copy" | diff "$work/original.modes" - | grep '^[<>]' || true)
  written=$(awk 'FILENAME == ARGV[1] { original[$2] = $1; next } $1 != original[$2] { n++ } END { print n + 0 }' \
    "$work/original.sums" "$work/trial.sums")
  if [ ${#problems[@]} -eq 0 ]; then
    passed=$((passed + 1))
    echo "trial $trial: killed after ${delay_ms} ms, $written files already written: ok"
  else
    failed=$((failed + 1))
    echo "trial $trial: killed after ${delay_ms} ms: FAILED"
    printf '  %s\n' "${problems[@]}"
  fi
done
echo "kill9: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

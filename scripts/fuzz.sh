#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser and of whole conversions (libFuzzer + ASan), see docs/fuzzing.md.
#   scripts/fuzz.sh [TARGET...]          (default: every target)
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_JOBS (parallel targets, default 2), FUZZ_DIR
# (corpora, findings and figures; default .fuzz). FUZZ_RUNS=N instead runs N executions per target from a
# fixed seed (`-seed=1`): with a fresh FUZZ_DIR the run is the same every time (CI uses it). Each target's corpus starts from the fixtures its inputs look
# like plus fixtures/fuzz/TARGET (inputs that once failed); executions add up in FUZZ_DIR/executions.tsv.
# Exit status 1 when a target found a crash, a hang or a broken oracle: the input is in FUZZ_DIR/found/TARGET/;
# replay it with `swift run migrate-fuzz TARGET FILE` and add it to fixtures/fuzz/TARGET/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
dir=${FUZZ_DIR:-.fuzz}
# lld: gold stops with an internal error on the sanitized objects.
swift build -c release -q --product migrate-fuzz --build-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DMIGRATE_FUZZ -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
bin=.build-fuzz/release/migrate-fuzz
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then mapfile -t targets < <("$bin" targets); fi
mkdir -p "$dir"
touch "$dir/executions.tsv"
# The crash handler of the Swift runtime trips ASan itself; leaks of process-lifetime globals are not bugs.
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:abort_on_error=1

run_target() {
    local target=$1 corpus="$dir/corpus/$1" found="$dir/found/$1" log="$dir/log/$1.log" pattern
    mkdir -p "$corpus" "$found" "$dir/log"
    while read -r pattern; do
        find fixtures -type f -name "$pattern" -size -64k -exec sh -c \
            'for f; do cp "$f" "$0/seed-$(printf %s "$f" | sha1sum | cut -c1-16)"; done' "$corpus" {} +
    done < <("$bin" seeds "$target")
    if [ -d "fixtures/fuzz/$target" ]; then cp fixtures/fuzz/"$target"/* "$corpus"/ 2>/dev/null || true; fi
    local status=0
    local bound=(-max_total_time="$seconds")
    if [ -n "${FUZZ_RUNS:-}" ]; then bound=(-runs="$FUZZ_RUNS" -seed=1); fi
    "$bin" "$target" "${bound[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$found/" -print_final_stats=1 "$corpus" >"$log" 2>&1 || status=$?
    local runs
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    printf '%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "${runs:-0}" "${bound[*]}" >>"$dir/executions.tsv"
    if [ "$status" -ne 0 ]; then
        echo "fuzz $target: FAILED (exit $status), input in $found/:" >&2
        grep -E 'migrate-fuzz|ERROR|SUMMARY|Test unit written' "$log" | head -20 >&2
        return 1
    fi
    echo "fuzz $target: ${runs:-0} executions (${bound[*]}), no failure"
}

failed=0
pids=()
for target in "${targets[@]}"; do
    run_target "$target" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
echo "executions so far (all runs, $dir/executions.tsv):"
awk -F'\t' '{ n[$2] += $3 } END { for (t in n) printf "  %-12s %12d\n", t, n[t] }' "$dir/executions.tsv" | sort
exit "$failed"

# Set-up and everyday commands; each installs what it needs first.
.PHONY: deps build demo test lint e2e bench safety fuzz

deps:
	@scripts/deps.sh

build: deps
	swift build

## Convert the bundled example: the diff migrate would apply, then the findings.
demo: deps
	swift build -q
	.build/debug/migrate convert --dry-run examples/compose.yml

test: deps
	swift test

lint:
	swift format lint --strict -r Sources Tests

## kill -9 during batch --write, 20 times: no temporary file left, every file original or converted, modes kept.
safety: deps
	swift build -q
	MIGRATE=$(CURDIR)/.build/debug/migrate bash Tests/Safety/kill9.sh

## End-to-end suite on real podman (root; installs podman and friends from Debian and PyPI if missing).
e2e: deps
	swift build -q
	MIGRATE=$(CURDIR)/.build/debug/migrate bash Tests/E2E/run.sh

bench:
	scripts/bench.sh

# Every fuzz target for FUZZ_SECONDS each (default 60); docs/fuzzing.md.
fuzz: deps
	scripts/fuzz.sh

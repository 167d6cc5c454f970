#!/usr/bin/env bash
# Install what is missing, then build and run the whole test suite in the
# given flavours (default: all three: plain -O2, ASan+UBSan, TSan).
# Prints "N passed, N failed" (test cases) and exits non-zero on failure.
# The plain flavour also checks the install (scripts/test-install.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh || exit 1
flavours=("$@")
[ ${#flavours[@]} -eq 0 ] && flavours=(plain asan tsan)

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:report_signal_unsafe=0}
# Sanitizer builds are slower: give each test more time.
mult=(--timeout-multiplier 3)

passed=0 failed=0 broken=0
for f in "${flavours[@]}"; do
	echo "=== build: $f"
	if ! dir=$(scripts/build.sh "$f"); then
		echo "build $f FAILED"
		broken=$((broken + 1))
		continue
	fi
	echo "=== tests: $f"
	meson test -C "$dir" --print-errorlogs --num-processes 2 "${mult[@]}" ||
		broken=$((broken + 1))
	log="$dir/meson-logs/testlog.txt"
	p=$(grep -cE '^ok [0-9]+' "$log")
	n=$(grep -cE '^not ok [0-9]+' "$log")
	echo "$f: $p passed, $n failed"
	passed=$((passed + p))
	failed=$((failed + n))
	# Once, on the plain build: install it and build examples/ against it.
	if [ "$f" = plain ]; then
		echo "=== docs: $f"
		ninja -C "$dir" docs || broken=$((broken + 1))
		echo "=== install: $f"
		scripts/test-install.sh "$dir" >"$dir/meson-logs/install.txt" 2>&1 ||
			broken=$((broken + 1))
		grep -A20 '^not ok' "$dir/meson-logs/install.txt" || true
		tail -1 "$dir/meson-logs/install.txt"
		p=$(grep -cE '^ok [0-9]+' "$dir/meson-logs/install.txt")
		n=$(grep -cE '^not ok [0-9]+' "$dir/meson-logs/install.txt")
		passed=$((passed + p))
		failed=$((failed + n))
	fi
done
# The fuzz targets (fuzz/), each a short fixed time on its corpus, when
# every flavour runs: a crash, a finding, or no clang/libFuzzer runtime to
# build them with, fails the run (scripts/fuzz.sh says which).
if [ $# -eq 0 ]; then
	echo "=== fuzz"
	if scripts/fuzz.sh --ci; then
		passed=$((passed + 1))
	else
		echo "fuzz FAILED"
		broken=$((broken + 1))
	fi
fi
# A test binary that crashed or a build that failed counts as a failure too.
[ "$broken" -gt 0 ] && [ "$failed" -eq 0 ] && failed=$broken
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]

#!/usr/bin/env bash
# Build the libFuzzer targets (fuzz/, -Dfuzz=true, clang with ASan+UBSan)
# and run each for the given number of seconds on its corpus.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (default 60 s, every target)
#        scripts/fuzz.sh --ci          each target a fixed short time (CI)
#        scripts/fuzz.sh --regressions replay fuzz/regressions/<target>/*
# New inputs go to build-fuzz/corpus/<target>, crashes to
# build-fuzz/artifacts/. The fuzzers run under nice (FUZZ_NICE, default 19).
# Exits non-zero if a target crashed, failed a check or cannot be built.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=(uapi platform_file)
CI_SECONDS=45	# in total, split over the targets
dir=build-fuzz
nice=${FUZZ_NICE:-19}

mode=run seconds=60
case "${1:-}" in
--ci) mode=ci; shift ;;
--regressions) mode=regressions; shift ;;
[0-9]*) seconds=$1; shift ;;
"") ;;
*) echo "usage: scripts/fuzz.sh [SECONDS|--ci|--regressions] [TARGET...]" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && TARGETS=("$@")
[ "$mode" = ci ] && seconds=$((CI_SECONDS / ${#TARGETS[@]}))

# Fail loudly when libFuzzer is missing rather than skipping the step.
if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: clang not found (scripts/deps.sh installs it)" >&2
	exit 1
fi
rt=$(clang -print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-x86_64.a
if [ ! -f "$rt" ] && ! ls "$(clang -print-resource-dir)"/lib/*/libclang_rt.fuzzer*.a >/dev/null 2>&1; then
	echo "fuzz: the libFuzzer runtime is missing ($rt): apt-get install libclang-rt-14-dev" >&2
	exit 1
fi

werror=${DMB_WERROR:-false}
[ -n "${CI:-}" ] && werror=true
if [ ! -f "$dir/build.ninja" ]; then
	CC=clang meson setup "$dir" -Dfuzz=true -Dtests=disabled \
		-Dbuildtype=debugoptimized -Db_lundef=false \
		-Dwerror="$werror" >/dev/null
fi
ninja -C "$dir" $(for t in "${TARGETS[@]}"; do echo "fuzz/fuzz_$t"; done) >&2

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
common=(-max_len=2048 -timeout=30 -rss_limit_mb=2048 -print_final_stats=1)
# CI: the same mutation sequence every time (the signal thread still races).
[ "$mode" = ci ] && common+=(-seed=1)
status=0
for t in "${TARGETS[@]}"; do
	bin=$dir/fuzz/fuzz_$t
	if [ "$mode" = regressions ]; then
		for f in fuzz/regressions/"$t"/*; do
			[ -f "$f" ] || continue
			if FUZZ_UNMASK=1 nice -n "$nice" "$bin" "${common[@]}" "$f" >/dev/null 2>&1; then
				echo "fuzz_$t: $f: passes"
			else
				echo "fuzz_$t: $f: FAILS"
				status=1
			fi
		done
		continue
	fi
	work=$dir/corpus/$t
	mkdir -p "$work" "$dir/artifacts"
	log=$dir/fuzz_$t.log
	echo "=== fuzz_$t: ${seconds}s (log: $log)"
	dict=()
	[ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
	if ! nice -n "$nice" "$bin" "${common[@]}" "${dict[@]}" -max_total_time="$seconds" \
		-artifact_prefix="$dir/artifacts/${t}-" \
		"$work" "fuzz/corpus/$t" >"$log" 2>&1; then
		status=1
		echo "fuzz_$t: FAILED; the end of $log:"
		tail -n 60 "$log"
	fi
	# The last status line and the final statistics.
	grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1 || true
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
done
exit $status

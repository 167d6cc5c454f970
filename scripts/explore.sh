#!/usr/bin/env bash
# Longer schedule exploration than CI: every race of tests/explore under
# SCHEDULES schedules (default 2000) of each strategy, on the plain build.
#   scripts/explore.sh [SCHEDULES] [RACE...]
# A failure prints the seed and schedule; replay it with
#   DMB_EXPLORE=SEED:STRATEGY:DEPTH:HORIZON build/tests/explore/<binary>
# or `dmabridge explore --replay SEED ... <binary> <race>`.
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
[ $# -gt 0 ] && shift
dir=$(scripts/build.sh plain) || exit 1
races=("$@")
[ ${#races[@]} -eq 0 ] && races=(fault_vs_zap mirror_vs_invalidate
	gup_vs_munmap pin_vs_migrate map_vs_move revoke_vs_dma)
fail=0
for r in "${races[@]}"; do
	case $r in
	map_vs_move|revoke_vs_dma) bin=test_explore_dmabuf_races ;;
	*) bin=test_explore_mm_races ;;
	esac
	for s in random pct; do
		start=$(date +%s)
		if ! DMB_EXPLORE_ONLY=$r DMB_EXPLORE_SCHEDULES=$n \
			DMB_EXPLORE_STRATEGY=$s "$dir/tests/explore/$bin" \
			2>&1 | grep -E '^# |^explore:'; then
			:
		fi
		rc=${PIPESTATUS[0]}
		echo "$r $s: exit $rc, $(( $(date +%s) - start )) s"
		[ "$rc" -ne 0 ] && fail=1
	done
done
exit $fail

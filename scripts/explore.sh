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
more=(revoke_waits_async_unmap revoke_waits_bookkeep sync_ioctl_waits
	dma_buf_poll cpu_fault_vs_move fault_waits_for_fences
	signal_vs_add_callback fence_many_waiters check_and_signal
	fence_wait_wakes sync_file_producer_consumers sync_file_poll
	resv_unlocked_iteration resv_wait_die flr_waits_for_dma
	vram_cpu_and_dma_vs_moves vram_migrate_waits ww_mutex_stress
	unbind_waits_for_dma_in_flight remove_leaving_dma_or_irq_is_reported
	gup_fast_vs_zap_and_munmap fault_same_empty_pte
	notifier_read_begin_waits notifier_remove_waits shmem_write_vs_migrate
	fence_wait_interruptible fence_wait_any drm_exec_contention
	chain_waits_forward chain_waits_backward chain_waits_random
	vram_migrations_back_to_back bind_unbind_unregister_race
	register_races_platform_create revoke_warns_and_reports_stuck_importer
	ww_mutex_rings ww_mutex_abba ww_mutex_edeadlk_only_when_holding
	ww_mutex_abuse_other_lock_after_edeadlk
	ww_mutex_unlock_wakes_every_queued_sleeper ww_mutex_interruptible
	sync_interrupted_by_send_sig)
# Bodies that poll without yielding: PCT's fixed priorities livelock them.
random_only=" resv_unlocked_iteration vram_cpu_and_dma_vs_moves shmem_write_vs_migrate "
[ ${#races[@]} -eq 0 ] && races=(fault_vs_zap mirror_vs_invalidate
	gup_vs_munmap pin_vs_migrate map_vs_move revoke_vs_dma revoke_nowait
	move_waits_for_importer_dma
	map_vs_invalidate_and_move map_vs_revoke detach_vs_invalidate
	close_vs_attach "${more[@]}")
fail=0
for r in "${races[@]}"; do
	case $r in
	map_vs_move|revoke_vs_dma|revoke_nowait|move_waits_for_importer_dma)
		bin=test_explore_dmabuf_races ;;
	map_vs_invalidate_and_move|map_vs_revoke|detach_vs_invalidate|close_vs_attach)
		bin=test_explore_dmabuf_core_races ;;
	fault_vs_zap|mirror_vs_invalidate|gup_vs_munmap|pin_vs_migrate)
		bin=test_explore_mm_races ;;
	*) bin=test_explore_more_races ;;
	esac
	strategies="random pct"
	[[ $random_only == *" $r "* ]] && strategies=random
	for s in $strategies; do
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

#!/bin/sh
# Run one libFuzzer target for a bounded time: its seed corpus is read, new
# inputs go to a scratch directory, a crash input is kept and printed.
#
# Usage: run.sh FUZZER SEED_DIR [SECONDS]
#   SECONDS defaults to $VCRYPTO_FUZZ_SECONDS, else 10. For a long run:
#   test/fuzz/run.sh build/test/fuzz/fuzz_chain test/fuzz/corpus/chain 14400
#   Crash inputs go to $VCRYPTO_FUZZ_ARTIFACTS (default: this directory).
set -eu
fuzzer=$1
seeds=$2
secs=${3:-${VCRYPTO_FUZZ_SECONDS:-10}}
artifacts=${VCRYPTO_FUZZ_ARTIFACTS:-$PWD}
work=$(mktemp -d /tmp/vc_fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/new"

rc=0
"$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$artifacts/" \
	"$work/new" "$seeds" > "$work/log" 2>&1 || rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
printf '%s: %s executions in %ss, %s seeds, %s new inputs\n' \
	"$(basename "$fuzzer")" "${execs:-?}" "$secs" \
	"$(ls "$seeds" | wc -l)" "$(ls "$work/new" | wc -l)"
if [ "$rc" -ne 0 ]; then
	# The report, the reproducer's name and the input in hex.
	grep -v '^#' "$work/log" | tail -n 60
	exit "$rc"
fi

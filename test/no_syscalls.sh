#!/usr/bin/env bash
# The data path makes no syscalls: run the backend under strace, push
# 10^6 requests through it, and count the syscalls of its polling lcore.
#
# Usage: no_syscalls.sh BACKEND_EXE PERF_EXE
set -euo pipefail
backend=$1
perf=$2
ops=${NO_SYSCALLS_OPS:-1000000}
# Thread setup and teardown, one notification at most: a handful.
limit=40

command -v strace >/dev/null || { echo "strace missing"; exit 1; }
dir=$(mktemp -d /tmp/vc_nosys.XXXXXX)
sock=$dir/s.sock
bpid=""
cleanup() {
	if [ -n "$bpid" ]; then kill "$bpid" 2>/dev/null || true; fi
	kill "$spid" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

strace -f -qq -o "$dir/trace" "$backend" -l 0,1 --no-huge --no-pci -m 256 \
	--file-prefix "vc_nosys_$$" --vdev crypto_null \
	--log-level 'lib.vhost.*:warning' -- --socket "$sock" \
	> "$dir/backend.log" 2>&1 &
spid=$!
for _ in $(seq 400); do [ -S "$sock" ] && break; sleep 0.05; done
[ -S "$sock" ] || { cat "$dir/backend.log"; exit 1; }
bpid=$(pgrep -P "$spid" -f vcrypto-backend | head -1 || true)
[ -n "$bpid" ] || { echo "backend not found under strace"; exit 1; }
tid=""
for t in /proc/"$bpid"/task/*; do
	# DPDK 22.11 names it rte-worker-1, 23.11 on dpdk-worker1.
	grep -Eqx 'rte-worker-1|dpdk-worker1' "$t/comm" && tid=${t##*/}
done
[ -n "$tid" ] || { echo "no lcore 1 thread in $bpid"; exit 1; }

"$perf" --socket "$sock" --cipher-algo null --cipher-key-sz 0 \
	--buffer-sz 64 --total-ops "$ops" --csv-friendly > "$dir/perf.csv"
kill -TERM "$bpid"
wait "$spid" || true

# A call strace saw interrupted by another thread's shows twice: once
# "<unfinished ...>", once "<... NAME resumed>". Count it once.
calls() { grep "^$tid " "$dir/trace" | grep -v '<\.\.\. .* resumed>'; }
n=$(calls | grep -c . || true)
echo "lcore 1 (tid $tid): $n syscalls over $ops requests"
calls | awk '{ sub(/\(.*/, "", $2); print $2 }' |
	sort | uniq -c | sort -rn | head -8
if [ "$n" -le "$limit" ]; then
	echo "1 passed, 0 failed"
else
	echo "0 passed, 1 failed"
	exit 1
fi

#!/usr/bin/env bash
# The same cases and sizes, in one run: (a) dpdk-test-crypto-perf on the
# PMD directly, one worker lcore; (b) the virtio path: vcrypto-backend with
# one polling lcore on that PMD, vcrypto-perf (drivers/virtio_user) as the
# guest on the other core. Prints a table with the ratio b/a per case and
# size, writes CSV and a PNG plot under build/bench/ (VCRYPTO_BUILD sets
# the build directory), and ends with one
# machine-readable "ratio ..." line.
#
# The virtio path is measured twice: with vcrypto-perf --prebuilt (each
# request slot's descriptors and header written once, so the client's
# core keeps up and the figure is the backend's; the ratio uses it) and
# with every request built afresh (the "fresh" columns).
#
# Usage: [BACKEND_ARGS="--copy-mode copy"] [BENCH_RT=1] devtools/bench.sh
#        [--quick | --soak]
#   BACKEND_ARGS: more vcrypto-backend options, e.g. to compare copy modes
#   BENCH_RT=1: run every measured process SCHED_RR (needs root), so
#               other work on a shared machine cannot interleave
#   --quick: fewer ops, for a smoke run
#   --soak:  only the memory check: 60 s of AES-CBC+HMAC-SHA1 through the
#            backend, its RSS printed every 10 s
set -euo pipefail
cd "$(dirname "$0")/.."

scale=1
mode=${1:-}
[ "$mode" = "--quick" ] && scale=10

command -v dpdk-test-crypto-perf >/dev/null || devtools/deps.sh
command -v gnuplot >/dev/null || {
	sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
		--no-install-recommends gnuplot-nox >/dev/null
}
build=${VCRYPTO_BUILD:-build}
[ -d "$build" ] || meson setup "$build" >/dev/null
ninja -C "$build" >/dev/null

out=$build/bench
mkdir -p "$out"
csv=$out/results.csv
sizes="64 256 1024 2048 4096"
eal="--no-huge --no-pci -m 512"
backend=$build/app/vcrypto-backend/vcrypto-backend
perf=$build/app/vcrypto-perf/vcrypto-perf
sock=$(mktemp -u /tmp/vcrypto-bench.XXXXXX.sock)
rt=""
[ "${BENCH_RT:-0}" = 1 ] && rt="chrt -r 1"
bpid=""
trap '[ -n "$bpid" ] && kill $bpid 2>/dev/null; rm -f "$sock"' EXIT

# A second or two per point through the virtio path (short runs measure
# start-up and noise), fewer when quick.
ops_for() {
	local n=$(( 16000000 * 64 / $1 ))
	[ $n -lt 2000000 ] && n=2000000
	echo $(( n / scale ))
}

# case name | PMD | crypto-perf arguments | vcrypto-perf arguments
cases=(
"cbc|crypto_aesni_mb|--optype cipher-only --cipher-algo aes-cbc --cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16|--optype cipher-only --cipher-algo aes-cbc --cipher-key-sz 16"
"cbc_sha1|crypto_aesni_mb|--optype cipher-then-auth --cipher-algo aes-cbc --cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16 --auth-algo sha1-hmac --auth-op generate --auth-key-sz 20 --digest-sz 12|--optype cipher-then-auth --cipher-algo aes-cbc --cipher-key-sz 16 --auth-algo sha1-hmac --auth-key-sz 20 --digest-sz 12"
"gcm|crypto_aesni_mb|--optype aead --aead-algo aes-gcm --aead-op encrypt --aead-key-sz 16 --aead-iv-sz 12 --aead-aad-sz 16 --digest-sz 16|--optype aead --aead-algo aes-gcm --aead-key-sz 16 --aead-iv-sz 12 --aead-aad-sz 16 --digest-sz 16"
"null|crypto_null|--optype cipher-only --cipher-algo null --cipher-op encrypt --cipher-key-sz 0 --cipher-iv-sz 0|--optype cipher-only --cipher-algo null --cipher-key-sz 0"
)

start_backend() {
	rm -f "$sock"
	$rt "$backend" -l 0,1 $eal --file-prefix vcbench_be --vdev "$1" \
		--log-level 'lib.vhost.*:warning' -- --socket "$sock" \
		${BACKEND_ARGS:-} > "$out/backend-$1.log" 2>&1 &
	bpid=$!
	for _ in $(seq 200); do [ -S "$sock" ] && return 0; sleep 0.05; done
	echo "backend on $1 did not start:" >&2
	cat "$out/backend-$1.log" >&2
	exit 1
}

stop_backend() {
	kill -TERM "$bpid"
	wait "$bpid" || true
	bpid=""
}

# The guest on core 0, the backend's poller on core 1: "Mops,Gbps". Its
# progress lines (runs over 3 s) would land in the table: errors only.
guest() {
	local size=$1
	shift
	# shellcheck disable=SC2086
	$rt taskset -c 0 "$perf" --socket "$sock" $our_args "$@" \
		--buffer-sz "$size" --burst-sz 32 \
		--total-ops "$(ops_for "$size")" --csv-friendly \
		2> >(grep -v '^  progress:' >&2) |
		awk -F, '$2 == '"$size"' { print $8 "," $9 }'
}

# The backend lcore's counters: "completed take_cycles cdev_cycles
# finish_cycles", from its telemetry socket.
tel_dir=/var/run/dpdk
[ "$(id -u)" -eq 0 ] || tel_dir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
lcore_cycles() {
	python3 - "$tel_dir/vcbench_be/dpdk_telemetry.v2" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
s.recv(1024)
s.send(b"/vcrypto/lcores")
lcores = json.loads(s.recv(65536))["/vcrypto/lcores"]
t = [sum(lc[k] for lc in lcores.values()) for k in
     ("completed", "take_cycles", "cdev_cycles", "finish_cycles")]
print(*t)
EOF
}

# TSC cycles per request in each part, between two lcore_cycles readings.
cycles_per_op() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		split(a, x, " "); split(b, y, " "); n = y[1] - x[1]
		if (n <= 0) { print "-,-,-"; exit }
		printf "%.0f,%.0f,%.0f", (y[2] - x[2]) / n, (y[3] - x[3]) / n,
			(y[4] - x[4]) / n }'
}

ratio_of() {
	awk -v d="$1" -v v="$2" 'BEGIN {
		split(d, a, ","); split(v, b, ","); printf "%.2f", b[1] / a[1] }'
}

rss_kib() {
	awk '/^VmRSS/ { print $2 }' "/proc/$1/status"
}

if [ "$mode" = "--soak" ]; then
	start_backend crypto_aesni_mb
	taskset -c 0 "$perf" --socket "$sock" --optype cipher-then-auth \
		--buffer-sz 1024 --total-ops 2000000000 --csv-friendly \
		> /dev/null 2>&1 &
	cpid=$!
	sleep 2
	first=$(rss_kib "$bpid")
	for t in 10 20 30 40 50 60; do
		sleep 10
		echo "t=${t}s backend RSS $(rss_kib "$bpid") KiB"
	done
	last=$(rss_kib "$bpid")
	kill "$cpid" 2>/dev/null || true
	wait "$cpid" 2>/dev/null || true
	stop_backend
	echo "rss start_kib=$first end_kib=$last growth_kib=$((last - first))"
	exit 0
fi

echo "case,size,direct_mops,direct_gbps,virtio_mops,virtio_gbps,ratio,"\
"fresh_mops,fresh_gbps,fresh_ratio,take_cycles,cdev_cycles,finish_cycles" \
	> "$csv"
echo "take/cdev/finish: the backend lcore's TSC cycles per request" \
	"(prebuilt run) taking it, in the cryptodev, completing it"
printf '%-9s %6s %11s %11s %11s %11s %6s %11s %6s %16s\n' case size \
	"direct Mops" "direct Gbps" "virtio Mops" "virtio Gbps" ratio \
	"fresh Mops" ratio "take/cdev/finish"
for c in "${cases[@]}"; do
	IFS='|' read -r name pmd base_args our_args <<< "$c"
	declare -A direct=()
	# The PMD alone first: our poller must not share its core.
	for size in $sizes; do
		# shellcheck disable=SC2086
		direct[$size]=$($rt dpdk-test-crypto-perf -l 0,1 $eal \
			--file-prefix vcbench_base --vdev "$pmd" \
			--log-level 'user1:warning' -- \
			--ptest throughput --devtype "$pmd" $base_args \
			--buffer-sz "$size" --burst-sz 32 \
			--total-ops "$(ops_for "$size")" --csv-friendly \
			--silent 2>/dev/null |
			awk -F, '$2 == '"$size"' { print $8 "," $9 }' | tail -1)
	done
	start_backend "$pmd"
	for size in $sizes; do
		d=${direct[$size]}
		c0=$(lcore_cycles)
		v=$(guest "$size" --prebuilt)
		c1=$(lcore_cycles)
		f=$(guest "$size")
		[ -n "$d" ] && [ -n "$v" ] && [ -n "$f" ] || {
			echo "$name $size: a run failed" >&2
			exit 1
		}
		ratio=$(ratio_of "$d" "$v")
		fratio=$(ratio_of "$d" "$f")
		cyc=$(cycles_per_op "$c0" "$c1")
		echo "$name,$size,$d,$v,$ratio,$f,$fratio,$cyc" >> "$csv"
		IFS=, read -r dm dg <<< "$d"
		IFS=, read -r vm vg <<< "$v"
		printf '%-9s %6s %11.3f %11.2f %11.3f %11.2f %6s %11.3f %6s' \
			"$name" "$size" "$dm" "$dg" "$vm" "$vg" "$ratio" \
			"${f%%,*}" "$fratio"
		printf ' %16s\n' "${cyc//,//}"
	done
	stop_backend
	unset direct
done

png=$out/throughput.png
gnuplot <<EOF
set terminal png size 1000,600
set output "$png"
set datafile separator ","
set logscale x 2
# crypto_null runs 100 times faster than the rest: log scale.
set logscale y 10
set termoption noenhanced
set xlabel "buffer size (bytes)"
set ylabel "Gbit/s"
set key left top
set title "vcrypto: direct PMD (dpdk-test-crypto-perf) vs virtio path"
plot for [c in "cbc cbc_sha1 gcm null"] \
	"< grep '^".c.",' $csv" using 2:4 with linespoints title c." direct", \
	for [c in "cbc cbc_sha1 gcm null"] \
	"< grep '^".c.",' $csv" using 2:6 with linespoints dashtype 2 \
	title c." virtio", \
	for [c in "cbc cbc_sha1 gcm null"] \
	"< grep '^".c.",' $csv" using 2:9 with points \
	title c." virtio, fresh requests"
EOF
echo "csv: $csv"
echo "plot: $png"
awk -F, '
	$1 == "cbc_sha1" && $2 == 1024 { r = r " cbc_sha1_1024=" $7 }
	$1 == "cbc" && $2 == 64 { r = r " cbc_64=" $7 }
	$1 == "cbc" && $2 == 1024 { r = r " cbc_1024=" $7 }
	$1 == "null" && $2 == 64 { r = r " null_mops=" sprintf("%.1f", $5) }
	$1 == "gcm" && $2 == 1024 { r = r " gcm_1024=" $7 }
	$1 == "cbc_sha1" && $2 == 1024 { f = f " fresh_cbc_sha1_1024=" $10 }
	$1 == "gcm" && $2 == 1024 { f = f " fresh_gcm_1024=" $10 }
	END { print "ratio" r f }' "$csv"

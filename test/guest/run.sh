#!/usr/bin/env bash
# The Linux guest test: Debian's kernel in QEMU (TCG) with a
# virtio-crypto-pci device on vcrypto-backend, checked from the guest's
# console (see doc/qemu-guest.rst).
#
#   test/guest/run.sh [BACKEND_EXE [WORK_DIR]]
#
# Defaults: build/app/vcrypto-backend/vcrypto-backend and build/guest.
# The kernel package, the initramfs and the logs of the last run stay in
# WORK_DIR. Environment:
#   VCRYPTO_GUEST_SEED   seed of the random cases (default: a new one)
#   VCRYPTO_GUEST_CASES  number of random cases (default 10000)
#   VCRYPTO_GUEST_BENCH  seconds of each throughput run, 0 for none
#                        (default 2)
#   VCRYPTO_GUEST_ACCEL  auto (default: KVM if a guest boots on it here,
#                        else TCG), tcg or kvm
#   VCRYPTO_GUEST_PMD    cryptodev of the backend (default crypto_aesni_mb)
#   VCRYPTO_GUEST_QEMU_ARGS, VCRYPTO_GUEST_EAL_ARGS  more arguments (debug)
# Exit: 0 passed, 1 failed, 77 skipped (QEMU cannot run here at all).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
backend_exe=$(realpath "${1:-$top/build/app/vcrypto-backend/vcrypto-backend}")
work=${2:-$top/build/guest}
seed=${VCRYPTO_GUEST_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
cases=${VCRYPTO_GUEST_CASES:-10000}
bench=${VCRYPTO_GUEST_BENCH:-2}
accel=${VCRYPTO_GUEST_ACCEL:-auto}
pmd=${VCRYPTO_GUEST_PMD:-crypto_aesni_mb}
t_start=$(date +%s)

test_name=guest-test
# shellcheck source=common.sh
. "$here/common.sh"

# --- what we need on the host -------------------------------------------
find_qemu
"$qemu" -device help 2>/dev/null | grep '"virtio-crypto-pci"' >/dev/null ||
	die "this QEMU has no virtio-crypto-pci device"
[ -x "$backend_exe" ] || die "no backend at $backend_exe (build it first)"
for t in busybox depmod modprobe cpio gzip dpkg-deb apt-get cc; do
	command -v "$t" >/dev/null || die "$t not found (run devtools/deps.sh)"
done
! ldd "$(command -v busybox)" >/dev/null 2>&1 ||
	die "busybox is not static (apt-get install busybox-static)"

guest_workdir "$work"

# --- the kernel: Debian's, with the modules the guest loads -------------
guest_mods="virtio_pci virtio_crypto algif_skcipher"
guest_kernel "$work"

# --- the initramfs: busybox, the modules, our test program --------------
ird=$work/initramfs
rm -rf "$ird"
mkdir -p "$ird"/bin "$ird"/modules "$ird"/proc "$ird"/sys "$ird"/dev
cp "$(command -v busybox)" "$ird/bin/busybox"
install -m 755 "$here/init" "$ird/init"
cc -O2 -Wall -Wextra -Werror -static -o "$ird/vcguest" "$here/vcguest.c" ||
	die "cannot build the guest program"
cc -O2 -Wall -Wextra -Werror -o "$work/vcexpect" "$here/vcexpect.c" \
	-lcrypto || die "cannot build the host answer program"
guest_initramfs_modules "$ird"
grep -qx virtio_crypto "$ird/modules.order" ||
	die "no virtio_crypto module in $kpkg"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"
say "kernel $kver, modules: $(tr '\n' ' ' < "$ird/modules.order")"

# --- processes ------------------------------------------------------------
run=$(mktemp -d /tmp/vcguest.XXXXXX)
sock=$run/vc0.sock
backend_pid="" qemu_pid="" cat_pid="" nb_backend=0

stop_pid() { # pid signal
	[ -n "$1" ] || return 0
	kill "-$2" "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
cleanup() {
	stop_pid "$qemu_pid" KILL
	stop_pid "$backend_pid" TERM
	stop_pid "$cat_pid" TERM
	rm -rf "$run"
}
trap cleanup EXIT
# meson's timeout sends SIGTERM: leave through the EXIT trap.
trap 'exit 1' INT TERM

backend_start() {
	nb_backend=$((nb_backend + 1))
	rm -f "$sock"
	"$backend_exe" -l 0,1 --no-huge --no-pci -m 512 \
		--file-prefix "vcguest$$" --vdev "$pmd" \
		${VCRYPTO_GUEST_EAL_ARGS:-} -- \
		--socket "$sock" --stats 10 \
		> "$logs/backend$nb_backend.log" 2>&1 &
	backend_pid=$!
	for _ in $(seq 100); do [ -S "$sock" ] && return 0; sleep 0.1; done
	cat "$logs/backend$nb_backend.log"
	die "backend did not create $sock"
}
# Stop the backend; it prints its counters ("total ...") as it exits.
backend_stop() {
	kill -TERM "$backend_pid"
	wait "$backend_pid" || die "backend $nb_backend exited with $?"
	backend_pid=""
	grep '^total' "$logs/backend$nb_backend.log" |
		sed "s/^/guest-test: backend $nb_backend /"
}

# KVM where a guest boots on it (-cpu host), else TCG: where /dev/kvm
# exists but guests hang or abort (nested setups), auto costs a few seconds.
probe_kvm() {
	local log=$run/probe.log pid end=$((SECONDS + 15))

	[ -w /dev/kvm ] || return 1
	# Disowned: an abort is an answer here, not news for bash to print.
	(exec "$qemu" -accel kvm -cpu host -m 256M -nodefaults -display none \
		-no-reboot -kernel "$kernel" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 panic=-1 vctest.phase=probe" \
		-serial "file:$log" > "$logs/kvm-probe.log" 2>&1) &
	pid=$!
	disown "$pid"
	while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt "$end" ]; do
		if grep -a "VCTEST END phase probe" "$log" >/dev/null 2>&1
		then
			stop_pid "$pid" KILL
			return 0
		fi
		sleep 0.2
	done
	stop_pid "$pid" KILL
	return 1
}
if [ "$accel" = auto ]; then
	if probe_kvm; then
		accel=kvm
	else
		accel=tcg
		say "KVM does not boot a guest here ($logs/kvm-probe.log):" \
			"using TCG"
	fi
fi
if [ "$accel" = kvm ]; then
	accel_args=(-accel kvm -cpu host)
else
	accel_args=(-accel tcg -cpu max)
fi
# Guest RAM must be a shared memfd (or file) backend that *is* the
# machine's RAM: vhost-user passes only fd-backed regions to the backend.
qemu_args=(
	"${accel_args[@]}" -machine pc,memory-backend=mem -smp 1
	-m 256M,slots=1,maxmem=384M
	-object memory-backend-memfd,id=mem,size=256M,share=on
	-nodefaults -display none -no-reboot
	-kernel "$kernel" -initrd "$work/initrd.gz"
	-chardev "socket,id=vc0,path=$sock,reconnect=1"
	-object cryptodev-vhost-user,id=cryptodev0,chardev=vc0
	-device virtio-crypto-pci,id=crypto0,cryptodev=cryptodev0,vectors=0
	-chardev "pipe,id=con,path=$run/con" -serial chardev:con
	-monitor "unix:$run/mon.sock,server=on,wait=off"
)
console=$logs/console.log
: > "$console"
mkfifo "$run/con.in" "$run/con.out"

qemu_start() { # phase
	local append="console=ttyS0 panic=-1 vctest.phase=$1"
	append+=" vctest.seed=$seed vctest.cases=$cases vctest.bench=$bench"
	echo "$qemu ${qemu_args[*]} -append '$append'" > "$logs/qemu-$1.cmd"
	cat "$run/con.out" >> "$console" &
	cat_pid=$!
	# shellcheck disable=SC2086 # extra arguments, split on purpose
	"$qemu" "${qemu_args[@]}" ${VCRYPTO_GUEST_QEMU_ARGS:-} \
		-append "$append" \
		>> "$logs/qemu.log" 2>&1 &
	qemu_pid=$!
}
# Wait until the console (or FILE) shows a line matching PATTERN.
wait_for() { # pattern timeout_s [file]
	local file=${3:-$console} end=$((SECONDS + $2))
	while ! tr -d '\r' < "$file" | grep -- "$1" >/dev/null; do
		if [ -n "$qemu_pid" ] && ! kill -0 "$qemu_pid" 2>/dev/null &&
		   [ "$file" = "$console" ]; then
			sleep 0.5
			tr -d '\r' < "$file" | grep -- "$1" >/dev/null && return 0
			tail -n 30 "$console" | tr -d '\r'
			cat "$logs/qemu.log"
			die "QEMU exited before: $1"
		fi
		if [ $SECONDS -ge "$end" ]; then
			tail -n 30 "$file" | tr -d '\r'
			die "timeout (${2}s) waiting for: $1"
		fi
		sleep 0.2
	done
}
qemu_wait_exit() { # timeout_s
	local end=$((SECONDS + $1))
	while kill -0 "$qemu_pid" 2>/dev/null; do
		[ $SECONDS -lt "$end" ] || die "QEMU did not power off"
		sleep 0.2
	done
	wait "$qemu_pid" || die "QEMU exited with $?"
	qemu_pid=""
	wait "$cat_pid" 2>/dev/null || true
	cat_pid=""
}

say "seed $seed, $cases random cases, accel $accel, backend on $pmd"
"$work/vcexpect" "$seed" "$cases" > "$logs/expected.txt"
"$work/vcexpect" large "$seed" | sort > "$logs/expected-large.txt"

# Boot 1: self-test, KAT, random cases, throughput, driver reload, then
# the backend restart while QEMU's chardev reconnects.
backend_start
qemu_start full
# A DIMM hot-plugged while the guest runs KATs: QEMU sends a new memory
# table to the running device.
wait_for "VCTEST WAIT hotplug" 240
sleep 1
say "lifecycle: hot-plugging 128 MiB of guest memory under traffic"
python3 "$here/hmp.py" "$run/mon.sock" \
	"object_add memory-backend-memfd,id=mem1,size=128M,share=on" \
	"device_add pc-dimm,id=dimm1,memdev=mem1" > "$logs/hotplug.log" 2>&1 ||
	die "hot-plug failed: $(cat "$logs/hotplug.log")"
echo "dimm1" > "$run/con.in"
wait_for "VCTEST WAIT backend restart" 240
say "lifecycle: restarting the backend under the running guest"
backend_stop
backend_start
wait_for "frontend connected" 30 "$logs/backend$nb_backend.log"
echo "backend-$nb_backend" > "$run/con.in"
wait_for "VCTEST END phase full" 90

# Boot 2: QEMU killed and started again against the same backend.
say "lifecycle: killing QEMU, starting it again"
stop_pid "$qemu_pid" KILL
qemu_pid=""
stop_pid "$cat_pid" TERM
cat_pid=""
wait_for "frontend disconnected" 30 "$logs/backend$nb_backend.log"
qemu_start again
wait_for "VCTEST END phase again" 120
qemu_wait_exit 30
backend_stop

# --- verdict --------------------------------------------------------------
tr -d '\r' < "$console" > "$logs/console.txt"
c=$logs/console.txt
what='selftest|kat PASS|kat FAIL|kat loop|random done|large done|bench'
what="$what|lifecycle|FAIL|END"
grep -E "^VCTEST ($what)" "$c" |
	sed 's/^VCTEST /guest-test: guest: /'
fails=0
check() { # description command...
	if "${@:2}"; then
		say "ok: $1"
	else
		say "NOT OK: $1"
		fails=$((fails + 1))
	fi
}
count() { grep -c -- "$1" "$c" || true; }
st="name cbc(aes) driver virtio_crypto_aes_cbc selftest : passed"
check "no step failed in the guest" [ "$(count '^VCTEST FAIL')" = 0 ]
check "selftest passed after boot, reload, backend restart, QEMU restart" \
	[ "$(count "^VCTEST selftest PASS: $st")" = 4 ]
check "NIST SP 800-38A KAT passed 4 times" \
	[ "$(count '^VCTEST kat PASS')" = 4 ]
check "$cases random cases equal OpenSSL's answers (seed $seed)" \
	diff <(grep '^VCTEST random digest' "$c") "$logs/expected.txt"
# 16 B to 1 MiB in one operation, chunked, spliced, into 1-64 pieces,
# in place, asynchronous in 6 processes (test/guest/vclarge.h).
check "$(wc -l < "$logs/expected-large.txt") large cases equal OpenSSL's" \
	diff <(grep '^VCTEST large ' "$c" | grep -v '^VCTEST large [A-Z]' |
		grep -v '^VCTEST large done' | sort) \
		"$logs/expected-large.txt"
check "both boots ended cleanly" \
	[ "$(count '^VCTEST END phase .*: 0 failed')" = 2 ]
# The backends' own counters: requests, ok, and all the error kinds.
counters() { # log
	awk '/^total/ { for (i = 3; i < NF; i += 2) v[$i] = $(i + 1)
		bad = v["err"] + v["badmsg"] + v["notsupp"] + v["invsess"]
		print v["requests"] + 0, v["ok"] + 0, bad + v["bad_chains"] }' \
		"$1"
}
# Backend 1: two self-tests and KATs (12 requests each), the random cases,
# the large ones: all ok but those Linux's driver breaks itself, BADMSG.
read -r req ok bad < <(counters "$logs/backend1.log")
nbad=$(grep -c ' badmsg$' "$logs/expected-large.txt" || true)
check "backend 1 counted $req >= $((2 * cases + 24)) requests, all ok but $nbad BADMSG" \
	[ "$req" -ge $((2 * cases + 24)) -a "$req" = $((ok + nbad)) -a \
	"$bad" = "$nbad" ]
loops=$(sed -n 's/^VCTEST kat loop: \([0-9]*\) runs$/\1/p' "$c")
check "KATs ran ${loops:-0} times around the hot-plug, all passed" \
	[ "${loops:-0}" -ge 2 ]
check "backend 1 restarted its queues on the hot-plug's memory table" \
	grep -q "new memory table, queues restarted" "$logs/backend1.log"
# Backend 2: KAT after its restart and after QEMU's.
read -r req ok bad < <(counters "$logs/backend2.log")
check "backend 2 counted $req >= 24 requests, all ok" \
	[ "$req" -ge 24 -a "$req" = "$ok" -a "$bad" = 0 ]
say "QEMU command line: $(cat "$logs/qemu-again.cmd")"
say "logs in $logs; took $(( $(date +%s) - t_start )) s"
[ $fails = 0 ] || die "$fails check(s) failed"
say "PASS"

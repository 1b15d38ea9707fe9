#!/usr/bin/env bash
# The DPDK guest test: DPDK's own virtio-crypto guest driver (the
# crypto_virtio PMD of Debian's DPDK) in a QEMU guest (TCG), on a
# virtio-crypto-pci device served by vcrypto-backend, running dpdk-test's
# cryptodev_virtio_autotest. Every case the autotest executes must pass.
#
#   test/guest/dpdk.sh [BACKEND_EXE [WORK_DIR]]
#
# Defaults: build/app/vcrypto-backend/vcrypto-backend and build/guest-dpdk.
# The guest: Debian's kernel with uio_pci_generic, busybox, dpdk-test and
# the libraries it loads, 2 MB hugepages. dpdk-test runs under an
# LD_PRELOAD shim (dpdk_shim.c) without which DPDK 22.11's test crashes
# on a NULL session, against any backend.
# Exit: 0 passed, 1 failed, 77 skipped (no QEMU or no dpdk-test here).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
backend_exe=$(realpath "${1:-$top/build/app/vcrypto-backend/vcrypto-backend}")
work=${2:-$top/build/guest-dpdk}
t_start=$(date +%s)

test_name=dpdk-guest-test
# shellcheck source=common.sh
. "$here/common.sh"

find_qemu
dpdk_test=$(command -v dpdk-test || true)
[ -n "$dpdk_test" ] || skip "dpdk-test not installed (apt-get install dpdk-dev)"
pmd_dir=$(pkg-config --variable=libdir libdpdk)/dpdk
pmd=$(ls "$pmd_dir"/pmds-*/librte_crypto_virtio.so.* 2>/dev/null | head -1)
[ -n "$pmd" ] || die "no librte_crypto_virtio under $pmd_dir"
[ -x "$backend_exe" ] || die "no backend at $backend_exe (build it first)"

guest_workdir "$work"
guest_mods="uio_pci_generic"
guest_kernel "$work"

# --- the initramfs --------------------------------------------------------
ird=$work/initramfs
rm -rf "$ird"
mkdir -p "$ird"/bin "$ird"/modules "$ird"/proc "$ird"/sys "$ird"/dev \
	"$ird"/mnt/huge "$ird"/pmds "$ird"/var/run "$ird"/usr/bin
cp "$(command -v busybox)" "$ird/bin/busybox"
install -m 755 "$here/dpdk-init" "$ird/init"
cp "$dpdk_test" "$ird/usr/bin/"
# Only the PMD: EAL takes every *.so of a -d directory (the rest of the
# drivers come as dpdk-test's own libraries).
cp -L "$pmd" "$ird/pmds/librte_crypto_virtio.so"
# shellcheck disable=SC2046 # pkg-config's words
cc -O2 -Wall -Wextra -Werror -fPIC -shared -o "$ird/shim.so" \
	"$here/dpdk_shim.c" $(pkg-config --cflags libdpdk) -ldl ||
	die "cannot build the shim"
# and libgcc_s, which glibc loads for pthread_cancel at dpdk-test's exit.
{
	for f in "$dpdk_test" "$pmd" "$ird/shim.so"; do ldd "$f"; done |
		awk '/=>/ { print $3 } /^\t\/.*ld-linux/ { print $1 }'
	gcc -print-file-name=libgcc_s.so.1
} | sort -u |
	while read -r lib; do
		[ -f "$lib" ] || continue
		mkdir -p "$ird$(dirname "$lib")"
		cp -L "$lib" "$ird$lib"
	done
guest_initramfs_modules "$ird"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"
say "kernel $kver, $(basename "$dpdk_test"), $(basename "$pmd")"

# --- run ------------------------------------------------------------------
run=$(mktemp -d /tmp/vcdpdk.XXXXXX)
sock=$run/vc0.sock
backend_pid=""
cleanup() {
	[ -z "$backend_pid" ] || kill -TERM "$backend_pid" 2>/dev/null || true
	rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# DPDK's driver offers AES-CBC and HMAC-SHA1: IPsec-MB first, OpenSSL too.
"$backend_exe" -l 0,1 --no-huge --no-pci -m 512 --file-prefix "vcdpdk$$" \
	--vdev crypto_aesni_mb --vdev crypto_openssl -- --socket "$sock" \
	> "$logs/backend.log" 2>&1 &
backend_pid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || { cat "$logs/backend.log"; die "backend did not start"; }

console=$logs/console.log
cmd=("$qemu" -accel tcg -cpu max -machine pc,memory-backend=mem -smp 1
	-m 1G -object memory-backend-memfd,id=mem,size=1G,share=on
	-nodefaults -display none -no-reboot
	-kernel "$kernel" -initrd "$work/initrd.gz"
	-chardev "socket,id=vc0,path=$sock"
	-object cryptodev-vhost-user,id=cryptodev0,chardev=vc0
	-device virtio-crypto-pci,id=crypto0,cryptodev=cryptodev0,vectors=0
	-serial "file:$console" -append "console=ttyS0 panic=-1 quiet")
echo "${cmd[*]}" > "$logs/qemu.cmd"
timeout 900 "${cmd[@]}" > "$logs/qemu.log" 2>&1 ||
	die "QEMU exited with $? ($logs/qemu.log)"
kill -TERM "$backend_pid"
wait "$backend_pid" || die "backend exited with $?"
backend_pid=""
grep '^total' "$logs/backend.log" | sed 's/^/dpdk-guest-test: backend /'

# --- verdict: the autotest's last summary ----------------------------------
c=$logs/console.txt
tr -d '\r' < "$console" > "$c"
grep -a -E 'VCTEST|TestCase .*failed' "$c" | sed 's/^/dpdk-guest-test: /'
summary() { # field
	grep -a " + Tests $1 *:" "$c" | tail -1 | awk -F: '{ print $2 + 0 }'
}
total=$(summary Total) executed=$(summary Executed)
passed=$(summary Passed) failed=$(summary Failed)
skipped=$(summary Skipped)
say "cryptodev_virtio_autotest: $total cases, $executed executed," \
	"$passed passed, $failed failed, $skipped skipped" \
	"(the driver's own algorithm list)"
say "logs in $logs; took $(( $(date +%s) - t_start )) s"
grep -a -q '^Test OK' "$c" || die "dpdk-test did not say Test OK"
[ "${executed:-0}" -ge 24 ] && [ "$failed" = 0 ] &&
	[ "$passed" = "$executed" ] ||
	die "$failed failed of $executed executed (24 expected)"
grep -a -q 'VCTEST END dpdk-test exit 0' "$c" || die "dpdk-test failed"
say "PASS"

#!/usr/bin/env bash
# Install what vcrypto needs to build and test (Debian 12 packages only).
set -euo pipefail
pkgs="build-essential meson ninja-build pkg-config libdpdk-dev dpdk-dev
libipsec-mb-dev libssl-dev strace clang libclang-rt-14-dev
python3-sphinx doxygen
qemu-system-x86 busybox-static kmod cpio"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -q
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
		--no-install-recommends $missing
fi

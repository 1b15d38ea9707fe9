#!/usr/bin/env bash
# Install what vcrypto needs to build and test, from the distribution's
# own archive (Debian 12, and Debian 13 in devtools/chroot.sh).
set -euo pipefail

# What is not installed yet. The fuzz targets need the runtime of the
# clang that "clang" depends on: clang-14 on Debian 12, 19 on Debian 13.
# dpdk-telemetry.py is in dpdk-dev on Debian 12, in dpdk on Debian 13.
# debhelper .. systemd: devtools/package.sh builds and checks the .debs.
missing() {
	local v p
	v=$(apt-cache depends clang 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^clang-[0-9]+$/ {
			sub(/^clang-/, "", $2); print $2; exit }')
	for p in build-essential meson ninja-build pkg-config libdpdk-dev \
		dpdk dpdk-dev libipsec-mb-dev libssl-dev strace clang \
		"libclang-rt-${v:-14}-dev" python3-sphinx doxygen \
		qemu-system-x86 busybox-static kmod cpio \
		debhelper dpkg-dev fakeroot lintian systemd; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "ok installed" || printf '%s ' "$p"
	done
}

if [ -n "$(missing)" ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -q
	# Asked again: the clang version is known once the lists are.
	# shellcheck disable=SC2046
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
		--no-install-recommends $(missing)
fi

#!/usr/bin/env bash
# A Debian 13 (trixie) chroot with its DPDK 24.11, made with debootstrap
# from the mirror apt uses and cached outside the clone, so that a
# machine makes it once; then a command run in it, the clone at /src.
#
#   devtools/chroot.sh                 make or update the chroot
#   devtools/chroot.sh run CMD [ARG]   run CMD in it, in /src
#
# VCRYPTO_CHROOT sets where it lives (default /var/cache/vcrypto/trixie).
# Commands in it see VCRYPTO_BUILD=build-trixie, the build directory
# devtools/demo.sh and devtools/bench.sh use, apart from the machine's.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
root=${VCRYPTO_CHROOT:-/var/cache/vcrypto/trixie}
suite=trixie

say() { printf 'chroot.sh: %s\n' "$*" >&2; }
[ "$(id -u)" -eq 0 ] || { say "must run as root (debootstrap, chroot)"; exit 1; }

# The first Debian archive in apt's sources: the mirror this machine uses.
mirror() {
	local uri
	uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '/^URIs:/ && $2 ~ /\/debian\/?$/ { print $2; exit }')
	[ -n "$uri" ] || uri=$(cat /etc/apt/sources.list 2>/dev/null |
		awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2; exit }')
	echo "${uri:-http://deb.debian.org/debian}"
}

# Run "$@" inside the chroot in a mount namespace of its own, so the
# bind mounts go away with it whatever happens.
in_root() {
	unshare --mount --propagation private -- /bin/sh -c '
		root=$1; src=$2; shift 2
		mount -t proc proc "$root/proc"
		mount --rbind /dev "$root/dev"
		mount -t sysfs sys "$root/sys"
		mount -t tmpfs tmp "$root/tmp"
		mkdir -p "$root/src"
		mount --bind "$src" "$root/src"
		cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}" \
			VCRYPTO_BUILD=build-trixie \
			DEBIAN_FRONTEND=noninteractive /bin/sh -c "cd /src && exec \"\$@\"" sh "$@"
	' sh "$root" "$src" "$@"
}

make_root() {
	local m
	if [ ! -x "$root/usr/bin/apt-get" ]; then
		command -v debootstrap >/dev/null || {
			apt-get update -q
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
				--no-install-recommends debootstrap
		}
		m=$(mirror)
		say "debootstrap $suite from $m into $root (once per machine)"
		rm -rf "$root.tmp"
		mkdir -p "$(dirname "$root")"
		# What a Debian install has and minbase has not: the tests'.
		debootstrap --variant=minbase --include=procps,python3,openssl \
			"$suite" "$root.tmp" "$m" >&2
		rm -rf "$root"
		mv "$root.tmp" "$root"
	fi
	# What the project needs, as on the machine: nothing when it is there.
	in_root devtools/deps.sh >&2
}

make_root
if [ "${1:-}" = run ]; then
	shift
	in_root "$@"
fi

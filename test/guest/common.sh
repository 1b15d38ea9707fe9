# shellcheck shell=bash
# Sourced by the guest tests: messages, QEMU, the work directory and the
# guest's kernel. Needs test_name (the messages' prefix) and, for the
# kernel, guest_mods: the modules the guest loads (their dependencies
# come along).

say() { printf '%s: %s\n' "$test_name" "$*"; }
die() { printf '%s: FAIL: %s\n' "$test_name" "$*" >&2; exit 1; }
skip() { printf '%s: SKIP: %s\n' "$test_name" "$*"; exit 77; }

# QEMU with TCG: its path in qemu, or skip the test.
find_qemu() {
	qemu=${VCRYPTO_GUEST_QEMU:-$(command -v qemu-system-x86_64 || true)}
	[ -n "$qemu" ] && [ -x "$qemu" ] ||
		skip "qemu-system-x86_64 not installed" \
			"(apt-get install qemu-system-x86)"
	"$qemu" -accel help 2>/dev/null | grep "^tcg$" >/dev/null ||
		skip "this QEMU has no TCG accelerator"
}

# WORK made absolute, and a fresh WORK/logs: sets work and logs.
guest_workdir() { # work
	mkdir -p "$1"
	work=$(cd "$1" && pwd)
	logs=$work/logs
	rm -rf "$logs"
	mkdir -p "$logs"
}

# The modules the guest loads, in order, as paths under ROOT (after depmod).
guest_modules() { # root
	local m
	for m in $guest_mods; do
		modprobe -d "$1" -S "$kver" --show-depends "$m"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

# The guest's modules into initramfs tree IRD: IRD/modules/NAME.ko, and
# their names in load order in IRD/modules.order.
guest_initramfs_modules() { # ird
	local ko name

	depmod -b "$kroot" "$kver"
	: > "$1/modules.order"
	guest_modules "$kroot" | while read -r ko; do
		name=$(basename "$ko" .ko)
		cp "$ko" "$1/modules/$name.ko"
		echo "$name" >> "$1/modules.order"
	done
}

# Debian's current linux-image-*-amd64 under WORK/kernel, cached, with
# only the modules the guest loads: sets kernel, kver, kroot and kpkg.
guest_kernel() { # work
	local work=$1 deb
	kpkg=${VCRYPTO_GUEST_KERNEL_PKG:-$(apt-cache depends linux-image-amd64 \
		2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')}
	[ -n "$kpkg" ] || die "apt-cache knows no linux-image-amd64 (apt-get update?)"
	kroot=$work/kernel/$kpkg
	if ! ls "$kroot"/boot/vmlinuz-* >/dev/null 2>&1; then
		say "fetching $kpkg"
		mkdir -p "$work/kernel"
		rm -f "$work"/kernel/"$kpkg"_*.deb
		fetch() {
			(cd "$work/kernel" && apt-get download -q "$kpkg" 2>&1 |
				grep -v 'unsandboxed' >&2 || true)
			ls "$work"/kernel/"$kpkg"_*.deb 2>/dev/null | head -1
		}
		deb=$(fetch)
		if [ -z "$deb" ] && [ "$(id -u)" = 0 ]; then
			say "apt-get update, then again"
			apt-get update -q >/dev/null
			deb=$(fetch)
		fi
		[ -n "$deb" ] || die "apt-get download $kpkg failed"
		rm -rf "$kroot.tmp"
		dpkg-deb -x "$deb" "$kroot.tmp"
		rm -f "$deb"
		# Keep the kernel and the modules we load: 400 MB less per copy.
		kver=$(basename "$(ls "$kroot".tmp/boot/vmlinuz-* | head -1)")
		kver=${kver#vmlinuz-}
		depmod -b "$kroot.tmp" "$kver"
		guest_modules "$kroot.tmp" > "$work/kernel/keep"
		find "$kroot.tmp/lib/modules/$kver/kernel" -name '*.ko*' |
			grep -vxF -f "$work/kernel/keep" | xargs rm -f
		rm -rf "$kroot.tmp/usr" "$work/kernel/keep"
		mv "$kroot.tmp" "$kroot"
	fi
	kernel=$(ls "$kroot"/boot/vmlinuz-* | head -1)
	kver=${kernel##*/vmlinuz-}
}

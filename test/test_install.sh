#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# meson install into a scratch DESTDIR, then check that it holds the two
# programs, the library with its header and pkg-config file, the man
# pages (when the docs are built), and that examples/minimal builds and
# links against that install alone, through pkg-config.
#
# Usage: test_install.sh BUILD_DIR SOURCE_DIR B_SANITIZE
set -eu
build=$1
src=$2
# A sanitized library needs the sanitizers' runtimes at link time.
sanitize=""
[ "${3:-none}" = none ] || sanitize="-fsanitize=$3"
d=$(mktemp -d /tmp/vc_install.XXXXXX)
trap 'rm -rf "$d"' EXIT
fails=0
expect() {
	if [ -n "$(find "$d" -path "*$1" -print -quit)" ]; then
		echo "ok: $1"
	else
		echo "FAIL: no $1 installed"
		fails=$((fails + 1))
	fi
}

meson install -C "$build" --no-rebuild --quiet --destdir "$d" >/dev/null
expect /bin/vcrypto-backend
expect /bin/vcrypto-perf
expect /libvcrypto.a
expect /libvirtio_crypto.a
expect /include/vcrypto/vcrypto.h
expect /pkgconfig/vcrypto.pc
if [ -f "$build/doc/vcrypto-backend.1" ]; then
	expect /man1/vcrypto-backend.1
	expect /man1/vcrypto-perf.1
	expect /doc/vcrypto/html/index.html
	expect /doc/vcrypto/html/api/vcrypto_8h.html
fi

# The .pc file says prefix=/usr/local; point it at the scratch install.
pc=$(find "$d" -name vcrypto.pc)
mkdir "$d/pc"
prefix=$(sed -n 's/^prefix=//p' "$pc")
sed "s|^prefix=.*|prefix=$d$prefix|" "$pc" > "$d/pc/vcrypto.pc"
flags=$(PKG_CONFIG_PATH="$d/pc" pkg-config --cflags --libs vcrypto)
if cc -Wall -Wextra -Werror $sanitize -o "$d/minimal" \
	"$src/examples/minimal/main.c" $flags; then
	echo "ok: examples/minimal built with pkg-config"
else
	echo "FAIL: examples/minimal against the install"
	fails=$((fails + 1))
fi
echo "$fails failed"
[ "$fails" -eq 0 ]

#!/usr/bin/env bash
# Build the Debian packages from a copy of the tree (dpkg-buildpackage
# -us -uc -b), fail on any lintian error, unpack them into a scratch root
# with dpkg -x, run the unpacked backend against the unpacked vcrypto-perf
# with results verified against OpenSSL, and check the systemd unit with
# systemd-analyze verify. Ends with one "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
devtools/deps.sh

d=$(mktemp -d /tmp/vc_package.XXXXXX)
bpid=""
trap '[ -n "$bpid" ] && kill "$bpid" 2>/dev/null; rm -rf "$d"' EXIT
pass=0 fail=0
check() {
	if "$@"; then pass=$((pass + 1)); else
		echo "FAIL: $*"; fail=$((fail + 1)); fi
}

# What git tracks, as a clean clone has it (no build directories).
mkdir "$d/src"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$d/src"
(cd "$d/src" && dpkg-buildpackage -us -uc -b) > "$d/build.log" 2>&1 ||
	{ tail -40 "$d/build.log"; exit 1; }
ls "$d"/*.deb

lintian_ok() {
	lintian "$d"/*.changes > "$d/lintian.log" 2>&1 || true
	cat "$d/lintian.log"
	! grep -q '^E: ' "$d/lintian.log"
}
check lintian_ok

root=$d/root
for deb in "$d"/*.deb; do dpkg -x "$deb" "$root"; done
unit=$root/usr/lib/systemd/system/vcrypto-backend@.service
check test -f "$unit"
check test -f "$root/usr/share/doc/vcrypto-backend/examples/example.conf"
check test -f "$root/usr/share/doc/vcrypto/html/index.html"
check test -f "$root/usr/include/vcrypto/vcrypto.h"
# The unit's ExecStart is /usr/bin/vcrypto-backend: verify it in the
# scratch root, where that exists, with the machine's own targets there
# for it to hang from, as on the system it is installed on.
unit_ok() {
	cp -n /usr/lib/systemd/system/*.target "${unit%/*}/"
	systemd-analyze verify --man=no --root="$root" \
		/usr/lib/systemd/system/vcrypto-backend@test.service
}
check unit_ok

# The unpacked programs, each on its own core, with the example
# configuration's options but a socket of our own.
sock=$d/vc0.sock
sed "s|^socket = .*|socket = $sock|" \
	"$root/usr/share/doc/vcrypto-backend/examples/example.conf" > "$d/vc0.conf"
"$root/usr/bin/vcrypto-backend" -l 0,1 --no-huge --no-pci -m 256 \
	--file-prefix vc_package --vdev crypto_aesni_mb -- \
	--config-file "$d/vc0.conf" > "$d/backend.log" 2>&1 &
bpid=$!
for _ in $(seq 200); do [ -S "$sock" ] && break; sleep 0.05; done
perf_ok() {
	"$root/usr/bin/vcrypto-perf" --socket "$sock" --optype cipher-then-auth \
		--cipher-algo aes-cbc --auth-algo sha1-hmac --buffer-sz 1024 \
		--total-ops 200000 > "$d/perf.log" 2>&1 || true
	cat "$d/perf.log"
	grep -q '^# verified [1-9][0-9]* results against OpenSSL' "$d/perf.log"
}
check perf_ok
kill -TERM "$bpid"
drained() { wait "$bpid"; }
check drained
bpid=""
grep '^total' "$d/backend.log" || cat "$d/backend.log"

echo "package: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

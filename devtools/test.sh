#!/usr/bin/env bash
# Install, then build and run the whole test suite twice: a release build
# with warnings as errors, and an ASan+UBSan build.
set -euo pipefail
cd "$(dirname "$0")/.."
devtools/deps.sh

# -Ddocs=enabled: the documentation builds with its warnings as errors.
meson setup build-test -Dwerror=true -Ddocs=enabled --wipe >/dev/null 2>&1 ||
	meson setup build-test -Dwerror=true -Ddocs=enabled
summary() {
	# meson's counts, as one closing line a reader (or CI) can take in;
	# a skipped test (exit status 77) says why.
	local log=$1/meson-logs/testlog.txt
	grep -hE '(^|: )SKIP: ' "$log" || true
	printf '%s: %s passed, %s failed, %s skipped\n' "$1" \
		"$(grep -c '^ *result: *exit status 0$' "$log")" \
		"$(grep '^ *result:' "$log" | grep -v 'exit status 0$' |
			grep -vc 'exit status 77$')" \
		"$(grep -c '^ *result: *exit status 77$' "$log")"
}

# Everything, docs and example included: meson test builds only what
# the tests need.
ninja -C build-test
meson test -C build-test --print-errorlogs
summary build-test

meson setup build-asan -Dwerror=true -Db_sanitize=address,undefined \
	-Db_lundef=false -Dbuildtype=debugoptimized --wipe >/dev/null 2>&1 ||
	meson setup build-asan -Dwerror=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debugoptimized
# The guest tests (suite 'guest': Linux's and DPDK's drivers under
# QEMU, about a minute and a half) ran above.
ninja -C build-asan
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C build-asan --print-errorlogs --no-suite guest
summary build-asan

#!/usr/bin/env bash
# Install, build, then run the main job: vcrypto-backend on crypto_aesni_mb
# serving the virtio_user driver (vcrypto-perf) for a few seconds.
# VCRYPTO_BUILD sets the build directory (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
devtools/deps.sh
build=${VCRYPTO_BUILD:-build}
[ -d "$build" ] || meson setup "$build"
ninja -C "$build"

dir=$(mktemp -d /tmp/vcrypto-demo.XXXXXX)
sock=$dir/vc0.sock
"$build"/app/vcrypto-backend/vcrypto-backend -l 0,1 --no-huge --no-pci -m 512 \
	--file-prefix vcrypto-demo --vdev crypto_aesni_mb -- \
	--socket "$sock" > "$dir/backend.log" 2>&1 &
backend=$!
trap 'kill $backend 2>/dev/null || true; wait $backend 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || { cat "$dir/backend.log"; exit 1; }

"$build"/app/vcrypto-perf/vcrypto-perf --socket "$sock" --ptest throughput \
	--optype cipher-then-auth --cipher-algo aes-cbc --auth-algo sha1-hmac \
	--buffer-sz 64,1024 --total-ops 3000000
kill -TERM $backend
wait $backend
grep "^total" "$dir/backend.log"

#!/usr/bin/env bash
# The install stays true: `meson install --destdir` the given build into a
# temporary directory, then, through pkg-config only, check every public
# header compiles on its own, build examples/ against the shared and the
# static library, and run them.
# Usage: scripts/test-install.sh BUILD_DIR   (prints TAP-style "ok N - ...")
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/test-install.sh BUILD_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
check() {	# check "description" command...
	local what=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/log" 2>&1; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		sed 's/^/#   /' "$tmp/log" | tail -20
		failed=$((failed + 1))
	fi
}

dest=$tmp/dest
check "meson install --destdir" meson install -C "$build" --destdir "$dest" --no-rebuild
pc=$(find "$dest" -name dmabridge.pc | head -1)
check "dmabridge.pc installed" test -n "$pc"
# A DESTDIR install: pkg-config (pkgconf) prefixes every path, variables
# included, with the sysroot.
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$dest
libdir=$(pkg-config --variable=libdir dmabridge)
check "static and shared library installed" \
	test -f "$libdir/libdmabridge.a" -a -e "$libdir/libdmabridge.so"
check "the program installed and runs" \
	bash -c '"$(find "$0" -path "*/bin/dmabridge" | head -1)" --version' "$dest"
check "no build-tree path in the cflags" \
	bash -c '! pkg-config --cflags --libs dmabridge | grep -q -- "'"$PWD"'"'

# Every installed header compiles alone (twice, for the include guard).
hdrs() {
	local inc h srcs=()
	inc=$(pkg-config --variable=includedir dmabridge)
	for h in "$inc"/dmabridge/*.h; do
		h=${h##*/}
		printf '#include <dmabridge/%s>\n#include <dmabridge/%s>\n' \
			"$h" "$h" >"$tmp/hdr-${h%.h}.c"
		srcs+=("$tmp/hdr-${h%.h}.c")
	done
	cc -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Werror \
		-fsyntax-only $(pkg-config --cflags dmabridge) "${srcs[@]}"
}
check "every public header is self-contained" hdrs

cp -r examples "$tmp/examples"
check "examples build (shared library)" make -s -C "$tmp/examples" demo
check "examples build (static library)" make -s -C "$tmp/examples" static
export LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
check "demo run --list shows the registered scenario" \
	bash -c '"$0"/demo run --list | grep -q "^demo "' "$tmp/examples"
check "demo run demo passes (shared)" "$tmp/examples/demo" run demo
check "demo run demo passes (static)" "$tmp/examples/demo-static" run demo
check "examples build: module driver and device model" \
	make -s -C "$tmp/examples" demo_driver demo_accel
check "demo_driver: a module driver binds before and after boot" \
	"$tmp/examples/demo_driver"
check "demo_accel: a registered device model in a platform file" \
	"$tmp/examples/demo_accel"
echo "install: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]

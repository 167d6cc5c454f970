#!/usr/bin/env bash
# Configure (once) and build one flavour: plain, asan or tsan.
# Usage: scripts/build.sh [plain|asan|tsan]   -> prints the build dir
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-plain}
werror=${DMB_WERROR:-false}
[ -n "${CI:-}" ] && werror=true
case "$flavour" in
plain) dir=build;      cc=gcc;   opts=(-Dbuildtype=release -Doptimization=2) ;;
asan)  dir=build-asan; cc=gcc;   opts=(-Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false) ;;
tsan)  dir=build-tsan; cc=clang; opts=(-Dbuildtype=debugoptimized -Db_sanitize=thread -Db_lundef=false) ;;
*) echo "unknown build flavour '$flavour' (plain, asan, tsan)" >&2; exit 2 ;;
esac
if [ ! -f "$dir/build.ninja" ]; then
	CC=$cc meson setup "$dir" "${opts[@]}" -Dwerror="$werror" >/dev/null
fi
ninja -C "$dir" >&2
echo "$dir"

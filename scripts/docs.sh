#!/usr/bin/env bash
# The API reference: every public header's kernel-doc comments rendered
# with the kernel's own scripts/kernel-doc, as reStructuredText (the
# kernel's format; Sphinx renders it, and it reads as text).
# Usage: scripts/docs.sh OUTDIR      (meson: ninja -C build docs)
# kernel-doc is looked for in $KERNEL_DOC, on PATH, then in Debian's
# kbuild packages (/usr/lib/linux-kbuild-*/scripts/kernel-doc: every one
# ships it; scripts/deps.sh installs bookworm's linux-kbuild-6.1).
# Fails (exit 1) on any kernel-doc warning and on a public header without
# kernel-doc comments.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: scripts/docs.sh OUTDIR}

kdoc=${KERNEL_DOC:-}
[ -z "$kdoc" ] && kdoc=$(command -v kernel-doc || true)
[ -z "$kdoc" ] && kdoc=$(ls /usr/lib/linux-kbuild-*/scripts/kernel-doc \
	2>/dev/null | sort -V | tail -1 || true)
if [ -z "$kdoc" ] || [ ! -x "$kdoc" ]; then
	echo "docs: the kernel's kernel-doc script was not found." >&2
	echo "  Debian: apt-get install linux-kbuild-6.1 (or any linux-kbuild-*:" >&2
	echo "  each ships scripts/kernel-doc), or set KERNEL_DOC=/path." >&2
	exit 1
fi

mkdir -p "$out/api"
rm -f "$out"/api/*.rst
index=$out/api/index.rst
{
	echo "dmabridge API reference"
	echo "======================="
	echo
	echo "Generated from the public headers' kernel-doc comments by"
	echo "\`\`$kdoc\`\`."
	echo
	echo ".. toctree::"
	echo "   :maxdepth: 1"
	echo
} >"$index"
# -Wall (kernel-doc of 6.2 and later; 6.1 does not know it): a missing
# Return: section or short description is a warning too. A parameter or
# member the comment leaves out is a warning in every version.
wall=()
grep -q -- '-Wall' "$kdoc" && wall=(-Wall)
none=()
warnings=0
headers=("$src"/include/dmabridge/*.h "$src"/scenarios/scenario.h)
for h in "${headers[@]}"; do
	name=$(basename "$h" .h)
	rst=$out/api/$name.rst
	"$kdoc" -rst "${wall[@]}" "$h" >"$rst.body" 2>"$rst.warn" || true
	if [ ! -s "$rst.body" ]; then
		none+=("$name.h")
		rm -f "$rst.body" "$rst.warn"
		continue
	fi
	grep -v "Sphinx version" "$rst.warn" >&2 || true
	warnings=$((warnings + $(grep -vc "Sphinx version" "$rst.warn" || true)))
	{
		echo "<dmabridge/$name.h>"
		printf '%*s\n' $((${#name} + 14)) '' | tr ' ' '='
		echo
		cat "$rst.body"
	} >"$rst"
	rm -f "$rst.body" "$rst.warn"
	echo "   $name" >>"$index"
done
echo "docs: $out/api: $(( ${#headers[@]} - ${#none[@]} )) headers documented," \
	"${#none[@]} without kernel-doc comments, $warnings kernel-doc warnings"
for h in "${none[@]}"; do echo "docs: no kernel-doc comments in $h" >&2; done
[ "$warnings" -eq 0 ] && [ ${#none[@]} -eq 0 ]

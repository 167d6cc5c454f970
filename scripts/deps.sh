#!/usr/bin/env bash
# Install the Debian packages dmabridge needs, if any are missing.
# apt-get when root, sudo apt-get otherwise, a clear message if neither.
set -euo pipefail

PKGS=(meson ninja-build pkg-config gcc libcmocka-dev liburcu-dev
      libjansson-dev libdw-dev linux-libc-dev clang libclang-rt-14-dev python3)
# `ninja -C build docs`: the kernel's kernel-doc (a perl script), which every
# Debian kbuild package ships; bookworm's own is linux-kbuild-6.1.
PKGS+=(perl)
ls /usr/lib/linux-kbuild-*/scripts/kernel-doc >/dev/null 2>&1 || PKGS+=(linux-kbuild-6.1)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO=(sudo)
else
	echo "dmabridge needs these Debian packages: ${missing[*]}" >&2
	echo "Run as root, or give this user sudo, or install them by hand:" >&2
	echo "  apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

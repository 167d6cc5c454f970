#!/usr/bin/env bash
# Install what is missing, build, and run dmabridge on the default platform.
# Usage: scripts/run.sh [dmabridge args]   (default: run)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
dir=$(scripts/build.sh plain)
[ $# -eq 0 ] && set -- run
exec "$dir/tools/dmabridge" "$@"

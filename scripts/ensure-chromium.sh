#!/usr/bin/env bash
# Installs Debian's Chromium for the browser test tier (UI and HTML report) when it is missing.
# Needs root and Debian's package archive; elsewhere it says what is missing and leaves the browser
# tier to report, loudly, that it did not run. CHROMIUM_PATH overrides /usr/bin/chromium.
set -uo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$bin" ]; then
  echo "chromium: $("$bin" --version 2>/dev/null || echo "$bin")"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; }
fi
if [ -x "$bin" ]; then
  echo "chromium installed: $("$bin" --version 2>/dev/null)"
else
  echo "WARNING: no Chromium at $bin (apt-get install chromium as root); the browser test tier will not run" >&2
fi
exit 0

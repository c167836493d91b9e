#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/browser/). Idempotent: does nothing
# when it is there; installs it with apt-get when we are root; otherwise says how.
set -euo pipefail
CHROMIUM=${GMM_LAB_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  test -x "$CHROMIUM"
elif [ -n "${CI:-}" ]; then
  echo "CI: $CHROMIUM is missing and cannot be installed here (needs root and apt-get)." >&2
  exit 1
else
  echo "note: $CHROMIUM not found; the browser tests will be skipped." \
       "Install it with 'sudo apt-get install chromium' to run them."
fi

#!/usr/bin/env bash
# The browser tests of inzicht serve (CTest's browser_workbench): installs playwright-core
# from the lockfile when missing (npm ci; never a browser download) and drives Debian's
# /usr/bin/chromium. Usage: tests/web/run.sh INZICHT_BINARY OUT_DIR
set -euo pipefail
cd "$(dirname "$0")"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f node_modules/playwright-core/package.json ] ||
   ! grep -q "\"version\": \"$(node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')\"" node_modules/playwright-core/package.json; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node run.mjs "$@"

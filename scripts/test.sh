#!/usr/bin/env bash
# The whole test suite on a fresh machine: install the project and what its tests need
# (Debian's chromium for the browser tests; the oxigraph server comes from PyPI with the
# test extra), then lint and run pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: chromium is not installed; run 'sudo apt-get install chromium' for the browser tests" >&2
  fi
fi
python3 -m ruff check .
python3 -m ruff format --check kg tests app.py
python3 -m pytest "$@"

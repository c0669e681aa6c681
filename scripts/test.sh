#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up the project's .venv with the test tools
# (Debian's chromium for the browser tests; the oxigraph server comes from PyPI with the
# test extra), then lint and run pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test,dev
export PATH="$PWD/.venv/bin:$PATH"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: chromium is not installed; run 'sudo apt-get install chromium' for the browser tests" >&2
  fi
fi
python -m ruff check .
python -m ruff format --check kg tests app.py
python -m pytest "$@"

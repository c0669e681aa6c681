#!/usr/bin/env bash
# The whole test suite: lint, then pytest (unit, CLI, remote-endpoint parity, app and browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m ruff check .
python3 -m pytest "$@"

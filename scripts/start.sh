#!/usr/bin/env bash
# Quick start: set up the project's .venv with what the app needs (once; skipped when nothing
# changed) and open the explorer on the embedded store at http://127.0.0.1:8501.
# Extra arguments go to `anatomy-kg app` (e.g. --port 8502).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/anatomy-kg app "$@"

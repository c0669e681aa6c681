#!/usr/bin/env bash
# Quick start: install AnatomyKG and open the explorer on the embedded store at http://127.0.0.1:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec anatomy-kg app "$@"

#!/usr/bin/env bash
# Install AnatomyKG and its test tools into the current Python (use a venv if you prefer).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --disable-pip-version-check -e ".[test,dev]"

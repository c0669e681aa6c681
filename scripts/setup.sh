#!/usr/bin/env bash
# Install AnatomyKG with its test and dev tools into the current Python environment
# (the active virtualenv if there is one).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --disable-pip-version-check -e ".[test,dev]"

#!/usr/bin/env bash
# Mutation testing of the reasoning package (docs/reasoning.md, "Mutation testing").
# `bash scripts/mutation.sh` runs every mutant; extra arguments go to `mutmut run` (mutant names or
# globs, e.g. 'kg.reasoning.localize*'). Then: .venv/bin/mutmut results / .venv/bin/mutmut show NAME
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/mutmut ] || bash scripts/setup.sh test,dev
# the tests load the graph once in mutmut's fork server (tests/conftest.py); no on-disk graph cache,
# so no mutant's model is ever read by another mutant's run
export ANATOMY_KG_MUTATION=1 PATH="$PWD/.venv/bin:$PATH"
exec .venv/bin/mutmut run --max-children "${MUTATION_JOBS:-$(nproc)}" "$@"

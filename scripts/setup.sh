#!/usr/bin/env bash
# Create (once) and use the project's own virtualenv in .venv, and install AnatomyKG into it.
#   bash scripts/setup.sh          # what the app needs
#   bash scripts/setup.sh test,dev # plus the test and dev tools
# It works with no virtualenv active on stock Debian/Ubuntu (PEP 668 forbids installing into the
# system Python), and it skips the install when pyproject.toml and the extras have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
venv=".venv"
py="${PYTHON:-python3}"

if ! command -v "$py" >/dev/null 2>&1; then
  echo "error: $py not found; install Python 3.11 or newer (Debian/Ubuntu: apt-get install python3 python3-venv)" >&2
  exit 1
fi
if ! "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "error: AnatomyKG needs Python 3.11 or newer; $py is $("$py" --version 2>&1)" >&2
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    pkg="python3-venv"
    ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing Debian's $pkg (python$ver-venv) so that a project virtualenv can be made" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" "python$ver-venv" >/dev/null
    else
      echo "error: Python's venv module is missing; install it with: sudo apt-get install $pkg python$ver-venv" >&2
      exit 1
    fi
  fi
  echo "creating the project virtualenv in $venv" >&2
  rm -rf "$venv"
  "$py" -m venv "$venv"
fi

pip_quiet() {
  # pip -q, minus its warnings about configured find-links or index locations it skips because they
  # do not exist here ("WARNING: Location '/opt/wheels' is ignored: …"); every other line, and pip's
  # exit status, pass through
  { "$venv/bin/python" -m pip -q --disable-pip-version-check "$@" 2>&1 1>&3 |
    { grep -v -E "^WARNING: Location '[^']*' is ignored: " || true; } >&2; } 3>&1
}

# Install only when what decides the install changed: pyproject.toml and the extras asked for.
stamp="$venv/.anatomy-kg-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1) extras=[$extras]"
have="$(cat "$stamp" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
  echo "installing AnatomyKG${extras:+ with [$extras]} into $venv (first run: one to two minutes)" >&2
  spec="."
  [ -n "$extras" ] && spec=".[$extras]"
  pip_quiet install --upgrade pip >/dev/null
  # setuptools' "Editable installation" notice (folders named like the package) is for library authors
  PYTHONWARNINGS="ignore:Editable installation" pip_quiet install -e "$spec"
  echo "$want" >"$stamp"
fi
# Byte-compile the package, as a regular (non-editable) install does: otherwise, where
# PYTHONDONTWRITEBYTECODE is set, every command compiles kg's modules again (~0.1 s of each start).
# Only changed files are compiled, so this costs little on later runs.
"$venv/bin/python" -m compileall -q kg >/dev/null || true

#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up the project's .venv with the test tools
# (Debian's chromium for the browser tests and virtuoso-opensource for the remote-engine parity
# tests, installed when run as root; the oxigraph server comes from PyPI with the test extra),
# then lint and run pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test,dev
export PATH="$PWD/.venv/bin:$PATH"
apt_install() {
  # apt_install PACKAGE...: Debian packages, without prompts and without starting their services
  local own_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # Virtuoso's package starts a system service on 1111/8890; the tests start their own server
    # from a private ini on free ports, so invoke-rc.d is told not to start anything meanwhile
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" \
      >/dev/null || status=$?
  [ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d
  return $status
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's ${missing[*]} for the browser and remote-engine tests" >&2
    apt_install "${missing[@]}"
    # a service left running (where policy-rc.d was not honoured) would hold Virtuoso's default ports
    if command -v service >/dev/null 2>&1 && [ -e /etc/init.d/virtuoso-opensource-7 ]; then
      service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
    fi
  else
    echo "warning: ${missing[*]} not installed; the browser tests (chromium) and Virtuoso parity tests" \
      "skip; run 'sudo apt-get install ${missing[*]}' or scripts/test.sh as root" >&2
  fi
fi
python -m ruff check .
python -m ruff format --check kg tests app.py
python -m pytest "$@"

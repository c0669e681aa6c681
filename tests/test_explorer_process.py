"""`anatomy-kg app` as a real process: a signal stops the Streamlit server it started, a busy port is said plainly."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest
from servers import cli_env, free_port

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_app(port: int, log: Path) -> subprocess.Popen[bytes]:
    """`anatomy-kg app --port PORT` through the current interpreter, once the explorer answers."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "app", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=cli_env(),
            cwd=ROOT,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            with urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"the explorer did not answer within 120 s:\n{log.read_text()}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_the_server_and_frees_the_port(sig: signal.Signals, tmp_path: Path) -> None:
    port = free_port()
    process = start_app(port, tmp_path / "app.log")
    assert not port_is_free(port)
    process.send_signal(sig)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(f"anatomy-kg app still running 30 s after {sig.name}") from None
    assert port_is_free(port), f"something still listens on {port} after {sig.name} to anatomy-kg app"
    assert "AnatomyKG explorer on http://127.0.0.1:" in (tmp_path / "app.log").read_text()


def test_port_in_use_is_one_clear_line_before_any_banner() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "kg.cli", "app", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env=cli_env(),
            cwd=ROOT,
        )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"anatomy-kg: error: port {port} on 127.0.0.1 is already in use (another explorer or server is running "
        f"there); stop it, or choose another port: anatomy-kg app --port {port + 1}\n"
    )

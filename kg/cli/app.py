"""`anatomy-kg app`: run the Streamlit explorer locally (127.0.0.1, headless, no usage statistics)."""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["app", "commands", "port_problem"]

APP = Path(__file__).resolve().parent.parent.parent / "app.py"
HOST = "127.0.0.1"


def port_problem(port: int, host: str = HOST) -> str | None:
    """Why the explorer cannot listen on `host:port`, in plain words, or None when it can.

    Args:
        port: The TCP port asked for.
        host: The address the explorer listens on.

    Returns:
        A one-line message naming the port and suggesting `--port`, or None when the port is free.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # the same option Tornado (Streamlit's server) sets, so a port in TIME_WAIT is not "in use"
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            other = port + 1 if port < 65535 else port - 1
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {host} is already in use (another explorer or server is running there); "
                    f"stop it, or choose another port: anatomy-kg app --port {other}"
                )
            if exc.errno == errno.EACCES:
                return f"port {port} needs administrator rights on this system; choose one above 1023: anatomy-kg app --port 8501"
            return f"cannot listen on {host}:{port}: {exc.strerror}; choose another port with --port"
    return None


@click.command()
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="SPARQL endpoint to browse instead of the built-in graph (default: $ANATOMY_KG_ENDPOINT).",
)
def app(port: int, endpoint: str | None) -> None:
    """Open the explorer (search, entity cards, graphs, root deficits, localisation, SPARQL) on 127.0.0.1.

    The process becomes the Streamlit server itself, so Ctrl+C, SIGINT or SIGTERM to it stops the
    server and frees the port; there is no child process left behind.

    Example: anatomy-kg app --port 8501
    """
    problem = port_problem(port)
    if problem:
        raise KGError(problem)
    env = dict(os.environ)
    if endpoint:
        env["ANATOMY_KG_ENDPOINT"] = endpoint
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless",
        "true",
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--client.showErrorDetails",
        "none",
    ]
    click.echo(f"AnatomyKG explorer on http://{HOST}:{port}  (Ctrl+C to stop) — for education, not diagnosis", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(APP.parent)
    # exec, not a child process: a signal to this process reaches the server, which shuts down on
    # SIGINT and SIGTERM (Streamlit's own handlers), and nothing outlives it.
    os.execve(sys.executable, command, env)


commands = [app]

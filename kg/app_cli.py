"""`anatomy-kg app`: run the Streamlit explorer locally (127.0.0.1, headless, no usage statistics)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

__all__ = ["app", "commands"]

APP = Path(__file__).resolve().parent.parent / "app.py"


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

    Example: anatomy-kg app --port 8501
    """
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
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--client.showErrorDetails",
        "none",
    ]
    click.echo(
        f"AnatomyKG explorer on http://127.0.0.1:{port}  (Ctrl+C to stop) — for education, not diagnosis", err=True
    )
    try:
        raise SystemExit(subprocess.call(command, env=env, cwd=str(APP.parent)))
    except KeyboardInterrupt:
        raise SystemExit(0) from None


commands = [app]

"""Options and output helpers shared by every CLI command module (oaklib-style reusable options)."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.errors import KGError

__all__ = [
    "FORMAT_CHOICES",
    "emit",
    "endpoint_option",
    "format_option",
    "open_graph",
    "read_text_file",
]

FORMAT_CHOICES = ["table", "json", "csv", "tsv"]


def format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """-f/--format table|json|csv|tsv (default table)."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMAT_CHOICES),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)


def _endpoint_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if not value:
        return None
    from kg.store import check_endpoint_url

    try:
        return check_endpoint_url(value)
    except KGError as e:
        raise click.BadParameter(str(e), ctx=ctx, param=param) from None


def endpoint_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--endpoint URL: query a SPARQL 1.1 endpoint instead of the embedded store (checked: http(s)://host…)."""
    return click.option(
        "--endpoint",
        envvar="ANATOMY_KG_ENDPOINT",
        default=None,
        metavar="URL",
        callback=_endpoint_value,
        help="SPARQL 1.1 endpoint to query instead of the embedded store (env ANATOMY_KG_ENDPOINT).",
    )(f)


MAX_TEXT_FILE_BYTES = 1_000_000


def read_text_file(path: Path, what: str = "file") -> str:
    """The UTF-8 text of `path`; KGError (exit 2) for a missing, special (FIFO, device), directory, huge or non-UTF-8 file.

    The kind of file is checked before it is opened, so a FIFO cannot block the command.
    """
    try:
        info = path.stat()
    except OSError as e:
        raise KGError(f"cannot read {what} {path}: {e.strerror or e}") from None
    if stat.S_ISDIR(info.st_mode):
        raise KGError(f"cannot read {what} {path}: it is a directory; give a file")
    if not stat.S_ISREG(info.st_mode):
        raise KGError(f"cannot read {what} {path}: it is not a regular file (a pipe or device); give a file")
    if info.st_size > MAX_TEXT_FILE_BYTES:
        raise KGError(f"cannot read {what} {path}: it is {info.st_size:,} bytes; the limit is {MAX_TEXT_FILE_BYTES:,}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KGError(f"cannot read {what} {path}: {e.strerror or e}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise KGError(
            f"cannot read {what} {path}: it is not UTF-8 text (byte 0x{data[e.start]:02x} on line {line}); "
            "save it as UTF-8"
        ) from None


def open_graph(endpoint: str | None) -> Any:
    import kg

    return kg.load(endpoint=endpoint, cache=True)  # a cache keyed by the data's hash: see kg.cache


def emit(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    from kg.cli.output import render

    click.echo(render(rows, columns, fmt), nl=False)

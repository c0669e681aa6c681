"""Options and output helpers shared by every CLI command module (oaklib-style reusable options)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

__all__ = ["FORMAT_CHOICES", "emit", "endpoint_option", "format_option", "open_graph"]

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


def endpoint_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--endpoint URL: query a SPARQL 1.1 endpoint instead of the embedded store."""
    return click.option(
        "--endpoint",
        envvar="ANATOMY_KG_ENDPOINT",
        default=None,
        metavar="URL",
        help="SPARQL 1.1 endpoint to query instead of the embedded store (env ANATOMY_KG_ENDPOINT).",
    )(f)


def open_graph(endpoint: str | None) -> Any:
    import kg

    return kg.load(endpoint=endpoint, cache=True)  # a cache keyed by the data's hash: see kg.cache


def emit(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    from kg.output import render

    click.echo(render(rows, columns, fmt), nl=False)

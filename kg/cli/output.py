"""Write result rows as an aligned table, JSON, CSV or TSV (one writer per format)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["FORMATS", "render"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "(no results)\n"
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    # every column but the last is capped so rows stay on one line; the last one is never cut
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    widths = [w if i == len(widths) - 1 else min(w, 70) for i, w in enumerate(widths)]

    def line(values: Sequence[str]) -> str:
        out = []
        for value, width in zip(values, widths, strict=True):
            value = value if len(value) <= width else value[: width - 1] + "…"
            out.append(value.ljust(width))
        return "  ".join(out).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)]) + "\n"


def _json(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    return json.dumps([{c: row.get(c) for c in columns} for row in rows], indent=2, ensure_ascii=False) + "\n"


def _delimited(delimiter: str) -> Callable[[Sequence[Mapping[str, Any]], Sequence[str]], str]:
    def write(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buffer.getvalue()

    return write


FORMATS: dict[str, Callable[[Sequence[Mapping[str, Any]], Sequence[str]], str]] = {
    "table": _table,
    "json": _json,
    "csv": _delimited(","),
    "tsv": _delimited("\t"),
}


def render(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str = "table") -> str:
    """Rows (dicts) as text in `fmt`: table, json, csv or tsv."""
    return FORMATS[fmt](rows, columns)

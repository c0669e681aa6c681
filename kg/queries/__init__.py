"""Named SPARQL queries, one `.rq` file each, loaded by name with their header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["QUERY_DIR", "NamedQuery", "gallery", "load_query"]

QUERY_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name, header fields (`#+ key: value`) and text."""

    name: str
    text: str
    summary: str = ""
    params: str = ""
    returns: str = ""
    gallery: bool = False
    extra: dict[str, str] = field(default_factory=dict)


@cache
def load_query(name: str) -> NamedQuery:
    """The query `kg/queries/<name>.rq` (or `.ru` for updates)."""
    for suffix in (".rq", ".ru"):
        path = QUERY_DIR / f"{name}{suffix}"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            header = dict(re.findall(r"(?m)^#\+\s*(\w+):\s*(.*)$", text))
            return NamedQuery(
                name=name,
                text=text,
                summary=header.pop("summary", ""),
                params=header.pop("params", ""),
                returns=header.pop("returns", ""),
                gallery=header.pop("gallery", "no").strip().lower() == "yes",
                extra=header,
            )
    raise KeyError(f"no query named {name!r} in {QUERY_DIR}")


def gallery() -> list[NamedQuery]:
    """Example queries meant for people (header `#+ gallery: yes`), by name."""
    return [q for q in (load_query(p.stem) for p in sorted(QUERY_DIR.glob("*.rq"))) if q.gallery]

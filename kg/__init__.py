"""AnatomyKG: a knowledge graph of lumbopelvic and lower-limb anatomy. For education, not diagnosis.

`import kg; kg.load()` is the API. The names below are imported on first use (PEP 562), so
`import kg` alone stays cheap and a command that needs no rdflib does not import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import EndpointError, KGError, QueryError, TurtleError, UnknownNameError

if TYPE_CHECKING:
    from kg.graph import DISCLAIMER, AnatomyGraph, SearchHit, load
    from kg.vocab import AKG, ENT, RO

__all__ = [
    "AKG",
    "DISCLAIMER",
    "ENT",
    "RO",
    "AnatomyGraph",
    "EndpointError",
    "KGError",
    "QueryError",
    "SearchHit",
    "TurtleError",
    "UnknownNameError",
    "load",
]
__version__ = "0.1.0"

_LAZY = {
    "DISCLAIMER": "kg.graph",
    "AnatomyGraph": "kg.graph",
    "SearchHit": "kg.graph",
    "load": "kg.graph",
    "AKG": "kg.vocab",
    "ENT": "kg.vocab",
    "RO": "kg.vocab",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

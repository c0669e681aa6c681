"""A cache of what the embedded graph derives from the shipped data, so a command starts fast.

`anatomy-kg deficit L5` spends most of its time parsing the Turtle, inferring shortcuts and
reading labels and the neuromuscular model out of the store. Those depend only on the data
files and on this package's code, so they are pickled once under a key made of both, and the
next process reads them back instead; the store itself is then loaded only when a command
asks it a query the cache does not answer. Any change to a data file, a query or the code
gives a new key, so a stale result is never read.

The cache lives in $ANATOMY_KG_CACHE_DIR, else $XDG_CACHE_HOME/anatomy-kg, else
~/.cache/anatomy-kg; `ANATOMY_KG_CACHE_DIR=off` turns it off. Only files this module wrote
are read (one per key; older ones are removed).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.graph import AnatomyGraph, data_files, load_embedded
from kg.store import EmbeddedStore

__all__ = ["CACHED", "CachedGraph", "cache_dir", "cached_graph", "data_key"]

CACHE_ENV = "ANATOMY_KG_CACHE_DIR"
#: AnatomyGraph's derived tables kept in the cache (cached properties; each is skipped if the class has none)
CACHED = ("_labels_and_types", "class_ancestors", "label_index", "name_index", "model")
PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """Where the cache lives, or None when $ANATOMY_KG_CACHE_DIR is `off`."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("off", "0", "no", "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "anatomy-kg"


def data_key(files: list[Path] | None = None) -> str:
    """Hash of the data files (names and bytes), this package's code and queries, and the library versions."""
    import pyoxigraph
    import rdflib

    digest = hashlib.sha256()
    digest.update(f"{sys.version}|{pyoxigraph.__version__}|{rdflib.__version__}".encode())
    for path in files if files is not None else data_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".rq", ".ru") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


class CachedGraph(AnatomyGraph):
    """The embedded graph whose derived tables may come from the cache; its store loads on first use."""

    def __init__(self, path: Path | None = None) -> None:  # no store yet: see `store`
        self._cache_path = path

    def derived(self, key: str, build: Callable[[], Any]) -> Any:
        """As AnatomyGraph.derived, and a value built here is written to the cache for the next process."""
        known = key in self.__dict__.get("_derived", {})
        value = super().derived(key, build)
        if not known and self._cache_path is not None:
            tables = {name: getattr(self, name) for name in _cached_names()}
            tables["_derived"] = self.__dict__["_derived"]
            _write(self._cache_path.parent, self._cache_path, tables)
        return value

    @cached_property
    def store(self) -> EmbeddedStore:  # type: ignore[override]
        """The embedded store, loaded (parse + inference) the first time a query needs it."""
        return load_embedded()


def _cached_names() -> list[str]:
    return [name for name in CACHED if isinstance(getattr(AnatomyGraph, name, None), cached_property)]


def cached_graph() -> AnatomyGraph:
    """The shipped graph on the embedded store, its derived tables read from the cache or written to it.

    Falls back to an uncached graph silently when the cache cannot be read or written.
    """
    folder = cache_dir()
    if folder is None:
        return CachedGraph()
    try:
        key = data_key()
    except OSError:
        return CachedGraph()
    path = folder / f"graph-{key}.pickle"
    graph = CachedGraph(path)
    try:
        with path.open("rb") as f:
            tables: dict[str, Any] = pickle.load(f)
        if set(tables) - {"_derived"} == set(_cached_names()):
            graph.__dict__.update(tables)
            return graph
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass
    tables = {name: getattr(graph, name) for name in _cached_names()}
    _write(folder, path, tables)
    return graph


def _write(folder: Path, path: Path, tables: dict[str, Any]) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".graph-", delete=False) as f:
            pickle.dump(tables, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
        for old in folder.glob("graph-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return

"""A cache of what the embedded graph derives from the shipped data, so a command starts fast.

`anatomy-kg deficit L5` would spend most of its time parsing the Turtle, inferring shortcuts and
reading labels and the neuromuscular model out of the store. Those depend only on the data
files and on this package's code, so they are pickled once under a key made of both, and the
next process reads them back instead (kg.graph.CachedGraph); the store itself is then loaded
only when a command asks it a query the cache does not answer. Any change to a data file, a
query or the code gives a new key, so a stale result is never read.

The cache lives in $ANATOMY_KG_CACHE_DIR, else $XDG_CACHE_HOME/anatomy-kg, else
~/.cache/anatomy-kg; `ANATOMY_KG_CACHE_DIR=off` turns it off. Only files this module wrote
are read (one per key; older ones are removed). A file is written under a temporary name and
renamed into place, so two processes filling the cache at once each leave a whole file and a
reader never sees half of one.

This module imports nothing of kg and no RDF library: reading the cache costs no more than
unpickling the tables.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["CACHE_ENV", "cache_dir", "data_key", "read_tables", "write_tables"]

CACHE_ENV = "ANATOMY_KG_CACHE_DIR"
PACKAGE = Path(__file__).resolve().parent
#: libraries whose version may change what the tables hold (how literals are read, what a query answers)
LIBRARIES = ("pyoxigraph", "rdflib")


def cache_dir() -> Path | None:
    """Where the cache lives, or None when $ANATOMY_KG_CACHE_DIR is `off`."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("off", "0", "no", "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "anatomy-kg"


def _library_stamp(name: str) -> str:
    """Where a library is installed and when, found without importing it (a reinstall changes it)."""
    spec = importlib.util.find_spec(name)
    origin = spec.origin if spec is not None else None
    if not origin:
        return f"{name}:absent"
    info = os.stat(origin)
    return f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}"


def data_key(files: Iterable[Path]) -> str:
    """Hash of the data files (names and bytes), this package's code and queries, and the library installs."""
    digest = hashlib.sha256()
    digest.update("|".join([sys.version, *map(_library_stamp, LIBRARIES)]).encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".rq", ".ru") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def read_tables(path: Path) -> dict[str, Any] | None:
    """The tables pickled at `path`, or None when there are none or they cannot be read."""
    try:
        with path.open("rb") as f:
            tables = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return tables if isinstance(tables, dict) else None


def write_tables(path: Path, tables: dict[str, Any]) -> None:
    """Pickle `tables` to `path` atomically (temporary file, then rename) and remove older keys; errors are ignored."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".graph-", delete=False) as f:
            try:
                pickle.dump(tables, f, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                f.close()
                os.unlink(f.name)
                raise
        os.replace(f.name, path)
        for old in folder.glob("graph-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return

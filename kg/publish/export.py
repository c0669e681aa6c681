"""Serialise the whole graph (with its inferred shortcuts) for other triple stores and tools."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.graph import AnatomyGraph
from kg.store import EmbeddedStore, to_oxigraph
from kg.vocab import ENT, PREFIXES

__all__ = ["EXPORT_FORMATS", "check_output", "export", "write_atomically"]

RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}


def _as_oxigraph_store(graph: AnatomyGraph) -> ox.Store:
    if isinstance(graph.store, EmbeddedStore):
        return graph.store.ox
    store = ox.Store()
    for s, p, o in graph.store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        store.add(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)))  # type: ignore[arg-type]
    return store


def _rdf(fmt: str) -> Callable[[AnatomyGraph], bytes]:
    def write(graph: AnatomyGraph) -> bytes:
        store = _as_oxigraph_store(graph)
        prefixes = {p: ns for p, ns in PREFIXES.items() if p} | {"id": str(ENT)}
        out = store.dump(
            format=RDF_FORMATS[fmt],
            from_graph=ox.DefaultGraph(),
            prefixes=prefixes if fmt in ("ttl", "jsonld") else None,
        )
        return out if out is not None else b""

    return write


def _graphml(graph: AnatomyGraph) -> bytes:
    """Entities as nodes (label, type), relations between entities as edges (relation label)."""
    import io

    import networkx as nx

    rows = graph.store.select(
        """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?s ?p ?o ?pl WHERE {
          ?s ?p ?o . ?s rdfs:label ?sl . ?o rdfs:label ?ol .
          FILTER(STRSTARTS(STR(?s), "https://w3id.org/anatomy-kg/id/") && STRSTARTS(STR(?o), "https://w3id.org/anatomy-kg/id/"))
          OPTIONAL { ?p rdfs:label ?pl }
        }"""
    )
    types = {iri: type_ for iri, _name, type_ in graph.label_index}
    g = nx.MultiDiGraph()
    for row in rows:
        s, o = str(row["s"]), str(row["o"])
        for node in (s, o):
            if node not in g:
                g.add_node(node, label=graph.label(node), type=types.get(node, ""))
        g.add_edge(s, o, relation=str(row.get("pl") or row["p"]), predicate=str(row["p"]))
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer)
    return buffer.getvalue()


EXPORT_FORMATS: dict[str, Callable[[AnatomyGraph], bytes]] = {
    "ttl": _rdf("ttl"),
    "nt": _rdf("nt"),
    "jsonld": _rdf("jsonld"),
    "graphml": _graphml,
}


def check_output(output: Path) -> None:
    """KGError (exit 2) saying why `output` cannot be written, before any work is done."""
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir():
        raise KGError(f"cannot write {output}: it is a directory; give a file name such as {output / 'anatomy-kg.ttl'}")
    if folder.exists() and not folder.is_dir():
        raise KGError(f"cannot write {output}: {folder} is a file, not a folder; choose another -o")
    if not folder.is_dir():
        raise KGError(f"cannot write {output}: the folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise KGError(f"cannot write {output}: the folder {folder} is not writable; choose another -o")
    if output.exists() and not output.is_file():
        raise KGError(f"cannot write {output}: it is not a regular file; give a file name")


def write_atomically(output: Path, data: bytes) -> None:
    """Write `data` to `output` all or nothing: a temporary file in the same folder, then a rename.

    A full disk or an unwritable place leaves any existing `output` untouched; KGError says why.
    """
    check_output(output)
    folder = output.parent if str(output.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise KGError(f"cannot write {output}: {e.strerror or e}; choose another -o") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, output)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise KGError(f"cannot write {output}: {e.strerror or e}; nothing was written") from None


def export(graph: AnatomyGraph, fmt: str, output: Path | None = None) -> bytes:
    """The graph serialised as `fmt` (ttl, nt, jsonld, graphml); written atomically to `output` if given."""
    if output is not None:
        check_output(output)  # before the work: a typo in -o is reported at once
    data = EXPORT_FORMATS[fmt](graph)
    if output is not None:
        write_atomically(output, data)
    return data

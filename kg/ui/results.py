"""People's SPARQL results as tables and downloads (CSV, SPARQL JSON, Turtle, N-Triples); no streamlit here."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef

from kg.viz import entity_slug
from kg.vocab import ENT, PREFIXES, curie

__all__ = ["display_table", "entity_iris", "select_csv", "select_json", "triples_json", "triples_rdf"]


def _cell(term: Any) -> str:
    return "" if term is None else str(term)


def display_table(
    variables: Sequence[str], rows: Sequence[Mapping[str, Any]], labels: Mapping[str, str]
) -> tuple[list[dict[str, str]], list[str]]:
    """Rows for showing: an IRI shows its label (or prefixed name); entity IRIs get a `<var> ↗` card link column.

    Returns (rows, link columns).
    """
    link_vars = [
        v for v in variables if any(isinstance(r.get(v), URIRef) and str(r[v]).startswith(str(ENT)) for r in rows)
    ]
    out = []
    for row in rows:
        shown: dict[str, str] = {}
        for var in variables:
            term = row.get(var)
            if isinstance(term, URIRef):
                shown[var] = labels.get(str(term)) or curie(str(term))
            else:
                shown[var] = _cell(term)
            if var in link_vars:
                is_entity = isinstance(term, URIRef) and str(term).startswith(str(ENT))
                shown[f"{var} ↗"] = f"/entity?entity={entity_slug(str(term))}" if is_entity else ""
        out.append(shown)
    return out, [f"{v} ↗" for v in link_vars]


def entity_iris(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Project entity IRIs in the rows, first appearance first."""
    seen: dict[str, None] = {}
    for row in rows:
        for term in row.values():
            if isinstance(term, URIRef) and str(term).startswith(str(ENT)):
                seen.setdefault(str(term), None)
    return list(seen)


def select_csv(variables: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    """SPARQL 1.1 CSV results: a header of variable names, full IRIs and plain literal values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_cell(row.get(v)) for v in variables])
    return buffer.getvalue()


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
    return out


def select_json(variables: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{v: _json_term(row[v]) for v in variables if row.get(v) is not None} for row in rows]
    return json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, indent=2)


def _rdf_graph(triples: Sequence[tuple[Any, Any, Any]]) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix or "ent", ns)
    for triple in triples:
        g.add(triple)
    return g


def triples_rdf(triples: Sequence[tuple[Any, Any, Any]], fmt: str = "turtle") -> str:
    """CONSTRUCT/DESCRIBE triples as Turtle (default) or N-Triples ('nt')."""
    return _rdf_graph(triples).serialize(format=fmt)


def triples_json(triples: Sequence[tuple[Any, Any, Any]]) -> str:
    """Triples as JSON-LD."""
    return _rdf_graph(triples).serialize(format="json-ld", indent=2)

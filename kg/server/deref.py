"""Dereferencing entity IRIs on `anatomy-kg serve`: `GET /id/gluteus_medius` answers the entity's
triples (Turtle, N-Triples, JSON-LD by `Accept`) or, for a browser, a readable card in HTML.

The queries go through the server's worker pool like any other, with the entity's IRI built
from a name checked against a strict pattern (never text spliced into SPARQL).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from kg.vocab import ENT, curie

__all__ = ["RDF_TYPES", "card_query", "render_card", "triples_query", "wants_html"]

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,200}")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


def wants_html(accept: str | None) -> bool:
    """Whether the client prefers HTML over RDF (a browser's Accept header); no header means RDF."""
    if not accept:
        return False
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    quality = float(f[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, fields[0].lower()))
    for _q, _pos, media in sorted(ranked):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in RDF_TYPES or media == "*/*":
            return False
    return False


def entity_iri(name: str) -> str | None:
    """The IRI of /id/NAME, or None when NAME is not a plain local name."""
    return f"{ENT}{name}" if NAME.fullmatch(name) else None


def triples_query(iri: str) -> str:
    """Everything stated about the entity, and the statements pointing at it."""
    return (
        f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} "
        f"WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> FILTER(!isBlank(?s)) }} }}"
    )


def card_query(iri: str) -> str:
    """Rows for the HTML card: property, value, and their labels, outgoing then incoming."""
    return f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?direction ?p ?pLabel ?o ?oLabel WHERE {{
  {{ <{iri}> ?p ?o . BIND("out" AS ?direction) }} UNION {{ ?o ?p <{iri}> . BIND("in" AS ?direction) }}
  FILTER(!isBlank(?o))
  OPTIONAL {{ ?p rdfs:label ?pLabel }}
  OPTIONAL {{ ?o rdfs:label ?oLabel }}
}} ORDER BY ?direction ?pLabel ?oLabel"""


def _link(value: str, label: str | None) -> str:
    shown = html.escape(label or curie(value))
    if value.startswith(str(ENT)):
        return f'<a href="/id/{html.escape(value[len(str(ENT)) :], quote=True)}">{shown}</a>'
    if value.startswith(("http://", "https://")):
        return f'<a href="{html.escape(value, quote=True)}">{shown}</a>'
    return shown


def render_card(iri: str, results: dict[str, Any], disclaimer: str) -> str | None:
    """An HTML page for the entity from SPARQL JSON results of `card_query`; None when nothing is known."""
    rows = [{k: v["value"] for k, v in b.items()} for b in results.get("results", {}).get("bindings", [])]
    if not rows:
        return None
    label = next((r["o"] for r in rows if r["p"] == "http://www.w3.org/2000/01/rdf-schema#label"), curie(iri))
    definition = next((r["o"] for r in rows if r["p"] == "http://www.w3.org/2004/02/skos/core#definition"), "")
    skip = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#definition"}
    items = {"out": [], "in": []}
    for r in rows:
        if r["direction"] == "out" and r["p"] in skip:
            continue
        relation = html.escape(r.get("pLabel") or curie(r["p"]))
        value = _link(r["o"], r.get("oLabel")) if r["o"].startswith(("http://", "https://")) else html.escape(r["o"])
        items[r["direction"]].append(
            f"<li>{relation}: {value}</li>" if r["direction"] == "out" else f"<li>{value} — {relation}</li>"
        )
    out = "\n".join(items["out"]) or "<li>(none)</li>"
    incoming = "\n".join(items["in"]) or "<li>(none)</li>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(label)} — AnatomyKG</title>
<link rel="alternate" type="text/turtle" href="">
<style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5}}code{{background:#eee}}</style>
</head><body>
<h1>{html.escape(label)}</h1>
<p><code>{html.escape(iri)}</code></p>
<p>{html.escape(definition)}</p>
<h2>Statements</h2><ul>
{out}
</ul>
<h2>Referred to by</h2><ul>
{incoming}
</ul>
<p><small>{html.escape(disclaimer)} The same resource as Turtle: ask for <code>Accept: text/turtle</code>.</small></p>
</body></html>
"""


def parse_json(body: bytes) -> dict[str, Any]:
    """SPARQL JSON results from a worker's answer."""
    return json.loads(body.decode("utf-8"))

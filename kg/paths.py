"""How are two entities connected? Shortest meaningful paths over the typed relation graph, as sentences.

The relation graph holds every sourced relation and graded fact between two entities (the links of
`kg.viz.link_index`): sources, axioms and literals are not nodes. Generic hubs (entities linked to very
many others, e.g. a plexus or a broad region) are not walked through, except when they are an end.
Paths are found with networkx (hop count), then ranked by length, then specificity (the sum of the
degrees of the nodes walked through: a path through specific structures reads better than one through
hubs), then support (more sources first).

    >>> import kg
    >>> from kg.paths import connect
    >>> best = connect(kg.load(), "L5", "gluteus medius")["paths"][0]
    >>> best["sentence"]
    'L5 spinal nerve supplies gluteus medius.'
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from kg.card import relation_words
from kg.graph import AnatomyGraph
from kg.viz import link_index

__all__ = ["GENERIC_TYPES", "HUB_DEGREE", "SKIPPED_RELATIONS", "connect", "relation_graph"]

HUB_DEGREE = 100  # an entity linked to more than this many others is a hub; paths do not pass through it
_A = "https://w3id.org/anatomy-kg/ontology#"
# kinds of entity that link many things without explaining how they are connected (a bone carries many
# attachments, an exercise targets many muscles): ends of a path, never steps in it
GENERIC_TYPES = frozenset(
    f"{_A}{t}"
    for t in ("Bone", "BonyLandmark", "MuscleGroup", "Exercise", "Intervention", "Fascia", "Region", "ClinicalTest")
)
# relations that say two things look alike, not that they are connected
SKIPPED_RELATIONS = frozenset({f"{_A}mimics"})
MAX_EXTRA_HOPS = 1  # paths up to one hop longer than the shortest are offered too


def relation_graph(graph: AnatomyGraph) -> nx.Graph:
    """Undirected graph of entities; each edge keeps its links ({'source','target','property','relation',…})."""
    g = nx.Graph()
    seen: set[int] = set()
    for links in link_index(graph).values():
        for link in links:
            if id(link) in seen or link["source"] == link["target"] or link.get("property") in SKIPPED_RELATIONS:
                continue
            seen.add(id(link))
            a, b = link["source"], link["target"]
            if g.has_edge(a, b):
                g[a][b]["links"].append(link)
            else:
                g.add_edge(a, b, links=[link])
    return g


def _best_link(g: nx.Graph, a: str, b: str) -> dict[str, Any]:
    return max(g[a][b]["links"], key=lambda link: (link["sources"], link["relation"]))


def _step(g: nx.Graph, a: str, b: str, labels: dict[str, str]) -> dict[str, Any]:
    link = _best_link(g, a, b)
    direction = "out" if link["source"] == a else "in"
    words = relation_words(link.get("property", ""), link["relation"], direction)
    if link.get("detail"):
        words += f" ({link['detail']})"
    return {
        "from": a,
        "to": b,
        "from_label": labels.get(a, a),
        "to_label": labels.get(b, b),
        "words": words,
        "relation": link["relation"],
        "sources": link["sources"],
    }


def _sentence(steps: list[dict[str, Any]]) -> str:
    text = f"{steps[0]['from_label']} {steps[0]['words']} {steps[0]['to_label']}"
    for step in steps[1:]:
        text += f", which {step['words']} {step['to_label']}"
    return text + "."


def _candidate_paths(g: nx.Graph, start: str, end: str, max_hops: int, cap: int = 20000) -> Iterator[list[str]]:
    """Every simple path of at most the shortest length + MAX_EXTRA_HOPS (and `max_hops`), up to `cap` paths."""
    try:
        shortest = nx.shortest_path_length(g, start, end)
    except nx.NetworkXNoPath:
        return
    if shortest > max_hops:
        return
    cutoff = min(shortest + MAX_EXTRA_HOPS, max_hops)
    yield from islice(nx.all_simple_paths(g, start, end, cutoff=cutoff), cap)


def connect(graph: AnatomyGraph, a: str, b: str, *, limit: int = 8, max_hops: int = 6) -> dict[str, Any]:
    """The shortest meaningful paths between the entities `a` and `b` (names, synonyms or IRIs).

    Returns {"from": {"id","label"}, "to": {…}, "paths": [{"nodes", "labels", "steps", "sentence", "hops"}]},
    at most `limit` paths, none longer than `max_hops` links. Unknown names raise `UnknownNameError`
    (with suggestions); the same entity twice raises `ValueError`.
    """
    start, end = graph.resolve(a), graph.resolve(b)
    if start == end:
        raise ValueError(f"{a!r} and {b!r} are the same entity; pick two different ones")
    labels = graph.labels
    full = relation_graph(graph)
    types = graph.entity_types
    hubs = {n for n, d in full.degree() if d > HUB_DEGREE or types.get(n) in GENERIC_TYPES} - {start, end}
    g = full.subgraph(n for n in full if n not in hubs)
    found: list[dict[str, Any]] = []
    if start in g and end in g:
        candidates = sorted(
            _candidate_paths(g, start, end, max_hops),
            key=lambda nodes: (len(nodes), sum(math.log(1 + full.degree(n)) for n in nodes[1:-1])),
        )
        for nodes in candidates[: limit * 4]:
            hops = len(nodes) - 1
            steps = [_step(g, x, y, labels) for x, y in pairwise(nodes)]
            found.append(
                {
                    "nodes": nodes,
                    "labels": [labels.get(n, n) for n in nodes],
                    "steps": steps,
                    "sentence": _sentence(steps),
                    "hops": hops,
                    "specificity": sum(math.log(1 + full.degree(n)) for n in nodes[1:-1]),
                    "support": sum(s["sources"] for s in steps),
                }
            )
    found.sort(key=lambda p: (p["hops"], round(p["specificity"], 6), -p["support"], p["labels"]))
    return {
        "from": {"id": start, "label": labels.get(start, start)},
        "to": {"id": end, "label": labels.get(end, end)},
        "paths": found[:limit],
        "hubs_skipped": len(hubs),
    }

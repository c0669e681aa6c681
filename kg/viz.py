"""Graph views as plain data: neighbourhoods, root-deficit layers, traces and CONSTRUCT results.

Every builder returns a *spec*, a JSON-ready dict that any renderer can draw:

    {"nodes": [{"id", "label", "type", "category", "color", "title", "x", "y", "shape", "size", "level"?}],
     "edges": [{"from", "to", "label", "title", "color", "width", "dashes"}],
     "legend": [{"label", "color"}], "hidden": int, "total": int, "focus": iri | None,
     "relations": [relation labels available before filtering], "title": str}

Positions are computed here with networkx, so a renderer can switch physics off and a
large graph never stalls a browser. `to_pyvis_html` turns a spec into a standalone page
that works offline: vis-network inlined, no CDN tags, every string from the graph escaped.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import math
import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Literal, URIRef

from kg.store import as_float
from kg.vocab import AKG, ENT, OBO, curie

if TYPE_CHECKING:
    from kg.graph import AnatomyGraph

__all__ = [
    "CATEGORIES",
    "GRADE_COLOURS",
    "category_of",
    "construct_graph",
    "deficit_layers",
    "entity_slug",
    "link_index",
    "neighbourhood",
    "spec_json",
    "to_pyvis_html",
    "trace_graph",
    "type_label",
]

# (category label, ontology classes in it, fill colour); first match wins, so specific before general
CATEGORIES: list[tuple[str, tuple[str, ...], str]] = [
    ("muscle", ("Muscle",), "#e15759"),
    ("muscle group", ("MuscleGroup",), "#ff9d9a"),
    ("spinal root", ("SpinalNerve",), "#f28e2b"),
    ("nerve / plexus", ("Nerve", "Plexus"), "#edc948"),
    ("artery", ("Artery",), "#b07aa1"),
    ("action", ("Action",), "#59a14f"),
    ("joint", ("Joint",), "#9c755f"),
    ("skin region", ("SkinRegion",), "#f1a2c0"),
    ("reflex", ("Reflex",), "#76b7b2"),
    ("symptom / sign", ("Symptom", "Sign", "ClinicalFinding"), "#4e79a7"),
    ("dysfunction", ("Dysfunction",), "#a0cbe8"),
    ("clinical test", ("ClinicalTest",), "#86bcb6"),
    ("exercise / treatment", ("Exercise", "Intervention"), "#8cd17d"),
    ("bone / soft tissue", ("AnatomicalStructure",), "#bab0ac"),
]
OTHER_CATEGORY = ("other", "#d7d7d7")

GRADE_COLOURS = {"severe": "#b2182b", "moderate": "#ef8a62", "mild": "#fddbc7", "none": "#e0e0e0"}
LESION_COLOUR = "#2f2f2f"
EDGE_COLOUR = "#8a8a8a"

_category_cache: weakref.WeakKeyDictionary[Any, dict[str, tuple[str, str]]] = weakref.WeakKeyDictionary()


def category_of(graph: AnatomyGraph, type_iri: str) -> tuple[str, str]:
    """(category label, colour) of an entity type, from the ontology's class hierarchy."""
    cache = _category_cache.setdefault(graph, {})
    if type_iri not in cache:
        ancestors = graph.class_ancestors.get(type_iri, frozenset({type_iri}))
        cache[type_iri] = next(
            (
                (label, colour)
                for label, classes, colour in CATEGORIES
                if any(str(AKG[c]) in ancestors for c in classes)
            ),
            OTHER_CATEGORY,
        )
    return cache[type_iri]


def _category_for_type_name(type_iri: str) -> tuple[str, str]:
    """Category of a type without a graph at hand (exact class match only)."""
    for label, classes, colour in CATEGORIES:
        if any(type_iri == str(AKG[c]) for c in classes):
            return label, colour
    return OTHER_CATEGORY


def _legend(nodes: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    for node in nodes:
        seen.setdefault(node["category"], node["color"])
    order = [c[0] for c in CATEGORIES]
    return [
        {"label": label, "color": colour}
        for label, colour in sorted(seen.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    ]


def _text_colour(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (#rrggbb)."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if (0.299 * r + 0.587 * g + 0.114 * b) < 110 else "#1a1a1a"


# ---------------------------------------------------------------------------- layout
def _scale(pos: Mapping[str, Sequence[float]], width: float, height: float) -> dict[str, tuple[float, float]]:
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {
        n: (
            round((p[0] - min(xs)) / span_x * width - width / 2, 1),
            round((p[1] - min(ys)) / span_y * height - height / 2, 1),
        )
        for n, p in pos.items()
    }


def _force_layout(nodes: Sequence[str], edges: Iterable[tuple[str, str]], focus: str | None) -> dict[str, tuple]:
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    n = max(len(nodes), 1)
    if focus in g:
        # start from rings around the focus (ring = distance), then relax with a spring layout
        rings = nx.single_source_shortest_path_length(g, focus)
        by_ring: dict[int, list[str]] = {}
        for node in nodes:
            by_ring.setdefault(rings.get(node, 3), []).append(node)
        start = {}
        for ring, members in by_ring.items():
            for i, node in enumerate(members):
                angle = 2 * math.pi * i / len(members) + ring * 0.4
                start[node] = (ring * math.cos(angle), ring * math.sin(angle))
        start[focus] = (0.0, 0.0)
        pos = nx.spring_layout(g, pos=start, fixed=[focus], k=2.2 / math.sqrt(n), iterations=80, seed=7)
    else:
        pos = nx.spring_layout(g, k=2.2 / math.sqrt(n), iterations=80, seed=7)
    side = 220 + 70 * math.sqrt(n)
    return _scale(pos, side * 1.5, side)


def _radial_layout(
    focus: str,
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str]],
    distance: Mapping[str, int],
    order: Mapping[str, Any],
) -> dict[str, tuple[float, float]]:
    """Focus in the centre, ring 1 on a circle grouped by `order` (category), ring 2 outside, each near its parents."""
    ring1 = sorted((n for n in nodes if distance.get(n) == 1), key=lambda n: order.get(n, ""))
    ring2 = [n for n in nodes if distance.get(n, 2) >= 2 and n != focus]
    r1 = max(260.0, 28.0 * len(ring1) / math.pi)
    pos: dict[str, tuple[float, float]] = {focus: (0.0, 0.0)}
    angle: dict[str, float] = {}
    for i, node in enumerate(ring1):
        angle[node] = 2 * math.pi * i / max(len(ring1), 1) - math.pi / 2
        pos[node] = (1.6 * r1 * math.cos(angle[node]), r1 * math.sin(angle[node]))
    if ring2:
        neighbours: dict[str, list[str]] = {}
        for a, b in edges:
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)

        def mean_angle(node: str) -> float:
            parents = [angle[p] for p in neighbours.get(node, []) if p in angle]
            if not parents:
                return math.pi
            return math.atan2(sum(math.sin(a) for a in parents), sum(math.cos(a) for a in parents)) % (2 * math.pi)

        ring2.sort(key=lambda n: (mean_angle(n), order.get(n, "")))
        r2 = max(r1 + 260.0, 24.0 * len(ring2) / math.pi)
        for i, node in enumerate(ring2):
            a = 2 * math.pi * i / len(ring2) + (mean_angle(ring2[0]) if ring2 else 0)
            pos[node] = (1.6 * r2 * math.cos(a), r2 * math.sin(a))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def _layered_layout(levels: Mapping[str, int], order: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """Columns left to right by level; within a column, nodes by `order` (smaller first)."""
    columns: dict[int, list[str]] = {}
    for node, level in levels.items():
        columns.setdefault(level, []).append(node)
    tallest = max((len(c) for c in columns.values()), default=1)
    spacing_y = 58.0
    # aim for a landscape picture (width ≈ 1.6 × height) so a renderer's fit() keeps labels legible
    spacing_x = min(max(1.6 * tallest * spacing_y / max(len(columns) - 1, 1), 180.0), 380.0)
    pos = {}
    for level, members in columns.items():
        members.sort(key=lambda n: (order.get(n, 0.0), n))
        top = -(len(members) - 1) * spacing_y / 2
        for i, node in enumerate(members):
            pos[node] = (level * spacing_x, top + i * spacing_y)
    return pos


def _node(
    node_id: str,
    label: str,
    category: tuple[str, str],
    title: str,
    *,
    size: int = 16,
    shape: str = "dot",
    level: int | None = None,
    color: str | None = None,
    type_iri: str = "",
) -> dict[str, Any]:
    fill = color or category[1]
    node: dict[str, Any] = {
        "id": node_id,
        "label": label,
        "type": type_iri,
        "category": category[0],
        "color": fill,
        "font_color": "#1a1a1a",
        "title": title,
        "shape": shape,
        "size": size,
    }
    if shape == "box":
        node["font_color"] = _text_colour(fill)
    if level is not None:
        node["level"] = level
    return node


def _edge(source: str, target: str, label: str, *, title: str = "", width: float = 1.0, color: str = EDGE_COLOUR):
    return {
        "from": source,
        "to": target,
        "label": label,
        "title": title or label,
        "color": color,
        "width": width,
        "dashes": False,
    }


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------- neighbourhood
@functools.lru_cache(maxsize=4)
def link_index(graph: AnatomyGraph) -> dict[str, list[dict[str, Any]]]:
    """Entity → every link it takes part in (relation label, detail, number of sources).

    Read once per loaded graph with `neighbour_links.rq`, so a neighbourhood of any depth is
    built from memory: one query for the whole graph instead of one per node.
    """
    index: dict[str, list[dict[str, Any]]] = {}
    for row in graph.named("neighbour_links"):
        link = {
            "source": str(row["source"]),
            "target": str(row["target"]),
            "relation": str(row["relationLabel"]),
            "property": str(row["relation"]),
            "detail": str(row.get("detail") or ""),
            "sources": int(as_float(row["sources"])),
        }
        index.setdefault(link["source"], []).append(link)
        if link["target"] != link["source"]:
            index.setdefault(link["target"], []).append(link)
    return index


def neighbourhood(
    graph: AnatomyGraph,
    iri: str,
    depth: int = 1,
    relations: Iterable[str] | None = None,
    max_nodes: int = 60,
) -> dict[str, Any]:
    """The entities within `depth` (1 or 2) links of `iri`, at most `max_nodes` of them.

    Links are sourced relations and graded facts (segmental innervation, action roles).
    `relations` keeps only links whose relation label is listed. When the cap bites, the
    closest and best-supported neighbours are kept (ring 1 before ring 2; more sources and
    more links to kept nodes first) and `hidden` says how many were left out.
    """
    if depth not in (1, 2):
        raise ValueError(f"depth must be 1 or 2, got {depth}")
    wanted = set(relations) if relations is not None else None
    available: set[str] = set()
    links: dict[tuple[str, str, str], dict[str, Any]] = {}

    index = link_index(graph)

    def expand(centre: str) -> set[str]:
        found = set()
        for row in index.get(centre, ()):
            source, target, relation = row["source"], row["target"], row["relation"]
            available.add(relation)
            if wanted is not None and relation not in wanted:
                continue
            if source == target:
                continue
            link = links.setdefault((source, relation, target), dict(row))
            link["sources"] = max(link["sources"], row["sources"])
            found.add(target if source == centre else source)
        return found

    ring1 = expand(iri)
    strength: dict[str, int] = {}
    for link in links.values():
        for end in (link["source"], link["target"]):
            if end != iri:
                strength[end] = max(strength.get(end, 0), link["sources"] + 1)
    ordered1 = sorted(ring1, key=lambda n: (-strength.get(n, 0), graph.label(n).lower()))
    kept = [iri, *ordered1[: max(max_nodes - 1, 0)]]
    all_nodes = {iri, *ring1}
    distance = {iri: 0, **{n: 1 for n in ring1}}
    if depth == 2:
        for centre in kept[1:]:
            for other in expand(centre):
                all_nodes.add(other)
                distance.setdefault(other, 2)
        kept_set = set(kept)
        ring2 = [n for n in all_nodes if distance[n] == 2]
        ties: dict[str, int] = {}
        support: dict[str, int] = {}
        for link in links.values():
            s, t = link["source"], link["target"]
            for near, far in ((s, t), (t, s)):
                if near in kept_set and distance.get(far) == 2:
                    ties[far] = ties.get(far, 0) + 1
                    support[far] = support.get(far, 0) + link["sources"]
        ring2.sort(key=lambda n: (-ties.get(n, 0), -support.get(n, 0), graph.label(n).lower()))
        kept += ring2[: max(max_nodes - len(kept), 0)]
    kept_set = set(kept)
    kept_links = [lk for lk in links.values() if lk["source"] in kept_set and lk["target"] in kept_set]

    types = graph.entity_types
    nodes = []
    for node_id in kept:
        type_iri = types.get(node_id, "")
        category = category_of(graph, type_iri) if type_iri else OTHER_CATEGORY
        label = graph.label(node_id)
        title = f"{label}\n{category[0]} · {curie(node_id)}"
        if node_id == iri:
            node = _node(node_id, label, category, title, size=26, shape="box", type_iri=type_iri)
        else:
            node = _node(node_id, _short(label), category, title, size=14, type_iri=type_iri)
        node["level"] = distance[node_id]
        nodes.append(node)
    edges = []
    for link in sorted(kept_links, key=lambda lk: (lk["source"], lk["relation"], lk["target"])):
        from kg.card import relation_words

        words = relation_words(link.get("property", ""), link["relation"], "out")
        label = words + (f" ({link['detail']})" if link["detail"] else "")
        title = f"{graph.label(link['source'])} {label} {graph.label(link['target'])}"
        title += f"\n{link['sources']} source(s)"
        edges.append(
            _edge(link["source"], link["target"], label, title=title, width=1.0 + min(link["sources"], 6) * 0.5)
        )
    order = {n["id"]: (n["category"], n["label"].lower()) for n in nodes}
    pos = _radial_layout(iri, kept, [(e["from"], e["to"]) for e in edges], distance, order)
    for node in nodes:
        node["x"], node["y"] = pos[node["id"]]
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": _legend(nodes),
        "hidden": len(all_nodes) - len(kept),
        "total": len(all_nodes),
        "focus": iri,
        "relations": sorted(available),
        "title": f"Neighbourhood of {graph.label(iri)}",
    }


# ---------------------------------------------------------------------------- root deficits
def deficit_layers(result: Mapping[str, Any], max_actions: int = 10, max_muscles: int = 14) -> dict[str, Any]:
    """Layered graph root → nerve → muscle → action for a `reasoning.deficit(graph, ...)` result.

    Muscles and actions are coloured by their grade of weakness (severe dark red … none grey);
    only the `max_actions` most affected actions (grade above none) and the muscles on their
    explanation paths are drawn, so `hidden` counts the affected actions and muscles left out.
    """
    ids: dict[str, str] = {}
    grades: dict[str, tuple[str, float]] = {}
    kinds: dict[str, str] = {}
    for kind in ("nerves", "muscles", "actions"):
        for item in result.get(kind, []):
            ids.setdefault(item["label"], item["id"])
            grades[item["id"]] = (item["grade"], float(item["weakness"]))
            kinds.setdefault(item["id"], kind)
    for lesion in result.get("lesions", []):
        ids[lesion["label"]] = lesion["id"]
        kinds[lesion["id"]] = "lesions"

    affected_actions = [a for a in result.get("actions", []) if a["grade"] != "none"]
    shown_actions = affected_actions[:max_actions]
    level: dict[str, int] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    muscles_seen: list[str] = []
    paths = [p for action in shown_actions for p in action["paths"]]
    for path in paths:
        chain = [ids.get(step, f"label:{step}") for step in path]
        muscle = chain[-2] if len(chain) >= 2 else None
        if muscle and muscle not in muscles_seen:
            if len(muscles_seen) >= max_muscles:
                continue
            muscles_seen.append(muscle)
        for i, node in enumerate(chain):
            level[node] = min(level.get(node, i), i) if kinds.get(node) != "actions" else 99
        for a, b in itertools.pairwise(chain):
            edges.setdefault((a, b), {"from": a, "to": b})
    # nerves may sit at several depths (root → plexus → nerve → branch); muscles and actions line up at the end
    nerve_depth = max((lv for n, lv in level.items() if kinds.get(n) not in ("muscles", "actions")), default=0)
    for node in level:
        if kinds.get(node) == "muscles":
            level[node] = nerve_depth + 1
        elif kinds.get(node) == "actions":
            level[node] = nerve_depth + 2
        elif kinds.get(node) == "lesions":
            level[node] = 0

    labels = {v: k for k, v in ids.items()}
    nodes = []
    order: dict[str, float] = {}
    for node_id in level:
        label = labels.get(node_id, node_id.removeprefix("label:"))
        kind = kinds.get(node_id, "nerves")
        if kind == "lesions":
            nodes.append(
                _node(
                    node_id,
                    label,
                    ("lesioned root", LESION_COLOUR),
                    f"{label}\nlesioned",
                    shape="box",
                    size=22,
                    level=0,
                )
            )
            order[node_id] = 0
            continue
        grade, weakness = grades.get(node_id, ("none", 0.0))
        noun = {"nerves": "nerve", "muscles": "muscle", "actions": "action"}[kind]
        title = f"{label}\n{noun} · {grade} ({weakness:.0%} of its strength lost)"
        if kind == "nerves":
            title = f"{label}\nnerve · carries {weakness:.0%} lesioned fibres"
        node = _node(
            node_id,
            _short(label, 34),
            (f"{grade} impact", GRADE_COLOURS[grade]),
            title,
            shape="box" if kind == "actions" else "dot",
            size=12 + int(10 * weakness),
            level=level[node_id],
        )
        nodes.append(node)
        order[node_id] = -weakness
    pos = _layered_layout(level, order)
    for node in nodes:
        node["x"], node["y"] = pos[node["id"]]
    legend = [{"label": "lesioned root", "color": LESION_COLOUR}] + [
        {"label": f"{g} impact", "color": c} for g, c in GRADE_COLOURS.items()
    ]
    hidden_actions = len(affected_actions) - len(shown_actions)
    affected_muscles = [m for m in result.get("muscles", []) if m["grade"] != "none"]
    hidden_muscles = max(len([m for m in affected_muscles if m["id"] not in level]), 0)
    return {
        "nodes": nodes,
        "edges": [_deficit_edge(e["from"], e["to"], kinds, labels) for e in edges.values()],
        "legend": legend,
        "hidden": hidden_actions + hidden_muscles,
        "total": len(nodes) + hidden_actions + hidden_muscles,
        "focus": None,
        "relations": [],
        "title": "Root → nerve → muscle → action",
    }


def _deficit_edge(a: str, b: str, kinds: Mapping[str, str], labels: Mapping[str, str]) -> dict[str, Any]:
    """A link of a root → nerve → muscle → action chain, named in plain words (kg.card.WORDING)."""
    from kg.card import WORDING

    ends = (kinds.get(a, "nerves"), kinds.get(b, "nerves"))
    if ends == ("nerves", "muscles"):
        words = WORDING[f"{OBO}RO_0002005"][1]  # innervates
    elif ends == ("lesions", "muscles"):
        words = WORDING[f"{AKG}segmentalInnervation"][1]  # supplies
    elif ends[1] == "actions":
        words = WORDING[f"{AKG}actionRole"][0]  # acts in
    else:
        words = WORDING[f"{AKG}receivesFibresFrom"][1]  # sends fibres to (root → plexus → nerve → branch)
    name_a, name_b = labels.get(a, a.removeprefix("label:")), labels.get(b, b.removeprefix("label:"))
    return _edge(a, b, words, title=f"{name_a} {words} {name_b}")


# ---------------------------------------------------------------------------- trace
def trace_graph(
    result: Mapping[str, Any], max_nodes: int = 80, words: Mapping[str, tuple[str, str]] | None = None
) -> dict[str, Any]:
    """Layered graph of a `reasoning.trace(graph, term)` result: the term on the left, roots on the right.

    `words` (kg.card.wording_by_label) turns each relation's ontology name into plain words read along the line.
    """
    term = result["term"]
    level: dict[str, int] = {term["id"]: 0}
    for path in result.get("paths", []):
        for i, step in enumerate(path):
            level[step["id"]] = min(level.get(step["id"], i), i)
    info = {n["id"]: n for n in [term, *result.get("nodes", [])]}
    # columns by kind (finding → dysfunction → structure/action → muscle → nerve → plexus → root), not path length,
    # so every nerve lines up in one column whatever route reached it
    stage_of = {
        "symptom / sign": 1,
        "dysfunction": 1,
        "action": 2,
        "joint": 2,
        "bone / soft tissue": 2,
        "muscle group": 3,
        "muscle": 3,
        "nerve / plexus": 4,
        "spinal root": 5,
    }
    for node_id in list(level):
        if node_id != term["id"]:
            meta = info.get(node_id, {"type": ""})
            category = _category_for_type_name(meta.get("type", ""))
            if category == OTHER_CATEGORY:
                category = _guess_category(meta.get("type", ""))
            level[node_id] = stage_of.get(category[0], 2)
    used = sorted(set(level.values()))
    level = {n: used.index(v) for n, v in level.items()}
    kept = sorted(level, key=lambda n: (level[n], info.get(n, {}).get("label", n).lower()))[:max_nodes]
    kept_set = set(kept)
    nodes = []
    for node_id in kept:
        meta = info.get(node_id, {"label": node_id, "type": ""})
        category = _category_for_type_name(meta.get("type", ""))
        if category == OTHER_CATEGORY and meta.get("type"):
            category = _guess_category(meta["type"])
        title = f"{meta['label']}\n{category[0]}"
        is_term = node_id == term["id"]
        nodes.append(
            _node(
                node_id,
                meta["label"] if is_term else _short(meta["label"], 34),
                category,
                title,
                shape="box" if is_term else "dot",
                size=22 if is_term else 14,
                level=level[node_id],
                type_iri=meta.get("type", ""),
            )
        )
    reverse = {
        (a["id"], b["id"]): bool(b.get("reverse"))
        for path in result.get("paths", [])
        for a, b in itertools.pairwise(path)
    }

    def plain(e: Mapping[str, Any]) -> str:
        pair = (words or {}).get(e["relation"])
        return pair[1 if reverse.get((e["source"], e["target"])) else 0] if pair else e["relation"]

    edges = [
        _edge(
            e["source"],
            e["target"],
            plain(e),
            title=f"{info.get(e['source'], {}).get('label', '')} {plain(e)} "
            f"{info.get(e['target'], {}).get('label', '')}",
        )
        for e in result.get("edges", [])
        if e["source"] in kept_set and e["target"] in kept_set
    ]
    pos = _layered_layout({n: level[n] for n in kept}, {})
    for node in nodes:
        node["x"], node["y"] = pos[node["id"]]
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": _legend(nodes),
        "hidden": len(level) - len(kept),
        "total": len(level),
        "focus": term["id"],
        "relations": sorted({e["label"] for e in edges}),
        "title": f"Trace from {term['label']}",
    }


# ---------------------------------------------------------------------------- paths between two entities
def path_graph(graph: AnatomyGraph, result: Mapping[str, Any]) -> dict[str, Any]:
    """Graph of a `kg.paths.connect` result: the start on the left, the end on the right, one row per path.

    A node shared by several paths is drawn once, at its first path's row; every edge carries its relation
    in plain words.
    """
    start, end = result["from"]["id"], result["to"]["id"]
    paths = result.get("paths", [])
    longest = max((p["hops"] for p in paths), default=1)
    position: dict[str, tuple[float, float]] = {}
    level_of: dict[str, int] = {start: 0, end: longest}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    spacing_x, spacing_y = 260.0, 90.0
    for row, path in enumerate(paths):
        hops = path["hops"]
        for i, node in enumerate(path["nodes"]):
            if node in (start, end):
                continue
            if node not in position:
                x = i * longest / hops * spacing_x
                position[node] = (round(x, 1), round(row * spacing_y, 1))
                level_of[node] = i
        for step in path["steps"]:
            key = (step["from"], step["to"])
            if key not in edges and (step["to"], step["from"]) not in edges:
                edges[key] = _edge(
                    step["from"],
                    step["to"],
                    step["words"],
                    title=f"{step['from_label']} {step['words']} {step['to_label']}",
                )
    middle = (len(paths) - 1) * spacing_y / 2 if paths else 0.0
    position[start] = (0.0, round(middle, 1))
    position[end] = (round(longest * spacing_x, 1), round(middle, 1))
    labels = graph.labels
    nodes = []
    for node_id, (x, y) in position.items():
        type_iri = graph.entity_types.get(node_id, "")
        category = category_of(graph, type_iri) if type_iri else OTHER_CATEGORY
        label = labels.get(node_id, node_id)
        is_end = node_id in (start, end)
        node = _node(
            node_id,
            label if is_end else _short(label, 30),
            category,
            f"{label}\n{category[0]}",
            shape="box" if is_end else "dot",
            size=22 if is_end else 14,
            type_iri=type_iri,
        )
        node["x"], node["y"] = x, y
        node["level"] = level_of[node_id]
        nodes.append(node)
    return {
        "nodes": nodes,
        "edges": list(edges.values()),
        "legend": _legend(nodes),
        "hidden": 0,
        "total": len(nodes),
        "focus": start,
        "relations": sorted({e["label"] for e in edges.values()}),
        "title": f"How {result['from']['label']} and {result['to']['label']} are connected",
    }


_DYSFUNCTION_HINTS = ("Dysfunction", "Neuropathy", "Tendinopathy", "Bursitis", "Strain", "Injury", "Radiculopathy")


def _guess_category(type_iri: str) -> tuple[str, str]:
    """Category of a subclass when no graph is at hand: dysfunction kinds by name, else other."""
    local = re.split(r"[#/]", type_iri)[-1]
    if any(h in local for h in _DYSFUNCTION_HINTS) or local.endswith("Syndrome"):
        return next((c[0], c[2]) for c in CATEGORIES if c[0] == "dysfunction")
    return OTHER_CATEGORY


# ---------------------------------------------------------------------------- CONSTRUCT results
def construct_graph(
    triples: Iterable[tuple[Any, Any, Any]],
    labels: Mapping[str, str] | None = None,
    types: Mapping[str, str] | None = None,
    max_nodes: int = 80,
) -> dict[str, Any]:
    """Graph of CONSTRUCT/DESCRIBE triples; literals become small boxes, rdf:type and labels are folded in."""
    labels = dict(labels or {})
    types = dict(types or {})
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    rdfs_label = "http://www.w3.org/2000/01/rdf-schema#label"
    edges_raw: list[tuple[str, str, str]] = []
    literal_text: dict[str, str] = {}
    degree: dict[str, int] = {}
    for s, p, o in triples:
        s_id, p_id = str(s), str(p)
        if p_id == rdfs_label and isinstance(o, Literal):
            labels.setdefault(s_id, str(o))
            continue
        if p_id == rdf_type and isinstance(o, URIRef):
            types.setdefault(s_id, str(o))
        if isinstance(o, Literal):
            o_id = f"literal:{len(literal_text)}"
            literal_text[o_id] = str(o)
        else:
            o_id = str(o)
        edges_raw.append((s_id, p_id, o_id))
        for n in (s_id, o_id):
            degree[n] = degree.get(n, 0) + 1
    ordered = sorted(degree, key=lambda n: (n.startswith("literal:"), -degree[n], n))
    kept = ordered[:max_nodes]
    kept_set = set(kept)
    nodes = []
    for node_id in kept:
        if node_id in literal_text:
            value = literal_text[node_id]
            nodes.append(_node(node_id, _short(value, 30), ("literal", "#f7f7f7"), value, shape="box", size=10))
            continue
        label = labels.get(node_id) or curie(node_id)
        category = _category_for_type_name(types.get(node_id, ""))
        nodes.append(
            _node(node_id, _short(label), category, f"{label}\n{curie(node_id)}", type_iri=types.get(node_id, ""))
        )
    edges = [_edge(s, o, labels.get(p) or curie(p)) for s, p, o in edges_raw if s in kept_set and o in kept_set]
    pos = _force_layout(kept, [(e["from"], e["to"]) for e in edges], None)
    for node in nodes:
        node["x"], node["y"] = pos[node["id"]]
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": _legend(nodes),
        "hidden": len(degree) - len(kept),
        "total": len(degree),
        "focus": None,
        "relations": sorted({e["label"] for e in edges}),
        "title": "CONSTRUCT result",
    }


# ---------------------------------------------------------------------------- standalone HTML
_CDN_TAG = re.compile(
    r"<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']https?://[^\"']*[\"'][^>]*>(?:\s*</script>)?",
    re.IGNORECASE,
)


def _escape(value: Any) -> str:
    return html.escape(str(value), quote=True)


def to_pyvis_html(spec: Mapping[str, Any], height: int = 600) -> str:
    """A standalone HTML page drawing `spec` with pyvis: works offline, escapes every label.

    vis-network is inlined (`cdn_resources="in_line"`); pyvis's Bootstrap CDN tags are removed;
    physics is off because positions come from the spec; labels, titles and the heading are
    HTML-escaped (pyvis shows titles as HTML, so a label like `<img onerror=…>` must stay text).
    A legend of the colours is drawn under the graph.
    """
    from pyvis.network import Network

    net = Network(
        height=f"{height}px",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        notebook=False,
        heading="",
    )
    for node in spec["nodes"]:
        net.add_node(
            node["id"],
            label=_escape(node["label"]),
            title=_escape(node.get("title", node["label"])),
            color=node["color"],
            shape=node.get("shape", "dot"),
            size=node.get("size", 14),
            x=node.get("x", 0),
            y=node.get("y", 0),
            font={"color": node.get("font_color", "#1a1a1a"), "size": 14},
            physics=False,
        )
    for edge in spec["edges"]:
        net.add_edge(
            edge["from"],
            edge["to"],
            label=_escape(edge.get("label", "")),
            title=_escape(edge.get("title", edge.get("label", ""))),
            color=edge.get("color", EDGE_COLOUR),
            width=edge.get("width", 1.0),
            font={"size": 10, "color": "#555555", "strokeWidth": 3},
            smooth=False,
        )
    net.toggle_physics(False)
    page = net.generate_html(notebook=False)
    page = _CDN_TAG.sub("", page)
    legend = "".join(
        f'<span class="akg-legend-item"><span class="akg-swatch" style="background:{_escape(item["color"])}"></span>'
        f"{_escape(item['label'])}</span>"
        for item in spec.get("legend", [])
    )
    title = _escape(spec.get("title", "AnatomyKG graph"))
    hidden = int(spec.get("hidden", 0))
    note = f"<p class='akg-note'>{hidden} more node(s) hidden to keep the graph readable.</p>" if hidden else ""
    extra = (
        "<style>.akg-legend{font:13px sans-serif;margin:6px 4px}.akg-legend-item{margin-right:14px;"
        "white-space:nowrap}.akg-swatch{display:inline-block;width:11px;height:11px;border-radius:50%;"
        "margin-right:4px;vertical-align:middle;border:1px solid #777}.akg-note{font:12px sans-serif;color:#555}"
        "</style>"
        f"<div class='akg-legend'><strong>{title}</strong><br>{legend}</div>{note}"
        "<p class='akg-note'>AnatomyKG — for education, not diagnosis.</p>"
    )
    page = page.replace("</body>", extra + "</body>", 1)
    return page.replace("<title>", "<title>" + title, 1) if "<title></title>" in page else page


def spec_json(spec: Mapping[str, Any]) -> str:
    """The spec as JSON text (for downloads and the browser component)."""
    return json.dumps(spec, ensure_ascii=False)


def entity_slug(iri: str) -> str:
    """The short name used in app URLs: the IRI's local name under the project namespace."""
    return iri[len(str(ENT)) :] if iri.startswith(str(ENT)) else iri


def type_label(type_iri: str) -> str:
    """Readable name of a class IRI: akg:GaitDysfunction → 'gait dysfunction', akg:SpinalNerve → 'spinal nerve'."""
    local = re.split(r"[#/]", type_iri)[-1] if type_iri else ""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower() or "entity"


# ---------------------------------------------------------------------------- readable layout
FONT = 16  # node label size in graph units; the view is built to be fitted at scale ≥ 0.8 (so ≥ 12 px)
EDGE_FONT = 13
ROW_PITCH = 44.0
BOX_PAD_X, BOX_PAD_Y = 8.0, 7.0
COLUMN_GAP = 130.0
MAX_ROWS = 14
FRAME_WIDTH = 470.0  # the narrowest frame a graph is drawn in (half the page at 1440 px: 474 px measured)
MIN_LABEL_PX = 12.0


def text_width(text: str, font: float = FONT) -> float:
    """A generous estimate of a label's width in graph units (Source Sans averages ~0.5 em per character)."""
    wide = sum(1 for c in text if c.isupper() or c in "mwMW")
    return font * (0.56 * len(text) + 0.12 * wide)


def _label_size(label: str, font: float = FONT) -> tuple[float, float]:
    lines = label.split("\n")
    return (
        max(text_width(line, font) for line in lines) + 2 * BOX_PAD_X,
        font * 1.25 * len(lines) + 2 * BOX_PAD_Y,
    )


def _wrap(label: str, width: int, lines: int = 2) -> str:
    """`label` on at most `lines` lines of about `width` characters (the last one shortened with …)."""
    import textwrap

    parts = textwrap.wrap(label, width, break_long_words=False) or [label]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], _short(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(_short(p, width + 3) for p in parts)


def node_box(node: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a node's box in graph units (the label sits inside the box)."""
    w, h = _label_size(node["label"], node.get("font_size", FONT))
    return (node["x"] - w / 2, node["y"] - h / 2, node["x"] + w / 2, node["y"] + h / 2)


def _overlap(a: Sequence[float], b: Sequence[float], margin: float = 0.0) -> bool:
    return a[0] < b[2] + margin and b[0] < a[2] + margin and a[1] < b[3] + margin and b[1] < a[3] + margin


def overlapping_labels(spec: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Pairs of node labels (and shown edge labels) whose boxes overlap; [] for a readable graph."""
    boxes = [(n["label"], node_box(n)) for n in spec["nodes"]]
    boxes += [(f"edge: {e['label']}", e["label_box"]) for e in spec["edges"] if e.get("label") and "label_box" in e]
    return [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1 :] if _overlap(box_a, box_b)]


def readable_layout(
    spec: dict[str, Any],
    *,
    max_rows: int = MAX_ROWS,
    expanded: Iterable[str] = (),
    frame_width: float = FRAME_WIDTH,
    edge_labels: bool | None = None,
    wrap_names: bool | None = None,
) -> dict[str, Any]:
    """Lay a spec out in columns of boxed labels that never overlap, folding overflow into groups with counts.

    Columns come from each node's "level" (0 = leftmost). A column with more than `max_rows` nodes keeps its
    first nodes (the spec's order is its priority) and folds the rest by category into one box each,
    "+12 exercise / treatment", whose id is "group:<level>:<category>"; categories listed in `expanded`
    are shown in full. Within a column, nodes sit by the mean height of their links to the column before,
    which keeps lines short. Edge labels: with `edge_labels` True every relation name is placed along its line
    ("label_at", the centre of its box "label_box"), in gaps between the columns made wide enough for the words,
    never on a node or another name ("unplaced_labels" counts those that found no free spot; their words stay in
    the tooltip); False draws none (tooltips only); None draws a name only where its line's midpoint is free.
    Adds "width", "height" (graph units) and "frame_height" (pixels) to the spec.
    """
    if not any("level" in n for n in spec["nodes"]):
        return spec  # no columns to lay out (e.g. a CONSTRUCT result): drawn as built
    if edge_labels and wrap_names is None:  # names on one line if they all find a spot, else the better of the two
        options = dict(max_rows=max_rows, expanded=tuple(expanded), frame_width=frame_width, edge_labels=True)
        one_line = readable_layout(spec, **options, wrap_names=False)
        if not one_line["unplaced_labels"]:
            return one_line
        wrapped = readable_layout(spec, **options, wrap_names=True)
        return wrapped if wrapped["unplaced_labels"] < one_line["unplaced_labels"] else one_line
    expanded = set(expanded)
    nodes = [dict(n) for n in spec["nodes"]]
    columns: dict[int, list[dict[str, Any]]] = {}
    for node in nodes:
        columns.setdefault(int(node.get("level", 0)), []).append(node)
    hidden: dict[str, str] = {}  # node id → group id
    groups: list[dict[str, Any]] = []
    for level, members in sorted(columns.items()):
        if len(members) <= max_rows:
            continue
        rest_categories = {m["category"] for m in members[max_rows // 2 :] if m["category"] not in expanded}
        keep_n = max(max_rows - len(rest_categories), max_rows // 2)
        kept, folded = [], {}
        for i, member in enumerate(members):
            if i < keep_n or member["category"] in expanded:
                kept.append(member)
            else:
                folded.setdefault(member["category"], []).append(member)
        for category, items in folded.items():
            group_id = f"group:{level}:{category}"
            names = ", ".join(m["label"] for m in items[:12]) + (" …" if len(items) > 12 else "")
            group = _node(
                group_id,
                f"+{len(items)} {category}",
                (category, items[0]["color"]),
                f"{len(items)} more {category}: {names}\nclick to show them",
                shape="box",
                level=level,
            )
            group["group_of"] = [m["id"] for m in items]
            groups.append(group)
            for m in items:
                hidden[m["id"]] = group_id
        columns[level] = kept + [g for g in groups if g["level"] == level]
    # edges: hidden ends are redirected to their group, duplicates merged
    edges: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for edge in spec["edges"]:
        a, b = hidden.get(edge["from"], edge["from"]), hidden.get(edge["to"], edge["to"])
        if a == b or (a, b) in seen or (b, a) in seen:
            continue
        seen.add((a, b))
        grouped = a != edge["from"] or b != edge["to"]
        edges.append({**edge, "from": a, "to": b, "label": "" if grouped else edge["label"]})
    all_nodes = {n["id"]: n for cols in columns.values() for n in cols}
    for node in all_nodes.values():
        node["shape"] = "box"
        node["font_size"] = FONT
        node["font_color"] = _text_colour(node["color"])
    neighbours: dict[str, list[str]] = {}
    for e in edges:
        neighbours.setdefault(e["from"], []).append(e["to"])
        neighbours.setdefault(e["to"], []).append(e["from"])
    widest = frame_width * FONT / MIN_LABEL_PX - 40  # the widest picture that still fits at ≥ 12 px labels
    for node in all_nodes.values():
        node.setdefault("full_label", node["label"])
    tiers = ((40, 190.0, 1), (30, 190.0, 1), (26, COLUMN_GAP, 1), (18, 90.0, 2), (14, 60.0, 2), (11, 40.0, 2))
    label_gap = 0.0
    if edge_labels:  # relation names on at most two short lines, and room between the columns for the widest
        for e in edges:
            e["label"] = (_wrap(e["label"], 16) if wrap_names else e["label"]) if e.get("label") else ""
        label_gap = max((_edge_label_size(e["label"])[0] + 30 for e in edges if e["label"]), default=0.0)
    else:
        for e in edges if edge_labels is False else ():
            e["label"] = ""
    # the widest gap for relation names that still keeps node labels >= 12 px: all of it, most of it, the tier's
    for names_gap, (max_chars, tier_gap, lines) in itertools.product(
        dict.fromkeys((label_gap, label_gap * 0.7, 0.0)), tiers
    ):
        gap = max(tier_gap, names_gap)
        for node in all_nodes.values():
            full = node["full_label"]
            node["label"] = _short(full, max_chars) if lines == 1 else _wrap(full, max_chars, lines)
        column_widths = {
            level: max((_label_size(m["label"])[0] for m in members), default=0.0) for level, members in columns.items()
        }
        width = sum(column_widths.values()) + gap * (len(columns) - 1)
        if width <= widest:
            break
    left = 0.0
    height = 0.0
    y_of: dict[str, float] = {}
    for level in sorted(columns):
        members = columns[level]
        if level > min(columns):
            rank = {m["id"]: i for i, m in enumerate(members)}

            def barycentre(m: dict[str, Any], rank: dict[str, int] = rank) -> tuple[float, int]:
                ys = [y_of[o] for o in neighbours.get(m["id"], []) if o in y_of]
                return (sum(ys) / len(ys) if ys else 0.0, rank[m["id"]])

            members.sort(key=lambda m: (m["id"].startswith("group:"), *barycentre(m)))
        sizes = [_label_size(m["label"]) for m in members]
        widths = [w for w, _ in sizes]
        column_width = max(widths, default=0.0)
        pitch = max(ROW_PITCH, max((h for _, h in sizes), default=0.0) + 14.0)
        top = -(len(members) - 1) * pitch / 2
        for i, (member, w) in enumerate(zip(members, widths, strict=True)):
            member["x"] = round(left + w / 2, 1)
            member["y"] = round(top + i * pitch, 1)
            y_of[member["id"]] = member["y"]
        height = max(height, len(members) * pitch)
        left += column_width + gap
    width = left - gap
    boxes = [node_box(n) for n in all_nodes.values()]
    shown_labels: list[tuple[float, float, float, float]] = []
    unplaced = _place_edge_labels(edges, all_nodes, boxes) if edge_labels else 0
    for edge in edges if not edge_labels else ():
        a, b = all_nodes.get(edge["from"]), all_nodes.get(edge["to"])
        edge.pop("label_box", None)
        if not edge.get("label") or a is None or b is None:
            edge["label"] = ""
            continue
        mx, my = (a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2
        w, h = text_width(edge["label"], EDGE_FONT) + 4, EDGE_FONT * 1.3
        box = (mx - w / 2, my - h / 2, mx + w / 2, my + h / 2)
        if any(_overlap(box, other, 1.0) for other in boxes + shown_labels):
            edge["label"] = ""
            continue
        edge["label_box"] = box
        shown_labels.append(box)
    scale = min(1.2, frame_width / max(width + 40, 1))
    spec = {**spec, "nodes": list(all_nodes.values()), "edges": edges}
    spec["width"], spec["height"] = round(width, 1), round(height, 1)
    spec["frame_height"] = int(min(max(height * scale + 60, 260), 1400))
    spec["min_label_px"] = round(FONT * scale, 1)
    spec["groups"] = [g["id"] for g in groups]
    spec["edge_labels"] = "placed" if edge_labels else ("none" if edge_labels is False else "midpoint")
    spec["unplaced_labels"] = unplaced
    spec["legend"] = _legend([n for n in spec["nodes"] if not n["id"].startswith("group:")])
    return spec


def _edge_label_size(label: str) -> tuple[float, float]:
    """Width and height of a relation name's box in graph units (one or two lines of EDGE_FONT)."""
    lines = label.split("\n")
    return max(text_width(line, EDGE_FONT) for line in lines) + 6, EDGE_FONT * (1.25 * len(lines) + 0.2)


def _place_edge_labels(
    edges: list[dict[str, Any]],
    nodes: Mapping[str, Mapping[str, Any]],
    boxes: list[tuple[float, float, float, float]],
) -> int:
    """Put each edge's name on its line where it covers no node and no other name; the number that found no spot.

    Spots are tried from the line's middle outwards (19 along it), so a fan of lines from one node spreads its
    names where the lines have drawn apart; then the same spots just above and below the line.
    """
    taken: list[tuple[float, float, float, float]] = []
    spots = sorted((i / 20 for i in range(1, 20)), key=lambda t: (abs(t - 0.5), t))
    unplaced = 0
    for edge in edges:
        edge.pop("label_box", None)
        edge.pop("label_at", None)
        a, b = nodes.get(edge["from"]), nodes.get(edge["to"])
        if not edge.get("label") or a is None or b is None:
            edge["label"] = edge.get("label", "") if a is not None and b is not None else ""
            continue
        w, h = _edge_label_size(edge["label"])
        for dy, t in itertools.product((0.0, -(h / 2 + 3), h / 2 + 3), spots):  # on the line, else just above/below
            cx, cy = a["x"] + (b["x"] - a["x"]) * t, a["y"] + (b["y"] - a["y"]) * t + dy
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if not any(_overlap(box, other, 2.0) for other in boxes + taken):
                edge["label_at"] = [round(cx, 1), round(cy, 1)]
                edge["label_box"] = box
                taken.append(box)
                break
        else:
            unplaced += 1
    return unplaced

"""Trace: typed paths from a symptom, sign or dysfunction to the muscles, nerves and roots behind it.

The clinical–anatomical edges come from `trace_edges.rq`; networkx finds, for every muscle,
nerve and root reachable from the term, the shortest path that only moves forward through
the stages finding → dysfunction → structure or action → muscle → nerve → root (or stays in
a stage, e.g. dysfunction leads to dysfunction). Relations of consequence ("presents with",
"leads to", "has action") are walked backwards, from the consequence to its cause.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from kg.errors import UnknownNameError
from kg.reasoning.cache import cached
from kg.reasoning.cache import model as model_of
from kg.vocab import AKG_IRIS as AKG  # plain-string IRIs: importing the reasoning needs no rdflib

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import AnatomyGraph

__all__ = ["build_trace_graph", "trace", "trace_graph"]

STAGE = {
    str(AKG.Symptom): 0,
    str(AKG.Sign): 0,
    str(AKG.ClinicalFinding): 0,
    str(AKG.Dysfunction): 1,
    str(AKG.Action): 2,
    str(AKG.MuscleGroup): 3,
    str(AKG.Muscle): 3,
    str(AKG.Nerve): 4,
    str(AKG.Plexus): 5,
    str(AKG.SpinalNerve): 6,
}
#: relations walked from their object back to their subject, and how a step reads that way
BACKWARD = {"presents with": "a finding of", "leads to": "caused by", "has action": "performed by"}
TARGETS = {str(AKG.Muscle), str(AKG.Nerve), str(AKG.Plexus), str(AKG.SpinalNerve)}
MAX_PATHS = 60
#: a dysfunction resting on this many roots or more is generic (lumbar radiculopathy): the trace does not
#: reach a root through it, only through the muscles and nerves the finding itself rests on
GENERIC_ROOTS = 3
#: a root is carried by a muscle when it holds at least this share of the muscle's segmental supply
CARRIED_SHARE = 0.2
#: what a trace that names nothing known is offered instead
TRACE_EXAMPLES = ["foot drop", "Trendelenburg gait", "sciatica", "piriformis syndrome"]
#: longest path (edges) a trace follows
MAX_LENGTH = 7


def _stage(graph: AnatomyGraph, type_iri: str) -> int:
    if type_iri in STAGE:
        return STAGE[type_iri]
    if type_iri in graph.types_closure([str(AKG.Dysfunction)]):
        return 1
    return 2  # other structures (tendon, bursa, joint, ligament) sit with the actions


def build_trace_graph(graph: AnatomyGraph) -> nx.DiGraph:
    """Directed graph over the trace edges, each edge oriented from finding toward root.

    Edges keep the relation label, whether they were read backwards (a finding is reached
    from a dysfunction by 'presents with', so the trace walks it in reverse) and a phrase that
    reads in the walking direction ('Trendelenburg gait — caused by → lumbar radiculopathy').
    """
    import networkx as nx

    model = model_of(graph)
    g = nx.DiGraph()
    for row in graph.named("trace_edges"):
        source, target, relation = str(row["source"]), str(row["target"]), str(row["relation"])
        for node in (source, target):
            if node not in g:
                type_ = model.types.get(node, "")
                g.add_node(node, label=model.label(node), type=type_, stage=_stage(graph, type_))
        s_stage, t_stage = g.nodes[source]["stage"], g.nodes[target]["stage"]
        if relation == "part of":
            if g.nodes[target]["type"] == str(AKG.MuscleGroup):  # a group is traced to its members
                g.add_edge(target, source, relation="part of", reverse=True, phrase="includes")
        elif relation in BACKWARD:
            # walk from the consequence to its cause: a finding to the dysfunction presenting with it,
            # a dysfunction to what leads to it, an action to the muscles that perform it
            if s_stage >= t_stage:
                g.add_edge(target, source, relation=relation, reverse=True, phrase=BACKWARD[relation])
        elif t_stage >= s_stage:
            g.add_edge(source, target, relation=relation, reverse=False, phrase=relation)
    spinal = str(AKG.SpinalNerve)
    for n in list(g):
        if g.nodes[n]["stage"] != 1:
            continue
        roots = [t for t in g.successors(n) if g.nodes[t]["type"] == spinal and g.edges[n, t]["relation"] != "leads to"]
        if len(roots) >= GENERIC_ROOTS:  # kept aside: a trace that starts from this dysfunction reaches them
            g.graph.setdefault("generic_roots", {})[n] = [(t, dict(g.edges[n, t])) for t in roots]
            g.remove_edges_from([(n, t) for t in roots])
        # a dysfunction resting on many structures is a less specific step than one resting on a few
        out = g.out_degree(n)
        for t in g.successors(n):
            g.edges[n, t]["weight"] = 1.0 + 0.1 * max(0, out - 1)
    return g


def carried_roots(graph: AnatomyGraph, muscles: set[str]) -> set[str]:
    """Roots holding at least CARRIED_SHARE of the segmental supply of the muscles (graded muscles first)."""
    model = model_of(graph)
    roots: set[str] = set()
    for muscle in muscles:
        roots |= {root for root, share in model.segment_share(muscle).items() if share >= CARRIED_SHARE}
    return roots


def _compressions_explained(g: nx.DiGraph, path: list[str], compression: set[str]) -> bool:
    """A 'compresses' step counts only right after a compression neuropathy resting on the structure
    (piriformis syndrome → piriformis → compresses → sciatic nerve), or from the term itself."""
    for i in range(1, len(path)):
        if g.edges[path[i - 1], path[i]]["relation"] != "compresses" or i == 1:
            continue
        if g.nodes[path[i - 2]]["type"] not in compression:
            return False
    return True


def _up_the_tree(g: nx.DiGraph, path: list[str]) -> bool:
    """Whether the path climbs from a nerve to the nerve or plexus it branches from."""
    return any(g.edges[a, b]["relation"] == "branching part of" for a, b in itertools.pairwise(path))


def trace_graph(graph: AnatomyGraph) -> nx.DiGraph:
    """The trace graph of `graph`, built once."""
    return cached(graph, "trace_graph", lambda: build_trace_graph(graph))


def trace(graph: AnatomyGraph, term: str) -> dict[str, Any]:
    """Paths from the entity `term` names to every muscle, nerve and root reachable from it."""
    try:
        iri = graph.resolve(term)
    except UnknownNameError as e:
        if not e.suggestions:
            examples = ", ".join(repr(x) for x in TRACE_EXAMPLES)
            e.args = (
                f"unknown entity {term!r}; trace starts from a symptom, sign or dysfunction, e.g. {examples} "
                "(find names with `anatomy-kg search TEXT`)",
            )
        raise
    import networkx as nx

    g = trace_graph(graph)
    model = model_of(graph)

    def node(n: str) -> dict[str, str]:
        return {"id": n, "label": model.label(n), "type": model.types.get(n, "")}

    result: dict[str, Any] = {"term": node(iri), "nodes": [], "edges": [], "paths": [], "disclaimer": graph.disclaimer}
    if iri not in g:
        return result
    start_stage = g.nodes[iri]["stage"]
    allowed = [n for n in g if g.nodes[n]["stage"] >= start_stage or n == iri]
    sub = g.subgraph(allowed)
    generic = g.graph.get("generic_roots", {}).get(iri)
    if generic:  # the trace of a generic dysfunction itself ('sciatica'): the roots it rests on are its answer
        sub = sub.copy()
        sub.add_edges_from((iri, root, data) for root, data in generic)
    lengths, paths = nx.single_source_dijkstra(sub, iri, cutoff=MAX_LENGTH, weight="weight")
    targets = sorted(
        (n for n in paths if n != iri and g.nodes[n]["type"] in TARGETS),
        key=lambda n: (g.nodes[n]["stage"], lengths[n], model.label(n)),
    )
    # a root the finding's own muscles do not carry is dropped (foot drop: tibialis anterior carries L4 and L5)
    actions = {n for n in paths if n in model.tested_by}
    graded = {m for a in actions for m in model.tested_by[a] if m in model.segment_weight}
    dysfunction = 1  # stage
    reached = {  # muscles the finding rests on directly, not through another dysfunction
        n for n in paths if n in model.segment_weight and all(g.nodes[x]["stage"] != dysfunction for x in paths[n][1:])
    }
    compression = graph.types_closure([str(AKG.CompressionNeuropathy)])
    # a compression neuropathy carries the roots of the nerve it compresses, not those of the muscle compressing it
    carried = set() if g.nodes[iri]["type"] in compression else carried_roots(graph, graded or reached)
    spinal = str(AKG.SpinalNerve)
    if carried:
        targets = [t for t in targets if g.nodes[t]["type"] != spinal or t in carried]
    # a nerve's roots are its own: a root reached from a nerve through the nerve or plexus it branches from
    # (sciatic nerve → sacral plexus → S5; a digital nerve → tibial nerve → S3) is one the nerve does not carry
    targets = [t for t in targets if g.nodes[t]["type"] != spinal or not _up_the_tree(sub, paths[t])]
    nodes: dict[str, dict[str, str]] = {iri: node(iri)}
    edges: dict[tuple[str, str], dict[str, str]] = {}
    kept = [t for t in targets if _compressions_explained(sub, paths[t], compression)]
    for target in kept[:MAX_PATHS]:
        path = paths[target]
        steps = [node(path[0])]
        for a, b in itertools.pairwise(path):
            data = sub.edges[a, b]
            steps.append(
                {**node(b), "relation": data["relation"], "reverse": data["reverse"], "phrase": data["phrase"]}
            )
            nodes[b] = node(b)
            edges[(a, b)] = {"source": a, "target": b, "relation": data["phrase"]}
        result["paths"].append(steps)
    result["nodes"] = list(nodes.values())
    result["edges"] = list(edges.values())
    return result

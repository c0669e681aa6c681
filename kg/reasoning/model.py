"""The neuromuscular model the reasoning runs on, read from the graph by the `model_*.rq` queries.

Fetched once per loaded graph (the data does not change while it is loaded) and shared by
deficit propagation, lesion localisation and the benchmarks. Everything here is derived
from SPARQL results, so the embedded store and a remote endpoint give the same model.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import fmean
from typing import TYPE_CHECKING

from kg.store import as_bool, as_float
from kg.vocab import AKG_IRIS as AKG  # plain-string IRIs: importing the reasoning needs no rdflib

if TYPE_CHECKING:
    from kg.graph import AnatomyGraph

__all__ = ["NeuroModel", "build_model"]

KIND_PRIORITY = [str(AKG.SpinalNerve), str(AKG.Plexus), str(AKG.Nerve)]
#: spinal regions in craniocaudal order (a root's name is its region letter and its number: T12, L5, S1)
ROOT_REGIONS = "CTLS"


def root_order(name: str) -> tuple[int, int]:
    """Craniocaudal sort key of a spinal root's name ('T6' < 'T12' < 'L1' < 'S5'); unknown names last."""
    region, number = name[:1], name[1:]
    if region in ROOT_REGIONS and number.isdigit():
        return ROOT_REGIONS.index(region), int(number)
    return len(ROOT_REGIONS), 0


@dataclass
class NeuroModel:
    """Muscles, nerves, roots, actions, reflexes and skin regions as plain dictionaries of IRIs."""

    labels: dict[str, str]
    types: dict[str, str]
    #: muscle → root → mean grade weight over the source positions for that (muscle, root)
    segment_weight: dict[str, dict[str, float]]
    #: muscle → nerves that innervate it
    muscle_nerves: dict[str, set[str]]
    #: nerve/plexus/root → kind (akg:Nerve, akg:Plexus, akg:SpinalNerve IRIs)
    nerve_kind: dict[str, str]
    #: nerve → roots whose fibres it carries
    nerve_roots: dict[str, set[str]]
    #: nerve → its parents (branching part of / part of a plexus)
    nerve_parents: dict[str, set[str]]
    nerve_level: dict[str, str]
    #: action → muscle → mean role weight
    action_roles: dict[str, dict[str, float]]
    reflex_segments: dict[str, dict[str, bool]]  # reflex → segment → is key segment
    reflex_nerves: dict[str, set[str]]
    reflex_muscles: dict[str, set[str]]
    #: skin region → region it lies in → confidence (1 when two or more sources place it there, 0.5 for one)
    region_parents: dict[str, dict[str, float]]
    #: root or nerve → skin regions it supplies (its own territory, not yet closed over parts)
    territories: dict[str, set[str]]
    sign_actions: dict[str, set[str]]
    presents_with: dict[str, set[str]]  # dysfunction → findings
    basis: dict[str, set[str]]  # dysfunction → structures
    neural_dysfunctions: set[str]
    compresses: dict[str, set[str]]  # structure → nerves (for structures some dysfunction rests on)
    #: action → muscles a clinician grades for it (akg:clinicallyTestedBy)
    tested_by: dict[str, set[str]] = field(default_factory=dict)
    #: clinical test → [(condition, sensitivity or None, specificity or None)], one per accuracy position
    test_accuracy: dict[str, list[tuple[str, float | None, float | None]]] = field(default_factory=dict)
    #: clinical test → what it assesses (dysfunctions, nerves, roots, muscles, actions)
    test_targets: dict[str, set[str]] = field(default_factory=dict)
    #: dysfunction → dysfunctions it leads to (disc herniation → radiculopathy)
    leads_to: dict[str, set[str]] = field(default_factory=dict)
    #: root or nerve → regions of its territory it supplies only in part (akg:suppliesPart on the axiom)
    partial_territories: dict[str, set[str]] = field(default_factory=dict)
    #: nerve → [(level, order)] proximal first (akg:NerveLevel)
    nerve_levels: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: nerve → branch (muscle, nerve or skin region) → order of the level it leaves at
    branch_order: dict[str, dict[str, int]] = field(default_factory=dict)
    #: level → compression dysfunctions sitting there (akg:lesionAt)
    level_dysfunctions: dict[str, set[str]] = field(default_factory=dict)
    children: dict[str, set[str]] = field(default_factory=dict)
    #: indexes built once so a lesion visits only what it touches
    nerve_muscles: dict[str, set[str]] = field(default_factory=dict)
    root_muscles: dict[str, set[str]] = field(default_factory=dict)
    root_nerves: dict[str, set[str]] = field(default_factory=dict)
    muscle_actions: dict[str, set[str]] = field(default_factory=dict)
    #: skin region → the most specific nerves that supply it (a nerve whose branch also supplies it is left out)
    region_suppliers: dict[str, set[str]] = field(default_factory=dict)
    #: skin region → the regions directly inside it (a dermatome's areas left out: a dermatomal finding is a root's)
    region_parts: dict[str, set[str]] = field(default_factory=dict)
    #: root or nerve → the regions of its territory (parts included) it supplies only in part (akg:suppliesPart)
    part_regions: dict[str, set[str]] = field(default_factory=dict)
    #: skin region → the nerves that supply only part of it
    region_part_suppliers: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        children: dict[str, set[str]] = defaultdict(set)
        for nerve, parents in self.nerve_parents.items():
            for parent in parents:
                children[parent].add(nerve)
        self.children = dict(children)
        self.nerve_muscles = _invert(self.muscle_nerves)
        self.root_muscles = _invert({m: set(w) for m, w in self.segment_weight.items()})
        self.root_nerves = _invert(self.nerve_roots)
        self.muscle_actions = _invert({a: set(roles) for a, roles in self.action_roles.items()})
        self.part_regions = {supplier: self._part_regions(supplier) for supplier in self.partial_territories}
        self.region_part_suppliers = _invert(  # nerves only: dermatomes are a scale of their own
            {s: r for s, r in self.part_regions.items() if self.nerve_kind.get(s) != str(AKG.SpinalNerve)}
        )
        self.region_suppliers = self._region_suppliers()
        dermatomes = {
            region
            for nerve, regions in self.territories.items()
            if self.nerve_kind.get(nerve) == str(AKG.SpinalNerve)
            for region in regions
        }
        self.region_parts = _invert(
            {region: set(parents) - dermatomes for region, parents in self.region_parents.items()}
        )

    def _part_regions(self, supplier: str) -> set[str]:
        part = self.partial_territories[supplier]
        whole = self.territories.get(supplier, set()) - part
        return set(self.region_closure(part)) - set(self.region_closure(whole))

    def _region_suppliers(self) -> dict[str, set[str]]:
        suppliers: dict[str, set[str]] = defaultdict(set)
        for nerve, regions in self.territories.items():
            if self.nerve_kind.get(nerve) == str(AKG.SpinalNerve):
                continue  # dermatomes are a scale of their own (DERMATOME_LOSS)
            for region in self.region_closure(regions):
                suppliers[region].add(nerve)
        out = {}
        for region, nerves in suppliers.items():
            below = {n: self.subtree(n) - {n} for n in nerves}
            out[region] = {n for n in nerves if not any(other in below[n] for other in nerves)}
        return out

    # ------------------------------------------------------------------ derived views
    @property
    def roots(self) -> list[str]:
        """Spinal roots in craniocaudal order."""
        roots = [n for n, k in self.nerve_kind.items() if k == str(AKG.SpinalNerve)]
        return sorted(roots, key=lambda r: (root_order(r.rsplit("/", 1)[-1]), r))

    def subtree(self, nerve: str) -> set[str]:
        """The nerve and every branch below it (transitively)."""
        seen = {nerve}
        stack = [nerve]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return seen

    def segment_share(self, muscle: str) -> dict[str, float]:
        """Root → share of the muscle's segmental supply (weights normalised to sum 1)."""
        weights = self.segment_weight.get(muscle, {})
        total = math.fsum(weights.values())
        return {root: w / total for root, w in weights.items()} if total else {}

    def region_closure(self, regions: set[str]) -> dict[str, float]:
        """The regions and every region within them (dermatome → its areas), each with its confidence.

        A region placed inside another by a single source gets half confidence; confidences
        multiply down a chain and the best chain counts.
        """
        inside: dict[str, dict[str, float]] = defaultdict(dict)
        for region, parents in self.region_parents.items():
            for parent, weight in parents.items():
                inside[parent][region] = weight
        best = dict.fromkeys(regions, 1.0)
        stack = list(regions)
        while stack:
            current = stack.pop()
            for child, weight in inside.get(current, {}).items():
                value = best[current] * weight
                if value > best.get(child, 0.0):
                    best[child] = value
                    stack.append(child)
        return best

    def label(self, iri: str) -> str:
        return self.labels.get(iri, iri.rsplit("/", 1)[-1])


def _invert(mapping: dict[str, set[str]]) -> dict[str, set[str]]:
    inverted: dict[str, set[str]] = defaultdict(set)
    for key, values in mapping.items():
        for value in values:
            inverted[value].add(key)
    return dict(inverted)


def _group_mean(rows: list[tuple[str, str, float]]) -> dict[str, dict[str, float]]:
    positions: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for a, b, weight in rows:
        positions[a][b].append(weight)
    return {a: {b: fmean(ws) for b, ws in inner.items()} for a, inner in positions.items()}


def build_model(graph: AnatomyGraph) -> NeuroModel:
    """Read the model from the graph with the model_*.rq queries."""
    labels = dict(graph.labels)
    types = dict(graph.entity_types)

    segments = [(str(r["muscle"]), str(r["root"]), as_float(r["weight"])) for r in graph.named("model_segments")]
    muscle_nerves: dict[str, set[str]] = defaultdict(set)
    for r in graph.named("model_innervation"):
        muscle_nerves[str(r["muscle"])].add(str(r["nerve"]))

    nerve_kind: dict[str, str] = {}
    nerve_roots: dict[str, set[str]] = defaultdict(set)
    nerve_parents: dict[str, set[str]] = defaultdict(set)
    nerve_level: dict[str, str] = {}
    for r in graph.named("model_nerves"):
        nerve = str(r["nerve"])
        kind = str(r["kind"])
        # an IRI typed more than one way keeps the first of: spinal nerve, plexus, nerve
        if nerve not in nerve_kind or KIND_PRIORITY.index(kind) < KIND_PRIORITY.index(nerve_kind[nerve]):
            nerve_kind[nerve] = kind
        if kind == str(AKG.SpinalNerve):
            nerve_roots[nerve].add(nerve)
        if "root" in r:
            nerve_roots[nerve].add(str(r["root"]))
        for key in ("parent", "partOf"):
            if key in r:
                nerve_parents[nerve].add(str(r[key]))
        if "level" in r:
            nerve_level[nerve] = str(r["level"])

    roles = [(str(r["action"]), str(r["muscle"]), as_float(r["weight"])) for r in graph.named("model_roles")]

    reflex_segments: dict[str, dict[str, bool]] = defaultdict(dict)
    reflex_nerves: dict[str, set[str]] = defaultdict(set)
    reflex_muscles: dict[str, set[str]] = defaultdict(set)
    for r in graph.named("model_reflexes"):
        reflex = str(r["reflex"])
        reflex_segments.setdefault(reflex, {})
        if "segment" in r:
            is_key = as_bool(r["key"]) if "key" in r else False
            segment = str(r["segment"])
            reflex_segments[reflex][segment] = reflex_segments[reflex].get(segment, False) or is_key
        if "nerve" in r:
            reflex_nerves[reflex].add(str(r["nerve"]))
        if "muscle" in r:
            reflex_muscles[reflex].add(str(r["muscle"]))

    region_parents: dict[str, dict[str, float]] = defaultdict(dict)
    territories: dict[str, set[str]] = defaultdict(set)
    partial_territories: dict[str, set[str]] = defaultdict(set)
    for r in graph.named("model_skin"):
        region = str(r["region"])
        region_parents.setdefault(region, {})
        if "container" in r:
            sources = int(as_float(r["sources"])) if "sources" in r else 1
            region_parents[region][str(r["container"])] = min(1.0, sources / 2)
        if "supplier" in r:
            territories[str(r["supplier"])].add(region)
            if "part" in r and as_bool(r["part"]):
                partial_territories[str(r["supplier"])].add(region)

    sign_actions: dict[str, set[str]] = defaultdict(set)
    presents_with: dict[str, set[str]] = defaultdict(set)
    basis: dict[str, set[str]] = defaultdict(set)
    compresses: dict[str, set[str]] = defaultdict(set)
    neural: set[str] = set()
    for r in graph.named("model_clinical"):
        subject, relation, obj = str(r["subject"]), str(r["relation"]), str(r["object"])
        if relation == "indicates":
            sign_actions[subject].add(obj)
        elif relation == "presents":
            presents_with[subject].add(obj)
        elif relation == "basis":
            basis[subject].add(obj)
        elif relation == "compresses":
            compresses[subject].add(obj)
        elif relation == "neural":
            neural.add(subject)

    tested_by: dict[str, set[str]] = defaultdict(set)
    test_accuracy: dict[str, list[tuple[str, float | None, float | None]]] = defaultdict(list)
    test_targets: dict[str, set[str]] = defaultdict(set)
    leads_to: dict[str, set[str]] = defaultdict(set)
    for r in graph.named("model_examination"):
        kind, subject, obj = str(r["kind"]), str(r["subject"]), str(r["object"])
        if kind == "tested":
            tested_by[subject].add(obj)
        elif kind == "accuracy":
            sens = as_float(r["sensitivity"]) if "sensitivity" in r else None
            spec = as_float(r["specificity"]) if "specificity" in r else None
            test_accuracy[subject].append((obj, sens, spec))
            test_targets[subject].add(obj)
        elif kind == "assesses":
            test_targets[subject].add(obj)
        elif kind == "leads":
            leads_to[subject].add(obj)

    # a dysfunction that leads to a neural one (a disc herniation to a radiculopathy) is its cause, not a mimic
    radicular = {d for d in neural if types.get(d) in (str(AKG.Radiculopathy), str(AKG.CompressionNeuropathy))}
    causes = {d for d, effects in leads_to.items() if effects & radicular}
    neural |= causes

    levels: dict[str, dict[str, int]] = defaultdict(dict)
    branch_level: dict[str, dict[str, str]] = defaultdict(dict)
    level_dysfunctions: dict[str, set[str]] = defaultdict(set)
    for r in graph.named("model_levels"):
        kind, nerve, level = str(r["kind"]), str(r["nerve"]), str(r["level"])
        if kind == "level":
            levels[nerve][level] = int(as_float(r["order"]))
        elif kind == "branch":
            branch_level[nerve][str(r["branch"])] = level
        elif kind == "lesion":
            level_dysfunctions[level].add(str(r["dysfunction"]))
    nerve_levels = {n: sorted(ls.items(), key=lambda x: (x[1], x[0])) for n, ls in levels.items()}
    branch_order = {
        n: {b: levels[n][lv] for b, lv in branches.items() if lv in levels.get(n, {})}
        for n, branches in branch_level.items()
    }

    return NeuroModel(
        labels=labels,
        types=types,
        segment_weight=_group_mean(segments),
        muscle_nerves=dict(muscle_nerves),
        nerve_kind=nerve_kind,
        nerve_roots=dict(nerve_roots),
        nerve_parents=dict(nerve_parents),
        nerve_level=nerve_level,
        action_roles=_group_mean(roles),
        reflex_segments=dict(reflex_segments),
        reflex_nerves=dict(reflex_nerves),
        reflex_muscles=dict(reflex_muscles),
        region_parents=dict(region_parents),
        territories=dict(territories),
        sign_actions=dict(sign_actions),
        presents_with=dict(presents_with),
        basis=dict(basis),
        neural_dysfunctions=neural,
        compresses=dict(compresses),
        tested_by=dict(tested_by),
        test_accuracy=dict(test_accuracy),
        test_targets=dict(test_targets),
        leads_to=dict(leads_to),
        partial_territories=dict(partial_territories),
        nerve_levels=nerve_levels,
        branch_order=branch_order,
        level_dysfunctions=dict(level_dysfunctions),
    )

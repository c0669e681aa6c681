"""What a lesion at one site predicts: weak muscles and actions, reflexes and skin regions affected.

A lesion site is a scope of nerves and a scope of roots. A root lesion takes one root's fibres
in every nerve; a peripheral-nerve lesion takes every fibre in that nerve and its branches; a
plexus lesion takes its branches; the lumbosacral trunk takes L4–L5 fibres bound for the
sacral plexus. Forward deficit propagation and inverse localisation both use `predict`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kg.reasoning.model import NeuroModel
from kg.vocab import AKG_IRIS as AKG  # plain-string IRIs: importing the reasoning needs no rdflib

__all__ = ["GRADE_THRESHOLDS", "Prediction", "Site", "grade", "predict", "sites"]

#: (lower bound of weakness, grade): an effect of at least the bound has that grade
GRADE_THRESHOLDS: list[tuple[float, str]] = [(0.50, "severe"), (0.25, "moderate"), (0.10, "mild"), (0.0, "none")]
#: share of a dermatome's sensation lost with one root: dermatomes overlap, so one root gives hypoaesthesia
#: rather than anaesthesia; the localizer judges numbness as present or absent, on one scale for roots and nerves
DERMATOME_LOSS = 0.5
#: reflex depression when the lesion takes a segment that is not the reflex's key segment
NON_KEY_REFLEX = 0.5
#: the severity of a partial lesion (half the fibres of what it takes)
PARTIAL_SEVERITY = 0.5
#: the extent of a region numbed by a nerve that supplies only part of it (akg:suppliesPart), by one of
#: two nerves that share it, or by a lesion of one of the two nerves that form another (the sural nerve)
PART_OF_REGION = 0.5


def grade(weakness: float) -> str:
    """'none', 'mild', 'moderate' or 'severe' for an effect size 0..1 (thresholds in GRADE_THRESHOLDS)."""
    return next(name for bound, name in GRADE_THRESHOLDS if weakness >= bound)


#: site kinds: a single root, two or three contiguous roots, a bilateral multi-root cauda equina lesion,
#: a plexus or plexus part, a peripheral nerve (whole or at one of its levels), a non-neural mimic
SITE_KINDS = ("root", "roots", "cauda equina", "plexus", "nerve", "mimic")
#: the roots a cauda equina lesion takes on both sides (below the conus: a central disc at L4/5 or L5/S1
#: takes the descending roots; the sacral roots give saddle and sphincter findings)
CAUDA_EQUINA_ROOTS = ("L5", "S1", "S2", "S3", "S4", "S5")


@dataclass(frozen=True)
class Site:
    """A lesion site: what it is, and which nerves (None: all) and roots (None: all) it takes.

    `spared` lists branches a lesion at this level leaves intact (muscles, branch nerves and skin
    regions leaving the nerve above it); `bilateral` marks a lesion on both sides (cauda equina).
    """

    id: str
    label: str
    kind: str  # one of SITE_KINDS
    nerves: frozenset[str] | None
    roots: frozenset[str] | None
    spared: frozenset[str] = frozenset()
    bilateral: bool = False
    #: the nerve a level site lies on, and the compression dysfunctions known at this site
    nerve: str | None = None
    dysfunctions: frozenset[str] = frozenset()


@dataclass
class Prediction:
    """Effects of a lesion: each maps an IRI to (effect 0..1, explanation paths as label lists)."""

    muscles: dict[str, float] = field(default_factory=dict)
    actions: dict[str, float] = field(default_factory=dict)
    nerves: dict[str, float] = field(default_factory=dict)
    reflexes: dict[str, float] = field(default_factory=dict)
    skin: dict[str, float] = field(default_factory=dict)
    #: skin region → the share of it the lesion numbs (1: the whole region; PART_OF_REGION: a part)
    skin_extent: dict[str, float] = field(default_factory=dict)
    signs: dict[str, float] = field(default_factory=dict)
    paths: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    #: derived values the localizer computes once per prediction (tested-muscle loss per action)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


SPINAL_NERVE = str(AKG.SpinalNerve)
PLEXUS = str(AKG.Plexus)
NERVE = str(AKG.Nerve)


def _candidate_muscles(model: NeuroModel, site: Site) -> set[str]:
    """Muscles a site can reach: supplied by its nerves, or receiving its roots."""
    found: set[str] = set()
    if site.nerves is not None:
        for nerve in site.nerves:
            found |= model.nerve_muscles.get(nerve, set())
    else:
        for root in site.roots or ():
            found |= model.root_muscles.get(root, set())
    return found


def _muscle_losses(model: NeuroModel, site: Site, severity: float, pred: Prediction) -> None:
    for muscle in sorted(_candidate_muscles(model, site) - site.spared):
        nerves = model.muscle_nerves.get(muscle, set())
        in_scope = nerves if site.nerves is None else nerves & site.nerves
        if not in_scope:
            continue
        if site.roots is None:
            # a peripheral or plexus lesion takes every fibre of the nerves in its scope
            loss = len(in_scope) / len(nerves)
            for nerve in sorted(in_scope):
                chain = [model.label(site.id)] if site.id != nerve else []
                pred.paths[muscle].append([*chain, model.label(nerve), model.label(muscle)])
        else:
            share = model.segment_share(muscle)
            loss = 0.0
            for root in sorted(site.roots):
                if share.get(root, 0.0) <= 0:
                    continue
                carriers = [n for n in sorted(in_scope) if root in model.nerve_roots.get(n, ())]
                if site.nerves is not None and not carriers:
                    continue  # the fibres of this root do not pass through the lesioned part
                loss += share[root]
                for nerve in carriers or sorted(in_scope):
                    pred.paths[muscle].append([model.label(root), model.label(nerve), model.label(muscle)])
        loss = min(1.0, loss * severity)
        if loss > 0:
            pred.muscles[muscle] = loss


def _action_weakness(model: NeuroModel, pred: Prediction) -> None:
    actions: set[str] = set()
    for muscle in pred.muscles:
        actions |= model.muscle_actions.get(muscle, set())
    for action in sorted(actions):
        # an action is judged by the muscles a clinician grades for it (akg:clinicallyTestedBy), equally;
        # an action no one grades at the bedside by the role weights of every muscle that performs it
        tested = [m for m in model.tested_by.get(action, ()) if m in model.muscle_nerves]
        roles = dict.fromkeys(tested, 1.0) if tested else model.action_roles[action]
        total = math.fsum(roles.values())
        lost = math.fsum(weight * pred.muscles.get(muscle, 0.0) for muscle, weight in roles.items())
        if total and lost > 0:
            pred.actions[action] = lost / total
            contributions = sorted(
                ((weight * pred.muscles.get(m, 0.0), m) for m, weight in roles.items() if m in pred.muscles),
                reverse=True,
            )
            for _, muscle in contributions[:4]:
                for path in pred.paths.get(muscle, [])[:2]:
                    pred.paths[action].append([*path, model.label(action)])


def _nerve_effects(model: NeuroModel, site: Site, severity: float, pred: Prediction) -> None:
    if site.nerves is not None:
        candidates = set(site.nerves)
    else:
        candidates = set()
        for root in site.roots or ():
            candidates |= model.root_nerves.get(root, set())
    for nerve in sorted(candidates):
        if model.nerve_kind.get(nerve) == SPINAL_NERVE:
            continue
        roots = model.nerve_roots.get(nerve, set())
        if site.roots is None:
            effect = severity
        elif roots:
            effect = severity * len(roots & site.roots) / len(roots)
        else:
            effect = 0.0
        if effect > 0:
            pred.nerves[nerve] = effect
            taken = sorted(roots & site.roots) if site.roots is not None else []
            pred.paths[nerve] = [[model.label(r), model.label(nerve)] for r in taken] or [
                [model.label(site.id), model.label(nerve)]
            ]


def _reflex_effects(model: NeuroModel, site: Site, severity: float, pred: Prediction) -> None:
    for reflex, segments in model.reflex_segments.items():
        nerves = model.reflex_nerves.get(reflex, set())
        if site.nerves is not None and nerves and not nerves & site.nerves:
            continue
        muscles = model.reflex_muscles.get(reflex, set())
        if site.spared and muscles and muscles <= site.spared:
            continue
        if site.roots is None:
            if site.nerves is None or not nerves & site.nerves:
                continue
            effect = 1.0
            pred.paths[reflex] = [
                [model.label(site.id), model.label(n), model.label(reflex)] for n in sorted(nerves & site.nerves)
            ]
        else:
            has_key = any(segments.values())
            effect = 0.0
            for segment in sorted(set(segments) & site.roots):
                effect += 1.0 if (segments[segment] or not has_key) else NON_KEY_REFLEX
                pred.paths[reflex].append(
                    [model.label(segment), *(model.label(n) for n in sorted(nerves)), model.label(reflex)]
                )
        effect = min(1.0, effect) * severity
        if effect > 0:
            pred.reflexes[reflex] = effect


def _taken_share(model: NeuroModel, nerve: str, taken: set[str], memo: dict[str, float]) -> float:
    """How much of `nerve` a lesion that takes the nerves `taken` takes (0..1; 1: all of it).

    A nerve formed by the union of two (the sural nerve: the medial sural cutaneous nerve and the
    sural communicating branch) is half taken when the lesion takes one of them; a nerve none of
    whose parents the lesion takes is where the lesion is, and is taken whole. A parent that is an
    ancestor of another parent adds nothing (the sural nerve is also stated a branch of the tibial).
    """
    if nerve in memo:
        return memo[nerve]
    memo[nerve] = 1.0  # a cycle in the branch data ends here
    parents = model.nerve_parents.get(nerve, set())
    direct = [p for p in parents if not any(q != p and q in model.subtree(p) for q in parents)]
    if any(p in taken for p in direct):
        memo[nerve] = sum(_taken_share(model, p, taken, memo) for p in direct if p in taken) / len(direct)
    return memo[nerve]


def _skin_effects(model: NeuroModel, site: Site, severity: float, pred: Prediction) -> None:
    if site.nerves is None and site.roots is not None:
        suppliers = {r: DERMATOME_LOSS for r in site.roots}
        allowed = None
    else:
        suppliers = {n: 1.0 for n in (site.nerves or ())}
        allowed = None
        if site.roots is not None:  # a trunk: the part of its nerves' territories in its roots' dermatomes
            dermatomes: set[str] = set()
            for root in site.roots:
                dermatomes |= set(model.region_closure(model.territories.get(root, set())))
            allowed = dermatomes
            suppliers = dict.fromkeys(suppliers, DERMATOME_LOSS)
    spared = set(model.region_closure(site.spared & set(model.region_parents))) if site.spared else set()
    taken = set(site.nerves or ()) - spared
    memo: dict[str, float] = {}
    for supplier, loss in suppliers.items():
        whole = site.nerves is None or _taken_share(model, supplier, taken, memo) == 1.0
        in_part = model.part_regions.get(supplier, set())
        for region, confidence in model.region_closure(model.territories.get(supplier, set())).items():
            if allowed is not None and region not in allowed:
                continue
            if region in spared and (supplier == site.nerve or supplier not in taken):
                # the region's branch leaves above the lesion; a branch below it that also supplies the
                # region (the superficial fibular nerve, the lower lateral leg) still takes its part
                continue
            extent = 1.0 if whole and region not in in_part else PART_OF_REGION
            others = model.region_suppliers.get(region, set()) - taken - model.region_part_suppliers.get(region, set())
            if site.nerves is not None and others:
                # a region another nerve also supplies whole (the lateral leg: the lateral sural cutaneous
                # nerve above, the superficial fibular below) is numb in part when the lesion spares that nerve
                extent = PART_OF_REGION
            effect = loss * confidence * severity
            if effect > pred.skin.get(region, 0.0):
                pred.skin[region] = effect
            if extent > pred.skin_extent.get(region, 0.0):
                pred.skin_extent[region] = extent
            pred.paths[region].append([model.label(supplier), model.label(region)])


def predict(model: NeuroModel, site: Site, severity: float = 1.0) -> Prediction:
    """Everything a lesion at `site` of the given severity (0..1) predicts."""
    pred = Prediction()
    if site.kind == "mimic":
        return pred
    _muscle_losses(model, site, severity, pred)
    _action_weakness(model, pred)
    _nerve_effects(model, site, severity, pred)
    _reflex_effects(model, site, severity, pred)
    _skin_effects(model, site, severity, pred)
    for sign, actions in model.sign_actions.items():
        effect = max((pred.actions.get(a, 0.0) for a in actions), default=0.0)
        if effect > 0:
            pred.signs[sign] = effect
    return pred


def _multi_id(roots: list[str], bilateral: bool) -> str:
    """'…/id/L4+L5' for two roots, '…/id/cauda_equina' for the bilateral pattern."""
    base = roots[0].rsplit("/", 1)[0] + "/"
    return base + ("cauda_equina" if bilateral else "+".join(r.rsplit("/", 1)[-1] for r in roots))


def root_site(model: NeuroModel, roots: list[str], bilateral: bool = False) -> Site:
    """One lesion of one or more roots (a multi-level radiculopathy; bilateral: a cauda equina lesion)."""
    label = " + ".join(model.label(r).replace(" spinal nerve", "") for r in roots)
    if bilateral:
        label = f"cauda equina ({model.label(roots[0]).split()[0]}–{model.label(roots[-1]).split()[0]}, both sides)"
    kind = "cauda equina" if bilateral else ("root" if len(roots) == 1 else "roots")
    return Site(
        id=roots[0] if len(roots) == 1 and not bilateral else _multi_id(roots, bilateral),
        label=model.label(roots[0]) if len(roots) == 1 and not bilateral else label,
        kind=kind,
        nerves=None,
        roots=frozenset(roots),
        bilateral=bilateral,
    )


def _root_sites(model: NeuroModel) -> list[Site]:
    """Single roots, contiguous two- and three-root lesions (lumbar and sacral), and the cauda equina."""
    roots = [r for r in model.roots if model.root_muscles.get(r) or model.territories.get(r)]
    out = [root_site(model, [root]) for root in roots]
    for width in (2, 3):
        for i in range(len(roots) - width + 1):
            span = roots[i : i + width]
            if all(model.root_muscles.get(r) for r in span):  # a multi-root picture is a motor one
                out.append(root_site(model, span))
    by_name = {model.label(r).split()[0]: r for r in roots}
    cauda = [by_name[name] for name in CAUDA_EQUINA_ROOTS if name in by_name]
    if len(cauda) >= 3:
        out.append(root_site(model, cauda, bilateral=True))
    return out


def _nerve_sites(model: NeuroModel, nerve: str) -> list[Site]:
    """The nerve at each level its branch-origin data define (order 1 = proximal), or once whole.

    A lesion at order k involves every branch leaving at order ≥ k and spares the branches that
    leave above it; a branch with no origin data is taken to leave below every level (involved).
    """
    subtree = model.subtree(nerve)
    label = model.label(nerve)
    levels = model.nerve_levels.get(nerve, [])
    if not levels:
        level = model.nerve_level.get(nerve)
        return [Site(nerve, f"{label} ({level})" if level else label, "nerve", frozenset(subtree), None, nerve=nerve)]
    out = []
    origins = model.branch_order.get(nerve, {})
    for level, order in levels:
        spared: set[str] = set()
        for branch, leaves in origins.items():
            if leaves < order:
                spared |= model.subtree(branch) if branch in model.nerve_kind else {branch}
        for branch in list(spared):
            spared |= model.nerve_muscles.get(branch, set()) if branch in model.nerve_kind else set()
        nerves = frozenset(n for n in subtree if n not in spared)
        out.append(
            Site(
                level,
                model.label(level),
                "nerve",
                nerves,
                None,
                spared=frozenset(spared),
                nerve=nerve,
                dysfunctions=frozenset(model.level_dysfunctions.get(level, set())),
            )
        )
    return out


def sites(model: NeuroModel) -> list[Site]:
    """Every candidate neural lesion site: roots (single, contiguous, cauda equina), plexuses, nerves at levels."""
    out = _root_sites(model)
    for nerve, kind in sorted(model.nerve_kind.items()):
        if kind == PLEXUS:
            parents = model.nerve_parents.get(nerve, set())
            plexus_parents = [p for p in parents if model.nerve_kind.get(p) == PLEXUS]
            if plexus_parents:  # a part feeding a plexus (lumbosacral trunk): its roots, the plexus's branches
                scope: set[str] = set()
                for parent in plexus_parents:
                    scope |= model.subtree(parent)
                roots = frozenset(model.nerve_roots.get(nerve, set())) or None
                out.append(Site(nerve, model.label(nerve), "plexus", frozenset(scope), roots))
            else:
                out.append(Site(nerve, model.label(nerve), "plexus", frozenset(model.subtree(nerve)), None))
        elif kind == NERVE:
            subtree = model.subtree(nerve)
            if not any(model.nerve_muscles.get(n) or model.territories.get(n) for n in subtree):
                continue  # a nerve with no muscle and no skin below it predicts nothing
            out.extend(_nerve_sites(model, nerve))
    plexuses = [s for s in out if s.kind == "plexus" and s.roots is None]
    if len(plexuses) >= 2:  # the lumbosacral plexus: lumbar and sacral together
        scope = frozenset().union(*(s.nerves or frozenset() for s in plexuses))
        out.append(Site("lumbosacral_plexus", "lumbosacral plexus", "plexus", scope, None))
    return out

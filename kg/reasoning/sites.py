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

from kg.reasoning.model import NeuroModel
from kg.vocab import AKG

__all__ = ["GRADE_THRESHOLDS", "Prediction", "Site", "grade", "predict", "sites"]

#: (lower bound of weakness, grade): an effect of at least the bound has that grade
GRADE_THRESHOLDS: list[tuple[float, str]] = [(0.50, "severe"), (0.25, "moderate"), (0.10, "mild"), (0.0, "none")]
#: share of a dermatome's sensation lost with one root: dermatomes overlap, so one root gives hypoaesthesia
DERMATOME_LOSS = 0.35
#: reflex depression when the lesion takes a segment that is not the reflex's key segment
NON_KEY_REFLEX = 0.5


def grade(weakness: float) -> str:
    """'none', 'mild', 'moderate' or 'severe' for an effect size 0..1 (thresholds in GRADE_THRESHOLDS)."""
    return next(name for bound, name in GRADE_THRESHOLDS if weakness >= bound)


@dataclass(frozen=True)
class Site:
    """A lesion site: what it is, and which nerves (None: all) and roots (None: all) it takes."""

    id: str
    label: str
    kind: str  # root | plexus | nerve | mimic
    nerves: frozenset[str] | None
    roots: frozenset[str] | None


@dataclass
class Prediction:
    """Effects of a lesion: each maps an IRI to (effect 0..1, explanation paths as label lists)."""

    muscles: dict[str, float] = field(default_factory=dict)
    actions: dict[str, float] = field(default_factory=dict)
    nerves: dict[str, float] = field(default_factory=dict)
    reflexes: dict[str, float] = field(default_factory=dict)
    skin: dict[str, float] = field(default_factory=dict)
    signs: dict[str, float] = field(default_factory=dict)
    paths: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))


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
    for muscle in sorted(_candidate_muscles(model, site)):
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
        roles = model.action_roles[action]
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
    for supplier, loss in suppliers.items():
        for region, confidence in model.region_closure(model.territories.get(supplier, set())).items():
            if allowed is not None and region not in allowed:
                continue
            effect = loss * confidence * severity
            if effect > pred.skin.get(region, 0.0):
                pred.skin[region] = effect
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


def root_site(model: NeuroModel, roots: list[str]) -> Site:
    """One lesion of one or more roots (a multi-level radiculopathy)."""
    label = " + ".join(model.label(r) for r in roots)
    return Site(
        id=roots[0] if len(roots) == 1 else "+".join(roots),
        label=label,
        kind="root",
        nerves=None,
        roots=frozenset(roots),
    )


def sites(model: NeuroModel) -> list[Site]:
    """Every candidate lesion site: roots, plexuses and plexus parts, peripheral nerves."""
    out = [root_site(model, [root]) for root in model.roots]
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
            label = model.label(nerve)
            level = model.nerve_level.get(nerve)
            out.append(Site(nerve, f"{label} ({level})" if level else label, "nerve", frozenset(subtree), None))
    return out

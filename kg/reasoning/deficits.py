"""Forward reasoning: which actions, muscles, nerves, reflexes and skin regions a root deficit affects."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kg.errors import KGError, UnknownNameError
from kg.reasoning.cache import model as model_of
from kg.reasoning.sites import Prediction, grade, predict, root_site
from kg.vocab import AKG_IRIS as AKG  # plain-string IRIs: importing the reasoning needs no rdflib

if TYPE_CHECKING:
    from kg.graph import AnatomyGraph

__all__ = ["deficit"]

MAX_PATHS = 5
#: (lower bound of depression, grade) for a reflex: a reflex is reduced or absent, not "severe"
REFLEX_GRADES: list[tuple[float, str]] = [(0.75, "absent"), (0.25, "reduced"), (0.0, "none")]


def reflex_grade(effect: float) -> str:
    """'absent', 'reduced' or 'none' for a reflex depression 0..1 (bounds in REFLEX_GRADES)."""
    return next(name for bound, name in REFLEX_GRADES if effect >= bound)


def _ranked(
    pred_effects: dict[str, float], pred: Prediction, graph_labels: Any, grader: Any = grade
) -> list[dict[str, Any]]:
    rows = []
    for iri, effect in pred_effects.items():
        rows.append(
            {
                "label": graph_labels(iri),
                "id": iri,
                "weakness": round(effect, 3),
                "grade": grader(effect),
                "paths": [list(p) for p in dict.fromkeys(tuple(p) for p in pred.paths.get(iri, []))][:MAX_PATHS],
            }
        )
    return sorted(rows, key=lambda r: (-r["weakness"], r["label"]))


def resolve_root(graph: AnatomyGraph, roots: Sequence[str], name: str) -> str:
    """The spinal root `name` means; a clear message listing the valid roots when it means none."""
    valid = [graph.label(r).split()[0] for r in roots]
    span = f"{valid[0]}–{valid[-1]}" if valid else "none loaded"
    parts = [p for p in re.split(r"\s*[+,&/]\s*|\s+and\s+", name.strip()) if p]
    if len(parts) > 1:
        raise KGError(f"{name!r} names several roots: write them separately, e.g. `deficit {' '.join(parts)}`")
    try:
        return graph.resolve(name, types=[str(AKG.SpinalNerve)], what="spinal root")
    except UnknownNameError as e:
        e.args = (f"{e.args[0]}; the roots are {span}: {', '.join(valid)}",)
        raise


def deficit(graph: AnatomyGraph, roots: Sequence[str], severity: float = 1.0) -> dict[str, Any]:
    """What a lesion of `roots` (names like "L5", "S1 root") of `severity` 0..1 weakens and numbs.

    `weakness` is the fraction of an action's strength lost (0..1), from the share of each
    muscle's segmental supply carried by the lesioned roots, weighted by each muscle's role
    in the action; spared muscles keep their part. Reflexes and skin regions use the same
    scale (1 = absent). Lists are sorted strongest first.
    """
    if not roots:
        raise KGError("name at least one root, e.g. L5 or S1")
    if not 0.0 <= severity <= 1.0:
        raise KGError(f"severity must be between 0 and 1, got {severity}")
    model = model_of(graph)
    iris = []
    for name in roots:
        iri = resolve_root(graph, model.roots, name)
        if iri not in iris:
            iris.append(iri)
    site = root_site(model, iris)
    pred = predict(model, site, severity)
    label = model.label
    return {
        "lesions": [{"label": label(r), "id": r} for r in iris],
        "severity": severity,
        "actions": _ranked(pred.actions, pred, label),
        "muscles": _ranked(pred.muscles, pred, label),
        "nerves": _ranked(pred.nerves, pred, label),
        "reflexes": _ranked(pred.reflexes, pred, label, reflex_grade),
        "skin_regions": _ranked(pred.skin, pred, label),
        "disclaimer": graph.disclaimer,
    }

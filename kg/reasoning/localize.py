"""Inverse reasoning: rank lesion sites from examination findings, and pick the next test.

Each candidate site predicts, for every finding, how likely it is to be abnormal (from
`kg.reasoning.sites.predict`): a predicted weakness of WEAK_FULL (0.5, severe) or more counts as
fully predicted, less counts in proportion. A finding's likelihood under a site is EPSILON
when the site predicts the opposite and 1 − EPSILON when it predicts it fully; a spared
(normal) finding is evidence too. Log-likelihoods are summed with a prior: plexus lesions
are much rarer than root and peripheral-nerve lesions (KIND_PRIOR), and sites that would
weaken many actions are slightly less likely (PARSIMONY). Scores are normalised over the
candidates, so `score` is a share of the posterior, not a probability of disease.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.reasoning.cache import lesion_predictions
from kg.reasoning.cache import model as model_of
from kg.reasoning.model import NeuroModel
from kg.reasoning.sites import Prediction, Site, grade, predict
from kg.vocab import AKG

if TYPE_CHECKING:
    from kg.graph import AnatomyGraph

__all__ = ["Finding", "localize"]

EPSILON = 0.05
#: a predicted weakness of this size (severe) counts as fully predicted; less counts in proportion
WEAK_FULL = 0.5
#: a skin or reflex effect of this size counts as fully predicted abnormal
SENSORY_FULL = 0.5
#: log-prior cost per action a site would weaken at least mildly (parsimony)
PARSIMONY = 0.04
#: log prior by kind of site: plexopathies are far rarer than radiculopathies and entrapments
KIND_PRIOR = {"root": 0.0, "nerve": 0.0, "mimic": 0.0, "plexus": -2.0}
#: how strongly a neural site predicts a symptom or sign that a neural dysfunction of its territory presents with
NEURAL_PRESENTS = 0.8
#: a symptom or sign with no link to a site: weak evidence against it, not a veto
UNLINKED_FINDING = 0.2
#: how strongly a non-neural mimic predicts the findings it presents with
MIMIC_PRESENTS = 0.8
#: weakness a mimic predicts for actions of the muscles it rests on (pain inhibition)
MIMIC_WEAKNESS = 0.5
REFLEX_STATES = {
    "absent": True,
    "reduced": True,
    "diminished": True,
    "normal": False,
    "present": False,
    "brisk": None,
    "increased": None,
}


@dataclass(frozen=True)
class Finding:
    """One observation: kind (weak, normal, numb, reflex, sign), the entity, and whether it is abnormal."""

    kind: str
    iri: str
    label: str
    abnormal: bool
    state: str = ""

    def describe(self) -> str:
        if self.kind == "weak":
            return f"weak {self.label}"
        if self.kind == "normal":
            return f"normal {self.label}"
        if self.kind == "numb":
            return f"numb {self.label}"
        if self.kind == "reflex":
            return f"{self.label} {self.state}"
        return self.label

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.iri, "label": self.label, "abnormal": self.abnormal, "state": self.state}


def _scale(value: float, full: float) -> float:
    return max(0.0, min(1.0, value / full))


def abnormal_probability(model: NeuroModel, site: Site, pred: Prediction, finding: Finding) -> float:
    """How strongly the site predicts this finding's entity to be abnormal (0..1)."""
    if site.kind == "mimic":
        return _mimic_probability(model, site, finding)
    if finding.kind in ("weak", "normal"):
        return _scale(pred.actions.get(finding.iri, 0.0), WEAK_FULL)
    if finding.kind == "numb":
        return _scale(pred.skin.get(finding.iri, 0.0), SENSORY_FULL)
    if finding.kind == "reflex":
        return _scale(pred.reflexes.get(finding.iri, 0.0), SENSORY_FULL)
    if finding.kind == "sign":
        actions = model.sign_actions.get(finding.iri, set())
        if actions:
            return max((_scale(pred.actions.get(a, 0.0), WEAK_FULL) for a in actions), default=0.0)
        return NEURAL_PRESENTS if _neural_presentation(model, site, finding.iri) else UNLINKED_FINDING
    return 0.0


def _neural_presentation(model: NeuroModel, site: Site, finding: str) -> bool:
    """Whether a neural dysfunction resting on this site's nerves or roots presents with the finding."""
    for dysfunction in model.neural_dysfunctions:
        if finding not in model.presents_with.get(dysfunction, set()):
            continue
        structures = model.basis.get(dysfunction, set())
        for structure in structures | {n for s in structures for n in model.compresses.get(s, set())}:
            if site.nerves is not None and structure in site.nerves:
                return True
            if site.roots is not None and structure in site.roots:
                return True
    return False


def _mimic_probability(model: NeuroModel, site: Site, finding: Finding) -> float:
    presents = model.presents_with.get(site.id, set())
    if finding.kind == "sign":
        return MIMIC_PRESENTS if finding.iri in presents else UNLINKED_FINDING
    if finding.kind in ("weak", "normal"):
        muscles = model.basis.get(site.id, set())
        roles = model.action_roles.get(finding.iri, {})
        total = math.fsum(roles.values())
        share = math.fsum(w for m, w in roles.items() if m in muscles) / total if total else 0.0
        return MIMIC_WEAKNESS * _scale(share, WEAK_FULL)
    return 0.0


def likelihood(p_abnormal: float, finding: Finding) -> float:
    """P(observation | site) from the predicted probability of abnormality."""
    p = EPSILON + (1 - 2 * EPSILON) * p_abnormal
    if finding.kind == "reflex" and finding.state in ("brisk", "increased"):
        return EPSILON  # an upper-motor-neuron sign: no lower-limb root or nerve lesion explains it
    return p if finding.abnormal else 1 - p


def _mimic_sites(model: NeuroModel, findings: Sequence[Finding]) -> list[Site]:
    observed = {f.iri for f in findings if f.kind == "sign"}
    out = []
    for dysfunction, presents in sorted(model.presents_with.items()):
        if dysfunction in model.neural_dysfunctions or not presents & observed:
            continue
        out.append(Site(dysfunction, model.label(dysfunction), "mimic", None, None))
    return out


def _parse_findings(
    graph: AnatomyGraph,
    weak: Sequence[str],
    normal: Sequence[str],
    numb: Sequence[str],
    reflexes: Mapping[str, str],
    signs: Sequence[str],
) -> list[Finding]:
    model = model_of(graph)
    findings: list[Finding] = []
    action_types = [str(AKG.Action)]
    for name in weak:
        iri = graph.resolve(name, types=action_types, what="action")
        findings.append(Finding("weak", iri, model.label(iri), True))
    for name in normal:
        iri = graph.resolve(name, types=action_types, what="action")
        findings.append(Finding("normal", iri, model.label(iri), False))
    for name in numb:
        iri = graph.resolve(name, types=[str(AKG.SkinRegion)], what="skin region")
        findings.append(Finding("numb", iri, model.label(iri), True))
    for name, state in reflexes.items():
        key = state.strip().lower()
        if key not in REFLEX_STATES:
            raise KGError(f"reflex state {state!r} for {name!r} is not one of: {', '.join(REFLEX_STATES)}")
        iri = graph.resolve(name, types=[str(AKG.Reflex)], what="reflex")
        abnormal = REFLEX_STATES[key]
        findings.append(Finding("reflex", iri, model.label(iri), abnormal is not False, key))
    for name in signs:
        iri = graph.resolve(name, types=[str(AKG.Sign), str(AKG.Symptom)], what="sign")
        findings.append(Finding("sign", iri, model.label(iri), True))
    seen: dict[tuple[str, str], Finding] = {}
    for f in findings:
        if (f.kind in ("weak", "normal")) and (("normal" if f.kind == "weak" else "weak"), f.iri) in seen:
            raise KGError(f"{f.label!r} is given as both weak and normal")
        seen[(f.kind, f.iri)] = f
    return list(seen.values())


def _explain(finding: Finding, p: float) -> str:
    if finding.kind in ("weak", "normal"):
        expected = f"predicts {grade(p * WEAK_FULL)} weakness" if p > 0 else "predicts normal strength"
    elif finding.kind == "numb":
        expected = "predicts sensory loss there" if p > 0 else "predicts normal sensation there"
    elif finding.kind == "reflex":
        expected = "predicts it reduced or absent" if p > 0 else "predicts it normal"
        if finding.state in ("brisk", "increased"):
            expected = "a brisk reflex points to an upper motor neuron lesion, outside this model"
    else:
        expected = "explains this sign" if p > 0 else "does not explain this sign"
    return f"{finding.describe()} ({expected})"


def _candidate_findings(model: NeuroModel) -> list[Finding]:
    """Everything a next test could examine."""
    out = [Finding("weak", a, model.label(a), True) for a in sorted(model.action_roles)]
    out += [Finding("reflex", r, model.label(r), True, "absent") for r in sorted(model.reflex_segments)]
    regions: set[str] = set()
    for supplied in model.territories.values():
        regions |= supplied
    out += [Finding("numb", r, model.label(r), True) for r in sorted(regions)]
    return out


def _next_test(
    model: NeuroModel,
    ranked: list[tuple[float, Site, Prediction]],
    findings: Sequence[Finding],
) -> dict[str, Any] | None:
    top = [(w, s, p) for w, s, p in ranked[:5] if w >= 0.05 * ranked[0][0]] if ranked else []
    if len(top) < 2:
        return None
    observed = {f.iri for f in findings}
    total = math.fsum(w for w, _, _ in top)
    best: tuple[float, Finding, list[float]] | None = None
    for candidate in _candidate_findings(model):
        if candidate.iri in observed:
            continue
        probs = [abnormal_probability(model, s, p, candidate) for _, s, p in top]
        mean = math.fsum(w * q for (w, _, _), q in zip(top, probs, strict=True)) / total
        spread = math.fsum(w * (q - mean) ** 2 for (w, _, _), q in zip(top, probs, strict=True)) / total
        if spread > 1e-9 and (best is None or spread > best[0]):
            best = (spread, candidate, probs)
    if best is None:
        return None
    _, finding, probs = best
    hi = max(range(len(top)), key=lambda i: probs[i])
    lo = min(range(len(top)), key=lambda i: probs[i])
    verb = {"weak": "test the strength of", "reflex": "check the", "numb": "test sensation over the"}[finding.kind]
    abnormal = {"weak": "weak", "reflex": "reduced or absent", "numb": "numb"}[finding.kind]
    why = f"{top[hi][1].label} predicts it {abnormal}; {top[lo][1].label} predicts it normal"
    return {
        "label": f"{verb} {finding.label}",
        "why": why,
        "finding": {"kind": finding.kind, "term": finding.label, "id": finding.iri},
    }


def localize(
    graph: AnatomyGraph,
    weak: Sequence[str] = (),
    normal: Sequence[str] = (),
    numb: Sequence[str] = (),
    reflexes: Mapping[str, str] | None = None,
    signs: Sequence[str] = (),
    limit: int = 10,
) -> dict[str, Any]:
    """Lesion sites ranked by how well they explain the findings, best first, and the next test.

    `score` is each site's share of the posterior over all candidate sites (0..1).
    """
    findings = _parse_findings(graph, weak, normal, numb, reflexes or {}, signs)
    if not findings:
        raise KGError("give at least one finding: --weak, --normal, --numb, --reflex or --sign")
    model = model_of(graph)
    candidates = [*lesion_predictions(graph), *((s, predict(model, s)) for s in _mimic_sites(model, findings))]
    scored = []
    for site, pred in candidates:
        log_score = KIND_PRIOR.get(site.kind, 0.0) - PARSIMONY * sum(1 for w in pred.actions.values() if w >= 0.10)
        details = []
        for finding in findings:
            p = abnormal_probability(model, site, pred, finding)
            like = likelihood(p, finding)
            log_score += math.log(like)
            details.append((finding, p, like))
        scored.append((log_score, site, pred, details))
    top_log = max(s[0] for s in scored)
    weights = [math.exp(s[0] - top_log) for s in scored]
    norm = math.fsum(weights)
    ranked = sorted(zip(weights, scored, strict=True), key=lambda x: (-x[0], x[1][1].label))
    out = []
    for weight, (_log, site, _pred, details) in ranked[:limit]:
        out.append(
            {
                "label": site.label,
                "id": site.id,
                "kind": site.kind,
                "score": round(weight / norm, 4),
                "supporting": [_explain(f, p) for f, p, like in details if like >= 0.5],
                "contradicting": [_explain(f, p) for f, p, like in details if like < 0.5],
            }
        )
    next_test = _next_test(model, [(w / norm, s[1], s[2]) for w, s in ranked], findings)
    return {
        "findings": [f.as_dict() for f in findings],
        "candidates": out,
        "next_test": next_test,
        "disclaimer": graph.disclaimer,
    }

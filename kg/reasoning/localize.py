"""Inverse reasoning: rank lesion sites from examination findings, say how well each fits, pick the next test.

Every candidate site (kg.reasoning.sites) is weighed under three grades: complete, partial (half
the fibres) and irritative (pain and paraesthesia without weakness). For each grade, each
finding gets a probability under the site:

- strength: the action is judged by the muscles a clinician grades for it (akg:clinicallyTestedBy);
  their mean predicted loss becomes the probability of a *detectable* weakness by a logistic
  curve centred on DETECT_AT (0.30, a moderate loss) with width DETECT_WIDTH, so an assisting
  muscle's small share is not support. An MRC grade also counts against a site that predicts far
  less loss than the grade shows.
- sensation: a predicted loss in the region (root or nerve, one scale) gives SENSORY_P; normal
  sensation is the complement. Paraesthesia (tingling, burning, pain) felt over a region the site
  supplies: IRRITATED_PARAESTHESIA_P under the irritative grade, PARAESTHESIA_P otherwise.
- reflexes: like strength, on the predicted depression; a brisk reflex is an upper-motor-neuron sign.
- signs: those that show weakness of an action follow that action; pain and paraesthesia follow the
  neural dysfunctions of the site's territory (NEURAL_PRESENTS) or stay unexplained (UNLINKED_FINDING).
- clinical tests: positive with probability = sensitivity when the site is what the test assesses,
  1 − specificity otherwise (likelihood ratios from the stored accuracy, DEFAULT_SENS/SPEC without).

A site's score is its log prior (kind, context, parsimony) plus the log of the grade-weighted sum of
the products of the finding likelihoods. Scores are normalised over candidates (`score` is a share,
not a probability of disease); `fit` gives each site's absolute fit: findings explained, unexplained
and contradicted. The numbers and their reasons are in docs/reasoning.md.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.reasoning.cache import cached, lesion_predictions, partial_predictions
from kg.reasoning.cache import model as model_of
from kg.reasoning.findings import Finding, parse_findings
from kg.reasoning.model import NeuroModel
from kg.reasoning.sites import Prediction, Site, predict

if TYPE_CHECKING:
    from kg.graph import AnatomyGraph

__all__ = ["CONTEXT_PRIORS", "Finding", "localize", "localize_contexts"]

EPSILON = 0.03
#: a predicted loss of this size (moderate) is detected half the time at the bedside
DETECT_AT = 0.30
DETECT_WIDTH = 0.06
#: probability that a lesion taking a region's sensation is found numb there (dermatomes overlap)
SENSORY_P = 0.85
#: an irritated nerve or root: paraesthesia in its territory this often, no weakness, reflexes kept
IRRITATIVE_SENSORY_P = 0.5
#: a lesion that numbs only part of a region (sites.PART_OF_REGION) is found numb there less often: the
#: probability falls by this share of the part left out (extent 0.5: SENSORY_P × 0.75); clinicians record
#: "lateral leg" for the lower lateral leg, so the part is not discounted in full (assumption)
PART_FOUND_LESS = 0.5
#: tingling, burning or pain felt over a region the site supplies: the hallmark of an irritated nerve or root
#: (irritative grade), frequent but not the rule beside the numbness of a partial or complete lesion
IRRITATED_PARAESTHESIA_P = 0.85
PARAESTHESIA_P = 0.35
#: sensory finding kind → (probability under the irritative grade, under a complete or partial lesion)
SENSORY_FINDING_P = {
    "numb": (IRRITATIVE_SENSORY_P, SENSORY_P),
    "sensation": (IRRITATIVE_SENSORY_P, SENSORY_P),
    "paraesthesia": (IRRITATED_PARAESTHESIA_P, PARAESTHESIA_P),
}
#: how strongly a neural site predicts a symptom or sign that a neural dysfunction of its territory presents with
NEURAL_PRESENTS = 0.8
#: a symptom or sign with no link to a site: weak evidence against it, not a veto
UNLINKED_FINDING = 0.15
#: how strongly a non-neural mimic predicts the findings it presents with
MIMIC_PRESENTS = 0.8
#: detectable weakness a mimic predicts for actions of the muscles it rests on (pain inhibition)
MIMIC_WEAKNESS = 0.3
#: a clinical test with no stored accuracy: assumed sensitivity and specificity (LR+ 3, LR− 0.5)
DEFAULT_SENS, DEFAULT_SPEC = 0.6, 0.8
#: wasting follows a severe, lasting denervation: probability under a complete lesion of the muscle
WASTING_P = 0.7
#: MRC grade → the share of strength it shows lost
MRC_LOSS = {0: 1.0, 1: 0.95, 2: 0.8, 3: 0.6, 4: 0.3}
#: log-prior cost per action a site would weaken at least mildly (parsimony)
PARSIMONY = 0.04
#: a key action the clinician did not record as weak is weak evidence that it was normal: each unrecorded
#: bedside action a site predicts detectably weak multiplies its likelihood by 1 − UNRECORDED × P(detectable)
UNRECORDED = 0.08
#: log prior by kind of site (assumptions, see docs/reasoning.md): radiculopathies and entrapments are
#: common, a two-root lesion less so (per extra root), plexopathies and cauda equina rare
KIND_PRIOR = {"root": 0.0, "roots": 0.0, "nerve": 0.0, "mimic": 0.0, "plexus": -2.5, "cauda equina": -3.0}
EXTRA_ROOT_PRIOR = -2.0
#: a nerve level where a compression neuropathy is known to sit (akg:lesionAt: the fibular neck, the
#: greater sciatic foramen, the inguinal ligament for the LFCN, …) is where that nerve is most often
#: injured: its other levels get this log-prior cost (assumption, docs/reasoning.md)
ENTRAPMENT_PRIOR = 0.5
#: of two nerve sites that explain the same findings, the smaller lesion (fewer branch nerves taken)
#: is the likelier: log-prior cost per branch nerve below the site (parsimony; assumption)
NERVE_PARSIMONY = 0.01
#: radiculopathy most often takes L4, L5 or S1 (dysfunctions-tests-exercises.md, lumbar radiculopathy:
#: "L4–S1 roots (most often)", :src_dte_S134): log-prior bonus for a root site within them
COMMON_ROOTS = {"L4": 1.0, "L5": 1.0, "S1": 1.0, "L2": 0.0, "L3": 0.0}
#: any other single root (T12, L1, S2–S5) is rarely the lone lesion (assumption, docs/reasoning.md)
RARE_ROOT = -1.0
#: grade → prior weight, by kind of site (irritative only where an entrapment or radiculopathy can irritate)
GRADE_WEIGHTS = {
    "root": {"complete": 0.4, "partial": 0.4, "irritative": 0.2},
    "roots": {"complete": 0.4, "partial": 0.6},
    "cauda equina": {"complete": 0.5, "partial": 0.5},
    "plexus": {"complete": 0.5, "partial": 0.5},
    "nerve": {"complete": 0.4, "partial": 0.4, "irritative": 0.2},
}
#: context → site local name (nerve, level, plexus or root id) → log-prior bonus; sources and assumptions
#: in docs/reasoning.md
CONTEXT_PRIORS: dict[str, dict[str, float]] = {
    "diabetes": {"lumbosacral_plexus": 2.5, "lumbar_plexus": 2.0, "femoral_nerve": 1.0},
    "labour": {
        "lumbosacral_trunk": 3.5,
        "obturator_nerve": 2.0,
        "femoral_nerve": 1.5,
        "lateral_femoral_cutaneous_nerve": 1.5,
        "common_fibular_nerve": 1.0,
    },
    "hip surgery": {
        "superior_gluteal_nerve": 2.0,
        "sciatic_nerve": 2.0,
        "inferior_gluteal_nerve": 1.5,
        "femoral_nerve": 1.5,
        "obturator_nerve": 1.0,
    },
    "injection": {"sciatic_nerve": 2.5, "inferior_gluteal_nerve": 1.5, "superior_gluteal_nerve": 1.0},
    "leg crossing": {"common_fibular_nerve": 2.0},
    "weight loss": {"common_fibular_nerve": 1.5},
    "tight clothing": {"lateral_femoral_cutaneous_nerve": 2.0},
    "hernia repair": {
        "ilioinguinal_nerve": 2.5,
        "iliohypogastric_nerve": 2.0,
        "genitofemoral_nerve": 2.0,
        "lateral_femoral_cutaneous_nerve": 1.0,
    },
    "knee surgery": {
        "infrapatellar_branch_of_saphenous_nerve": 2.5,
        "saphenous_nerve": 1.5,
        "common_fibular_nerve": 1.5,
    },
    "lithotomy position": {
        "common_fibular_nerve": 1.5,
        "femoral_nerve": 1.5,
        "obturator_nerve": 1.5,
        "sciatic_nerve": 1.0,
        "lateral_femoral_cutaneous_nerve": 1.0,
    },
    "cycling": {"pudendal_nerve": 2.0},
}
CONTEXT_SYNONYMS = {
    "diabetic": "diabetes",
    "diabetes mellitus": "diabetes",
    "childbirth": "labour",
    "labor": "labour",
    "delivery": "labour",
    "postpartum": "labour",
    "post-partum": "labour",
    "hip replacement": "hip surgery",
    "hip arthroplasty": "hip surgery",
    "total hip arthroplasty": "hip surgery",
    "tha": "hip surgery",
    "intramuscular injection": "injection",
    "gluteal injection": "injection",
    "im injection": "injection",
    "crossing legs": "leg crossing",
    "habitual leg crossing": "leg crossing",
    "tight belt": "tight clothing",
    "obesity": "tight clothing",
    "pregnancy": "tight clothing",
    "inguinal hernia repair": "hernia repair",
    "herniorrhaphy": "hernia repair",
    "hernioplasty": "hernia repair",
    "groin surgery": "hernia repair",
    "knee arthroscopy": "knee surgery",
    "knee replacement": "knee surgery",
    "total knee arthroplasty": "knee surgery",
    "tka": "knee surgery",
    "lithotomy": "lithotomy position",
    "gynaecological surgery": "lithotomy position",
    "gynecologic surgery": "lithotomy position",
    "cyclist": "cycling",
    "bicycle riding": "cycling",
}
#: dysfunctions of several roots on both sides: only a bilateral site explains their findings
BILATERAL_DYSFUNCTIONS = {"cauda_equina_syndrome"}
#: a finding is explained when its likelihood under the site's best grade is at least this,
#: contradicted below CONTRADICTED
EXPLAINED, CONTRADICTED = 0.5, 0.2
#: two lesions at once: log-prior cost of a combination (assumption, docs/reasoning.md), and how many of the best
#: neural sites are paired
TWO_LESIONS = -2.0
COMBINATION_POOL = 12
#: sites within this share of the best score that explain as many findings are said to be tied with it
TIE_RATIO = 0.9
#: how often a lesion of one side gives a finding recorded on both sides (saddle numbness from one pudendal
#: branch): a unilateral lesion leaves the other side normal, so only a finding misrecorded or near the midline
ONE_SIDE_FOR_BOTH = 0.1
#: ISNCSCI key sensory points (src_neuro_ISNCSCI_S) as the graph's skin regions: bedside sensory tests
#: (L1 groin, L2 mid-anterior thigh, L3 medial femoral condyle, L4 medial malleolus, L5 dorsum of foot,
#: S1 lateral heel, S2 popliteal fossa, S4–5 perianal)
KEY_SENSORY_POINTS = (
    "groin", "anterior_thigh", "medial_knee", "medial_malleolus_region", "dorsum_of_foot", "lateral_heel",
    "popliteal_fossa", "perineum",
)  # fmt: skip


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def detect(loss: float, at: float = DETECT_AT) -> float:
    """Probability that a predicted loss (0..1) is found on examination: logistic around `at`."""
    if loss <= 0.02:
        return 0.0
    return 1.0 / (1.0 + math.exp(-(loss - at) / DETECT_WIDTH))


@dataclass
class _Grade:
    name: str
    weight: float
    pred: Prediction


class _Evidence:
    """Finding probabilities under a site and a grade."""

    def __init__(
        self, model: NeuroModel, findings: Sequence[Finding], memo: dict[str, dict[tuple[str, str], Any]] | None = None
    ) -> None:
        self.model = model
        self.findings = findings
        abnormal_sides = [f.side for f in findings if f.abnormal and f.side in ("left", "right")]
        self.main_side = max(("left", "right"), key=abnormal_sides.count) if abnormal_sides else None
        #: findings that only a bilateral multi-root dysfunction presents with (urinary retention, reduced anal tone)
        bilateral = {d for d in model.presents_with if _local(d) in BILATERAL_DYSFUNCTIONS}
        others = set().union(*(v for d, v in model.presents_with.items() if d not in bilateral), set())
        self.bilateral_only = set().union(*(model.presents_with[d] for d in bilateral), set()) - others
        memo = memo if memo is not None else {}
        #: (site, test) → assessed / (sensitivity, specificity): pure in the model, kept per graph
        self._assessed: dict[tuple[str, str], bool] = memo.setdefault("assessed", {})
        self._accuracy: dict[tuple[str, str], tuple[float, float]] = memo.setdefault("accuracy", {})
        self.recorded = {f.iri for f in findings}
        for f in findings:  # a sign that shows weakness of an action records that action
            self.recorded |= model.sign_actions.get(f.iri, set())
        self.motor_recorded = any(f.kind in ("weak", "normal") for f in findings)

    def unrecorded(self, site: Site, g: _Grade) -> float:
        """Log factor for key actions not recorded that the site predicts detectably weak."""
        if site.kind == "mimic" or g.name == "irritative" or not self.motor_recorded:
            return 0.0
        terms = g.pred.memo.get("unrecorded")
        if terms is None:  # log factor of each bedside action, computed once per prediction
            terms = {a: math.log(1 - UNRECORDED * detect(self.action_loss(g.pred, a))) for a in self.model.tested_by}
            g.pred.memo["unrecorded"] = terms
        return math.fsum(v for a, v in terms.items() if a not in self.recorded)

    # -------------------------------------------------------------- predicted effects
    def action_loss(self, pred: Prediction, action: str) -> float:
        """Mean predicted loss of the muscles a clinician grades for the action (the action's loss without them)."""
        loss = pred.memo.get(action)
        if loss is None:
            tested = [m for m in self.model.tested_by.get(action, ()) if m in self.model.muscle_nerves]
            if tested:
                loss = math.fsum(pred.muscles.get(m, 0.0) for m in tested) / len(tested)
            else:
                loss = pred.actions.get(action, 0.0)
            pred.memo[action] = loss
        return loss

    def sensory_p(self, pred: Prediction, grade_name: str, region: str, kind: str) -> float:
        """Probability of a sensory finding of this kind over a region: 0 where the site leaves its skin alone."""
        found = self.found_share(pred, region)
        if found <= 0:
            return 0.0
        irritated, otherwise = SENSORY_FINDING_P[kind]
        return found * (irritated if grade_name == "irritative" else otherwise)

    def found_share(self, pred: Prediction, region: str) -> float:
        """How often the site's sensory loss is found over the region, as a share of a whole region's (0..1).

        Where the site supplies the region, 1, less PART_FOUND_LESS of the part it leaves out (the medial
        cutaneous nerve of thigh numbs only the upper medial leg). A region the graph divides into named
        parts (the thigh, the sole) is recorded as a whole only when the whole is numb: the mean over its
        parts (a medial plantar lesion numbs half the sole).
        """
        if pred.skin.get(region, 0.0) > 0:
            return 1 - PART_FOUND_LESS * (1 - pred.skin_extent.get(region, 1.0))
        parts = self.model.region_parts.get(region)
        if not parts:
            return 0.0
        key = "found " + region
        if key not in pred.memo:
            pred.memo[key] = 0.0  # a cycle in the part-of data ends here
            pred.memo[key] = math.fsum(self.found_share(pred, part) for part in parts) / len(parts)
        return pred.memo[key]

    def neural_presentation(self, site: Site, finding: str) -> bool:
        """Whether a neural dysfunction resting on this site's nerves or roots presents with the finding."""
        model = self.model
        for dysfunction in model.neural_dysfunctions:
            if finding not in model.presents_with.get(dysfunction, set()):
                continue
            if _local(dysfunction) in BILATERAL_DYSFUNCTIONS and not site.bilateral:
                continue
            if dysfunction in site.dysfunctions:
                return True
            structures = model.basis.get(dysfunction, set())
            for structure in structures | {n for s in structures for n in model.compresses.get(s, set())}:
                if site.nerves is not None and structure in site.nerves:
                    return True
                if site.roots is not None and structure in site.roots:
                    return True
        return False

    def assessed(self, site: Site, test: str) -> bool:
        """Whether the test assesses this site: the site itself, its nerve or roots, or a dysfunction of them."""
        key = (site.id, test)
        if key not in self._assessed:
            self._assessed[key] = self._assesses(site, test)
        return self._assessed[key]

    def _assesses(self, site: Site, test: str) -> bool:
        model = self.model
        targets = model.test_targets.get(test, set())
        roots = {t for t in targets if t in model.nerve_kind and model.nerve_kind[t].endswith("SpinalNerve")}
        if site.kind in ("root", "roots", "cauda equina") and roots:
            return bool(roots & (site.roots or set()))
        return any(self._concerns(site, target) for target in targets)

    def _concerns(self, site: Site, target: str) -> bool:
        """Whether what a test looks for (a nerve, root or dysfunction) is this site or a dysfunction of it."""
        model = self.model
        if target == site.id or target == site.nerve:
            return True
        if site.kind == "mimic":
            return False
        for d in {target} | model.leads_to.get(target, set()):
            if d in site.dysfunctions:
                return True
            structures = model.basis.get(d, set())
            structures |= {n for s in structures for n in model.compresses.get(s, set())}
            if site.roots is not None and structures & site.roots and site.nerves is None:
                return True
            if site.nerves is not None and site.kind == "nerve" and site.nerve in structures:
                return True
        return False

    def test_accuracy(self, test: str, site: Site) -> tuple[float, float]:
        key = (site.id, test)
        if key not in self._accuracy:
            self._accuracy[key] = self._test_accuracy(test, site)
        return self._accuracy[key]

    def _test_accuracy(self, test: str, site: Site) -> tuple[float, float]:
        rows = [
            (c, se, sp) for c, se, sp in self.model.test_accuracy.get(test, []) if se is not None and sp is not None
        ]
        if not rows:
            return DEFAULT_SENS, DEFAULT_SPEC
        # the accuracy measured for this site's condition (SLR for deep gluteal syndrome under a sciatic site, for
        # disc herniation under a root); the mean over all conditions only where none is this site's
        matching = [(se, sp) for c, se, sp in rows if self._concerns(site, c)]
        chosen = matching or [(se, sp) for _, se, sp in rows]
        sens = math.fsum(se for se, _ in chosen) / len(chosen)
        spec = math.fsum(sp for _, sp in chosen) / len(chosen)
        return min(max(sens, 0.02), 0.98), min(max(spec, 0.02), 0.98)

    # -------------------------------------------------------------- probabilities
    def p_abnormal(self, site: Site, g: _Grade, finding: Finding) -> float:
        """Probability that the finding's entity is abnormal under the site at this grade (0..1)."""
        if site.kind == "mimic":
            return self._mimic(site, finding)
        irritative = g.name == "irritative"
        kind = finding.kind
        if kind in ("weak", "normal"):
            return 0.0 if irritative else detect(self.action_loss(g.pred, finding.iri))
        if kind in SENSORY_FINDING_P:
            return self.sensory_p(g.pred, g.name, finding.iri, kind)
        if kind == "reflex":
            return 0.0 if irritative else detect(g.pred.reflexes.get(finding.iri, 0.0))
        if kind == "wasting":
            return 0.0 if irritative else WASTING_P * detect(g.pred.muscles.get(finding.iri, 0.0), at=0.6)
        if kind == "test":
            return 1.0 if self.assessed(site, finding.iri) else 0.0
        actions = self.model.sign_actions.get(finding.iri, set())
        if actions:
            if irritative:
                return 0.0
            return max((detect(self.action_loss(g.pred, a)) for a in actions), default=0.0)
        if self.neural_presentation(site, finding.iri):
            return NEURAL_PRESENTS
        if not site.bilateral and finding.iri in self.bilateral_only:
            return 0.0  # a sphincter sign needs the sacral roots of both sides: no one-sided lesion gives it
        return UNLINKED_FINDING

    def mimic_presents(self, dysfunction: str) -> set[str]:
        """What a mimic presents with: its own findings and those of what it leads to (hip OA → Trendelenburg gait)."""
        model = self.model
        out = set(model.presents_with.get(dysfunction, set()))
        for consequence in model.leads_to.get(dysfunction, set()):
            out |= model.presents_with.get(consequence, set())
        return out

    def _mimic(self, site: Site, finding: Finding) -> float:
        model = self.model
        presents = self.mimic_presents(site.id)
        if finding.kind == "sign":
            return MIMIC_PRESENTS if finding.iri in presents else UNLINKED_FINDING
        if finding.kind == "paraesthesia":  # pain felt over a region can be referred from a tendon or joint
            return UNLINKED_FINDING
        if finding.kind == "test":
            return 1.0 if self.assessed(site, finding.iri) else 0.0
        if finding.kind in ("weak", "normal"):
            muscles = model.basis.get(site.id, set())
            tested = model.tested_by.get(finding.iri) or set(model.action_roles.get(finding.iri, {}))
            return MIMIC_WEAKNESS if tested & muscles else 0.0
        return 0.0

    def likelihood(self, site: Site, g: _Grade, finding: Finding) -> tuple[float, float]:
        """(P(abnormal), P(this observation)) under the site at grade g."""
        p = self.p_abnormal(site, g, finding)
        if finding.side and not site.bilateral:
            if finding.side == "bilateral":
                if site.kind != "mimic":  # a tendinopathy or a knee pattern is often on both sides
                    p *= ONE_SIDE_FOR_BOTH  # one side cannot explain a finding on both
            elif self.main_side and finding.side != self.main_side:
                p = 0.0  # a lesion of one side leaves the other normal: a right FADIR says nothing of left FAI
        if finding.kind == "test":
            sens, spec = self.test_accuracy(finding.iri, site)
            positive = sens if p >= 0.5 else 1 - spec
            return p, positive if finding.abnormal else 1 - positive
        if finding.kind == "reflex" and finding.state in ("brisk", "increased"):
            return p, EPSILON  # an upper-motor-neuron sign: no lower-limb root or nerve lesion explains it
        q = EPSILON + (1 - 2 * EPSILON) * p
        like = q if finding.abnormal else 1 - q
        if finding.kind == "weak" and finding.grade is not None and site.kind != "mimic":
            shown = MRC_LOSS[finding.grade]
            predicted = 0.0 if g.name == "irritative" else self.action_loss(g.pred, finding.iri)
            like *= math.exp(-(max(0.0, shown - predicted - 0.2) ** 2) / (2 * 0.2**2))
        absent_reflex = finding.kind == "reflex" and finding.state == "absent" and site.kind != "mimic"
        if absent_reflex and g.name != "irritative" and g.pred.reflexes.get(finding.iri, 0.0) < 0.75:
            like *= 0.6  # an absent reflex needs its key segment or its nerve taken
        return p, max(like, 1e-6)


def _grades(site: Site, full: Prediction, partial: Prediction | None, entrapped: set[str]) -> list[_Grade]:
    """The grades a site is weighed under: an irritative grade only for a root or a nerve something entraps."""
    if site.kind == "mimic":
        return [_Grade("mimic", 1.0, full)]
    weights = dict(GRADE_WEIGHTS.get(site.kind, {"complete": 1.0}))
    at_level = site.kind == "nerve" and site.nerve is not None and site.id != site.nerve
    if at_level and not site.dysfunctions:
        weights.pop("irritative", None)  # a nerve with levels is irritated only where something entraps it
    elif site.kind == "nerve" and not site.dysfunctions and site.nerve not in entrapped:
        weights.pop("irritative", None)
    total = math.fsum(weights.values())
    out = []
    for name, weight in weights.items():
        pred = partial if name == "partial" and partial is not None else full
        out.append(_Grade(name, weight / total, pred))
    return out


def _neural_candidates(graph: AnatomyGraph) -> list[tuple[Site, list[_Grade], float]]:
    """(site, its grades with their predictions, its prior without context) for every neural site, built once."""

    def build() -> list[tuple[Site, list[_Grade], float]]:
        model = model_of(graph)
        entrapped: set[str] = set()  # nerves a neural dysfunction rests on or compresses
        for dysfunction in model.neural_dysfunctions:
            for structure in model.basis.get(dysfunction, set()):
                entrapped.add(structure)
                entrapped.update(model.compresses.get(structure, set()))
        full, partial = lesion_predictions(graph), partial_predictions(graph)
        entrapment_nerves = frozenset(
            site.nerve for site, _ in full if site.kind == "nerve" and site.dysfunctions and site.id != site.nerve
        )
        return [
            (site, _grades(site, pred, half, entrapped), _prior(site, pred, (), entrapment_nerves))
            for (site, pred), (_, half) in zip(full, partial, strict=True)
        ]

    return cached(graph, "neural_candidates", build)


def _mimic_sites(ev: _Evidence, findings: Sequence[Finding]) -> list[Site]:
    model = ev.model
    observed = {f.iri for f in findings if f.kind in ("sign", "test") and f.abnormal}
    tested = {
        target for f in findings if f.kind == "test" and f.abnormal for target in model.test_targets.get(f.iri, set())
    }
    out = []
    for dysfunction in sorted(set(model.presents_with) | set(model.leads_to)):
        if dysfunction in model.neural_dysfunctions or not model.basis.get(dysfunction):
            continue  # a mimic rests on a structure; a pattern with none (steppage gait) is a finding, not a site
        if ev.mimic_presents(dysfunction) & observed or dysfunction in tested:
            out.append(Site(dysfunction, model.label(dysfunction), "mimic", None, None))
    return out


def _context_bonus(site: Site, contexts: Sequence[str]) -> float:
    bonus = 0.0
    names = {_local(site.id)} | ({_local(site.nerve)} if site.nerve else set())
    for context in contexts:
        table = CONTEXT_PRIORS[context]
        bonus += max((table.get(n, 0.0) for n in names), default=0.0)
    return bonus


def _contexts(values: Sequence[str]) -> list[str]:
    out = []
    for value in values:
        key = " ".join(value.lower().replace("_", " ").split())
        key = CONTEXT_SYNONYMS.get(key, key)
        names = [*CONTEXT_PRIORS, *CONTEXT_SYNONYMS]
        if key not in CONTEXT_PRIORS:  # a context said with more words: 'type 2 diabetes', 'prolonged labour'
            named = {CONTEXT_SYNONYMS.get(n, n) for n in names if f" {n} " in f" {key} "}
            key = named.pop() if len(named) == 1 else key
        if key not in CONTEXT_PRIORS:
            close = [n for n in names if set(key.split()) & set(n.split())] or difflib.get_close_matches(key, names)
            hint = f"did you mean {', '.join(repr(n) for n in close[:3])}? " if close else ""
            raise KGError(
                f"unknown context {value!r}; {hint}known contexts: {', '.join(CONTEXT_PRIORS)} (and their synonyms)"
            )
        out.append(key)
    return out


def _prior(
    site: Site, pred: Prediction, contexts: Sequence[str], entrapment_nerves: frozenset[str] = frozenset()
) -> float:
    prior = KIND_PRIOR.get(site.kind, 0.0)
    if site.kind == "roots" and site.roots:
        prior += EXTRA_ROOT_PRIOR * (len(site.roots) - 1)
    if site.kind in ("root", "roots") and site.roots:
        prior += min(COMMON_ROOTS.get(_local(r), RARE_ROOT) for r in site.roots)
    if site.id == "lumbosacral_plexus":
        prior -= 0.5
    if site.kind == "nerve" and site.nerve in entrapment_nerves and site.id != site.nerve and not site.dysfunctions:
        prior -= ENTRAPMENT_PRIOR  # the nerve's other levels, below its usual entrapment site
    if site.kind == "nerve" and site.nerves:
        prior -= NERVE_PARSIMONY * (len(site.nerves) - 1)
    prior -= PARSIMONY * sum(1 for w in pred.actions.values() if w >= 0.10)
    return prior + _context_bonus(site, contexts)


@dataclass
class _Scored:
    site: Site
    log_score: float
    grade: str
    details: list[tuple[Finding, float, float]]  # finding, P(abnormal), likelihood at the best grade
    grades: list[_Grade]


def _score(ev: _Evidence, site: Site, grades: list[_Grade], findings: Sequence[Finding], prior: float) -> _Scored:
    best: tuple[float, str, list[tuple[Finding, float, float]]] | None = None
    logs = []
    for g in grades:
        log_like = math.log(g.weight) + ev.unrecorded(site, g)
        details = []
        for finding in findings:
            p, like = ev.likelihood(site, g, finding)
            log_like += math.log(like)
            details.append((finding, p, like))
        logs.append(log_like)
        if best is None or log_like > best[0]:
            best = (log_like, g.name, details)
    assert best is not None
    top = max(logs)
    total = top + math.log(math.fsum(math.exp(x - top) for x in logs))
    return _Scored(site, prior + total, best[1], best[2], grades)


def _explain(finding: Finding, p: float, like: float) -> str:
    if finding.kind in ("weak", "normal"):
        expected = "predicts detectable weakness" if p >= 0.5 else "predicts normal strength"
    elif finding.kind in ("numb", "sensation"):
        expected = "predicts sensory loss there" if p >= 0.5 else "predicts normal sensation there"
    elif finding.kind == "paraesthesia":
        expected = "does not supply that skin"
        if p >= 0.5:
            expected = "supplies that skin"
        elif p > 0:  # its skin, at a grade that numbs more often than it tingles
            expected = "supplies that skin, but a lesion of this grade numbs more often than it tingles"
    elif finding.kind == "reflex":
        expected = "predicts it reduced or absent" if p >= 0.5 else "predicts it normal"
        if finding.state in ("brisk", "increased"):
            expected = "a brisk reflex points to an upper motor neuron lesion, outside this model"
    elif finding.kind == "test":
        expected = "is what the test assesses" if p >= 0.5 else "is not what the test assesses"
    elif finding.kind == "wasting":
        expected = "predicts wasting" if p >= 0.5 else "predicts no wasting"
    elif finding.abnormal:
        expected = "explains this" if p >= 0.5 else "does not explain this"
    else:  # a sign looked for and absent
        expected = "predicts it present" if p >= 0.5 else "predicts it absent"
    return f"{finding.describe()} ({expected})"


def _entrapment(ev: _Evidence, s: _Scored) -> str | None:
    """The named compression neuropathy of an irritated site that presents with most of the signs recorded."""
    model = ev.model
    signs = {f.iri for f in ev.findings if f.kind in ("sign", "test") and f.abnormal}
    best: tuple[int, str] | None = None
    for dysfunction in sorted(model.neural_dysfunctions):
        structures = model.basis.get(dysfunction, set())
        reach = structures | {n for x in structures for n in model.compresses.get(x, set())}
        on_site = dysfunction in s.site.dysfunctions or (s.site.nerve in reach if s.site.nerve else False)
        on_site = on_site or bool(s.site.roots and s.site.nerves is None and reach & s.site.roots)
        if not on_site:
            continue
        shown = len(signs & (model.presents_with.get(dysfunction, set()) | _assessing(model, dysfunction)))
        if shown and (best is None or shown > best[0]):
            best = (shown, model.label(dysfunction))
    return best[1] if best else None


def _assessing(model: NeuroModel, dysfunction: str) -> set[str]:
    return {t for t, targets in model.test_targets.items() if dysfunction in targets}


def _status(finding: Finding, like: float, p: float) -> str:
    """explained, unexplained or contradicted: how a site at its best grade stands on one finding."""
    if finding.kind == "test":  # judged by what the test assesses, not by its accuracy alone
        if p < 0.5:  # a test of something else: its result says nothing for this site
            return "unexplained" if finding.abnormal else "explained"
        if finding.abnormal:
            return "explained"  # positive where it assesses: a likelihood ratio above 1, however insensitive
    if like >= EXPLAINED:
        return "explained"
    # a symptom, a sign or a positive test the site does not give is unexplained, not contradicted: pain
    # and tingling can have another cause; a deficit it cannot give, or a normal finding it would change, is
    if like < CONTRADICTED and not (finding.kind in ("sign", "test", "paraesthesia") and finding.abnormal):
        return "contradicted"
    return "unexplained"


def _fit(details: list[tuple[Finding, float, float]]) -> dict[str, list[str]]:
    fit: dict[str, list[str]] = {"explained": [], "unexplained": [], "contradicted": []}
    for finding, p, like in details:
        fit[_status(finding, like, p)].append(_explain(finding, p, like))
    return fit


def _combination(ev: _Evidence, scored: list[_Scored], findings: Sequence[Finding]) -> dict[str, Any] | None:
    """The best pair of sites (two lesions) for a picture no single site explains.

    Each of the COMBINATION_POOL best neural sites is taken at its best-fitting grade; a finding is
    abnormal under the pair when either lesion makes it so, and a test is weighed by the site that
    fits its result better. Two lesions cost TWO_LESIONS in log prior. The answer says how many
    findings the pair still contradicts and how many times likelier it is than the best single site.
    """
    pool = [s for s in scored[:COMBINATION_POOL] if s.site.kind != "mimic"]
    best: tuple[float, _Scored, _Scored, int] | None = None
    for i, a in enumerate(pool):
        ga = next(g for g in a.grades if g.name == a.grade)
        for b in pool[i + 1 :]:
            gb = next(g for g in b.grades if g.name == b.grade)
            # each site's prior and grade weight: its score without the likelihood of the findings
            total = a.log_score - math.fsum(math.log(x[2]) for x in a.details)
            total += b.log_score - math.fsum(math.log(x[2]) for x in b.details) + TWO_LESIONS
            contradicted = 0
            for f in findings:
                if f.kind == "test":
                    like = max(ev.likelihood(a.site, ga, f)[1], ev.likelihood(b.site, gb, f)[1])
                else:
                    pa = ev.likelihood(a.site, ga, f)[0]
                    pb = ev.likelihood(b.site, gb, f)[0]
                    q = EPSILON + (1 - 2 * EPSILON) * (1 - (1 - pa) * (1 - pb))
                    like = q if f.abnormal else 1 - q
                contradicted += like < CONTRADICTED
                total += math.log(max(like, 1e-6))
            if best is None or total > best[0]:
                best = (total, a, b, contradicted)
    if best is None:
        return None
    total, a, b, contradicted = best
    return {
        "sites": [a.site.label, b.site.label],
        "ids": [a.site.id, b.site.id],
        "contradicted": contradicted,
        # the pair's likelihood (with its prior) over the best single site's
        "likelier": round(math.exp(min(total - scored[0].log_score, 700.0)), 1),
    }


def _entropy(ps: Sequence[float]) -> float:
    return -math.fsum(p * math.log2(p) for p in ps if p > 0)


def _bedside_tests(model: NeuroModel, graph: AnatomyGraph) -> list[Finding]:
    """Key muscles (actions a clinician grades by named muscles), reflexes, key sensory points, named tests."""

    def build() -> list[Finding]:
        out = [Finding("weak", a, model.label(a), True) for a in sorted(model.tested_by)]
        out += [Finding("reflex", r, model.label(r), True, "reduced") for r in sorted(model.reflex_segments)]
        by_local = {_local(iri): iri for iri in model.region_parents}
        regions = sorted(by_local[name] for name in KEY_SENSORY_POINTS if name in by_local)
        out += [Finding("numb", r, model.label(r), True) for r in regions]
        out += [Finding("test", t, model.label(t), True, "positive") for t in sorted(model.test_accuracy)]
        return out

    return cached(graph, "bedside_tests", build)


def _next_test(
    graph: AnatomyGraph, ev: _Evidence, ranked: list[tuple[float, _Scored]], findings: Sequence[Finding]
) -> dict[str, Any] | None:
    top = [(w, s) for w, s in ranked[:6] if w >= 0.02]
    if len(top) < 2:
        return None
    total = math.fsum(w for w, _ in top)
    prior = [w / total for w, _ in top]
    observed = ev.recorded  # the findings and the actions a recorded sign already shows (foot drop: dorsiflexion)
    best: tuple[float, Finding, list[float]] | None = None
    for candidate in _bedside_tests(ev.model, graph):
        if candidate.iri in observed:
            continue
        probs = []
        for _, s in top:
            g = next((x for x in s.grades if x.name == s.grade), s.grades[0])
            like_pos = ev.likelihood(s.site, g, candidate)[1]
            probs.append(like_pos)
        p_pos = math.fsum(p * q for p, q in zip(prior, probs, strict=True))
        if p_pos <= 0 or p_pos >= 1:
            continue
        post_pos = [p * q / p_pos for p, q in zip(prior, probs, strict=True)]
        post_neg = [p * (1 - q) / (1 - p_pos) for p, q in zip(prior, probs, strict=True)]
        gain = _entropy(prior) - p_pos * _entropy(post_pos) - (1 - p_pos) * _entropy(post_neg)
        if gain > 1e-6 and (best is None or gain > best[0]):
            best = (gain, candidate, probs)
    if best is None:
        return None
    gain, finding, probs = best
    verb = {"weak": "test the strength of", "reflex": "check the", "numb": "test sensation over the", "test": "do the"}[
        finding.kind
    ]
    abnormal = {"weak": "weak", "reflex": "reduced or absent", "numb": "numb", "test": "positive"}[finding.kind]
    normal = {"weak": "normal", "reflex": "normal", "numb": "normal", "test": "negative"}[finding.kind]
    predictions = [
        {
            "site": s.site.label,
            "id": s.site.id,
            "predicts": abnormal if q >= 0.5 else normal,
            "probability": round(q, 2),
        }
        for (_, s), q in zip(top, probs, strict=True)
    ]
    hi = max(range(len(top)), key=lambda i: probs[i])
    lo = min(range(len(top)), key=lambda i: probs[i])
    why = f"{top[hi][1].site.label} predicts it {abnormal}; {top[lo][1].site.label} predicts it {normal}"
    return {
        "label": f"{verb} {finding.label}",
        "why": why,
        "finding": {"kind": finding.kind, "term": finding.label, "id": finding.iri},
        "information_gain": round(gain, 3),
        "predictions": predictions,
    }


def localize(
    graph: AnatomyGraph,
    weak: Sequence[str] = (),
    normal: Sequence[str] = (),
    numb: Sequence[str] = (),
    reflexes: Mapping[str, str] | None = None,
    signs: Sequence[str] = (),
    limit: int = 10,
    *,
    absent: Sequence[str] = (),
    normal_sensation: Sequence[str] = (),
    tests: Sequence[str] = (),
    side: str | None = None,
    context: Sequence[str] = (),
) -> dict[str, Any]:
    """Lesion sites ranked by how well they explain the findings, best first, with fit and the next test.

    Args:
        graph: the loaded graph.
        weak: actions found weak, optionally with an MRC grade ("ankle dorsiflexion=2") and a side
            ("left hip abduction").
        normal: actions found of normal strength.
        numb: skin regions with reduced sensation.
        reflexes: reflex → state (absent, reduced, normal, brisk).
        signs: signs and symptoms present ("pain worse with sitting", "wasting of tibialis anterior").
        limit: candidates to return.
        absent: signs and symptoms looked for and not found.
        normal_sensation: skin regions where sensation is normal.
        tests: named clinical tests with their result ("FAIR test=positive").
        side: the side of every finding that names none (left, right, bilateral).
        context: diabetes, labour, hip surgery, injection, … (see CONTEXT_PRIORS).

    Returns:
        {"findings", "candidates" (label, id, kind, score, grade, fit, abnormal_explained, supporting,
        contradicting),
        "verdict", "tie", "combination", "next_test", "notes" (findings left out, and why),
        "disclaimer"}; `score` is a share of the posterior over all candidates.
    """
    notes: list[str] = []
    findings = parse_findings(
        graph,
        notes=notes,
        weak=weak,
        normal=normal,
        numb=numb,
        reflexes=reflexes,
        signs=signs,
        absent=absent,
        normal_sensation=normal_sensation,
        tests=tests,
        side=side,
    )
    if not findings and notes:
        raise KGError(notes[0].removeprefix("left out: "))
    if not findings:
        raise KGError(
            "give at least one finding: --weak, --normal, --numb, --normal-sensation, --reflex, --sign, "
            "--absent or --test"
        )
    contexts = _contexts(context)
    model = model_of(graph)
    ev = _Evidence(model, findings, cached(graph, "evidence_memo", dict))
    scored = []
    for site, grades, prior in _neural_candidates(graph):
        scored.append(_score(ev, site, grades, findings, prior + _context_bonus(site, contexts)))
    for site in _mimic_sites(ev, findings):
        pred = predict(model, site)
        scored.append(_score(ev, site, _grades(site, pred, None, set()), findings, _prior(site, pred, contexts)))
    scored.sort(key=lambda s: (-s.log_score, s.site.label))
    top_log = scored[0].log_score
    weights = [math.exp(s.log_score - top_log) for s in scored]
    norm = math.fsum(weights)
    out = []
    for weight, s in list(zip(weights, scored, strict=True))[:limit]:
        fit = _fit(s.details)
        out.append(
            {
                "label": s.site.label,
                "id": s.site.id,
                "kind": s.site.kind,
                "nerve": s.site.nerve,
                "score": round(weight / norm, 4),
                "grade": s.grade,
                "entrapment": _entrapment(ev, s) if s.grade == "irritative" else None,
                "fit": {k: len(v) for k, v in fit.items()},
                # how many of the findings that are abnormal the site predicts (0: it explains none of them)
                "abnormal_explained": sum(1 for f, p, _like in s.details if f.abnormal and p >= EXPLAINED),
                "evidence": [_status(f, like, p) for f, p, like in s.details],
                "supporting": fit["explained"],
                "unexplained": fit["unexplained"],
                "contradicting": fit["contradicted"],
            }
        )
    best_fit = _fit(scored[0].details)
    explained = len(best_fit["explained"])
    tie = [  # as likely and explaining as much: a site that scores near but explains less is not a tie
        s.site.label
        for w, s in zip(weights, scored, strict=True)
        if w >= TIE_RATIO and s is not scored[0] and len(_fit(s.details)["explained"]) == explained
    ]
    combination = None
    if len(best_fit["contradicted"]) >= 2:
        combination = _combination(ev, scored, findings)
        verdict = (
            f"no single site explains these findings well: the best, {scored[0].site.label}, "
            f"contradicts {len(best_fit['contradicted'])}"
        )
        if combination:
            verdict += (
                f"; the best two-site combination is {combination['sites'][0]} + {combination['sites'][1]}"
                f" ({combination['likelier']:g} times likelier than {scored[0].site.label} alone)"
            )
    elif tie:
        verdict = f"a tie: {scored[0].site.label} and {', '.join(tie)} explain the findings equally well"
    else:
        verdict = f"{scored[0].site.label} explains {len(best_fit['explained'])} of {len(findings)} findings"
    ranked = [(w / norm, s) for w, s in zip(weights, scored, strict=True)]
    return {
        "findings": [{**f.as_dict(), "text": f.describe()} for f in findings],
        "candidates": out,
        "verdict": verdict,
        "tie": [scored[0].site.label, *tie] if tie else [],
        "combination": combination,
        "next_test": _next_test(graph, ev, ranked, findings),
        "notes": notes,
        "disclaimer": graph.disclaimer,
    }


def localize_contexts() -> list[str]:
    """The contexts `localize` knows (their synonyms resolve to them)."""
    return list(CONTEXT_PRIORS)

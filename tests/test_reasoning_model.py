"""The numbers of the scoring model, pinned: a change to any of them should be a decision, not an accident."""

from __future__ import annotations

import importlib
import math
from typing import Any

import pytest

import kg
from kg import reasoning
from kg.reasoning import sites
from kg.reasoning.deficits import reflex_grade

loc = importlib.import_module("kg.reasoning.localize")  # the package's `localize` is the function


def test_detectable_weakness_curve() -> None:
    assert loc.detect(0.0) == 0.0
    assert loc.detect(0.02) == 0.0
    assert loc.detect(0.30) == pytest.approx(0.5)
    assert loc.detect(0.10) == pytest.approx(0.0344, abs=1e-4)
    assert loc.detect(0.20) == pytest.approx(0.1589, abs=1e-4)
    assert loc.detect(0.50) == pytest.approx(0.9656, abs=1e-4)


def test_grade_bounds() -> None:
    assert [sites.grade(x) for x in (0.0, 0.09, 0.10, 0.24, 0.25, 0.49, 0.50)] == [
        "none", "none", "mild", "mild", "moderate", "moderate", "severe"
    ]  # fmt: skip
    assert [reflex_grade(x) for x in (0.0, 0.24, 0.25, 0.74, 0.75, 1.0)] == [
        "none", "none", "reduced", "reduced", "absent", "absent"
    ]  # fmt: skip


def test_a_non_key_reflex_segment_counts_half(graph: kg.AnatomyGraph) -> None:
    reflexes = {r["label"]: r["weakness"] for r in reasoning.deficit(graph, ["S1"])["reflexes"]}
    assert reflexes == {"Achilles reflex": 1.0, "medial hamstring reflex": 0.5}


def test_a_root_and_a_nerve_predict_numbness_on_one_scale(graph: kg.AnatomyGraph) -> None:
    """Numb dorsum of foot alone: L5 and the superficial fibular nerve fit it equally (a tie, said as one)."""
    result = reasoning.localize(graph, numb=["dorsum of foot"])
    top = {c["label"]: c for c in result["candidates"][:3]}
    assert set(top) == {
        "superficial fibular nerve at its fascial exit", "superficial fibular nerve in the lateral compartment",
        "L5 spinal nerve",
    }  # fmt: skip
    assert all(c["evidence"] == ["explained"] for c in top.values())
    assert result["verdict"] == (
        "a tie: superficial fibular nerve at its fascial exit and superficial fibular nerve in the lateral "
        "compartment, L5 spinal nerve explain the findings equally well"
    )


def test_duplicate_roots_are_one_lesion(graph: kg.AnatomyGraph) -> None:
    assert reasoning.deficit(graph, ["L5", "L5 spinal nerve"]) == {
        **reasoning.deficit(graph, ["L5"]),
    }


def test_every_peripheral_lesion_is_weighed_under_three_grades_where_entrapped(graph: kg.AnatomyGraph) -> None:
    """The sciatic nerve (piriformis syndrome rests on it) can be irritated; the obturator nerve has no entrapment."""
    pain = {
        "signs": ["buttock pain", "pain worse with sitting"],
        "tests": ["FAIR test=positive"],
        "normal": ["ankle dorsiflexion", "knee flexion"],
    }
    candidates = reasoning.localize(graph, limit=200, **pain)["candidates"]
    sciatic = candidates[0]
    assert sciatic["label"] == "sciatic nerve at the greater sciatic foramen"  # where piriformis syndrome sits
    assert (sciatic["grade"], sciatic["entrapment"]) == ("irritative", "piriformis syndrome")
    # the sciatic nerve's other levels are not where anything entraps it: no irritative grade there
    lower = next(c for c in candidates if c["label"] == "sciatic nerve at its division")
    assert lower["grade"] != "irritative"
    assert loc.GRADE_WEIGHTS["nerve"] == {"complete": 0.4, "partial": 0.4, "irritative": 0.2}


def test_priors(graph: kg.AnatomyGraph) -> None:
    assert loc.KIND_PRIOR == {
        "root": 0.0, "roots": 0.0, "nerve": 0.0, "mimic": 0.0, "plexus": -2.5, "cauda equina": -3.0
    }  # fmt: skip
    assert (loc.EXTRA_ROOT_PRIOR, loc.RARE_ROOT, loc.COMMON_ROOTS["L5"], loc.COMMON_ROOTS["L3"]) == (
        -2.0,
        -1.0,
        1.0,
        0.0,
    )
    by_id = _sites(graph)
    no_context: list[str] = []
    assert loc._prior(*by_id["L4+L5"], no_context) == pytest.approx(
        -2.0 + 1.0 - loc.PARSIMONY * sum(1 for w in by_id["L4+L5"][1].actions.values() if w >= 0.10)
    )
    s, p = by_id["S3"]
    assert loc._prior(s, p, no_context) == pytest.approx(
        -1.0 - loc.PARSIMONY * sum(1 for w in p.actions.values() if w >= 0.10)
    )
    s, p = by_id["obturator_nerve_at_obturator_canal"]  # a context names a nerve and counts at each of its levels
    assert loc._prior(s, p, ["labour"]) - loc._prior(s, p, []) == 2.0
    # a nerve's level below its known entrapment site costs ENTRAPMENT_PRIOR; each branch nerve taken, NERVE_PARSIMONY
    assert (loc.ENTRAPMENT_PRIOR, loc.NERVE_PARSIMONY) == (0.5, 0.01)
    s, p = by_id["common_fibular_nerve_in_popliteal_fossa"]
    entrapped = frozenset({"https://w3id.org/anatomy-kg/id/common_fibular_nerve"})
    assert loc._prior(s, p, [], entrapped) - loc._prior(s, p, []) == pytest.approx(-0.5)


def test_unrecorded_key_actions_count_as_weak_evidence_of_normal(graph: kg.AnatomyGraph) -> None:
    """Isolated hip abduction: L5 would also weaken unrecorded key actions, so the superior gluteal nerve leads."""
    result = reasoning.localize(graph, weak=["hip abduction"], limit=200)
    score = {c["id"].rsplit("/", 1)[-1]: c["score"] for c in result["candidates"]}
    assert score["superior_gluteal_nerve"] > 2 * score["L5"]
    assert loc.UNRECORDED == 0.08
    assert math.log(1 - loc.UNRECORDED * loc.detect(1.0)) == pytest.approx(math.log(0.92), abs=1e-5)


def _sites(graph: kg.AnatomyGraph) -> dict[str, tuple[Any, Any]]:
    """Every lesion site and its prediction, by the site's local id ('L4+L5', 'superior_gluteal_nerve')."""
    return {s.id.rsplit("/", 1)[-1]: (s, p) for s, p in reasoning.lesion_predictions(graph)}


def _extent(graph: kg.AnatomyGraph, site_id: str) -> dict[str, float]:
    """The skin extent a site predicts, by local region name."""
    return {region.rsplit("/", 1)[-1]: extent for region, extent in _sites(graph)[site_id][1].skin_extent.items()}


def test_a_nerve_formed_by_two_is_half_taken_when_one_is(graph: kg.AnatomyGraph) -> None:
    """The sural nerve is formed by the medial sural cutaneous nerve (tibial) and the sural communicating
    branch (common fibular): a lesion of one of them, or of the tibial nerve, numbs its territory in part."""
    assert sites.PART_OF_REGION == 0.5
    assert _extent(graph, "sural_nerve")["lateral_foot"] == 1.0
    assert _extent(graph, "medial_sural_cutaneous_nerve")["lateral_foot"] == 0.5
    assert _extent(graph, "sural_communicating_branch")["lateral_foot"] == 0.5
    assert _extent(graph, "tibial_nerve_in_popliteal_fossa")["lateral_foot"] == 0.5
    assert _extent(graph, "sciatic_nerve_at_its_division")["lateral_foot"] == 1.0


def test_a_nerve_that_supplies_part_of_a_region_numbs_it_in_part(graph: kg.AnatomyGraph) -> None:
    """akg:suppliesPart: the medial cutaneous nerve of thigh reaches only the upper medial leg; the
    saphenous nerve supplies all of it (a partial supplier does not make the whole one partial)."""
    assert _extent(graph, "medial_cutaneous_nerve_of_thigh")["medial_leg"] == 0.5
    assert _extent(graph, "saphenous_nerve_in_adductor_canal")["medial_leg"] == 1.0
    # the lateral leg: the lateral sural cutaneous nerve above, the superficial fibular nerve below
    assert _extent(graph, "common_fibular_nerve_at_fibular_neck")["lateral_leg"] == 0.5
    assert _extent(graph, "common_fibular_nerve_in_popliteal_fossa")["lateral_leg"] == 1.0


def test_a_finding_over_a_whole_segment_is_explained_by_the_share_of_its_parts(graph: kg.AnatomyGraph) -> None:
    """'Numb thigh': the lateral femoral cutaneous nerve numbs two of the thigh's five surfaces."""
    model = reasoning.model(graph)
    pred = _sites(graph)["lateral_femoral_cutaneous_nerve_at_inguinal_ligament"][1]
    evidence = loc._Evidence(model, [])
    thigh = next(r for r in model.region_parents if r.endswith("/thigh"))
    assert evidence.found_share(pred, thigh) == pytest.approx(2 / 5)
    assert evidence.sensory_p(pred, "complete", thigh, "numb") == pytest.approx(loc.SENSORY_P * 2 / 5)
    assert evidence.sensory_p(pred, "irritative", thigh, "paraesthesia") == pytest.approx(0.85 * 2 / 5)
    # a dermatome is not a whole made of its areas: a nerve that numbs part of it does not explain it
    l2 = next(r for r in model.region_parents if r.endswith("/L2_dermatome"))
    assert evidence.found_share(pred, l2) == 0.0


def test_a_region_numbed_in_part_is_found_numb_less_often(graph: kg.AnatomyGraph) -> None:
    """Numb medial leg: the saphenous nerve (all of it) 0.85, the medial cutaneous nerve of thigh (its upper part)
    0.85 × 0.75; a medial plantar lesion explains a numb whole sole at half the rate of the tibial nerve."""
    assert loc.PART_FOUND_LESS == 0.5
    model = reasoning.model(graph)
    evidence = loc._Evidence(model, [])
    preds = {site_id: p for site_id, (_s, p) in _sites(graph).items()}
    region = {r.rsplit("/", 1)[-1]: r for r in model.region_parents}
    numb = {
        site: evidence.sensory_p(preds[site], "complete", region[r], "numb")
        for site, r in [
            ("saphenous_nerve_in_adductor_canal", "medial_leg"),
            ("medial_cutaneous_nerve_of_thigh", "medial_leg"),
            ("medial_plantar_nerve", "sole_of_foot"),
            ("tibial_nerve_at_tarsal_tunnel", "sole_of_foot"),
        ]
    }
    assert numb == pytest.approx({
        "saphenous_nerve_in_adductor_canal": 0.85,
        "medial_cutaneous_nerve_of_thigh": 0.6375,
        "medial_plantar_nerve": 0.425,
        "tibial_nerve_at_tarsal_tunnel": 0.85,
    })  # fmt: skip


# ---- forward predictions pinned: what a lesion at each of these sites predicts, number by number. A change
# here is a change of the model or the data and must be a decision (update the numbers with the reason).
SNAPSHOT = {
    "L5_actions": {
        "toe extension": (0.556, "severe"),
        "foot inversion": (0.525, "severe"),
        "great toe extension": (0.5, "severe"),
        "control of knee valgus (femoral adduction/internal rotation)": (0.434, "moderate"),
        "ankle dorsiflexion": (0.407, "moderate"),
        "hip abduction": (0.402, "moderate"),
        "foot eversion": (0.398, "moderate"),
        "knee stabilisation": (0.373, "moderate"),
        "hip extension": (0.346, "moderate"),
        "knee unlocking": (0.333, "moderate"),
        "knee external rotation": (0.309, "moderate"),
        "pelvic stabilisation": (0.358, "moderate"),
        "maintaining upright posture": (0.293, "moderate"),
        "knee flexion": (0.284, "moderate"),
        "femoral head stabilisation": (0.262, "moderate"),
        "hallux abduction": (0.25, "moderate"),
        "hip external rotation": (0.215, "mild"),
        "foot arch support": (0.213, "mild"),
        "hip internal rotation": (0.209, "mild"),
        "knee internal rotation": (0.205, "mild"),
        "great toe flexion": (0.194, "mild"),
        "toe flexion": (0.191, "mild"),
        "trunk extension": (0.15, "mild"),
        "lumbar stabilisation": (0.143, "mild"),
        "ankle plantarflexion": (0.12, "mild"),
        "trunk lateral flexion": (0.086, "none"),
        "lesser toe IP extension": (0.069, "none"),
        "lesser toe MTP flexion": (0.066, "none"),
        "trunk rotation": (0.059, "none"),
    },
    "L5_reflexes": {"medial hamstring reflex": (1.0, "absent"), "tibialis posterior reflex": (1.0, "absent")},
    "L5_skin": {
        "L5 dermatome": (0.5, "severe"),
        "dorsum of foot": (0.5, "severe"),
        "anterolateral leg": (0.25, "moderate"),
        "first web space": (0.25, "moderate"),
        "great toe": (0.25, "moderate"),
        "lateral leg": (0.25, "moderate"),
    },
    "S1_half_actions": {
        "ankle plantarflexion": (0.31, "moderate"),
        "foot eversion": (0.242, "mild"),
        "maintaining upright posture": (0.235, "mild"),
        "hip extension": (0.209, "mild"),
        "control of knee valgus (femoral adduction/internal rotation)": (0.17, "mild"),
        "knee unlocking": (0.167, "mild"),
        "little toe abduction": (0.167, "mild"),
        "toe abduction": (0.167, "mild"),
        "hip abduction": (0.161, "mild"),
        "toe extension": (0.159, "mild"),
        "femoral head stabilisation": (0.155, "mild"),
        "knee stabilisation": (0.155, "mild"),
        "knee external rotation": (0.154, "mild"),
        "lesser toe MTP flexion": (0.152, "mild"),
        "knee flexion": (0.142, "mild"),
        "foot arch support": (0.137, "mild"),
        "foot inversion": (0.136, "mild"),
        "lesser toe IP extension": (0.132, "mild"),
        "pelvic stabilisation": (0.158, "mild"),
        "great toe extension": (0.125, "mild"),
        "hallux abduction": (0.125, "mild"),
        "hip external rotation": (0.122, "mild"),
        "knee internal rotation": (0.103, "mild"),
    },
    "S1_half_reflexes": {"Achilles reflex": (0.5, "reduced"), "medial hamstring reflex": (0.25, "reduced")},
    "common_fibular_nerve_at_fibular_neck": {
        "actions": {
            "ankle_dorsiflexion": 1.0,
            "foot_arch_support": 0.333,
            "foot_eversion": 1.0,
            "great_toe_extension": 1.0,
            "toe_abduction": 0.5,
            "toe_extension": 1.0,
        },
        "reflexes": {},
        "skin": {
            "anterolateral_leg": (1.0, 0.5),
            "dorsum_of_foot": (1.0, 1.0),
            "first_web_space": (1.0, 1.0),
            "lateral_leg": (1.0, 0.5),
        },
    },
    "femoral_nerve_at_inguinal_ligament": {
        "actions": {"hip_external_rotation": 0.135, "knee_extension": 1.0, "suprapatellar_bursa_retraction": 1.0},
        "reflexes": {"patellar_reflex": 1.0},
        "skin": {
            "anterior_knee": (1.0, 1.0),
            "anterior_thigh": (1.0, 1.0),
            "medial_foot": (1.0, 1.0),
            "medial_knee": (1.0, 1.0),
            "medial_leg": (1.0, 1.0),
            "medial_malleolus_region": (1.0, 1.0),
            "medial_thigh": (1.0, 0.5),
        },
    },
    "lumbosacral_trunk": {
        "actions": {
            "ankle_dorsiflexion": 0.878,
            "ankle_plantarflexion": 0.12,
            "femoral_head_stabilisation": 0.239,
            "foot_arch_support": 0.325,
            "foot_eversion": 0.398,
            "foot_inversion": 0.729,
            "great_toe_extension": 0.75,
            "great_toe_flexion": 0.194,
            "hallux_abduction": 0.5,
            "hip_abduction": 0.679,
            "hip_adduction": 0.111,
            "hip_extension": 0.346,
            "hip_external_rotation": 0.236,
            "hip_internal_rotation": 0.426,
            "knee_external_rotation": 0.344,
            "knee_flexion": 0.355,
            "knee_internal_rotation": 0.313,
            "knee_stabilisation": 0.573,
            "knee_unlocking": 0.667,
            "knee_valgus_control": 0.592,
            "pelvic_stabilisation": 0.563,
            "toe_extension": 0.681,
            "toe_flexion": 0.191,
            "toe_ip_extension": 0.139,
            "toe_mtp_flexion": 0.131,
            "upright_posture": 0.293,
        },
        "reflexes": {"medial_hamstring_reflex": 1.0, "tibialis_posterior_reflex": 1.0},
        "skin": {
            "anterolateral_leg": (0.5, 0.5),
            "dorsum_of_foot": (0.5, 1.0),
            "first_web_space": (0.5, 1.0),
            "great_toe": (0.5, 1.0),
            "lateral_leg": (0.5, 1.0),
        },
    },
    "obturator_nerve_at_obturator_canal": {
        "actions": {
            "femoral_head_stabilisation": 0.167,
            "hip_adduction": 0.833,
            "hip_external_rotation": 0.154,
            "hip_internal_rotation": 0.227,
            "knee_internal_rotation": 0.227,
        },
        "reflexes": {"adductor_reflex": 1.0},
        "skin": {"medial_thigh": (1.0, 0.5)},
    },
    "superior_gluteal_nerve": {
        "actions": {
            "hip_abduction": 1.0,
            "hip_internal_rotation": 0.545,
            "knee_stabilisation": 0.5,
            "knee_valgus_control": 0.714,
            "pelvic_stabilisation": 0.789,
        },
        "reflexes": {},
        "skin": {},
    },
    "tibial_nerve_at_tarsal_tunnel": {
        "actions": {
            "foot_arch_support": 0.5,
            "hallux_abduction": 1.0,
            "hallux_adduction": 1.0,
            "little_toe_abduction": 1.0,
            "toe_abduction": 0.5,
            "toe_adduction": 1.0,
            "toe_ip_extension": 0.958,
            "toe_mtp_flexion": 0.97,
        },
        "reflexes": {},
        "skin": {
            "great_toe": (1.0, 1.0),
            "lateral_sole": (1.0, 1.0),
            "little_toe": (1.0, 0.5),
            "medial_sole": (1.0, 1.0),
            "sole_of_foot": (1.0, 1.0),
            "third_web_space": (1.0, 1.0),
        },
    },
}


def test_deficit_of_a_complete_l5_lesion_pinned(graph: kg.AnatomyGraph) -> None:
    result = reasoning.deficit(graph, ["L5"])
    assert {a["label"]: (a["weakness"], a["grade"]) for a in result["actions"]} == SNAPSHOT["L5_actions"]
    assert {a["label"]: (a["weakness"], a["grade"]) for a in result["reflexes"]} == SNAPSHOT["L5_reflexes"]
    assert {a["label"]: (a["weakness"], a["grade"]) for a in result["skin_regions"]} == SNAPSHOT["L5_skin"]


def test_deficit_of_a_half_s1_lesion_pinned(graph: kg.AnatomyGraph) -> None:
    result = reasoning.deficit(graph, ["S1"], severity=0.5)
    actions = {a["label"]: (a["weakness"], a["grade"]) for a in result["actions"] if a["weakness"] >= 0.1}
    assert actions == SNAPSHOT["S1_half_actions"]
    assert {a["label"]: (a["weakness"], a["grade"]) for a in result["reflexes"]} == SNAPSHOT["S1_half_reflexes"]


@pytest.mark.parametrize(
    "site_id",
    [
        "common_fibular_nerve_at_fibular_neck",
        "femoral_nerve_at_inguinal_ligament",
        "lumbosacral_trunk",
        "obturator_nerve_at_obturator_canal",
        "superior_gluteal_nerve",
        "tibial_nerve_at_tarsal_tunnel",
    ],
)
def test_a_peripheral_site_predicts_exactly_this(graph: kg.AnatomyGraph, site_id: str) -> None:
    pred = _sites(graph)[site_id][1]
    local = {k: k.rsplit("/", 1)[-1] for k in [*pred.actions, *pred.reflexes, *pred.skin]}
    assert {
        "actions": {local[k]: round(v, 3) for k, v in sorted(pred.actions.items()) if v >= 0.1},
        "reflexes": {local[k]: round(v, 3) for k, v in sorted(pred.reflexes.items())},
        "skin": {local[k]: (round(v, 3), pred.skin_extent[k]) for k, v in sorted(pred.skin.items())},
    } == SNAPSHOT[site_id]


def test_the_lesion_sites_generated_from_the_graph(graph: kg.AnatomyGraph) -> None:
    """Roots T6–S5 alone and in contiguous twos and threes (each with a muscle), one cauda equina, four
    plexus sites (the lumbosacral trunk with its roots L4–L5), and the nerves at their levels."""
    from collections import Counter

    every = sites.sites(reasoning.model(graph))
    local = {s.id: s.id.rsplit("/", 1)[-1] for s in every}
    assert Counter(s.kind for s in every) == {"nerve": 60, "roots": 31, "root": 17, "plexus": 4, "cauda equina": 1}
    spine = ["T6", "T7", "T8", "T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4", "S5"]
    roots = [local[s.id] for s in every if s.kind in ("root", "roots")]
    assert roots == [
        *spine,
        *("+".join(spine[i : i + 2]) for i in range(len(spine) - 1)),
        *("+".join(spine[i : i + 3]) for i in range(len(spine) - 2)),
    ]
    by_id = {local[s.id]: s for s in every}
    cauda = by_id["cauda_equina"]
    assert cauda.id == "https://w3id.org/anatomy-kg/id/cauda_equina" and cauda.bilateral and cauda.nerves is None
    assert cauda.label == "cauda equina (L5–S5, both sides)"
    assert sorted(r.rsplit("/", 1)[-1] for r in cauda.roots) == ["L5", "S1", "S2", "S3", "S4", "S5"]
    assert by_id["L4+L5"].id == "https://w3id.org/anatomy-kg/id/L4+L5" and by_id["L4+L5"].label == "L4 + L5"
    assert not by_id["L4+L5"].bilateral
    plexus = {
        name: (
            sorted(r.rsplit("/", 1)[-1] for r in (by_id[name].roots or ())),
            len(by_id[name].nerves),
            {"sciatic_nerve", "femoral_nerve"} & {n.rsplit("/", 1)[-1] for n in by_id[name].nerves},
        )
        for name in ("lumbar_plexus", "lumbosacral_trunk", "sacral_plexus", "lumbosacral_plexus")
    }
    assert plexus == {
        "lumbar_plexus": ([], 16, {"femoral_nerve"}),
        "lumbosacral_trunk": (["L4", "L5"], 31, {"sciatic_nerve"}),
        "sacral_plexus": ([], 31, {"sciatic_nerve"}),
        "lumbosacral_plexus": ([], 47, {"sciatic_nerve", "femoral_nerve"}),
    }
    # a nerve without level data: one site, named with where it is injured
    gluteal = by_id["superior_gluteal_nerve"]
    assert gluteal.label == (
        "superior gluteal nerve (in the gluteal region, between gluteus medius and minimus (at risk in the "
        "lateral/Hardinge hip approach))"
    )
    assert (gluteal.kind, gluteal.nerve, gluteal.spared) == ("nerve", gluteal.id, frozenset())
    # a level spares what leaves above it, and the branch nerves' muscles with them
    femoral = by_id["femoral_nerve_at_inguinal_ligament"]
    assert {x.rsplit("/", 1)[-1] for x in femoral.spared} == {"iliacus"}
    assert (femoral.kind, femoral.nerve.rsplit("/", 1)[-1], len(femoral.nerves)) == ("nerve", "femoral_nerve", 6)
    fibular = by_id["common_fibular_nerve_at_fibular_neck"]
    spared = {x.rsplit("/", 1)[-1] for x in fibular.spared}
    assert {"lateral_sural_cutaneous_nerve", "sural_communicating_branch"} <= spared
    assert "deep_fibular_nerve" in {n.rsplit("/", 1)[-1] for n in fibular.nerves}


def test_what_a_mimic_predicts(graph: kg.AnatomyGraph) -> None:
    """Gluteal tendinopathy: its presenting sign at MIMIC_PRESENTS, pain-inhibited weakness of the muscles it
    rests on (hip abduction) at MIMIC_WEAKNESS, nothing for another action, referred pain over skin as a
    finding with no link, and the test that assesses it as certain."""
    from kg.reasoning.findings import parse_findings
    from kg.reasoning.sites import Prediction, Site

    assert (loc.MIMIC_PRESENTS, loc.MIMIC_WEAKNESS, loc.UNLINKED_FINDING) == (0.8, 0.3, 0.15)
    findings = parse_findings(
        graph,
        weak=["hip abduction", "ankle dorsiflexion"],
        signs=["lateral hip pain", "tingling in the lateral thigh", "foot drop"],
        tests=["single leg stance test=positive"],
        numb=["lateral thigh"],
    )
    model = reasoning.model(graph)
    evidence = loc._Evidence(model, findings)
    site = Site("https://w3id.org/anatomy-kg/id/gluteal_tendinopathy", "gluteal tendinopathy", "mimic", None, None)
    grade = loc._Grade("mimic", 1.0, Prediction())
    p = {f.describe(): evidence.p_abnormal(site, grade, f) for f in findings}
    assert p == {
        "weak hip abduction": 0.3,
        "weak ankle dorsiflexion": 0.0,
        "numb lateral thigh": 0.0,
        "lateral hip pain": 0.8,
        "paraesthesia over lateral thigh": 0.15,
        "foot drop": 0.15,
        "30-second single-leg stance test positive": 1.0,
    }

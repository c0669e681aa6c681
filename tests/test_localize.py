"""Inverse reasoning: the classic localisation cases of lower-limb-neuro-facts.md §7 come out right."""

from __future__ import annotations

import importlib
import json
from collections import Counter

import pytest
from cases.localization import rank_of, site_names

import kg
from kg import reasoning
from kg.cli.main import main
from kg.errors import KGError, UnknownNameError

localize_module = importlib.import_module("kg.reasoning.localize")


def top(result: dict) -> str:
    return result["candidates"][0]["id"].rsplit("/", 1)[-1]


CASES = [
    pytest.param(
        {"weak": ["ankle dorsiflexion", "foot inversion", "hip abduction", "great toe extension"]},
        "L5",
        id="foot-drop-with-weak-inversion-and-hip-abduction-is-L5",
    ),
    pytest.param(
        {
            "weak": ["ankle dorsiflexion", "great toe extension", "foot eversion"],
            "normal": ["foot inversion", "hip abduction"],
        },
        "common_fibular_nerve",
        id="foot-drop-sparing-inversion-and-hip-abduction-is-common-fibular",
    ),
    pytest.param(
        {"weak": ["hip abduction"]},
        "superior_gluteal_nerve",
        id="isolated-hip-abduction-is-superior-gluteal-by-parsimony",
    ),
    pytest.param(
        {"weak": ["knee extension"], "normal": ["hip adduction"]},
        "femoral_nerve",
        id="weak-quadriceps-normal-adductors-is-femoral",
    ),
    pytest.param(
        {"weak": ["knee extension", "hip adduction", "ankle dorsiflexion"]},
        "L4",
        id="quadriceps-adductors-and-dorsiflexion-is-L4",
    ),
    pytest.param(
        {
            "weak": ["ankle plantarflexion", "foot eversion"],
            "normal": ["ankle dorsiflexion"],
            "reflexes": {"ankle jerk": "absent"},
            "numb": ["lateral foot"],
        },
        "S1",
        id="weak-plantarflexion-and-eversion-absent-ankle-jerk-is-S1",
    ),
    pytest.param(
        {
            "weak": ["ankle plantarflexion", "toe flexion", "foot inversion"],
            "normal": ["foot eversion", "hip extension"],
            "numb": ["sole of foot"],
        },
        "tibial_nerve",
        id="tibial-spares-eversion-and-hip-extension",
    ),
    pytest.param(
        {
            "weak": ["knee flexion", "ankle dorsiflexion", "ankle plantarflexion", "foot eversion", "foot inversion"],
            "normal": ["hip abduction"],
            "reflexes": {"ankle jerk": "absent", "knee jerk": "normal"},
        },
        "sciatic_nerve",
        id="hamstrings-and-all-below-knee-sparing-glutei-is-sciatic",
    ),
    pytest.param(
        {"weak": ["hip adduction"], "numb": ["medial thigh"], "normal": ["knee extension"]},
        "obturator_nerve",
        id="weak-adduction-numb-medial-thigh-is-obturator",
    ),
    pytest.param(
        {"numb": ["anterolateral thigh"], "normal": ["knee extension", "hip flexion"]},
        "lateral_femoral_cutaneous_nerve",
        id="numb-anterolateral-thigh-with-normal-strength-is-meralgia",
    ),
    pytest.param(
        {
            "signs": ["Trendelenburg sign", "lateral hip pain"],
            "normal": ["knee extension", "ankle dorsiflexion", "ankle plantarflexion"],
        },
        "gluteal_tendinopathy",
        id="trendelenburg-sign-with-normal-strength-elsewhere-is-gluteal-tendinopathy",
    ),
    pytest.param(
        {"weak": ["hip extension"], "normal": ["knee flexion", "hip abduction"]},
        "inferior_gluteal_nerve",
        id="isolated-hip-extension-is-inferior-gluteal",
    ),
]


@pytest.mark.parametrize(("findings", "expected"), CASES)
def test_classic_case(graph: kg.AnatomyGraph, findings: dict, expected: str) -> None:
    """The expected site ranks first; a nerve named here matches it at any of its levels."""
    assert expected in site_names(reasoning.localize(graph, **findings)["candidates"][0])


def test_l5_is_not_the_common_fibular_nerve_and_explains_itself(graph: kg.AnatomyGraph) -> None:
    result = reasoning.localize(graph, weak=["ankle dorsiflexion", "foot inversion", "hip abduction"], limit=100)
    best = result["candidates"][0]
    assert rank_of(result["candidates"], "L5") < rank_of(result["candidates"], "common_fibular_nerve")
    assert (best["kind"], best["grade"]) == ("root", "complete")
    assert best["fit"] == {"explained": 3, "unexplained": 0, "contradicted": 0}
    assert "weak hip abduction (predicts detectable weakness)" in best["supporting"]
    assert result["verdict"] == "L5 spinal nerve explains 3 of 3 findings"


def test_a_spared_finding_is_evidence_against_the_site_that_predicts_it_weak(graph: kg.AnatomyGraph) -> None:
    weak = ["ankle dorsiflexion", "great toe extension", "foot eversion"]
    without = reasoning.localize(graph, weak=weak, limit=100)["candidates"]
    result = reasoning.localize(graph, weak=weak, normal=["foot inversion", "hip abduction"], limit=100)
    l5_before = next(c for c in without if c["id"].endswith("/L5"))
    l5 = next(c for c in result["candidates"] if c["id"].endswith("/L5"))
    assert l5["score"] < l5_before["score"] / 10
    # its best account is now a partial lesion, which no longer explains the foot drop
    assert l5["grade"] == "partial"
    assert "weak ankle dorsiflexion (predicts normal strength)" in l5["contradicting"]


def test_scores_are_a_ranked_share_of_one(graph: kg.AnatomyGraph) -> None:
    result = reasoning.localize(graph, weak=["hip abduction"], limit=100)
    scores = [c["score"] for c in result["candidates"]]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(1.0, abs=0.01)
    assert {c["kind"] for c in result["candidates"]} >= {"root", "nerve", "plexus"}


def test_next_test_separates_the_top_candidates(graph: kg.AnatomyGraph) -> None:
    result = reasoning.localize(graph, weak=["ankle dorsiflexion", "great toe extension"])
    test = result["next_test"]
    top_two = [c["label"] for c in result["candidates"][:2]]
    assert test["finding"]["kind"] in {"weak", "reflex", "numb"}
    assert any(label in test["why"] for label in top_two)
    # adding the suggested finding as abnormal changes the ranking's leader or its margin
    before = result["candidates"][0]["score"]
    kind, term = test["finding"]["kind"], test["finding"]["term"]
    extra = {
        "weak": {"weak": ["ankle dorsiflexion", "great toe extension", term]},
        "numb": {"numb": [term]},
        "reflex": {"reflexes": {term: "absent"}},
    }[kind]
    if kind != "weak":
        extra["weak"] = ["ankle dorsiflexion", "great toe extension"]
    after = reasoning.localize(graph, **extra)["candidates"][0]
    assert after["label"] != result["candidates"][0]["label"] or after["score"] > before


def test_brisk_reflex_is_outside_the_model(graph: kg.AnatomyGraph) -> None:
    result = reasoning.localize(graph, weak=["ankle dorsiflexion"], reflexes={"knee jerk": "brisk"})
    assert any("upper motor neuron" in text for text in result["candidates"][0]["contradicting"])


def test_unknown_finding_suggests(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(UnknownNameError) as error:
        reasoning.localize(graph, weak=["hip abducton"])
    assert "hip abduction" in error.value.suggestions


def test_bad_reflex_state(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(KGError, match="not one of: absent, reduced"):
        reasoning.localize(graph, reflexes={"ankle jerk": "gone"})


def test_weak_and_normal_at_once_is_refused(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(KGError, match="both weak and normal"):
        reasoning.localize(graph, weak=["hip abduction"], normal=["hip abduction"])


def test_cli_localize_json(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as code:
        main(
            [
                "localize", "--weak", "hip abduction", "--weak", "ankle dorsiflexion", "--weak", "foot inversion",
                "--normal", "knee extension", "--reflex", "ankle jerk=normal", "--format", "json",
            ]
        )  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert code.value.code == 0
    assert result["candidates"][0]["label"] == "L5 spinal nerve"
    assert set(result["candidates"][0]) == {
        "label", "id", "kind", "nerve", "score", "grade", "entrapment", "fit", "abnormal_explained", "evidence",
        "supporting", "unexplained", "contradicting",
    }  # fmt: skip
    assert set(result["next_test"]) == {"label", "why", "finding", "information_gain", "predictions"}


def test_cli_unknown_term_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as code:
        main(["localize", "--numb", "dorsum of the moon"])
    err = capsys.readouterr().err
    assert code.value.code == 2
    assert err.startswith("anatomy-kg: error: unknown skin region 'dorsum of the moon'")


def test_cli_reflex_option_needs_a_state(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as code:
        main(["localize", "--reflex", "ankle jerk"])
    assert code.value.code == 2
    assert "NAME=STATE" in capsys.readouterr().err


# ---- four pictures pinned in full: the three best sites with their scores, grades, entrapments and fit, the
# verdict and the next test. A change here changes what a clinician reads and must be a decision.
PICTURES = {
    "L5_irritated": {
        "findings": {
            "signs": ["tingling in the dorsum of foot", "back pain", "radiating leg pain"],
            "tests": ["straight leg raise=positive"],
            "normal": ["ankle dorsiflexion", "great toe extension", "hip abduction"],
            "reflexes": {"ankle jerk": "normal"},
        },
        "top": [
            ("L5", 0.4263, "irritative", "lumbar radiculopathy", {"explained": 8, "unexplained": 0, "contradicted": 0}),
            (
                "altered_hip_extension_firing_pattern",
                0.0385,
                "mimic",
                None,
                {"explained": 5, "unexplained": 3, "contradicted": 0},
            ),
            ("anterior_pelvic_tilt", 0.0385, "mimic", None, {"explained": 5, "unexplained": 3, "contradicted": 0}),
        ],
        "verdict": "L5 spinal nerve explains 8 of 8 findings",
        "next": (
            "do the slump test",
            0.26,
            [("L5 spinal nerve", "positive", 0.82), ("altered hip-extension firing pattern", "negative", 0.2)],
        ),
    },
    "L5": {
        "findings": {
            "weak": ["great toe extension=3", "ankle dorsiflexion=4", "hip abduction=4"],
            "numb": ["dorsum of foot"],
            "reflexes": {"ankle jerk": "normal"},
            "tests": ["straight leg raise=positive"],
            "signs": ["back pain"],
        },
        "top": [
            ("L5", 0.7521, "complete", None, {"explained": 7, "unexplained": 0, "contradicted": 0}),
            ("L4+L5", 0.1846, "complete", None, {"explained": 7, "unexplained": 0, "contradicted": 0}),
            ("lumbosacral_trunk", 0.0328, "complete", None, {"explained": 6, "unexplained": 1, "contradicted": 0}),
        ],
        "verdict": "L5 spinal nerve explains 7 of 7 findings",
        "next": (
            "check the adductor reflex",
            0.545,
            [("L5 spinal nerve", "normal", 0.03), ("L4 + L5", "reduced or absent", 0.97)],
        ),
    },
    "meralgia": {
        "findings": {
            "signs": ["burning pain in the lateral thigh"],
            "normal": ["knee extension", "hip flexion"],
            "reflexes": {"knee jerk": "normal"},
            "tests": ["pelvic compression test=positive"],
        },
        "top": [
            (
                "lateral_femoral_cutaneous_nerve_at_inguinal_ligament",
                0.8025,
                "irritative",
                "meralgia paresthetica",
                {"explained": 5, "unexplained": 0, "contradicted": 0},
            ),
            (
                "dorsal_nerve_of_penis_or_clitoris",
                0.0037,
                "complete",
                None,
                {"explained": 3, "unexplained": 2, "contradicted": 0},
            ),
            (
                "inferior_cluneal_nerves",
                0.0037,
                "complete",
                None,
                {"explained": 3, "unexplained": 2, "contradicted": 0},
            ),
        ],
        "verdict": "lateral femoral cutaneous nerve at the inguinal ligament explains 5 of 5 findings",
        "next": None,
    },
    "piriformis": {
        "findings": {
            "signs": ["buttock pain", "pain worse with sitting"],
            "tests": ["FAIR test=positive"],
            "normal": ["ankle dorsiflexion", "knee flexion"],
            "reflexes": {"ankle jerk": "normal"},
        },
        "top": [
            (
                "sciatic_nerve_at_greater_sciatic_foramen",
                0.1071,
                "irritative",
                "piriformis syndrome",
                {"explained": 6, "unexplained": 0, "contradicted": 0},
            ),
            (
                "pudendal_nerve_at_sacrospinous_ligament",
                0.0615,
                "complete",
                None,
                {"explained": 4, "unexplained": 2, "contradicted": 0},
            ),
            (
                "pudendal_nerve_in_pudendal_canal",
                0.0615,
                "complete",
                None,
                {"explained": 4, "unexplained": 2, "contradicted": 0},
            ),
        ],
        "verdict": "sciatic nerve at the greater sciatic foramen explains 6 of 6 findings",
        "next": (
            "check the anal reflex",
            0.798,
            [
                ("sciatic nerve at the greater sciatic foramen", "normal", 0.03),
                ("pudendal nerve at the sacrospinous ligament", "reduced or absent", 0.97),
            ],
        ),
    },
    "femoral_diabetes": {
        "findings": {
            "weak": ["knee extension=3", "hip flexion=4"],
            "reflexes": {"knee jerk": "absent"},
            "signs": ["thigh pain"],
            "context": ["diabetes"],
        },
        "top": [
            (
                "femoral_nerve_in_iliac_fossa",
                0.6009,
                "complete",
                None,
                {"explained": 3, "unexplained": 1, "contradicted": 0},
            ),
            ("lumbar_plexus", 0.2463, "complete", None, {"explained": 3, "unexplained": 1, "contradicted": 0}),
            ("lumbosacral_plexus", 0.0413, "complete", None, {"explained": 3, "unexplained": 1, "contradicted": 0}),
        ],
        "verdict": "femoral nerve in the iliac fossa explains 3 of 4 findings",
        "next": (
            "check the adductor reflex",
            0.733,
            [("femoral nerve in the iliac fossa", "normal", 0.03), ("lumbar plexus", "reduced or absent", 0.97)],
        ),
    },
}


@pytest.mark.parametrize("name", list(PICTURES))
def test_a_picture_is_answered_exactly_so(graph: kg.AnatomyGraph, name: str) -> None:
    expected = PICTURES[name]
    result = reasoning.localize(graph, limit=3, **expected["findings"])
    top = [
        (c["id"].rsplit("/", 1)[-1], c["score"], c["grade"], c["entrapment"], c["fit"]) for c in result["candidates"]
    ]
    assert [t[0] for t in top] == [t[0] for t in expected["top"]]
    assert [t[1] for t in top] == pytest.approx([t[1] for t in expected["top"]], abs=0.002)
    assert [t[2:] for t in top] == [t[2:] for t in expected["top"]]
    assert result["verdict"] == expected["verdict"]
    nt = result["next_test"]
    got = None
    if nt:
        got = (
            nt["label"],
            nt["information_gain"],
            [(p["site"], p["predicts"], p["probability"]) for p in nt["predictions"][:2]],
        )
    assert got == expected["next"]


def test_the_bedside_tests_the_next_test_is_chosen_from(graph: kg.AnatomyGraph) -> None:
    """Key muscles (the 14 actions graded by named muscles), the reflexes, the 8 ISNCSCI key sensory points the
    graph has, and the named tests with a measured accuracy."""
    tests = localize_module._bedside_tests(reasoning.model(graph), graph)
    assert Counter(f.kind for f in tests) == {"test": 24, "weak": 14, "reflex": 8, "numb": 8}
    assert [f.label for f in tests if f.kind == "numb"] == [
        "anterior thigh", "dorsum of foot", "groin", "lateral heel", "medial knee", "medial malleolus region",
        "perineum", "popliteal fossa",
    ]  # fmt: skip
    assert all(f.abnormal for f in tests)
    assert {f.state for f in tests if f.kind == "reflex"} == {"reduced"}
    assert {f.state for f in tests if f.kind == "test"} == {"positive"}
    assert (tests[0].label, tests[-1].label) == ("ankle dorsiflexion", "windlass test")


@pytest.mark.parametrize(
    ("findings", "label", "why", "gain", "predictions"),
    [
        (
            {"weak": ["ankle dorsiflexion"]},
            "test the strength of foot eversion",
            "common fibular nerve at the fibular neck predicts it weak; deep fibular nerve in the anterior compartment "
            "predicts it normal",
            0.749,
            [
                ("deep fibular nerve in the anterior compartment", "normal", 0.03),
                ("L4 spinal nerve", "normal", 0.03),
                ("common fibular nerve at the fibular neck", "weak", 0.97),
                ("common fibular nerve in the popliteal fossa", "weak", 0.97),
                ("L5 spinal nerve", "weak", 0.82),
                ("sciatic nerve at the greater sciatic foramen", "weak", 0.97),
            ],
        ),
        (
            {"weak": ["knee extension"]},
            "check the adductor reflex",
            "L3 spinal nerve predicts it reduced or absent; femoral nerve in the femoral triangle predicts it normal",
            0.581,
            [
                ("femoral nerve in the femoral triangle", "normal", 0.03),
                ("femoral nerve at the inguinal ligament", "normal", 0.03),
                ("femoral nerve in the iliac fossa", "normal", 0.03),
                ("L3 spinal nerve", "reduced or absent", 0.97),
                ("L4 spinal nerve", "reduced or absent", 0.97),
            ],
        ),
        (
            {"signs": ["lateral hip pain"]},
            "do the resisted external derotation test",
            "gluteal tendinopathy predicts it positive; gluteus medius and minimus weakness predicts it negative",
            0.599,
            [
                ("gluteal tendinopathy", "positive", 0.88),
                ("gluteus medius and minimus weakness", "negative", 0.03),
                ("trochanteric bursitis", "negative", 0.03),
            ],
        ),
    ],
)
def test_the_next_test_separates_the_leading_sites(
    graph: kg.AnatomyGraph, findings: dict, label: str, why: str, gain: float, predictions: list
) -> None:
    """The bedside test with the largest expected information gain over the leading sites (each within 2% of the
    posterior, at most six), with what each of them predicts for it."""
    nt = reasoning.localize(graph, **findings)["next_test"]
    assert (nt["label"], nt["why"], nt["information_gain"]) == (label, why, gain)
    assert [(p["site"], p["predicts"], p["probability"]) for p in nt["predictions"]] == predictions
    assert label.endswith(" " + nt["finding"]["term"])

"""Inverse reasoning: the classic localisation cases of lower-limb-neuro-facts.md §7 come out right."""

from __future__ import annotations

import json

import pytest
from cases.localization import rank_of, site_names

import kg
from kg import reasoning
from kg.cli.main import main
from kg.errors import KGError, UnknownNameError


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

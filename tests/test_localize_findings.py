"""Every finding a clinician records: synonyms, grades, tests, negatives, sides, context, and safe suggestions."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from cases.localization import rank_of

import kg
from kg import reasoning
from kg.errors import KGError, UnknownNameError
from kg.reasoning.findings import _grade, _result_words, _share_a_word, _words, parse_findings, split_side

localize_module = importlib.import_module("kg.reasoning.localize")  # the package's `localize` is the function


def texts(result: dict) -> list[str]:
    return [f["text"] for f in result["findings"]]


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ({"weak": ["ankle eversion"]}, ["weak foot eversion"]),
        ({"weak": ["ankle inversion"]}, ["weak foot inversion"]),
        ({"reflexes": {"hamstring reflex": "reduced"}}, ["medial hamstring reflex reduced"]),
        ({"signs": ["positive straight leg raise"]}, ["straight-leg raise test positive"]),
        ({"tests": ["SLR=negative"]}, ["straight-leg raise test negative"]),
        ({"signs": ["pain with sitting"]}, ["pain worse with sitting"]),
        ({"signs": ["steppage gait"]}, ["foot drop"]),
        ({"signs": ["groin pain"]}, ["groin pain"]),
        ({"signs": ["saddle anaesthesia"]}, ["bilateral numb perineum"]),
        ({"signs": ["urinary retention"]}, ["urinary retention"]),
        ({"signs": ["reduced anal tone"]}, ["reduced anal tone"]),
        ({"signs": ["wasting of tibialis anterior"]}, ["wasting of tibialis anterior"]),
        ({"reflexes": {"anal reflex": "absent"}}, ["anal reflex absent"]),
        ({"weak": ["left ankle dorsiflexion=2"]}, ["left weak ankle dorsiflexion (MRC 2)"]),
        ({"weak": ["ankle dorsiflexion=5"]}, ["normal ankle dorsiflexion"]),
        ({"absent": ["low back pain"]}, ["low back pain absent"]),
        ({"normal_sensation": ["sole of foot"]}, ["normal sensation over sole of foot"]),
        # filler words, hyphens and possessives do not tell two names apart
        ({"tests": ["Tinel at the tarsal tunnel=positive"]}, ["Tinel test at the tarsal tunnel positive"]),
        ({"tests": ["Trendelenburg sign=positive"]}, ["Trendelenburg test positive"]),
        ({"tests": ["single leg stance test=positive"]}, ["30-second single-leg stance test positive"]),
        # a sensory symptom with where it is felt
        ({"signs": ["tingling in the lateral thigh"]}, ["paraesthesia over lateral thigh"]),
        ({"signs": ["burning pain over the sole of the foot"]}, ["paraesthesia over sole of foot"]),
        ({"signs": ["numbness of the first web space"]}, ["numb first web space"]),
        ({"signs": ["dorsum of foot paraesthesia"]}, ["paraesthesia over dorsum of foot"]),
        ({"signs": ["pain in the groin"]}, ["groin pain"]),
        ({"numb": ["inner sole"]}, ["numb medial sole"]),
        ({"signs": ["tingling in the lateral sole"]}, ["paraesthesia over lateral sole"]),
        ({"signs": ["pain over the buttock"]}, ["buttock pain"]),
        ({"absent": ["tingling in the lateral thigh"]}, ["no paraesthesia over lateral thigh"]),
        # a test of an action's strength is that strength (heel walking: the ankle dorsiflexors, S145, S148)
        ({"tests": ["heel walk=positive"]}, ["weak ankle dorsiflexion"]),
        ({"signs": ["unable to toe walk"]}, ["weak ankle plantarflexion"]),
        ({"tests": ["toe walking=negative"]}, ["normal ankle plantarflexion"]),
    ],
)
def test_clinician_wording_resolves(graph: kg.AnatomyGraph, findings: dict, expected: list[str]) -> None:
    assert texts(reasoning.localize(graph, **findings)) == expected


def test_anal_reflex_never_suggests_the_ankle_reflex(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(UnknownNameError) as error:
        reasoning.localize(graph, reflexes={"anal wnk": "absent"})
    assert all("ankle" not in s for s in error.value.suggestions)
    with pytest.raises(UnknownNameError) as error:
        reasoning.localize(graph, reflexes={"bulbocavernosis reflex": "absent"})
    assert error.value.suggestions == ["bulbocavernosus reflex"]


def test_suggestions_share_a_word_and_a_kind(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(UnknownNameError) as error:
        reasoning.localize(graph, reflexes={"ankle jrek": "absent"})
    assert error.value.suggestions == ["ankle jerk", "ankle reflex"]
    with pytest.raises(UnknownNameError) as error:
        reasoning.localize(graph, reflexes={"xyzzy reflex": "absent"})
    assert error.value.suggestions == []


def test_bad_grade_and_result_say_what_works(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(KGError, match=r"takes an MRC grade 0–5 \(e.g. 'ankle dorsiflexion=4'\); got '7'"):
        reasoning.localize(graph, weak=["ankle dorsiflexion=7"])
    with pytest.raises(KGError, match="a test result is positive or negative"):
        reasoning.localize(graph, tests=["FAIR test=maybe"])
    with pytest.raises(KGError, match="unknown context 'moon'; known contexts: diabetes, labour"):
        reasoning.localize(graph, weak=["hip abduction"], context=["moon"])


def test_a_positive_test_raises_what_it_assesses_and_a_negative_lowers_it(graph: kg.AnatomyGraph) -> None:
    def sciatic(**extra: list[str]) -> float:
        result = reasoning.localize(graph, signs=["buttock pain"], limit=200, **extra)
        return result["candidates"][rank_of(result["candidates"], "sciatic_nerve")]["score"]

    plain, positive, negative = sciatic(), sciatic(tests=["FAIR test=positive"]), sciatic(tests=["FAIR test=negative"])
    assert positive > 3 * plain and negative < plain / 3


def test_an_mrc_grade_far_beyond_a_root_share_favours_the_nerve(graph: kg.AnatomyGraph) -> None:
    """Dorsiflexion at MRC 0 is a complete palsy: a single root (tibialis anterior L4 ≈ L5) cannot take it all."""
    result = reasoning.localize(graph, weak=["ankle dorsiflexion=0", "great toe extension=0"], limit=200)
    candidates = result["candidates"]
    assert rank_of(candidates, "deep_fibular_nerve") < rank_of(candidates, "L5")
    assert rank_of(candidates, "common_fibular_nerve") < rank_of(candidates, "L4")


def test_findings_on_both_sides_point_to_a_bilateral_lesion(graph: kg.AnatomyGraph) -> None:
    result = reasoning.localize(
        graph,
        weak=["left ankle plantarflexion", "right ankle plantarflexion"],
        reflexes={"left ankle jerk": "absent", "right ankle jerk": "absent"},
        signs=["urinary retention"],
    )
    assert local(result["candidates"][0]["id"]) == "cauda_equina"


def test_context_raises_the_sites_it_puts_at_risk(graph: kg.AnatomyGraph) -> None:
    findings = {"weak": ["hip adduction"], "numb": ["medial thigh"]}
    plain = reasoning.localize(graph, limit=200, **findings)["candidates"]
    labour = reasoning.localize(graph, limit=200, context=["postpartum"], **findings)["candidates"]
    score = {local(c["id"]): c["score"] for c in plain}
    after = {local(c["id"]): c["score"] for c in labour}
    assert after["obturator_nerve_at_obturator_canal"] > score["obturator_nerve_at_obturator_canal"]


def test_a_site_contradicting_two_findings_is_not_called_a_fit(graph: kg.AnatomyGraph) -> None:
    """Weak hip flexion with a weak, wasted extensor digitorum brevis territory: one femoral and one fibular lesion."""
    result = reasoning.localize(
        graph,
        weak=["knee extension", "hip flexion", "foot eversion", "ankle dorsiflexion"],
        normal=["hip adduction", "hip abduction", "foot inversion", "ankle plantarflexion"],
        reflexes={"knee jerk": "absent", "ankle jerk": "normal"},
    )
    assert result["verdict"] == (
        "no single site explains these findings well: the best, femoral nerve in the iliac fossa, contradicts 2; "
        "the best two-site combination is femoral nerve in the iliac fossa + common fibular nerve at the fibular neck "
        "(71.7 times likelier than femoral nerve in the iliac fossa alone)"
    )
    assert result["candidates"][0]["fit"] == {"explained": 8, "unexplained": 0, "contradicted": 2}
    assert result["combination"] == {
        "sites": ["femoral nerve in the iliac fossa", "common fibular nerve at the fibular neck"],
        "ids": [
            "https://w3id.org/anatomy-kg/id/femoral_nerve_in_iliac_fossa",
            "https://w3id.org/anatomy-kg/id/common_fibular_nerve_at_fibular_neck",
        ],
        "contradicted": 0,
        "likelier": 71.7,
    }


def test_a_combination_pairs_neural_sites_only_and_counts_what_it_still_contradicts(graph: kg.AnatomyGraph) -> None:
    """Fibular and femoral palsies with greater-trochanter pain: gluteal tendinopathy ranks sixth, but a
    combination is of two lesions; the pair leaves the positive single-leg stance test contradicted."""
    result = reasoning.localize(
        graph,
        weak=["knee extension", "foot eversion", "ankle dorsiflexion"],
        normal=["hip adduction", "foot inversion", "hip flexion"],
        numb=["lateral leg"],
        reflexes={"knee jerk": "absent"},
        signs=["lateral hip pain", "greater trochanter tenderness"],
        tests=["single leg stance test=positive"],
    )
    kinds = [c["kind"] for c in result["candidates"][:6]]
    assert kinds == ["roots", "nerve", "nerve", "root", "roots", "mimic"]
    combination = result["combination"]
    assert combination["sites"] == ["common fibular nerve at the fibular neck", "femoral nerve in the femoral triangle"]
    assert combination["contradicted"] == 1
    assert combination["likelier"] == pytest.approx(363.9, rel=0.02)
    assert localize_module.TWO_LESIONS == -2.0 and localize_module.COMBINATION_POOL == 12


def test_one_contradiction_is_no_reason_for_two_lesions(graph: kg.AnatomyGraph) -> None:
    result = reasoning.localize(graph, weak=["knee extension", "ankle dorsiflexion"], normal=["hip adduction"])
    assert result["candidates"][0]["fit"]["contradicted"] <= 1
    assert result["combination"] is None


@pytest.mark.parametrize(
    ("text", "grade"),
    [("MRC 4", 4), ("4+", 4), ("3-", 3), (" 2 ", 2), ("0", 0), ("mrc 1", 1)],
)
def test_mrc_grades_as_clinicians_write_them(graph: kg.AnatomyGraph, text: str, grade: int) -> None:
    finding = reasoning.localize(graph, weak=[f"ankle dorsiflexion={text}"])["findings"][0]
    assert (finding["kind"], finding["grade"]) == ("weak", grade)


@pytest.mark.parametrize("text", ["6", "-1", "four", "4.5"])
def test_a_grade_outside_0_to_5_is_refused(graph: kg.AnatomyGraph, text: str) -> None:
    with pytest.raises(KGError, match=f"takes an MRC grade 0–5 .*; got '{text}'"):
        reasoning.localize(graph, weak=[f"ankle dorsiflexion={text}"])


def test_next_test_is_a_bedside_test_not_yet_recorded_with_each_sites_prediction(graph: kg.AnatomyGraph) -> None:
    result = reasoning.localize(graph, weak=["ankle dorsiflexion", "great toe extension"])
    test = result["next_test"]
    assert test["finding"]["kind"] in {"weak", "reflex", "numb", "test"}
    assert test["finding"]["term"] not in ("ankle dorsiflexion", "great toe extension")
    assert test["finding"]["term"] not in ("coccyx flexion", "knee stabilisation")
    assert {p["predicts"] for p in test["predictions"]} >= {"normal"}
    assert len({p["predicts"] for p in test["predictions"]}) == 2


def test_saddle_anaesthesia_and_reduced_anal_tone_is_the_cauda_equina(graph: kg.AnatomyGraph) -> None:
    result = reasoning.localize(graph, signs=["saddle anaesthesia", "reduced anal tone"])
    assert local(result["candidates"][0]["id"]) == "cauda_equina"


def test_cli_takes_every_kind_of_finding(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli.main import main

    with pytest.raises(SystemExit) as code:
        main(
            [
                "localize", "--sign", "buttock pain", "--sign", "pain with sitting", "--test", "FAIR test=positive",
                "--absent", "low back pain", "--normal-sensation", "dorsum of foot", "--normal", "ankle dorsiflexion",
                "--side", "left", "--context", "injection", "-n", "3",
            ]
        )  # fmt: skip
    out = capsys.readouterr().out
    assert code.value.code == 0
    first = out.splitlines()[2]
    assert first.startswith("sciatic nerve") and "irritative (piriformis syndrome)" in first
    assert "Next test: " in out and "(fit = findings explained/unexplained/contradicted)" in out


def test_an_empty_name_says_what_to_give(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(KGError, match=r"an empty action: name one, e\.g\. 'ankle dorsiflexion'"):
        reasoning.localize(graph, weak=[""])


def test_next_test_skips_what_a_recorded_sign_already_shows(graph: kg.AnatomyGraph) -> None:
    result = reasoning.localize(graph, signs=["foot drop"])
    assert result["next_test"]["finding"]["term"] != "ankle dorsiflexion"


@pytest.mark.parametrize(
    ("weak", "actions"),
    [
        pytest.param("tibialis anterior", ["ankle dorsiflexion"], id="a-muscle-is-its-graded-action"),
        # EHL is graded for great toe extension alone and, with EDL, for toe extension: one finding, not two
        pytest.param("EHL", ["great toe extension"], id="a-muscle-is-its-most-specific-graded-action"),
        pytest.param("FHL", ["great toe flexion"], id="FHL-is-great-toe-flexion"),
        pytest.param("EDL", ["toe extension"], id="EDL-is-toe-extension"),
        pytest.param("quadriceps", ["knee extension"], id="a-group-graded-as-a-whole"),
        pytest.param("hip flexors", ["hip flexion"], id="a-group-by-what-most-members-are-graded-for"),
    ],
)
def test_a_weak_muscle_is_read_as_the_actions_a_clinician_grades_it_for(
    graph: kg.AnatomyGraph, weak: str, actions: list[str]
) -> None:
    from kg.reasoning.findings import parse_findings

    found = parse_findings(graph, weak=[f"{weak}=3"])
    assert [(f.kind, f.label, f.grade) for f in found] == [("weak", a, 3) for a in actions]


def test_a_muscle_no_bedside_action_grades_is_told_to_name_the_action(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(KGError, match=r"'piriformis' is a muscle that no bedside action is graded by"):
        reasoning.localize(graph, weak=["piriformis"])


def test_the_word_test_or_region_may_be_left_off(graph: kg.AnatomyGraph) -> None:
    from kg.reasoning.findings import parse_findings

    found = parse_findings(graph, tests=["FABER=positive"], numb=["medial malleolus"])
    assert [(f.kind, f.label, f.abnormal) for f in found] == [
        ("numb", "medial malleolus region", True),
        ("test", "FABER test", True),
    ]


@pytest.mark.parametrize("symptom", ["tingling", "paraesthesia", "burning pain", "pins and needles"])
def test_a_sensory_symptom_without_a_place_asks_for_one(graph: kg.AnatomyGraph, symptom: str) -> None:
    with pytest.raises(KGError, match=f"'{symptom}' does not say where it is felt.*'{symptom} in the lateral thigh'"):
        reasoning.localize(graph, signs=[symptom])


def test_a_symptom_without_a_place_beside_other_findings_is_left_out_with_a_note(graph: kg.AnatomyGraph) -> None:
    """Meralgia written as a note reads it: the burning pain's place is not said, the rest still localizes."""
    result = reasoning.localize(graph, signs=["burning pain"], numb=["lateral thigh"], normal=["knee extension"])
    assert result["notes"] == [
        "left out: 'burning pain' does not say where it is felt, and where is what localizes it: write e.g. "
        "'burning pain in the lateral thigh' (a skin region from `anatomy-kg search`)"
    ]
    assert [f["text"] for f in result["findings"]] == ["normal knee extension", "numb lateral thigh"]
    assert local(result["candidates"][0]["id"]) == "lateral_femoral_cutaneous_nerve_at_inguinal_ligament"
    assert reasoning.localize(graph, numb=["lateral thigh"])["notes"] == []


def test_paraesthesia_alone_points_to_the_nerve_of_that_skin(graph: kg.AnatomyGraph) -> None:
    """Meralgia paresthetica is burning and tingling over the lateral thigh with normal strength and reflexes."""
    result = reasoning.localize(
        graph,
        signs=["burning pain in the lateral thigh"],
        normal=["knee extension", "hip flexion"],
        reflexes={"knee jerk": "normal"},
    )
    best = result["candidates"][0]
    assert local(best["id"]) == "lateral_femoral_cutaneous_nerve_at_inguinal_ligament"
    assert best["grade"] == "irritative"
    assert "paraesthesia over lateral thigh (supplies that skin)" in best["supporting"]
    assert best["abnormal_explained"] == 1


def test_a_site_that_explains_no_abnormal_finding_is_left_out_of_the_cli_table(graph: kg.AnatomyGraph) -> None:
    from click.testing import CliRunner

    from kg.cli.main import cli

    result = CliRunner().invoke(
        cli, ["localize", "--numb", "lateral thigh", "--normal", "knee extension", "--reflex", "knee jerk=normal"]
    )
    assert result.exit_code == 0, result.output
    assert "lateral femoral cutaneous nerve at the inguinal ligament" in result.output
    assert "dorsal nerve of penis or clitoris" not in result.output
    assert "explain none of the abnormal findings; not shown" in result.output


@pytest.mark.parametrize(
    ("context", "known_as"),
    [
        ("herniorrhaphy", "hernia repair"),
        ("TKA", "knee surgery"),
        ("lithotomy", "lithotomy position"),
        # a known context said with more words is that context
        ("type 2 diabetes", "diabetes"),
        ("prolonged labour", "labour"),
        ("posterior approach hip replacement", "hip surgery"),
    ],
)
def test_new_contexts_resolve(graph: kg.AnatomyGraph, context: str, known_as: str) -> None:
    assert localize_module._contexts([context]) == [known_as]
    assert known_as in reasoning.localize_contexts()
    result = reasoning.localize(graph, numb=["groin"], context=[context])
    assert result["candidates"]


def test_a_context_naming_two_known_ones_is_refused(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(KGError, match="unknown context 'diabetes and hip surgery'; did you mean 'diabetes'"):
        reasoning.localize(graph, weak=["hip abduction"], context=["diabetes and hip surgery"])


def test_an_unknown_context_suggests_the_ones_sharing_a_word(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(
        KGError, match="unknown context 'hernia'; did you mean 'hernia repair', 'inguinal hernia repair'"
    ):
        reasoning.localize(graph, weak=["hip abduction"], context=["hernia"])


# ---- how a clinician's wording becomes findings: kind, entity, abnormal or not, state, MRC grade and side;
# the messages for wording that cannot be read are pinned word for word (they are what a user sees)
# (keyword arguments of parse_findings) -> [(kind, local name, abnormal, state, MRC grade, side)]
READINGS: list[tuple[dict[str, Any], list[tuple[str, str, bool, str, int | None, str | None]]]] = [
    ({"weak": ["left ankle dorsiflexion=4+"]}, [("weak", "ankle_dorsiflexion", True, "", 4, "left")]),
    ({"weak": ["great toe extension (right)=MRC 3"]}, [("weak", "great_toe_extension", True, "", 3, "right")]),
    ({"weak": ["hip abduction=5"]}, [("normal", "hip_abduction", False, "", None, None)]),
    ({"weak": ["tibialis anterior"]}, [("weak", "ankle_dorsiflexion", True, "", None, None)]),
    ({"weak": ["hip flexors"]}, [("weak", "hip_flexion", True, "", None, None)]),
    ({"weak": ["hip abductors=4"]}, [("weak", "hip_abduction", True, "", 4, None)]),
    ({"weak": ["peronei"]}, [("weak", "foot_eversion", True, "", None, None)]),
    # sciatica as a symptom is leg pain radiating below the knee, not every sign of lumbar radiculopathy
    ({"signs": ["sciatica"]}, [("sign", "radiating_leg_pain", True, "", None, None)]),
    # a gait is seen: the sign it presents with
    ({"signs": ["high stepping gait"]}, [("sign", "foot_drop", True, "", None, None)]),
    ({"signs": ["faecal incontinence"]}, [("sign", "faecal_incontinence", True, "", None, None)]),
    ({"signs": ["knee giving way"]}, [("sign", "knee_buckling", True, "", None, None)]),
    ({"signs": ["pain aggravated by sitting"]}, [("sign", "pain_worse_with_sitting", True, "", None, None)]),
    ({"normal": ["foot inversion@left"]}, [("normal", "foot_inversion", False, "", None, "left")]),
    ({"numb": ["right dorsum of foot"]}, [("numb", "dorsum_of_foot", True, "", None, "right")]),
    (
        {"normal_sensation": ["lateral thigh"], "side": "left"},
        [("sensation", "lateral_thigh", False, "", None, "left")],
    ),
    ({"reflexes": {"left ankle jerk": "Absent"}}, [("reflex", "achilles_reflex", True, "absent", None, "left")]),
    ({"reflexes": {"knee jerk": "brisk"}}, [("reflex", "patellar_reflex", True, "brisk", None, None)]),
    (
        {"signs": ["tingling in the lateral thigh"], "side": "right"},
        [("paraesthesia", "lateral_thigh", True, "", None, "right")],
    ),
    ({"signs": ["numbness of the sole"]}, [("numb", "sole_of_foot", True, "", None, None)]),
    ({"absent": ["numbness over the medial leg"]}, [("sensation", "medial_leg", False, "", None, None)]),
    ({"signs": ["pain in the groin"], "side": "left"}, [("sign", "groin_pain", True, "", None, "left")]),
    ({"absent": ["pain in the groin"]}, [("sign", "groin_pain", False, "", None, None)]),
    ({"signs": ["burning pain over the sole left"]}, [("paraesthesia", "sole_of_foot", True, "", None, "left")]),
    ({"signs": ["dorsum of foot paraesthesia"]}, [("paraesthesia", "dorsum_of_foot", True, "", None, None)]),
    ({"signs": ["positive straight leg raise"]}, [("test", "straight_leg_raise_test", True, "positive", None, None)]),
    ({"signs": ["SLR negative"]}, [("test", "straight_leg_raise_test", False, "negative", None, None)]),
    ({"absent": ["positive straight leg raise"]}, [("test", "straight_leg_raise_test", False, "negative", None, None)]),
    ({"signs": ["saddle anaesthesia"]}, [("numb", "perineum", True, "", None, "bilateral")]),
    ({"signs": ["foot drop"]}, [("sign", "foot_drop", True, "", None, None)]),
    ({"signs": ["steppage gait"]}, [("sign", "foot_drop", True, "", None, None)]),
    (
        {"signs": ["wasting of extensor digitorum brevis"]},
        [("wasting", "extensor_digitorum_brevis", True, "", None, None)],
    ),
    ({"signs": ["quadriceps wasting"]}, [("wasting", "quadriceps_femoris", True, "", None, None)]),
    ({"tests": ["FAIR test=positive"]}, [("test", "fair_test", True, "positive", None, None)]),
    ({"tests": ["FABER negative"]}, [("test", "faber_test", False, "negative", None, None)]),
    ({"tests": ["negative Freiberg"]}, [("test", "freiberg_test", False, "negative", None, None)]),
    ({"tests": ["heel walk=positive"]}, [("weak", "ankle_dorsiflexion", True, "", None, None)]),
    (
        {"tests": ["left straight leg raise=negative"]},
        [("test", "straight_leg_raise_test", False, "negative", None, "left")],
    ),
    ({"signs": ["hamstring reflex"]}, [("reflex", "medial_hamstring_reflex", True, "reduced", None, None)]),
    ({"signs": ["anal reflex"]}, [("reflex", "anal_reflex", True, "reduced", None, None)]),
    ({"absent": ["knee extension"]}, [("normal", "knee_extension", False, "", None, None)]),
    # reflexes, weakness and numbness written as a note writes them
    ({"signs": ["absent ankle reflex"]}, [("reflex", "achilles_reflex", True, "absent", None, None)]),
    ({"signs": ["left knee jerk is brisk"]}, [("reflex", "patellar_reflex", True, "brisk", None, "left")]),
    (
        {"signs": ["knee jerk reduced"], "side": "right"},
        [("reflex", "patellar_reflex", True, "reduced", None, "right")],
    ),
    ({"absent": ["absent ankle reflex"]}, [("reflex", "achilles_reflex", False, "normal", None, None)]),
    ({"signs": ["weakness of big toe extension"]}, [("weak", "great_toe_extension", True, "", None, None)]),
    ({"signs": ["quadriceps weakness"]}, [("weak", "knee_extension", True, "", None, None)]),
    ({"signs": ["weak tibialis anterior"], "side": "left"}, [("weak", "ankle_dorsiflexion", True, "", None, "left")]),
    ({"absent": ["weakness of big toe extension"]}, [("normal", "great_toe_extension", False, "", None, None)]),
    ({"signs": ["decreased sensation lateral thigh"]}, [("numb", "lateral_thigh", True, "", None, None)]),
    ({"signs": ["numb lateral thigh"]}, [("numb", "lateral_thigh", True, "", None, None)]),
    # a side given with the finding or for the whole picture goes with every kind of sign
    ({"signs": ["left quadriceps wasting"]}, [("wasting", "quadriceps_femoris", True, "", None, "left")]),
    ({"signs": ["foot drop"], "side": "right"}, [("sign", "foot_drop", True, "", None, "right")]),
    (
        {"signs": ["positive straight leg raise (left)"]},
        [("test", "straight_leg_raise_test", True, "positive", None, "left")],
    ),
    ({"signs": ["FABER"], "side": "left"}, [("test", "faber_test", True, "positive", None, "left")]),
    ({"absent": ["FABER"]}, [("test", "faber_test", False, "negative", None, None)]),
    ({"signs": ["dorsum of foot"], "side": "left"}, [("numb", "dorsum_of_foot", True, "", None, "left")]),
    ({"signs": ["ankle dorsiflexion"], "side": "left"}, [("weak", "ankle_dorsiflexion", True, "", None, "left")]),
    ({"absent": ["ankle jerk"]}, [("reflex", "achilles_reflex", False, "normal", None, None)]),
    ({"signs": ["saddle numbness"], "side": "left"}, [("numb", "perineum", True, "", None, "bilateral")]),
]


@pytest.mark.parametrize(("given", "expected"), READINGS, ids=[str(g) for g, _ in READINGS])
def test_a_clinical_phrase_becomes_one_finding(graph: kg.AnatomyGraph, given: dict[str, Any], expected: list) -> None:
    found = parse_findings(graph, **given)
    assert [(f.kind, f.iri.rsplit("/", 1)[-1], f.abnormal, f.state, f.grade, f.side) for f in found] == expected


REFUSALS: list[tuple[dict[str, Any], type[Exception], str]] = [
    (
        {"weak": ["ankle dorsiflexion=6"]},
        KGError,
        "the strength of 'ankle dorsiflexion' takes an MRC grade 0–5 (e.g. 'ankle dorsiflexion=4'); got '6'",
    ),
    (
        {"weak": ["gracilis"]},
        KGError,
        "'gracilis' is a muscle that no bedside action is graded by; name the weak action instead "
        "(e.g. 'hip external rotation'), see `anatomy-kg show` for its actions",
    ),
    (
        {"weak": ["ankle dorsiflexion"], "normal": ["ankle dorsiflexion"]},
        KGError,
        "'ankle dorsiflexion' is given as both weak and normal",
    ),
    (
        {"numb": ["dorsum of foot"], "normal_sensation": ["dorsum of foot"]},
        KGError,
        "'dorsum of foot' is given as both numb and of normal sensation",
    ),
    ({"signs": ["foot drop"], "absent": ["foot drop"]}, KGError, "'foot drop' is given as both present and absent"),
    (
        {"reflexes": {"ankle jerk": "weird"}},
        KGError,
        "reflex state 'weird' for 'ankle jerk' is not one of: absent, reduced, diminished, depressed, normal, "
        "present, brisk, increased",
    ),
    (
        {"tests": ["FAIR test=maybe"]},
        KGError,
        "a test result is positive or negative, e.g. 'FAIR test=positive'; got 'FAIR test=maybe'",
    ),
    (
        {"signs": ["tingling"]},
        KGError,
        "'tingling' does not say where it is felt, and where is what localizes it: write e.g. "
        "'tingling in the lateral thigh' (a skin region from `anatomy-kg search`)",
    ),
    ({"numb": [""]}, KGError, "an empty skin region: name one, e.g. 'dorsum of foot'"),
    (
        {"numb": ["lateral thighh"]},
        UnknownNameError,
        "unknown skin region 'lateral thighh'; did you mean 'lateral thigh', 'anterolateral thigh', 'outer thigh'?",
    ),
    ({"weak": ["ankle dorsiflexion"], "side": "up"}, KGError, "side 'up' is not one of: left, right, bilateral"),
    # a misspelt reflex or weakness phrase is answered with names of its own kind, not with signs
    (
        {"signs": ["absent ankle refelx"]},
        UnknownNameError,
        "unknown reflex 'ankle refelx'; did you mean 'ankle reflex', 'ankle-jerk reflex'?",
    ),
    (
        {"signs": ["weakness of gluteus medis"]},
        UnknownNameError,
        "unknown action or muscle 'gluteus medis'; did you mean 'gluteus medius', 'glute medius', 'glute med'?",
    ),
    ({"signs": ["absent pulses"]}, UnknownNameError, "unknown sign or symptom 'absent pulses'"),
    # a diagnosis is not a finding: the clinician is asked for what was found
    (
        {"signs": ["meralgia paresthetica"]},
        KGError,
        "'meralgia paresthetica' names a diagnosis (meralgia paresthetica), not a finding: record what was found, "
        "e.g. 'anterolateral thigh paresthesia'",
    ),
]


@pytest.mark.parametrize(("given", "error", "message"), REFUSALS, ids=[m[:40] for _, _, m in REFUSALS])
def test_wording_that_cannot_be_read_is_refused_with_what_would_work(
    graph: kg.AnatomyGraph, given: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        parse_findings(graph, **given)
    assert str(caught.value) == message


def test_the_small_readers() -> None:
    assert split_side("Left ankle dorsiflexion") == ("ankle dorsiflexion", "left")
    assert split_side("knee jerk (bilateral)") == ("knee jerk", "bilateral")
    assert split_side("knee jerk", "right") == ("knee jerk", "right")
    assert [_grade(t, "x") for t in ("4+", "3-", "MRC 2", " 0 ", "5")] == [4, 3, 2, 0, 5]
    assert _result_words("positive straight leg raise") == ("straight leg raise", "positive")
    assert _result_words("SLR Negative") == ("SLR", "negative")
    assert _result_words("FAIR") == ("FAIR", "positive")
    # one-letter words and generic words say nothing about which name was meant
    assert _words("L5 a nerve of the leg") == {"l5", "leg"}
    assert _words("Tibialis anterior, T") == {"tibialis", "anterior"}
    assert _words("ab x") == {"ab"}
    assert _share_a_word({"bulbocavernosus"}, {"bulbocavernosis"})
    assert not _share_a_word({"anal"}, {"ankle"})
    assert _share_a_word({"abcde"}, {"abcdx"})  # a ratio of exactly 0.8 is alike


def test_saddle_numbness_with_urinary_retention_is_the_cauda_equina_and_no_tie(graph: kg.AnatomyGraph) -> None:
    """Bilateral perianal numbness (ISNCSCI S4–5 key point) with urinary retention: the cauda equina explains both;
    a one-sided inferior rectal nerve lesion explains neither, so it is no tie however close its score."""
    result = reasoning.localize(graph, numb=["perianal skin"], signs=["urinary retention"], side="bilateral", limit=2)
    best, second = result["candidates"]
    assert best["id"].endswith("/cauda_equina") and best["fit"] == {"explained": 2, "unexplained": 0, "contradicted": 0}
    assert second["id"].endswith("/inferior_rectal_nerve") and second["abnormal_explained"] == 0
    assert best["score"] > 1.5 * second["score"]
    assert result["tie"] == []
    assert result["verdict"] == "cauda equina (L5–S5, both sides) explains 2 of 2 findings"
    assert localize_module.ONE_SIDE_FOR_BOTH == 0.1


def test_each_reason_says_what_the_site_predicts() -> None:
    """The reason beside a finding says what the site predicts for it, for present and absent findings alike."""
    from kg.reasoning.findings import Finding

    tingling = Finding("paraesthesia", "x", "lateral thigh", True)
    pain = Finding("sign", "x", "low back pain", True)
    no_pain = Finding("sign", "x", "low back pain", False)
    explain = localize_module._explain
    assert explain(tingling, 0.85, 0.85) == "paraesthesia over lateral thigh (supplies that skin)"
    assert explain(tingling, 0.35, 0.35) == (
        "paraesthesia over lateral thigh (supplies that skin, but a lesion of this grade numbs more often than it "
        "tingles)"
    )
    assert explain(tingling, 0.0, 0.03) == "paraesthesia over lateral thigh (does not supply that skin)"
    assert explain(pain, 0.8, 0.8) == "low back pain (explains this)"
    assert explain(pain, 0.1, 0.1) == "low back pain (does not explain this)"
    assert explain(no_pain, 0.8, 0.2) == "low back pain absent (predicts it present)"
    assert explain(no_pain, 0.1, 0.9) == "low back pain absent (predicts it absent)"


@pytest.mark.parametrize(
    ("finding", "p", "reason"),
    [
        (
            ("weak", "ankle dorsiflexion", True, "", 3, "left"),
            0.5,
            "left weak ankle dorsiflexion (MRC 3) (predicts detectable weakness)",
        ),
        (
            ("weak", "ankle dorsiflexion", True, "", None, None),
            0.49,
            "weak ankle dorsiflexion (predicts normal strength)",
        ),
        (
            ("normal", "hip abduction", False, "", None, None),
            0.9,
            "normal hip abduction (predicts detectable weakness)",
        ),
        (
            ("numb", "lateral thigh", True, "", None, "right"),
            0.5,
            "right numb lateral thigh (predicts sensory loss there)",
        ),
        (
            ("sensation", "lateral thigh", False, "", None, None),
            0.2,
            "normal sensation over lateral thigh (predicts normal sensation there)",
        ),
        (("paraesthesia", "sole", False, "", None, None), 0.0, "no paraesthesia over sole (does not supply that skin)"),
        (
            ("reflex", "ankle jerk", True, "absent", None, None),
            0.5,
            "ankle jerk absent (predicts it reduced or absent)",
        ),
        (("reflex", "ankle jerk", False, "normal", None, None), 0.1, "ankle jerk normal (predicts it normal)"),
        (
            ("reflex", "knee jerk", True, "brisk", None, None),
            0.9,
            "knee jerk brisk (a brisk reflex points to an upper motor neuron lesion, outside this model)",
        ),
        (
            ("reflex", "knee jerk", True, "increased", None, None),
            0.0,
            "knee jerk increased (a brisk reflex points to an upper motor neuron lesion, outside this model)",
        ),
        (("test", "FAIR test", True, "positive", None, None), 1.0, "FAIR test positive (is what the test assesses)"),
        (
            ("test", "FAIR test", False, "negative", None, None),
            0.0,
            "FAIR test negative (is not what the test assesses)",
        ),
        (
            ("wasting", "quadriceps femoris", True, "", None, None),
            0.5,
            "wasting of quadriceps femoris (predicts wasting)",
        ),
        (
            ("wasting", "quadriceps femoris", True, "", None, None),
            0.3,
            "wasting of quadriceps femoris (predicts no wasting)",
        ),
    ],
)
def test_the_reason_for_each_kind_of_finding(finding: tuple, p: float, reason: str) -> None:
    from kg.reasoning.findings import Finding

    kind, label, abnormal, state, grade, side = finding
    assert localize_module._explain(Finding(kind, "x", label, abnormal, state, grade, side), p, p) == reason


def test_a_test_of_the_other_side_or_of_something_else_is_not_held_against_a_site(graph: kg.AnatomyGraph) -> None:
    """Left groin pain, left FADIR positive, right FADIR negative: femoroacetabular impingement of the left hip
    explains all three (the right hip's negative test is what a left-sided lesion predicts); hip osteoarthritis,
    which the FADIR test does not assess, leaves the positive left test unexplained."""
    result = reasoning.localize(
        graph, signs=["left groin pain"], tests=["left FADIR=positive", "right FADIR=negative"], limit=2
    )
    fai, oa = result["candidates"]
    assert fai["id"].endswith("/femoroacetabular_impingement")
    assert fai["fit"] == {"explained": 3, "unexplained": 0, "contradicted": 0}
    assert oa["id"].endswith("/hip_osteoarthritis")
    assert oa["unexplained"] == ["left FADIR test positive (is not what the test assesses)"]
    assert oa["contradicting"] == []


def test_a_positive_insensitive_test_of_the_site_is_explained(graph: kg.AnatomyGraph) -> None:
    """The crossed straight leg raise is insensitive (most disc herniations do not give it) but specific: positive,
    it supports the root it assesses, so it is explained, not left over."""
    result = reasoning.localize(
        graph, weak=["great toe extension", "hip abduction"], tests=["crossed SLR=positive"], limit=1
    )
    l5 = result["candidates"][0]
    assert l5["id"].endswith("/L5")
    assert "crossed straight-leg raise test positive (is what the test assesses)" in l5["supporting"]


def test_what_the_evidence_takes_from_the_findings(graph: kg.AnatomyGraph) -> None:
    """The side with more abnormal findings is the lesion's side; a sign that shows weakness of an action records
    that action (foot drop: ankle dorsiflexion); urinary retention and reduced anal tone are findings only the
    cauda equina presents with."""
    model = reasoning.model(graph)
    findings = parse_findings(
        graph, signs=["left foot drop"], weak=["left great toe extension"], reflexes={"right ankle jerk": "absent"}
    )
    ev = localize_module._Evidence(model, findings)
    assert ev.main_side == "left"
    assert {i.rsplit("/", 1)[-1] for i in ev.recorded} == {
        "foot_drop", "great_toe_extension", "achilles_reflex", "ankle_dorsiflexion"
    }  # fmt: skip
    assert ev.motor_recorded
    assert {i.rsplit("/", 1)[-1] for i in ev.bilateral_only} == {
        "urinary_retention",
        "reduced_anal_tone",
        "faecal_incontinence",
    }
    signs_only = localize_module._Evidence(model, parse_findings(graph, signs=["buttock pain"]))
    assert signs_only.main_side is None and not signs_only.motor_recorded
    right = localize_module._Evidence(
        model, parse_findings(graph, numb=["right lateral thigh", "left groin", "right groin"])
    )
    assert right.main_side == "right"

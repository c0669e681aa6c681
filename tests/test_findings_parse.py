"""How a clinician's wording becomes findings: kind, entity, abnormal or not, state, MRC grade and side.

Each row is a phrase as a clinical note writes it and the one finding it must become; the messages
for wording that cannot be read are pinned word for word (they are what a user sees).
"""

from __future__ import annotations

from typing import Any

import pytest

import kg
from kg.errors import KGError, UnknownNameError
from kg.reasoning.findings import _grade, _result_words, _share_a_word, _words, parse_findings, split_side

# (keyword arguments of parse_findings) -> [(kind, local name, abnormal, state, MRC grade, side)]
READINGS: list[tuple[dict[str, Any], list[tuple[str, str, bool, str, int | None, str | None]]]] = [
    ({"weak": ["left ankle dorsiflexion=4+"]}, [("weak", "ankle_dorsiflexion", True, "", 4, "left")]),
    ({"weak": ["great toe extension (right)=MRC 3"]}, [("weak", "great_toe_extension", True, "", 3, "right")]),
    ({"weak": ["hip abduction=5"]}, [("normal", "hip_abduction", False, "", None, None)]),
    ({"weak": ["tibialis anterior"]}, [("weak", "ankle_dorsiflexion", True, "", None, None)]),
    ({"weak": ["hip flexors"]}, [("weak", "hip_flexion", True, "", None, None)]),
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

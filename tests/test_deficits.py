"""Forward reasoning: what a root lesion weakens, and what it must leave alone (ISNCSCI/Harrison's myotomes)."""

from __future__ import annotations

import json

import pytest

import kg
from kg import reasoning
from kg.cli.main import main
from kg.errors import KGError, UnknownNameError

ANKLE_AND_FOOT = [
    "ankle dorsiflexion",
    "ankle plantarflexion",
    "foot inversion",
    "foot eversion",
    "great toe extension",
    "toe flexion",
]


def grades(result: dict, section: str = "actions") -> dict[str, str]:
    return {item["label"]: item["grade"] for item in result[section]}


def weakened(result: dict, section: str = "actions") -> set[str]:
    return {label for label, grade in grades(result, section).items() if grade != "none"}


@pytest.mark.parametrize(
    ("root", "must", "must_not"),
    [
        pytest.param("L2", {"hip flexion", "hip adduction"}, {*ANKLE_AND_FOOT, "knee flexion"}, id="L2"),
        pytest.param("L3", {"knee extension", "hip adduction"}, set(ANKLE_AND_FOOT), id="L3"),
        pytest.param("L4", {"ankle dorsiflexion", "knee extension"}, {"ankle plantarflexion", "toe flexion"}, id="L4"),
        pytest.param(
            "L5",
            {"great toe extension", "hip abduction", "foot inversion", "ankle dorsiflexion"},
            {"knee extension", "hip flexion"},
            id="L5",
        ),
        pytest.param(
            "S1", {"ankle plantarflexion", "foot eversion"}, {"knee extension", "hip flexion", "hip adduction"}, id="S1"
        ),
        pytest.param(
            "S2", {"toe flexion", "knee flexion"}, {"knee extension", "ankle dorsiflexion", "hip flexion"}, id="S2"
        ),
    ],
)
def test_root_weakens_its_myotome_and_spares_others(
    graph: kg.AnatomyGraph, root: str, must: set, must_not: set
) -> None:
    result = reasoning.deficit(graph, [root])
    assert must <= weakened(result)
    assert not (must_not & weakened(result))


@pytest.mark.parametrize(
    ("root", "action", "grade"),
    [
        pytest.param("L3", "knee extension", "severe", id="L3-knee-extension"),
        pytest.param("L5", "great toe extension", "severe", id="L5-great-toe-extension"),
        pytest.param("S2", "toe flexion", "severe", id="S2-toe-flexion"),
        # judged by the muscles a clinician grades (iliopsoas; gastrocnemius and soleus), whose main root these are
        pytest.param("L2", "hip flexion", "severe", id="L2-hip-flexion"),
        pytest.param("S1", "ankle plantarflexion", "severe", id="S1-plantarflexion"),
    ],
)
def test_key_action_grade(graph: kg.AnatomyGraph, root: str, action: str, grade: str) -> None:
    assert grades(reasoning.deficit(graph, [root]))[action] == grade


def test_key_reflexes(graph: kg.AnatomyGraph) -> None:
    assert "Achilles reflex" in weakened(reasoning.deficit(graph, ["S1"]), "reflexes")
    assert "patellar reflex" in weakened(reasoning.deficit(graph, ["L4"]), "reflexes")
    assert "patellar reflex" not in weakened(reasoning.deficit(graph, ["S1"]), "reflexes")
    assert "Achilles reflex" not in weakened(reasoning.deficit(graph, ["L4"]), "reflexes")


def test_dermatome_areas(graph: kg.AnatomyGraph) -> None:
    assert {"dorsum of foot", "L5 dermatome"} <= weakened(reasoning.deficit(graph, ["L5"]), "skin_regions")
    assert {"lateral foot", "heel"} <= weakened(reasoning.deficit(graph, ["S1"]), "skin_regions")
    assert "dorsum of foot" not in weakened(reasoning.deficit(graph, ["L3"]), "skin_regions")


def test_result_shape_and_order(graph: kg.AnatomyGraph) -> None:
    result = reasoning.deficit(graph, ["L5"])
    assert set(result) >= {"lesions", "actions", "muscles", "nerves", "reflexes", "skin_regions", "disclaimer"}
    assert result["lesions"] == [{"label": "L5 spinal nerve", "id": "https://w3id.org/anatomy-kg/id/L5"}]
    for section in ("actions", "muscles", "nerves", "reflexes", "skin_regions"):
        weaknesses = [item["weakness"] for item in result[section]]
        assert weaknesses == sorted(weaknesses, reverse=True)
        for item in result[section]:
            assert set(item) == {"label", "id", "weakness", "grade", "paths"}
            assert 0.0 <= item["weakness"] <= 1.0
    assert "education" in result["disclaimer"]


def test_paths_explain_root_nerve_muscle_action(graph: kg.AnatomyGraph) -> None:
    great_toe = next(a for a in reasoning.deficit(graph, ["L5"])["actions"] if a["label"] == "great toe extension")
    assert ["L5 spinal nerve", "deep fibular nerve", "extensor hallucis longus", "great toe extension"] in great_toe[
        "paths"
    ]


def test_severity_scales_weakness(graph: kg.AnatomyGraph) -> None:
    full = {a["label"]: a["weakness"] for a in reasoning.deficit(graph, ["L5"], severity=1.0)["actions"]}
    half = {a["label"]: a["weakness"] for a in reasoning.deficit(graph, ["L5"], severity=0.5)["actions"]}
    assert half["great toe extension"] == pytest.approx(full["great toe extension"] / 2, abs=0.002)


def test_two_roots_weaken_more_than_either(graph: kg.AnatomyGraph) -> None:
    def dorsiflexion(roots: list[str]) -> float:
        return next(
            a["weakness"] for a in reasoning.deficit(graph, roots)["actions"] if a["label"] == "ankle dorsiflexion"
        )

    both = dorsiflexion(["L4", "L5"])
    assert both > dorsiflexion(["L4"]) and both > dorsiflexion(["L5"])


def test_unknown_root_suggests(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(UnknownNameError) as error:
        reasoning.deficit(graph, ["L55"])
    assert "L5" in " ".join(error.value.suggestions)


def test_a_muscle_is_not_a_root(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(UnknownNameError, match="unknown spinal root 'gluteus medius'"):
        reasoning.deficit(graph, ["gluteus medius"])


def test_severity_out_of_range(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(KGError, match="between 0 and 1"):
        reasoning.deficit(graph, ["L5"], severity=1.5)


def test_cli_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as code:
        main(["deficit", "L5", "S1", "--severity", "0.8", "--format", "json"])
    result = json.loads(capsys.readouterr().out)
    assert code.value.code == 0
    assert [lesion["label"] for lesion in result["lesions"]] == ["L5 spinal nerve", "S1 spinal nerve"]
    assert result["severity"] == 0.8
    assert {"great toe extension", "ankle plantarflexion"} <= {
        a["label"] for a in result["actions"] if a["grade"] != "none"
    }


def test_cli_table_prints_grades_and_disclaimer(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["deficit", "S1", "--show", "reflexes"])
    out = capsys.readouterr().out
    assert "Achilles reflex          absent   1.00" in out
    assert "medial hamstring reflex  reduced  0.50" in out
    assert out.strip().endswith("For education, not diagnosis: AnatomyKG does not replace a clinical examination.")


def test_reflexes_are_graded_reduced_or_absent(graph: kg.AnatomyGraph) -> None:
    reflexes = {r["label"]: r["grade"] for r in reasoning.deficit(graph, ["S1"])["reflexes"]}
    assert reflexes["Achilles reflex"] == "absent"  # S1 is its key segment
    assert reflexes["medial hamstring reflex"] == "reduced"  # S1 contributes, L5 is key
    half = {r["label"]: r["grade"] for r in reasoning.deficit(graph, ["S1"], severity=0.5)["reflexes"]}
    assert half["Achilles reflex"] == "reduced"


def test_csv_rows_are_labelled_reflex(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["deficit", "S1", "--show", "reflexes", "-f", "csv"])
    rows = capsys.readouterr().out.splitlines()[1:]
    assert rows and all(row.startswith("reflex,") for row in rows)


def test_unknown_root_lists_the_valid_roots(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(UnknownNameError) as e:
        reasoning.deficit(graph, ["L9"])
    assert str(e.value) == (
        "unknown spinal root 'L9'; the roots are T6–S5: T6, T7, T8, T9, T10, T11, T12, L1, L2, L3, L4, L5, S1, S2, S3, S4, S5"
    )


def test_joined_roots_are_told_to_be_written_apart(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(KGError, match=r"write them separately, e.g. `deficit L4 L5`"):
        reasoning.deficit(graph, ["L4+L5"])


def test_two_roots_grade_each_key_action(graph: kg.AnatomyGraph) -> None:
    """L4 + L5 (HARR L4 and L5 rows): the foot-drop muscles lose most of their supply, the quadriceps about a third."""
    assert {k: v for k, v in grades(reasoning.deficit(graph, ["L4", "L5"])).items() if k in KEY} == {
        "great toe extension": "severe",
        "ankle dorsiflexion": "severe",
        "foot inversion": "severe",
        "hip abduction": "severe",
        "knee extension": "moderate",
        "hip adduction": "moderate",
        "ankle plantarflexion": "mild",
    }


def test_a_partial_root_lesion_grades_lower(graph: kg.AnatomyGraph) -> None:
    """L5 at half severity: great toe extension and inversion moderate, dorsiflexion and abduction mild; reflexes reduced."""
    result = reasoning.deficit(graph, ["L5"], severity=0.5)
    assert {k: v for k, v in grades(result).items() if k in KEY} == {
        "great toe extension": "moderate",
        "foot inversion": "moderate",
        "ankle dorsiflexion": "mild",
        "hip abduction": "mild",
        "ankle plantarflexion": "none",
    }
    assert "hip adduction" not in grades(result)  # no adductor a clinician grades takes L5
    assert "knee extension" not in grades(result)  # L5 gives the quadriceps nothing
    assert {r["label"]: r["grade"] for r in result["reflexes"]} == {
        "medial hamstring reflex": "reduced",
        "tibialis posterior reflex": "reduced",
    }


KEY = {
    "great toe extension", "ankle dorsiflexion", "foot inversion", "hip abduction", "knee extension",
    "hip adduction", "ankle plantarflexion",
}  # fmt: skip


def test_the_deficit_messages_word_for_word(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(KGError) as e:
        reasoning.deficit(graph, [])
    assert str(e.value) == "name at least one root, e.g. L5 or S1"
    with pytest.raises(KGError) as e:
        reasoning.deficit(graph, ["L4 and L5"])
    assert str(e.value) == "'L4 and L5' names several roots: write them separately, e.g. `deficit L4 L5`"
    with pytest.raises(KGError) as e:
        reasoning.deficit(graph, ["L5"], severity=-0.1)
    assert str(e.value) == "severity must be between 0 and 1, got -0.1"


def test_severity_zero_is_a_lesion_that_takes_nothing(graph: kg.AnatomyGraph) -> None:
    result = reasoning.deficit(graph, ["L5"], severity=0.0)
    assert result["severity"] == 0.0
    assert result["actions"] == [] and result["muscles"] == [] and result["reflexes"] == []


def test_a_deficit_row_is_rounded_to_three_places_with_its_paths(graph: kg.AnatomyGraph) -> None:
    rows = {a["label"]: a for a in reasoning.deficit(graph, ["L4"], severity=0.7)["actions"]}
    assert rows["knee extension"] == {
        "label": "knee extension",
        "id": "https://w3id.org/anatomy-kg/id/knee_extension",
        "weakness": 0.229,
        "grade": "mild",
        "paths": [
            ["L4 spinal nerve", "femoral nerve", "vastus medialis", "knee extension"],
            ["L4 spinal nerve", "nerve to vastus medialis", "vastus medialis", "knee extension"],
            ["L4 spinal nerve", "femoral nerve", "vastus intermedius", "knee extension"],
            ["L4 spinal nerve", "femoral nerve", "rectus femoris", "knee extension"],
            ["L4 spinal nerve", "femoral nerve", "vastus lateralis", "knee extension"],
        ],
    }

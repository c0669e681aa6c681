"""Root deficits page: roots and severity in; graded actions, muscles, reflexes and explanation paths out."""

from __future__ import annotations

from kg.ui.state import Key, Page
from tests.ui.helpers import texts


def table(at, name: str) -> list[dict]:
    index = ["actions", "muscles", "nerves", "reflexes", "skin_regions"].index(name)
    return at.dataframe[index].value.to_dict("records")


def test_l5_lesion_weakens_great_toe_extension_severely(open_page):
    at = open_page(Page.DEFICITS, roots="L5")

    actions = {row["action"]: row["grade"] for row in table(at, "actions")}

    assert not at.exception
    assert actions["great toe extension"] == "severe"
    assert actions["ankle dorsiflexion"] in ("severe", "moderate")
    assert "hip abduction" in actions


def test_l5_explanation_runs_from_root_through_nerve_and_muscle(open_page):
    at = open_page(Page.DEFICITS, roots="L5")

    rows = table(at, "actions")
    great_toe = next(r for r in rows if r["action"] == "great toe extension")

    assert great_toe["why (first path)"].startswith("L5 spinal nerve → ")
    assert "extensor hallucis longus" in great_toe["why (first path)"]
    assert great_toe["card"] == "/entity?entity=great_toe_extension"


def test_s1_lesion_takes_the_achilles_reflex(open_page):
    at = open_page(Page.DEFICITS, roots="S1")

    reflexes = {row["reflex"]: row["grade"] for row in table(at, "reflexes")}

    assert reflexes["Achilles reflex"] == "absent"


def test_lower_severity_lowers_the_loss(open_page):
    at = open_page(Page.DEFICITS, roots="L5")
    full = next(r["loss"] for r in table(at, "actions") if r["action"] == "great toe extension")

    at.slider(key=Key.SEVERITY).set_value(50).run()
    half = next(r["loss"] for r in table(at, "actions") if r["action"] == "great toe extension")

    assert half < full
    assert at.query_params["severity"] in ("50", ["50"])


def test_no_root_picked_asks_for_one(open_page):
    at = open_page(Page.DEFICITS, roots="L5")

    at.multiselect(key=Key.ROOTS).unselect("L5").run()

    assert not at.exception
    assert "Pick at least one root (T12 to S5)" in texts(at)


def test_the_page_states_education_only(open_page):
    at = open_page(Page.DEFICITS, roots="L5")

    assert "For education, not diagnosis" in texts(at)

"""Root deficits page: roots and severity in; graded actions, muscles, reflexes and explanation paths out."""

from __future__ import annotations

from kg.ui.state import Key, Page
from tests.ui.helpers import texts, unescape


def table(at, name: str) -> list[dict]:
    unit = {"actions": "action", "muscles": "muscle", "nerves": "nerve", "reflexes": "reflex"}.get(name, "skin region")
    frame = next(d for d in at.dataframe if unit in d.value.columns and "loss" in d.value.columns)
    return frame.value.to_dict("records")


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


def test_body_section_lists_weak_muscles_the_atlas_cannot_show_and_credits_the_pictures(open_page):
    at = open_page(Page.DEFICITS, roots="L5")

    page = unescape(texts(at))
    assert at.radio(key=Key.DEFICIT_SIDE).value == "left"
    assert "**Weak but not on the atlas** (23)" in page  # the L5 foot intrinsics too
    assert "[piriformis](/entity?entity=piriformis) :gray[mild]" in page
    assert "Muscle atlas after Ryan Graves (CC BY 4.0); ids from flutter_body_atlas (BSD-3-Clause)." in page
    assert "Dermatome diagram from isncsci-ui by the Praxis Spinal Cord Institute (Apache-2.0)." in page


def test_side_is_kept_in_the_url_and_a_bad_side_gets_a_message(open_page):
    at = open_page(Page.DEFICITS, roots="L5", side="up")

    assert not at.exception
    assert "There is no side 'up'; showing the left. Pick left, right or both." in unescape(at.warning[0].value)
    at.radio(key=Key.DEFICIT_SIDE).set_value("right").run()
    assert at.query_params["side"] in ("right", ["right"])

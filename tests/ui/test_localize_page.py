"""Localize page: findings in, ranked sites with evidence out; the next test's result is one click."""

from __future__ import annotations

from kg.ui.state import Key, Page
from tests.ui.helpers import candidate_names, texts, unescape


def test_foot_drop_findings_rank_the_deep_fibular_or_l5_first(open_page):
    at = open_page(Page.LOCALIZE)

    at.multiselect(key=Key.WEAK).select("ankle dorsiflexion").select("great toe extension").run()

    assert not at.exception
    assert candidate_names(at)[0] in (
        "deep fibular nerve in the anterior compartment",
        "common fibular nerve at the fibular neck",
        "L5 spinal nerve",
    )
    assert "✓] weak ankle dorsiflexion" in texts(at)


def test_spared_hip_abduction_counts_against_l5(open_page):
    at = open_page(Page.LOCALIZE)
    at.multiselect(key=Key.WEAK).select("ankle dorsiflexion").select("great toe extension").run()
    before = candidate_names(at).index("L5 spinal nerve")

    at.multiselect(key=Key.NORMAL).select("hip abduction").run()

    assert candidate_names(at).index("L5 spinal nerve") > before


def test_next_test_button_adds_its_result_and_reranks(open_page):
    at = open_page(Page.LOCALIZE)
    at.multiselect(key=Key.WEAK).select("ankle dorsiflexion").run()
    suggestion = next(m.value for m in at.markdown if str(m.value).startswith("**Suggested next test:**"))

    at.button(key=Key.NEXT_ABNORMAL).click().run()

    added = [s.value for s in at.selectbox if s.value not in ("not tested", "not given")]
    inputs = at.multiselect(key=Key.WEAK).value + at.multiselect(key=Key.NUMB).value + added
    assert not at.exception
    assert len(inputs) == 2, (suggestion, inputs)
    assert next(m.value for m in at.markdown if str(m.value).startswith("**Suggested next test:**")) != suggestion


def test_same_action_weak_and_normal_is_refused_with_a_message(open_page):
    at = open_page(Page.LOCALIZE)

    at.multiselect(key=Key.WEAK).select("hip abduction").run()
    at.multiselect(key=Key.NORMAL).select("hip abduction").run()

    assert "An action cannot be both weak and normal: hip abduction" in unescape(at.error[0].value)


def test_findings_table_and_clinical_inputs(open_page):
    at = open_page(Page.LOCALIZE)
    at.multiselect(key="localize_signs").select("buttock pain").select("pain worse with sitting").run()
    at.multiselect(key="localize_tests_positive").select("FAIR test").run()
    at.multiselect(key=Key.NORMAL).select("ankle dorsiflexion").run()

    assert not at.exception
    assert candidate_names(at)[0].startswith("sciatic nerve")
    table = at.dataframe[0].value
    assert list(table["finding"]) == [
        "normal ankle dorsiflexion", "buttock pain", "pain worse with sitting", "FAIR test positive"
    ]  # fmt: skip
    assert list(table.iloc[:, 1]) == ["✓", "✓", "✓", "✓"]
    assert "irritative, piriformis syndrome" in texts(at)


def test_findings_come_from_the_link_and_a_bad_value_is_named_not_fatal(open_page):
    at = open_page(
        Page.LOCALIZE,
        numb="left L4 dermatome",
        weak="knee extension|flying",
        side="up",
        reflexes="patellar reflex:absent",
    )

    assert not at.exception
    assert at.multiselect(key=Key.NUMB).value == ["left L4 dermatome"]
    assert at.multiselect(key=Key.WEAK).value == ["knee extension"]
    assert at.selectbox(key="localize_reflex_patellar_reflex").value == "absent"
    warnings = unescape("\n".join(w.value for w in at.warning))
    assert "Left out of 'weak' in the link (not a choice there): flying." in warnings
    assert "There is no side 'up'; pick left, right or bilateral." in warnings
    assert candidate_names(at)[0] == "L4 spinal nerve"
    assert at.query_params["numb"] == "left L4 dermatome" and at.query_params["reflexes"] == "patellar reflex:absent"

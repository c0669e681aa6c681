"""Explore page: search by name or nickname, example chips, footer with counts and the disclaimer."""

from __future__ import annotations

from kg.ui.state import DISCLAIMER, Key, Page
from tests.ui.helpers import texts, unescape


def hit_labels(at) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith(f"{Key.HIT}_")]


def test_nickname_glute_med_finds_gluteus_medius_first(open_page):
    at = open_page()

    at.text_input(key=Key.SEARCH).input("glute med").run()

    assert not at.exception
    assert hit_labels(at)[0] == "gluteus medius"
    assert "matched “glute med”" in texts(at)


def test_old_name_peroneal_finds_the_fibular_nerve(open_page):
    at = open_page()

    at.button(key=Key.EXAMPLE_PERONEAL).click().run()

    assert at.text_input(key=Key.SEARCH).value == "peroneal"
    assert "common fibular nerve" in hit_labels(at)


def test_clicking_a_hit_opens_its_card(open_page):
    at = open_page()
    at.text_input(key=Key.SEARCH).input("glute med").run()

    at.button(key=f"{Key.HIT}_0").click().run()

    assert not at.exception
    assert at.query_params["entity"] == ["gluteus_medius"] or at.query_params["entity"] == "gluteus_medius"
    assert at.title[0].value == "gluteus medius"


def test_unknown_word_gets_a_message_not_an_error(open_page):
    at = open_page()

    at.text_input(key=Key.SEARCH).input("glutues zzz").run()

    assert not at.exception
    assert "Nothing in the graph is called or nicknamed 'glutues zzz'" in texts(at)


def test_example_l5_root_lesion_opens_the_deficit_page_with_l5(open_page):
    at = open_page()

    at.button(key=Key.EXAMPLE_L5).click().run()

    assert at.title[0].value == "Root deficits"
    assert at.multiselect(key=Key.ROOTS).value == ["L5"]


def test_example_trendelenburg_opens_its_trace(open_page):
    at = open_page()

    at.button(key=Key.EXAMPLE_TRENDELENBURG).click().run()

    assert at.title[0].value == "Trace a sign"
    assert at.selectbox(key=Key.TRACE_TERM).value == "Trendelenburg gait"


def test_footer_states_data_version_counts_and_education_only(open_page):
    at = open_page(Page.EXPLORE)

    page = unescape(texts(at))

    assert "Data version 0.1.0" in page
    assert "sourced facts" in page and "sources" in page
    assert DISCLAIMER in page


def test_sources_stay_out_of_search_and_a_type_filter_narrows_hits(open_page):
    at = open_page()

    at.text_input(key=Key.SEARCH).input("superior gluteal").run()
    assert "superior gluteal artery" in hit_labels(at)
    at.pills(key=Key.SEARCH_TYPES).select("nerve / plexus").run()

    assert "superior gluteal nerve" in hit_labels(at)
    assert "superior gluteal artery" not in hit_labels(at)
    assert at.query_params["types"] in ("nerve / plexus", ["nerve / plexus"])


def test_a_misspelling_offers_its_correction_as_a_link(open_page):
    at = open_page()

    at.text_input(key=Key.SEARCH).input("piriformsi").run()

    assert "Did you mean [piriformis](/entity?entity=piriformis)" in at.warning[0].value

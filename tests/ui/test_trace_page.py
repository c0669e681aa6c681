"""Trace page: from a sign or dysfunction to the muscles, nerves and roots behind it."""

from __future__ import annotations

from kg.ui.state import Key, Page
from tests.ui.helpers import texts, unescape


def test_trendelenburg_gait_traces_to_gluteus_medius_and_its_nerve(open_page):
    at = open_page(Page.TRACE, term="Trendelenburg gait")

    page = unescape(texts(at))

    assert not at.exception
    assert "**gluteus medius**" in page
    assert "**superior gluteal nerve**" in page
    assert "**L5 spinal nerve**" in page


def test_choosing_another_term_updates_the_url(open_page):
    at = open_page(Page.TRACE, term="Trendelenburg gait")

    at.selectbox(key=Key.TRACE_TERM).select("foot drop").run()

    assert at.query_params["term"] in ("foot drop", ["foot drop"])
    assert "from foot drop" in unescape(texts(at))


def test_unknown_term_in_the_url_gets_suggestions(open_page):
    at = open_page(Page.TRACE, term="trendelenberg gait")

    assert not at.exception
    assert "No entity is called 'trendelenberg gait'" in at.error[0].value
    assert "Trendelenburg gait" in at.error[0].value

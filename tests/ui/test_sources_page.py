"""Sources page: references browsable on their own, with their tier, filtered by tier and text from the URL."""

from __future__ import annotations

from kg.ui.state import Key, Page
from tests.ui.helpers import unescape


def test_tier_a_orthobullets_sources_from_the_url(open_page):
    at = open_page(Page.SOURCES, tier="A", q="orthobullets")

    rows = at.dataframe[0].value.to_dict("records")
    assert not at.exception
    assert rows and {r["tier"] for r in rows} == {"A"}
    assert "Orthobullets: Superior Gluteal Nerve" in [r["source"] for r in rows]
    assert at.pills(key=Key.SOURCES_TIER).value == ["A"]


def test_a_tier_that_does_not_exist_is_a_message(open_page):
    at = open_page(Page.SOURCES, tier="Z")

    assert "No tier is called Z; tiers are A, B, C, S, U." in unescape(at.warning[0].value)
    assert len(at.dataframe[0].value) > 500

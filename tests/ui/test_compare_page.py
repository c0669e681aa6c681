"""Compare page: the three glutei side by side."""

from __future__ import annotations

from kg.ui.state import Key, Page
from tests.ui.helpers import unescape


def cell(at, aspect: str, muscle_index: int) -> str:
    """Text of one aspect row for the n-th chosen muscle."""
    values = [unescape(str(m.value)) for m in at.markdown]
    row = values.index(f"**{aspect}**")
    return values[row + 1 + muscle_index]


def test_the_three_glutei_differ_in_nerve_and_insertion(open_page):
    at = open_page(Page.COMPARE)

    assert at.multiselect(key=Key.COMPARE_MUSCLES).value == ["gluteus maximus", "gluteus medius", "gluteus minimus"]
    assert "inferior gluteal nerve" in cell(at, "Nerve", 0)
    assert "superior gluteal nerve" in cell(at, "Nerve", 1)
    assert "superior gluteal nerve" in cell(at, "Nerve", 2)
    assert "greater trochanter" in cell(at, "Insertion", 1)
    assert "gluteal tuberosity" in cell(at, "Insertion", 0)


def test_roots_show_every_graded_position(open_page):
    at = open_page(Page.COMPARE)

    assert "L4 spinal nerve: absent / minor" in cell(at, "Roots (grade by source)", 1)


def test_one_muscle_asks_for_another(open_page):
    at = open_page(Page.COMPARE, muscles="gluteus_medius")

    assert "Pick at least two muscles to compare." in at.info[0].value

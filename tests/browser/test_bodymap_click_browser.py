"""Issue 11 in a real Chromium: on Localize, a click on the body map adds a finding with its side and re-ranks.

Screenshots (1440×900) go to tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.test_app_browser import (  # the fixtures: one app and one Chromium for this module
    GRAPH_FRAME,
    app_url,  # noqa: F401
    browser,  # noqa: F401
    open_and_settle,
    outside_requests,
    page,  # noqa: F401
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HIGHLIGHT = "rgb(33, 102, 172)"  # kg.bodymap.HIGHLIGHT: a region in the findings


def body_frame(tab):
    """The body-map component's frame once its pictures are in."""
    tab.locator(GRAPH_FRAME).first.wait_for(timeout=60_000)
    frame = tab.locator(GRAPH_FRAME).first.element_handle().content_frame()
    frame.wait_for_function("() => window.bodyReady === true", timeout=30_000)
    return frame


def click_region(tab, frame, picture: str, region: str) -> None:
    """A real mouse click on a point of the page where the region is the topmost element."""
    tab.locator(GRAPH_FRAME).first.scroll_into_view_if_needed()
    time.sleep(0.3)
    point = frame.evaluate(
        """([picture, region]) => {
            const svg = document.querySelector(`svg[data-picture="${picture}"]`);
            for (const el of svg.querySelectorAll(`[data-region="${region}"]`)) {
                const b = el.getBoundingClientRect();
                for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
                    const x = b.left + b.width * i / 12, y = b.top + b.height * j / 12;
                    const hit = document.elementFromPoint(x, y);
                    if (hit && hit.closest('[data-region]') === el) return {x: x, y: y};
                }
            }
            return null;
        }""",
        [picture, region],
    )
    assert point is not None, f"{region} is nowhere clickable on {picture}"
    box = tab.locator(GRAPH_FRAME).first.bounding_box()
    tab.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    tab.mouse.move(5, 5)  # off the picture: a region under the pointer wears the hover colour


def fill_of(frame, picture: str, region: str) -> str:
    return frame.evaluate(
        """([picture, region]) => getComputedStyle(document.querySelector(
            `svg[data-picture="${picture}"] [data-region="${region}"]`)).fill""",
        [picture, region],
    )


def first_site(tab) -> str:
    return tab.locator("[data-testid='stMarkdownContainer'] strong", has_text="1. ").first.inner_text()


def test_a_click_on_the_left_l4_dermatome_adds_numbness_there_and_ranks_l4_first(page, app_url):  # noqa: F811
    open_and_settle(page, f"{app_url}/localize", "Add at least one finding")
    frame = body_frame(page)

    click_region(page, frame, "dermatomes", "left-l4")

    page.get_by_text("Added: numb left L4 dermatome.").wait_for(timeout=30_000)
    numb = page.locator(".st-key-localize_numb")
    numb.get_by_text("left L4 dermatome", exact=True).wait_for(timeout=30_000)
    page.get_by_text("Ranked lesion sites").wait_for(timeout=30_000)
    assert first_site(page) == "1. L4 spinal nerve"
    assert "numb=left+L4+dermatome" in page.url
    frame = body_frame(page)
    frame.wait_for_function(
        """() => getComputedStyle(document.querySelector('svg[data-picture="dermatomes"] [data-region="left-l4"]'))
                 .fill === 'rgb(33, 102, 172)'""",
        timeout=30_000,
    )
    assert fill_of(frame, "dermatomes", "right-l4") != HIGHLIGHT
    shot(page, "localize-click-left-L4")
    assert outside_requests(page) == []


def test_a_click_on_a_muscle_adds_the_actions_it_is_graded_by_on_that_side(page, app_url):  # noqa: F811
    open_and_settle(page, f"{app_url}/localize", "Add at least one finding")
    frame = body_frame(page)

    click_region(page, frame, "atlas_front", "extensor_hallucis_longus_r")

    weak = page.locator(".st-key-localize_weak")
    weak.get_by_text("right great toe extension", exact=True).wait_for(timeout=30_000)
    # EHL is graded for great toe extension alone (and with EDL for toe extension): one finding, not two
    assert not weak.get_by_text("right toe extension", exact=True).is_visible()
    page.get_by_text(
        "Added the weakness of right extensor hallucis longus as the action(s) a clinician grades it by: "
        "weak right great toe extension."
    ).wait_for(timeout=30_000)
    page.get_by_text("Ranked lesion sites").wait_for(timeout=30_000)
    frame = body_frame(page)
    assert fill_of(frame, "atlas_front", "extensor_hallucis_longus_r") == HIGHLIGHT

    click_region(page, frame, "atlas_front", "gracilis_l")  # graded for no bedside action: told, not dropped

    page.get_by_text("Not added: no bedside test grades").wait_for(timeout=30_000)
    assert parse_qs(urlparse(page.url).query)["weak"] == ["right great toe extension"]  # nothing else was added
    assert "gracilis" not in weak.inner_text() and "hip adduction" not in weak.inner_text()
    shot(page, "localize-click-muscle")
    assert outside_requests(page) == []


def test_a_quiz_question_is_answered_by_clicking_the_l4_dermatome(page, app_url):  # noqa: F811
    open_and_settle(page, f"{app_url}/quiz?kinds=dermatome&q=dermatome:L4_dermatome", "Click the L4 dermatome")
    frame = body_frame(page)

    click_region(page, frame, "dermatomes", "right-l4")

    page.get_by_text("Right. The L4 dermatome is the strip of skin the L4 root supplies").wait_for(timeout=30_000)
    frame = body_frame(page)
    assert fill_of(frame, "dermatomes", "left-l4") == HIGHLIGHT
    shot(page, "quiz-dermatome-click")
    assert outside_requests(page) == []

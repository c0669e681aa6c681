"""Issue 11 in a real Chromium: body maps colour the right regions, graph labels never overlap, the path finder works.

Screenshots of every page this work touched go to tests/artifacts/ (1440×900) for a person to look at.
"""

from __future__ import annotations

import time

import pytest

from tests.browser.test_app_browser import (  # the fixtures: one app and one Chromium for this module
    GRAPH_FRAME,
    app_url,  # noqa: F401
    browser,  # noqa: F401
    graph_frame,
    open_and_settle,
    outside_requests,
    page,  # noqa: F401
    shot,
    wait_painted,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODERATE = "rgb(239, 101, 72)"  # kg.bodymap.GRADE_COLOURS["moderate"]
SEVERE = "rgb(178, 24, 43)"
HIGHLIGHT = "rgb(33, 102, 172)"


def picture_frames(tab) -> list:
    """The body-map iframes (st.components.v1.html) once each has its SVG."""
    tab.locator("iframe[data-testid='stIFrame']").first.wait_for(timeout=60_000)
    frames = []
    for handle in tab.locator("iframe[data-testid='stIFrame']").element_handles():
        frame = handle.content_frame()
        frame.wait_for_selector("svg", timeout=30_000)
        frames.append(frame)
    return frames


def fill_of(frame, selector: str) -> str | None:
    return frame.evaluate(
        "(sel) => { const el = document.querySelector(sel); return el ? getComputedStyle(el).fill : null; }", selector
    )


def test_l5_on_the_left_colours_left_l5_and_left_leg_muscles_only(page, app_url):  # noqa: F811
    open_and_settle(page, f"{app_url}/deficits?roots=L5&side=left", "On the body")
    front, back, dermatomes = picture_frames(page)[:3]

    assert fill_of(dermatomes, '[data-level="left-l5"]') == SEVERE  # one root: DERMATOME_LOSS 0.5
    assert fill_of(dermatomes, '[data-level="right-l5"]') == "rgb(249, 249, 249)"
    assert fill_of(dermatomes, '[data-level="left-s1"]') == "rgb(249, 249, 249)"
    assert fill_of(front, "#tibialis_anterior_l") == MODERATE
    assert fill_of(front, "#extensor_hallucis_longus_l") == SEVERE
    assert fill_of(front, "#tibialis_anterior_r") == "rgb(189, 189, 189)"
    assert fill_of(back, "#gluteus_medius_1_l") == MODERATE
    page.locator("[data-testid='stMainBlockContainer']").evaluate("el => el.scrollTop = 0")
    page.get_by_text("On the body").first.scroll_into_view_if_needed()
    time.sleep(1)
    shot(page, "deficits-L5-body")
    assert page.get_by_text("Weak but not on the atlas").first.is_visible()
    assert outside_requests(page) == []


def test_a_muscle_card_highlights_the_muscle_on_both_sides(page, app_url):  # noqa: F811
    open_and_settle(page, f"{app_url}/entity?entity=gluteus_medius", "Key facts")
    _front, back = picture_frames(page)[:2]

    assert fill_of(back, "#gluteus_medius_1_l") == HIGHLIGHT
    assert fill_of(back, "#gluteus_medius_1_r") == HIGHLIGHT
    assert fill_of(back, "#gluteus_maximus_l") == "rgb(189, 189, 189)"


def test_no_two_labels_overlap_on_the_gluteus_medius_graph_and_they_are_12px(page, app_url):  # noqa: F811
    for depth in (1, 2):
        open_and_settle(page, f"{app_url}/entity?entity=gluteus_medius&depth={depth}&max=60", "Key facts")
        frame = graph_frame(page)
        wait_painted(frame)
        time.sleep(0.5)
        measured = frame.evaluate(
            """() => {
                const ids = network.body.data.nodes.getIds();
                const boxes = ids.map(id => {
                    const b = network.getBoundingBox(id);
                    const tl = network.canvasToDOM({x: b.left, y: b.top});
                    const br = network.canvasToDOM({x: b.right, y: b.bottom});
                    return {id: id, left: tl.x, top: tl.y, right: br.x, bottom: br.y};
                });
                const names = (window.edgeLabelBoxes || []).map(b => Object.assign({}, b, {id: 'edge: ' + b.id}));
                boxes.push(...names);  // the relation names drawn on the lines ("show relation names")
                const overlaps = [];
                for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                    const a = boxes[i], b = boxes[j];
                    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
                        overlaps.push([a.id, b.id]);
                }
                const font = network.body.nodes[ids[0]].options.font.size;
                const box = document.getElementById('graph').getBoundingClientRect();
                const inside = boxes.every(b => b.left >= -1 && b.top >= -1 && b.right <= box.width + 1
                                                && b.bottom <= box.height + 1);
                const placed = graphSpec.edges.filter(e => e.label && e.label_at).length;
                return {nodes: ids.length, names: names.length, placed: placed, overlaps: overlaps,
                        px: font * network.getScale(), inside: inside};
            }"""
        )
        page.locator(GRAPH_FRAME).first.scroll_into_view_if_needed()
        time.sleep(0.5)
        shot(page, f"entity-gluteus-medius-graph-depth{depth}")

        assert measured["overlaps"] == []
        assert measured["px"] >= 12, measured
        assert measured["inside"], "the graph does not fit its frame"
        assert measured["nodes"] <= 40
        if depth == 1:  # the card graph names its relations on the picture, each where the layout put it
            assert measured["names"] == measured["placed"] >= 5, measured


def test_path_finder_shows_sentences_and_a_graph(page, app_url):  # noqa: F811
    open_and_settle(page, f"{app_url}/path?from=L5&to=gluteus_medius", "shortest paths")
    frame = graph_frame(page)
    drawn = wait_painted(frame)
    time.sleep(0.5)

    shot(page, "path-L5-gluteus-medius")
    assert drawn["inked"] > 500
    assert page.get_by_text("sends fibres to").first.is_visible()
    page.get_by_role("button", name="⇄").click()
    page.wait_for_url("**/path?from=gluteus_medius&to=L5*", timeout=30_000)
    assert outside_requests(page) == []


def test_a_quiz_round_checks_the_answer_and_explains_it(page, app_url):  # noqa: F811
    open_and_settle(page, f"{app_url}/quiz?kinds=nerve&q=nerve:gluteus_medius", "Which nerve innervates")

    page.get_by_text("superior gluteal nerve", exact=True).first.click()
    page.get_by_role("button", name="Check").click()
    page.get_by_text("Right.").first.wait_for(timeout=30_000)

    shot(page, "quiz-answered")
    assert (
        page.get_by_role("link", name="open the card")
        .first.get_attribute("href")
        .endswith("/entity?entity=gluteus_medius")
    )
    assert outside_requests(page) == []


def test_screenshots_of_the_pages_this_work_touched(page, app_url):  # noqa: F811
    for path, text, name in [
        ("/", "AnatomyKG explorer", "explore"),
        ("/entity?entity=L5", "Key facts", "entity-L5"),
        ("/entity?entity=sciatic_nerve", "Key facts", "entity-sciatic-nerve"),
        ("/entity?entity=piriformis", "Key facts", "entity-piriformis"),
        ("/path?from=piriformis&to=foot_drop", "shortest paths", "path-piriformis-foot-drop"),
        ("/sources?tier=A", "sources", "sources-tier-A"),
        ("/quiz?kinds=nerve&q=nerve:gluteus_medius", "Which nerve innervates", "quiz"),
        ("/compare", "Insertion", "compare-glutei"),
        ("/entity?entity=%5BSession%20expired%5D(http://evil.example/phish)", "No entity is called", "escaping"),
    ]:
        open_and_settle(page, f"{app_url}{path}", text)
        time.sleep(1.5)
        shot(page, name)
        assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("a[href*='evil.example']").count() == 0
    assert outside_requests(page) == []


GRAPH_FRAME = GRAPH_FRAME  # re-exported for readers of this module

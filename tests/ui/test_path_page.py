"""Path page: two ends from the URL, paths as linked sentences, a bad end in the URL is a message."""

from __future__ import annotations

from kg.ui.state import Key, Page
from tests.ui.helpers import texts, unescape


def test_the_url_opens_l5_to_gluteus_medius_with_sentences(open_page):
    at = open_page(Page.PATH, **{"from": "L5", "to": "gluteus_medius"})

    assert not at.exception
    assert at.selectbox(key=Key.PATH_FROM).value == "L5 spinal nerve"
    page = unescape(texts(at))
    assert (
        "1. [L5 spinal nerve](/entity?entity=L5) :gray[supplies (minor/major)] "
        "[gluteus medius](/entity?entity=gluteus_medius) :small[:gray[(1 links)]]"
    ) in page


def test_swapping_the_ends_updates_the_url(open_page):
    at = open_page(Page.PATH, **{"from": "L5", "to": "gluteus_medius"})

    at.button(key=Key.PATH_SWAP).click().run()

    assert at.query_params["from"] in ("gluteus_medius", ["gluteus_medius"])
    assert at.query_params["to"] in ("L5", ["L5"])


def test_an_unknown_end_in_the_url_is_a_message_and_the_page_stays_usable(open_page):
    at = open_page(Page.PATH, **{"from": "piriformsi", "to": "foot_drop"})

    assert not at.exception
    assert "No entity is called 'piriformsi' (the 'from' in the link). Did you mean 'piriformis'" in unescape(
        at.warning[0].value
    )
    at.selectbox(key=Key.PATH_FROM).select("piriformis").run()
    assert "piriformis compresses" not in texts(at)  # sentences are linked markdown, not plain text
    assert "[sciatic nerve](/entity?entity=sciatic_nerve)" in unescape(texts(at))

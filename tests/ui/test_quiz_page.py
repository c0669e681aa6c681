"""Quiz page: a question from the URL, an answer checked and explained with its card and sources, then the next."""

from __future__ import annotations

from kg.ui.state import Key, Page
from tests.ui.helpers import texts, unescape


def test_a_right_answer_is_confirmed_with_the_card_and_sources(open_page):
    at = open_page(Page.QUIZ, kinds="key muscle", q="key_muscle:L5")

    assert "Which muscle is the key muscle of L5 spinal nerve?" in unescape(texts(at))
    at.radio(key=Key.QUIZ_ANSWER).set_value("extensor hallucis longus").run()
    at.button(key=Key.QUIZ_CHECK).click().run()

    assert unescape(at.success[0].value).startswith("Right. extensor hallucis longus is the key muscle graded")
    assert "[open the card](/entity?entity=L5)" in unescape(texts(at))
    at.button(key=Key.QUIZ_NEXT).click().run()
    assert at.query_params["q"] not in ("key_muscle:L5", ["key_muscle:L5"])


def test_a_wrong_answer_names_the_right_one(open_page):
    at = open_page(Page.QUIZ, kinds="key muscle", q="key_muscle:L5")

    at.radio(key=Key.QUIZ_ANSWER).set_value("gastrocnemius").run()
    at.button(key=Key.QUIZ_CHECK).click().run()

    assert unescape(at.error[0].value).startswith("Not quite: the answer is extensor hallucis longus.")


def test_bad_kinds_and_question_in_the_url_are_messages(open_page):
    at = open_page(Page.QUIZ, kinds="nerve,bogus", q="nope")

    warnings = [unescape(w.value) for w in at.warning]
    assert (
        "No question kind bogus; kinds are nerve, insertion, key muscle, reflex, dermatome, highlighted muscle."
        in warnings
    )
    assert "No question 'nope' among these kinds; here is the next one due." in warnings
    assert not at.exception


def test_a_highlighted_muscle_is_named_from_four_drawn_muscles(open_page):
    at = open_page(Page.QUIZ, kinds="highlighted muscle", q="highlighted_muscle:gluteus_medius")

    assert "Which muscle is highlighted?" in texts(at)
    assert "gluteus medius" in at.radio(key=Key.QUIZ_ANSWER).options
    at.radio(key=Key.QUIZ_ANSWER).set_value("gluteus medius").run()
    at.button(key=Key.QUIZ_CHECK).click().run()

    assert unescape(at.success[0].value) == "Right. The muscle highlighted is gluteus medius."
    assert "Muscle atlas after Ryan Graves (CC BY 4.0)" in unescape(texts(at))
    assert not at.exception

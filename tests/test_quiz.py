"""The quiz: questions from settled facts with same-kind wrong options, spaced repetition, Anki export, CLI."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from kg.quiz import Progress, export_anki, questions
from tests.test_cli import run


def by_id(graph, **kw):
    return {q.id: q for q in questions(graph, **kw)}


def test_nerve_question_for_gluteus_medius_has_one_right_answer_and_three_other_nerves(graph):
    q = by_id(graph)["nerve:gluteus_medius"]

    assert q.prompt == "Which nerve innervates gluteus medius?"
    assert q.answer == "superior gluteal nerve"
    assert len(q.options) == 4 and q.options.count("superior gluteal nerve") == 1
    nerves = {graph.label(i) for i in graph.entities_of_types(["https://w3id.org/anatomy-kg/ontology#Nerve"])}
    nerves |= {graph.label(i) for i in graph.entities_of_types(["https://w3id.org/anatomy-kg/ontology#Plexus"])}
    assert set(q.options) <= nerves
    assert "Orthobullets: Superior Gluteal Nerve" in q.sources
    assert q.card == "/entity?entity=gluteus_medius"


def test_key_muscle_of_l5_is_extensor_hallucis_longus(graph):
    q = by_id(graph)["key_muscle:L5"]
    assert q.answer == "extensor hallucis longus"
    assert q.explanation == "extensor hallucis longus is the key muscle graded for L5 spinal nerve."


def test_a_part_of_the_answer_is_never_offered_as_wrong(graph):
    q = by_id(graph)["insertion:piriformis"]
    assert q.answer == "greater trochanter"
    assert not [o for o in q.options if o != q.answer and "greater trochanter" in o]


def test_questions_with_several_right_answers_are_not_asked(graph):
    # gluteus maximus has more than one insertion in the graph, so "Where does it insert?" has no single answer
    assert "insertion:gluteus_maximus" not in by_id(graph)


def test_same_seed_same_quiz_and_unknown_kind_is_refused(graph):
    assert [q.options for q in questions(graph, seed=3)] == [q.options for q in questions(graph, seed=3)]
    with pytest.raises(ValueError, match="no question kind bogus; kinds are nerve, insertion, key muscle, reflex"):
        questions(graph, ["bogus"])


def test_progress_puts_a_missed_question_first_and_keeps_only_a_local_file(graph, tmp_path):
    items = questions(graph, ["key muscle"])
    path = tmp_path / "p.json"
    progress = Progress(path)
    now = datetime(2026, 1, 1, tzinfo=UTC)

    progress.record(items[0].id, correct=True, when=now)
    progress.record(items[1].id, correct=False, when=now)
    later = now + timedelta(hours=1)

    assert Progress(path).order(items, now=later)[0].id == items[1].id
    assert set(json.loads(path.read_text())["cards"]) == {items[0].id, items[1].id}


def test_unreadable_progress_says_to_delete_it(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="delete the file to start over"):
        Progress(path)


def test_anki_export_writes_a_deck_with_every_question(graph, tmp_path):
    items = questions(graph, ["nerve"])
    deck = tmp_path / "deck.apkg"

    assert export_anki(items, deck) == len(items)
    assert "collection.anki2" in zipfile.ZipFile(deck).namelist()


def test_cli_quiz_asks_records_and_explains(capsys, monkeypatch, tmp_path):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("1\n"))
    code, out, _ = run(capsys, "quiz", "-n", "1", "--kind", "key muscle", "--progress", str(tmp_path / "q.json"))

    assert code == 0
    assert "1. Which muscle is the key muscle of" in out
    assert "Sources:" in out and "card: /entity?entity=" in out
    assert (tmp_path / "q.json").exists()


def test_picture_questions_click_a_dermatome_or_name_a_highlighted_muscle(graph):
    from kg.quiz import body_questions

    items = {q.id: q for q in body_questions(graph)}
    l4 = items["dermatome:L4_dermatome"]
    assert (l4.prompt, l4.options, l4.answer, l4.card) == (
        "Click the L4 dermatome on the diagram (either side).",
        [],
        "L4 dermatome",
        "/entity?entity=L4",
    )
    gmed = items["highlighted_muscle:gluteus_medius"]
    assert gmed.prompt == "Which muscle is highlighted?" and gmed.answer == "gluteus medius"
    assert len(gmed.options) == 4 and len(set(gmed.options)) == 4 and "gluteus medius" in gmed.options
    assert "piriformis" not in {o for q in items.values() for o in q.options}  # only muscles the atlas draws
    assert len([q for q in items.values() if q.kind == "dermatome"]) == 8
    with pytest.raises(ValueError, match="no picture question kind nerve"):
        body_questions(graph, ["nerve"])

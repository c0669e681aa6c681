"""A quiz generated from the graph, with spaced repetition (FSRS) and an Anki deck export.

Questions come from templates per relation ("Which nerve innervates gluteus medius?", "Where does piriformis
insert?", "Which muscle is the key muscle of the L5 root?" …), only from asserted facts (the majority position:
minority, disputed and outlier positions are never asserted, so never asked as settled) and only where the
answer is unique. Wrong options are of the same kind (other nerves, other insertion sites …), nearest in the
relation graph first, so they come from the same region. Every answer is explained with its card and sources.

Progress is a small JSON file, `$ANATOMY_KG_QUIZ_FILE` or `~/.local/share/anatomy-kg/quiz-progress.json`; delete it
to start over.

    >>> import kg
    >>> from kg.quiz import questions
    >>> q = next(q for q in questions(kg.load()) if q.id == "nerve:gluteus_medius")
    >>> q.prompt, q.answer
    ('Which nerve innervates gluteus medius?', 'superior gluteal nerve')
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from kg.graph import AnatomyGraph
from kg.viz import entity_slug

__all__ = [
    "BODY_KINDS",
    "TEMPLATES",
    "Progress",
    "Question",
    "body_questions",
    "default_progress_file",
    "export_anki",
    "questions",
]

_O = "http://purl.obolibrary.org/obo/"
_A = "https://w3id.org/anatomy-kg/ontology#"


@dataclass(frozen=True)
class Template:
    """One kind of question: the relation it reads, which end is asked about, and the wording."""

    kind: str
    relation: str
    ask_about: str  # "subject" (the answer is the object) or "object" (the answer is the subject)
    prompt: str  # with {name}
    explain: str  # with {name} and {answer}


TEMPLATES: list[Template] = [
    Template("nerve", f"{_O}RO_0002005", "subject", "Which nerve innervates {name}?", "{name} is innervated by {answer}."),
    Template("insertion", f"{_O}RO_0002373", "subject", "Where does {name} insert?", "{name} inserts on {answer}."),
    Template(
        "key muscle", f"{_A}keyMuscleOf", "object", "Which muscle is the key muscle of {name}?",
        "{answer} is the key muscle graded for {name}.",
    ),
    Template(
        "reflex", f"{_A}reflexSegment", "object", "Which reflex tests the {name} segment?",
        "{answer} tests {name}.",
    ),
]  # fmt: skip


@dataclass
class Question:
    """One multiple-choice question with its explanation."""

    id: str
    kind: str
    prompt: str
    options: list[str]
    answer: str
    explanation: str
    card: str  # the entity page to read more: "/entity?entity=<slug>"
    sources: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _facts(graph: AnatomyGraph) -> dict[tuple[str, str, str], list[str]]:
    facts: dict[tuple[str, str, str], list[str]] = {}
    for row in graph.named("quiz_facts"):
        key = (str(row["subject"]), str(row["relation"]), str(row["object"]))
        sources = facts.setdefault(key, [])
        label = row.get("sourceLabel") or row.get("source")
        if label is not None and str(label) not in sources:
            sources.append(str(label))
    return facts


def questions(graph: AnatomyGraph, kinds: Iterable[str] | None = None, seed: int = 0) -> list[Question]:
    """Every question the graph supports for the given kinds (all by default), in a stable order.

    Options are shuffled with `seed`, so the same seed gives the same quiz.
    """
    from kg.paths import relation_graph

    wanted = set(kinds) if kinds is not None else {t.kind for t in TEMPLATES}
    unknown = wanted - {t.kind for t in TEMPLATES}
    if unknown:
        raise ValueError(
            f"no question kind {', '.join(sorted(unknown))}; kinds are {', '.join(t.kind for t in TEMPLATES)}"
        )
    facts = _facts(graph)
    labels = graph.labels
    near = relation_graph(graph)
    out: list[Question] = []
    for template in TEMPLATES:
        if template.kind not in wanted:
            continue
        pairs = [(s, o, src) for (s, r, o), src in facts.items() if r == template.relation]
        answers_of: dict[str, set[str]] = {}
        for s, o, _ in pairs:
            asked, answer = (s, o) if template.ask_about == "subject" else (o, s)
            answers_of.setdefault(asked, set()).add(answer)
        pool = sorted({a for answers in answers_of.values() for a in answers}, key=lambda i: labels.get(i, i))
        for asked in sorted(answers_of, key=lambda i: labels.get(i, i).lower()):
            answers = answers_of[asked]
            if len(answers) != 1:
                continue  # several right answers: not a single-choice question
            answer = next(iter(answers))
            answer_text = labels.get(answer, answer).lower()
            wrong = [
                p
                for p in pool
                if p not in answers  # a part of the answer ('anterior facet of greater trochanter') is not wrong
                and answer_text not in labels.get(p, p).lower()
                and labels.get(p, p).lower() not in answer_text
            ]
            if len(wrong) < 3:
                continue
            distances = nx.single_source_shortest_path_length(near, answer, cutoff=4) if answer in near else {}
            wrong.sort(key=lambda p: (distances.get(p, 9), labels.get(p, p).lower()))
            chosen = wrong[:3]
            rng = random.Random(f"{seed}:{template.kind}:{asked}")
            options = [labels.get(x, x) for x in [answer, *chosen]]
            rng.shuffle(options)
            name, answer_label = labels.get(asked, asked), labels.get(answer, answer)
            sources = next((src for s, o, src in pairs if (s, o) in ((asked, answer), (answer, asked))), [])
            out.append(
                Question(
                    id=f"{template.kind.replace(' ', '_')}:{entity_slug(asked)}",
                    kind=template.kind,
                    prompt=template.prompt.format(name=name),
                    options=options,
                    answer=answer_label,
                    explanation=template.explain.format(name=name, answer=answer_label),
                    card=f"/entity?entity={entity_slug(asked)}",
                    sources=sorted(sources),
                )
            )
    return out


# ---------------------------------------------------------------------------- on the body maps (app only)
#: question kinds answered on a picture (kg.bodymap): click a dermatome; name the muscle highlighted on the atlas
BODY_KINDS = ("dermatome", "highlighted muscle")


def body_questions(graph: AnatomyGraph, kinds: Iterable[str] | None = None, seed: int = 0) -> list[Question]:
    """Questions on the pictures, for every entity data/body_map.tsv draws (a terminal cannot show them).

    "dermatome:L4_dermatome" asks to click the L4 dermatome on the diagram (either side is right; `options` is
    empty); "highlighted_muscle:gluteus_medius" shows the muscle highlighted on the atlas and offers it with three
    other drawn muscles, the nearest in the relation graph first.
    """
    from kg.bodymap import PICTURES, load_mapping
    from kg.paths import relation_graph

    wanted = set(kinds) if kinds is not None else set(BODY_KINDS)
    unknown = wanted - set(BODY_KINDS)
    if unknown:
        raise ValueError(f"no picture question kind {', '.join(sorted(unknown))}; kinds are {', '.join(BODY_KINDS)}")
    labels = graph.labels
    drawn = list(dict.fromkeys(r.entity for r in load_mapping()))
    dermatomes = [e for e in drawn if e.endswith("_dermatome")]
    muscles = [e for e in drawn if e not in dermatomes]
    out: list[Question] = []
    if "dermatome" in wanted:
        for entity in dermatomes:
            name = labels.get(entity, entity)
            root = entity.rsplit("/", 1)[-1].removesuffix("_dermatome")
            out.append(
                Question(
                    id=f"dermatome:{entity_slug(entity)}",
                    kind="dermatome",
                    prompt=f"Click the {name} on the diagram (either side).",
                    options=[],
                    answer=name,
                    explanation=f"The {name} is the strip of skin the {root} root supplies; it is shaded now.",
                    card=f"/entity?entity={root}",
                    sources=[PICTURES["dermatomes"].attribution],
                )
            )
    if "highlighted muscle" in wanted:
        near = relation_graph(graph)
        for entity in muscles:
            distances = nx.single_source_shortest_path_length(near, entity, cutoff=4) if entity in near else {}
            others = sorted(
                (m for m in muscles if m != entity), key=lambda m: (distances.get(m, 9), labels.get(m, m).lower())
            )
            options = [labels.get(x, x) for x in [entity, *others[:3]]]
            random.Random(f"{seed}:highlighted muscle:{entity}").shuffle(options)
            name = labels.get(entity, entity)
            out.append(
                Question(
                    id=f"highlighted_muscle:{entity_slug(entity)}",
                    kind="highlighted muscle",
                    prompt="Which muscle is highlighted?",
                    options=options,
                    answer=name,
                    explanation=f"The muscle highlighted is {name}.",
                    card=f"/entity?entity={entity_slug(entity)}",
                    sources=[PICTURES["atlas_front"].attribution],
                )
            )
    return out


# ---------------------------------------------------------------------------- progress (FSRS)
def default_progress_file() -> Path:
    """$ANATOMY_KG_QUIZ_FILE, else ~/.local/share/anatomy-kg/quiz-progress.json (delete it to start over)."""
    env = os.environ.get("ANATOMY_KG_QUIZ_FILE")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "anatomy-kg" / "quiz-progress.json"


class Progress:
    """FSRS cards per question id, kept in a JSON file; nothing else is stored."""

    def __init__(self, path: Path | None = None) -> None:
        from fsrs import Card, Scheduler

        self.path = path or default_progress_file()
        self.scheduler = Scheduler()
        self.cards: dict[str, Any] = {}
        if self.path.exists():
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                self.cards = {qid: Card.from_dict(card) for qid, card in raw.get("cards", {}).items()}
            except (OSError, ValueError, KeyError, TypeError) as e:
                raise ValueError(f"cannot read quiz progress {self.path}: {e}; delete the file to start over") from e

    def record(self, question_id: str, correct: bool, when: datetime | None = None) -> datetime:
        """Record an answer; the time the question is due again."""
        from fsrs import Card, Rating

        card = self.cards.get(question_id) or Card()
        card, _log = self.scheduler.review_card(
            card, Rating.Good if correct else Rating.Again, when or datetime.now(UTC)
        )
        self.cards[question_id] = card
        self.save()
        return card.due

    def order(self, items: Sequence[Question], now: datetime | None = None) -> list[Question]:
        """Due questions first (most overdue first), then new ones; not-yet-due ones last."""
        now = now or datetime.now(UTC)

        def key(q: Question) -> tuple[int, float]:
            card = self.cards.get(q.id)
            if card is None:
                return (1, 0.0)
            return (0 if card.due <= now else 2, card.due.timestamp())

        return sorted(items, key=key)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"cards": {q: c.to_dict() for q, c in self.cards.items()}}, indent=1), "utf-8")
        tmp.replace(self.path)


# ---------------------------------------------------------------------------- Anki
def export_anki(items: Sequence[Question], path: Path, deck_name: str = "AnatomyKG lower limb") -> int:
    """Write the questions as an Anki deck (.apkg); the number of notes written."""
    import html

    import genanki

    def stable_id(text: str) -> int:
        return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16) | (1 << 30)

    model = genanki.Model(
        stable_id("anatomy-kg quiz model"),
        "AnatomyKG question",
        fields=[{"name": "Question"}, {"name": "Options"}, {"name": "Answer"}, {"name": "Explanation"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Question}}<br><br>{{Options}}",
                "afmt": "{{FrontSide}}<hr id=answer><b>{{Answer}}</b><br>{{Explanation}}",
            }
        ],
    )
    deck = genanki.Deck(stable_id(deck_name), deck_name)
    for q in items:
        sources = "; ".join(q.sources) or "no source recorded"
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    html.escape(q.prompt),
                    "<br>".join(html.escape(o) for o in q.options),
                    html.escape(q.answer),
                    html.escape(f"{q.explanation} Sources: {sources}."),
                ],
                guid=genanki.guid_for(q.id),
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(deck).write_to_file(str(path))
    return len(items)

"""Examination findings as a clinician records them, resolved to graph entities.

A finding is what was examined (an action's strength, sensation over a skin region, a reflex, a
sign or symptom, a named clinical test, wasting of a muscle), whether it was abnormal, and
optionally its side, an MRC grade (0–5) or a reflex state. Names resolve through labels and
synonyms; a name that matches nothing gets suggestions of the same kind that share a word with it
(so "anal reflex" never suggests "ankle reflex").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import KGError, UnknownNameError
from kg.reasoning.cache import model as model_of
from kg.vocab import AKG_IRIS as AKG  # plain-string IRIs: importing the reasoning needs no rdflib

if TYPE_CHECKING:
    from kg.graph import AnatomyGraph

__all__ = ["REFLEX_STATES", "SIDES", "TEST_RESULTS", "Finding", "parse_findings", "split_side"]

REFLEX_STATES = {
    "absent": True,
    "reduced": True,
    "diminished": True,
    "depressed": True,
    "normal": False,
    "present": False,
    "brisk": None,
    "increased": None,
}
TEST_RESULTS = {"positive": True, "+": True, "pos": True, "negative": False, "-": False, "neg": False}
SIDES = ("left", "right", "bilateral")
#: words every name of a kind shares: a suggestion must share some other word with the name typed
GENERIC_WORDS = {
    "reflex", "jerk", "test", "sign", "the", "of", "and", "a", "at", "in", "on", "with", "to", "muscle",
    "nerve", "weakness", "pain", "left", "right", "bilateral",
}  # fmt: skip
#: a sensory symptom said with where it is felt: 'tingling in the lateral thigh', 'burning pain over the sole'
_NUMB_WORDS = (
    r"numbness|numb|reduced sensation|decreased sensation|diminished sensation|impaired sensation|loss of sensation|"
    r"sensory loss|hyp(?:o|a)esthesia|hypoaesthesia|an(?:a)?esthesia"
)
_PARAESTHESIA_WORDS = (
    r"paraesthesiae?|paresthesiae?|paraesthesias|paresthesias|tingling|pins and needles|burning pain|burning|"
    r"dysaesthesiae?|dysesthesiae?|shooting pain|radiating pain|pain"
)
SENSORY_SYMPTOM = re.compile(
    rf"^(?P<what>{_NUMB_WORDS}|{_PARAESTHESIA_WORDS})\s+(?:(?:in|over|of|on|along|at|down|into|to)\s+)?(?:the\s+)?(?P<region>.+)$",
    re.IGNORECASE,
)
REGION_SYMPTOM = re.compile(rf"^(?P<region>.+?)\s+(?P<what>{_NUMB_WORDS}|{_PARAESTHESIA_WORDS})$", re.IGNORECASE)
#: a sensory symptom named without a place: it cannot localize, so the region is asked for
BARE_SENSORY = re.compile(rf"^(?:{_NUMB_WORDS}|{_PARAESTHESIA_WORDS})$", re.IGNORECASE)
#: a reflex said with its state, as a note writes it: 'absent ankle reflex', 'knee jerk reduced'
_STATE_WORDS = "absent|reduced|diminished|depressed|normal|present|brisk|increased"
REFLEX_PHRASE = re.compile(
    rf"^(?:(?P<state>{_STATE_WORDS})\s+(?:the\s+)?(?P<name>.+)|(?P<name2>.+?)\s+(?:is\s+)?(?P<state2>{_STATE_WORDS}))$",
    re.IGNORECASE,
)
#: weakness said as a phrase: 'weakness of great toe extension', 'weak ankle dorsiflexion', 'quadriceps weakness'
WEAKNESS_PHRASE = re.compile(
    r"^(?:(?:weak(?:ness)?|paresis)\s+(?:of\s+|in\s+)?(?:the\s+)?(?P<name>.+)|(?P<name2>.+?)\s+(?:weakness|paresis))$",
    re.IGNORECASE,
)
WASTING = re.compile(r"^(?:wasting|atrophy|wasted)\s+(?:of\s+)?(?:the\s+)?(?P<muscle>.+)$", re.IGNORECASE)
MUSCLE_WASTING = re.compile(r"^(?P<muscle>.+?)\s+(?:wasting|atrophy)$", re.IGNORECASE)

EXAMPLES = {
    "action": "ankle dorsiflexion",
    "skin region": "dorsum of foot",
    "reflex": "ankle jerk",
    "clinical test": "FAIR test",
    "sign or symptom": "buttock pain",
    "muscle": "tibialis anterior",
}
ACTION = str(AKG.Action)
SKIN = str(AKG.SkinRegion)
REFLEX = str(AKG.Reflex)
SIGN_TYPES = [str(AKG.Sign), str(AKG.Symptom)]
TEST = str(AKG.ClinicalTest)
MUSCLE_TYPES = [str(AKG.Muscle), str(AKG.MuscleGroup)]
DYSFUNCTION = str(AKG.Dysfunction)
GAIT = str(AKG.GaitDysfunction)


@dataclass(frozen=True)
class Finding:
    """One observation.

    kind: weak, normal (an action), numb, sensation (normal sensation over a region), paraesthesia
    (tingling, burning or pain felt over a region), reflex, sign, test (a named clinical test),
    wasting (of a muscle). `abnormal` is whether it departs from
    normal; `state` a reflex state or test result; `grade` an MRC grade 0–5 for a weak action;
    `side` left, right or bilateral when given.
    """

    kind: str
    iri: str
    label: str
    abnormal: bool
    state: str = ""
    grade: int | None = None
    side: str | None = None

    def describe(self) -> str:
        side = f"{self.side} " if self.side else ""
        if self.kind == "weak":
            grade = f" (MRC {self.grade})" if self.grade is not None else ""
            return f"{side}weak {self.label}{grade}"
        if self.kind == "normal":
            return f"{side}normal {self.label}"
        if self.kind == "numb":
            return f"{side}numb {self.label}"
        if self.kind == "sensation":
            return f"{side}normal sensation over {self.label}"
        if self.kind == "paraesthesia":
            return (
                f"{side}paraesthesia over {self.label}" if self.abnormal else f"{side}no paraesthesia over {self.label}"
            )
        if self.kind == "reflex":
            return f"{side}{self.label} {self.state}"
        if self.kind == "test":
            return f"{side}{self.label} {self.state}"
        if self.kind == "wasting":
            return f"{side}wasting of {self.label}"
        return f"{side}{self.label}" + ("" if self.abnormal else " absent")

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.iri,
            "label": self.label,
            "abnormal": self.abnormal,
            "state": self.state,
            "grade": self.grade,
            "side": self.side,
        }


def split_side(text: str, default: str | None = None) -> tuple[str, str | None]:
    """("ankle dorsiflexion", "left") from "left ankle dorsiflexion" (or "... (left)"); else the default side."""
    words = text.strip()
    lowered = words.lower()
    for side in SIDES:
        if lowered.startswith(side + " "):
            return words[len(side) + 1 :].strip(), side
        for suffix in (f" ({side})", f" {side}", f"@{side}"):
            if lowered.endswith(suffix):
                return words[: -len(suffix)].strip(), side
    return words, default


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in GENERIC_WORDS and len(w) > 1}


def _share_a_word(a: set[str], b: set[str]) -> bool:
    """Whether two names share a word (spelled alike: 'bulbocavernosis' ~ 'bulbocavernosus', not 'anal' ~ 'ankle')."""
    return any(x == y or difflib.SequenceMatcher(None, x, y).ratio() >= 0.8 for x in a for y in b)


#: words a clinician leaves off a name of this kind ('FABER' for 'FABER test', 'medial malleolus' for
#: 'medial malleolus region'): tried, as exact names only, before a name is called unknown
IMPLIED_WORDS = {"clinical test": (" test", " sign"), "skin region": (" region", " area", " skin")}


#: words that do not tell two names of a kind apart ('Tinel at the tarsal tunnel' is the 'Tinel test
#: at the tarsal tunnel'; "Trendelenburg's test" the 'Trendelenburg sign'); hyphens and case neither
LOOSE_FILLER = {"the", "a", "an", "of", "test", "sign", "region", "area", "skin", "at", "over", "on", "s"}


def loose_key(name: str) -> str:
    """A name with case, punctuation, hyphens, possessive 's and filler words dropped."""
    words = re.findall(r"[a-z0-9]+", name.lower().replace("’", "'"))
    return " ".join(w for w in words if w not in LOOSE_FILLER)


def _loose_index(graph: AnatomyGraph) -> dict[str, set[str]]:
    """loose_key(label or synonym) → the entities so named."""

    def build() -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for iri, name, _type in graph.label_index:
            key = loose_key(name)
            if key:
                index.setdefault(key, set()).add(iri)
        return index

    return graph.derived("findings.loose_index", build)


def _loose(graph: AnatomyGraph, name: str, types: Sequence[str]) -> str | None:
    """The one entity of `types` whose name has the same loose key as `name`; None if none or several."""
    key = loose_key(name)
    if not key:
        return None
    matches = _loose_index(graph).get(key, set()) & graph.entities_of_types(types)
    return next(iter(matches)) if len(matches) == 1 else None


def _exact(graph: AnatomyGraph, name: str, types: Sequence[str]) -> str | None:
    """The entity of one of `types` whose label or synonym is exactly `name` (any case), or None."""
    exact = graph.name_index.get(name.strip().lower())
    if exact:  # a label or synonym: the graph's own ranking (label before synonym), without its slower fallbacks
        allowed = graph.entities_of_types(types)
        matches = [c for c in exact if c[1] in allowed]
        if matches:
            return min(matches)[1]
    return None


def resolve(graph: AnatomyGraph, name: str, types: Sequence[str], what: str) -> str:
    """The entity of one of `types` that `name` means; suggestions of the same kind sharing a word otherwise."""
    if not name.strip():
        raise KGError(f"an empty {what}: name one, e.g. {EXAMPLES.get(what, 'a label from `anatomy-kg search`')!r}")
    for variant in (name, *(name.strip() + w for w in IMPLIED_WORDS.get(what, ()))):
        found = _exact(graph, variant, types)
        if found:
            return found
    found = _loose(graph, name, types)
    if found:
        return found
    try:
        return graph.resolve(name, types=types, what=what)
    except UnknownNameError as e:
        typed = _words(name)
        close = [s for s in e.suggestions if _share_a_word(_words(s), typed)]
        if not close and typed:
            wanted = graph.types_closure(types)
            for _iri, candidate, type_ in graph.label_index:
                if type_ in wanted and candidate not in close and _share_a_word(typed, _words(candidate)):
                    close.append(candidate)
                if len(close) >= 3:
                    break
        raise UnknownNameError(name, close, what) from None


def _grade(text: str, name: str) -> int:
    value = text.strip().upper().removeprefix("MRC").strip()
    if value.endswith(("+", "-")):
        value = value[:-1]
    if not value.isdigit() or not 0 <= int(value) <= 5:
        raise KGError(f"the strength of {name!r} takes an MRC grade 0–5 (e.g. '{name}=4'); got {text!r}")
    return int(value)


def _result_words(text: str) -> tuple[str, str]:
    """("straight leg raise", "positive") from "positive straight leg raise" or "SLR negative"."""
    words = text.strip()
    for result in ("positive", "negative"):
        if words.lower().startswith(result + " "):
            return words[len(result) + 1 :].strip(), result
        if words.lower().endswith(" " + result):
            return words[: -len(result) - 1].strip(), result
    return words, "positive"


class _Parser:
    def __init__(self, graph: AnatomyGraph, side: str | None, notes: list[str] | None = None) -> None:
        self.graph = graph
        self.side = side
        self.findings: list[Finding] = []
        self.notes = notes

    def add(self, kind: str, iri: str, abnormal: bool, state: str = "", grade: int | None = None, side=None) -> None:
        self.findings.append(Finding(kind, iri, self.graph.label(iri), abnormal, state, grade, side))

    def strength(self, text: str, weak: bool, side: str | None = None) -> None:
        name, side = split_side(text.partition("=")[0], side or self.side)
        value = text.partition("=")[2]
        grade = _grade(value, name) if value.strip() else None
        if grade == 5:
            weak = False
        try:
            actions = [resolve(self.graph, name, [ACTION], "action")]
        except UnknownNameError:
            actions = self._graded_actions(name)  # 'weak tibialis anterior', 'weak quadriceps'
            if not actions:
                if _exact(self.graph, name, MUSCLE_TYPES):
                    raise KGError(
                        f"{name!r} is a muscle that no bedside action is graded by; name the weak action instead "
                        "(e.g. 'hip external rotation'), see `anatomy-kg show` for its actions"
                    ) from None
                raise
        for iri in actions:
            self.add("weak" if weak else "normal", iri, weak, grade=grade if weak else None, side=side)

    def _graded_actions(self, name: str) -> list[str]:
        """The actions a clinician grades a named muscle or muscle group for (akg:clinicallyTestedBy), or []."""
        muscle = _exact(self.graph, name, MUSCLE_TYPES)
        if muscle is None:
            return []
        tested_by = model_of(self.graph).tested_by
        direct = {action: len(muscles) for action, muscles in tested_by.items() if muscle in muscles}
        if direct:  # the action it is graded for most specifically: EHL is great toe extension, not also toe extension
            fewest = min(direct.values())
            return sorted(action for action, n in direct.items() if n == fewest)
        # a group no action is graded by as a whole (hip flexors): the action most of its members are graded for
        from rdflib import URIRef  # here, not at the top: importing the reasoning needs no rdflib

        members = {
            str(row["m"])
            for row in self.graph.query("SELECT ?m WHERE { ?m obo:BFO_0000050 ?g . ?m a akg:Muscle }", g=URIRef(muscle))
        }
        counts = {action: len(muscles & members) for action, muscles in tested_by.items() if muscles & members}
        best = max(counts.values(), default=0)
        return sorted(action for action, n in counts.items() if n == best)

    def skin(self, text: str, numb: bool) -> None:
        name, side = split_side(text, self.side)
        iri = resolve(self.graph, name, [SKIN], "skin region")
        self.add("numb" if numb else "sensation", iri, numb, side=side)

    def reflex(self, name: str, state: str, side: str | None = None) -> None:
        name, side = split_side(name, side or self.side)
        key = state.strip().lower()
        if key not in REFLEX_STATES:
            raise KGError(f"reflex state {state!r} for {name!r} is not one of: {', '.join(REFLEX_STATES)}")
        iri = resolve(self.graph, name, [REFLEX], "reflex")
        self.add("reflex", iri, REFLEX_STATES[key] is not False, key, side=side)

    def test(self, text: str) -> None:
        name, sep, result = text.rpartition("=")
        if not sep:
            name, result = _result_words(text)
        key = result.strip().lower()
        if key not in TEST_RESULTS:
            raise KGError(f"a test result is positive or negative, e.g. 'FAIR test=positive'; got {text!r}")
        name, side = split_side(name, self.side)
        iri = resolve(self.graph, name, [TEST], "clinical test")
        self.add_test(iri, TEST_RESULTS[key], side)

    def add_test(self, iri: str, positive: bool, side: str | None) -> None:
        """A test's result. A test of an action's strength with no stored diagnostic accuracy (heel walking:
        ankle dorsiflexion) is read as that strength; one with a sensitivity and specificity (Trendelenburg)
        stays a test, weighed by them."""
        model = model_of(self.graph)
        actions = sorted(model.test_targets.get(iri, set()) & self.graph.entities_of_types([ACTION]))
        measured = any(se is not None and sp is not None for _c, se, sp in model.test_accuracy.get(iri, []))
        if actions and not measured:
            for action in actions:
                self.add("weak" if positive else "normal", action, positive, side=side)
            return
        self.add("test", iri, positive, "positive" if positive else "negative", side=side)

    def sign(self, text: str, present: bool) -> None:
        """A sign or symptom; also accepts a reflex, region, action, test, gait or wasting phrased as a sign."""
        name, side = split_side(text, self.side)
        wasting = WASTING.match(name) or MUSCLE_WASTING.match(name)
        graph = self.graph
        if wasting and not self._known(name, SIGN_TYPES):
            iri = resolve(graph, wasting.group("muscle"), MUSCLE_TYPES, "muscle")
            self.add("wasting", iri, present, side=side)
            return
        if self._known(name, SIGN_TYPES):
            self.add("sign", resolve(graph, name, SIGN_TYPES, "sign or symptom"), present, side=side)
            return
        test_name, result = _result_words(name)
        if test_name != name and self._known(test_name, [TEST]):  # "positive straight leg raise"
            self.add_test(resolve(graph, test_name, [TEST], "clinical test"), (result == "positive") == present, side)
            return
        for types, kind in (([SKIN], "skin"), ([REFLEX], "reflex"), ([ACTION], "action"), ([TEST], "test")):
            if self._known(name, types):
                iri = resolve(graph, name, types, kind)
                if kind == "skin" and "saddle" in name.lower():
                    side = "bilateral"  # saddle anaesthesia is perineal and perianal numbness on both sides
                if kind == "skin":
                    self.add("numb" if present else "sensation", iri, present, side=side)
                elif kind == "reflex":
                    self.add("reflex", iri, present, "reduced" if present else "normal", side=side)
                elif kind == "action":
                    self.add("weak" if present else "normal", iri, present, side=side)
                else:
                    self.add_test(iri, present, side)
                return
        if self._reflex_phrase(name, present, side) or self._weakness_phrase(name, present, side):
            return
        if self._sensory_symptom(name, present, side):  # 'tingling in the lateral thigh'
            return
        if self._known(name, [GAIT]):  # a gait is seen: the signs it presents with ('steppage gait': foot drop)
            shown = self._signs_of(resolve(graph, name, [GAIT], "gait"))
            if shown:
                for sign in shown:
                    self.add("sign", sign, present, side=side)
                return
        if self._known(name, [DYSFUNCTION]):  # a diagnosis is not a finding: its signs are not all present
            iri = resolve(graph, name, [DYSFUNCTION], "dysfunction")
            signs = sorted(graph.label(s) for s in self._signs_of(iri))
            examples = f", e.g. {', '.join(repr(x) for x in signs[:3])}" if signs else ""
            raise KGError(
                f"{name!r} names a diagnosis ({graph.label(iri)}), not a finding: record what was found{examples}"
            )
        self._refuse_phrase(name)
        resolve(graph, name, SIGN_TYPES, "sign or symptom")  # raises with suggestions of signs

    def _signs_of(self, dysfunction: str) -> list[str]:
        """The signs and symptoms a dysfunction presents with."""
        graph = self.graph
        return sorted(model_of(graph).presents_with.get(dysfunction, set()) & graph.entities_of_types(SIGN_TYPES))

    def _refuse_phrase(self, name: str) -> None:
        """A reflex or weakness phrase whose name is misspelt is refused with names of its kind: 'absent ankle
        refelx' → did you mean 'ankle reflex'; 'weakness of ankle dorsiflexon' → 'ankle dorsiflexion'."""
        reflex = REFLEX_PHRASE.match(name.strip())
        if reflex:
            said = (reflex.group("name") or reflex.group("name2")).strip()
            if _share_a_word(set(re.findall(r"[a-z]+", said.lower())), {"reflex", "jerk"}):
                resolve(self.graph, said, [REFLEX], "reflex")
        weakness = WEAKNESS_PHRASE.match(name.strip())
        if weakness:
            said = (weakness.group("name") or weakness.group("name2")).strip()
            resolve(self.graph, said, [ACTION, *MUSCLE_TYPES], "action or muscle")

    def _reflex_phrase(self, name: str, present: bool, side: str | None) -> bool:
        """'absent ankle reflex' → the Achilles reflex, absent; given as absent (not found), the reflex is normal."""
        match = REFLEX_PHRASE.match(name.strip())
        if match is None:
            return False
        reflex = (match.group("name") or match.group("name2")).strip()
        if not self._known(reflex, [REFLEX]):
            return False
        state = (match.group("state") or match.group("state2")).lower()
        self.reflex(reflex, state if present else "normal", side)
        return True

    def _weakness_phrase(self, name: str, present: bool, side: str | None) -> bool:
        """'weakness of great toe extension', 'quadriceps weakness' → that action (or the muscle's graded actions)."""
        match = WEAKNESS_PHRASE.match(name.strip())
        if match is None:
            return False
        what = (match.group("name") or match.group("name2")).strip()
        if not (self._known(what, [ACTION]) or self._graded_actions(what)):
            return False
        self.strength(what, present, side)
        return True

    def _sensory_symptom(self, name: str, present: bool, side: str | None) -> bool:
        """'tingling in the lateral thigh' → paraesthesia over that region; 'numbness of the sole' → numb there."""
        if BARE_SENSORY.match(name.strip()):
            message = (
                f"{name!r} does not say where it is felt, and where is what localizes it: write e.g. "
                f"'{name.strip()} in the lateral thigh' (a skin region from `anatomy-kg search`)"
            )
            if self.notes is None:
                raise KGError(message)
            self.notes.append(f"left out: {message}")
            return True
        match = SENSORY_SYMPTOM.match(name) or REGION_SYMPTOM.match(name)
        if match is None:
            return False
        said_as_a_sign = f"{match.group('region').strip()} {match.group('what').strip()}"
        if said_as_a_sign != name and self._known(said_as_a_sign, SIGN_TYPES):
            # 'pain in the groin' is the sign 'groin pain', with what the graph says presents with it
            self.add("sign", resolve(self.graph, said_as_a_sign, SIGN_TYPES, "sign or symptom"), present, side=side)
            return True
        try:
            iri = resolve(self.graph, match.group("region").strip(), [SKIN], "skin region")
        except UnknownNameError:
            return False
        if re.fullmatch(_NUMB_WORDS, match.group("what"), re.IGNORECASE):
            self.add("numb" if present else "sensation", iri, present, side=side)
        else:
            self.add("paraesthesia", iri, present, side=side)
        return True

    def _known(self, name: str, types: Sequence[str]) -> bool:
        try:
            self.graph.resolve(name, types=types)
        except UnknownNameError:
            return _loose(self.graph, name, types) is not None
        return True


def parse_findings(
    graph: AnatomyGraph,
    weak: Sequence[str] = (),
    normal: Sequence[str] = (),
    numb: Sequence[str] = (),
    reflexes: Mapping[str, str] | None = None,
    signs: Sequence[str] = (),
    absent: Sequence[str] = (),
    normal_sensation: Sequence[str] = (),
    tests: Sequence[str] = (),
    side: str | None = None,
    notes: list[str] | None = None,
) -> list[Finding]:
    """Resolve every finding; refuse contradictions (an action both weak and normal).

    A symptom that says no place ('tingling') is refused, or, when `notes` is a list, left out with
    a note there saying why and what to write instead.
    """
    if side is not None and side not in SIDES:
        raise KGError(f"side {side!r} is not one of: {', '.join(SIDES)}")
    parser = _Parser(graph, side, notes)
    for text in weak:
        parser.strength(text, True)
    for text in normal:
        parser.strength(text, False)
    for text in numb:
        parser.skin(text, True)
    for text in normal_sensation:
        parser.skin(text, False)
    for name, state in (reflexes or {}).items():
        parser.reflex(name, state)
    for text in signs:
        parser.sign(text, True)
    for text in absent:
        parser.sign(text, False)
    for text in tests:
        parser.test(text)
    seen: dict[tuple[str, str, str | None], Finding] = {}
    opposite = {"weak": "normal", "normal": "weak", "numb": "sensation", "sensation": "numb"}
    for f in parser.findings:
        other = opposite.get(f.kind)
        if other and (other, f.iri, f.side) in seen:
            what = "weak and normal" if f.kind in ("weak", "normal") else "numb and of normal sensation"
            raise KGError(f"{f.label!r} is given as both {what}")
        key = (f.kind, f.iri, f.side)
        if f.kind in ("sign", "wasting", "test") and key in seen and seen[key].abnormal != f.abnormal:
            raise KGError(f"{f.label!r} is given as both present and absent")
        seen[key] = f
    return list(seen.values())

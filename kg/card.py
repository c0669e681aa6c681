"""Group an entity card's facts into the sections a reader expects (attachments, innervation, …)."""

from __future__ import annotations

from typing import Any

from kg.graph import EntityCard
from kg.vocab import AKG, RO

__all__ = [
    "KIND_WORDING",
    "MAJORITY",
    "SECTIONS",
    "WORDING",
    "card_lines",
    "card_sections",
    "key_facts",
    "kind_words",
    "ordered_sources",
    "position_prefix",
    "qualified_value",
    "relation_words",
    "section_of_fact",
    "section_of_kind",
    "source_tiers",
]

# section title → (relations listed there, in either direction; kinds of graded facts listed there)
SECTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Attachments": (
        frozenset(map(str, (RO.has_muscle_origin, RO.has_muscle_insertion, AKG.attachesTo, AKG.liesBetween))),
        frozenset(),
    ),
    "Innervation": (
        frozenset(map(str, (RO.innervated_by, AKG.receivesFibresFrom, RO.branching_part_of, AKG.keyMuscleOf))),
        frozenset({"segmental innervation", "root value"}),
    ),
    "Reflexes and skin": (
        frozenset(
            map(str, (AKG.reflexSegment, AKG.keySegment, AKG.reflexNerve, AKG.reflexMuscle, AKG.sensoryTerritory))
        ),
        frozenset(),
    ),
    "Blood supply": (
        frozenset(map(str, (RO.vessel_supplies_blood_to, RO.connecting_branch_of, AKG.anastomosesWith))),
        frozenset(),
    ),
    "Actions": (frozenset(map(str, (AKG.atJoint, AKG.opposes, AKG.keyActionOf))), frozenset({"action role"})),
    "Antagonists and synergists": (
        frozenset(map(str, (RO.has_muscle_antagonist, AKG.synergist, AKG.inhibits))),
        frozenset(),
    ),
    "Dysfunctions": (
        frozenset(
            map(
                str,
                (
                    RO.has_basis_in_dysfunction_of,
                    AKG.compresses,
                    AKG.leadsTo,
                    AKG.presentsWith,
                    AKG.mimics,
                    AKG.indicatesWeaknessOf,
                ),
            )
        ),
        frozenset(),
    ),
    "Tests": (frozenset({str(AKG.assessedBy)}), frozenset({"test accuracy"})),
    "Exercises and treatment": (frozenset(map(str, (AKG.targets, AKG.treatedBy))), frozenset({"muscle activation"})),
}


def section_of_fact(fact: dict[str, Any]) -> str:
    """The card section a relation fact belongs in ('Other' when none lists its relation)."""
    return next((title for title, (properties, _kinds) in SECTIONS.items() if fact["property"] in properties), "Other")


def section_of_kind(kind: str) -> str:
    """The card section a kind of graded fact belongs in."""
    return next((title for title, (_properties, kinds) in SECTIONS.items() if kind in kinds), "Other")


def qualified_value(fact: dict[str, Any]) -> str:
    """What a graded fact says: 'major', 'prime mover (anterior fibres)', 'sensitivity 0.81, specificity 0.82'."""
    kind = fact["kind"]
    if kind == "action role":
        return (fact.get("value") or "role") + (f" ({fact['detail']})" if fact.get("detail") else "")
    if kind == "test accuracy":
        parts = []
        if fact.get("number1") is not None:
            parts.append(f"sensitivity {fact['number1']:.2f}")
        if fact.get("number2") is not None:
            parts.append(f"specificity {fact['number2']:.2f}")
        return ", ".join(parts) or "accuracy not reported"
    if kind == "muscle activation":
        if fact.get("number1") is not None:
            return f"{fact['number1']:.0f}% MVIC"
        return fact.get("value") or "activation reported"
    return fact.get("value") or ""


def fact_phrase(fact: dict[str, Any]) -> str:
    """'has muscle insertion → greater trochanter' or '← innervated by: gluteus medius'."""
    if fact["direction"] == "out":
        return f"{fact['property_label']} → {fact['other_label']}"
    return f"← {fact['property_label']}: {fact['other_label']}"


def qualified_phrase(fact: dict[str, Any], entity_id: str) -> str:
    """One graded fact, read from the entity's side: 'L5 spinal nerve: major' or 'gluteus medius (major)'."""
    here_is_subject = fact["subject"] == entity_id
    other = fact["object_label"] if here_is_subject else fact["subject_label"]
    if fact["kind"] == "segmental innervation" and not here_is_subject:
        return f"{other} ({qualified_value(fact)})"
    return f"{other}: {qualified_value(fact)}"


def card_sections(card: EntityCard, tiers: dict[str, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Section title → items {'text', 'sources', 'notes', 'other', 'other_label'} in reading order; 'Other' last.

    One item per fact and position, in plain words ('innervated by superior gluteal nerve',
    'receives fibres from L5 spinal nerve: major'), with every source that states it (tier A first).
    """
    return {
        title: [
            {
                "text": position_prefix(position.get("status_label"))
                + line["text"]
                + (f": {position['value']}" if position["value"] is not None else ""),
                "sources": position["sources"],
                "notes": position["notes"],
                "other": line["other"],
                "other_label": line["other_label"],
                "status": position.get("status"),
            }
            for line in lines
            for position in line["positions"]
        ]
        for title, lines in card_lines(card, tiers).items()
    }


MAJORITY = "https://w3id.org/anatomy-kg/ontology#majority"  # a status that states the fact itself


def position_prefix(status_label: str | None) -> str:
    """'a minority position: ', 'an outlier position: ', 'a disputed position: '; '' for the majority."""
    if not status_label or status_label == "majority":
        return ""
    article = "an" if status_label[0] in "aeiou" else "a"
    return f"{article} {status_label} position: "


# ---------------------------------------------------------------------------- wording and grouping (app and CLI)
_A = "https://w3id.org/anatomy-kg/ontology#"
_O = "http://purl.obolibrary.org/obo/"

# relation IRI → (words read from the subject's card, words read from the object's card)
WORDING: dict[str, tuple[str, str]] = {
    f"{_O}RO_0002372": ("arises from", "gives origin to"),
    f"{_O}RO_0002373": ("inserts on", "receives the insertion of"),
    f"{_O}RO_0002005": ("is innervated by", "innervates"),
    f"{_O}RO_0002568": ("has as antagonist", "is an antagonist of"),
    f"{_O}RO_0002380": ("is a branch of", "gives off"),
    f"{_O}RO_0002252": ("is a branch of", "gives off"),
    f"{_O}RO_0020101": ("supplies blood to", "is supplied by"),
    f"{_O}RO_0004020": ("is caused by dysfunction of", "when dysfunctional causes"),
    f"{_O}BFO_0000050": ("is part of", "has part"),
    f"{_A}receivesFibresFrom": ("receives fibres from", "sends fibres to"),
    f"{_A}receivesSegment": ("receives segment", "is a segment of"),
    f"{_A}hasAction": ("performs", "performed by"),
    f"{_A}assessedBy": ("is assessed by", "assesses"),
    f"{_A}treatedBy": ("is treated by", "treats"),
    f"{_A}targets": ("targets", "is targeted by"),
    f"{_A}targetedBy": ("is targeted by", "targets"),
    f"{_A}presentsWith": ("presents with", "is seen in"),
    f"{_A}anastomosesWith": ("anastomoses with", "anastomoses with"),
    f"{_A}attachesTo": ("attaches to", "gives attachment to"),
    f"{_A}synergist": ("works with", "works with"),
    f"{_A}sensoryTerritory": ("supplies the skin of", "has its skin supplied by"),
    f"{_A}leadsTo": ("leads to", "results from"),
    f"{_A}atJoint": ("occurs at", "moves in"),
    f"{_A}opposes": ("opposes", "is opposed by"),
    f"{_A}keyActionOf": ("is the key action of", "has as key action"),
    f"{_A}keyMuscleOf": ("is the key muscle of", "has as key muscle"),
    f"{_A}keySegment": ("has as key segment", "is the key segment of"),
    f"{_A}reflexSegment": ("tests segment", "is tested by the reflex"),
    f"{_A}reflexMuscle": ("tests muscle", "is tested by the reflex"),
    f"{_A}reflexNerve": ("reflex carried by", "carries the reflex"),
    f"{_A}indicatesWeaknessOf": ("indicates weakness of", "when weak shows as"),
    f"{_A}passesThrough": ("passes through", "passage for"),
    f"{_A}compresses": ("compresses", "is compressed by"),
    f"{_A}mimics": ("mimics", "is mimicked by"),
    f"{_A}inhibits": ("inhibits", "is inhibited by"),
    f"{_A}liesBetween": ("lies between", "flanks"),
    f"{_A}contains": ("contains", "lies in"),
    f"{_A}limitsMotion": ("limits", "is limited by"),
    f"{_A}clinicallyTestedBy": ("graded clinically on", "graded for"),
    f"{_A}segmentalInnervation": ("receives fibres from", "supplies"),
    f"{_A}actionRole": ("acts in", "is performed by"),
}
# kind of graded fact → (words from the subject's card, words from the object's card)
KIND_WORDING: dict[str, tuple[str, str]] = {
    "segmental innervation": ("receives fibres from", "supplies"),
    "root value": ("carries fibres from", "sends fibres to"),
    "action role": ("acts in", "is performed by"),
    "test accuracy": ("accuracy for", "accuracy of"),
    "muscle activation": ("is activated by", "activates"),
}
TIER_ORDER = {"A": 0, "B": 1, "C": 2, "S": 3}


def relation_words(prop: str, label: str, direction: str) -> str:
    """Plain words for a relation read from this card's side ('innervated by', 'supplied by'); else its label."""
    words = WORDING.get(prop)
    if words is None:
        return label if direction == "out" else f"{label} (from)"
    return words[0] if direction == "out" else words[1]


def wording_by_label(graph: Any) -> dict[str, tuple[str, str]]:
    """A relation's name in the ontology ('disease has basis in dysfunction of') → its plain words from WORDING.

    For results that carry a relation's label rather than its IRI (kg.reasoning.trace).
    """
    values = " ".join(f"<{prop}>" for prop in WORDING)
    rows = graph.query(f"SELECT ?p ?label WHERE {{ VALUES ?p {{ {values} }} ?p rdfs:label ?label }}")
    return {str(row["label"]): WORDING[str(row["p"])] for row in rows}


def kind_words(kind: str, direction: str) -> str:
    """Plain words for a kind of graded fact read from this card's side."""
    words = KIND_WORDING.get(kind, (kind, f"{kind} (from)"))
    return words[0] if direction == "out" else words[1]


def source_tiers(graph: Any) -> dict[str, str]:
    """Source IRI → its tier ('A', 'B', 'C', 'S' seed, 'U' unsourced), read once per graph."""
    return graph.source_tiers


def ordered_sources(sources: list[dict[str, str]], tiers: dict[str, str] | None = None) -> list[dict[str, str]]:
    """Sources with their tier, tier A first, then B, C and untiered; by IRI within a tier."""
    tiers = tiers or {}
    out = [{**s, "tier": tiers.get(s["id"], "")} for s in sources]
    return sorted(out, key=lambda s: (TIER_ORDER.get(s["tier"], 9), s["id"]))


def _relation_line(
    fact: dict[str, Any], words: str, status: str | None = None, status_label: str | None = None
) -> dict[str, Any]:
    """One card line for a relation fact (status None) or a non-majority position on a relation."""
    return {
        "words": words,
        "relation": fact["property_label"],
        "direction": fact["direction"],
        "other": fact["other"],
        "other_label": fact["other_label"],
        "text": f"{words} {fact['other_label']}",
        "contested": status is not None,
        "positions": [
            {
                "value": None,
                "sources": list(fact["sources"]),
                "notes": list(fact["notes"]),
                "status": status,
                "status_label": status_label,
            }
        ],
    }


def card_lines(card: EntityCard, tiers: dict[str, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Section title → lines in reading order; one line per relation and other entity, 'Other' last.

    Line: {"words", "relation", "direction", "other", "other_label", "text", "contested",
    "positions": [{"value", "sources": [{"id","label","tier"}] (tier A first), "notes"}]}. A plain fact has
    one position whose value is None; a graded fact that sources grade differently has one position per
    grade, each with every source that gives it ("contested").
    """
    sections: dict[str, list[dict[str, Any]]] = {title: [] for title in [*SECTIONS, "Other"]}
    said: dict[tuple[str, str, str], dict[str, Any]] = {}
    for fact in card.facts:
        words = relation_words(fact["property"], fact["property_label"], fact["direction"])
        title = section_of_fact(fact)
        known = said.get((title, words, fact["other"]))
        if known is not None:  # a symmetric relation read both ways ('anastomoses with'): one line, every source
            position = known["positions"][0]
            position["sources"] += [s for s in fact["sources"] if s not in position["sources"]]
            position["notes"] += [n for n in fact["notes"] if n not in position["notes"]]
            continue
        line = _relation_line(fact, words)
        said[(title, words, fact["other"])] = line
        sections[title].append(line)
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for fact in card.qualified:
        here_is_subject = fact["subject"] == card.id
        direction = "out" if here_is_subject else "in"
        other = fact["object"] if here_is_subject else fact["subject"]
        other_label = fact["object_label"] if here_is_subject else fact["subject_label"]
        key = (fact["kind"], fact["subject"], fact["object"])
        line = grouped.get(key)
        if line is None:
            words = kind_words(fact["kind"], direction)
            line = {
                "words": words,
                "relation": fact["kind"],
                "direction": direction,
                "other": other,
                "other_label": other_label,
                "text": f"{words} {other_label}",
                "contested": False,
                "positions": [],
            }
            grouped[key] = line
            sections[section_of_kind(fact["kind"])].append(line)
        value = qualified_value(fact)
        status = fact.get("status") if fact.get("status") not in (None, "", MAJORITY) else None
        position = next((p for p in line["positions"] if (p["value"], p["status"]) == (value, status)), None)
        if position is None:
            position = {
                "value": value,
                "sources": [],
                "notes": [],
                "status": status,
                "status_label": fact.get("status_label") if status else None,
            }
            line["positions"].append(position)
        for source in fact["sources"]:
            if all(s["id"] != source["id"] for s in position["sources"]):
                position["sources"].append(source)
        for note in fact["notes"]:
            if note not in position["notes"]:
                position["notes"].append(note)
    for fact in card.positions:  # non-majority positions on relations: kept, never asserted as the fact
        words = relation_words(fact["property"], fact["property_label"], fact["direction"])
        sections[section_of_fact(fact)].append(_relation_line(fact, words, fact["status"], fact["status_label"]))
    for lines in sections.values():
        for line in lines:
            line["contested"] = line["contested"] or len(line["positions"]) > 1
            line["positions"].sort(key=lambda p: p["status"] is not None)  # the majority first
            for position in line["positions"]:
                position["sources"] = ordered_sources(position["sources"], tiers)
        # majority facts first, then the positions that are not the fact, each in reading order
        lines.sort(key=lambda x: (x["positions"][0]["status"] is not None, x["words"], x["other_label"].lower()))
    return {title: lines for title, lines in sections.items() if lines}


_ROLE_RANK = {"prime mover": 0, "stabiliser": 1, "assistant": 2}


def _labels(card: EntityCard, prop: str, direction: str) -> list[dict[str, str]]:
    return sorted(
        (
            {"id": f["other"], "label": f["other_label"]}
            for f in card.facts
            if f["property"] == prop and f["direction"] == direction
        ),
        key=lambda x: x["label"].lower(),
    )


def _root_grades(card: EntityCard) -> dict[str, set[str]]:
    grades: dict[str, set[str]] = {}
    for q in card.qualified:
        if q.get("status") not in (None, "", MAJORITY):
            continue  # a minority or outlier grade is not a key fact
        if q["kind"] == "segmental innervation" and q["subject"] == card.id:
            grades.setdefault(q["object_label"], set()).add(q.get("value") or "")
    return grades


def _root_text(grades: dict[str, set[str]]) -> str:
    def name(label: str) -> str:
        return label.replace(" spinal nerve", "")

    major = sorted(name(r) for r, g in grades.items() if "major" in g)
    minor = sorted(name(r) for r, g in grades.items() if "major" not in g and "minor" in g)
    contested = {name(r) for r, g in grades.items() if len(g) > 1}
    parts = []
    if major:
        parts.append(", ".join(r + ("*" if r in contested else "") for r in major) + " (major)")
    if minor:
        parts.append(", ".join(r + ("*" if r in contested else "") for r in minor) + " (minor)")
    text = "; ".join(parts)
    if contested:
        text += " — * graded differently by sources"
    return text


def key_facts(card: EntityCard, types: Any = ()) -> list[tuple[str, list[dict[str, str]]]]:
    """The five-line summary a reference opens with, as (heading, [{"id", "label"}]) pairs; empty rows left out.

    Muscle: origin, insertion, nerve (with its roots), artery, main actions. Nerve: roots, branch of, branches,
    muscles, skin. Spinal root: key muscle, key action, reflex, dermatome. `types` are the entity's classes
    with their superclasses (`graph.class_ancestors[card.type]`).
    """
    kinds = {str(t).rsplit("#", 1)[-1] for t in (*types, card.type)}
    rows: list[tuple[str, list[dict[str, str]]]] = []
    if "Muscle" in kinds:
        roots = _root_text(_root_grades(card))
        nerves = _labels(card, f"{_O}RO_0002005", "out")
        if roots:
            nerves = [*nerves, {"id": "", "label": f"roots {roots}"}]
        actions: dict[str, tuple[int, dict[str, str]]] = {}
        for q in card.qualified:
            if q["kind"] == "action role" and q["subject"] == card.id and q.get("status") in (None, "", MAJORITY):
                rank = _ROLE_RANK.get(q.get("value") or "", 9)
                if rank == 0 and (q["object"] not in actions or rank < actions[q["object"]][0]):
                    actions[q["object"]] = (rank, {"id": q["object"], "label": q["object_label"]})
        rows = [
            ("Origin", _labels(card, f"{_O}RO_0002372", "out")),
            ("Insertion", _labels(card, f"{_O}RO_0002373", "out")),
            ("Nerve", nerves),
            ("Artery", _labels(card, f"{_O}RO_0020101", "in")),
            ("Main actions", sorted((a for _, a in actions.values()), key=lambda x: x["label"].lower())),
        ]
    elif "SpinalNerve" in kinds:
        rows = [
            ("Key muscle", _labels(card, f"{_A}keyMuscleOf", "in")),
            ("Key action", _labels(card, f"{_A}keyActionOf", "in")),
            ("Reflex", _labels(card, f"{_A}reflexSegment", "in")),
            ("Dermatome", _labels(card, f"{_A}sensoryTerritory", "out")),
        ]
    elif "Nerve" in kinds or "Plexus" in kinds:
        rows = [
            ("Roots", _labels(card, f"{_A}receivesFibresFrom", "out")),
            ("Branch of", _labels(card, f"{_O}RO_0002380", "out") + _labels(card, f"{_O}RO_0002252", "out")),
            ("Branches", _labels(card, f"{_O}RO_0002380", "in") + _labels(card, f"{_O}RO_0002252", "in")),
            ("Muscles", _labels(card, f"{_O}RO_0002005", "in")),
            ("Skin", _labels(card, f"{_A}sensoryTerritory", "out")),
        ]
    return [(heading, items) for heading, items in rows if items]

"""Group an entity card's facts into the sections a reader expects (attachments, innervation, …)."""

from __future__ import annotations

from typing import Any

from kg.graph import EntityCard
from kg.vocab import AKG, RO

__all__ = [
    "MAJORITY",
    "SECTIONS",
    "card_sections",
    "position_prefix",
    "qualified_value",
    "section_of_fact",
    "section_of_kind",
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


MAJORITY = "https://w3id.org/anatomy-kg/ontology#majority"  # a status that states the fact itself


def position_prefix(status_label: str | None) -> str:
    """'a minority position: ', 'an outlier position: ', 'a disputed position: '; '' for the majority."""
    if not status_label or status_label == "majority":
        return ""
    article = "an" if status_label[0] in "aeiou" else "a"
    return f"{article} {status_label} position: "


def card_sections(card: EntityCard) -> dict[str, list[dict[str, Any]]]:
    """Section title → items {'text', 'sources', 'notes', 'other', 'other_label', 'status'} in reading order.

    Majority facts come first in each section; minority, disputed and outlier positions (not asserted as facts)
    follow in the same section, their text starting 'a minority position: …'. 'Other' is last.
    """
    sections: dict[str, list[dict[str, Any]]] = {title: [] for title in [*SECTIONS, "Other"]}
    others: dict[str, list[dict[str, Any]]] = {title: [] for title in sections}
    for fact in card.facts:
        sections[section_of_fact(fact)].append(
            {
                "text": fact_phrase(fact),
                "sources": fact["sources"],
                "notes": fact["notes"],
                "other": fact["other"],
                "other_label": fact["other_label"],
                "status": None,
            }
        )
    for fact in card.qualified:
        title = section_of_kind(fact["kind"])
        other = fact["object"] if fact["subject"] == card.id else fact["subject"]
        other_label = fact["object_label"] if fact["subject"] == card.id else fact["subject_label"]
        status = fact.get("status") if fact.get("status") != MAJORITY else None
        (others if status else sections)[title].append(
            {
                "text": position_prefix(fact.get("status_label") if status else None)
                + f"{fact['kind']}: {qualified_phrase(fact, card.id)}",
                "sources": fact["sources"],
                "notes": fact["notes"],
                "other": other,
                "other_label": other_label,
                "status": status,
            }
        )
    for fact in card.positions:
        others[section_of_fact(fact)].append(
            {
                "text": position_prefix(fact["status_label"]) + fact_phrase(fact),
                "sources": fact["sources"],
                "notes": fact["notes"],
                "other": fact["other"],
                "other_label": fact["other_label"],
                "status": fact["status"],
            }
        )
    return {t: items + others[t] for t, items in sections.items() if items or others[t]}

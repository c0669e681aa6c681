"""Group an entity card's facts into the sections a reader expects (attachments, innervation, …)."""

from __future__ import annotations

from typing import Any

from kg.graph import EntityCard
from kg.vocab import AKG, RO

__all__ = ["SECTIONS", "card_sections"]

# section title → (properties read outward, properties read inward, qualified kinds)
SECTIONS: dict[str, tuple[set[str], set[str], set[str]]] = {
    "Attachments": (
        {str(RO.has_muscle_origin), str(RO.has_muscle_insertion), str(AKG.attachesTo), str(AKG.liesBetween)},
        {str(RO.has_muscle_origin), str(RO.has_muscle_insertion), str(AKG.attachesTo), str(AKG.liesBetween)},
        set(),
    ),
    "Innervation": (
        {str(RO.innervated_by), str(AKG.receivesFibresFrom), str(RO.branching_part_of), str(AKG.keyMuscleOf)},
        {str(RO.innervated_by), str(AKG.receivesFibresFrom), str(RO.branching_part_of), str(AKG.keyMuscleOf)},
        {"segmental innervation"},
    ),
    "Reflexes and skin": (
        {
            str(AKG.reflexSegment),
            str(AKG.keySegment),
            str(AKG.reflexNerve),
            str(AKG.reflexMuscle),
            str(AKG.sensoryTerritory),
        },
        {
            str(AKG.reflexSegment),
            str(AKG.keySegment),
            str(AKG.reflexNerve),
            str(AKG.reflexMuscle),
            str(AKG.sensoryTerritory),
        },
        set(),
    ),
    "Blood supply": (
        {str(RO.vessel_supplies_blood_to), str(RO.connecting_branch_of), str(AKG.anastomosesWith)},
        {str(RO.vessel_supplies_blood_to), str(RO.connecting_branch_of), str(AKG.anastomosesWith)},
        set(),
    ),
    "Actions": (
        {str(AKG.atJoint), str(AKG.opposes), str(AKG.keyActionOf)},
        {str(AKG.atJoint), str(AKG.opposes), str(AKG.keyActionOf)},
        {"action role"},
    ),
    "Antagonists and synergists": (
        {str(RO.has_muscle_antagonist), str(AKG.synergist), str(AKG.inhibits)},
        {str(RO.has_muscle_antagonist), str(AKG.synergist), str(AKG.inhibits)},
        set(),
    ),
    "Dysfunctions": (
        {
            str(RO.has_basis_in_dysfunction_of),
            str(AKG.compresses),
            str(AKG.leadsTo),
            str(AKG.presentsWith),
            str(AKG.mimics),
            str(AKG.indicatesWeaknessOf),
        },
        {
            str(RO.has_basis_in_dysfunction_of),
            str(AKG.compresses),
            str(AKG.leadsTo),
            str(AKG.presentsWith),
            str(AKG.mimics),
            str(AKG.indicatesWeaknessOf),
        },
        set(),
    ),
    "Tests": ({str(AKG.assessedBy)}, {str(AKG.assessedBy)}, {"test accuracy"}),
    "Exercises and treatment": (
        {str(AKG.targets), str(AKG.treatedBy)},
        {str(AKG.targets), str(AKG.treatedBy)},
        {"muscle activation"},
    ),
}


def fact_phrase(fact: dict[str, Any]) -> str:
    """'has muscle insertion → greater trochanter' or '← innervated by: gluteus medius'."""
    if fact["direction"] == "out":
        return f"{fact['property_label']} → {fact['other_label']}"
    return f"← {fact['property_label']}: {fact['other_label']}"


def qualified_phrase(fact: dict[str, Any], entity_id: str) -> str:
    """One graded fact, read from the entity's side."""
    kind = fact["kind"]
    here_is_subject = fact["subject"] == entity_id
    other = fact["object_label"] if here_is_subject else fact["subject_label"]
    if kind == "segmental innervation":
        return f"{other}: {fact['value']}" if here_is_subject else f"{other} ({fact['value']})"
    if kind == "action role":
        fibres = f", {fact['detail']}" if fact.get("detail") else ""
        return f"{other}: {fact['value']}{fibres}"
    if kind == "test accuracy":
        parts = []
        if fact.get("number1") is not None:
            parts.append(f"Sn {fact['number1']:.2f}")
        if fact.get("number2") is not None:
            parts.append(f"Sp {fact['number2']:.2f}")
        return f"{other}: {', '.join(parts) or 'accuracy not reported'}"
    if kind == "muscle activation":
        level = (
            f"{fact['number1']:.0f}% MVIC" if fact.get("number1") is not None else (fact.get("value") or "activation")
        )
        return f"{other}: {level}"
    return other


def card_sections(card: EntityCard) -> dict[str, list[dict[str, Any]]]:
    """Section title → items {'text', 'sources', 'notes', 'other', 'other_label'} in reading order; 'Other' last."""
    sections: dict[str, list[dict[str, Any]]] = {title: [] for title in [*SECTIONS, "Other"]}
    for fact in card.facts:
        title = next(
            (
                t
                for t, (out, inward, _q) in SECTIONS.items()
                if fact["property"] in (out if fact["direction"] == "out" else inward)
            ),
            "Other",
        )
        sections[title].append(
            {
                "text": fact_phrase(fact),
                "sources": fact["sources"],
                "notes": fact["notes"],
                "other": fact["other"],
                "other_label": fact["other_label"],
            }
        )
    for fact in card.qualified:
        title = next((t for t, (_o, _i, kinds) in SECTIONS.items() if fact["kind"] in kinds), "Other")
        other = fact["object"] if fact["subject"] == card.id else fact["subject"]
        other_label = fact["object_label"] if fact["subject"] == card.id else fact["subject_label"]
        sections[title].append(
            {
                "text": f"{fact['kind']}: {qualified_phrase(fact, card.id)}",
                "sources": fact["sources"],
                "notes": fact["notes"],
                "other": other,
                "other_label": other_label,
            }
        )
    return {t: items for t, items in sections.items() if items}

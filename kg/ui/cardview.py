"""An entity card arranged for reading: sections of facts, each with its positions and their sources.

Pure functions (no streamlit), so the grouping is tested without a page. A graded fact that
sources state differently (e.g. L4 supply of gluteus medius: "minor" in one, "absent" in
another) is one entry with several positions and `contested=True`; nothing is picked silently.
"""

from __future__ import annotations

from typing import Any

from kg.card import MAJORITY, SECTIONS, position_prefix, qualified_value, section_of_fact, section_of_kind
from kg.graph import EntityCard
from kg.ui.escape import md

__all__ = ["COMPARE_ASPECTS", "compare_table", "grouped_sections", "md"]


def _merge_sources(into: list[dict[str, str]], more: list[dict[str, str]]) -> None:
    for source in more:
        if all(s["id"] != source["id"] for s in into):
            into.append(source)


def grouped_sections(card: EntityCard) -> dict[str, list[dict[str, Any]]]:
    """Section title → entries in reading order; sections without entries are left out, 'Other' last.

    Entry: {"relation", "direction" ("out"|"in"), "other", "other_label", "contested",
    "positions": [{"value", "sources": [{"id","label"}], "notes": [str]}]}. A plain fact has one
    position whose value is None.
    """
    sections: dict[str, list[dict[str, Any]]] = {title: [] for title in [*SECTIONS, "Other"]}
    for fact in card.facts:
        sections[section_of_fact(fact)].append(
            {
                "relation": fact["property_label"],
                "direction": fact["direction"],
                "other": fact["other"],
                "other_label": fact["other_label"],
                "contested": False,
                "positions": [{"value": None, "sources": list(fact["sources"]), "notes": list(fact["notes"])}],
            }
        )
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for fact in card.qualified:
        here_is_subject = fact["subject"] == card.id
        other = fact["object"] if here_is_subject else fact["subject"]
        other_label = fact["object_label"] if here_is_subject else fact["subject_label"]
        key = (fact["kind"], fact["subject"], fact["object"])
        entry = grouped.get(key)
        if entry is None:
            entry = {
                "relation": fact["kind"],
                "direction": "out" if here_is_subject else "in",
                "other": other,
                "other_label": other_label,
                "contested": False,
                "positions": [],
            }
            grouped[key] = entry
            sections[section_of_kind(fact["kind"])].append(entry)
        status = fact.get("status") if fact.get("status") != MAJORITY else None
        value = position_prefix(fact.get("status_label") if status else None) + qualified_value(fact)
        position = next((p for p in entry["positions"] if p["value"] == value), None)
        if position is None:
            position = {"value": value, "sources": [], "notes": []}
            entry["positions"].append(position)
        _merge_sources(position["sources"], fact["sources"])
        for note in fact["notes"]:
            if note not in position["notes"]:
                position["notes"].append(note)
    for fact in card.positions:  # minority / disputed / outlier positions on relations, not asserted as facts
        sections[section_of_fact(fact)].append(
            {
                "relation": fact["property_label"],
                "direction": fact["direction"],
                "other": fact["other"],
                "other_label": fact["other_label"],
                "contested": False,
                "positions": [
                    {
                        "value": position_prefix(fact["status_label"]).rstrip(": "),
                        "sources": list(fact["sources"]),
                        "notes": list(fact["notes"]),
                    }
                ],
            }
        )
    for entries in sections.values():
        for entry in entries:
            entry["contested"] = len(entry["positions"]) > 1
        entries.sort(key=lambda e: (e["relation"], e["direction"], e["other_label"].lower()))
    return {title: entries for title, entries in sections.items() if entries}


# aspect → how to read it from a card: ("fact", direction, property IRI) or ("qualified", kind)
COMPARE_ASPECTS: list[tuple[str, tuple[str, ...]]] = [
    ("Origin", ("fact", "out", "http://purl.obolibrary.org/obo/RO_0002372")),
    ("Insertion", ("fact", "out", "http://purl.obolibrary.org/obo/RO_0002373")),
    ("Nerve", ("fact", "out", "http://purl.obolibrary.org/obo/RO_0002005")),
    ("Roots (grade by source)", ("qualified", "segmental innervation")),
    ("Arteries", ("fact", "in", "http://purl.obolibrary.org/obo/RO_0020101")),
    ("Actions (role)", ("qualified", "action role")),
    ("Antagonists", ("fact", "out", "http://purl.obolibrary.org/obo/RO_0002568")),
]


def _aspect_values(card: EntityCard, how: tuple[str, ...]) -> list[str]:
    if how[0] == "fact":
        _, direction, prop = how
        return sorted(
            {f["other_label"] for f in card.facts if f["direction"] == direction and f["property"] == prop},
            key=str.lower,
        )
    kind = how[1]
    positions: dict[str, list[str]] = {}
    for fact in card.qualified:
        if fact["kind"] != kind or fact["subject"] != card.id:
            continue
        values = positions.setdefault(fact["object_label"], [])
        value = qualified_value(fact)
        if value not in values:
            values.append(value)
    return [f"{other}: {' / '.join(values)}" for other, values in sorted(positions.items(), key=lambda kv: kv[0])]


def compare_table(cards: list[EntityCard]) -> list[dict[str, str]]:
    """One row per aspect (origin, insertion, nerve, roots, arteries, actions, antagonists), one column per card.

    Several positions for one root or action (sources disagree) are joined with " / ".
    """
    rows = []
    for aspect, how in COMPARE_ASPECTS:
        row = {"": aspect}
        for card in cards:
            row[card.label] = "\n".join(_aspect_values(card, how)) or "—"
        rows.append(row)
    return rows

"""Body maps: graph entities coloured on the muscle atlas and the ISNCSCI dermatome diagram (no streamlit here).

Which entity is which region is data, `data/body_map.tsv` (entity local name, picture, id, side). A picture is
coloured by CSS injected into its inline SVG, scoped to that one picture; the selectors are built only from ids
that the mapping names and the SVG contains, so nothing a user typed reaches the SVG.

    >>> import kg
    >>> from kg.bodymap import deficit_map
    >>> m = deficit_map(kg.reasoning.deficit(kg.load(), ["L5"]), side="left")
    >>> m.shaded["dermatomes"]["left-l5"]
    'moderate'
    >>> "piriformis" in [x["label"] for x in m.not_drawn]
    True
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.graph import HOME
from kg.vocab import ENT

__all__ = [
    "GRADE_COLOURS",
    "HIGHLIGHT",
    "PICTURES",
    "SIDES",
    "BodyMap",
    "Picture",
    "deficit_map",
    "highlight_map",
    "load_mapping",
    "picture_ids",
    "region_at",
    "regions_on",
    "shaded_svg",
    "territory_table",
]

ASSETS = Path(__file__).resolve().parent / "ui" / "assets"
MAPPING_FILE = HOME / "data" / "body_map.tsv"
SIDES = ("left", "right", "both")

# impact grade → fill; 'none' is left in the picture's own grey
GRADE_COLOURS: dict[str, str] = {"severe": "#b2182b", "moderate": "#ef6548", "mild": "#fdbb84"}
HIGHLIGHT = "#2166ac"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


@dataclass(frozen=True)
class Picture:
    """One vendored SVG: where it is, how its regions are addressed, what to credit under it."""

    name: str
    title: str
    file: str
    attribute: str  # "id" or "data-level"
    attribution: str
    view_box: str | None = None  # crop (the atlas is a whole body; the lower half is shown)


_ATLAS_CREDIT = "Muscle atlas after Ryan Graves (CC BY 4.0); ids from flutter_body_atlas (BSD-3-Clause)."
PICTURES: dict[str, Picture] = {
    "atlas_front": Picture(
        "atlas_front", "Muscles, front", "body-atlas/muscle_layer_front.svg", "id", _ATLAS_CREDIT, "60 360 467 777"
    ),
    "atlas_back": Picture(
        "atlas_back", "Muscles, back", "body-atlas/muscle_layer_back.svg", "id", _ATLAS_CREDIT, "60 360 467 777"
    ),
    "dermatomes": Picture(
        "dermatomes",
        "Dermatomes (front; at the sides the legs from behind)",
        "dermatomes/isncsci-dermatomes.svg",
        "data-level",
        "Dermatome diagram from isncsci-ui by the Praxis Spinal Cord Institute (Apache-2.0).",
        "0 175 299 372",
    ),
}


@cache
def _svg_text(picture: str) -> str:
    return (ASSETS / PICTURES[picture].file).read_text(encoding="utf-8")


@cache
def picture_ids(picture: str) -> frozenset[str]:
    """Every region address in a picture: element ids (atlas) or data-level values (dermatomes)."""
    attribute = PICTURES[picture].attribute
    return frozenset(re.findall(rf'\s{re.escape(attribute)}="([^"]+)"', _svg_text(picture)))


@dataclass(frozen=True)
class Region:
    """One row of data/body_map.tsv."""

    entity: str  # full IRI
    picture: str
    id: str
    side: str


@cache
def load_mapping(path: Path = MAPPING_FILE) -> tuple[Region, ...]:
    """The rows of the mapping file (comment lines start with '#')."""
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t")
    return tuple(Region(str(ENT[r["entity"]]), r["picture"], r["id"], r["side"]) for r in rows)


def _regions_of(entity: str, side: str) -> list[Region]:
    return [r for r in load_mapping() if r.entity == entity and (side == "both" or r.side == side)]


def regions_on(picture: str) -> list[Region]:
    """The mapped regions of one picture (rows of data/body_map.tsv whose id the SVG has), in file order."""
    known = picture_ids(picture)
    return [r for r in load_mapping() if r.picture == picture and r.id in known and _SAFE_ID.match(r.id)]


def region_at(picture: str, region_id: str) -> Region | None:
    """The mapped region a picture id stands for (its entity and the patient's side), or None if unmapped."""
    return next((r for r in regions_on(picture) if r.id == region_id), None) if picture in PICTURES else None


def on_pictures(entity: str) -> bool:
    """Whether any picture has a region for `entity`."""
    return any(r.entity == entity for r in load_mapping())


@dataclass
class BodyMap:
    """What to colour: picture → {region id: grade or 'highlight'}, and the entities no picture can show."""

    shaded: dict[str, dict[str, str]] = field(default_factory=lambda: {name: {} for name in PICTURES})
    not_drawn: list[dict[str, Any]] = field(default_factory=list)

    def add(self, entity: str, grade: str, side: str) -> bool:
        regions = _regions_of(entity, side)
        for region in regions:
            current = self.shaded[region.picture].get(region.id)
            if current is None or _rank(grade) > _rank(current):
                self.shaded[region.picture][region.id] = grade
        return bool(regions)

    def pictures_used(self) -> list[str]:
        return [name for name, ids in self.shaded.items() if ids]


def _rank(grade: str) -> int:
    return {"mild": 1, "moderate": 2, "severe": 3, "highlight": 4}.get(grade, 0)


def deficit_map(result: Mapping[str, Any], side: str = "left") -> BodyMap:
    """Weak muscles and numb dermatomes of a root-deficit result (`AnatomyGraph.deficit`) on one side or both.

    Muscles and skin regions graded 'none' are left out; affected ones without a region in any picture go to
    `not_drawn` ({'id', 'label', 'grade', 'kind'}), so nothing is silently missing.
    """
    if side not in SIDES:
        raise ValueError(f"side must be one of {', '.join(SIDES)}, not {side!r}")
    body = BodyMap()
    for kind, key in (("muscle", "muscles"), ("skin region", "skin_regions")):
        for item in result.get(key, []):
            grade = item.get("grade", "none")
            if grade not in GRADE_COLOURS:
                continue
            if not body.add(item["id"], grade, side) and (kind == "muscle" or item["id"].endswith("_dermatome")):
                body.not_drawn.append({"id": item["id"], "label": item["label"], "grade": grade, "kind": kind})
    return body


def highlight_map(entities: Iterable[str], side: str = "both") -> BodyMap:
    """The given entities highlighted (e.g. the muscle of a card); those no picture has go to `not_drawn`."""
    body = BodyMap()
    for entity in entities:
        if not body.add(entity, "highlight", side):
            body.not_drawn.append({"id": entity, "label": "", "grade": "highlight", "kind": ""})
    return body


def _selector(picture: Picture, region_id: str) -> str:
    if picture.attribute == "id":
        return f"#{region_id}"
    return f'[{picture.attribute}="{region_id}"]'


def shaded_svg(picture: str, shaded: Mapping[str, str], *, label: str = "") -> str:
    """The picture's SVG with CSS that fills each region id with its grade's colour, for inline display.

    Only ids that the SVG contains and that look like ids are used; anything else is dropped. The CSS is
    scoped to this one SVG (a class unique to the call), so several pictures on a page do not interfere.
    """
    spec = PICTURES[picture]
    known = picture_ids(picture)
    scope = f"akg-bm-{picture}-{next(_counter)}"
    rules = [
        f".{scope} {_selector(spec, rid)} {{ fill: {GRADE_COLOURS.get(grade, HIGHLIGHT)} !important; }}"
        for rid, grade in sorted(shaded.items())
        if rid in known and _SAFE_ID.match(rid) and (grade in GRADE_COLOURS or grade == "highlight")
    ]
    text = _svg_text(picture)
    start = text.index("<svg")
    end = text.index(">", start)
    opening = re.sub(r'\s(width|height)="[^"]*"', "", text[start:end])
    if spec.view_box:
        opening = re.sub(r'viewBox="[^"]*"', f'viewBox="{spec.view_box}"', opening)
    aria = re.sub(r"[^A-Za-z0-9 ,.;:()'-]", "", label or spec.title)
    opening += f' class="{scope}" role="img" aria-label="{aria}" style="width:100%;height:auto;max-height:560px"'
    style = f"<style>{' '.join(rules)}</style>" if rules else ""
    return f"{opening}>{style}{text[end + 1 :]}"


_counter = itertools.count(1)


def legend(grades: Sequence[str] = ("severe", "moderate", "mild")) -> list[tuple[str, str]]:
    """(grade, colour) pairs for a key under the pictures."""
    return [(g, GRADE_COLOURS[g]) for g in grades]


def territory_table(graph: Any, regions: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """One row per affected skin region: its grade and the cutaneous nerves (not roots) whose territory it is.

    `regions` are items of a deficit result's 'skin_regions' ({'id', 'label', 'grade', …}); dermatomes (drawn on
    the diagram) are left out. The dermatome diagram has no shapes for nerve territories, so this table stands
    beside it.
    """
    from kg.vocab import AKG

    roots = graph.entities_of_types([str(AKG.SpinalNerve)])
    nerves_of: dict[str, list[str]] = {}
    for row in graph.named("bodymap_territories"):
        supplier = str(row["supplier"])
        if supplier not in roots:
            nerves_of.setdefault(str(row["region"]), []).append(graph.label(supplier))
    return [
        {
            "skin region": item["label"],
            "grade": item.get("grade", ""),
            "cutaneous nerve": ", ".join(sorted(nerves_of.get(item["id"], []))) or "—",
        }
        for item in regions
        if not str(item["id"]).endswith("_dermatome") and item.get("grade", "none") != "none"
    ]

"""Draw body maps (kg.bodymap) in a page: each picture inline with its colours, its attribution under it."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePosixPath

import streamlit as st
import streamlit.components.v1 as components

from kg.bodymap import GRADE_COLOURS, HIGHLIGHT, PICTURES, BodyMap, Region, region_at, regions_on, shaded_svg
from kg.ui.escape import html_text, md
from kg.ui.graph_component import component, new_click

__all__ = ["body_pictures", "clickable_body", "grade_key"]


def grade_key(grades: Sequence[str] = ("severe", "moderate", "mild"), highlight: str = "") -> str:
    """A one-line colour key as HTML (fixed words, no user text)."""
    items = [(g, GRADE_COLOURS[g]) for g in grades]
    if highlight:
        items.append((highlight, HIGHLIGHT))
    spans = "".join(
        f'<span style="margin-right:14px;white-space:nowrap"><span style="display:inline-block;width:12px;'
        f'height:12px;border-radius:2px;background:{colour};vertical-align:-1px;margin-right:5px"></span>'
        f"{html_text(word)}</span>"
        for word, colour in items
    )
    return f'<div style="font-size:14px;color:#333">{spans}</div>'


_FRAME = """<!doctype html><html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; padding: 0; background: #fff; }}
svg {{ display: block; margin: 0 auto; width: 100%; height: auto; max-height: {height}px !important; }}
</style></head><body>{svg}</body></html>"""


def body_pictures(body: BodyMap, pictures: Sequence[str], *, label: str = "", height: int = 500) -> None:
    """The pictures side by side in the current container, attribution under each.

    Each picture is a static iframe (st.html's sanitiser removes SVG); its page holds our vendored SVG and
    CSS built from mapped ids only, nothing a user typed.
    """
    columns = st.columns(len(pictures), gap="small")
    for column, name in zip(columns, pictures, strict=True):
        with column:
            st.markdown(f"**{md(PICTURES[name].title)}**")
            svg = shaded_svg(name, body.shaded.get(name, {}), label=f"{label} {PICTURES[name].title}".strip())
            components.html(_FRAME.format(svg=svg, height=height - 4), height=height)
            st.caption(md(PICTURES[name].attribution))


def clickable_body(
    pictures: Sequence[str],
    label: Callable[[Region], str],
    *,
    key: str,
    shaded: Mapping[str, Mapping[str, str]] | None = None,
    height: int = 420,
    hint: str = "",
) -> Region | None:
    """The pictures side by side in one two-way component; the mapped region just clicked, else None.

    Every region data/body_map.tsv maps is clickable, with `label(region)` as its tooltip (DOM text in the
    frame, never HTML); `shaded` colours regions ({picture: {region id: colour or grade}}). The SVGs are the
    vendored files, served from the component's folder; only ids the mapping names reach the frame.
    """
    shaded = shaded or {}
    spec = {
        "pictures": [
            {
                "name": name,
                "title": PICTURES[name].title,
                "file": PurePosixPath(PICTURES[name].file).name,
                "attribute": PICTURES[name].attribute,
                "view_box": PICTURES[name].view_box,
                "attribution": PICTURES[name].attribution,
                "regions": {
                    r.id: {"label": label(r), "fill": _fill(shaded.get(name, {}).get(r.id))} for r in regions_on(name)
                },
            }
            for name in pictures
        ],
        "hint": hint,
    }
    value = new_click(component(body=json.dumps(spec), height=height, key=key, default=None), key)
    if value is None:
        return None
    return region_at(str(value.get("picture", "")), str(value.get("region", "")))


def _fill(grade: str | None) -> str | None:
    if grade is None:
        return None
    return GRADE_COLOURS.get(grade, HIGHLIGHT)

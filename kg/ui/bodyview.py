"""Draw body maps (kg.bodymap) in a page: each picture inline with its colours, its attribution under it."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
import streamlit.components.v1 as components

from kg.bodymap import GRADE_COLOURS, HIGHLIGHT, PICTURES, BodyMap, shaded_svg
from kg.ui.escape import html_text, md

__all__ = ["body_pictures", "grade_key"]


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

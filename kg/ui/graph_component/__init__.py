"""A small two-way Streamlit component: draws a graph spec with vis-network and returns the clicked node's IRI;
the same component draws the body maps (kg/ui/bodyview.py) and returns the clicked region.

vis-network's JavaScript and the body-map SVGs are served from this folder, copied from the installed pyvis
package and kg/ui/assets the first time the component is declared, so the page loads nothing from a CDN.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from kg.viz import FRAME_WIDTH, readable_layout, spec_json

__all__ = ["FRONTEND", "component", "graph_view", "new_click", "vis_network_js"]

FRONTEND = Path(__file__).resolve().parent / "frontend"
SMALL_GRAPH_EDGES = 40  # up to this many lines (and ≤ 1 in 4 names without a spot) names are shown by default
VIS_VERSION = "vis-9.1.2"


def vis_network_js() -> Path:
    """The vis-network build inside the installed pyvis package."""
    import pyvis

    path = Path(pyvis.__file__).resolve().parent / "lib" / VIS_VERSION / "vis-network.min.js"
    if not path.exists():  # pragma: no cover - depends on the pyvis build
        found = sorted(Path(pyvis.__file__).resolve().parent.rglob("vis-network.min.js"))
        if not found:
            raise FileNotFoundError("pyvis ships no vis-network.min.js; reinstall pyvis>=0.3.2")
        path = found[-1]
    return path


def _ensure_frontend() -> Path:
    from kg.bodymap import ASSETS, PICTURES

    sources = [vis_network_js(), *(ASSETS / p.file for p in PICTURES.values())]
    for source in sources:
        target = FRONTEND / source.name
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, target)
    return FRONTEND


component = components.declare_component("anatomy_graph", path=str(_ensure_frontend()))


def new_click(value: Any, key: str) -> dict[str, Any] | None:
    """The component's value if it is a click not reported before (reruns repeat the last value), else None."""
    if not isinstance(value, dict) or "click" not in value:
        return None
    seen_key = f"_{key}_seen_click"
    if st.session_state.get(seen_key) == value.get("click"):
        return None
    st.session_state[seen_key] = value.get("click")
    return value


def graph_view(
    spec: dict[str, Any],
    *,
    key: str,
    height: int | None = None,
    hint: str = "",
    frame_width: float = FRAME_WIDTH,
    readable: bool = True,
) -> str | None:
    """Draw `spec` (see kg.viz); the IRI of a node the user has just clicked, else None.

    With `readable` (the default) the spec is laid out by `kg.viz.readable_layout` under a "show relation names"
    toggle (on by default up to SMALL_GRAPH_EDGES lines if nearly every name finds a spot; names placed on their
    lines, never over a label): boxed
    labels that never overlap, sized to stay ≥ 12 px in a frame `frame_width` pixels wide, crowded columns folded into
    "+12 exercise / treatment" boxes. A click on such a box unfolds it (and a second click folds it again)
    without leaving the page. `height` is the frame height; by default it follows the picture.
    A click on a node is reported once: later reruns return None until the next click.
    """
    expanded_key = f"_{key}_expanded"
    if readable:
        expanded = st.session_state.get(expanded_key, ())
        plain = readable_layout(spec, expanded=expanded, frame_width=frame_width, edge_labels=False)
        named = None
        if len(plain["edges"]) <= SMALL_GRAPH_EDGES or st.session_state.get(f"{key}_relation_names"):
            named = readable_layout(spec, expanded=expanded, frame_width=frame_width, edge_labels=True)
        # on by default for a small graph whose names nearly all find a spot
        small = named is not None and named["unplaced_labels"] * 4 <= sum(1 for e in named["edges"] if e["label"])
        names = st.toggle(
            "show relation names",
            value=small,
            key=f"{key}_relation_names",
            help="Write each line's relation on the picture (where it fits without covering anything); "
            "hovering a line shows it either way.",
        )
        spec = named if names and named is not None else plain
        height = spec["frame_height"] if height is None else max(height, min(spec["frame_height"], 1400))
    value = new_click(component(spec=spec_json(spec), height=height or 520, hint=hint, key=key, default=None), key)
    if value is None or "id" not in value:
        return None
    clicked = str(value["id"])
    if clicked.startswith("group:"):
        category = clicked.split(":", 2)[2]
        expanded = set(st.session_state.get(expanded_key, ()))
        expanded.symmetric_difference_update({category})
        st.session_state[expanded_key] = sorted(expanded)
        st.rerun()
    return clicked

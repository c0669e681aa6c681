"""A small two-way Streamlit component: draws a graph spec with vis-network and returns the clicked node's IRI.

vis-network's JavaScript is served from this folder, copied from the installed pyvis package the
first time the component is declared, so the page loads nothing from a CDN.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from kg.viz import spec_json

__all__ = ["FRONTEND", "graph_view", "vis_network_js"]

FRONTEND = Path(__file__).resolve().parent / "frontend"
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
    target = FRONTEND / "vis-network.min.js"
    source = vis_network_js()
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        shutil.copyfile(source, target)
    return FRONTEND


_component = components.declare_component("anatomy_graph", path=str(_ensure_frontend()))


def graph_view(spec: dict[str, Any], *, key: str, height: int = 520, hint: str = "") -> str | None:
    """Draw `spec` (see kg.viz); the IRI of a node the user has just clicked, else None.

    A click is reported once: later reruns return None until the next click.
    """
    value = _component(spec=spec_json(spec), height=height, hint=hint, key=key, default=None)
    if not isinstance(value, dict) or "id" not in value:
        return None
    seen_key = f"_{key}_seen_click"
    if st.session_state.get(seen_key) == value.get("click"):
        return None
    st.session_state[seen_key] = value.get("click")
    return str(value["id"])

"""Read what a user sees off an AppTest page."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest


def candidate_names(at) -> list[str]:
    """Site labels in rank order, as the page shows them ('**1. L5 spinal nerve** …')."""
    names = []
    for m in at.markdown:
        match = re.match(r"\*\*\d+\. (.*?)\*\* :gray-badge", str(m.value))
        if match:
            names.append(re.sub(r"\\(.)", r"\1", match.group(1)))
    return names


def texts(at: AppTest) -> str:
    """All markdown, captions, titles, alerts and subheaders of the page, one per line (what a reader sees)."""
    parts: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "error", "warning", "info", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def unescape(text: str) -> str:
    """Markdown text with backslash escapes removed (labels are escaped before they are drawn)."""

    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")

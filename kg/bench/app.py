"""The `app` section of `anatomy-kg bench`: how long a page of the app takes to rerun after a widget change.

Each main page (Localize, Root deficits, Entity card) is opened in Streamlit's own test runner
(`streamlit.testing.v1.AppTest`, which runs the real page script in this process, as the server does),
then one widget is changed back and forth and each rerun is timed. Target: median ≤ 300 ms on the
2-core machine. This is the only module of kg/ that touches streamlit, and only inside `app_reruns`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

__all__ = ["APP_TARGET_MS", "app_reruns", "app_targets", "report_app"]

APP_TARGET_MS = 300.0
TARGET_KEY = "app_rerun"
TARGET_WHAT = "page rerun after a widget change, median (AppTest, slowest page)"


def _cases() -> list[tuple[str, str, dict[str, str], str, Callable[[Any, int], None]]]:
    """(page name, page file, URL parameters, what changes, change(at, i)) for each page measured."""
    from kg.ui.state import Key, Page

    def localize(at: Any, i: int) -> None:
        weak = ["ankle dorsiflexion", "great toe extension"] + (["hip abduction"] if i % 2 else [])
        at.multiselect(key=Key.WEAK).set_value(weak)

    def deficits(at: Any, i: int) -> None:
        at.slider(key=Key.SEVERITY).set_value(60 if i % 2 else 80)

    def entity(at: Any, i: int) -> None:
        at.slider(key=Key.MAX_NODES).set_value(20 if i % 2 else 30)

    return [
        ("Localize", Page.LOCALIZE, {}, "weak actions: add/remove hip abduction", localize),
        ("Root deficits", Page.DEFICITS, {"roots": "L5"}, "severity slider 80% ↔ 60%", deficits),
        ("Entity card", Page.ENTITY, {"entity": "gluteus_medius"}, "'Most nodes' slider 30 ↔ 20", entity),
    ]


def app_reruns(repeat: int, warmup: int = 2, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Median, p95 and runs of the rerun after a widget change, per page: {"pages": [...], "slowest_median_ms"}."""
    from streamlit.testing.v1 import AppTest

    from kg.cli.app import APP

    pages = []
    for name, page, params, change_what, change in _cases():
        if progress:
            progress(f"app: {name}, {repeat} reruns after a widget change…")
        at = AppTest.from_file(str(APP), default_timeout=300)
        at.run()  # the first run loads the graph (cached for the process, as in the server)
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(str(page))
        at.run()
        seconds: list[float] = []
        errors = []
        for i in range(warmup + repeat):
            change(at, i)
            started = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - started
            if at.exception:
                errors.append(str(at.exception[0].value)[:200])
            if i >= warmup:
                seconds.append(elapsed)
        ms = sorted(s * 1000 for s in seconds)
        pages.append(
            {
                "page": name,
                "change": change_what,
                "median_ms": round(statistics.median(ms), 2),
                "p95_ms": round(ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))], 2),
                "runs": len(ms),
                "errors": errors[:3],
            }
        )
    return {"pages": pages, "slowest_median_ms": max(p["median_ms"] for p in pages)}


def app_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The app target row(s) for the bench's Targets table (empty when the section did not run)."""
    app = results.get("app")
    if not app:
        return []
    slowest = max(app["pages"], key=lambda p: p["median_ms"])
    value = slowest["median_ms"]
    return [
        {
            "target": TARGET_KEY,
            "what": TARGET_WHAT,
            "limit_ms": APP_TARGET_MS,
            "value_ms": value,
            "detail": slowest["page"],
            "verdict": "PASS" if value <= APP_TARGET_MS else "MISS",
            "unit": "ms",
        }
    ]


def report_app(results: dict[str, Any]) -> str:
    """The section's Markdown table ('' when it did not run)."""
    app = results.get("app")
    if not app:
        return ""
    lines = [
        "\n### App: page rerun after a widget change (streamlit.testing AppTest, shipped graph)\n",
        "| page | widget change | median | p95 | runs | target |",
        "|---|---|---|---|---|---|",
    ]
    for p in app["pages"]:
        verdict = "PASS" if p["median_ms"] <= APP_TARGET_MS else "MISS"
        errors = f" ({len(p['errors'])} error(s): {p['errors'][0]})" if p["errors"] else ""
        lines.append(
            f"| {p['page']} | {p['change']} | {p['median_ms']:,.0f} ms | {p['p95_ms']:,.0f} ms | {p['runs']} "
            f"| ≤ {APP_TARGET_MS:.0f} ms: **{verdict}**{errors} |"
        )
    return "\n".join(lines)

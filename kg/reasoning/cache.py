"""Per-graph caches of what the reasoning derives once from a loaded graph.

The graph does not change while it is loaded, so the model, every lesion site's prediction and
the trace graph are computed on first use and kept beside the graph (weakly: they go when the
graph goes). The graph knows nothing of them: the reasoning depends on the graph API, never
the other way round.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from kg.reasoning.model import NeuroModel, build_model
from kg.reasoning.sites import PARTIAL_SEVERITY, Prediction, Site, predict, sites

if TYPE_CHECKING:
    from kg.graph import AnatomyGraph

__all__ = ["cached", "lesion_predictions", "model", "partial_predictions"]

T = TypeVar("T")
_CACHE: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_LOCK = threading.RLock()


def cached(graph: AnatomyGraph, key: str, build: Callable[[], T]) -> T:
    """The value stored under `key` for `graph`, built by `build()` on first use."""
    with _LOCK:
        slot = _CACHE.setdefault(graph, {})
        if key not in slot:
            slot[key] = build()
        return slot[key]


def model(graph: AnatomyGraph) -> NeuroModel:
    """The neuromuscular model of `graph`, read once with the model_*.rq queries."""
    return cached(graph, "model", lambda: graph.derived("reasoning.model", lambda: build_model(graph)))


def lesion_predictions(graph: AnatomyGraph) -> list[tuple[Site, Prediction]]:
    """(site, prediction at its default grade) for every neural lesion site, computed once."""

    def build() -> list[tuple[Site, Prediction]]:
        m = model(graph)
        return [(site, predict(m, site)) for site in sites(m)]

    return cached(graph, "lesion_predictions", build)


def partial_predictions(graph: AnatomyGraph) -> list[tuple[Site, Prediction]]:
    """(site, prediction of a partial lesion: half the fibres) for every neural site, computed once."""

    def build() -> list[tuple[Site, Prediction]]:
        m = model(graph)
        return [(site, predict(m, site, PARTIAL_SEVERITY)) for site, _ in lesion_predictions(graph)]

    return cached(graph, "partial_predictions", build)

"""Shared fixtures: the shipped graph is loaded once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# tests never query a remote endpoint unless they start one themselves
os.environ.pop("ANATOMY_KG_ENDPOINT", None)
# the CLI's graph cache (kg.cache) goes to a folder of this test run, never the home directory;
# in a mutation run it is off, so that no mutant's model is read by another mutant's process
if os.environ.get("ANATOMY_KG_MUTATION"):
    os.environ["ANATOMY_KG_CACHE_DIR"] = "off"
else:
    os.environ["ANATOMY_KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="anatomy-kg-test-cache-")


# Mutation testing (scripts/mutation.sh sets ANATOMY_KG_MUTATION): the graph and the reasoning's model
# come from tests/_mutation_preload.py, imported once in mutmut's fork server; each mutant's process
# keeps the derived values its mutated module cannot change and builds the rest again.
_BUILT_BY = {  # derived value -> the reasoning modules whose code builds it
    "model": {"model"},
    "lesion_predictions": {"model", "sites", "cache"},
    "partial_predictions": {"model", "sites", "cache"},
    "neural_candidates": {"model", "sites", "cache", "localize"},
    "bedside_tests": {"model", "cache", "localize"},
    "trace_graph": {"model", "cache", "trace"},
}
_PRELOADED: kg.AnatomyGraph | None = None
if os.environ.get("ANATOMY_KG_MUTATION"):
    from _mutation_preload import GRAPH as _PRELOADED

    from kg.reasoning import cache as _reasoning_cache


@pytest.fixture(scope="session")
def graph() -> kg.AnatomyGraph:
    """The shipped graph on the embedded store."""
    if _PRELOADED is None:
        return kg.load()
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    parts = mutant.split(".")
    mutated = parts[2] if mutant.startswith("kg.reasoning.") and len(parts) > 3 else None
    keep = frozenset(k for k, modules in _BUILT_BY.items() if mutated is not None and mutated not in modules)
    _forget_derived(_PRELOADED, keep)
    return _PRELOADED


@pytest.fixture(autouse=True)
def _derive_again_when_mutmut_maps_tests() -> None:
    """In mutmut's stats run (which tests call which function) every test builds the model again.

    Otherwise only the first test of the session would be seen calling the code that builds the
    cached model and predictions, and a mutant there would be tried against that one test.
    """
    if _PRELOADED is not None and os.environ.get("MUTANT_UNDER_TEST") == "stats":
        _forget_derived(_PRELOADED, frozenset())


def _forget_derived(graph: kg.AnatomyGraph, keep: frozenset[str]) -> None:
    """Drop what the reasoning derived from `graph` except the values named in `keep`.

    Here, not in kg.reasoning.cache, so that mutmut does not mutate it.
    """
    slot = _reasoning_cache._CACHE.get(graph, {})
    for key in [k for k in slot if k not in keep]:
        del slot[key]
    derived = graph.__dict__.get("_derived", {})
    for key in [k for k in derived if not (k == "reasoning.model" and "model" in keep)]:
        del derived[key]


@pytest.fixture(autouse=True)
def _quiz_progress_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Quiz progress goes to a temporary file: tests never write to the home directory."""
    monkeypatch.setenv("ANATOMY_KG_QUIZ_FILE", str(tmp_path / "quiz-progress.json"))

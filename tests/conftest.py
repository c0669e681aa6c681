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
# the CLI's graph cache (kg.cache) goes to a folder of this test run, never the home directory
os.environ["ANATOMY_KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="anatomy-kg-test-cache-")


@pytest.fixture(scope="session")
def graph() -> kg.AnatomyGraph:
    """The shipped graph on the embedded store."""
    return kg.load()


@pytest.fixture(autouse=True)
def _quiz_progress_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Quiz progress goes to a temporary file: tests never write to the home directory."""
    monkeypatch.setenv("ANATOMY_KG_QUIZ_FILE", str(tmp_path / "quiz-progress.json"))

"""The CLI's graph cache (kg.cache, kg.graph.CachedGraph): same answers, no store load on a hit, a new key when data or code change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from servers import ROOT, cli_env, run_cli, snapshot_home

import kg
import kg.reasoning
from kg.cache import cache_dir, data_key
from kg.graph import CachedGraph, cached_graph, data_files


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANATOMY_KG_CACHE_DIR", str(folder))
    return folder


def test_a_hit_answers_deficit_without_loading_the_store(cache: Path) -> None:
    first = cached_graph()
    assert isinstance(first, CachedGraph)
    assert [p.name.startswith("graph-") for p in cache.iterdir()] == [True]
    kg.reasoning.deficit(first, ["S1"])  # the first run builds the reasoning model and writes it to the cache
    second = cached_graph()
    result = kg.reasoning.deficit(second, ["L5"])
    assert "store" not in second.__dict__  # nothing was parsed: labels, names and model came from the cache
    assert result == kg.reasoning.deficit(kg.load(), ["L5"])
    assert second.search("glute med")[0].label == "gluteus medius"  # a query loads the store on demand
    assert "store" in second.__dict__


def test_cli_answers_the_same_with_and_without_the_cache(cache: Path) -> None:
    cached = [run_cli("deficit", "L5", ANATOMY_KG_CACHE_DIR=str(cache)) for _ in range(2)]
    uncached = run_cli("deficit", "L5", ANATOMY_KG_CACHE_DIR="off")
    assert uncached.returncode == 0, uncached.stderr
    assert cached[0].stdout == cached[1].stdout == uncached.stdout
    assert "great toe extension" in uncached.stdout
    assert len(list(cache.glob("graph-*.pickle"))) == 1


def test_the_key_changes_with_the_data(tmp_path: Path) -> None:
    home = snapshot_home(tmp_path / "home")
    files = [home / "ontology" / "anatomy-kg.ttl", *sorted((home / "data").glob("*.ttl"))]
    before = data_key(files)
    assert before == data_key([Path(p) for p in data_files()])  # a copy of the same files: the same key
    with files[-1].open("a", encoding="utf-8") as f:
        f.write("\n# an edit\n")
    assert data_key(files) != before


def test_a_corrupt_cache_file_is_rebuilt(cache: Path) -> None:
    cached_graph()
    (path,) = cache.glob("graph-*.pickle")
    path.write_bytes(b"not a pickle")
    graph = cached_graph()
    assert kg.reasoning.deficit(graph, ["S1"])["lesions"][0]["id"].endswith("/S1")
    assert path.read_bytes() != b"not a pickle"


def test_off_means_no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ANATOMY_KG_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.delenv("ANATOMY_KG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "anatomy-kg"
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_an_edit_to_any_data_or_ontology_file_is_seen_by_the_next_command(tmp_path: Path) -> None:
    home = snapshot_home(tmp_path / "home")
    folder = tmp_path / "cache"

    def run() -> subprocess.CompletedProcess[str]:
        return run_cli("deficit", "L5", "-f", "csv", home=home, ANATOMY_KG_CACHE_DIR=str(folder))

    first = run()
    assert first.returncode == 0, first.stderr
    assert "great toe extension" in first.stdout
    (before,) = folder.glob("graph-*.pickle")

    actions = home / "data" / "actions.ttl"
    text = actions.read_text(encoding="utf-8")
    assert text.count('rdfs:label "great toe extension"@en') == 1
    actions.write_text(text.replace('rdfs:label "great toe extension"@en', 'rdfs:label "hallux extension"@en'), "utf-8")
    edited = run()
    assert edited.returncode == 0, edited.stderr
    assert "hallux extension" in edited.stdout and "great toe extension" not in edited.stdout
    (after_data,) = folder.glob("graph-*.pickle")  # the stale file is gone, one file per key
    assert after_data != before

    with (home / "ontology" / "anatomy-kg.ttl").open("a", encoding="utf-8") as f:
        f.write("\n# an edit to the ontology\n")
    again = run()
    assert again.returncode == 0, again.stderr
    assert again.stdout == edited.stdout
    (after_ontology,) = folder.glob("graph-*.pickle")
    assert after_ontology not in (before, after_data)


def test_two_processes_filling_the_cache_at_once(tmp_path: Path) -> None:
    """Each writes a whole file under a temporary name and renames it into place: both answer, one file remains."""
    folder = tmp_path / "cache"
    env = cli_env(ANATOMY_KG_CACHE_DIR=str(folder))
    command = [sys.executable, "-m", "kg.cli", "deficit", "L5", "-f", "csv"]
    for _ in range(2):  # twice: an empty folder, then a folder whose file the two rewrite
        for stale in folder.glob("graph-*.pickle"):
            stale.unlink()
        runs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=300) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
        assert outputs[0][0] == outputs[1][0]
        assert "great toe extension" in outputs[0][0]
        assert [p.name.startswith("graph-") for p in folder.iterdir()] == [True]  # no temporary file left behind
    warm = run_cli("deficit", "L5", "-f", "csv", ANATOMY_KG_CACHE_DIR=str(folder))
    assert warm.stdout == outputs[0][0]
    (path,) = folder.glob("graph-*.pickle")
    assert path.stat().st_size > 100_000  # labels, names and the reasoning model

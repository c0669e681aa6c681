"""Session fixtures for real server processes on 127.0.0.1: Oxigraph server, `anatomy-kg serve`, Virtuoso.

Use with `pytest_plugins = ["conftest_servers"]` at the top of a test module. Every backend
serves the same snapshot of ontology/ and data/, taken once, because data/ changes while
tests run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import (
    ServerProcess,
    load_oxigraph,
    run_cli,
    snapshot_home,
    start_anatomy_kg_serve,
    start_oxigraph_server,
    start_virtuoso,
    virtuoso_binaries,
)

from kg.graph import AnatomyGraph, load_embedded


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ANATOMY_KG_HOME holding a copy of ontology/ and data/ taken at the start of the session."""
    return snapshot_home(tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="session")
def snapshot_graph(snapshot: Path) -> AnatomyGraph:
    """The snapshot on the embedded store."""
    files = [snapshot / "ontology" / "anatomy-kg.ttl", *sorted((snapshot / "data").glob("*.ttl"))]
    return AnatomyGraph(load_embedded(files))


@pytest.fixture(scope="session")
def exported_nt(snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The snapshot exported by `anatomy-kg export -f nt`."""
    path = tmp_path_factory.mktemp("export") / "anatomy-kg.nt"
    result = run_cli("export", "-f", "nt", "-o", str(path), home=snapshot)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="session")
def oxigraph_server(exported_nt: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """`oxigraph serve-read-only` over the exported snapshot; queries at /query."""
    location = tmp_path_factory.mktemp("oxigraph-store")
    load_oxigraph(exported_nt, location)
    server = start_oxigraph_server(location, tmp_path_factory.mktemp("oxigraph-log"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def kg_server(snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """`anatomy-kg serve` with its default limits over the snapshot; queries at /sparql."""
    server = start_anatomy_kg_serve(log_dir=tmp_path_factory.mktemp("serve-log"), home=snapshot)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(exported_nt: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Virtuoso open source from a private ini, the exported snapshot bulk-loaded; queries at /sparql.

    Skips where Virtuoso is not installed and the tests do not run as root; as root (CI)
    `scripts/test.sh` installs it, so a missing Virtuoso there is a failure.
    """
    if virtuoso_binaries() is None:
        if os.geteuid() == 0:
            pytest.fail("Virtuoso is not installed: bash scripts/test.sh installs Debian's virtuoso-opensource as root")
        pytest.skip(
            "Virtuoso is not installed (sudo apt-get install virtuoso-opensource, or run scripts/test.sh as root)"
        )
    server = start_virtuoso(exported_nt, tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def remote_graphs() -> Iterator[dict[str, AnatomyGraph]]:
    """kg.load(endpoint=…) per remote engine, filled as the engines start (see `remote_graph`)."""
    graphs: dict[str, AnatomyGraph] = {}
    yield graphs
    for graph in graphs.values():
        graph.store.close()  # type: ignore[attr-defined]

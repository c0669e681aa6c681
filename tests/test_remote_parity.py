"""One suite, four engines: the embedded store, a real Oxigraph server, `anatomy-kg serve` and Virtuoso.

Every engine serves the same snapshot of the data (see conftest_servers). The fact tests run on
all four (`g`); the equality tests compare each remote engine (`remote`) with the embedded
store, never a result with itself. An entity or method the tests name that is missing fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal
from servers import ENGINES, ServerProcess, free_port, remote_graph, run_cli

import kg
import kg.reasoning
from kg.graph import AnatomyGraph
from kg.vocab import ENT

pytest_plugins = ["conftest_servers"]
pytestmark = pytest.mark.server

REMOTE = list(ENGINES)


@pytest.fixture(scope="session", params=["embedded", *REMOTE])
def g(request: pytest.FixtureRequest, snapshot_graph: AnatomyGraph) -> AnatomyGraph:
    """The snapshot graph on each engine in turn (ids: embedded, oxigraph-server, anatomy-kg-serve, virtuoso)."""
    if request.param == "embedded":
        return snapshot_graph
    return remote_graph(request, request.param)


@pytest.fixture(scope="session", params=REMOTE)
def remote(request: pytest.FixtureRequest) -> AnatomyGraph:
    """The snapshot graph on each remote engine, to compare with the embedded store."""
    return remote_graph(request, request.param)


def require(graph: AnatomyGraph, *local_names: str) -> None:
    """The curated data defines these entities (a test about them cannot pass vacuously)."""
    missing = [n for n in local_names if str(ENT[n]) not in graph.labels]
    assert not missing, f"data/ does not define {', '.join(':' + n for n in missing)}"


def plain(value: Any) -> Any:
    """JSON round trip: the form a script would compare."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def unordered(value: Any) -> Any:
    """The value with every list sorted: equal when the same items are there, in whatever order."""
    if isinstance(value, dict):
        return {k: unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((unordered(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


# ---------------------------------------------------------------------------- lookups
def test_search_glute_med_finds_gluteus_medius_first(g: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    require(snapshot_graph, "gluteus_medius")
    hits = g.search("glute med")
    assert hits[0].id == str(ENT.gluteus_medius)
    assert hits[0].label == "gluteus medius"


def test_search_femoral_finds_the_artery_and_the_nerve(g: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    require(snapshot_graph, "femoral_artery", "femoral_nerve")
    ids = [h.id for h in g.search("femoral")]
    assert str(ENT.femoral_artery) in ids[:5]
    assert str(ENT.femoral_nerve) in ids[:5]


@pytest.mark.parametrize("text", ["glute med", "femoral", "gluteal", "artery", "L5", "nerve", "zzz-no-match"])
def test_search_results_equal_embedded(remote: AnatomyGraph, snapshot_graph: AnatomyGraph, text: str) -> None:
    expected = [h.as_dict() for h in snapshot_graph.search(text, 50)]
    assert [h.as_dict() for h in remote.search(text, limit=50)] == expected
    assert (expected == []) == (text == "zzz-no-match")


def test_superior_gluteal_nerve_receives_fibres_from_l4_l5_s1(g: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    require(snapshot_graph, "superior_gluteal_nerve", "L4", "L5", "S1")
    card = g.entity("superior gluteal nerve")
    roots = {f["other"] for f in card.facts if f["direction"] == "out" and f["property"].endswith("receivesFibresFrom")}
    assert {str(ENT.L4), str(ENT.L5), str(ENT.S1)} <= roots


def test_femoral_artery_card(g: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    require(snapshot_graph, "femoral_artery", "external_iliac_artery")
    card = g.entity("femoral artery")
    assert card.id == str(ENT.femoral_artery)
    assert card.label == "femoral artery"
    assert str(ENT.external_iliac_artery) in {f["other"] for f in card.facts}


@pytest.mark.parametrize(
    "name", ["femoral artery", "superior gluteal nerve", "gluteus medius", "L5", "Trendelenburg gait"]
)
def test_entity_cards_equal_embedded(remote: AnatomyGraph, snapshot_graph: AnatomyGraph, name: str) -> None:
    expected = snapshot_graph.entity(name).as_dict()  # an unknown name fails here
    assert expected["facts"]
    assert unordered(plain(remote.entity(name).as_dict())) == unordered(plain(expected))


@pytest.mark.parametrize("name", ["femoral artery", "gluteus medius", "L5"])
def test_entity_card_order_equal_embedded(remote: AnatomyGraph, snapshot_graph: AnatomyGraph, name: str) -> None:
    assert plain(remote.entity(name).as_dict()) == plain(snapshot_graph.entity(name).as_dict())


def test_unknown_name_suggests_the_same_names(remote: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    with pytest.raises(kg.UnknownNameError) as got:
        remote.resolve("femoral arterie")
    with pytest.raises(kg.UnknownNameError) as embedded:
        snapshot_graph.resolve("femoral arterie")
    assert "femoral artery" in embedded.value.suggestions
    assert got.value.suggestions == embedded.value.suggestions
    assert str(got.value) == str(embedded.value)


def test_stats_count_the_shipped_types(g: AnatomyGraph) -> None:
    stats = g.stats()
    counts = {t["label"]: t["count"] for t in stats["by_type"]}
    assert counts["spinal nerve root"] == 17  # T6-S5 (T6-T11 for the abdominal wall)
    assert counts["nerve plexus"] == 3  # lumbar, sacral plexus and lumbosacral trunk
    assert counts["reflex"] == 8  # six limb reflexes, the anal and the bulbocavernosus reflex
    # most specific type only: a muscle is not counted again as an anatomical structure or entity
    assert "entity" not in counts
    assert counts.get("anatomical structure", 0) < counts["muscle"]
    assert stats["triples"] > 10_000
    assert stats["entities"] == sum(counts.values()) - counts["source"]


def test_stats_equal_embedded(remote: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    got, embedded = remote.stats(), snapshot_graph.stats()
    assert got.pop("engine").startswith("SPARQL endpoint http://127.0.0.1:")
    assert embedded.pop("engine") == "embedded Oxigraph store"
    assert got == embedded


def test_label_index_equal_embedded(remote: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    assert len(snapshot_graph.label_index) > 1000
    assert sorted(remote.label_index) == sorted(snapshot_graph.label_index)


def test_user_query_finds_the_femoral_artery(g: AnatomyGraph) -> None:
    query = "SELECT ?a ?label WHERE { ?a a akg:Artery ; rdfs:label ?label } ORDER BY ?label"
    result = g.user_query(query)
    assert result["variables"] == ["a", "label"]
    assert {"a": ENT.femoral_artery, "label": Literal("femoral artery", lang="en")} in result["rows"]


def test_user_query_equal_embedded(remote: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    query = "SELECT ?a ?label WHERE { ?a a akg:Artery ; rdfs:label ?label } ORDER BY ?label"
    assert remote.user_query(query) == snapshot_graph.user_query(query)


def test_ask(g: AnatomyGraph) -> None:
    assert g.query("ASK { :femoral_artery a akg:Artery }") is True
    assert g.query("ASK { :femoral_artery a akg:Muscle }") is False


def test_construct_equal_embedded(remote: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    construct = "CONSTRUCT { :femoral_artery ?p ?o } WHERE { :femoral_artery ?p ?o FILTER(isIRI(?o) || isLiteral(?o)) }"
    expected = sorted(snapshot_graph.query(construct))  # type: ignore[type-var]
    assert len(expected) > 5
    assert sorted(remote.query(construct)) == expected  # type: ignore[type-var]


# ---------------------------------------------------------------------------- reasoning
def test_deficit_l5_weakens_great_toe_extension(g: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    require(snapshot_graph, "L5", "great_toe_extension")
    result = kg.reasoning.deficit(g, ["L5"])
    assert [r["id"] for r in result["lesions"]] == [str(ENT.L5)]
    assert str(ENT.great_toe_extension) in {a["id"] for a in result["actions"]}


@pytest.mark.parametrize(("roots", "severity"), [(["L5"], 1.0), (["S1"], 0.5), (["L4", "L5"], 1.0)])
def test_deficit_equal_embedded(
    remote: AnatomyGraph, snapshot_graph: AnatomyGraph, roots: list[str], severity: float
) -> None:
    expected = plain(kg.reasoning.deficit(snapshot_graph, roots, severity=severity))
    assert expected["muscles"]
    assert plain(kg.reasoning.deficit(remote, roots, severity=severity)) == expected


FINDINGS = {"weak": ["ankle dorsiflexion", "foot inversion", "hip abduction"]}


def test_localize_l5_pattern_ranks_l5_first(g: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    require(snapshot_graph, "L5", "ankle_dorsiflexion", "foot_inversion", "hip_abduction")
    require(snapshot_graph, "tibialis_anterior", "tibialis_posterior", "gluteus_medius")
    result = kg.reasoning.localize(g, **FINDINGS)
    assert result["candidates"][0]["id"] == str(ENT.L5)


def test_localize_equal_embedded(remote: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    assert plain(kg.reasoning.localize(remote, **FINDINGS)) == plain(kg.reasoning.localize(snapshot_graph, **FINDINGS))


def test_trace_trendelenburg_gait_reaches_the_superior_gluteal_nerve(g: AnatomyGraph) -> None:
    result = kg.reasoning.trace(g, "Trendelenburg gait")
    assert [[step["label"] for step in path] for path in result["paths"]][:1] == [
        ["Trendelenburg gait", "gluteus medius"]
    ]
    assert ["Trendelenburg gait", "superior gluteal nerve"] in [
        [step["label"] for step in path] for path in result["paths"]
    ]


def test_trace_trendelenburg_gait_equal_embedded(remote: AnatomyGraph, snapshot_graph: AnatomyGraph) -> None:
    assert plain(kg.reasoning.trace(remote, "Trendelenburg gait")) == plain(
        kg.reasoning.trace(snapshot_graph, "Trendelenburg gait")
    )


# ---------------------------------------------------------------------------- remote mode from the CLI
@pytest.fixture(scope="module")
def embedded_stats(snapshot: Path) -> dict[str, Any]:
    result = run_cli("stats", "-f", "json", home=snapshot)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats.pop("engine") == "embedded Oxigraph store"
    return stats


@pytest.mark.parametrize("server_fixture", ENGINES.values(), ids=ENGINES.keys())
@pytest.mark.parametrize("how", ["--endpoint", "env"])
def test_cli_stats_through_endpoint_equal_embedded(
    request: pytest.FixtureRequest, server_fixture: str, how: str, embedded_stats: dict[str, Any]
) -> None:
    server: ServerProcess = request.getfixturevalue(server_fixture)
    if how == "env":
        result = run_cli("stats", "-f", "json", ANATOMY_KG_ENDPOINT=server.url)
    else:
        result = run_cli("stats", "-f", "json", "--endpoint", server.url)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats.pop("engine") == f"SPARQL endpoint {server.url}"
    assert stats == embedded_stats


@pytest.mark.parametrize("server_fixture", ENGINES.values(), ids=ENGINES.keys())
def test_cli_search_show_sparql_through_endpoint(request: pytest.FixtureRequest, server_fixture: str) -> None:
    server: ServerProcess = request.getfixturevalue(server_fixture)
    search = run_cli("search", "femoral artery", "-f", "tsv", "--endpoint", server.url)
    assert search.returncode == 0, search.stderr
    assert search.stdout.splitlines()[1].split("\t")[:2] == [str(ENT.femoral_artery), "femoral artery"]
    show = run_cli("show", "femoral artery", "--endpoint", server.url)
    assert show.returncode == 0, show.stderr
    assert show.stdout.startswith("femoral artery  (akg:Artery, :femoral_artery)")
    query = "SELECT ?l WHERE { :femoral_artery rdfs:label ?l }"
    sparql = run_cli("sparql", query, "-f", "csv", "--endpoint", server.url)
    assert sparql.returncode == 0, sparql.stderr
    assert sparql.stdout.splitlines() == ["l", "femoral artery"]


@pytest.mark.parametrize("server_fixture", ["oxigraph_server", "virtuoso_server"], ids=["oxigraph-server", "virtuoso"])
def test_cli_export_through_endpoint_equals_embedded_export(
    request: pytest.FixtureRequest, server_fixture: str, exported_nt: Path, tmp_path: Path
) -> None:
    import pyoxigraph as ox

    server: ServerProcess = request.getfixturevalue(server_fixture)
    result = run_cli("export", "-f", "nt", "-o", str(tmp_path / "remote.nt"), "--endpoint", server.url)
    assert result.returncode == 0, result.stderr

    def triples(path: Path) -> set[str]:
        return {str(t) for t in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES) if not _has_blank(t)}

    assert triples(tmp_path / "remote.nt") == triples(exported_nt)
    count = len(list(ox.parse(path=exported_nt, format=ox.RdfFormat.N_TRIPLES)))
    assert len(list(ox.parse(path=tmp_path / "remote.nt", format=ox.RdfFormat.N_TRIPLES))) == count


def test_cli_export_through_capped_anatomy_kg_serve_says_so(kg_server: ServerProcess, tmp_path: Path) -> None:
    """The whole graph is more than the default 10,000-row cap: a clear error, not a partial export."""
    result = run_cli("export", "-f", "nt", "-o", str(tmp_path / "remote.nt"), "--endpoint", kg_server.url)
    assert result.returncode == 3
    assert result.stderr == (
        f"anatomy-kg: error: SPARQL endpoint {kg_server.url} cut the answer at 10000 rows; "
        "start it with a larger --max-rows\n"
    )
    assert not (tmp_path / "remote.nt").exists()


def _has_blank(triple: Any) -> bool:
    import pyoxigraph as ox

    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


@pytest.mark.parametrize("command", [["stats"], ["search", "glute"], ["show", "L5"], ["sparql", "ASK {}"]])
def test_endpoint_down_is_one_line_exit_3(command: list[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = run_cli(*command, "--endpoint", url)
    assert result.returncode == 3
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"anatomy-kg: error: cannot reach SPARQL endpoint {url}")
    assert "Traceback" not in result.stderr


def test_load_endpoint_down_raises_endpoint_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    graph = kg.load(endpoint=url)
    with pytest.raises(kg.EndpointError, match="cannot reach SPARQL endpoint"):
        graph.stats()


def test_load_endpoint_not_a_url_is_refused() -> None:
    with pytest.raises(kg.EndpointError, match="endpoint must be an http"):
        kg.load(endpoint="127.0.0.1:7878")


# ---------------------------------------------------------------------------- every named query
def _query_cases() -> list[tuple[str, dict[str, Any]]]:
    from kg.queries import QUERY_DIR, load_query

    cases = []
    for path in sorted(QUERY_DIR.glob("*.rq")):
        query = load_query(path.stem)
        params = query.params.strip()
        if params.startswith("?e"):
            cases.append((path.stem, {"e": ENT.gluteus_medius}))
        elif params.startswith("?q"):
            cases.append((path.stem, {"q": Literal("glute")}))
        else:
            cases.append((path.stem, {}))
    return cases


#: GROUP_CONCAT columns (query, variable) -> separator: SPARQL leaves the order inside them to the engine
CONCATENATED = {("example_root_supply", "grades"): ", ", ("neighbour_links", "detail"): "/"}


def _row(name: str, row: dict[str, Any]) -> tuple[Any, ...]:
    out = []
    for key, value in sorted(row.items()):
        separator = CONCATENATED.get((name, key))
        if separator is not None:
            if str(value):  # an empty group: Virtuoso binds "", Oxigraph leaves it unbound; readers treat both alike
                out.append((key, ("parts", tuple(sorted(str(value).split(separator))))))
        else:
            out.append((key, _comparable(value)))
    return tuple(out)


def _comparable(value: Any) -> Any:
    """A result term as the engines agree on it: booleans as true/false (Virtuoso answers 1/0), numbers as floats."""
    from rdflib import Literal

    if isinstance(value, Literal) and value.datatype is not None:
        datatype = str(value.datatype)
        if datatype.endswith("#boolean") or (datatype.endswith("#integer") and str(value) in ("0", "1")):
            return ("bool-or-int", str(value).lower() in ("1", "true"))
        if datatype.rsplit("#", 1)[-1] in ("integer", "decimal", "double", "float", "int", "long"):
            return ("number", round(float(str(value)), 9))
    return ("term", value.n3() if hasattr(value, "n3") else str(value))


@pytest.mark.parametrize(("name", "bindings"), _query_cases(), ids=[c[0] for c in _query_cases()])
def test_every_named_query_answers_the_same(
    remote: AnatomyGraph, snapshot_graph: AnatomyGraph, name: str, bindings: dict[str, Any]
) -> None:
    """Each query in kg/queries/ is portable SPARQL 1.1: every engine gives the embedded store's rows."""
    from collections import Counter

    from kg.queries import load_query

    text = load_query(name).text
    if "CONSTRUCT" in text and "SELECT" not in text:
        expected_triples = sorted(snapshot_graph.store.construct(text, bindings))
        assert expected_triples
        assert sorted(remote.store.construct(text, bindings)) == expected_triples
        return
    expected = Counter(_row(name, row) for row in snapshot_graph.store.select(text, bindings))
    got = Counter(_row(name, row) for row in remote.store.select(text, bindings))
    assert expected or name.startswith("quality_")  # violation queries are empty on clean data
    assert got == expected

"""The CLI: output formats, names matched case-insensitively, and clear errors with exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def test_search_table_lists_the_synonym_match_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "glute med")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["id", "label", "type", "matched"]
    assert lines[2].startswith(":gluteus_medius ")
    assert "gluteus medius" in lines[2] and "akg:Muscle" in lines[2]


def test_search_json_csv_and_tsv_carry_the_same_first_hit(capsys: pytest.CaptureFixture[str]) -> None:
    _, out_json, _ = run(capsys, "search", "peroneal", "--format", "json")
    _, out_csv, _ = run(capsys, "search", "peroneal", "--format", "csv")
    _, out_tsv, _ = run(capsys, "search", "peroneal", "--format", "tsv")
    first_json = json.loads(out_json)[0]
    first_csv = next(csv.DictReader(io.StringIO(out_csv)))
    first_tsv = next(csv.DictReader(io.StringIO(out_tsv), delimiter="\t"))
    assert first_json["id"] == first_csv["id"] == first_tsv["id"]
    assert set(first_json) == {"id", "label", "type", "matched", "score"}
    assert "peroneal" in first_json["matched"].lower()


@pytest.mark.parametrize("name", ["Gluteus Medius", "GLUTE MED", "gluteus_medius", ":gluteus_medius"])
def test_show_matches_labels_synonyms_and_iris_case_insensitively(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, _ = run(capsys, "show", name, "--format", "json")
    card = json.loads(out)
    assert code == 0
    assert card["id"] == "https://w3id.org/anatomy-kg/id/gluteus_medius"
    assert card["label"] == "gluteus medius"


def test_show_table_groups_facts_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "gluteus minimus")
    assert code == 0
    assert out.startswith("gluteus minimus  (akg:Muscle, :gluteus_minimus)")
    attachments = out.split("\nAttachments\n", 1)[1].split("\n\n", 1)[0]
    insertion = [line for line in attachments.splitlines() if "inserts on greater trochanter" in line]
    assert insertion and "Let's Talk Booty!" in insertion[0]


def test_unknown_name_exits_2_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "gluteus medus")
    assert code == 2
    assert out == ""
    assert err.startswith("anatomy-kg: error: unknown entity 'gluteus medus'; did you mean 'gluteus medius'")
    assert "Traceback" not in err


def test_sparql_select_with_project_prefixes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "sparql",
        "SELECT ?m WHERE { ?m obo:RO_0002005 :superior_gluteal_nerve } ORDER BY ?m",
        "--format",
        "csv",
    )
    muscles = [row["m"] for row in csv.DictReader(io.StringIO(out))]
    assert code == 0
    for name in ("gluteus_medius", "gluteus_minimus", "tensor_fasciae_latae"):
        assert f"https://w3id.org/anatomy-kg/id/{name}" in muscles


def test_sparql_file_with_an_error_names_file_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?m\nWHERE {\n  ?m a akg:Muscle\n  FILTER(\n}\n")
    code, _, err = run(capsys, "sparql", f"@{query}")
    assert code == 2
    assert err.startswith(f"anatomy-kg: error: {query}: SPARQL syntax error at line ")
    line = int(err.split("at line ")[1].split(",")[0])
    assert 3 <= line <= 5


def test_sparql_update_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sparql", "DELETE WHERE { ?s ?p ?o }")
    assert code == 2
    assert "SPARQL Update" in err and "read-only" in err


def test_missing_query_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "sparql", f"@{tmp_path / 'nope.rq'}")
    assert code == 2
    assert "cannot read query file" in err and "No such file" in err


def test_stats_counts_by_type(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "--format", "json")
    stats = json.loads(out)
    counts = {t["label"]: t["count"] for t in stats["by_type"]}
    assert code == 0
    assert counts["muscle"] >= 45
    assert counts["spinal nerve root"] == 17  # T6–T12 (T6–T11 supply the abdominal wall), L1–L5, S1–S5
    assert stats["facts"] > 1000 and stats["sources"] > 600


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_rdf_formats_parse_back(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"graph.{fmt}"
    code, _, err = run(capsys, "export", "--format", fmt, "--output", str(target))
    parsed = Graph().parse(target, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert code == 0 and "wrote" in err
    subject = "https://w3id.org/anatomy-kg/id/gluteus_minimus"
    assert any(str(s) == subject for s in parsed.subjects())
    assert len(parsed) > 10000


def test_export_graphml_has_labelled_nodes_and_relations(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "graph.graphml"
    code, _, _ = run(capsys, "export", "--format", "graphml", "--output", str(target))
    g = nx.read_graphml(target)
    gmin = "https://w3id.org/anatomy-kg/id/gluteus_minimus"
    assert code == 0
    assert g.nodes[gmin]["label"] == "gluteus minimus"
    relations = {d["relation"] for _, v, d in g.out_edges(gmin, data=True) if v.endswith("/greater_trochanter")}
    assert "has muscle insertion" in relations

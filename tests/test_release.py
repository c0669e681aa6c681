"""`anatomy-kg export --release DIR` and the quality report (`kg/queries/quality_*.rq`), which `validate` runs too."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import run_cli

import kg
from kg.publish.release import quality_report

VERSION = "2026-12-02"
BAD = """@prefix : <https://w3id.org/anatomy-kg/id/> .
@prefix akg: <https://w3id.org/anatomy-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:nameless_muscle a akg:Muscle ; skos:definition "a muscle nobody named"@en .
:second_gluteus_medius a akg:Muscle ; rdfs:label "Gluteus Medius"@en ; skos:definition "a copy"@en .
:undefined_thing a akg:Muscle ; rdfs:label "undefined thing"@en .
:old_term a akg:Muscle ; rdfs:label "old term"@en ; skos:definition "retired"@en ; owl:deprecated true .
:uses_old_term a akg:Muscle ; rdfs:label "uses old term"@en ; skos:definition "points at it"@en ;
    rdfs:seeAlso :old_term .
"""


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("release")
    from kg.publish.release import write_release

    write_release(kg.load(), folder, VERSION)
    return folder


def test_release_holds_the_dated_files(release: Path) -> None:
    assert sorted(p.name for p in release.iterdir()) == [
        "anatomy-kg-2026-12-02-mappings.sssom.tsv",
        "anatomy-kg-2026-12-02-quality-report.tsv",
        "anatomy-kg-2026-12-02.jsonld",
        "anatomy-kg-2026-12-02.nt",
        "anatomy-kg-2026-12-02.owl",
        "anatomy-kg-2026-12-02.ttl",
        "anatomy-kg-context.jsonld",
    ]


def test_the_three_rdf_files_hold_the_same_triples(release: Path) -> None:
    def count(name: str, fmt: ox.RdfFormat) -> int:
        return sum(1 for _ in ox.parse(path=release / name, format=fmt))

    nt = count("anatomy-kg-2026-12-02.nt", ox.RdfFormat.N_TRIPLES)
    assert nt > 30_000
    assert count("anatomy-kg-2026-12-02.ttl", ox.RdfFormat.TURTLE) == nt
    assert count("anatomy-kg-2026-12-02.jsonld", ox.RdfFormat.JSON_LD) == nt
    assert count("anatomy-kg-2026-12-02.owl", ox.RdfFormat.RDF_XML) == nt  # the version IRI replaced the old one


def test_owl_names_this_release_as_its_version(release: Path) -> None:
    store = ox.Store()
    store.load(path=release / "anatomy-kg-2026-12-02.owl", format=ox.RdfFormat.RDF_XML)
    versions = [
        str(q.object.value)
        for q in store.quads_for_pattern(
            ox.NamedNode("https://w3id.org/anatomy-kg/ontology"),
            ox.NamedNode("http://www.w3.org/2002/07/owl#versionIRI"),
            None,
        )
    ]
    assert versions == ["https://w3id.org/anatomy-kg/releases/2026-12-02/anatomy-kg.owl"]


def test_jsonld_context_names_the_project_prefixes(release: Path) -> None:
    context = json.loads((release / "anatomy-kg-context.jsonld").read_text())["@context"]
    assert context["akg"] == "https://w3id.org/anatomy-kg/ontology#"
    assert context["id"] == "https://w3id.org/anatomy-kg/id/"
    assert context["label"] == {"@id": "rdfs:label", "@language": "en"}


def test_sssom_table_passes_the_sssom_validator(release: Path) -> None:
    from sssom.parsers import parse_sssom_table
    from sssom.validators import DEFAULT_VALIDATION_TYPES, validate

    msdf = parse_sssom_table(release / "anatomy-kg-2026-12-02-mappings.sssom.tsv")
    rows = msdf.df.to_dict("records")
    assert ("AKG:adductor_brevis", "UBERON:0000368") in {(r["subject_id"], r["object_id"]) for r in rows}
    assert len(rows) > 100
    # exact matches for single structures; a related match where a muscle group meets a single-muscle class
    assert {r["predicate_id"] for r in rows} == {"skos:exactMatch", "skos:relatedMatch"}
    reports = validate(msdf, DEFAULT_VALIDATION_TYPES, fail_on_error=False)  # JSON schema, prefix map, CURIEs
    assert len(reports) == 3
    assert {kind.name: report.results for kind, report in reports.items()} == {k.name: [] for k in reports}


def test_sssom_validator_catches_a_broken_table(release: Path, tmp_path: Path) -> None:
    """The validator is live: a table whose objects use an undeclared prefix fails it."""
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    text = (release / "anatomy-kg-2026-12-02-mappings.sssom.tsv").read_text()
    broken = tmp_path / "broken.sssom.tsv"
    broken.write_text(text.replace("\tUBERON:", "\tNOPREFIX:"))
    reports = validate(parse_sssom_table(broken), [SchemaValidationType.PrefixMapCompleteness], fail_on_error=False)
    assert any(report.results for report in reports.values())


def test_quality_report_is_clean_on_the_shipped_data(release: Path) -> None:
    assert quality_report(kg.load()) == []
    assert (release / "anatomy-kg-2026-12-02-quality-report.tsv").read_text() == "level\trule\tentity\tlabel\tvalue\n"


def test_quality_report_finds_each_kind_of_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD)
    found = {(f.level, f.rule, f.entity.rsplit("/", 1)[-1]) for f in quality_report(kg.load(extra=[bad]))}
    assert found == {
        ("ERROR", "missing_label", "nameless_muscle"),
        ("ERROR", "duplicate_label", "gluteus_medius"),
        ("ERROR", "duplicate_label", "second_gluteus_medius"),
        ("WARN", "missing_definition", "undefined_thing"),
        ("WARN", "deprecated_reference", "uses_old_term"),
    }


def test_cli_export_release_and_validate(tmp_path: Path) -> None:
    result = run_cli("export", "--release", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    assert f"wrote {tmp_path / 'dist'}/anatomy-kg-" in result.stderr
    assert len(list((tmp_path / "dist").iterdir())) == 7
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD)
    validated = run_cli("validate", str(bad), "-f", "json")
    quality = [f for f in json.loads(validated.stdout) if f["file"] == "(quality report)"]
    assert {
        "severity": "ERROR",
        "file": "(quality report)",
        "focus": "gluteus medius",
        "message": "duplicate_label: gluteus medius",
    } in quality
    assert validated.returncode == 1

"""A dated release as OBO ontologies publish one: RDF in three syntaxes, OWL with a version IRI,
an SSSOM mapping table, and a quality report in the spirit of ROBOT `report`.

The quality checks are violation queries, `kg/queries/quality_*.rq`, each with a `#+ level:`
(ERROR, WARN, INFO) in its header; `anatomy-kg validate` runs them too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.graph import AnatomyGraph
from kg.queries import QUERY_DIR, load_query
from kg.vocab import ENT, PREFIXES

__all__ = ["LEVELS", "QualityFinding", "quality_findings", "quality_report", "sssom_tsv", "write_release"]

LEVELS = ("ERROR", "WARN", "INFO")
ONTOLOGY_IRI = "https://w3id.org/anatomy-kg/ontology"
RELEASES = "https://w3id.org/anatomy-kg/releases"
#: CURIE prefixes of the SSSOM table
SSSOM_PREFIXES = {
    "AKG": str(ENT),
    "UBERON": "http://purl.obolibrary.org/obo/UBERON_",
    "FMA": "http://purl.org/sig/ont/fma/fma",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
}
MAPPING_PREDICATES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


@dataclass(frozen=True)
class QualityFinding:
    """One row of the quality report: level, rule (the query's name), the entity and the offending value."""

    level: str
    rule: str
    entity: str
    label: str
    value: str

    def __str__(self) -> str:
        value = f": {self.value}" if self.value and self.value != self.label else ""
        return f"{self.level} {self.rule} {self.label or self.entity}{value}"


def quality_rules() -> list[str]:
    """Names of the violation queries, `kg/queries/quality_*.rq`."""
    return sorted(p.stem for p in QUERY_DIR.glob("quality_*.rq"))


def quality_report(graph: AnatomyGraph) -> list[QualityFinding]:
    """Every violation of every quality rule, ERROR first."""
    findings = []
    for rule in quality_rules():
        query = load_query(rule)
        level = query.extra.get("level", "WARN").strip().upper()
        for row in graph.named(rule):
            entity = str(row["entity"])
            findings.append(
                QualityFinding(
                    level,
                    rule.removeprefix("quality_"),
                    entity,
                    graph.labels.get(entity, ""),
                    str(row.get("value", "")),
                )
            )
    return sorted(findings, key=lambda f: (LEVELS.index(f.level) if f.level in LEVELS else 9, f.rule, f.entity))


def quality_findings(extra: list[Path]) -> list[Any]:
    """The quality report on the shipped data plus `extra` files, as `anatomy-kg validate` findings."""
    from kg.graph import load
    from kg.validate import Finding

    return [
        Finding(f.level, "(quality report)", f.label or f.entity, f"{f.rule}: {f.value}" if f.value else f.rule)
        for f in quality_report(load(extra=extra))
    ]


def _curie(iri: str) -> str:
    for prefix, ns in SSSOM_PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def sssom_tsv(graph: AnatomyGraph, version: str) -> str:
    """The Uberon and FMA mappings (skos:*Match) as an SSSOM TSV with its metadata block."""
    query = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?s ?label ?p ?o WHERE {{
          VALUES ?p {{ {" ".join(f"skos:{p}" for p in MAPPING_PREDICATES)} }}
          ?s ?p ?o ; rdfs:label ?label .
          FILTER(STRSTARTS(STR(?s), "{ENT}"))
          FILTER(STRSTARTS(STR(?o), "{SSSOM_PREFIXES["UBERON"]}") || STRSTARTS(STR(?o), "{SSSOM_PREFIXES["FMA"]}"))
        }} ORDER BY ?s ?p ?o"""
    lines = ["# curie_map:"]
    lines += [f"#   {prefix}: {ns}" for prefix, ns in SSSOM_PREFIXES.items()]
    lines += [
        f"# mapping_set_id: {RELEASES}/{version}/anatomy-kg-mappings.sssom.tsv",
        f"# mapping_set_version: {version}",
        "# mapping_set_title: AnatomyKG cross-references to Uberon and FMA",
        "# license: https://creativecommons.org/licenses/by/4.0/",
        f"# mapping_date: {version}",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(["subject_id", "subject_label", "predicate_id", "object_id", "mapping_justification"])
    for row in graph.store.select(query):
        writer.writerow(
            [
                _curie(str(row["s"])),
                str(row["label"]),
                _curie(str(row["p"])),
                _curie(str(row["o"])),
                "semapv:ManualMappingCuration",
            ]
        )
    return "\n".join(lines) + "\n" + buffer.getvalue()


def _jsonld_context() -> dict[str, Any]:
    context: dict[str, Any] = {(p or "id"): ns for p, ns in PREFIXES.items()}
    context["label"] = {"@id": "rdfs:label", "@language": "en"}
    context["definition"] = {"@id": "skos:definition", "@language": "en"}
    return {"@context": context}


def _owl(graph: AnatomyGraph, version: str) -> bytes:
    """The ontology and data as RDF/XML with owl:versionIRI naming this release."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import OWL

    from kg.publish.export import export

    g = Graph()
    g.parse(data=export(graph, "nt"), format="nt")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix or "id", ns, replace=True)
    ontology = URIRef(ONTOLOGY_IRI)
    g.remove((ontology, OWL.versionIRI, None))
    g.remove((ontology, OWL.versionInfo, None))
    g.add((ontology, OWL.versionIRI, URIRef(f"{RELEASES}/{version}/anatomy-kg.owl")))
    g.add((ontology, OWL.versionInfo, Literal(version)))
    return g.serialize(format="xml", encoding="utf-8")


def write_release(graph: AnatomyGraph, folder: Path, version: str | None = None) -> list[Path]:
    """Write the release files for `version` (default: today, YYYY-MM-DD) into `folder`; return their paths."""
    from kg.publish.export import export

    version = version or dt.date.today().isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"anatomy-kg-{version}"
    written: dict[str, bytes] = {
        f"{stem}.ttl": export(graph, "ttl"),
        f"{stem}.nt": export(graph, "nt"),
        f"{stem}.jsonld": export(graph, "jsonld"),
        "anatomy-kg-context.jsonld": (json.dumps(_jsonld_context(), indent=2) + "\n").encode(),
        f"{stem}.owl": _owl(graph, version),
        f"{stem}-mappings.sssom.tsv": sssom_tsv(graph, version).encode(),
    }
    report = io.StringIO()
    writer = csv.writer(report, delimiter="\t", lineterminator="\n")
    writer.writerow(["level", "rule", "entity", "label", "value"])
    for f in quality_report(graph):
        writer.writerow([f.level, f.rule, f.entity, f.label, f.value])
    written[f"{stem}-quality-report.tsv"] = report.getvalue().encode()
    paths = []
    for name, data in written.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths

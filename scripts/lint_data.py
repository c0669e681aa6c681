"""Quick curation lint for data/*.ttl, for use while writing data (the contract is SHACL).

    python scripts/lint_data.py [data/muscles.ttl ...]   # default: every data file

Reports, for the files named (checked against the whole of data/ + ontology/):
parse errors, entity IRIs used but defined nowhere, ontology terms that do not exist,
sourced-relation triples with no owl:Axiom source, qualified nodes with no source,
entities with no label/type/source, and axioms whose triple is not stated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS

ROOT = Path(__file__).resolve().parent.parent
ENT = "https://w3id.org/anatomy-kg/id/"
AKG = Namespace("https://w3id.org/anatomy-kg/ontology#")
OBO = "http://purl.obolibrary.org/obo/"


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((ROOT / "data").glob("*.ttl"))
    onto = Graph().parse(ROOT / "ontology" / "anatomy-kg.ttl")
    whole = Graph()
    whole += onto
    per_file: dict[Path, Graph] = {}
    for f in sorted((ROOT / "data").glob("*.ttl")):
        try:
            g = Graph().parse(f)
        except Exception as e:
            print(f"[ERROR] {f.name}: does not parse: {e}")
            return 1
        per_file[f.resolve()] = g
        whole += g
    sourced = set(onto.subjects(RDF.type, AKG.SourcedRelation))
    onto_terms = set(onto.subjects())
    defined = {s for s in whole.subjects(RDF.type, None) if isinstance(s, URIRef)}
    axioms = set()
    for ax in whole.subjects(RDF.type, OWL.Axiom):
        s, p, o = (
            whole.value(ax, OWL.annotatedSource),
            whole.value(ax, OWL.annotatedProperty),
            whole.value(ax, OWL.annotatedTarget),
        )
        if whole.value(ax, DCTERMS.source) is not None:
            axioms.add((s, p, o))
    problems = 0

    def report(fname: str, msg: str) -> None:
        nonlocal problems
        problems += 1
        print(f"[ERROR] {fname}: {msg}")

    for f in files:
        g = per_file.get(f.resolve())
        if g is None:
            report(f.name, "not found under data/")
            continue
        for s, p, o in g:
            for term in (s, p, o):
                if isinstance(term, URIRef):
                    t = str(term)
                    if t.startswith(ENT) and term not in defined:
                        report(f.name, f"{term.n3(g.namespace_manager)} is used but not defined (no rdf:type anywhere)")
                    if (
                        t.startswith(str(AKG)) or t.startswith(OBO + "RO_") or t.startswith(OBO + "BFO_")
                    ) and term not in onto_terms:
                        report(f.name, f"{term.n3(g.namespace_manager)} is not an ontology term")
            if p in sourced and (s, p, o) not in axioms:
                report(
                    f.name,
                    "no owl:Axiom source for " + " ".join(t.n3(g.namespace_manager) for t in (s, p, o)),
                )
        for ax in g.subjects(RDF.type, OWL.Axiom):
            triple = (
                g.value(ax, OWL.annotatedSource),
                g.value(ax, OWL.annotatedProperty),
                g.value(ax, OWL.annotatedTarget),
            )
            if triple not in whole:
                report(
                    f.name,
                    "axiom annotates a triple that is not stated: "
                    + " ".join(t.n3(g.namespace_manager) if t else "?" for t in triple),
                )
        for node in set(g.subjects(RDF.type, None)):
            if isinstance(node, BNode):
                types = set(g.objects(node, RDF.type))
                if (
                    types & {AKG.SegmentalInnervation, AKG.ActionRole, AKG.TestAccuracy, AKG.MuscleActivation}
                    and g.value(node, DCTERMS.source) is None
                ):
                    report(
                        f.name,
                        "qualified node of type "
                        + ", ".join(t.n3(g.namespace_manager) for t in types)
                        + " has no dcterms:source",
                    )
                continue
            if not str(node).startswith(ENT):
                continue
            if g.value(node, RDFS.label) is None and whole.value(node, RDFS.label) is None:
                report(f.name, f"{node.n3(g.namespace_manager)} has no rdfs:label")
            if whole.value(node, DCTERMS.source) is None and (node, RDF.type, AKG.Source) not in whole:
                report(f.name, f"{node.n3(g.namespace_manager)} has no dcterms:source")
            for src in g.objects(node, DCTERMS.source):
                if src not in defined:
                    report(f.name, f"{node.n3(g.namespace_manager)} cites undefined source {src}")
    print(
        f"{problems} problem(s) in {', '.join(f.name for f in files)}"
        if problems
        else f"No issues found in {', '.join(f.name for f in files)}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Check curated Turtle against the SHACL contract (ontology/shapes.ttl) and report findings readably."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.errors import TurtleError
from kg.graph import ONTOLOGY_DIR, data_files
from kg.vocab import AKG, curie

__all__ = ["Finding", "validate"]

SEVERITY = {SH.Violation: "ERROR", SH.Warning: "WARN", SH.Info: "INFO"}


@dataclass(frozen=True)
class Finding:
    """One problem: severity, the file that defines the focus entity, the entity, and the message."""

    severity: str
    file: str
    focus: str
    message: str

    def __str__(self) -> str:
        return f"[{self.severity}] {self.file} {self.focus}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"severity": self.severity, "file": self.file, "focus": self.focus, "message": self.message}


def parse_files(paths: Sequence[Path]) -> tuple[Graph, dict[str, str]]:
    """One rdflib graph of all files (parsed by Oxigraph for exact error positions), and IRI → file.

    The file of an IRI is the first that types it, else the first that mentions it.
    """
    store = ox.Store()
    home: dict[str, str] = {}
    mentioned: dict[str, str] = {}
    for path in paths:
        graph = ox.NamedNode(path.resolve().as_uri())
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
        except SyntaxError as e:
            raise TurtleError.from_syntax_error(_display(path), e) from None
        except OSError as e:
            raise TurtleError(_display(path), None, f"cannot read: {e.strerror or e}") from None
        for quad in store.quads_for_pattern(None, None, None, graph):
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode):
                    mentioned.setdefault(term.value, _display(path))
            if quad.predicate.value == str(RDF.type) and isinstance(quad.subject, ox.NamedNode):
                home.setdefault(quad.subject.value, _display(path))
    for iri, file in mentioned.items():
        home.setdefault(iri, file)
    nt = store.dump(format=ox.RdfFormat.N_QUADS)
    merged = Graph()
    for quad in ox.parse(nt, format=ox.RdfFormat.N_QUADS):
        merged.add((_rd(quad.subject), _rd(quad.predicate), _rd(quad.object)))
    return merged, home


def _rd(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    from kg.store import from_oxigraph

    return from_oxigraph(term)  # type: ignore[return-value]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _owner(graph: Graph, node: BNode) -> URIRef | None:
    """The named entity a blank node (axiom or qualified fact) belongs to."""
    source = graph.value(node, OWL.annotatedSource)
    if isinstance(source, URIRef):
        return source
    for subject in graph.subjects(None, node):
        if isinstance(subject, URIRef):
            return subject
    return None


def validate(extra: Sequence[Path | str] = (), files: Sequence[Path] | None = None) -> list[Finding]:
    """Findings of checking the shipped data (or `files`) plus `extra` Turtle files; empty when valid.

    Raises TurtleError (file, line, problem) if a file does not parse.
    """
    import pyshacl

    paths = [Path(p) for p in (files if files is not None else data_files())[1:]] + [Path(p) for p in extra]
    data, home = parse_files(paths)
    ontology = Graph().parse(ONTOLOGY_DIR / "anatomy-kg.ttl")
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    # the ontology is part of what is checked: property kinds (akg:SourcedRelation), grades and
    # the class hierarchy that sh:targetClass follows all live there
    mixed = data + ontology
    _conforms, report, _text = pyshacl.validate(
        mixed,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        advanced=False,
    )
    findings = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        message = str(
            report.value(result, SH.resultMessage) or "violates " + curie(str(report.value(result, SH.sourceShape)))
        )
        severity = SEVERITY.get(report.value(result, SH.resultSeverity), "ERROR")
        if focus == AKG.Entity and isinstance(value, URIRef):  # a graph-wide check reports the offending IRI
            focus = value
        label = focus
        if isinstance(focus, BNode):
            owner = _owner(mixed, focus)
            kinds = ", ".join(curie(str(t)) for t in mixed.objects(focus, RDF.type)) or "node"
            label = f"{curie(str(owner))} ({kinds})" if owner else f"a {kinds} node"
            focus = owner if owner else focus
        elif isinstance(focus, URIRef):
            label = curie(str(focus))
        file = home.get(str(focus), "(data)")
        findings.add(Finding(severity, file, str(label), _readable(message)))
    order = {"ERROR": 0, "WARN": 1, "INFO": 2}
    return sorted(findings, key=lambda f: (order.get(f.severity, 3), f.file, f.focus, f.message))


def _readable(message: str) -> str:
    """Shorten full IRIs in a SHACL message to prefixed names."""
    words = []
    for word in message.split(" "):
        stripped = word.strip("<>")
        words.append(curie(stripped) if stripped.startswith("http") else word)
    return " ".join(words)


_ = ONTOLOGY_DIR

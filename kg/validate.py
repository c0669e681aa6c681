"""Check curated Turtle against the SHACL contract (ontology/shapes.ttl) and report findings readably.

pyshacl evaluates the core constraints (cardinality, class, value lists). The SPARQL-based
constraints of the same shapes (provenance of every statement, no undefined IRI, axioms that
annotate real statements) are evaluated on Oxigraph with SHACL-SPARQL semantics: the shape's
focus nodes are bound to `$this`, each solution is one result, and `{?var}` in the message is
filled from it. rdflib's own SPARQL engine took 24–58 s per such constraint on this data;
Oxigraph takes milliseconds (DESIGN.md, "Engines").
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import TurtleError
from kg.graph import ONTOLOGY_DIR, data_files
from kg.store import from_oxigraph, to_oxigraph
from kg.vocab import AKG, curie

__all__ = ["MAX_TURTLE_BYTES", "Finding", "ill_typed", "validate"]

MAX_TURTLE_BYTES = 5_000_000  # per file given to validate (50 MB took 600 s and 7.7 GB); the shipped data is under 1 MB
MAX_LITERAL_DIGITS = 1_000  # a number or date literal longer than this is refused (Python's int limit is 4,300)
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = (re.compile(r"[+-]?[0-9]+"), "12")
_LEXICAL: dict[str, tuple[re.Pattern[str], str]] = {
    **{
        name: _INTEGER
        for name in [
            "integer",
            "int",
            "long",
            "short",
            "byte",
            "nonNegativeInteger",
            "positiveInteger",
            "negativeInteger",
            "nonPositiveInteger",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
        ]
    },
    "decimal": (re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"), "0.3"),
    "double": (re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN"), "1.5E0"),
    "float": (re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN"), "1.5E0"),
    "boolean": (re.compile(r"true|false|1|0"), "true"),
    "date": (re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?"), "2024-05-01"),
    "dateTime": (
        re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?"),
        "2024-05-01T12:00:00Z",
    ),
    "gYear": (re.compile(r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?"), "2024"),
}
SEVERITY: dict[Node, str] = {SH.Violation: "ERROR", SH.Warning: "WARN", SH.Info: "INFO"}
RDF_TYPE = str(RDF.type)


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


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_checked(paths: Sequence[Path]) -> tuple[ox.Store, dict[str, str]]:
    """An Oxigraph store with each file in its own named graph, and IRI → file that defines it.

    The file of an IRI is the first that gives it an rdf:type, else the first that mentions it.
    Raises TurtleError naming the file and line of the first syntax error.
    """
    store = ox.Store()
    home: dict[str, str] = {}
    mentioned: dict[str, str] = {}
    for path in paths:
        shown = _display(path)
        _check_size(path, shown)
        graph = ox.NamedNode(path.resolve().as_uri())
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
        except SyntaxError as e:
            raise TurtleError.from_syntax_error(shown, e) from None
        except OSError as e:
            raise TurtleError(shown, None, f"cannot read: {e.strerror or e}") from None
        for quad in store.quads_for_pattern(None, None, None, graph):
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode) and term.value not in mentioned:
                    mentioned[term.value] = shown
            if quad.predicate.value == RDF_TYPE and isinstance(quad.subject, ox.NamedNode):
                home.setdefault(quad.subject.value, shown)
    for iri, file in mentioned.items():
        home.setdefault(iri, file)
    return store, home


def _check_size(path: Path, shown: str) -> None:
    """TurtleError unless `path` is a regular file of at most MAX_TURTLE_BYTES (checked before it is opened)."""
    try:
        info = path.stat()
    except OSError as e:
        raise TurtleError(shown, None, f"cannot read: {e.strerror or e}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise TurtleError(shown, None, f"is {kind}; give a Turtle file")
    if info.st_size > MAX_TURTLE_BYTES:
        raise TurtleError(
            shown,
            None,
            f"is {info.st_size / 1e6:,.1f} MB; validate checks files of up to {MAX_TURTLE_BYTES // 1_000_000} MB "
            "(split it, or load it into a triple store and check it there)",
        )


def _lexical_problem(literal: ox.Literal) -> str | None:
    """Why a typed literal's text is not a value of its datatype, or None if it is (or is not checked)."""
    datatype = literal.datatype.value
    if not datatype.startswith(XSD) or datatype[len(XSD) :] in ("string", "anyURI", "normalizedString", "token"):
        return None
    value = literal.value
    if len(value) > MAX_LITERAL_DIGITS:
        return f"has {len(value):,} characters; numbers and dates are at most {MAX_LITERAL_DIGITS:,}"
    kind = _LEXICAL.get(datatype[len(XSD) :])
    if kind is not None:
        pattern, example = kind
        return None if pattern.fullmatch(value) else f"is not a valid {curie(datatype)} (for example {example})"
    # other XSD types: ask rdflib, which would otherwise log a traceback when it meets the value
    import logging

    from rdflib import Literal

    term_log = logging.getLogger("rdflib.term")
    previous = term_log.disabled
    term_log.disabled = True
    try:
        ill = Literal(value, datatype=URIRef(datatype)).ill_typed
    except Exception:
        ill = True
    finally:
        term_log.disabled = previous
    return f"is not a valid {curie(datatype)}" if ill else None


def _line_of(path: Path, text: str) -> int | None:
    """The first line of `path` that holds `text` (a literal's lexical form), if any."""
    try:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                if text in line:
                    return number
    except OSError:
        return None
    return None


def ill_typed(store: ox.Store, paths: Sequence[Path]) -> list[Finding]:
    """Findings (file and line) for literals whose text does not fit their datatype; removes them from `store`.

    `"high"^^xsd:decimal` or a 5,000-digit integer would otherwise reach rdflib, which logs a
    traceback (or fails) when it converts the literal to a Python value.
    """
    findings = []
    for path in paths:
        graph = ox.NamedNode(path.resolve().as_uri())
        bad = []
        for quad in store.quads_for_pattern(None, None, None, graph):
            if not isinstance(quad.object, ox.Literal):
                continue
            problem = _lexical_problem(quad.object)
            if problem is None:
                continue
            bad.append(quad)
            shown_value = quad.object.value if len(quad.object.value) <= 40 else quad.object.value[:37] + "…"
            line = _line_of(path, quad.object.value[:200])
            where = f"{_display(path)}:{line}" if line else _display(path)
            focus = curie(quad.subject.value) if isinstance(quad.subject, ox.NamedNode) else "a blank node"
            findings.append(
                Finding("ERROR", where, focus, f"{curie(quad.predicate.value)} value {shown_value!r} {problem}")
            )
        for quad in bad:
            store.remove(quad)
    return findings


def _to_rdflib(store: ox.Store) -> Graph:
    graph = Graph()
    for quad in store:
        graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
    return graph


def _without_sparql(shapes: Graph) -> Graph:
    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


def _prefix_block(shapes: Graph) -> str:
    lines = []
    for declaration in shapes.objects(None, SH.declare):
        prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
        lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _sparql_results(store: ox.Store, shapes: Graph) -> Iterator[tuple[Node, dict[str, Node], str, Node]]:
    """(shape, solution, message template, severity) for every SHACL-SPARQL constraint result."""
    prefixes = _prefix_block(shapes)
    for shape in set(shapes.subjects(SH.sparql, None)):
        severity = shapes.value(shape, SH.severity) or SH.Violation
        targets = [
            f"{{ ?this <{RDF_TYPE}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {to_oxigraph(c)} }}"
            for c in shapes.objects(shape, SH.targetClass)
        ]
        targets += [f"{{ VALUES ?this {{ {to_oxigraph(n)} }} }}" for n in shapes.objects(shape, SH.targetNode)]
        for constraint in shapes.objects(shape, SH.sparql):
            select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
            message = str(shapes.value(constraint, SH.message) or "")
            opening = re.search(r"WHERE\s*\{", select, re.I)
            if opening is None or not targets:
                continue
            target_pattern = " UNION ".join(targets)
            query = f"{prefixes}\n{select[: opening.end()]} {target_pattern} {select[opening.end() :]}"
            result = store.query(query, use_default_graph_as_union=True)
            assert isinstance(result, ox.QuerySolutions)  # every sh:select is a SELECT
            names = [v.value for v in result.variables]
            for solution in result:
                values = {n: from_oxigraph(solution[n]) for n in names if solution[n] is not None}
                yield shape, values, message, severity


def _fill(message: str, values: dict[str, Node]) -> str:
    def term(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return curie(str(value)) if value is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", term, message)


def _owner(graph: Graph, node: BNode) -> URIRef | None:
    """The named entity a blank node (axiom or qualified fact) belongs to."""
    source = graph.value(node, OWL.annotatedSource)
    if isinstance(source, URIRef):
        return source
    for subject in graph.subjects(None, node):
        if isinstance(subject, URIRef):
            return subject
    return None


def _focus_label(graph: Graph, focus: Node) -> tuple[Node, str]:
    if isinstance(focus, BNode):
        owner = _owner(graph, focus)
        kinds = ", ".join(curie(str(t)) for t in graph.objects(focus, RDF.type)) or "node"
        return (owner or focus), (f"{curie(str(owner))} ({kinds})" if owner else f"a {kinds} node")
    return focus, curie(str(focus))


def validate(extra: Sequence[Path | str] = (), files: Sequence[Path] | None = None) -> list[Finding]:
    """Findings of checking the shipped data (or `files`) plus `extra` Turtle files; empty when valid.

    Raises TurtleError (file, line, problem) if a file does not parse.
    """
    import pyshacl

    paths = [Path(p) for p in (files if files is not None else data_files()[1:])] + [Path(p) for p in extra]
    ontology_path = ONTOLOGY_DIR / "anatomy-kg.ttl"
    store, home = load_checked([ontology_path, *paths])
    for iri, file in list(home.items()):  # ontology terms are not data: report them under their data file
        if file == _display(ontology_path):
            del home[iri]
    typing_findings = ill_typed(store, [ontology_path, *paths])
    mixed = _to_rdflib(store)  # data + ontology: property kinds, grades and the class hierarchy live there
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    findings: set[Finding] = set(typing_findings)

    _conforms, report, _text = pyshacl.validate(
        mixed, shacl_graph=_without_sparql(shapes), inference="none", allow_warnings=True, advanced=False
    )
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus, label = _focus_label(mixed, report.value(result, SH.focusNode))
        message = str(
            report.value(result, SH.resultMessage) or "violates " + curie(str(report.value(result, SH.sourceShape)))
        )
        severity = SEVERITY.get(report.value(result, SH.resultSeverity) or SH.Violation, "ERROR")
        findings.add(Finding(severity, home.get(str(focus), "(data)"), label, _readable(message)))

    for _shape, values, message, constraint_severity in _sparql_results(store, shapes):
        subject: Node = values.get("this", AKG.Entity)
        if subject == AKG.Entity and isinstance(values.get("value"), URIRef):
            subject = values["value"]  # a graph-wide check reports the offending IRI
        focus, label = _focus_label(mixed, subject)
        findings.add(
            Finding(
                SEVERITY.get(constraint_severity, "ERROR"),
                home.get(str(focus), "(data)"),
                label,
                _fill(message, values),
            )
        )

    order = {"ERROR": 0, "WARN": 1, "INFO": 2}
    return sorted(findings, key=lambda f: (order.get(f.severity, 3), f.file, f.focus, f.message))


def _readable(message: str) -> str:
    """Shorten full IRIs in a SHACL message to prefixed names."""
    words = []
    for word in message.split(" "):
        stripped = word.strip("<>")
        words.append(curie(stripped) if stripped.startswith("http") else word)
    return " ".join(words)

"""Help for people writing SPARQL: plain-words problems with line and column, completions, labelled results.

Used by the app's SPARQL page and by `anatomy-kg sparql`; no Streamlit here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError
from kg.vocab import PREFIXES, curie

__all__ = [
    "CONSTRUCT_FORMATS",
    "QueryProblem",
    "chart_columns",
    "check_text",
    "completions",
    "labelled_csv",
    "locate",
    "plain_message",
    "query_body",
    "triples_text",
]

QUERY_FORMS = "SELECT, ASK, CONSTRUCT or DESCRIBE"

_TOKENS = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<pname>(?<![\w.:-])(?P<prefix>[A-Za-z][\w.-]*)?:)
    """,
    re.X | re.S,
)
_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<")


@dataclass(frozen=True)
class QueryProblem:
    """What is wrong with a query, in plain words, and where (1-based line and column, when known)."""

    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line is not None else ""
        return where + self.message


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _known_prefixes(text: str) -> set[str]:
    return set(PREFIXES) | {m.group(1) or "" for m in _DECLARED.finditer(text)}


def check_text(query: str) -> None:
    """Refuse, before any parser sees it, a query that is empty or uses a prefix nobody declared.

    Args:
        query: The query as the person wrote it.

    Raises:
        QueryError: "empty query: …" or "line L, column C: unknown prefix `foo:`; known prefixes: …".
    """
    code = [m for m in _TOKENS.finditer(query) if m.lastgroup != "comment"]
    if not query.strip() or (not code and not re.sub(r"(?m)#[^\n]*", "", query).strip()):
        raise QueryError(f"empty query: write a {QUERY_FORMS} query, for example SELECT ?m WHERE {{ ?m a akg:Muscle }}")
    known = _known_prefixes(query)
    for match in code:
        if match.lastgroup == "pname" and (match.group("prefix") or "") not in known:
            line, column = _position(query, match.start())
            listed = ", ".join(f"`{p}:`" for p in sorted(known))
            raise QueryError(
                str(
                    QueryProblem(
                        f"unknown prefix `{match.group('pname')}`; known prefixes: {listed} "
                        f"(declare it first: PREFIX {match.group('prefix') or ''}: <…>)",
                        line,
                        column,
                    )
                )
            )


_LOCATION = re.compile(r"line (\d+), column (\d+)")


def locate(message: str) -> QueryProblem:
    """Split an error message into its line, column and the rest (for marking the place in an editor)."""
    match = _LOCATION.search(message)
    if not match:
        return QueryProblem(message)
    rest = message[match.end() :].strip(" :")
    return QueryProblem(rest or message, int(match.group(1)), int(match.group(2)))


def plain_message(message: str) -> str:
    """A parser's message in plain words, keeping its line and column.

    rdflib says "Expected {SelectQuery | ConstructQuery | DescribeQuery | AskQuery}" or "Expected
    SelectQuery"; Oxigraph lists every character class it would have accepted. Neither tells a
    person what to do.
    """
    problem = locate(message)
    text = problem.message
    if re.search(r"Expected \{SelectQuery \| ConstructQuery", text):
        text = f"a query starts with {QUERY_FORMS} (after its PREFIX lines)"
    elif re.fullmatch(r"(SPARQL syntax error: )?Expected \w+", text):
        text = (
            "the query stops making sense here: look for a missing `.`, `;`, `}` or term just before this point "
            f"(the parser says: {text.removeprefix('SPARQL syntax error: ')})"
        )
    elif "expected one of" in text:
        text = "unexpected text here: " + text.split("expected one of", 1)[0].strip(" :,") or "unexpected text here"
        text = text.rstrip(": ")
    match = _LOCATION.search(message)
    if match is None:
        return text
    return f"{message[: match.start()]}line {problem.line}, column {problem.column}: {text}"


def query_body(text: str) -> str:
    """A gallery query without its `#+ key: value` header lines (those are shown as its description)."""
    return re.sub(r"(?m)^#\+[^\n]*\n", "", text).lstrip("\n")


def completions(
    labels: Mapping[str, str], classes: Sequence[str] = (), properties: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Editor completions: the prefixes, then classes, properties and entities by prefixed name.

    Args:
        labels: IRI -> label of every labelled entity in the graph.
        classes: IRIs of the ontology's classes.
        properties: IRIs of the properties used in the graph.

    Returns:
        Ace completion items: caption (what the list shows), value (what is inserted), meta, score.
    """
    items: list[dict[str, Any]] = [
        {"caption": f"PREFIX {p}:", "value": f"PREFIX {p}: <{ns}>", "meta": "prefix", "score": 1000}
        for p, ns in PREFIXES.items()
    ]
    seen: set[str] = set()
    for kind, iris, score in (("class", classes, 900), ("property", properties, 800)):
        for iri in iris:
            short = curie(iri)
            if short != iri and short not in seen:
                seen.add(short)
                caption = f"{short}  {labels[iri]}" if labels.get(iri) else short
                items.append({"caption": caption, "value": short, "meta": kind, "score": score})
    for iri, label in sorted(labels.items(), key=lambda kv: kv[1].lower()):
        short = curie(iri)
        if short == iri or short in seen or not short.startswith(":"):
            continue
        seen.add(short)
        items.append({"caption": label, "value": short, "meta": short, "score": 500})
    return items


def _cell(term: Any) -> str:
    return "" if term is None else str(term)


def labelled_csv(variables: Sequence[str], rows: Sequence[Mapping[str, Any]], labels: Mapping[str, str]) -> str:
    """SELECT results as CSV with a `<var> label` column beside every column that holds IRIs."""
    iri_vars = {v for v in variables if any(getattr(r.get(v), "n3", None) and _is_iri(r.get(v)) for r in rows)}
    header: list[str] = []
    for var in variables:
        header.append(var)
        if var in iri_vars:
            header.append(f"{var} label")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells: list[str] = []
        for var in variables:
            term = row.get(var)
            cells.append(_cell(term))
            if var in iri_vars:
                cells.append(labels.get(str(term), curie(str(term))) if _is_iri(term) else "")
        writer.writerow(cells)
    return buffer.getvalue()


def _is_iri(term: Any) -> bool:
    from rdflib import URIRef

    return isinstance(term, URIRef)


def _is_number(term: Any) -> bool:
    from rdflib import Literal

    if not isinstance(term, Literal):
        return False
    try:
        float(str(term))
    except ValueError:
        return False
    return not isinstance(term.toPython(), bool)


def chart_columns(variables: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> tuple[str, str] | None:
    """(label column, number column) when a result is exactly one label column and one number column.

    A label column holds IRIs or text; a number column holds numeric literals in every row.
    """
    if len(variables) != 2 or not rows:
        return None
    numeric = [v for v in variables if all(_is_number(r.get(v)) for r in rows)]
    if len(numeric) != 1:
        return None
    (label,) = [v for v in variables if v not in numeric]
    if any(r.get(label) is None for r in rows):
        return None
    return label, numeric[0]


#: `anatomy-kg sparql -f` values for CONSTRUCT and DESCRIBE results, with rdflib's serializer names
CONSTRUCT_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def triples_text(triples: Sequence[tuple[Any, Any, Any]], fmt: str) -> str:
    """CONSTRUCT triples as Turtle ('ttl'), N-Triples ('nt') or JSON-LD ('jsonld'), with the project's prefixes."""
    from rdflib import Graph

    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    for triple in triples:
        graph.add(triple)
    if fmt == "nt":
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
    text = graph.serialize(format=CONSTRUCT_FORMATS[fmt])
    return text if text.endswith("\n") else text + "\n"

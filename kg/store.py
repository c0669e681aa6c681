"""One SPARQL interface over the embedded Oxigraph store and any remote SPARQL 1.1 endpoint."""

from __future__ import annotations

import json
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import EndpointError, QueryError, TurtleError
from kg.vocab import PREFIXES

__all__ = [
    "ENDPOINT_ENV",
    "EmbeddedStore",
    "EndpointAnswerError",
    "EndpointURLError",
    "RemoteStore",
    "Row",
    "Store",
    "as_bool",
    "as_float",
    "bind_values",
    "check_endpoint_url",
    "open_store",
    "to_oxigraph",
]

ENDPOINT_ENV = "ANATOMY_KG_ENDPOINT"

if TYPE_CHECKING:
    from rdflib.term import Node

    Row = dict[str, Node]
    Binding = str | int | float | bool | Node | ox.NamedNode | ox.Literal
else:  # the same at run time, without importing rdflib (rows hold rdflib terms all the same)
    Row = dict
    Binding = object


@cache
def _rdf() -> Any:
    """rdflib's term classes, imported the first time a term is converted: a command answered from
    the cache (kg.cache) converts none, so it never imports rdflib."""
    import rdflib.term

    return rdflib.term


# ---------------------------------------------------------------------------- terms
def to_oxigraph(value: Binding) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Oxigraph term for a Python value: URIRef → IRI, str/number/bool → literal.

    IRIs are validated by Oxigraph (a value with spaces, quotes or braces is refused).
    """
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    rdf = _rdf()
    URIRef, BNode, Literal = rdf.URIRef, rdf.BNode, rdf.Literal
    if isinstance(value, URIRef):
        try:
            return ox.NamedNode(str(value))
        except ValueError as e:
            raise QueryError(f"not a valid IRI: {value!r} ({e})") from None
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    if isinstance(value, bool):
        return ox.Literal(
            "true" if value else "false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
        )
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise QueryError(f"cannot bind a value of type {type(value).__name__}")


def from_oxigraph(term: Any) -> Node:
    """rdflib term for an Oxigraph term."""
    rdf = _rdf()
    if isinstance(term, ox.NamedNode):
        return rdf.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdf.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdf.Literal(term.value, lang=term.language)
        return rdf.Literal(term.value, datatype=rdf.URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def from_json_term(term: Mapping[str, str]) -> Node:
    """rdflib term from a SPARQL 1.1 JSON results binding."""
    kind = term["type"]
    rdf = _rdf()
    if kind == "uri":
        return rdf.URIRef(term["value"])
    if kind == "bnode":
        return rdf.BNode(term["value"])
    if "xml:lang" in term:
        return rdf.Literal(term["value"], lang=term["xml:lang"])
    return rdf.Literal(
        term["value"], datatype=rdf.URIRef(term.get("datatype", "http://www.w3.org/2001/XMLSchema#string"))
    )


def as_float(term: Node) -> float:
    """A numeric literal's value ('0.3', '12', '1.0E0')."""
    return float(str(term))


def as_bool(term: Node) -> bool:
    """A boolean literal's value ('true' or '1' is true)."""
    return str(term).strip().lower() in ("true", "1")


# ---------------------------------------------------------------------------- binding
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<where>\bWHERE\b)
  | (?P<brace>\{)
    """,
    re.X | re.S | re.I,
)


def _where_brace(query: str) -> int:
    """Offset just after the '{' that opens the query's outer WHERE group."""
    first_brace = None
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind == "where":
            for m2 in _TOKEN.finditer(query, m.end()):
                if m2.lastgroup == "brace":
                    return m2.end()
                if m2.lastgroup not in ("comment",):
                    break
        elif kind == "brace" and first_brace is None:
            first_brace = m.end()
    if first_brace is None:
        raise QueryError("the query has no WHERE group to bind parameters into")
    return first_brace


def bind_values(query: str, bindings: Mapping[str, Binding]) -> str:
    """The query with `VALUES (?a ?b) { (… …) }` opening its outer WHERE group.

    This is how every parameter reaches a query, on every engine: terms are serialised by
    Oxigraph (IRIs validated, literals escaped), never pasted in as text. A parameter binds
    the variables of the outer group, its OPTIONALs and its FILTERs; use it there, not only
    inside a UNION branch or a subquery.
    """
    if not bindings:
        return query
    names = []
    terms = []
    for name, value in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
        names.append(f"?{name}")
        terms.append(str(to_oxigraph(value)))
    at = _where_brace(query)
    values = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "
    return query[:at] + values + query[at:]


def with_prefixes(query: str) -> str:
    """The query with the project's PREFIX declarations added for prefixes it does not declare."""
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([A-Za-z0-9_-]*):", query)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" + query


class EndpointURLError(EndpointError, ValueError):
    """An --endpoint value that is not an http(s) URL with a host (exit 2: the input was at fault)."""

    exit_code = 2


class EndpointAnswerError(EndpointError):
    """An endpoint that answered, but not with what SPARQL 1.1 says (exit 2: it is not a SPARQL endpoint)."""

    exit_code = 2


def check_endpoint_url(url: str) -> str:
    """`url` if it is an http(s) URL with a host; KGError (exit 2) saying what would work otherwise."""
    from urllib.parse import urlsplit

    example = "for example http://127.0.0.1:7878/sparql"
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError as e:
        raise EndpointURLError(f"endpoint {url!r} is not a valid URL ({e}); {example}") from None
    if parts.scheme not in ("http", "https"):
        raise EndpointURLError(f"endpoint must be an http:// or https:// URL, got {url!r}; {example}")
    if not parts.hostname:
        raise EndpointURLError(f"endpoint {url!r} names no host; {example}")
    if any(c.isspace() for c in url):
        raise EndpointURLError(f"endpoint {url!r} contains spaces; {example}")
    del port
    return url


# ---------------------------------------------------------------------------- stores
class Store(ABC):
    """A read-only SPARQL engine: the embedded Oxigraph store or a remote endpoint."""

    #: short description for messages and the app footer
    description: str

    @abstractmethod
    def _select(self, query: str) -> tuple[list[str], list[Row]]: ...

    @abstractmethod
    def _ask(self, query: str) -> bool: ...

    @abstractmethod
    def _construct(self, query: str) -> list[tuple[Node, Node, Node]]: ...

    def select(self, query: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        """Rows of a SELECT query, each a dict from variable name to rdflib term."""
        return self._select(bind_values(query, bindings or {}))[1]

    def select_table(self, query: str, bindings: Mapping[str, Binding] | None = None) -> tuple[list[str], list[Row]]:
        """(variables, rows) of a SELECT query, keeping the projection order."""
        return self._select(bind_values(query, bindings or {}))

    def ask(self, query: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        return self._ask(bind_values(query, bindings or {}))

    def construct(self, query: str, bindings: Mapping[str, Binding] | None = None) -> list[tuple[Node, Node, Node]]:
        """Triples of a CONSTRUCT or DESCRIBE query."""
        return self._construct(bind_values(query, bindings or {}))


def query_form(query: str) -> str:
    """'SELECT', 'ASK', 'CONSTRUCT' or 'DESCRIBE': the form of a (prefix-stripped) query."""
    body = re.sub(r"(?is)^(\s*(#[^\n]*\n|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>))*", "", query)
    m = re.match(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.I)
    if not m:
        raise QueryError("the query must be a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return m.group(1).upper()


class EmbeddedStore(Store):
    """The graph in an in-process pyoxigraph store."""

    def __init__(self, store: ox.Store | None = None, description: str = "embedded Oxigraph store") -> None:
        self.ox = store if store is not None else ox.Store()
        self.description = description

    def load_turtle(self, path: Path, base: str | None = None) -> None:
        """Parse a Turtle file into the store; a syntax error names the file and line."""
        try:
            self.ox.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base)
        except SyntaxError as e:
            raise TurtleError.from_syntax_error(path, e) from None

    def _run(self, query: str) -> Any:
        try:
            return self.ox.query(query)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        except (OSError, RuntimeError, ValueError) as e:
            raise QueryError(str(e)) from None

    def _select(self, query: str) -> tuple[list[str], list[Row]]:
        result = self._run(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in variables:
                term = solution[name]
                if term is not None:
                    row[name] = from_oxigraph(term)
            rows.append(row)
        return variables, rows

    def _ask(self, query: str) -> bool:
        result = self._run(query)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def _construct(self, query: str) -> list[tuple[Node, Node, Node]]:
        result = self._run(query)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return [(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in result]

    def __len__(self) -> int:
        return len(self.ox)


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB, `anatomy-kg serve`)."""

    def __init__(self, endpoint: str, timeout: float = 30.0) -> None:
        import httpx

        check_endpoint_url(endpoint)
        self.endpoint = endpoint
        self.description = f"SPARQL endpoint {endpoint}"
        self._client = httpx.Client(timeout=timeout)

    def _post(self, query: str, accept: str) -> Any:
        import httpx

        try:
            response = self._client.post(
                self.endpoint,
                data={"query": query},
                headers={"Accept": accept},
            )
        except httpx.HTTPError as e:
            raise EndpointError(f"cannot reach SPARQL endpoint {self.endpoint}: {e}") from None
        if response.status_code >= 400:
            text = response.text.strip()[:500]
            if response.status_code == 400:
                raise QueryError(f"the endpoint refused the query: {text}")
            raise EndpointError(f"SPARQL endpoint {self.endpoint} answered HTTP {response.status_code}: {text}")
        if response.headers.get("X-AnatomyKG-Truncated", "").lower() == "true":
            # `anatomy-kg serve` cut the answer at its row cap: partial rows would give wrong results
            cap = response.headers.get("X-AnatomyKG-Max-Rows", "its")
            raise EndpointError(
                f"SPARQL endpoint {self.endpoint} cut the answer at {cap} rows; start it with a larger --max-rows"
            )
        return response

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _json(self, query: str, key: str) -> dict[str, Any]:
        """The endpoint's SPARQL JSON answer; EndpointAnswerError if it is not JSON or not a JSON object."""
        response = self._post(query, "application/sparql-results+json")
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise EndpointAnswerError(
                f"SPARQL endpoint {self.endpoint} did not answer with SPARQL JSON results "
                f"(Content-Type {response.headers.get('content-type', 'none')!r}); is it a SPARQL endpoint URL?"
            ) from None
        if not isinstance(data, dict):
            raise EndpointAnswerError(self._shape(f"a JSON {type(data).__name__}, not an object"))
        if key == "results" and "boolean" in data:
            raise QueryError("expected a SELECT query")
        if key == "boolean" and "results" in data:
            raise QueryError("expected an ASK query")
        return data

    def _shape(self, problem: str) -> str:
        return (
            f"SPARQL endpoint {self.endpoint} answered with {problem} where SPARQL JSON results were due; "
            "is it a SPARQL 1.1 endpoint URL?"
        )

    def _select(self, query: str) -> tuple[list[str], list[Row]]:
        data = self._json(query, "results")
        try:
            variables = [str(v) for v in data["head"].get("vars", [])]
            bindings = data["results"]["bindings"]
            rows = [{str(k): from_json_term(v) for k, v in b.items()} for b in bindings]
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            raise EndpointAnswerError(self._shape(f"JSON missing or mistyping {e}")) from None
        return variables, rows

    def _ask(self, query: str) -> bool:
        data = self._json(query, "boolean")
        if not isinstance(data.get("boolean"), bool):
            raise EndpointAnswerError(self._shape("JSON without a true/false 'boolean'"))
        return data["boolean"]

    def _construct(self, query: str) -> list[tuple[Node, Node, Node]]:
        response = self._post(query, "application/n-triples")
        try:
            triples = list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as e:
            raise EndpointAnswerError(self._shape(f"text that is not N-Triples ({e})")) from None
        return [(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in triples]


def open_store(endpoint: str | None = None) -> Store | None:
    """A RemoteStore for `endpoint` or $ANATOMY_KG_ENDPOINT; None means use the embedded store."""
    endpoint = endpoint or os.environ.get(ENDPOINT_ENV) or None
    return RemoteStore(endpoint) if endpoint else None

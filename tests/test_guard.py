"""User-sent SPARQL is read-only: updates, SERVICE and FROM are refused before anything runs."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.sparql.guard import guard, normalise


@pytest.mark.parametrize(
    ("query", "form"),
    [
        pytest.param("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "SELECT", id="select"),
        pytest.param("ASK { ?s ?p ?o }", "ASK", id="ask"),
        pytest.param("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "CONSTRUCT", id="construct"),
        pytest.param("DESCRIBE <http://example.org/a>", "DESCRIBE", id="describe"),
    ],
)
def test_queries_may_run(query: str, form: str) -> None:
    guarded = guard(query)
    assert (guarded.form, guarded.text) == (form, query)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("INSERT DATA { <http://a> <http://b> <http://c> }", "SPARQL Update", id="insert-data"),
        pytest.param("DELETE WHERE { ?s ?p ?o }", "SPARQL Update", id="delete-where"),
        pytest.param("LOAD <http://example.org/data.ttl>", "SPARQL Update", id="load"),
        pytest.param("CLEAR DEFAULT", "SPARQL Update", id="clear"),
        pytest.param("DROP ALL", "SPARQL Update", id="drop"),
        pytest.param("CREATE GRAPH <http://example.org/g>", "SPARQL Update", id="create"),
        pytest.param(
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE is refused", id="service"
        ),
        pytest.param(
            "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "SERVICE is refused",
            id="escaped-service",
        ),
        pytest.param(
            "SELECT * WHERE { { SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://x> { ?a ?b ?c } } } } }",
            "SERVICE is refused",
            id="nested-service",
        ),
        pytest.param("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM", id="from-file"),
        pytest.param("SELECT * FROM NAMED <http://x/> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM", id="from-named"),
        pytest.param("SELECT * WHERE { ?s ?p }", "syntax error at line 1", id="malformed"),
        # comments that end at a carriage return for Oxigraph ended only at a line feed for rdflib
        pytest.param(
            "SELECT * WHERE { #\r SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #\n}",
            "SERVICE is refused",
            id="cr-service",
        ),
        pytest.param("SELECT * #\r FROM <file:///etc/passwd>\nWHERE { ?s ?p ?o }", "FROM", id="cr-from"),
        pytest.param(
            "SELECT * WHERE { #\\u000D SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #\n}",
            "SERVICE is refused",
            id="escaped-cr-service",
        ),
        pytest.param(
            "SELECT * WHERE { \\u005Cu0053ERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
            "escape that spells another escape",
            id="double-escape",
        ),
        pytest.param("SELECT * WHERE " + "{" * 3000 + "}" * 3000, "nested too deeply", id="deep-nesting"),
        pytest.param("SELECT * WHERE { ?s ?p '\\uD800' }", "not a Unicode character", id="surrogate-escape"),
        pytest.param("SELECT * WHERE { ?s ?p '\\U00110000' }", "not a Unicode character", id="escape-past-unicode"),
    ],
)
def test_refused(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        guard(query)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        pytest.param("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }", id="unchanged"),
        pytest.param("SELECT *\r\nWHERE {\r?s ?p ?o }", "SELECT *\nWHERE {\n?s ?p ?o }", id="cr-and-crlf"),
        pytest.param("\\u0053ELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }", id="escaped-keyword"),
        pytest.param("ASK { ?s ?p '\\U0001F9B4' }", "ASK { ?s ?p '\U0001f9b4' }", id="eight-digit-escape"),
        pytest.param("ASK { ?s ?p '\\u00000053' }", "ASK { ?s ?p '\x000053' }", id="four-digits-only"),
        pytest.param("ASK { # \u2028 } \n ?s ?p ?o }", "ASK { # \u2028 } \n ?s ?p ?o }", id="u2028-stays"),
        pytest.param("ASK { ?s ?p 'C:\\\\users' }", "ASK { ?s ?p 'C:\\\\users' }", id="backslash-u-not-hex"),
    ],
)
def test_normalise_gives_the_text_both_parsers_read_alike(query: str, text: str) -> None:
    assert normalise(query) == text


def test_the_guard_returns_the_normalised_text() -> None:
    guarded = guard("SELECT ?s WHERE { # a note\r ?s ?p ?o }")
    assert guarded == type(guarded)("SELECT ?s WHERE { # a note\n ?s ?p ?o }", "SELECT")

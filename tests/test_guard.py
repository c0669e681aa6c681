"""User-sent SPARQL is read-only: updates, SERVICE and FROM are refused before anything runs."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.guard import check_read_only


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
    assert check_read_only(query) == form


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
    ],
)
def test_refused(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        check_read_only(query)

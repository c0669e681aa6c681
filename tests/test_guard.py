"""User-sent SPARQL is read-only: updates, SERVICE and FROM are refused before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.sparql.guard import guard, normalise, parsed_form, shortcut_form


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


# ---------------------------------------------------------------------------- the shortcut past the rdflib parse
SHIPPED = sorted((Path(__file__).parents[1] / "kg" / "queries").glob("*.rq"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_the_shortcut_reads_the_form_the_parse_reads(path: Path) -> None:
    text = normalise(path.read_text(encoding="utf-8"))
    shortcut = shortcut_form(text)
    if shortcut is not None:
        assert shortcut == parsed_form(text)


def test_everyday_queries_take_the_shortcut() -> None:
    taken = {p.stem for p in SHIPPED if shortcut_form(normalise(p.read_text(encoding="utf-8")))}
    # the four that do not say "from" in a comment ("… coming from other entities")
    assert {p.stem for p in SHIPPED} - taken == {"entity_in", "entity_in_sources", "entity_out", "entity_out_sources"}


@pytest.mark.parametrize(
    ("query", "form"),
    [
        pytest.param("SELECT ?r WHERE { ?m akg:receivesFibresFrom ?r }", "SELECT", id="prefixed-name-from"),
        pytest.param("SELECT ?service WHERE { ?service ?p ?o }", "SELECT", id="variable-service"),
        pytest.param("# which muscles\nPREFIX ex: <http://e.org/x#>\nASK { ?s ex:p ?o }", "ASK", id="prologue"),
        pytest.param("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", id="construct-where"),
        pytest.param("describe <urn:x:a>", "DESCRIBE", id="lower-case-describe"),
        pytest.param("SELECT * WHERE { ?s ?p 'añadir' }", "SELECT", id="non-ascii-in-a-string"),
    ],
)
def test_the_shortcut_takes_plain_queries(query: str, form: str) -> None:
    assert shortcut_form(normalise(query)) == form
    assert guard(query).form == form


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("SELECT * WHERE { ?s <x#> ?o . SERVICE <http://127.0.0.1:9/> { } }", id="hash-in-relative-iri"),
        pytest.param("SELECT * WHERE { FILTER(?a<urn:x#>'''\n) SERVICE <http://127.0.0.1:9/> {} #''') }", id="lt"),
        pytest.param("ASKFROM <urn:g> { }", id="keyword-glued-to-keyword"),
        pytest.param("SELECT * WHERE { ?a ?b 1SERVICE <http://127.0.0.1:9/> { } }", id="keyword-after-number"),
        pytest.param("SELECT * WHERE { ?s ?p 'from the ilium' }", id="from-in-a-string"),
        pytest.param("SELECT * WHERE { \u017fERVICE <http://127.0.0.1:9/> { } }", id="long-s"),
        pytest.param("SELECT * WHERE { ?s ?p ?o } # SERVICE in a comment", id="service-in-a-comment"),
        pytest.param("SELECT * WHERE " + "{" * 21 + "}" * 21, id="deeper-than-20"),
    ],
)
def test_the_shortcut_leaves_doubtful_texts_to_the_parse(query: str) -> None:
    assert shortcut_form(normalise(query)) is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "SPARQL Update", id="update"),
        pytest.param("SELECT * WHERE { ?s ?p }", "syntax error at line 1, column 18", id="syntax-error"),
        pytest.param("ASK { ?s ?p ?o } LIMIT", "syntax error at line 1", id="trailing-keyword"),
    ],
)
def test_what_the_engine_cannot_read_gets_the_parse_message(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        guard(query)

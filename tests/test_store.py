"""Parameters reach queries as bound values on every engine, never as query text."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.errors import QueryError
from kg.store import EmbeddedStore, bind_values
from tests.conftest import FIXTURES

LABEL_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e WHERE { ?e rdfs:label ?l . FILTER(LCASE(STR(?l)) = ?q) }
"""


@pytest.fixture()
def mini() -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_turtle(FIXTURES / "mini_store.ttl")
    return store


def test_a_bound_literal_matches_exactly(mini: EmbeddedStore) -> None:
    rows = mini.select(LABEL_QUERY, {"q": "gluteus medius"})
    assert [str(r["e"]) for r in rows] == ["https://w3id.org/anatomy-kg/id/a"]


def test_quotes_and_braces_in_user_text_stay_inside_the_literal(mini: EmbeddedStore) -> None:
    rows = mini.select(LABEL_QUERY, {"q": 'gluteus "quoted" } name'})
    assert [str(r["e"]) for r in rows] == ["https://w3id.org/anatomy-kg/id/b"]


def test_an_injection_attempt_is_just_a_string_that_matches_nothing(mini: EmbeddedStore) -> None:
    before = len(mini)
    attack = 'x" ) } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER("'
    assert mini.select(LABEL_QUERY, {"q": attack}) == []
    assert len(mini) == before
    assert '\\"' in bind_values(LABEL_QUERY, {"q": attack})


def test_values_block_opens_the_outer_where_group() -> None:
    query = "SELECT ?x WHERE { # where { in a comment\n ?x ?p '{ not a brace' }"
    bound = bind_values(query, {"p": URIRef("http://example.org/p")})
    assert bound.startswith("SELECT ?x WHERE { VALUES (?p) { (<http://example.org/p>) }")


def test_an_iri_with_spaces_is_refused() -> None:
    with pytest.raises(QueryError, match="not a valid IRI"):
        bind_values(LABEL_QUERY, {"q": URIRef("http://example.org/a b")})


def test_a_parameter_name_must_be_a_variable_name() -> None:
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        bind_values(LABEL_QUERY, {"q) } DROP": "x"})

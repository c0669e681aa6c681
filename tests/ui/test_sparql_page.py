"""SPARQL page: prefixes predeclared, labelled results with card links, refusals and errors as messages."""

from __future__ import annotations

import pytest

from kg.ui.state import Key, Page
from tests.ui.helpers import texts, unescape


def test_default_query_lists_the_muscles_of_the_superior_gluteal_nerve(open_page):
    at = open_page(Page.SPARQL)
    assert "PREFIX obo: <http://purl.obolibrary.org/obo/>" in at.text_area(key=Key.SPARQL_TEXT).value

    at.button(key=Key.SPARQL_RUN).click().run()

    rows = at.dataframe[0].value.to_dict("records")
    assert not at.exception
    assert {r["muscle"] for r in rows} >= {"gluteus medius", "gluteus minimus", "tensor fasciae latae"}
    assert {r["muscle ↗"] for r in rows} >= {"/entity?entity=gluteus_medius"}


def test_drop_all_is_refused_with_a_message(open_page):
    at = open_page(Page.SPARQL)

    at.text_area(key=Key.SPARQL_TEXT).input("DROP ALL").run()
    at.button(key=Key.SPARQL_RUN).click().run()

    assert not at.exception
    assert "refused: the graph is read-only" in unescape(at.error[0].value)


def test_service_is_refused(open_page):
    at = open_page(Page.SPARQL)

    at.text_area(key=Key.SPARQL_TEXT).input("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }").run()
    at.button(key=Key.SPARQL_RUN).click().run()

    assert "SERVICE" in at.error[0].value


def test_syntax_error_names_the_line_in_the_users_text(open_page):
    at = open_page(Page.SPARQL)

    at.text_area(key=Key.SPARQL_TEXT).input("SELECT ?x WHERE {\n  ?x ?y\n}").run()
    at.button(key=Key.SPARQL_RUN).click().run()

    assert "Query problem: SPARQL syntax error at line" in unescape(at.error[0].value)


def test_row_cap_truncates_and_says_so(open_page):
    at = open_page(Page.SPARQL)

    at.text_area(key=Key.SPARQL_TEXT).input("SELECT ?s WHERE { ?s a akg:Muscle }").run()
    at.number_input(key=Key.SPARQL_MAX_ROWS).set_value(5).run()
    at.button(key=Key.SPARQL_RUN).click().run()

    assert len(at.dataframe[0].value) == 5
    assert "stopped at the cap of 5" in texts(at)


def test_gallery_construct_example_draws_a_graph(open_page):
    at = open_page(Page.SPARQL)

    at.selectbox(key=Key.SPARQL_EXAMPLE).select(
        "a small graph to draw: the gluteal muscles with their nerves, roots and actions (CONSTRUCT)"
    ).run()
    at.button(key=Key.SPARQL_RUN).click().run()

    assert not at.exception
    assert "triples**" in texts(at)
    assert [t.label for t in at.tabs] == ["Graph", "Triples"]


@pytest.mark.slow
def test_runaway_query_is_stopped_at_the_time_limit(open_page, monkeypatch):
    monkeypatch.setenv("ANATOMY_KG_QUERY_TIMEOUT", "2")
    at = open_page(Page.SPARQL)

    at.text_area(key=Key.SPARQL_TEXT).input("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }").run()
    at.button(key=Key.SPARQL_RUN).click().run()

    assert "query stopped: it ran longer than the 2 s limit" in unescape(at.error[0].value)

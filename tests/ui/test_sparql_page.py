"""SPARQL page: the editor, prefixes predeclared, labelled results with card links, refusals and errors marked."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from kg.ui.state import Key, Page
from tests.ui.helpers import texts, unescape

_edits = itertools.count()


def editor(at) -> dict[str, Any]:
    """The arguments the page gave the code editor component (its text, completions, marks)."""
    return json.loads(at.get("component_instance")[0].proto.json_args)


def type_query(at, text: str, submit: bool = False):
    """What the browser's editor sends when a person types TEXT (and, with submit, presses Ctrl+Enter)."""
    key = f"sparql_editor_{at.session_state['_sparql_editor_key'] if '_sparql_editor_key' in at.session_state else 0}"  # noqa: SIM401 (SessionState has no get)
    at.session_state[key] = {
        "id": f"edit-{next(_edits)}",
        "type": "submit" if submit else "change",
        "lang": "sparql",
        "text": text,
        "selected": "",
        "cursor": "",
    }
    return at.run()


def test_default_query_lists_the_muscles_of_the_superior_gluteal_nerve(open_page):
    at = open_page(Page.SPARQL)
    assert "PREFIX obo: <http://purl.obolibrary.org/obo/>" in editor(at)["code"]
    assert editor(at)["lang"] == "sparql"

    at.button(key=Key.SPARQL_RUN).click().run()

    rows = at.dataframe[0].value.to_dict("records")
    assert not at.exception
    assert {r["muscle"] for r in rows} >= {"gluteus medius", "gluteus minimus", "tensor fasciae latae"}
    assert {r["muscle ↗"] for r in rows} >= {"/entity?entity=gluteus_medius"}


def test_drop_all_is_refused_with_a_message(open_page):
    at = open_page(Page.SPARQL)

    type_query(at, "DROP ALL")
    at.button(key=Key.SPARQL_RUN).click().run()

    assert not at.exception
    assert "refused: the graph is read-only" in unescape(unescape(at.error[0].value))


def test_service_is_refused(open_page):
    at = open_page(Page.SPARQL)

    type_query(at, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    at.button(key=Key.SPARQL_RUN).click().run()

    assert "SERVICE" in unescape(at.error[0].value)


def test_syntax_error_names_the_line_in_the_users_text(open_page):
    at = open_page(Page.SPARQL)

    type_query(at, "SELECT ?x WHERE {\n  ?x ?y\n}")
    at.button(key=Key.SPARQL_RUN).click().run()

    assert unescape(at.error[0].value).startswith(
        "Query problem: SPARQL syntax error at line 2, column 3: the query stops"
    )
    assert editor(at)["props"]["annotations"][0]["row"] == 1  # the second line, marked in the editor


def test_row_cap_truncates_and_says_so(open_page):
    at = open_page(Page.SPARQL)

    type_query(at, "SELECT ?s WHERE { ?s a akg:Muscle }")
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

    type_query(at, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    at.button(key=Key.SPARQL_RUN).click().run()

    assert "query stopped: it ran longer than the 2 s limit" in unescape(at.error[0].value)


def test_ctrl_enter_in_the_editor_runs_the_query(open_page):
    at = open_page(Page.SPARQL)

    type_query(at, "SELECT ?label WHERE { :gluteus_medius rdfs:label ?label }", submit=True)

    assert at.dataframe[0].value.to_dict("records") == [{"label": "gluteus medius"}]


def test_unknown_prefix_is_said_plainly_and_marked_at_its_line_and_column(open_page):
    at = open_page(Page.SPARQL)

    type_query(at, "SELECT ?m WHERE {\n  ?m a foo:Muscle }", submit=True)

    assert unescape(at.error[0].value) == (
        "Query problem: line 2, column 8: unknown prefix `foo:`; known prefixes: `:`, `akg:`, `dcterms:`, `obo:`, "
        "`owl:`, `rdf:`, `rdfs:`, `skos:`, `xsd:` (declare it first: PREFIX foo: <…>)"
    )
    props = editor(at)["props"]
    assert props["annotations"][0]["row"] == 1 and props["annotations"][0]["column"] == 7
    assert props["annotations"][0]["type"] == "error"
    assert props["markers"][0]["startRow"] == 1 and props["markers"][0]["startCol"] == 7


def test_empty_query_says_so(open_page):
    at = open_page(Page.SPARQL)

    type_query(at, "  \n", submit=True)

    assert unescape(at.error[0].value).startswith(
        "Query problem: empty query: write a SELECT, ASK, CONSTRUCT or DESCRIBE query"
    )


def test_completions_offer_prefixes_classes_properties_and_entities(open_page):
    at = open_page(Page.SPARQL)

    items = {(i["value"], i["meta"]) for i in editor(at)["completions"]}

    assert ("PREFIX akg: <https://w3id.org/anatomy-kg/ontology#>", "prefix") in items
    assert ("akg:Muscle", "class") in items
    assert ("obo:RO_0002005", "property") in items
    assert (":gluteus_medius", ":gluteus_medius") in items


def test_gallery_shows_summary_and_parameters_and_loads_the_query_without_its_header(open_page):
    at = open_page(Page.SPARQL)

    at.selectbox(key=Key.SPARQL_EXAMPLE).select(
        "muscles that receive the L5 root, through which nerve, and how each source grades it"
    ).run()

    assert "Parameters: none (edit :L5 to ask about another root)" in texts(at)
    assert "Returns: muscle, nerve, grades (one per source position)" in texts(at)
    assert "#+" not in editor(at)["code"]
    assert editor(at)["code"].startswith("PREFIX : <https://w3id.org/anatomy-kg/id/>")


def test_csv_download_is_the_labelled_one(open_page):
    """The file's content is checked in tests/test_sparql_help.py (labelled_csv); here, that the page offers it."""
    at = open_page(Page.SPARQL)

    at.button(key=Key.SPARQL_RUN).click().run()

    download = next(e for e in at.get("download_button") if e.proto.label == "Download CSV")
    assert download.proto.help == "Full IRIs, each with its label in the column beside it"
    assert download.proto.url.endswith(".csv")


def test_one_label_and_one_number_column_draws_a_bar_chart(open_page):
    at = open_page(Page.SPARQL)

    type_query(
        at,
        "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?type . VALUES ?type { akg:Muscle akg:Nerve } } GROUP BY ?type",
        submit=True,
    )

    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["mark"]["type"] == "bar"
    assert {spec["encoding"]["x"]["field"], spec["encoding"]["y"]["field"]} == {"type", "n"}


def test_no_chart_for_a_result_without_a_number_column(open_page):
    at = open_page(Page.SPARQL)

    at.button(key=Key.SPARQL_RUN).click().run()

    assert at.dataframe[0].value.shape[0] >= 3
    assert len(at.get("vega_lite_chart")) == 0


def test_a_link_opens_its_query_and_runs_it_and_the_url_follows_the_text(open_page):
    at = open_page(Page.SPARQL, query="SELECT ?m WHERE { ?m obo:RO_0002005 :superior_gluteal_nerve }", rows="abc")

    assert not at.exception
    assert "The row cap in the link is not a number ('abc'); using 1000." in unescape(texts(at))
    assert "**3 rows**" in texts(at)
    assert editor(at)["code"].endswith("SELECT ?m WHERE { ?m obo:RO_0002005 :superior_gluteal_nerve }\n")
    assert at.query_params["query"] == "SELECT ?m WHERE { ?m obo:RO_0002005 :superior_gluteal_nerve }"
    assert "rows" not in at.query_params

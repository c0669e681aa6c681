"""Help for people writing SPARQL: plain messages with line and column, labelled CSV, charts, CONSTRUCT formats."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

import kg
from kg.cli.main import cli
from kg.errors import QueryError
from kg.queries import gallery
from kg.sparql.help import chart_columns, check_text, completions, labelled_csv, locate, query_body
from kg.vocab import ENT

KNOWN = "`:`, `akg:`, `dcterms:`, `obo:`, `owl:`, `rdf:`, `rdfs:`, `skos:`, `xsd:`"


@pytest.fixture(scope="module")
def graph() -> kg.graph.AnatomyGraph:
    return kg.load()


@pytest.mark.parametrize("text", ["", "   \n", "# just a comment\n"])
def test_empty_query_is_said_to_be_empty(graph, text: str) -> None:
    with pytest.raises(QueryError) as error:
        graph.user_query(text)
    assert str(error.value) == (
        "empty query: write a SELECT, ASK, CONSTRUCT or DESCRIBE query, for example SELECT ?m WHERE { ?m a akg:Muscle }"
    )


def test_unknown_prefix_names_it_its_place_and_the_known_ones(graph) -> None:
    with pytest.raises(QueryError) as error:
        graph.user_query("SELECT ?m WHERE {\n  ?m a foo:Muscle }")
    assert str(error.value) == (
        f"line 2, column 8: unknown prefix `foo:`; known prefixes: {KNOWN} (declare it first: PREFIX foo: <…>)"
    )
    assert locate(str(error.value)).line == 2 and locate(str(error.value)).column == 8


def test_prefixes_inside_strings_iris_and_comments_are_not_prefixes() -> None:
    check_text('SELECT ?s WHERE { ?s rdfs:label "a:b" ; <http://x.org/a:b> ?o FILTER(?o < 5) } # foo:bar')
    check_text("PREFIX ex: <http://example.org/>\nSELECT ?s WHERE { ?s ex:p ?o }")


def test_syntax_error_is_in_plain_words_at_its_line(graph) -> None:
    with pytest.raises(QueryError) as error:
        graph.user_query("SELECT ?x WHERE {\n  ?x ?y\n}")
    assert str(error.value).startswith("SPARQL syntax error at line 2, column 3: the query stops making sense here")
    with pytest.raises(QueryError) as error:
        graph.user_query("SELEC ?x WHERE { ?x ?y ?z }")
    assert str(error.value) == (
        "SPARQL syntax error at line 1, column 1: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE "
        "(after its PREFIX lines)"
    )


def test_gallery_query_body_has_no_header_lines() -> None:
    example = next(q for q in gallery() if q.name == "example_root_supply")
    body = query_body(example.text)
    assert "#+" not in body
    assert body.startswith("PREFIX : <https://w3id.org/anatomy-kg/id/>")
    assert example.summary == "muscles that receive the L5 root, through which nerve, and how each source grades it"
    assert example.params == "none (edit :L5 to ask about another root)"


def test_labelled_csv_puts_the_label_beside_each_iri(graph) -> None:
    result = graph.user_query("SELECT ?m ?n WHERE { ?m obo:RO_0002005 :superior_gluteal_nerve . BIND(1 AS ?n) }")
    rows = list(csv.reader(io.StringIO(labelled_csv(result["variables"], result["rows"], graph.labels))))
    assert rows[0] == ["m", "m label", "n"]
    assert [str(ENT.gluteus_medius), "gluteus medius", "1"] in rows[1:]


def test_chart_needs_one_label_column_and_one_number_column() -> None:
    rows = [{"type": URIRef(ENT.x), "count": Literal(3)}, {"type": URIRef(ENT.y), "count": Literal(5)}]
    assert chart_columns(["type", "count"], rows) == ("type", "count")
    assert chart_columns(
        ["label", "n"],
        [{"label": Literal("a"), "n": Literal("2.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))}],
    ) == ("label", "n")
    assert chart_columns(["type"], [{"type": URIRef(ENT.x)}]) is None
    assert chart_columns(["a", "b"], [{"a": Literal(1), "b": Literal(2)}]) is None  # two numbers
    assert chart_columns(["a", "b"], [{"a": Literal("x"), "b": Literal("y")}]) is None  # no number


def test_completions_offer_prefixes_classes_properties_and_entities(graph) -> None:
    classes = [str(ENT.gluteus_medius).replace("/id/gluteus_medius", "/ontology#Muscle")]
    items = completions(graph.labels, classes=classes, properties=["http://purl.obolibrary.org/obo/RO_0002005"])
    by_value = {i["value"]: i for i in items}
    assert by_value["PREFIX akg: <https://w3id.org/anatomy-kg/ontology#>"]["meta"] == "prefix"
    assert by_value["akg:Muscle"]["meta"] == "class"
    assert by_value["obo:RO_0002005"]["meta"] == "property"
    assert by_value[":gluteus_medius"]["caption"] == "gluteus medius"


CONSTRUCT = (
    "CONSTRUCT { :gluteus_medius obo:RO_0002005 ?n . ?n rdfs:label ?l } "
    "WHERE { :gluteus_medius obo:RO_0002005 ?n . ?n rdfs:label ?l }"
)


def sparql(*args: str) -> str:
    result = CliRunner().invoke(cli, ["sparql", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_construct_as_table() -> None:
    assert sparql(CONSTRUCT).splitlines() == [
        "subject                  predicate       object",
        "-----------------------  --------------  -----------------------",
        ":gluteus_medius          obo:RO_0002005  :superior_gluteal_nerve",
        ":superior_gluteal_nerve  rdfs:label      superior gluteal nerve",
    ]


def test_cli_construct_as_turtle_ntriples_and_jsonld() -> None:
    turtle = sparql(CONSTRUCT, "-f", "ttl")
    assert "@prefix obo: <http://purl.obolibrary.org/obo/> ." in turtle
    assert ":gluteus_medius obo:RO_0002005 :superior_gluteal_nerve ." in turtle
    assert sparql(CONSTRUCT, "-f", "nt").splitlines() == [
        "<https://w3id.org/anatomy-kg/id/gluteus_medius> <http://purl.obolibrary.org/obo/RO_0002005> "
        "<https://w3id.org/anatomy-kg/id/superior_gluteal_nerve> .",
        "<https://w3id.org/anatomy-kg/id/superior_gluteal_nerve> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"superior gluteal nerve"@en .',
    ]
    doc = json.loads(sparql(CONSTRUCT, "-f", "jsonld"))
    nerve = next(n for n in doc if n["@id"] == str(ENT.superior_gluteal_nerve))
    assert nerve["http://www.w3.org/2000/01/rdf-schema#label"] == [
        {"@language": "en", "@value": "superior gluteal nerve"}
    ]


def test_cli_rdf_format_for_a_select_says_what_would_work() -> None:
    result = CliRunner().invoke(cli, ["sparql", "SELECT ?m WHERE { ?m a akg:Muscle }", "-f", "ttl"])
    assert result.exit_code != 0
    assert "--format ttl is for CONSTRUCT and DESCRIBE results; a SELECT query takes table, json, csv or tsv" in (
        str(result.exception) + result.output
    )

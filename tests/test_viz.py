"""Graph specs and the offline HTML: escaping, no CDN, node caps, layers."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef

from kg import reasoning
from kg.viz import (
    GRADE_COLOURS,
    construct_graph,
    deficit_layers,
    neighbourhood,
    overlapping_labels,
    readable_layout,
    to_pyvis_html,
    trace_graph,
)
from kg.vocab import ENT

GMED = str(ENT.gluteus_medius)
EVIL = '<img src=x onerror="alert(1)">'


def tiny_spec(label: str = EVIL) -> dict:
    return {
        "nodes": [
            {"id": "a", "label": label, "title": f"{label} href", "color": "#e15759", "x": 0, "y": 0, "category": "x"},
            {"id": "b", "label": "b", "title": "b", "color": "#edc948", "x": 100, "y": 0, "category": "y"},
        ],
        "edges": [{"from": "a", "to": "b", "label": label, "title": label}],
        "legend": [{"label": label, "color": "#e15759"}],
        "hidden": 3,
        "title": label,
    }


def test_html_escapes_a_malicious_label_everywhere():
    page = to_pyvis_html(tiny_spec())

    assert EVIL not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_html_loads_nothing_from_the_network():
    page = to_pyvis_html(tiny_spec("gluteus medius"))

    remote = re.findall(r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert remote == []
    assert "cdn.jsdelivr.net" not in page
    assert "vis-network" in page  # inlined, not linked


def test_html_says_how_many_nodes_were_hidden_and_education_only():
    page = to_pyvis_html(tiny_spec("gluteus medius"))

    assert "3 more node(s) hidden" in page
    assert "for education, not diagnosis" in page


def test_neighbourhood_of_gluteus_medius_holds_its_nerve_and_insertion(graph):
    spec = neighbourhood(graph, GMED, depth=1, max_nodes=150)

    labels = {n["label"] for n in spec["nodes"]}
    assert {"gluteus medius", "superior gluteal nerve", "greater trochanter"} <= labels
    assert spec["hidden"] == 0
    assert next(n for n in spec["nodes"] if n["id"] == GMED)["category"] == "muscle"


def test_node_cap_is_honoured_and_hidden_nodes_counted(graph):
    spec = neighbourhood(graph, GMED, depth=2, max_nodes=12)

    assert len(spec["nodes"]) == 12
    assert spec["hidden"] == spec["total"] - 12
    assert spec["hidden"] > 0
    kept = {n["id"] for n in spec["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in spec["edges"])


def test_relation_filter_keeps_only_those_links(graph):
    spec = neighbourhood(graph, GMED, relations=["innervated by"])

    assert [n["label"] for n in spec["nodes"]] == ["gluteus medius", "superior gluteal nerve"]
    assert {e["label"] for e in spec["edges"]} == {"is innervated by"}
    assert "has muscle insertion" in spec["relations"]


def test_depth_must_be_one_or_two(graph):
    with pytest.raises(ValueError, match="depth must be 1 or 2"):
        neighbourhood(graph, GMED, depth=3)


def test_deficit_layers_run_root_nerve_muscle_action(graph):
    spec = deficit_layers(reasoning.deficit(graph, ["L5"]))

    level = {n["label"]: n["level"] for n in spec["nodes"]}
    assert level["L5 spinal nerve"] == 0
    assert level["deep fibular nerve"] < level["extensor hallucis longus"] < level["great toe extension"]
    colour = {n["label"]: n["color"] for n in spec["nodes"]}
    assert colour["great toe extension"] == GRADE_COLOURS["severe"]


def test_trace_graph_starts_at_the_term(graph):
    spec = trace_graph(reasoning.trace(graph, "Trendelenburg gait"))

    level = {n["label"]: n["level"] for n in spec["nodes"]}
    assert level["Trendelenburg gait"] == 0
    assert level["gluteus medius"] < level["superior gluteal nerve"]


def test_construct_graph_folds_labels_and_shows_literals_as_boxes():
    triples = [
        (URIRef(GMED), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("gluteus medius")),
        (URIRef(GMED), URIRef("http://purl.obolibrary.org/obo/RO_0002005"), URIRef(ENT.superior_gluteal_nerve)),
        (URIRef(GMED), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("glute med")),
    ]

    spec = construct_graph(triples, labels={str(ENT.superior_gluteal_nerve): "superior gluteal nerve"})

    labels = {n["label"]: n["shape"] for n in spec["nodes"]}
    assert labels == {"gluteus medius": "dot", "superior gluteal nerve": "dot", "glute med": "box"}


# ---------------------------------------------------------------------------- readable layout (issue 11 item 2)


@pytest.mark.parametrize(("depth", "cap"), [(1, 30), (1, 150), (2, 30), (2, 150)])
def test_gluteus_medius_neighbourhood_has_no_overlapping_labels_and_labels_of_12px(graph, depth, cap):
    spec = readable_layout(neighbourhood(graph, GMED, depth=depth, max_nodes=cap))

    assert overlapping_labels(spec) == []
    assert spec["min_label_px"] >= 12
    assert len(spec["nodes"]) <= 40  # never a hairball of 150: crowded columns are folded into groups


def test_a_crowded_neighbourhood_is_folded_by_type_with_counts_and_unfolds(graph):
    spec = readable_layout(neighbourhood(graph, GMED, depth=1, max_nodes=150))
    groups = {n["label"] for n in spec["nodes"] if n["id"].startswith("group:")}

    assert {"+23 exercise / treatment", "+4 muscle"} <= groups
    unfolded = readable_layout(neighbourhood(graph, GMED, depth=1, max_nodes=150), expanded=["exercise / treatment"])
    assert "clamshell" in {n["label"] for n in unfolded["nodes"]}
    assert not [n for n in unfolded["nodes"] if n["id"] == "group:1:exercise / treatment"]


def test_edge_labels_are_plain_words_and_never_collide(graph):
    spec = readable_layout(neighbourhood(graph, GMED, depth=1, max_nodes=30))

    titles = {e["title"].split("\n")[0] for e in spec["edges"]}
    assert "gluteus medius is innervated by superior gluteal nerve" in titles
    assert [e["label"] for e in spec["edges"] if e["label"]]  # some shown on the picture, all on hover
    assert overlapping_labels(spec) == []


def test_deficit_graph_for_l5_is_readable_in_a_full_width_frame(graph):
    spec = readable_layout(deficit_layers(reasoning.deficit(graph, ["L5"])), frame_width=1000)

    assert overlapping_labels(spec) == []
    assert spec["min_label_px"] >= 12


def test_trace_graph_for_trendelenburg_gait_is_readable_in_its_frame(graph):
    spec = readable_layout(trace_graph(reasoning.trace(graph, "Trendelenburg gait")), frame_width=600)

    assert overlapping_labels(spec) == []
    assert spec["min_label_px"] >= 12
    assert any("\n" in n["label"] for n in spec["nodes"])  # long names wrap onto two lines rather than shrink


# ---------------------------------------------------------------------------- relation names on the lines
def placed(spec: dict) -> dict[str, list]:
    """Relation name → where it is drawn, for the names the layout placed."""
    out: dict[str, list] = {}
    for e in spec["edges"]:
        if e.get("label_at"):
            out.setdefault(e["label"].replace("\n", " "), []).append(e["label_at"])
    return out


@pytest.mark.parametrize(("depth", "cap"), [(1, 30), (2, 30)])
def test_relation_names_are_placed_on_their_lines_without_covering_a_label(graph, depth, cap):
    spec = readable_layout(neighbourhood(graph, GMED, depth=depth, max_nodes=cap), edge_labels=True)
    named = [e for e in spec["edges"] if e["label"]]

    assert spec["edge_labels"] == "placed"
    assert overlapping_labels(spec) == []  # node labels and the names' boxes
    assert spec["min_label_px"] >= 12
    assert len([e for e in named if e.get("label_at")]) == len(named) - spec["unplaced_labels"]
    if depth == 1:
        assert spec["unplaced_labels"] == 0  # every line of the default card graph carries its name
        assert "is innervated by" in placed(spec)


def test_relation_names_can_be_switched_off_and_stay_in_the_tooltips(graph):
    spec = readable_layout(neighbourhood(graph, GMED, depth=1, max_nodes=30), edge_labels=False)

    assert spec["edge_labels"] == "none"
    assert [e["label"] for e in spec["edges"] if e["label"]] == []
    assert "gluteus medius is innervated by superior gluteal nerve" in {
        e["title"].split("\n")[0] for e in spec["edges"]
    }


def test_deficit_and_trace_lines_are_named_in_plain_words(graph):
    from kg.card import wording_by_label

    deficit = readable_layout(deficit_layers(reasoning.deficit(graph, ["L5"])), frame_width=1000, edge_labels=True)
    trace = readable_layout(
        trace_graph(reasoning.trace(graph, "Trendelenburg gait"), words=wording_by_label(graph)),
        frame_width=1000,
        edge_labels=True,
    )

    assert {"sends fibres to", "innervates", "acts in"} <= set(placed(deficit))
    assert "L5 spinal nerve sends fibres to deep fibular nerve" in {e["title"] for e in deficit["edges"]}
    assert "Trendelenburg gait is caused by dysfunction of gluteus medius" in {e["title"] for e in trace["edges"]}
    assert not [e for e in trace["edges"] if "disease has basis" in e["label"] + e["title"]]
    for spec in (deficit, trace):
        assert overlapping_labels(spec) == []
        assert spec["min_label_px"] >= 12
        assert spec["unplaced_labels"] <= 1

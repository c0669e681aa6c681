"""How are two entities connected: shortest meaningful paths as sentences, from the API and the CLI."""

from __future__ import annotations

import pytest

from kg.errors import UnknownNameError
from kg.paths import connect
from kg.viz import path_graph
from tests.test_cli import run


def sentences(graph, a: str, b: str, **kw) -> list[str]:
    return [p["sentence"] for p in connect(graph, a, b, **kw)["paths"]]


def test_l5_reaches_gluteus_medius_directly_then_through_the_superior_gluteal_nerve(graph):
    found = sentences(graph, "L5", "gluteus medius")

    assert found[0] == "L5 spinal nerve supplies (minor/major) gluteus medius."
    assert found[1] == "L5 spinal nerve sends fibres to superior gluteal nerve, which innervates gluteus medius."


def test_piriformis_reaches_foot_drop_through_roots_and_through_the_sciatic_nerve(graph):
    found = sentences(graph, "piriformis", "foot drop")

    assert found[0] == (
        "piriformis receives fibres from (minor) S1 spinal nerve, which when dysfunctional causes lumbar "
        "radiculopathy, which presents with foot drop."
    )
    assert (
        "piriformis compresses sciatic nerve, which gives off common fibular nerve, which when dysfunctional "
        "causes common fibular neuropathy at the fibular head, which presents with foot drop."
    ) in found


def test_paths_come_fewest_links_first_and_never_walk_through_bones_or_exercises(graph):
    result = connect(graph, "gluteus medius", "piriformis")
    hops = [p["hops"] for p in result["paths"]]
    walked = {label for p in result["paths"] for label in p["labels"][1:-1]}

    assert hops == sorted(hops)
    assert not walked & {"greater trochanter", "femur", "clamshell", "gluteal muscles"}


def test_the_path_graph_has_both_ends_and_worded_edges(graph):
    spec = path_graph(graph, connect(graph, "L5", "gluteus medius"))

    labels = {n["label"] for n in spec["nodes"]}
    assert {"L5 spinal nerve", "gluteus medius", "superior gluteal nerve"} <= labels
    assert "sends fibres to" in {e["label"] for e in spec["edges"]}


def test_unknown_names_raise_with_suggestions(graph):
    with pytest.raises(UnknownNameError) as e:
        connect(graph, "piriformis", "foot drp")
    assert "foot drop" in e.value.suggestions


def test_cli_path_prints_numbered_sentences(capsys):
    code, out, _ = run(capsys, "path", "L5", "gluteus medius", "-n", "2")

    assert code == 0
    assert out.splitlines() == [
        "How L5 spinal nerve and gluteus medius are connected:",
        "  1. L5 spinal nerve supplies (minor/major) gluteus medius.",
        "  2. L5 spinal nerve sends fibres to superior gluteal nerve, which innervates gluteus medius.",
    ]


def test_cli_path_unknown_name_exits_2_with_did_you_mean(capsys):
    code, _, err = run(capsys, "path", "piriformis", "foot drp")

    assert code == 2
    assert "unknown entity 'foot drp'; did you mean 'foot drop', 'foot'?" in err

"""Trace: typed paths from the seed dysfunctions and symptoms to the muscles, nerves and roots behind them."""

from __future__ import annotations

import json

import pytest

import kg
from kg import reasoning
from kg.cli.main import main
from kg.errors import UnknownNameError


def chains(result: dict) -> list[list[str]]:
    return [[step["label"] for step in path] for path in result["paths"]]


@pytest.mark.parametrize(
    ("term", "chain"),
    [
        pytest.param(
            "Trendelenburg gait",
            ["Trendelenburg gait", "superior gluteal nerve", "L5 spinal nerve"],
            id="trendelenburg-gait",
        ),
        pytest.param("Trendelenburg gait", ["Trendelenburg gait", "gluteus medius"], id="trendelenburg-gait-muscle"),
        pytest.param(
            "piriformis syndrome", ["piriformis syndrome", "sciatic nerve", "L5 spinal nerve"], id="piriformis-syndrome"
        ),
        pytest.param("leg numbness", ["leg numbness", "piriformis syndrome", "sciatic nerve"], id="leg-numbness"),
        pytest.param("gluteal amnesia", ["gluteal amnesia", "gluteus maximus"], id="gluteal-amnesia"),
        pytest.param(
            "reciprocal inhibition of the gluteals",
            ["reciprocal inhibition of the gluteals", "hip flexors", "psoas major"],
            id="reciprocal-inhibition",
        ),
    ],
)
def test_trace_reaches(graph: kg.AnatomyGraph, term: str, chain: list[str]) -> None:
    assert chain in chains(reasoning.trace(graph, term))


def test_trendelenburg_gait_reaches_the_roots_of_its_nerve_only_through_it(graph: kg.AnatomyGraph) -> None:
    paths = chains(reasoning.trace(graph, "Trendelenburg gait"))
    via_nerve = {p[-1] for p in paths if "superior gluteal nerve" in p and p[-1].endswith("spinal nerve")}
    assert via_nerve == {"L4 spinal nerve", "L5 spinal nerve", "S1 spinal nerve"}


def test_compression_is_followed_only_from_a_compression_neuropathy(graph: kg.AnatomyGraph) -> None:
    for path in reasoning.trace(graph, "gluteus medius and minimus weakness")["paths"]:
        relations = [step.get("relation") for step in path[1:]]
        assert "compresses" not in relations


def test_steps_carry_relation_and_direction(graph: kg.AnatomyGraph) -> None:
    path = next(p for p in reasoning.trace(graph, "leg numbness")["paths"] if p[-1]["label"] == "sciatic nerve")
    assert path[1]["relation"] == "presents with" and path[1]["reverse"] is True
    assert path[1]["phrase"] == "a finding of"
    assert path[1]["type"].endswith("#CompressionNeuropathy")


def test_a_cause_reads_as_a_cause(graph: kg.AnatomyGraph) -> None:
    """Gluteus medius and minimus weakness leads to Trendelenburg gait: walked backwards, the step reads 'caused by'."""
    result = reasoning.trace(graph, "Trendelenburg gait")
    step = next(p[1] for p in result["paths"] if p[1]["label"] == "gluteus medius and minimus weakness")
    assert (step["relation"], step["reverse"], step["phrase"]) == ("leads to", True, "caused by")
    edge = next(e for e in result["edges"] if e["target"].endswith("/gluteus_medius_minimus_weakness"))
    assert edge["relation"] == "caused by"


def roots_reached(result: dict) -> set[str]:
    return {p[-1]["label"] for p in result["paths"] if p[-1]["type"].endswith("#SpinalNerve")}


def test_foot_drop_reaches_l4_l5_and_the_fibular_and_sciatic_nerves_only(graph: kg.AnatomyGraph) -> None:
    result = reasoning.trace(graph, "foot drop")
    assert roots_reached(result) == {"L4 spinal nerve", "L5 spinal nerve"}
    reached = {p[-1]["label"] for p in result["paths"]}
    assert {"deep fibular nerve", "common fibular nerve", "sciatic nerve"} <= reached


def test_no_root_is_reached_through_a_dysfunction_resting_on_every_root(graph: kg.AnatomyGraph) -> None:
    for term in ("foot drop", "Trendelenburg gait"):
        for path in reasoning.trace(graph, term)["paths"]:
            labels = [step["label"] for step in path]
            assert not ("lumbar radiculopathy" in labels and path[-1]["type"].endswith("#SpinalNerve")), labels
    assert roots_reached(reasoning.trace(graph, "Trendelenburg gait")) == {
        "L4 spinal nerve", "L5 spinal nerve", "S1 spinal nerve"
    }  # fmt: skip


def test_unknown_term(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(UnknownNameError):
        reasoning.trace(graph, "glutael amnesia")


def test_a_term_like_nothing_says_what_would_work(graph: kg.AnatomyGraph) -> None:
    with pytest.raises(UnknownNameError) as e:
        reasoning.trace(graph, "xyzzy")
    assert "trace starts from a symptom, sign or dysfunction, e.g. 'foot drop'" in str(e.value)


def test_cli_trace_json(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as code:
        main(["trace", "Trendelenburg gait", "--format", "json"])
    result = json.loads(capsys.readouterr().out)
    assert code.value.code == 0
    assert result["term"]["label"] == "Trendelenburg gait"
    assert {"source", "target", "relation"} == set(result["edges"][0])


def _walk(path: list[dict]) -> str:
    """A trace path as one line: '<' marks an edge walked backwards (a finding of, performed by)."""
    return path[0]["label"] + "".join(
        f" {'<' if step['reverse'] else '-'}{step['phrase']}> {step['label']}" for step in path[1:]
    )


def test_the_foot_drop_trace_in_full(graph: kg.AnatomyGraph) -> None:
    """Every path, in order (stage, then length): muscles first, then nerves, plexus and roots; L4 and L5 only.
    Fibularis tertius, which only assists dorsiflexion, is not a cause of foot drop the trace offers."""
    result = reasoning.trace(graph, "foot drop")
    assert result["term"] == {
        "id": "https://w3id.org/anatomy-kg/id/foot_drop",
        "label": "foot drop",
        "type": "https://w3id.org/anatomy-kg/ontology#Sign",
    }
    dorsiflexion = "foot drop -indicates weakness of> ankle dorsiflexion <performed by> "
    neuropathy = (
        "foot drop <a finding of> common fibular neuropathy at the fibular head "
        "-disease has basis in dysfunction of> common fibular nerve"
    )
    assert [_walk(p) for p in result["paths"]] == [
        dorsiflexion + "extensor digitorum longus",
        dorsiflexion + "extensor hallucis longus",
        dorsiflexion + "tibialis anterior",
        neuropathy,
        dorsiflexion + "tibialis anterior -innervated by> deep fibular nerve",
        neuropathy + " -branching part of> sciatic nerve",
        neuropathy + " -branching part of> sciatic nerve -branching part of> sacral plexus",
        neuropathy + " -receives fibres from> L4 spinal nerve",
        neuropathy + " -receives fibres from> L5 spinal nerve",
    ]
    assert len(result["nodes"]) == 12 and len(result["edges"]) == 11
    assert {n["label"]: n["type"].rsplit("#", 1)[-1] for n in result["nodes"]}["sacral plexus"] == "Plexus"
    assert result["edges"][:2] == [
        {
            "source": "https://w3id.org/anatomy-kg/id/foot_drop",
            "target": "https://w3id.org/anatomy-kg/id/ankle_dorsiflexion",
            "relation": "indicates weakness of",
        },
        {
            "source": "https://w3id.org/anatomy-kg/id/ankle_dorsiflexion",
            "target": "https://w3id.org/anatomy-kg/id/extensor_digitorum_longus",
            "relation": "performed by",
        },
    ]
    assert result["disclaimer"] == graph.disclaimer


def test_the_trendelenburg_gait_trace_in_full(graph: kg.AnatomyGraph) -> None:
    """A gait dysfunction sits with the dysfunctions (stage 1): it reaches the superior gluteal nerve and
    L4–S1, and the gluteal weakness that causes it, read backwards."""
    result = reasoning.trace(graph, "Trendelenburg gait")
    basis = "Trendelenburg gait -disease has basis in dysfunction of> "
    weakness = (
        "Trendelenburg gait <caused by> gluteus medius and minimus weakness -disease has basis in dysfunction of> "
    )
    assert [_walk(p) for p in result["paths"]] == [
        basis + "gluteus medius",
        basis + "gluteus minimus",
        basis + "tensor fasciae latae",
        weakness + "piriformis",
        basis + "superior gluteal nerve",
        weakness + "piriformis -innervated by> nerve to piriformis",
        basis + "superior gluteal nerve -branching part of> sacral plexus",
        basis + "superior gluteal nerve -receives fibres from> L4 spinal nerve",
        basis + "superior gluteal nerve -receives fibres from> L5 spinal nerve",
        basis + "superior gluteal nerve -receives fibres from> S1 spinal nerve",
    ]
    assert (len(result["nodes"]), len(result["edges"])) == (12, 11)


def test_the_hip_abduction_weakness_trace_in_full(graph: kg.AnatomyGraph) -> None:
    """Hip abduction weakness reaches the muscles that abduct the hip (gluteus medius and minimus, tensor fasciae
    latae) and the superior gluteal nerve with L4–S1; not the muscles that only assist abduction (sartorius, the
    gemelli, obturator internus), so not the femoral nerve or the lumbar plexus. Among paths of equal steps the one
    through the more specific dysfunction wins (a step from a dysfunction resting on many structures costs more)."""
    result = reasoning.trace(graph, "hip abduction weakness")
    tear = "hip abduction weakness <a finding of> gluteus medius tear -disease has basis in dysfunction of> "
    abduction = "hip abduction weakness -indicates weakness of> hip abduction <performed by> "
    weakness = (
        "hip abduction weakness <a finding of> gluteus medius and minimus weakness "
        "-disease has basis in dysfunction of> "
    )
    nerve = (
        "hip abduction weakness <a finding of> superior gluteal nerve injury -disease has basis in dysfunction of> "
        "superior gluteal nerve"
    )
    assert [_walk(p) for p in result["paths"]] == [
        tear + "gluteus medius",
        abduction + "gluteus minimus",
        abduction + "tensor fasciae latae",
        weakness + "piriformis",
        nerve,
        weakness + "piriformis -innervated by> nerve to piriformis",
        nerve + " -branching part of> sacral plexus",
        nerve + " -receives fibres from> L4 spinal nerve",
        nerve + " -receives fibres from> L5 spinal nerve",
        nerve + " -receives fibres from> S1 spinal nerve",
    ]


def test_the_trace_graph_keeps_what_each_step_is(graph: kg.AnatomyGraph) -> None:
    """The graph a trace walks (reasoning.trace_graph): each node its label, type and stage; a group is walked to
    its members ('includes', read backwards); a step out of a dysfunction costs 1 + 0.1 per other structure it
    rests on; a generic dysfunction's roots are cut."""
    g = reasoning.trace_graph(graph)
    iri = "https://w3id.org/anatomy-kg/id/"
    assert g.nodes[iri + "gluteus_medius"] == {
        "label": "gluteus medius",
        "type": "https://w3id.org/anatomy-kg/ontology#Muscle",
        "stage": 3,
    }
    assert g.nodes[iri + "hip_abduction"]["stage"] == 2
    assert g.nodes[iri + "piriformis_syndrome"]["stage"] == 1
    assert g.edges[iri + "hamstrings", iri + "semitendinosus"] == {
        "relation": "part of",
        "reverse": True,
        "phrase": "includes",
    }
    step = g.edges[iri + "trendelenburg_gait", iri + "superior_gluteal_nerve"]
    assert step == {
        "relation": "disease has basis in dysfunction of",
        "reverse": False,
        "phrase": "disease has basis in dysfunction of",
        "weight": pytest.approx(2.0),  # Trendelenburg gait rests on 11 things: 1 + 0.1 × 10
    }
    assert g.out_degree(iri + "trendelenburg_gait") == 11
    radiculopathy = iri + "lumbar_radiculopathy"
    assert not any(t.rsplit("/", 1)[-1] in {"L2", "L3", "L4", "L5", "S1"} for t in g.successors(radiculopathy))


def test_a_generic_dysfunction_traced_itself_reaches_the_roots_it_rests_on(graph: kg.AnatomyGraph) -> None:
    """Lumbar radiculopathy rests on L2–S1: the roots are cut from traces that pass through it (foot drop does not
    reach L2 through it), but a trace that starts from it reaches them."""
    result = reasoning.trace(graph, "lumbar radiculopathy")
    assert result["term"]["label"] == "lumbar radiculopathy"
    assert [_walk(p) for p in result["paths"]] == [
        f"lumbar radiculopathy -disease has basis in dysfunction of> {root} spinal nerve"
        for root in ("L2", "L3", "L4", "L5", "S1")
    ]


def test_a_nerve_reaches_its_own_roots_not_those_of_the_nerve_it_branches_from(graph: kg.AnatomyGraph) -> None:
    """Morton neuroma: the third common plantar digital nerve carries L4–S2 (its medial plantar parent, and S1–S2 by
    the lateral plantar communicating branch); S3 of the tibial nerve above it, or S4–S5 of the sacral plexus, are
    not its roots; radiating leg pain (sciatica) reaches the sciatic nerve's L4–S3, not the plexus's S4–S5."""
    morton = reasoning.trace(graph, "Morton neuroma")
    assert roots_reached(morton) == {"L4 spinal nerve", "L5 spinal nerve", "S1 spinal nerve", "S2 spinal nerve"}
    assert {p[-1]["label"] for p in morton["paths"]} >= {"third common plantar digital nerve", "tibial nerve"}
    sciatica = reasoning.trace(graph, "sciatica")
    assert sciatica["term"]["label"] == "radiating leg pain"
    assert roots_reached(sciatica) == {f"{r} spinal nerve" for r in ("L4", "L5", "S1", "S2", "S3")}

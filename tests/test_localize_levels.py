"""Lesion sites along a nerve: a lesion at level k involves branches leaving at k or below and spares those above.

Asserted on the shipped lesion levels (data/lesion_levels.ttl, from lower-limb-completion.md §4).
"""

from __future__ import annotations

import pytest

import kg
from kg import reasoning

ID = "https://w3id.org/anatomy-kg/id/"


def sites_of(graph: kg.AnatomyGraph, nerve: str) -> dict[str, object]:
    return {s.label: (s, p) for s, p in reasoning.lesion_predictions(graph) if s.nerve == ID + nerve}


def test_a_nerve_with_levels_has_one_site_per_level(graph: kg.AnatomyGraph) -> None:
    assert sorted(sites_of(graph, "femoral_nerve")) == [
        "femoral nerve at the inguinal ligament", "femoral nerve in the femoral triangle",
        "femoral nerve in the iliac fossa",
    ]  # fmt: skip
    assert sorted(sites_of(graph, "tibial_nerve")) == [
        "tibial nerve at the tarsal tunnel", "tibial nerve in the deep posterior compartment",
        "tibial nerve in the popliteal fossa", "tibial nerve just proximal to the tarsal tunnel",
    ]  # fmt: skip


def test_a_nerve_without_levels_keeps_one_whole_nerve_site(graph: kg.AnatomyGraph) -> None:
    (only,) = sites_of(graph, "superior_gluteal_nerve")
    assert only.startswith("superior gluteal nerve")


def test_the_inguinal_ligament_spares_iliacus_and_the_iliac_fossa_does_not(graph: kg.AnatomyGraph) -> None:
    sites = sites_of(graph, "femoral_nerve")
    _, low = sites["femoral nerve at the inguinal ligament"]
    _, high = sites["femoral nerve in the iliac fossa"]
    assert ID + "iliacus" not in low.muscles and low.muscles[ID + "rectus_femoris"] == 1.0
    assert high.muscles[ID + "iliacus"] == 1.0
    assert ID + "psoas_major" not in high.muscles  # psoas takes direct plexus branches, not the femoral nerve


def test_the_tarsal_tunnel_takes_the_sole_and_spares_the_calf_and_heel(graph: kg.AnatomyGraph) -> None:
    site, pred = sites_of(graph, "tibial_nerve")["tibial nerve at the tarsal tunnel"]
    calf_and_long_flexors = {"gastrocnemius", "soleus", "popliteus", "tibialis_posterior", "flexor_digitorum_longus"}
    assert not {ID + m for m in calf_and_long_flexors} & set(pred.muscles)
    assert pred.muscles[ID + "abductor_hallucis"] == 1.0
    assert pred.muscles[ID + "abductor_digiti_minimi"] == 1.0
    assert {graph.label(r) for r in pred.skin} == {
        "sole of foot",
        "medial sole",
        "lateral sole",
        "great toe",
        "little toe",
        "third web space",  # the third common plantar digital nerve, a branch of the medial plantar nerve
    }
    assert {ID + "sural_nerve", ID + "medial_calcaneal_nerve"} <= site.spared  # both leave above the tunnel


@pytest.mark.parametrize(
    ("weak", "normal", "expected"),
    [
        pytest.param(
            ["knee extension", "hip flexion"], ["hip adduction"], "femoral nerve in the iliac fossa", id="above"
        ),
        pytest.param(
            ["knee extension"], ["hip flexion", "hip adduction"], "femoral nerve in the femoral triangle", id="below"
        ),
    ],
)
def test_iliopsoas_weakness_places_a_femoral_lesion_above_the_inguinal_ligament(
    graph: kg.AnatomyGraph, weak: list[str], normal: list[str], expected: str
) -> None:
    result = reasoning.localize(graph, weak=weak, normal=normal)
    assert result["candidates"][0]["label"] == expected


def test_spared_iliopsoas_is_a_tie_between_the_two_levels_below_the_iliac_fossa(graph: kg.AnatomyGraph) -> None:
    """Strength cannot tell the inguinal ligament from the femoral triangle: the answer says it is a tie."""
    result = reasoning.localize(graph, weak=["knee extension"], normal=["hip flexion", "hip adduction"])
    assert sorted(result["tie"]) == ["femoral nerve at the inguinal ligament", "femoral nerve in the femoral triangle"]
    assert result["verdict"].startswith("a tie: ")


def test_numb_sole_with_normal_calf_is_the_tarsal_tunnel(graph: kg.AnatomyGraph) -> None:
    """The whole sole takes both plantar nerves: the tibial nerve at the tunnel; one plantar nerve numbs its part."""
    result = reasoning.localize(
        graph, numb=["sole of foot"], normal=["ankle plantarflexion", "foot inversion"], limit=200
    )
    fit = {c["label"]: c["fit"] for c in result["candidates"]}
    assert result["candidates"][0]["label"] == "tibial nerve at the tarsal tunnel"
    whole = {"explained": 3, "unexplained": 0, "contradicted": 0}
    assert fit["tibial nerve at the tarsal tunnel"] == fit["tibial nerve just proximal to the tarsal tunnel"] == whole
    # one plantar nerve numbs half the sole: the numb sole is left unexplained
    half = {"explained": 2, "unexplained": 1, "contradicted": 0}
    assert fit["medial plantar nerve"] == fit["lateral plantar nerve"] == half
    medial = reasoning.localize(graph, numb=["medial sole"], normal=["ankle plantarflexion", "foot inversion"])
    assert medial["candidates"][0]["label"] == "medial plantar nerve"

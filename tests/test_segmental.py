"""Segmental innervation: graded per source, disagreements kept, cross-references only where sourced."""

from __future__ import annotations

import pytest

import kg

POSITIONS = """
SELECT ?root ?grade ?source WHERE {
  ?m rdfs:label ?ml . FILTER(STR(?ml) = ?muscle)
  ?m akg:segmentalInnervation ?s . ?s akg:root/rdfs:label ?root ; akg:grade/rdfs:label ?grade ; dcterms:source ?source .
}
"""


def positions(graph: kg.AnatomyGraph, muscle: str) -> set[tuple[str, str, str]]:
    rows = graph.query(POSITIONS, muscle=muscle)
    return {(str(r["root"]).split()[0], str(r["grade"]), str(r["source"]).rsplit("/", 1)[-1]) for r in rows}


def test_tibialis_posterior_is_innervated_by_the_tibial_nerve_and_receives_l5(graph: kg.AnatomyGraph) -> None:
    card = graph.entity("tibialis posterior")
    nerves = {f["other_label"] for f in card.facts if f["property_label"] == "innervated by"}
    assert nerves == {"tibial nerve"}
    assert any(root == "L5" and grade == "major" for root, grade, _ in positions(graph, "tibialis posterior"))


@pytest.mark.parametrize(
    ("muscle", "root"),
    [
        pytest.param("extensor hallucis longus", "L5", id="EHL-L5"),
        pytest.param("gastrocnemius", "S1", id="gastrocnemius-S1"),
        pytest.param("soleus", "S1", id="soleus-S1"),
        pytest.param("gluteus medius", "L5", id="gluteus-medius-L5"),
        pytest.param("psoas major", "L2", id="psoas-L2"),
    ],
)
def test_key_root_is_graded_major(graph: kg.AnatomyGraph, muscle: str, root: str) -> None:
    assert any(r == root and g == "major" for r, g, _ in positions(graph, muscle))


def test_contested_dominant_root_keeps_both_positions(graph: kg.AnatomyGraph) -> None:
    quadriceps = positions(graph, "vastus lateralis")
    assert ("L3", "major", "src_neuro_ISNCSCI_M") in quadriceps
    assert ("L4", "major", "src_neuro_HARR") in quadriceps
    tibialis_anterior = positions(graph, "tibialis anterior")
    assert ("L4", "major", "src_neuro_ISNCSCI_M") in tibialis_anterior
    assert ("L5", "major", "src_neuro_HARR") in tibialis_anterior


def test_a_narrower_root_list_is_kept_as_an_absent_position(graph: kg.AnatomyGraph) -> None:
    gluteus_medius = positions(graph, "gluteus medius")
    assert any(r == "L4" and g == "absent" for r, g, _ in gluteus_medius)
    assert any(r == "L4" and g == "minor" for r, g, _ in gluteus_medius)


def test_no_muscle_below_the_knee_receives_l2_or_l3(graph: kg.AnatomyGraph) -> None:
    rows = graph.query(
        """SELECT DISTINCT ?ml WHERE {
          ?m akg:hasAction ?a . ?a akg:atJoint ?j . VALUES ?j { :ankle_joint :subtalar_joint :metatarsophalangeal_joints }
          ?m akg:receivesSegment ?r . VALUES ?r { :L2 :L3 } ?m rdfs:label ?ml }"""
    )
    assert [str(r["ml"]) for r in rows] == []


def test_every_nerve_carries_the_roots_of_the_muscles_it_supplies(graph: kg.AnatomyGraph) -> None:
    """A root graded for a muscle reaches it through one of its nerves (so deficit paths are anatomical)."""
    rows = graph.query(
        """SELECT ?ml ?rl WHERE {
          ?m akg:segmentalInnervation ?s . ?s akg:root ?r ; akg:grade ?g . FILTER(?g != akg:absent)
          FILTER NOT EXISTS { ?s akg:status ?status }
          FILTER NOT EXISTS { ?m obo:RO_0002005 ?n . ?n akg:receivesFibresFrom ?r }
          ?m rdfs:label ?ml . ?r rdfs:label ?rl }"""
    )
    assert sorted((str(r["ml"]), str(r["rl"])) for r in rows) == []


def test_uberon_and_fma_cross_references(graph: kg.AnatomyGraph) -> None:
    card = graph.entity("gluteus maximus")
    assert set(card.xrefs) >= {
        "http://purl.obolibrary.org/obo/UBERON_0001370",
        "http://purl.org/sig/ont/fma/fma22314",
    }

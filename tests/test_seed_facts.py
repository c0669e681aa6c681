"""Every fact of the two seed articles is in the graph, with the article as one of its sources."""

from __future__ import annotations

import pytest

import kg

BOOTY = "src_seed_lets_talk_booty"  # seeds/000: "Let's Talk Booty!"
AMNESIA = "src_seed_gluteal_amnesia"  # seeds/001: gluteal amnesia article

SOURCED_FACT = """
SELECT ?source WHERE {
  ?s rdfs:label ?sl . ?o rdfs:label ?ol . ?p rdfs:label ?pl .
  FILTER(STR(?sl) = ?subject && STR(?ol) = ?object && STR(?pl) = ?property)
  ?s ?p ?o .
  ?ax owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o ; dcterms:source ?source .
}
"""

ROLE_FACT = """
SELECT ?source WHERE {
  ?m rdfs:label ?ml . ?a rdfs:label ?al .
  FILTER(STR(?ml) = ?muscle && STR(?al) = ?action)
  ?m akg:actionRole ?r . ?r akg:action ?a ; dcterms:source ?source .
}
"""


def sources_of(graph: kg.AnatomyGraph, subject: str, prop: str, obj: str) -> set[str]:
    rows = graph.query(SOURCED_FACT, subject=subject, property=prop, object=obj)
    return {str(r["source"]).rsplit("/", 1)[-1] for r in rows}


@pytest.mark.parametrize(
    ("subject", "prop", "obj", "seed"),
    [
        # gluteus maximus (000)
        ("gluteus maximus", "has muscle origin", "gluteal surface of ilium", BOOTY),
        ("gluteus maximus", "has muscle origin", "thoracolumbar fascia", BOOTY),
        ("gluteus maximus", "has muscle origin", "sacrum", BOOTY),
        ("gluteus maximus", "has muscle origin", "sacrotuberous ligament", BOOTY),
        ("gluteus maximus", "has muscle insertion", "gluteal tuberosity", BOOTY),
        ("gluteus maximus", "has muscle insertion", "iliotibial tract", BOOTY),
        ("superior gluteal artery", "vessel supplies blood to", "gluteus maximus", BOOTY),
        ("inferior gluteal artery", "vessel supplies blood to", "gluteus maximus", BOOTY),
        ("gluteus maximus", "innervated by", "inferior gluteal nerve", BOOTY),
        ("inferior gluteal nerve", "receives fibres from", "L5 spinal nerve", BOOTY),
        ("inferior gluteal nerve", "receives fibres from", "S1 spinal nerve", BOOTY),
        ("inferior gluteal nerve", "receives fibres from", "S2 spinal nerve", BOOTY),
        # gluteus minimus (000)
        ("gluteus minimus", "has muscle insertion", "greater trochanter", BOOTY),
        ("superior gluteal artery", "vessel supplies blood to", "gluteus minimus", BOOTY),
        ("gluteus minimus", "innervated by", "superior gluteal nerve", BOOTY),
        ("subgluteus minimus bursa", "lies between", "gluteus minimus", BOOTY),
        ("subgluteus minimus bursa", "lies between", "greater trochanter", BOOTY),
        # gluteus medius (000)
        ("gluteus medius", "has muscle origin", "gluteal surface of ilium", BOOTY),
        ("gluteus medius", "has muscle insertion", "greater trochanter", BOOTY),
        ("superior gluteal artery", "vessel supplies blood to", "gluteus medius", BOOTY),
        ("gluteus medius", "innervated by", "superior gluteal nerve", BOOTY),
        ("superior gluteal nerve", "receives fibres from", "L4 spinal nerve", BOOTY),
        ("superior gluteal nerve", "receives fibres from", "L5 spinal nerve", BOOTY),
        ("superior gluteal nerve", "receives fibres from", "S1 spinal nerve", BOOTY),
        # dysfunctions, assessment and treatment (000)
        ("altered hip-extension firing pattern", "leads to", "anterior pelvic tilt", BOOTY),
        ("altered hip-extension firing pattern", "disease has basis in dysfunction of", "erector spinae", BOOTY),
        ("gluteus medius and minimus weakness", "disease has basis in dysfunction of", "piriformis", BOOTY),
        ("gluteal muscle imbalance", "leads to", "posterior pelvic tilt", BOOTY),
        ("gluteal tendinopathy", "disease has basis in dysfunction of", "gluteus medius", BOOTY),
        ("gluteal strain or sprain", "disease has basis in dysfunction of", "gluteal muscles", BOOTY),
        ("gluteus maximus weakness", "leads to", "pelvic-floor dysfunction", BOOTY),  # pelvic-floor issues merged in
        ("gluteus medius and minimus weakness", "presents with", "knee pain", BOOTY),
        ("gluteal muscle imbalance", "assessed by", "muscle strength testing", BOOTY),
        ("gluteal muscle imbalance", "assessed by", "muscle tightness testing", BOOTY),
        ("gluteal muscle imbalance", "treated by", "massage", BOOTY),
        ("gluteal muscle imbalance", "treated by", "acupuncture", BOOTY),
        ("glute bridge", "targets", "gluteus maximus", BOOTY),
        ("barbell hip thrust", "targets", "gluteus maximus", BOOTY),
        ("single-leg deadlift", "targets", "gluteus maximus", BOOTY),
        # seed 001: gluteal amnesia, deep six, sitting, valgus, exercises
        ("gluteal amnesia", "disease has basis in dysfunction of", "gluteus maximus", AMNESIA),
        ("hip flexors", "inhibits", "gluteus maximus", AMNESIA),
        ("prolonged sitting gluteal compression", "leads to", "reciprocal inhibition of the gluteals", AMNESIA),
        ("piriformis", "compresses", "sciatic nerve", AMNESIA),
        ("piriformis syndrome", "presents with", "leg numbness", AMNESIA),
        ("piriformis", "part of", "deep six lateral rotators", AMNESIA),
        ("quadratus femoris", "part of", "deep six lateral rotators", AMNESIA),
        ("Trendelenburg gait", "disease has basis in dysfunction of", "gluteus medius", AMNESIA),
        ("Trendelenburg sign", "indicates weakness of", "hip abduction", AMNESIA),
        ("dynamic knee valgus", "leads to", "anterior cruciate ligament tear", AMNESIA),
        ("dynamic knee valgus", "leads to", "patellofemoral pain", AMNESIA),
        ("dynamic knee valgus", "leads to", "plantar fasciitis", AMNESIA),
        ("gluteal amnesia", "assessed by", "single-leg glute bridge test", AMNESIA),
        ("clamshell", "targets", "gluteus medius", AMNESIA),
        ("lateral band walk", "targets", "gluteus medius", AMNESIA),
        ("fire hydrant", "targets", "gluteus medius", AMNESIA),
        ("back squat", "targets", "quadriceps femoris", AMNESIA),
        ("kettlebell swing", "targets", "gluteus maximus", AMNESIA),
        ("lunge", "targets", "gluteus maximus", AMNESIA),
        ("deadlift", "targets", "gluteus maximus", AMNESIA),
    ],
    ids=lambda value: value if isinstance(value, str) and not value.startswith("src_") else "",
)
def test_seed_fact_is_sourced(graph: kg.AnatomyGraph, subject: str, prop: str, obj: str, seed: str) -> None:
    assert seed in sources_of(graph, subject, prop, obj)


@pytest.mark.parametrize(
    ("muscle", "action", "seed"),
    [
        ("gluteus maximus", "hip extension", BOOTY),
        ("gluteus maximus", "hip external rotation", BOOTY),
        ("gluteus maximus", "knee stabilisation", BOOTY),
        ("gluteus minimus", "hip abduction", BOOTY),
        ("gluteus minimus", "hip internal rotation", BOOTY),
        ("gluteus medius", "hip abduction", BOOTY),
        ("gluteus medius", "hip flexion", BOOTY),
        ("gluteus medius", "hip extension", BOOTY),
        ("gluteus medius", "control of knee valgus (femoral adduction/internal rotation)", AMNESIA),
    ],
)
def test_seed_action_roles_are_sourced(graph: kg.AnatomyGraph, muscle: str, action: str, seed: str) -> None:
    rows = graph.query(ROLE_FACT, muscle=muscle, action=action)
    assert seed in {str(r["source"]).rsplit("/", 1)[-1] for r in rows}


def test_gluteus_medius_fibres_act_differently(graph: kg.AnatomyGraph) -> None:
    card = graph.entity("gluteus medius")
    fibres = {(q["object_label"], q["detail"]) for q in card.qualified if q["kind"] == "action role" and q["detail"]}
    assert any("anterior" in (d or "") for a, d in fibres if a == "hip internal rotation")
    assert any("posterior" in (d or "") for a, d in fibres if a == "hip external rotation")


def test_both_seed_articles_are_sources(graph: kg.AnatomyGraph) -> None:
    rows = graph.query("SELECT ?s ?t WHERE { ?s a akg:Source ; dcterms:title ?t ; akg:tier 'S' }")
    assert {str(r["s"]).rsplit("/", 1)[-1] for r in rows} == {BOOTY, AMNESIA}

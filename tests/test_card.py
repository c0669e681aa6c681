"""Cards read like an anatomy reference: key facts first, relations in plain words, one line per fact with every source."""

from __future__ import annotations

from kg.card import card_lines, card_sections, key_facts, relation_words, source_tiers
from kg.vocab import RO


def facts_of(graph, name: str) -> dict[str, str]:
    card = graph.entity(name)
    return {h: "; ".join(i["label"] for i in items) for h, items in key_facts(card, graph.class_ancestors[card.type])}


def test_muscle_key_facts_name_origin_insertion_nerve_with_roots_artery_and_main_actions(graph):
    facts = facts_of(graph, "gluteus medius")

    assert list(facts) == ["Origin", "Insertion", "Nerve", "Artery", "Main actions"]
    assert facts["Origin"] == "gluteal aponeurosis; gluteal surface of ilium"
    assert facts["Nerve"] == (
        "superior gluteal nerve; roots L5* (major); L4*, S1 (minor) — * graded differently by sources"
    )
    assert "superior gluteal artery" in facts["Artery"]
    assert "hip abduction" in facts["Main actions"]


def test_root_key_facts_name_key_muscle_reflex_and_dermatome(graph):
    facts = facts_of(graph, "L5")

    assert facts["Key muscle"] == "extensor hallucis longus"
    assert facts["Dermatome"] == "L5 dermatome"
    assert "medial hamstring reflex" in facts["Reflex"]


def test_nerve_key_facts_name_roots_branches_muscles(graph):
    facts = facts_of(graph, "sciatic nerve")

    assert facts["Roots"] == "L4 spinal nerve; L5 spinal nerve; S1 spinal nerve; S2 spinal nerve; S3 spinal nerve"
    assert facts["Branches"] == (
        "common fibular division of sciatic nerve; common fibular nerve; tibial division of sciatic nerve; tibial nerve"
    )
    assert "semitendinosus" in facts["Muscles"]


def test_relations_are_worded_from_each_side():
    artery = str(RO.vessel_supplies_blood_to)
    assert relation_words(artery, "vessel supplies blood to", "out") == "supplies blood to"
    assert relation_words(artery, "vessel supplies blood to", "in") == "is supplied by"
    assert relation_words(str(RO.innervated_by), "innervated by", "out") == "is innervated by"
    assert relation_words("http://example.org/new", "new relation", "in") == "new relation (from)"


def test_the_gluteus_medius_card_says_supplied_by_the_superior_gluteal_artery(graph):
    lines = card_lines(graph.entity("gluteus medius"))

    assert "is supplied by superior gluteal artery" in [x["text"] for x in lines["Blood supply"]]


def test_one_fact_from_several_sources_is_one_line_listing_every_source_tier_a_first(graph):
    sections = card_sections(graph.entity("gluteus medius"), source_tiers(graph))

    lines = [x for x in sections["Innervation"] if x["text"] == "is innervated by superior gluteal nerve"]
    assert len(lines) == 1
    tiers = [s["tier"] for s in lines[0]["sources"]]
    assert tiers == ["A", "A", "B", "B", "S"]


def test_a_root_graded_differently_keeps_each_grade_with_its_sources(graph):
    lines = card_lines(graph.entity("gluteus medius"))

    l4 = next(x for x in lines["Innervation"] if x["text"] == "receives fibres from L4 spinal nerve")
    assert l4["contested"]
    assert sorted(p["value"] for p in l4["positions"]) == ["absent", "minor"]

"""The lower-limb completion data: foot muscles, nerve divisions and branches, lesion levels, regions, ligaments.

Each test names a fact a clinician would look up, with the value the references give.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef

import kg

ID = "https://w3id.org/anatomy-kg/id/"


def iri(name: str) -> URIRef:
    return URIRef(ID + name)


def objects(graph: kg.AnatomyGraph, subject: str, prop: str) -> set[str]:
    rows = graph.query(f"SELECT ?o WHERE {{ ?s {prop} ?o }}", s=iri(subject))
    return {str(r["o"]).rsplit("/", 1)[-1] for r in rows}


def level_order(graph: kg.AnatomyGraph, nerve: str, branch: str) -> int:
    rows = graph.query(
        "SELECT ?order WHERE { ?n akg:branchOrigin ?o . ?o akg:branch ?b ; akg:leavesAt ?l . ?l akg:levelOrder ?order }",
        n=iri(nerve),
        b=iri(branch),
    )
    assert len(rows) == 1, f"{branch} should leave {nerve} at exactly one level, found {len(rows)}"
    return int(rows[0]["order"].toPython())


def order_of(graph: kg.AnatomyGraph, level: str) -> int:
    return int(objects(graph, level, "akg:levelOrder").pop())


@pytest.mark.parametrize(
    ("muscle", "nerve"),
    [
        ("abductor_hallucis", "medial_plantar_nerve"),
        ("flexor_digitorum_brevis", "medial_plantar_nerve"),
        ("flexor_hallucis_brevis", "medial_plantar_nerve"),
        ("first_lumbrical_of_foot", "medial_plantar_nerve"),
        ("second_lumbrical_of_foot", "lateral_plantar_nerve"),
        ("quadratus_plantae", "lateral_plantar_nerve"),
        ("abductor_digiti_minimi", "inferior_calcaneal_nerve"),
        ("adductor_hallucis_oblique_head", "lateral_plantar_nerve"),
        ("plantar_interossei", "lateral_plantar_nerve"),
        ("extensor_digitorum_brevis", "deep_fibular_nerve"),
        ("semitendinosus", "tibial_division_of_sciatic_nerve"),
        ("biceps_femoris_short_head", "common_fibular_division_of_sciatic_nerve"),
        ("obturator_externus", "posterior_division_of_obturator_nerve"),
        ("gracilis", "anterior_division_of_obturator_nerve"),
        ("articularis_genus", "femoral_nerve"),
    ],
)
def test_muscle_innervated_by(graph: kg.AnatomyGraph, muscle: str, nerve: str) -> None:
    assert nerve in objects(graph, muscle, "obo:RO_0002005")


def test_minority_nerve_positions_are_not_asserted(graph: kg.AnatomyGraph) -> None:
    # German Wikipedia's LPN supply of FHB (lateral head) is kept as a minority axiom, not as the fact
    assert "lateral_plantar_nerve" not in objects(graph, "flexor_hallucis_brevis", "obo:RO_0002005")
    rows = graph.query(
        "SELECT ?st WHERE { ?ax owl:annotatedSource ?m ; owl:annotatedProperty obo:RO_0002005 ;"
        " owl:annotatedTarget ?n ; akg:status ?st }",
        m=iri("flexor_hallucis_brevis"),
        n=iri("lateral_plantar_nerve"),
    )
    assert {str(r["st"]).rsplit("#", 1)[-1] for r in rows} == {"minority"}


def test_foot_muscle_roots_are_graded_per_source(graph: kg.AnatomyGraph) -> None:
    rows = graph.query(
        "SELECT ?root ?src WHERE { ?m akg:segmentalInnervation ?s . ?s akg:root ?root ; dcterms:source ?src }",
        m=iri("abductor_digiti_minimi"),
    )
    by_source = {}
    for r in rows:
        by_source.setdefault(str(r["src"]).rsplit("_", 1)[-1], set()).add(str(r["root"]).rsplit("/", 1)[-1])
    assert by_source == {"C6": {"S1", "S2"}, "C33": {"S2", "S3"}, "C34": {"S1", "S2", "S3"}}


def test_tarsal_tunnel_is_below_the_calf_branches(graph: kg.AnatomyGraph) -> None:
    tunnel = order_of(graph, "tibial_nerve_at_tarsal_tunnel")
    for spared in [
        "gastrocnemius",
        "soleus",
        "plantaris",
        "popliteus",
        "tibialis_posterior",
        "flexor_digitorum_longus",
    ]:
        assert level_order(graph, "tibial_nerve", spared) < tunnel
    for involved in ["medial_plantar_nerve", "lateral_plantar_nerve", "sole_of_foot"]:
        assert level_order(graph, "tibial_nerve", involved) >= tunnel
    # the medial calcaneal nerve usually leaves just above the tunnel, so heel sensation can be spared
    assert level_order(graph, "tibial_nerve", "medial_calcaneal_nerve") == tunnel - 1


def test_femoral_branch_to_iliacus_leaves_above_the_inguinal_ligament(graph: kg.AnatomyGraph) -> None:
    ligament = order_of(graph, "femoral_nerve_at_inguinal_ligament")
    assert level_order(graph, "femoral_nerve", "iliacus") < ligament
    assert level_order(graph, "femoral_nerve", "vastus_medialis") > ligament
    assert "femoral_nerve" not in objects(graph, "psoas_major", "obo:RO_0002005")


def test_common_fibular_at_fibular_neck(graph: kg.AnatomyGraph) -> None:
    neck = order_of(graph, "common_fibular_nerve_at_fibular_neck")
    assert level_order(graph, "common_fibular_nerve", "deep_fibular_nerve") == neck
    assert level_order(graph, "common_fibular_nerve", "superficial_fibular_nerve") == neck
    assert level_order(graph, "common_fibular_nerve", "lateral_sural_cutaneous_nerve") < neck
    assert objects(graph, "common_fibular_nerve_at_fibular_neck", "akg:atRegion") == {"fibular_tunnel"}
    assert objects(graph, "common_fibular_neuropathy", "akg:lesionAt") == {"common_fibular_nerve_at_fibular_neck"}


def test_deep_fibular_at_anterior_tarsal_tunnel_only_short_extensors(graph: kg.AnatomyGraph) -> None:
    site = order_of(graph, "deep_fibular_nerve_at_anterior_tarsal_tunnel")
    rows = graph.query(
        "SELECT ?b WHERE { ?n akg:branchOrigin ?o . ?o akg:branch ?b ; akg:leavesAt ?l . ?l akg:levelOrder ?k"
        " FILTER(?k >= ?site) }",
        n=iri("deep_fibular_nerve"),
        site=kg_int(site),
    )
    involved = {str(r["b"]).rsplit("/", 1)[-1] for r in rows}
    assert involved == {
        "extensor_digitorum_brevis",
        "extensor_hallucis_brevis",
        "dorsal_interossei_of_foot",
        "first_web_space",
    }


def kg_int(value: int):  # an xsd:integer literal for a bound variable
    from rdflib import Literal

    return Literal(value)


def test_every_nerve_with_levels_places_every_branch(graph: kg.AnatomyGraph) -> None:
    rows = graph.query(
        """SELECT DISTINCT ?n ?b WHERE {
             ?l akg:levelOf ?n .
             { ?b obo:RO_0002005 ?n } UNION { ?b obo:RO_0002380 ?n }
             FILTER NOT EXISTS { ?n akg:branchOrigin ?o . ?o akg:branch ?b }
           }"""
    )
    assert [(str(r["n"]), str(r["b"])) for r in rows] == []


def test_every_branch_leaves_at_a_level_of_its_own_nerve(graph: kg.AnatomyGraph) -> None:
    rows = graph.query(
        "SELECT ?n ?l WHERE { ?n akg:branchOrigin ?o . ?o akg:leavesAt ?l FILTER NOT EXISTS { ?l akg:levelOf ?n } }"
    )
    assert rows == []


def test_regions_contain_their_contents(graph: kg.AnatomyGraph) -> None:
    assert {"tibialis_posterior", "flexor_digitorum_longus", "flexor_hallucis_longus", "tibial_nerve"} <= objects(
        graph, "tarsal_tunnel", "akg:contains"
    )
    assert {"saphenous_nerve", "femoral_artery"} <= objects(graph, "adductor_canal", "akg:contains")
    # the fibular artery in the lateral compartment is a minority position, not asserted
    assert "fibular_artery" not in objects(graph, "lateral_compartment_of_leg", "akg:contains")


def test_ligaments_attach_and_limit(graph: kg.AnatomyGraph) -> None:
    assert objects(graph, "iliofemoral_ligament", "akg:attachesTo") == {
        "anterior_inferior_iliac_spine",
        "intertrochanteric_line",
    }
    assert objects(graph, "iliofemoral_ligament", "akg:limitsMotion") == {"hip_extension"}
    assert "posterior_tibial_translation" in objects(graph, "posterior_cruciate_ligament", "akg:limitsMotion")
    assert objects(graph, "anterior_talofibular_ligament", "obo:BFO_0000050") == {"ankle_joint"}


def test_genicular_arteries_branch_from_popliteal(graph: kg.AnatomyGraph) -> None:
    for artery in ["superior_medial_genicular_artery", "middle_genicular_artery", "inferior_lateral_genicular_artery"]:
        assert objects(graph, artery, "obo:RO_0002252") == {"popliteal_artery"}
    assert objects(graph, "plantar_arch", "obo:RO_0002252") == {"lateral_plantar_artery"}


@pytest.mark.parametrize(("cls", "minimum"), [("akg:Muscle", 65), ("akg:Nerve", 45), ("akg:Ligament", 25)])
def test_coverage(graph: kg.AnatomyGraph, cls: str, minimum: int) -> None:
    rows = graph.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")
    assert int(rows[0]["n"].toPython()) >= minimum


def test_coverage_of_regions(graph: kg.AnatomyGraph) -> None:
    rows = graph.query("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a akg:Region }")
    assert int(rows[0]["n"].toPython()) >= 12


BAD_LEVELS = """
@prefix : <https://w3id.org/anatomy-kg/id/> .
@prefix akg: <https://w3id.org/anatomy-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
:fixture_level a akg:NerveLevel ; rdfs:label "fixture level"@en ; skos:definition "x"@en ;
    akg:levelOf :tibial_nerve ; akg:levelOrder 0 ; akg:atRegion :tarsal_tunnel ; dcterms:source :src_llc_C115 .
:femoral_nerve akg:branchOrigin [ a akg:BranchOrigin ; akg:branch :sartorius ;
    akg:leavesAt :tibial_nerve_at_tarsal_tunnel ; dcterms:source :src_llc_C160 ] .
:fixture_ligament a akg:Ligament ; rdfs:label "fixture ligament"@en ; skos:definition "x"@en ;
    dcterms:source :src_llc_C221 ; akg:limitsMotion :hip_joint .
"""


def test_shapes_report_bad_levels_branch_origins_and_ligament_motions(tmp_path) -> None:
    from kg.validate import validate

    bad = tmp_path / "bad_levels.ttl"
    bad.write_text(BAD_LEVELS, encoding="utf-8")
    messages = {f.message for f in validate(extra=[bad])}  # a blank node's finding is filed under its owner's file
    assert "a nerve level needs one akg:levelOrder, an integer ≥ 1 (1 = most proximal)" in messages
    assert (
        "leaves at :tibial_nerve_at_tarsal_tunnel, which is a level of another nerve: "
        "use a level of the nerve that carries the branch origin" in messages
    )
    assert "akg:limitsMotion must name an akg:Action (the motion the ligament checks)" in messages


INVOLVED = """
SELECT DISTINCT ?m WHERE {
  ?level akg:levelOf ?nerve ; akg:levelOrder ?k .
  ?nerve akg:branchOrigin ?o . ?o akg:branch ?b ; akg:leavesAt ?at . ?at akg:levelOrder ?j .
  FILTER(?j >= ?k)
  { ?b a akg:Muscle . BIND(?b AS ?m) }
  UNION
  { ?b a akg:Nerve . ?sub obo:RO_0002380* ?b . ?m obo:RO_0002005 ?sub . ?m a akg:Muscle }
}
"""


def involved_muscles(graph: kg.AnatomyGraph, level: str) -> set[str]:
    """Muscles a lesion at `level` reaches: branches leaving at or below it, branch nerves with all they supply."""
    return {str(r["m"]).rsplit("/", 1)[-1] for r in graph.query(INVOLVED, level=iri(level))}


def test_tarsal_tunnel_lesion_reaches_the_sole_and_spares_the_calf(graph: kg.AnatomyGraph) -> None:
    muscles = involved_muscles(graph, "tibial_nerve_at_tarsal_tunnel")
    assert {"abductor_hallucis", "flexor_digitorum_brevis", "abductor_digiti_minimi", "quadratus_plantae"} <= muscles
    assert {"plantar_interossei", "first_lumbrical_of_foot", "adductor_hallucis_oblique_head"} <= muscles
    assert not muscles & {"gastrocnemius", "soleus", "plantaris", "popliteus", "tibialis_posterior"}


def test_fibular_neck_lesion_reaches_both_fibular_nerves_and_spares_the_short_head(graph: kg.AnatomyGraph) -> None:
    muscles = involved_muscles(graph, "common_fibular_nerve_at_fibular_neck")
    assert {"tibialis_anterior", "extensor_hallucis_longus", "fibularis_longus", "fibularis_brevis"} <= muscles
    assert {"extensor_digitorum_brevis", "extensor_hallucis_brevis"} <= muscles
    assert "biceps_femoris_short_head" not in muscles
    assert "tibialis_posterior" not in muscles


def test_sciatic_lesion_below_the_hamstring_branches_spares_them(graph: kg.AnatomyGraph) -> None:
    at_split = involved_muscles(graph, "sciatic_nerve_at_its_division")
    at_foramen = involved_muscles(graph, "sciatic_nerve_at_greater_sciatic_foramen")
    hamstrings = {"semitendinosus", "semimembranosus", "biceps_femoris_long_head", "biceps_femoris_short_head"}
    assert hamstrings <= at_foramen
    assert not hamstrings & at_split
    assert {"gastrocnemius", "tibialis_anterior", "abductor_hallucis"} <= at_split
    assert "gluteus_maximus" not in at_foramen

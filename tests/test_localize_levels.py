"""Lesion sites along a nerve: a lesion at level k involves branches leaving at k or below and spares those above.

Built on tests/fixtures/nerve_levels.ttl (femoral nerve in the pelvis / at the inguinal ligament; tibial
nerve in the popliteal fossa / at the tarsal tunnel) until the shipped lesion levels arrive.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg import reasoning

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def levelled() -> kg.AnatomyGraph:
    return kg.load(extra=[FIXTURES / "nerve_levels.ttl"])


def sites_of(graph: kg.AnatomyGraph, nerve: str) -> dict[str, object]:
    return {s.label: (s, p) for s, p in reasoning.lesion_predictions(graph) if s.nerve and s.nerve.endswith(nerve)}


def test_a_nerve_with_levels_has_one_site_per_level(levelled: kg.AnatomyGraph) -> None:
    assert sorted(sites_of(levelled, "/femoral_nerve")) == [
        "femoral nerve at the inguinal ligament", "femoral nerve in the pelvis"
    ]  # fmt: skip
    assert sorted(sites_of(levelled, "/tibial_nerve")) == [
        "tibial nerve at the tarsal tunnel", "tibial nerve in the popliteal fossa"
    ]  # fmt: skip


def test_a_nerve_without_levels_keeps_one_whole_nerve_site(levelled: kg.AnatomyGraph) -> None:
    (only,) = sites_of(levelled, "/obturator_nerve")
    assert only.startswith("obturator nerve")


def test_the_inguinal_ligament_spares_iliacus_and_the_pelvis_does_not(levelled: kg.AnatomyGraph) -> None:
    sites = sites_of(levelled, "/femoral_nerve")
    _, low = sites["femoral nerve at the inguinal ligament"]
    _, high = sites["femoral nerve in the pelvis"]
    iliacus = "https://w3id.org/anatomy-kg/id/iliacus"
    rectus = "https://w3id.org/anatomy-kg/id/rectus_femoris"
    assert iliacus not in low.muscles and low.muscles[rectus] == 1.0
    assert high.muscles[iliacus] == 1.0


def test_the_tarsal_tunnel_takes_the_sole_and_spares_the_calf(levelled: kg.AnatomyGraph) -> None:
    site, pred = sites_of(levelled, "/tibial_nerve")["tibial nerve at the tarsal tunnel"]
    assert pred.muscles == {}  # every muscle branch leaves above the tunnel
    assert {levelled.label(r) for r in pred.skin} == {"sole of foot", "great toe", "little toe"}
    assert "https://w3id.org/anatomy-kg/id/sural_nerve" in site.spared


def test_iliopsoas_weakness_places_a_femoral_lesion_above_the_inguinal_ligament(levelled: kg.AnatomyGraph) -> None:
    below = reasoning.localize(levelled, weak=["knee extension"], normal=["hip flexion", "hip adduction"])
    above = reasoning.localize(levelled, weak=["knee extension", "hip flexion"], normal=["hip adduction"])
    assert below["candidates"][0]["label"] == "femoral nerve at the inguinal ligament"
    assert above["candidates"][0]["label"] == "femoral nerve in the pelvis"


def test_numb_sole_with_normal_calf_is_the_tarsal_tunnel_or_a_plantar_nerve_and_says_so(
    levelled: kg.AnatomyGraph,
) -> None:
    result = reasoning.localize(levelled, numb=["sole of foot"], normal=["ankle plantarflexion", "foot inversion"])
    top = [c["label"] for c in result["candidates"][:3]]
    assert sorted(top) == ["lateral plantar nerve", "medial plantar nerve", "tibial nerve at the tarsal tunnel"]
    assert sorted(result["tie"]) == sorted(top)
    assert result["verdict"].startswith("a tie: ")

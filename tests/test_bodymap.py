"""Body maps: the mapping file names only ids the pictures have and entities the graph has; L5 colours what it should."""

from __future__ import annotations

import re

import pytest

from kg import reasoning
from kg.bodymap import (
    GRADE_COLOURS,
    PICTURES,
    deficit_map,
    highlight_map,
    load_mapping,
    picture_ids,
    region_at,
    regions_on,
    shaded_svg,
    territory_table,
)
from kg.vocab import ENT


def test_every_id_in_the_mapping_exists_in_its_picture():
    missing = [(r.entity, r.picture, r.id) for r in load_mapping() if r.id not in picture_ids(r.picture)]
    assert missing == []


def test_every_mapped_entity_exists_in_the_graph(graph):
    unknown = sorted({r.entity for r in load_mapping()} - set(graph.labels))
    assert unknown == []


def test_sides_in_the_mapping_match_the_ids():
    for r in load_mapping():
        if r.picture == "dermatomes":
            assert r.id.startswith(f"{r.side}-"), r
        else:
            assert r.id.endswith("_l" if r.side == "left" else "_r"), r


def test_l5_on_the_left_shades_the_left_l5_dermatome_and_left_leg_muscles(graph):
    body = deficit_map(reasoning.deficit(graph, ["L5"]), side="left")

    assert body.shaded["dermatomes"] == {"left-l5": "severe"}  # DERMATOME_LOSS 0.5: one scale with nerves
    assert body.shaded["atlas_front"]["tibialis_anterior_l"] == "moderate"
    assert body.shaded["atlas_front"]["extensor_hallucis_longus_l"] == "severe"
    assert body.shaded["atlas_back"]["gluteus_medius_1_l"] == "moderate"
    assert not [i for ids in body.shaded.values() for i in ids if i.endswith("_r") or i.startswith("right-")]


def test_weak_muscles_without_an_atlas_region_are_listed_not_dropped(graph):
    body = deficit_map(reasoning.deficit(graph, ["L5"]), side="left")

    listed = {x["label"]: x["grade"] for x in body.not_drawn if x["kind"] == "muscle"}
    assert listed["tibialis posterior"] == "severe"
    assert listed["piriformis"] == "mild"
    assert {"gluteus minimus", "soleus"} <= set(listed)
    assert "gluteus medius" not in listed


def test_s4_dermatome_has_no_region_and_is_listed(graph):
    body = deficit_map(reasoning.deficit(graph, ["S4"]), side="both")
    assert [x["label"] for x in body.not_drawn if x["kind"] == "skin region"] == ["S4 dermatome"]


def test_both_sides_shade_both_l5_dermatomes(graph):
    body = deficit_map(reasoning.deficit(graph, ["L5"]), side="both")
    assert body.shaded["dermatomes"] == {"left-l5": "severe", "right-l5": "severe"}


def test_a_side_that_does_not_exist_is_refused(graph):
    with pytest.raises(ValueError, match="side must be one of left, right, both, not 'up'"):
        deficit_map(reasoning.deficit(graph, ["L5"]), side="up")


def test_a_muscle_is_highlighted_on_both_views_where_it_has_regions():
    body = highlight_map([str(ENT.gluteus_medius)])

    assert set(body.shaded["atlas_back"]) == {
        "gluteus_medius_1_l",
        "gluteus_medius_1_r",
        "gluteus_medius_2_l",
        "gluteus_medius_2_r",
    }
    assert set(body.shaded["atlas_front"]) == {"gluteus_medius_2_l", "gluteus_medius_2_r"}
    assert highlight_map([str(ENT.piriformis)]).pictures_used() == []


def test_svg_css_colours_only_known_ids():
    svg = shaded_svg(
        "dermatomes", {"left-l5": "moderate", 'x"] { } body { background: url(http://evil.example/) } [a="': "severe"}
    )

    style = re.search(r"<style>(.*?)</style>", svg).group(1)
    assert f'[data-level="left-l5"] {{ fill: {GRADE_COLOURS["moderate"]} !important; }}' in style
    assert "evil" not in svg
    assert style.count("fill:") == 1


def test_svg_without_colours_has_no_style_and_is_the_picture():
    svg = shaded_svg("atlas_back", {})
    assert "<style>" not in svg.split("<path", 1)[0]
    assert 'id="gluteus_maximus_l"' in svg
    assert PICTURES["atlas_back"].view_box in svg


def test_territory_table_names_the_cutaneous_nerve_of_each_numb_region(graph):
    rows = territory_table(graph, reasoning.deficit(graph, ["L5"])["skin_regions"])

    by_region = {r["skin region"]: r for r in rows}
    assert "L5 dermatome" not in by_region
    assert by_region["dorsum of foot"]["cutaneous nerve"] == "common fibular nerve, superficial fibular nerve"
    assert by_region["first web space"]["cutaneous nerve"] == "deep fibular nerve"


def test_a_clicked_picture_id_is_its_entity_on_the_patients_side():
    l4 = region_at("dermatomes", "left-l4")
    assert (l4.entity, l4.side) == (str(ENT.L4_dermatome), "left")
    ehl = region_at("atlas_front", "extensor_hallucis_longus_r")
    assert (ehl.entity, ehl.side) == (str(ENT.extensor_hallucis_longus), "right")
    assert region_at("dermatomes", "left-c5") is None  # drawn, but no entity of the graph is mapped to it
    assert region_at("atlas_front", "left-l4") is None  # an id of another picture
    assert region_at("no_such_picture", "left-l4") is None
    assert [r.id for r in regions_on("dermatomes")][:4] == ["left-l1", "right-l1", "left-l2", "right-l2"]
    assert len(regions_on("dermatomes")) == 16

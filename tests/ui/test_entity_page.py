"""Entity card page: grouped facts with sources, contested positions, the neighbourhood graph and URL parameters."""

from __future__ import annotations

from kg.ui.state import Key, Page
from tests.ui.helpers import texts, unescape


def section(at, title: str) -> str:
    tab = next(t for t in at.tabs if t.label.startswith(f"{title} ("))
    return unescape("\n".join(str(m.value) for m in tab.markdown))


def test_gluteus_medius_inserts_on_the_greater_trochanter_with_a_source(open_page):
    at = open_page(Page.ENTITY, entity="gluteus_medius")

    attachments = section(at, "Attachments")

    assert not at.exception
    line = next(x for x in attachments.split("\n") if "inserts on **[greater trochanter]" in x)
    sources = attachments.split(line, 1)[1].split("\n")[1]
    assert sources.startswith(":small[:gray[4 sources: A · StatPearls")
    assert "S · Let's Talk Booty! (clinic article)" in sources


def test_innervation_shows_the_nerve_and_each_graded_root(open_page):
    at = open_page(Page.ENTITY, entity="gluteus_medius")

    innervation = section(at, "Innervation")

    assert "innervated by **[superior gluteal nerve](/entity?entity=superior_gluteal_nerve)**" in innervation
    assert "receives fibres from **[L5 spinal nerve](/entity?entity=L5)**" in innervation


def test_contested_l4_supply_keeps_both_positions_with_their_sources(open_page):
    at = open_page(Page.ENTITY, entity="gluteus_medius")

    innervation = section(at, "Innervation")
    l4 = innervation[innervation.index("[L4 spinal nerve]") :].split("receives fibres from")[0]

    assert "sources differ" in l4
    assert "**absent**" in l4 and "**minor**" in l4


def test_the_url_reopens_the_same_view(open_page):
    at = open_page(Page.ENTITY, entity="gluteus_medius", depth="2", max="20")

    assert at.title[0].value == "gluteus medius"
    assert at.radio(key=Key.DEPTH).value == 2
    assert at.slider(key=Key.MAX_NODES).value == 20
    assert "20 of" in texts(at)


def test_relation_filter_and_cap_change_the_graph_and_the_url(open_page):
    at = open_page(Page.ENTITY, entity="gluteus_medius")

    at.multiselect(key=Key.RELATIONS).select("innervated by").run()

    assert at.query_params["rel"] in ("innervated by", ["innervated by"])
    assert "2 of 2 entities shown" in texts(at)


def test_unknown_entity_gets_suggestions_not_a_stack_trace(open_page):
    at = open_page(Page.ENTITY, entity="gluteus medus")

    assert not at.exception
    assert unescape(at.error[0].value) == (
        "No entity is called 'gluteus medus' in the graph. Did you mean [gluteus medius](/entity?entity=gluteus_medius)?"
    )


def test_a_muscle_card_shows_the_atlas_and_a_deep_muscle_says_it_has_no_region(open_page):
    at = open_page(Page.ENTITY, entity="gluteus_medius")
    assert "Muscle atlas after Ryan Graves (CC BY 4.0)" in unescape(texts(at))

    at = open_page(Page.ENTITY, entity="piriformis")
    assert "piriformis has no region of its own on the muscle atlas (a deep muscle)." in unescape(texts(at))


def test_a_root_card_shows_its_dermatome_and_the_muscles_the_atlas_cannot_show(open_page):
    at = open_page(Page.ENTITY, entity="L5")

    page = unescape(texts(at))
    assert "Dermatome diagram from isncsci-ui" in page
    assert "Also weakened, not on the atlas:** tibialis posterior, fibularis tertius" in page


def test_the_card_opens_with_key_facts_in_plain_words(open_page):
    at = open_page(Page.ENTITY, entity="gluteus_medius")

    box = unescape(texts(at))
    assert "**Key facts**" in box
    assert "**Nerve** · [superior gluteal nerve](/entity?entity=superior_gluteal_nerve), roots L5* (major)" in box
    assert "supplied by **[superior gluteal artery]" in section(at, "Blood supply")


def test_the_entity_picker_offers_entities_not_sources(open_page):
    at = open_page(Page.ENTITY, entity="gluteus_medius")

    options = at.selectbox(key=Key.ENTITY_PICK).options
    assert "gluteus medius" in options
    assert "Orthobullets: Superior Gluteal Nerve" not in options
    assert not [o for o in options if o.startswith("StatPearls")]


def test_a_bad_number_in_the_url_is_a_message_and_the_card_still_shows(open_page):
    at = open_page(Page.ENTITY, entity="gluteus_medius", depth="deep", max="900")

    warnings = [unescape(w.value) for w in at.warning]
    assert "The link's depth='deep' is not a whole number; showing depth=1." in warnings
    assert "The link's max=900 is outside 5–150; showing the nearest allowed value." in warnings
    assert at.slider(key=Key.MAX_NODES).value == 150
    assert at.title[0].value == "gluteus medius"

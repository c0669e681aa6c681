"""Entity card: everything the graph states about one entity, with sources, and its neighbourhood as a graph.

URL parameters reopen the same view: ?entity=gluteus_medius&depth=2&max=40&rel=innervated by|action role
"""

import streamlit as st

from kg import reasoning
from kg.bodymap import deficit_map, highlight_map, on_pictures
from kg.card import card_lines, key_facts, source_tiers
from kg.graph import EntityCard
from kg.ui.bodyview import body_pictures, grade_key
from kg.ui.escape import md, md_link
from kg.ui.graph_component import graph_view
from kg.ui.state import Key, endpoint, footer, load_graph, open_entity, page_setup, user_errors
from kg.viz import entity_slug, neighbourhood, to_pyvis_html, type_label
from kg.vocab import AKG, curie

graph = page_setup(None)

REL_SEPARATOR = "|"


def _param_int(name: str, default: int, low: int, high: int) -> int:
    """A whole number from the URL, kept within [low, high]; a bad value is reported and the default used."""
    raw = st.query_params.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        st.warning(md(f"The link's {name}={raw!r} is not a whole number; showing {name}={default}."))
        return default
    if not low <= value <= high:
        st.warning(md(f"The link's {name}={value} is outside {low}–{high}; showing the nearest allowed value."))
    return min(max(value, low), high)


def _entity_link(iri: str, label: str) -> str:
    """A Markdown link that opens `iri`'s card in this app."""
    return md_link(label, f"/entity?entity={entity_slug(iri)}")


def _sources_text(sources: list[dict[str, str]]) -> str:
    if not sources:
        return ":small[:red[no source]]"
    return ":small[:gray[" + md("; ".join(s["label"] for s in sources)) + "]]"


def _on_the_body(card) -> None:
    """A muscle highlighted where it lies; a root's dermatome and the muscles it supplies, graded."""
    types = graph.class_ancestors.get(card.type, frozenset()) | {card.type}
    if str(AKG.Muscle) in types:
        body = highlight_map([card.id])
        pictures = body.pictures_used()
        if not pictures:
            st.caption(f"{md(card.label)} has no region of its own on the muscle atlas (a deep muscle).")
            return
        st.html(grade_key((), highlight=card.label))
        body_pictures(body, pictures, label=card.label, height=380)
    elif str(AKG.SpinalNerve) in types:
        result = reasoning.deficit(graph, [entity_slug(card.id)], severity=1.0)
        body = deficit_map(result, "both")
        st.html(grade_key())
        st.caption("Weakness of each muscle if this root were cut, and its dermatome (both sides).")
        # three pictures in half the page are ~240 px tall: a taller frame left a gap above the credits
        body_pictures(body, ["atlas_front", "atlas_back", "dermatomes"], label=card.label, height=270)
        muscles = [x["label"] for x in body.not_drawn if x["kind"] == "muscle"]
        if muscles:
            st.markdown(":small[**Also weakened, not on the atlas:** " + md(", ".join(muscles)) + "]")


def _key_facts_box(card, types) -> None:
    facts = key_facts(card, types)
    if not facts:
        return
    with st.container(border=True):
        st.markdown("**Key facts**")
        lines = []
        for heading, items in facts:
            shown = [_entity_link(i["id"], i["label"]) if i["id"] else md(i["label"]) for i in items]
            lines.append(f"**{md(heading)}** · " + ", ".join(shown))
        st.markdown("  \n".join(lines))


def _sources_line(sources: list[dict[str, str]]) -> str:
    if not sources:
        return ":small[:red[no source]]"
    named = [f"{s['tier']} · {s['label']}" if s.get("tier") else s["label"] for s in sources]
    count = f"{len(sources)} sources: " if len(sources) > 1 else "source: "
    return ":small[:gray[" + md(count + "; ".join(named)) + "]]"


def _detail_tabs(card) -> None:
    sections = card_lines(card, _tiers(endpoint()))
    if not sections:
        st.info("The graph states no relations for this entity yet.")
        return
    tabs = st.tabs([f"{title} ({len(lines)})" for title, lines in sections.items()])
    for tab, lines in zip(tabs, sections.values(), strict=True):
        with tab:
            for line in lines:
                head = f"{md(line['words'])} **{_entity_link(line['other'], line['other_label'])}**"
                if line["contested"]:
                    head += " :orange-badge[sources differ]"
                positions = line["positions"]
                if len(positions) == 1 and positions[0]["value"] is None:
                    body = [head, _sources_line(positions[0]["sources"])]
                    body += [f":small[*{md(n)}*]" for n in positions[0]["notes"]]
                    st.markdown("  \n".join(body))
                    continue
                body = [head]
                for position in positions:
                    body.append(f"- **{md(position['value'])}** — {_sources_line(position['sources'])}")
                    body += [f"  :small[*{md(n)}*]" for n in position["notes"]]
                st.markdown("\n".join(body))


def _graph_panel(card) -> None:
    """The neighbourhood graph with its depth, cap and relation filter (all kept in the URL)."""
    with user_errors():
        if Key.DEPTH not in st.session_state:
            st.session_state[Key.DEPTH] = _param_int("depth", 1, 1, 2)
        if Key.MAX_NODES not in st.session_state:
            st.session_state[Key.MAX_NODES] = _param_int("max", 30, 5, 150)
        depth = st.session_state[Key.DEPTH]
        max_nodes = st.session_state[Key.MAX_NODES]
        everything = neighbourhood(graph, card.id, depth=1, max_nodes=1)
        available = everything["relations"]
        if Key.RELATIONS not in st.session_state or st.session_state.get("_relations_for") != card.id:
            from_url = [r for r in st.query_params.get("rel", "").split(REL_SEPARATOR) if r in available]
            st.session_state[Key.RELATIONS] = from_url
            st.session_state["_relations_for"] = card.id
        relations = st.session_state[Key.RELATIONS]
        spec = neighbourhood(graph, card.id, depth=depth, relations=relations or None, max_nodes=max_nodes)
        st.query_params["depth"] = str(depth)
        st.query_params["max"] = str(max_nodes)
        if relations:
            st.query_params["rel"] = REL_SEPARATOR.join(relations)
        elif "rel" in st.query_params:
            del st.query_params["rel"]
        clicked = graph_view(
            spec,
            key=f"{Key.ENTITY_GRAPH}",
            hint="Click a node to open its card, a dashed box to unfold it; hover a line for its relation.",
        )
        st.caption(
            f"{len(spec['nodes'])} of {max(spec['total'], 1)} entities shown"
            + (f" · {spec['hidden']} hidden by the cap" if spec["hidden"] else "")
        )
        c1, c2 = st.columns([1, 2])
        c1.radio("Depth", [1, 2], key=Key.DEPTH, horizontal=True, help="Links away from this entity")
        c2.slider("Most nodes", 5, 150, key=Key.MAX_NODES, step=5, help="Keeps the closest, best-sourced neighbours")
        st.multiselect("Only these relations", available, key=Key.RELATIONS, placeholder="all relations")
        st.download_button(
            "Download this graph (HTML, works offline)",
            lambda spec=spec: to_pyvis_html(spec),  # built on click (~200 ms), not on every rerun
            file_name=f"{entity_slug(card.id)}-neighbourhood.html",
            mime="text/html",
            key=Key.GRAPH_HTML,
        )
        if clicked and clicked != card.id:
            st.session_state.pop(Key.RELATIONS, None)
            open_entity(clicked, depth=str(depth), max=str(max_nodes))


@st.cache_data(max_entries=4, show_spinner=False)
def _tiers(endpoint_url: str | None) -> dict[str, str]:
    return source_tiers(load_graph(endpoint_url))


@st.cache_resource(max_entries=64, show_spinner=False)
def _entity(endpoint_url: str | None, name: str) -> EntityCard:
    """A card built once per entity and data source (~100 ms), so a widget change reruns the page quickly."""
    return load_graph(endpoint_url).entity(name)


if graph is not None:
    sources = graph.entities_of_types([str(AKG.Source)])
    names = sorted({label for iri, label in graph.labels.items() if iri not in sources}, key=str.lower)
    wanted = st.query_params.get("entity", "gluteus_medius")
    card = None
    with user_errors():
        card = _entity(endpoint(), wanted)
    if card is None:
        st.info("Pick an entity below, or search for one on the Explore page.")
    current = card.label if card is not None else None

    def _picked() -> None:
        choice = st.session_state.get(Key.ENTITY_PICK)
        if choice:
            st.query_params["entity"] = entity_slug(graph.resolve(choice))

    head_col, pick_col = st.columns([3, 2], vertical_alignment="bottom")
    st.session_state[Key.ENTITY_PICK] = current
    pick_col.selectbox(
        "Open an entity",
        names,
        key=Key.ENTITY_PICK,
        placeholder="type a name…",
        on_change=_picked,
    )

    if card is not None:
        head_col.title(md(card.label))
        badges = [f":red-badge[{md(type_label(card.type))}]", f":gray-badge[{md(curie(card.id))}]"]
        if card.synonyms:
            badges.append(":small[**also called** " + md(", ".join(card.synonyms)) + "]")
        st.markdown(" ".join(badges))
        types = graph.class_ancestors.get(card.type, frozenset()) | {card.type}
        shows_body = (str(AKG.Muscle) in types and on_pictures(card.id)) or str(AKG.SpinalNerve) in types
        summary_col, side_col = st.columns([1, 1], gap="medium")
        with summary_col:
            if card.definition:
                st.markdown(md(card.definition))
            _key_facts_box(card, types)
            if card.xrefs:
                st.markdown(":small[**Same as:** " + ", ".join(md_link(curie(x), x) for x in card.xrefs) + "]")
            if card.sources:
                with st.popover(f"Described by {len(card.sources)} source(s)", width="content"):
                    for source in card.sources:
                        st.markdown(f"- {md(source['label'])}")
        with side_col:
            if shows_body or str(AKG.Muscle) in types:
                with user_errors():
                    _on_the_body(card)
            if not shows_body:
                _graph_panel(card)
        if shows_body:
            detail_col, graph_col = st.columns([1, 1], gap="medium")
            with detail_col:
                _detail_tabs(card)
            with graph_col:
                _graph_panel(card)
        else:
            _detail_tabs(card)
footer(graph)

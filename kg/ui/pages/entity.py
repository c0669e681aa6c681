"""Entity card: everything the graph states about one entity, with sources, and its neighbourhood as a graph.

URL parameters reopen the same view: ?entity=gluteus_medius&depth=2&max=40&rel=innervated by|action role
"""

import streamlit as st

from kg.bodymap import deficit_map, highlight_map
from kg.ui.bodyview import body_pictures, grade_key
from kg.ui.cardview import grouped_sections
from kg.ui.escape import md, md_link
from kg.ui.graph_component import graph_view
from kg.ui.state import Key, footer, open_entity, page_setup, user_errors
from kg.viz import entity_slug, neighbourhood, to_pyvis_html, type_label
from kg.vocab import AKG, curie

graph = page_setup(None)

REL_SEPARATOR = "|"


def _param_int(name: str, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(st.query_params.get(name, default)), low), high)
    except ValueError:
        return default


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
        result = graph.deficit([entity_slug(card.id)], severity=1.0)
        body = deficit_map(result, "both")
        st.html(grade_key())
        st.caption("Weakness of each muscle if this root were cut, and its dermatome (both sides).")
        body_pictures(body, ["atlas_front", "atlas_back", "dermatomes"], label=card.label, height=380)
        muscles = [x["label"] for x in body.not_drawn if x["kind"] == "muscle"]
        if muscles:
            st.markdown(":small[**Also weakened, not on the atlas:** " + md(", ".join(muscles)) + "]")


if graph is not None:
    names = sorted({label for label in graph.labels.values()}, key=str.lower)
    wanted = st.query_params.get("entity", "gluteus_medius")
    card = None
    with user_errors():
        card = graph.entity(wanted)
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
        if card.definition:
            st.markdown(md(card.definition))

        card_col, graph_col = st.columns([1, 1], gap="medium")
        with card_col:
            with user_errors():
                _on_the_body(card)
            if card.xrefs:
                st.markdown(":small[**Same as:** " + ", ".join(md_link(curie(x), x) for x in card.xrefs) + "]")
            if card.sources:
                with st.popover(f"Described by {len(card.sources)} source(s)", width="content"):
                    for source in card.sources:
                        st.markdown(f"- {md(source['label'])}")
            sections = grouped_sections(card)
            if not sections:
                st.info("The graph states no relations for this entity yet.")
            for i, (title, entries) in enumerate(sections.items()):
                with st.expander(f"**{title}** ({len(entries)})", expanded=i < 3):
                    for entry in entries:
                        other = _entity_link(entry["other"], entry["other_label"])
                        if entry["direction"] == "out":
                            line = f"{md(entry['relation'])} → {other}"
                        else:
                            line = f"{other} · {md(entry['relation'])} · {md(card.label)}"
                        if entry["contested"]:
                            line += " :orange-badge[contested]"
                        positions = entry["positions"]
                        if len(positions) == 1 and positions[0]["value"] is None:
                            body = [line, _sources_text(positions[0]["sources"])]
                            body += [f":small[*{md(n)}*]" for n in positions[0]["notes"]]
                        else:
                            body = [line]
                            for position in positions:
                                body.append(f"- **{md(position['value'])}** — {_sources_text(position['sources'])}")
                                body += [f"  :small[*{md(n)}*]" for n in position["notes"]]
                        st.markdown("  \n".join(body) if len(positions) == 1 else "\n".join(body))

        with graph_col, user_errors():
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
                spec, key=f"{Key.ENTITY_GRAPH}", height=470, hint="Click a node to open its card; scroll to zoom."
            )
            st.caption(
                f"{len(spec['nodes'])} of {max(spec['total'], 1)} entities shown"
                + (f" · {spec['hidden']} hidden by the cap" if spec["hidden"] else "")
            )
            c1, c2 = st.columns([1, 2])
            c1.radio("Depth", [1, 2], key=Key.DEPTH, horizontal=True, help="Links away from this entity")
            c2.slider(
                "Most nodes", 5, 150, key=Key.MAX_NODES, step=5, help="Keeps the closest, best-sourced neighbours"
            )
            st.multiselect("Only these relations", available, key=Key.RELATIONS, placeholder="all relations")
            st.download_button(
                "Download this graph (HTML, works offline)",
                to_pyvis_html(spec),
                file_name=f"{entity_slug(card.id)}-neighbourhood.html",
                mime="text/html",
                key=Key.GRAPH_HTML,
            )
            if clicked and clicked != card.id:
                st.session_state.pop(Key.RELATIONS, None)
                open_entity(clicked, depth=str(depth), max=str(max_nodes))
footer(graph)

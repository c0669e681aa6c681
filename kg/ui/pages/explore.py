"""Explore: one search box over every entity type and synonym, example starting points, what the graph holds."""

import streamlit as st

from kg.ui.escape import md
from kg.ui.state import DISCLAIMER, Key, Page, open_entity, page_setup, suggestion_links, user_errors
from kg.viz import CATEGORIES, OTHER_CATEGORY, category_of, type_label
from kg.vocab import AKG

TYPE_CHOICES = [label for label, _classes, _colour in CATEGORIES] + [OTHER_CATEGORY[0]]

graph = page_setup(
    "AnatomyKG explorer",
    "Muscles, nerves and spinal roots, arteries, actions, dysfunctions and clinical findings of the "
    "lumbopelvic region and lower limb — every fact with its source.",
)


def _fill_search(text: str) -> None:
    st.session_state[Key.SEARCH] = text


if graph is not None:
    if Key.SEARCH not in st.session_state:
        st.session_state[Key.SEARCH] = st.query_params.get("q", "")
    query = st.text_input(
        "Search muscles, nerves, roots, arteries, actions, signs…",
        key=Key.SEARCH,
        placeholder="e.g. glute med, peroneal, L5, hip abduction, Trendelenburg",
    )

    st.caption("Try an example:")
    examples = st.columns(5)
    if examples[0].button("L5 root lesion", icon=":material/bolt:", key=Key.EXAMPLE_L5, width="stretch"):
        st.switch_page(Page.DEFICITS, query_params={"roots": "L5"})
    if examples[1].button(
        "Trendelenburg gait", icon=":material/timeline:", key=Key.EXAMPLE_TRENDELENBURG, width="stretch"
    ):
        st.switch_page(Page.TRACE, query_params={"term": "Trendelenburg gait"})
    if examples[2].button("gluteus medius", icon=":material/article:", key=Key.EXAMPLE_GMED, width="stretch"):
        st.switch_page(Page.ENTITY, query_params={"entity": "gluteus_medius"})
    examples[3].button(
        "“glute med”",
        icon=":material/search:",
        key=Key.EXAMPLE_GLUTE_MED,
        width="stretch",
        on_click=_fill_search,
        args=("glute med",),
    )
    examples[4].button(
        "“peroneal”",
        icon=":material/search:",
        key=Key.EXAMPLE_PERONEAL,
        width="stretch",
        on_click=_fill_search,
        args=("peroneal",),
    )

    if Key.SEARCH_TYPES not in st.session_state:
        wanted = [t for t in st.query_params.get("types", "").split(",") if t]
        st.session_state[Key.SEARCH_TYPES] = [t for t in wanted if t in TYPE_CHOICES]
    types = st.pills(
        "Only these kinds (none picked = all; references are on the Sources page)",
        TYPE_CHOICES,
        selection_mode="multi",
        key=Key.SEARCH_TYPES,
    )
    if types:
        st.query_params["types"] = ",".join(types)
    elif "types" in st.query_params:
        del st.query_params["types"]
    if not query.strip() and "q" in st.query_params:
        del st.query_params["q"]
    if query.strip():
        st.query_params["q"] = query.strip()
        with user_errors():
            sources = graph.entities_of_types([str(AKG.Source)])
            hits = [
                h
                for h in graph.search(query, limit=400)
                if h.id not in sources and (not types or category_of(graph, h.type)[0] in types)
            ][:25]
            if not hits:
                st.warning(
                    md(f"Nothing in the graph is called or nicknamed {query.strip()!r}")
                    + (md(f" among {', '.join(types)}.") if types else "\\.")
                    + suggestion_links(graph.suggestions(query))
                )
                st.caption("Looking for a reference? Sources are listed on their own page.")
            else:
                st.markdown(f"**{len(hits)} match{'es' if len(hits) != 1 else ''}** for “{md(query.strip())}”")
                for i, hit in enumerate(hits):
                    name_col, type_col, why_col = st.columns([3, 2, 3], vertical_alignment="center")
                    if name_col.button(md(hit.label), key=f"{Key.HIT}_{i}", width="stretch"):
                        open_entity(hit.id)
                    category, colour = category_of(graph, hit.type) if hit.type else ("entity", "#ccc")
                    type_col.markdown(f":gray[{md(type_label(hit.type))}]")
                    if hit.matched != hit.label:
                        why_col.caption(f"matched “{md(hit.matched)}”")
    else:
        with user_errors():
            stats = graph.stats()
            counts = {t["label"]: t["count"] for t in stats["by_type"]}
            cols = st.columns(4)
            cols[0].metric("Entities", f"{stats['entities']:,}")
            cols[1].metric("Sourced facts", f"{stats['facts']:,}")
            cols[2].metric(
                "Graded facts", f"{stats['qualified_facts']:,}", help="segmental innervation, action roles, …"
            )
            cols[3].metric("Sources", f"{stats['sources']:,}")
            shown = [(label, n) for label, n in counts.items() if label != "source"]
            st.caption(" · ".join(f"{md(label)} ({n})" for label, n in shown))

    with user_errors():
        stats = graph.stats()
        version_rows = graph.named("data_version")
        version = str(version_rows[0]["version"]) if version_rows else "unversioned"
        st.divider()
        st.caption(
            f"Data version {md(version)} · {stats['facts']:,} sourced facts and {stats['qualified_facts']:,} graded facts "
            f"from {stats['sources']:,} sources · {stats['triples']:,} triples · {md(stats['engine'])}"
        )
st.caption(f":material/info: {DISCLAIMER}")

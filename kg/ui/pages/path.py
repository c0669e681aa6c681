"""How are these connected? Two entities in; the shortest meaningful paths between them as sentences and a graph.

URL parameters: ?from=piriformis&to=foot_drop
"""

import streamlit as st

from kg.errors import UnknownNameError
from kg.paths import connect
from kg.ui.escape import md, md_link
from kg.ui.graph_component import graph_view
from kg.ui.state import Key, endpoint, footer, load_graph, open_entity, page_setup, user_errors
from kg.viz import entity_slug, path_graph
from kg.vocab import AKG

graph = page_setup(
    "How are they connected?",
    "Pick two entities — a muscle and a sign, a root and a muscle — to see the shortest chains of sourced relations "
    "between them. Bones, exercises, tests and muscle groups are not walked through.",
)


@st.cache_data(max_entries=64, show_spinner="Finding paths…")
def _connect(endpoint_url: str | None, start: str, end: str) -> dict:
    """Paths between two entities, computed once per pair (the search can take a second on long paths)."""
    return connect(load_graph(endpoint_url), start, end)


def _swap() -> None:
    st.session_state[Key.PATH_FROM], st.session_state[Key.PATH_TO] = (
        st.session_state.get(Key.PATH_TO),
        st.session_state.get(Key.PATH_FROM),
    )


if graph is not None:
    with user_errors():
        sources = graph.entities_of_types([str(AKG.Source)])
        by_label = {label: iri for iri, label in graph.labels.items() if iri not in sources}
        names = sorted(by_label, key=str.lower)
        problems = []
        for key, param, default in ((Key.PATH_FROM, "from", "piriformis"), (Key.PATH_TO, "to", "foot_drop")):
            if key in st.session_state:
                continue
            wanted = st.query_params.get(param, default)
            try:
                st.session_state[key] = graph.label(graph.resolve(wanted))
            except UnknownNameError:  # an unknown name in the URL: say so, leave the box empty
                suggestions = graph.suggestions(wanted)
                hint = f" Did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
                problems.append(f"No entity is called {wanted!r} (the '{param}' in the link).{hint}")
                st.session_state[key] = None
        for problem in problems:
            st.warning(md(problem), icon=":material/search_off:")
        c1, c2, c3 = st.columns([5, 1, 5], vertical_alignment="bottom")
        start = c1.selectbox("From", names, key=Key.PATH_FROM, index=None, placeholder="e.g. piriformis")
        c2.button("⇄", key=Key.PATH_SWAP, on_click=_swap, help="Swap the two ends", width="stretch")
        end = c3.selectbox("To", names, key=Key.PATH_TO, index=None, placeholder="e.g. foot drop")
        if start:
            st.query_params["from"] = entity_slug(by_label[start])
        if end:
            st.query_params["to"] = entity_slug(by_label[end])
        if not (start and end):
            st.info("Pick both ends to see how they are connected.")
        elif start == end:
            st.info("Pick two different entities.")
        else:
            result = _connect(endpoint(), by_label[start], by_label[end])
            if not result["paths"]:
                st.info(md(f"No chain of at most 6 relations joins {start} and {end} in the graph."))
            else:
                text_col, graph_col = st.columns([2, 3], gap="medium")
                with text_col:
                    st.markdown(f"**{len(result['paths'])} shortest paths**, fewest links first")
                    for i, found in enumerate(result["paths"], start=1):
                        parts = [
                            md_link(found["steps"][0]["from_label"], f"/entity?entity={entity_slug(found['nodes'][0])}")
                        ]
                        for step in found["steps"]:
                            link = md_link(step["to_label"], f"/entity?entity={entity_slug(step['to'])}")
                            parts.append(f":gray[{md(step['words'])}] {link}")
                        st.markdown(f"{i}. " + " ".join(parts) + f" :small[:gray[({found['hops']} links)]]")
                with graph_col:
                    clicked = graph_view(
                        path_graph(graph, result),
                        key=Key.PATH_GRAPH,
                        frame_width=560,
                        hint="Left: the first entity; right: the second. Click a node to open its card.",
                    )
                    if clicked:
                        open_entity(clicked)
footer(graph)

"""Trace: from a symptom, sign or dysfunction to the muscles, nerves and roots behind it, as a graph and as paths.

URL parameter: ?term=Trendelenburg gait
"""

import streamlit as st

from kg import reasoning
from kg.card import wording_by_label
from kg.ui.cardview import md
from kg.ui.graph_component import graph_view
from kg.ui.state import Key, footer, open_entity, page_setup, user_errors
from kg.viz import trace_graph
from kg.vocab import AKG

graph = page_setup(
    "Trace a sign",
    "From a symptom, sign or dysfunction to the actions, muscles, nerves and spinal roots behind it.",
)

GROUPS = [
    ("Spinal roots", str(AKG.SpinalNerve)),
    ("Nerves and plexus", (str(AKG.Nerve), str(AKG.Plexus))),
    ("Muscles", (str(AKG.Muscle), str(AKG.MuscleGroup))),
]

if graph is not None:
    with user_errors():
        kinds = [str(AKG.Symptom), str(AKG.Sign), str(AKG.ClinicalFinding), str(AKG.Dysfunction)]
        terms = sorted({graph.label(i) for i in graph.entities_of_types(kinds)}, key=str.lower)
        if Key.TRACE_TERM not in st.session_state:
            wanted = st.query_params.get("term", "Trendelenburg gait")
            match = next((t for t in terms if t.lower() == wanted.lower()), None)
            if match is None and wanted:
                graph.resolve(wanted)  # an unknown term is reported with suggestions
            st.session_state[Key.TRACE_TERM] = match
        term = st.selectbox(
            "Symptom, sign or dysfunction", terms, key=Key.TRACE_TERM, placeholder="e.g. Trendelenburg gait"
        )
        if term:
            st.query_params["term"] = term
            result = reasoning.trace(graph, term)
            if not result["paths"]:
                st.info(md(f"The graph links {term!r} to no muscle, nerve or root yet."))
            else:
                words = wording_by_label(graph)
                graph_col, list_col = st.container(), st.container()  # the graph full width: room for relation names
                with graph_col:
                    spec = trace_graph(result, words=words)
                    clicked = graph_view(
                        spec,
                        key=Key.TRACE_GRAPH,
                        height=400,
                        frame_width=960,
                        hint="Left to right: finding → … → root. Click a node.",
                    )
                    if clicked:
                        open_entity(clicked)
                with list_col:
                    st.markdown(f"**{len(result['paths'])} paths** from {md(term)}")
                    ends = {}
                    for path in result["paths"]:
                        ends.setdefault(path[-1]["type"], []).append(path)
                    shown = set()
                    for title, types in GROUPS:
                        group = [
                            p
                            for t, ps in ends.items()
                            if t in (types if isinstance(types, tuple) else (types,))
                            for p in ps
                        ]
                        if not group:
                            continue
                        shown.update(id(p) for p in group)
                        with st.expander(f"{title} ({len(group)})", expanded=title == "Spinal roots"):
                            for path in group:
                                steps = [md(path[0]["label"])]
                                for step in path[1:]:
                                    pair = words.get(step.get("relation", ""))
                                    phrase = pair[1 if step.get("reverse") else 0] if pair else step.get("phrase", "")
                                    steps.append(f":gray[{md(phrase)}] → **{md(step['label'])}**")
                                st.markdown(":small[" + " ".join(steps) + "]")
                    rest = [p for p in result["paths"] if id(p) not in shown]
                    if rest:
                        with st.expander(f"Other ({len(rest)})"):
                            for path in rest:
                                st.markdown(":small[" + " → ".join(md(s["label"]) for s in path) + "]")
footer(graph)

"""SPARQL: a read-only query editor with the project's prefixes, example queries, tables, graphs and downloads."""

import os

import streamlit as st

from kg.queries import gallery
from kg.ui.graph_component import graph_view
from kg.ui.results import display_table, entity_iris, select_csv, select_json, triples_json, triples_rdf
from kg.ui.state import Key, endpoint, footer, open_entity, page_setup, query_worker, user_errors
from kg.viz import construct_graph
from kg.vocab import PREFIXES

TIME_LIMIT_S = float(os.environ.get("ANATOMY_KG_QUERY_TIMEOUT", "10"))
ROW_CAP = 10_000

graph = page_setup(
    "SPARQL",
    f"Read-only: updates, SERVICE and FROM are refused; a query stops after {TIME_LIMIT_S:g} s and results are "
    f"capped. The project's prefixes ({', '.join((p or ':') for p in PREFIXES)}) are predeclared.",
)

PREFIX_BLOCK = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
DEFAULT_QUERY = (
    PREFIX_BLOCK
    + """

# muscles the superior gluteal nerve supplies
SELECT ?muscle ?label WHERE {
  ?muscle obo:RO_0002005 :superior_gluteal_nerve ; rdfs:label ?label .
}
ORDER BY ?label
"""
)


def _load_example() -> None:
    chosen = st.session_state.get(Key.SPARQL_EXAMPLE)
    for query in gallery():
        if query.summary == chosen:
            st.session_state[Key.SPARQL_TEXT] = query.text
            st.session_state.pop("_sparql_result", None)


if graph is not None:
    examples = gallery()
    st.session_state.setdefault(Key.SPARQL_TEXT, DEFAULT_QUERY)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(
        "Examples from kg/queries/",
        [q.summary for q in examples],
        index=None,
        key=Key.SPARQL_EXAMPLE,
        placeholder="load an example query…",
        on_change=_load_example,
    )
    max_rows = right.number_input("Row cap", 1, ROW_CAP, 1000, step=100, key=Key.SPARQL_MAX_ROWS)
    text = st.text_area("Query", key=Key.SPARQL_TEXT, height=260)
    if st.button("Run query", key=Key.SPARQL_RUN, type="primary", icon=":material/play_arrow:"):
        st.session_state.pop("_sparql_result", None)
        with user_errors(), st.spinner("Running…"):
            st.session_state["_sparql_result"] = query_worker(endpoint()).run(text, int(max_rows), TIME_LIMIT_S)

    result = st.session_state.get("_sparql_result")
    if result is not None:
        with user_errors():
            form = result["form"]
            if form == "ASK":
                st.success(f"ASK → {str(result['boolean']).lower()}")
            elif form == "SELECT":
                rows, variables = result["rows"], result["variables"]
                note = f" (stopped at the cap of {int(max_rows):,})" if result["truncated"] else ""
                st.markdown(f"**{len(rows):,} row{'s' if len(rows) != 1 else ''}**{note}")
                shown, link_columns = display_table(variables, rows, graph.labels)
                st.dataframe(
                    shown,
                    hide_index=True,
                    height=min(38 + 35 * max(len(shown), 1), 420),
                    column_config={
                        c: st.column_config.LinkColumn(c, display_text="open card", width="small") for c in link_columns
                    },
                    key="sparql_table",
                )
                d1, d2, _ = st.columns([1, 1, 4])
                d1.download_button("Download CSV", select_csv(variables, rows), "results.csv", "text/csv")
                d2.download_button(
                    "Download JSON", select_json(variables, rows), "results.json", "application/sparql-results+json"
                )
                iris = entity_iris(rows)
                if iris:
                    o1, o2 = st.columns([3, 1], vertical_alignment="bottom")
                    choice = o1.selectbox(
                        "Open the card of", iris, format_func=graph.label, key=Key.SPARQL_OPEN, index=0
                    )
                    if o2.button("Open card", key=Key.SPARQL_OPEN_BUTTON):
                        open_entity(choice)
            else:
                triples = result["triples"]
                note = f" (stopped at the cap of {int(max_rows):,})" if result["truncated"] else ""
                st.markdown(f"**{len(triples):,} triples**{note}")
                graph_tab, table_tab = st.tabs(["Graph", "Triples"])
                with graph_tab:
                    spec = construct_graph(triples, graph.labels, graph.entity_types)
                    clicked = graph_view(spec, key=Key.SPARQL_GRAPH, height=480, hint="Click a node to open its card.")
                    if clicked:
                        open_entity(clicked)
                with table_tab:
                    st.dataframe(
                        [{"subject": str(s), "predicate": str(p), "object": str(o)} for s, p, o in triples],
                        hide_index=True,
                    )
                d1, d2, d3, _ = st.columns([1, 1, 1, 3])
                d1.download_button("Download Turtle", triples_rdf(triples), "results.ttl", "text/turtle")
                d2.download_button(
                    "Download N-Triples", triples_rdf(triples, "nt"), "results.nt", "application/n-triples"
                )
                d3.download_button("Download JSON-LD", triples_json(triples), "results.jsonld", "application/ld+json")
footer(graph)

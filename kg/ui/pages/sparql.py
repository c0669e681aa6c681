"""SPARQL: a read-only query editor (highlighting, line numbers, completions, errors marked in place),
the project's prefixes, example queries, labelled tables, charts, graphs and downloads.

URL parameters: ?query=<text, the predeclared prefixes left out>&rows=1000 (a link opens the query and runs it)
"""

import os
from typing import Any

import streamlit as st
from code_editor import code_editor

from kg.errors import KGError, QueryError
from kg.queries import gallery
from kg.sparql.help import chart_columns, completions, labelled_csv, locate, query_body
from kg.ui.escape import md
from kg.ui.graph_component import graph_view
from kg.ui.results import display_table, entity_iris, select_json, triples_json, triples_rdf
from kg.ui.state import Key, endpoint, footer, load_graph, open_entity, page_setup, query_worker, user_errors
from kg.viz import construct_graph
from kg.vocab import AKG, PREFIXES

TIME_LIMIT_S = float(os.environ.get("ANATOMY_KG_QUERY_TIMEOUT", "10"))
ROW_CAP = 10_000
#: session keys of this page: the editor's component key changes when an example replaces the text
EDITOR_KEY = "_sparql_editor_key"
EDITOR_SEEN = "_sparql_editor_seen"
RESULT = "_sparql_result"
PROBLEM = "_sparql_problem"

graph = page_setup(
    "SPARQL",
    f"Read-only: updates, SERVICE and FROM are refused; a query stops after {TIME_LIMIT_S:g} s and results are "
    f"capped. The project's prefixes ({', '.join((p or ':') for p in PREFIXES)}) are "
    "predeclared. Ctrl+Space completes prefixes, classes, properties and entity names; Ctrl+Enter runs.",
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
RUN_BUTTON = {
    "name": "Run",
    "feather": "Play",
    "primary": True,
    "hasText": True,
    "showWithIcon": True,
    "commands": ["submit"],
    "style": {"bottom": "0.44rem", "right": "0.4rem"},
}
EDITOR_CSS = ".akg-error { position: absolute; border-bottom: 2px solid #d6336c; background: rgba(214,51,108,0.12); }"


@st.cache_data(show_spinner=False, max_entries=4)
def editor_completions(endpoint_url: str | None) -> list[dict[str, Any]]:
    """Completions from the graph in use: prefixes, classes, properties, entity labels."""
    g = load_graph(endpoint_url)
    properties = [str(r["p"]) for r in g.named("editor_properties")]
    source = str(AKG.Source)
    things = {
        iri: label for iri, label in g.labels.items() if g.entity_types.get(iri) != source
    }  # not the 1,000 sources
    return completions(things, sorted(g.class_ancestors), properties)


def _editor_key() -> str:
    return f"sparql_editor_{st.session_state.get(EDITOR_KEY, 0)}"


def _set_text(text: str) -> None:
    """Replace the query text; the editor is mounted afresh with it."""
    st.session_state[Key.SPARQL_TEXT] = text
    st.session_state[EDITOR_KEY] = st.session_state.get(EDITOR_KEY, 0) + 1
    st.session_state.pop(RESULT, None)
    st.session_state.pop(PROBLEM, None)


def _load_example() -> None:
    chosen = st.session_state.get(Key.SPARQL_EXAMPLE)
    for query in gallery():
        if query.summary == chosen:
            _set_text(query_body(query.text))


def _run(text: str, max_rows: int) -> None:
    st.session_state.pop(RESULT, None)
    st.session_state.pop(PROBLEM, None)
    try:
        st.session_state[RESULT] = query_worker(endpoint()).run(text, max_rows, TIME_LIMIT_S)
    except KGError as e:  # shown under the editor, and marked in it when it names a line
        st.session_state[PROBLEM] = e


def _annotations(problem: KGError | None, text: str) -> dict[str, Any]:
    """Ace props marking the problem's line and column: a gutter error and an underline."""
    if not isinstance(problem, QueryError):
        return {}
    where = locate(str(problem))
    if where.line is None:
        return {}
    row, column = where.line - 1, max(0, (where.column or 1) - 1)
    lines = text.split("\n")
    end = len(lines[row]) if row < len(lines) else column + 1
    return {
        "annotations": [{"row": row, "column": column, "type": "error", "text": where.message}],
        "markers": [
            {
                "startRow": row,
                "startCol": column,
                "endRow": row,
                "endCol": max(end, column + 1),
                "className": "akg-error",
                "type": "text",
            }
        ],
    }


def _from_url() -> bool:
    """A fresh page takes its query and row cap from the URL; whether there was a query to run."""
    rows = st.query_params.get("rows")
    if rows is not None:
        try:
            st.session_state[Key.SPARQL_MAX_ROWS] = min(max(int(rows), 1), ROW_CAP)
        except ValueError:
            st.warning(md(f"The row cap in the link is not a number ({rows!r}); using 1000."))
    text = st.query_params.get("query", "").strip()
    if text:
        st.session_state[Key.SPARQL_TEXT] = f"{PREFIX_BLOCK}\n\n{text}\n"
    return bool(text)


def _to_url(text: str, max_rows: int) -> None:
    body = text.removeprefix(PREFIX_BLOCK).strip()
    if text.strip() == DEFAULT_QUERY.strip():
        st.query_params.pop("query", None)
    elif st.query_params.get("query") != body:
        st.query_params["query"] = body
    if max_rows == 1000:
        st.query_params.pop("rows", None)
    else:
        st.query_params["rows"] = str(max_rows)


if graph is not None:
    examples = gallery()
    run_from_url = Key.SPARQL_TEXT not in st.session_state and _from_url()
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
    st.session_state.setdefault(Key.SPARQL_MAX_ROWS, 1000)
    max_rows = int(right.number_input("Row cap", 1, ROW_CAP, step=100, key=Key.SPARQL_MAX_ROWS))
    chosen = next((q for q in examples if q.summary == st.session_state.get(Key.SPARQL_EXAMPLE)), None)
    if chosen is not None:
        about = [f"**{chosen.summary}**"]
        if chosen.params:
            about.append(f"Parameters: {chosen.params}")
        if chosen.returns:
            about.append(f"Returns: {chosen.returns}")
        st.caption("  \n".join(about))

    # what the editor sent since the last run of this script: its text, and whether Run/Ctrl+Enter was pressed
    run_now = bool(st.session_state.get(Key.SPARQL_RUN)) or run_from_url
    response = st.session_state.get(_editor_key())
    if isinstance(response, dict) and response.get("id") and response["id"] != st.session_state.get(EDITOR_SEEN):
        st.session_state[EDITOR_SEEN] = response["id"]
        st.session_state[Key.SPARQL_TEXT] = response.get("text", "")
        run_now = run_now or response.get("type") == "submit"
    text = st.session_state[Key.SPARQL_TEXT]
    if run_now:
        with st.spinner("Running…"):
            _run(text, max_rows)
        # the link names the query that ran; rewriting the URL on every keystroke lost the editor's Ctrl+Enter
        _to_url(text, max_rows)

    code_editor(
        text,
        lang="sparql",
        height="340px",
        # the editor speaks on Run / Ctrl+Enter ("submit") and when it loses focus ("blur", e.g. to the Run query
        # button); not on every pause in typing: a "change" sent 250 ms after the last keystroke replaced a
        # Ctrl+Enter pressed within those 250 ms (Streamlit keeps a component's latest value only), which never ran
        response_mode="blur",
        completions=editor_completions(endpoint()),
        buttons=[RUN_BUTTON],
        # completion on Ctrl+Space only: live completion took Enter for itself while people typed keywords
        options={"showLineNumbers": True, "enableLiveAutocompletion": False, "wrap": False, "tabSize": 2},
        # a built-in Ace theme: the component's own themes fetch a web font from the internet
        # no scroll margin: with one, Ace drew the gutter a line below the text once the editor scrolled
        props={"theme": "chrome", "scrollMargin": [0, 0, 0, 0], **_annotations(st.session_state.get(PROBLEM), text)},
        component_props={"css": EDITOR_CSS},
        key=_editor_key(),
    )
    st.button("Run query", key=Key.SPARQL_RUN, type="primary", icon=":material/play_arrow:")

    problem = st.session_state.get(PROBLEM)
    if problem is not None:
        with user_errors():
            raise problem
    result = st.session_state.get(RESULT)
    if result is not None:
        with user_errors():
            form = result["form"]
            if form == "ASK":
                st.success(f"ASK → {str(result['boolean']).lower()}")
            elif form == "SELECT":
                rows, variables = result["rows"], result["variables"]
                note = f" (stopped at the cap of {max_rows:,})" if result["truncated"] else ""
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
                columns = chart_columns(variables, rows)
                if columns:
                    label, number = columns
                    st.bar_chart(
                        [
                            {label: shown_row[label], number: float(str(row[number]))}
                            for shown_row, row in zip(shown, rows, strict=True)
                        ],
                        x=label,
                        y=number,
                        horizontal=True,
                        sort=False,
                    )
                d1, d2, _ = st.columns([1, 1, 4])
                d1.download_button(
                    "Download CSV",
                    labelled_csv(variables, rows, graph.labels),
                    "results.csv",
                    "text/csv",
                    help="Full IRIs, each with its label in the column beside it",
                )
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
                note = f" (stopped at the cap of {max_rows:,})" if result["truncated"] else ""
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

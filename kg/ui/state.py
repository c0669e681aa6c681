"""What every page shares: the cached graph, widget keys, page paths, navigation and error display."""

from __future__ import annotations

import ipaddress
import logging
import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import streamlit as st

import kg
from kg.errors import EndpointError, KGError, QueryError, UnknownNameError
from kg.ui.escape import md, md_link
from kg.viz import entity_slug

__all__ = [
    "DISCLAIMER",
    "Key",
    "Page",
    "current_graph",
    "endpoint",
    "endpoint_problem",
    "load_graph",
    "open_entity",
    "page_setup",
    "query_worker",
    "user_errors",
]

log = logging.getLogger("anatomy_kg.app")

DISCLAIMER = "For education, not diagnosis: AnatomyKG does not replace a clinical examination."
APP_DIR = Path(__file__).resolve().parent.parent.parent


class Page(StrEnum):
    """Page files, relative to app.py (as `st.navigation`, `st.switch_page` and `AppTest.switch_page` want them)."""

    EXPLORE = "kg/ui/pages/explore.py"
    ENTITY = "kg/ui/pages/entity.py"
    DEFICITS = "kg/ui/pages/deficits.py"
    LOCALIZE = "kg/ui/pages/localize.py"
    TRACE = "kg/ui/pages/trace.py"
    SPARQL = "kg/ui/pages/sparql.py"
    COMPARE = "kg/ui/pages/compare.py"
    PATH = "kg/ui/pages/path.py"
    SOURCES = "kg/ui/pages/sources.py"
    QUIZ = "kg/ui/pages/quiz.py"


class Key(StrEnum):
    """Widget keys, shared with the tests."""

    ENDPOINT = "sidebar_endpoint"
    SEARCH = "explore_search"
    EXAMPLE_L5 = "explore_example_l5"
    EXAMPLE_TRENDELENBURG = "explore_example_trendelenburg"
    EXAMPLE_GMED = "explore_example_gmed"
    EXAMPLE_GLUTE_MED = "explore_example_glute_med"
    EXAMPLE_PERONEAL = "explore_example_peroneal"
    HIT = "explore_hit"  # + "_<n>"
    ENTITY_PICK = "entity_pick"
    DEPTH = "entity_depth"
    RELATIONS = "entity_relations"
    MAX_NODES = "entity_max_nodes"
    ENTITY_GRAPH = "entity_graph"
    ENTITY_LINK = "entity_link"  # + "_<n>"
    GRAPH_HTML = "entity_graph_html"
    ROOTS = "deficit_roots"
    SEVERITY = "deficit_severity"
    SHOW_UNAFFECTED = "deficit_show_unaffected"
    DEFICIT_GRAPH = "deficit_graph"
    DEFICIT_SIDE = "deficit_side"
    WEAK = "localize_weak"
    NORMAL = "localize_normal"
    NUMB = "localize_numb"
    REFLEX = "localize_reflex"  # + "_<reflex slug>"
    SIGNS = "localize_signs"
    NEXT_ABNORMAL = "localize_next_abnormal"
    NEXT_NORMAL = "localize_next_normal"
    LOCALIZE_CLEAR = "localize_clear"
    TRACE_TERM = "trace_term"
    TRACE_GRAPH = "trace_graph"
    SPARQL_EXAMPLE = "sparql_example"
    SPARQL_TEXT = "sparql_text"
    SPARQL_MAX_ROWS = "sparql_max_rows"
    SPARQL_RUN = "sparql_run"
    SPARQL_OPEN = "sparql_open"
    SPARQL_OPEN_BUTTON = "sparql_open_button"
    SPARQL_GRAPH = "sparql_graph"
    COMPARE_MUSCLES = "compare_muscles"
    PATH_FROM = "path_from"
    SOURCES_TIER = "sources_tier"
    QUIZ_KINDS = "quiz_kinds"
    QUIZ_ANSWER = "quiz_answer"
    QUIZ_CHECK = "quiz_check"
    QUIZ_NEXT = "quiz_next"
    SOURCES_TEXT = "sources_text"
    SEARCH_TYPES = "explore_types"
    PATH_TO = "path_to"
    PATH_SWAP = "path_swap"
    PATH_GRAPH = "path_graph"


# ---------------------------------------------------------------------------- the graph
@st.cache_resource(show_spinner="Loading the knowledge graph…", max_entries=4)
def load_graph(endpoint_url: str | None) -> kg.AnatomyGraph:
    """The graph on the embedded store (None) or on a SPARQL endpoint; loaded once per process."""
    return kg.load(endpoint_url or None)


@st.cache_resource(max_entries=4)
def query_worker(endpoint_url: str | None) -> Any:
    """The process that runs people's SPARQL with a time limit (one per endpoint)."""
    from kg.ui.query_runner import QueryWorker

    return QueryWorker(endpoint_url or None)


_ENDPOINT_STATE = "_endpoint_url"


def endpoint() -> str | None:
    """The SPARQL endpoint in use: the one set in the sidebar, else $ANATOMY_KG_ENDPOINT, else None (embedded)."""
    chosen = st.session_state.get(_ENDPOINT_STATE)
    if chosen is None:
        chosen = os.environ.get("ANATOMY_KG_ENDPOINT", "")
    return chosen.strip() or None


def current_graph() -> kg.AnatomyGraph:
    return load_graph(endpoint())


ALLOW_REMOTE_ENV = "ANATOMY_KG_ALLOW_REMOTE_ENDPOINTS"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def endpoint_problem(url: str) -> str | None:
    """Why the sidebar may not switch to `url` (None when it may).

    The app server posts every query to the endpoint, so a visitor could make it reach any host;
    only loopback endpoints (127.0.0.0/8, ::1, localhost) are accepted unless the operator sets
    $ANATOMY_KG_ALLOW_REMOTE_ENDPOINTS=1.
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # a non-numeric port raises here
    except ValueError:
        return "is not a valid URL; use e.g. http://127.0.0.1:7878/query"
    if parts.scheme not in ("http", "https") or not host:
        return "is not an http(s) URL; use e.g. http://127.0.0.1:7878/query"
    if not _is_loopback(host) and os.environ.get(ALLOW_REMOTE_ENV, "") != "1":
        return (
            f"is not on this machine: only loopback endpoints (127.0.0.1, ::1, localhost) are accepted here. "
            f"An operator can allow others by starting the app with {ALLOW_REMOTE_ENV}=1"
        )
    return None


def _endpoint_changed() -> None:
    value = (st.session_state.get(Key.ENDPOINT) or "").strip()
    problem = endpoint_problem(value) if value else None
    if problem:
        st.session_state["_endpoint_problem"] = f"{value!r} {problem}; still using the previous data source."
        return
    st.session_state.pop("_endpoint_problem", None)
    st.session_state[_ENDPOINT_STATE] = value


def _sidebar() -> None:
    with st.sidebar:
        st.caption(DISCLAIMER)
        with st.expander("Data source", expanded=False):
            if Key.ENDPOINT not in st.session_state:
                st.session_state[Key.ENDPOINT] = endpoint() or ""
            st.text_input(
                "SPARQL endpoint",
                key=Key.ENDPOINT,
                placeholder="empty = built-in graph",
                help="A SPARQL 1.1 query URL (e.g. an `anatomy-kg serve` or Oxigraph server). Empty uses the "
                "graph built into the app.",
                on_change=_endpoint_changed,
            )
            problem = st.session_state.get("_endpoint_problem")
            if problem:
                st.error(md(problem), icon=":material/block:")
            st.caption("Using: " + md(endpoint() or "built-in graph (embedded Oxigraph)"))


_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; padding-bottom: 2rem; }
[data-testid="stSidebarHeader"] { height: 1rem; min-height: 1rem; }
h1 { padding-top: 0.2rem; padding-bottom: 0.4rem; }
</style>"""


def page_setup(title: str | None, intro: str = "") -> kg.AnatomyGraph | None:
    """Draw the sidebar and the page title; the graph, or None after showing why it could not be loaded."""
    st.html(_CSS)
    _sidebar()
    if title:
        st.title(md(title))
    if intro:
        st.caption(md(intro))
    with user_errors():
        graph = current_graph()
        _ = graph.labels  # reach the store now, so an endpoint that is down is reported here, once
        return graph
    return None


def suggestion_links(suggestions: list[str]) -> str:
    """'Did you mean [gluteus medius](/entity?entity=gluteus_medius)?' as safe Markdown ('' without suggestions)."""
    if not suggestions:
        return ""
    links, seen = [], set()
    for name in suggestions:
        try:
            iri = current_graph().resolve(name)
        except Exception:  # the suggestion cannot be opened: show it as text
            links.append(md(repr(name)))
            continue
        if iri not in seen:
            seen.add(iri)
            links.append(md_link(name, f"/entity?entity={entity_slug(iri)}"))
    return f" Did you mean {', '.join(links)}?"


# ---------------------------------------------------------------------------- errors
@contextmanager
def user_errors() -> Iterator[None]:
    """Show a problem as a message in the page, never as a stack trace.

    Streamlit's own control flow (st.rerun, st.switch_page, st.stop) derives from BaseException
    and passes through untouched.
    """
    try:
        yield
    except UnknownNameError as e:
        st.error(
            md(f"No {e.what} is called {e.name!r} in the graph.") + suggestion_links(list(e.suggestions)),
            icon=":material/search_off:",
        )
    except EndpointError as e:
        st.error(
            md(
                f"The SPARQL endpoint cannot be reached or answered with an error: {e}. "
                "Check the URL under 'Data source' in the sidebar, or clear it to use the built-in graph."
            ),
            icon=":material/cloud_off:",
        )
    except QueryError as e:
        st.error(md(f"Query problem: {e}"), icon=":material/error:")
    except KGError as e:
        st.error(md(str(e)), icon=":material/error:")
    except Exception as e:
        log.error("unexpected error in the app:\n%s", traceback.format_exc())
        st.error(
            f"Something went wrong on our side ({type(e).__name__}). The details are in the server log; "
            "try another input or reload the page.",
            icon=":material/build:",
        )


# ---------------------------------------------------------------------------- navigation
def open_entity(iri: str, **params: str) -> None:
    """Switch to the entity page showing `iri` (keeps the URL shareable: ?entity=<name>)."""
    st.switch_page(Page.ENTITY, query_params={"entity": entity_slug(iri), **params})


def footer(graph: kg.AnatomyGraph | None = None) -> None:
    """Disclaimer (and, with a graph, what it holds) at the foot of a page."""
    st.divider()
    st.caption(f":material/info: {md(DISCLAIMER)}")

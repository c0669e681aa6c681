"""Quiz: questions generated from the graph, due ones first (FSRS), each answer explained with its card and sources.

Two kinds are answered on the body maps: click a dermatome on the diagram; name the muscle highlighted on the atlas.
URL parameters: ?kinds=nerve,insertion&q=nerve:gluteus_medius
"""

import streamlit as st

from kg.bodymap import Region, highlight_map
from kg.quiz import BODY_KINDS, TEMPLATES, Progress, body_questions, questions
from kg.ui.bodyview import body_pictures, clickable_body
from kg.ui.escape import md, md_link
from kg.ui.state import Key, footer, page_setup, user_errors
from kg.viz import entity_slug
from kg.vocab import ENT

graph = page_setup(
    "Quiz",
    "Questions generated from the graph's settled facts (contested ones are never asked as settled). Your progress "
    "stays in a local file on this machine; delete it to start over.",
)
KINDS = [t.kind for t in TEMPLATES] + list(BODY_KINDS)
QUIZ_BODY = "quiz_body_map"


@st.cache_data(max_entries=8, show_spinner=False)
def _questions(kinds: tuple[str, ...]) -> list[dict]:
    text = questions(graph, [k for k in kinds if k not in BODY_KINDS])
    pictures = body_questions(graph, [k for k in kinds if k in BODY_KINDS])
    return [q.as_dict() for q in [*text, *pictures]]


def _asked(q: dict) -> str:
    """The IRI of the entity a picture question is about (its id is '<kind>:<entity slug>')."""
    return str(ENT[q["id"].split(":", 1)[1]])


def _dermatome_question(q: dict, progress: Progress) -> None:
    """The diagram to click; a click is the answer (either side of the right dermatome is right)."""
    checked = st.session_state.get("_quiz_checked")
    shaded: dict[str, str] = {}
    if checked:
        for region_id in highlight_map([_asked(q)]).shaded["dermatomes"]:
            shaded[region_id] = "highlight"
        clicked = st.session_state.get("_quiz_clicked")
        if clicked and clicked not in shaded:
            shaded[clicked] = "severe"
    region: Region | None = clickable_body(
        ["dermatomes"],
        lambda r: f"{r.side} side: click to answer",
        key=f"{QUIZ_BODY}_{q['id']}",
        shaded={"dermatomes": shaded},
        height=440,
        hint="Blue: the right dermatome; red: your click, where it was another one.",
    )
    if region is not None and not checked:
        st.session_state["_quiz_clicked"] = region.id
        correct = entity_slug(region.entity) == entity_slug(_asked(q))
        due = progress.record(q["id"], correct)
        st.session_state["_quiz_checked"] = (correct, f"{due:%Y-%m-%d %H:%M}", f"{region.side} {region.id}")
        st.rerun()


def _next() -> None:
    st.session_state.pop(Key.QUIZ_ANSWER, None)
    st.session_state.pop("_quiz_checked", None)
    st.session_state.pop("_quiz_clicked", None)
    st.session_state.pop("_quiz_current", None)
    st.query_params.pop("q", None)


if graph is not None:
    with user_errors():
        if Key.QUIZ_KINDS not in st.session_state:
            wanted = [k for k in st.query_params.get("kinds", ",".join(KINDS)).split(",") if k]
            unknown = [k for k in wanted if k not in KINDS]
            if unknown:
                st.warning(md(f"No question kind {', '.join(unknown)}; kinds are {', '.join(KINDS)}."))
            st.session_state[Key.QUIZ_KINDS] = [k for k in wanted if k in KINDS] or KINDS
        kinds = st.pills("Ask about", KINDS, selection_mode="multi", key=Key.QUIZ_KINDS)
        st.query_params["kinds"] = ",".join(kinds)
        if not kinds:
            st.info("Pick at least one kind of question.")
        else:
            items = _questions(tuple(sorted(kinds)))
            progress = Progress()
            by_id = {q["id"]: q for q in items}
            current = st.session_state.get("_quiz_current") or st.query_params.get("q")
            if current and current not in by_id:
                st.warning(md(f"No question {current!r} among these kinds; here is the next one due."))
                current = None
            if current is None:
                from kg.quiz import Question

                current = progress.order([Question(**q) for q in items])[0].id
            st.session_state["_quiz_current"] = current
            st.query_params["q"] = current
            q = by_id[current]
            with st.container(border=True):
                st.markdown(f"**{md(q['prompt'])}**")
                if q["kind"] == "highlighted muscle":
                    body = highlight_map([_asked(q)])
                    body_pictures(body, body.pictures_used(), label="a highlighted muscle", height=420)
                if q["kind"] == "dermatome":
                    _dermatome_question(q, progress)
                else:
                    choice = st.radio("Your answer", q["options"], index=None, key=Key.QUIZ_ANSWER)
                    if st.button("Check", key=Key.QUIZ_CHECK, type="primary", disabled=choice is None):
                        correct = choice == q["answer"]
                        due = progress.record(q["id"], correct)
                        st.session_state["_quiz_checked"] = (correct, f"{due:%Y-%m-%d %H:%M}", "")
                checked = st.session_state.get("_quiz_checked")
                if checked:
                    correct, due, _clicked = checked
                    verdict = "Right." if correct else f"Not quite: the answer is {q['answer']}."
                    (st.success if correct else st.error)(md(f"{verdict} {q['explanation']}"))
                    st.markdown(
                        ":small[Sources: "
                        + md("; ".join(q["sources"]) or "none recorded")
                        + " · "
                        + md_link("open the card", q["card"])
                        + f" · next review {md(due)} UTC]"
                    )
                    st.button("Next question", key=Key.QUIZ_NEXT, on_click=_next)
            st.caption(md(f"{len(items)} questions · {len(progress.cards)} seen · progress file: {progress.path}"))
footer(graph)

"""Quiz: questions generated from the graph, due ones first (FSRS), each answer explained with its card and sources.

URL parameters: ?kinds=nerve,insertion&q=nerve:gluteus_medius
"""

import streamlit as st

from kg.quiz import TEMPLATES, Progress, questions
from kg.ui.escape import md, md_link
from kg.ui.state import Key, footer, page_setup, user_errors

graph = page_setup(
    "Quiz",
    "Questions generated from the graph's settled facts (contested ones are never asked as settled). Your progress "
    "stays in a local file on this machine; delete it to start over.",
)
KINDS = [t.kind for t in TEMPLATES]


@st.cache_data(max_entries=8, show_spinner=False)
def _questions(kinds: tuple[str, ...]) -> list[dict]:
    return [q.as_dict() for q in questions(graph, kinds)]


def _next() -> None:
    st.session_state.pop(Key.QUIZ_ANSWER, None)
    st.session_state.pop("_quiz_checked", None)
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
                choice = st.radio("Your answer", q["options"], index=None, key=Key.QUIZ_ANSWER)
                if st.button("Check", key=Key.QUIZ_CHECK, type="primary", disabled=choice is None):
                    correct = choice == q["answer"]
                    due = progress.record(q["id"], correct)
                    st.session_state["_quiz_checked"] = (correct, f"{due:%Y-%m-%d %H:%M}")
                checked = st.session_state.get("_quiz_checked")
                if checked:
                    correct, due = checked
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

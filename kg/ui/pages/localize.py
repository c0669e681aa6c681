"""Localize: examination findings in, lesion sites ranked out, with the evidence for and against each and a next test."""

import re

import streamlit as st

from kg import reasoning
from kg.ui.cardview import md
from kg.ui.state import Key, footer, open_entity, page_setup, user_errors
from kg.vocab import AKG

graph = page_setup(
    "Localize a lesion",
    "Enter what the examination found — weak and normal actions, sensation, reflexes, signs present or absent, "
    "clinical tests and the context. Lesion sites (roots, two-root and cauda equina lesions, plexuses, nerves, "
    "non-neural mimics) are ranked by how well they explain all findings; a normal finding counts as evidence too.",
)

REFLEX_CHOICES = ["not tested", "normal", "reduced", "absent", "brisk"]
# page-local widget keys for the inputs added with the clinical findings (kg.ui.state keeps the older ones)
NORMAL_SENSATION = "localize_normal_sensation"
ABSENT = "localize_absent"
TESTS_POSITIVE = "localize_tests_positive"
TESTS_NEGATIVE = "localize_tests_negative"
SIDE = "localize_side"
CONTEXT = "localize_context"
LIST_KEYS = (
    Key.WEAK,
    Key.NORMAL,
    Key.NUMB,
    Key.SIGNS,
    NORMAL_SENSATION,
    ABSENT,
    TESTS_POSITIVE,
    TESTS_NEGATIVE,
    CONTEXT,
)
STATUS_MARK = {"explained": "✓", "unexplained": "·", "contradicted": "✗"}


def reflex_key(label: str) -> str:
    return f"{Key.REFLEX}_{re.sub(r'[^a-z0-9]+', '_', label.lower()).strip('_')}"


def _labels(types: list[str]) -> list[str]:
    return sorted({graph.label(i) for i in graph.entities_of_types(types)}, key=str.lower)


def _add_finding(kind: str, term: str, abnormal: bool) -> None:
    """Add the suggested test's result to the inputs (runs before the widgets are drawn again)."""
    if kind == "reflex":
        st.session_state[reflex_key(term)] = "absent" if abnormal else "normal"
        return
    if kind == "weak":
        key = Key.WEAK if abnormal else Key.NORMAL
    elif kind == "numb":
        key = Key.NUMB if abnormal else NORMAL_SENSATION
    elif kind == "test":
        key = TESTS_POSITIVE if abnormal else TESTS_NEGATIVE
    else:
        key = Key.SIGNS if abnormal else ABSENT
    values = list(st.session_state.get(key, []))
    if term not in values:
        values.append(term)
    st.session_state[key] = values


def _clear() -> None:
    for key in LIST_KEYS:
        st.session_state[key] = []
    st.session_state[SIDE] = "not given"
    for key in list(st.session_state):
        if str(key).startswith(str(Key.REFLEX)):
            st.session_state[key] = "not tested"


if graph is not None:
    with user_errors():
        actions = _labels([str(AKG.Action)])
        regions = _labels([str(AKG.SkinRegion)])
        reflexes = _labels([str(AKG.Reflex)])
        signs = _labels([str(AKG.Sign), str(AKG.Symptom)])
        tests = _labels([str(AKG.ClinicalTest)])
        for key in LIST_KEYS:
            st.session_state.setdefault(key, [])
        st.session_state.setdefault(SIDE, "not given")
        if not any(st.session_state[k] for k in LIST_KEYS) and "weak" in st.query_params:
            st.session_state[Key.WEAK] = [w for w in st.query_params.get("weak", "").split("|") if w in actions]

        inputs, results = st.columns([2, 3], gap="large")
        with inputs:
            st.multiselect("Weak actions", actions, key=Key.WEAK, placeholder="e.g. ankle dorsiflexion")
            st.multiselect("Normal (spared) actions", actions, key=Key.NORMAL, placeholder="e.g. hip abduction")
            st.multiselect("Numb skin regions", regions, key=Key.NUMB, placeholder="e.g. dorsum of foot")
            st.multiselect("Normal sensation over", regions, key=NORMAL_SENSATION, placeholder="e.g. sole of foot")
            st.multiselect("Signs and symptoms present", signs, key=Key.SIGNS, placeholder="e.g. Trendelenburg sign")
            st.multiselect("Signs and symptoms absent", signs, key=ABSENT, placeholder="e.g. low back pain")
            st.multiselect("Tests positive", tests, key=TESTS_POSITIVE, placeholder="e.g. FAIR test")
            st.multiselect("Tests negative", tests, key=TESTS_NEGATIVE, placeholder="e.g. straight-leg raise test")
            c1, c2 = st.columns(2)
            c1.selectbox("Side of the findings", ["not given", "left", "right", "bilateral"], key=SIDE)
            c2.multiselect("Context", sorted(reasoning.localize_contexts()), key=CONTEXT, placeholder="e.g. diabetes")
            st.markdown("**Reflexes**")
            reflex_cols = st.columns(2)
            states: dict[str, str] = {}
            for i, reflex in enumerate(reflexes):
                key = reflex_key(reflex)
                st.session_state.setdefault(key, "not tested")
                state = reflex_cols[i % 2].selectbox(reflex, REFLEX_CHOICES, key=key)
                if state != "not tested":
                    states[reflex] = state
            st.button("Clear all findings", key=Key.LOCALIZE_CLEAR, on_click=_clear)

        values = {k: st.session_state[k] for k in LIST_KEYS}
        weak, normal = values[Key.WEAK], values[Key.NORMAL]
        side = st.session_state[SIDE]
        with results:
            if not (any(values[k] for k in LIST_KEYS if k != CONTEXT) or states):
                st.info("Add at least one finding on the left; the ranking updates as you go.")
            elif set(weak) & set(normal):
                both = ", ".join(sorted(set(weak) & set(normal)))
                st.error(md(f"An action cannot be both weak and normal: {both}. Remove it from one list."))
            else:
                result = reasoning.localize(
                    graph,
                    weak=weak,
                    normal=normal,
                    numb=values[Key.NUMB],
                    reflexes=states,
                    signs=values[Key.SIGNS],
                    absent=values[ABSENT],
                    normal_sensation=values[NORMAL_SENSATION],
                    tests=[f"{t}=positive" for t in values[TESTS_POSITIVE]]
                    + [f"{t}=negative" for t in values[TESTS_NEGATIVE]],
                    side=None if side == "not given" else side,
                    context=values[CONTEXT],
                )
                verdict = result["verdict"][0].upper() + result["verdict"][1:] + "."
                (st.warning if result["combination"] or result["tie"] else st.success)(verdict)
                next_test = result["next_test"]
                if next_test:
                    with st.container(border=True):
                        st.markdown(f"**Suggested next test:** {md(next_test['label'])}")
                        st.caption(f"Why: {md(next_test['why'])}")
                        st.caption(
                            md(
                                "Each top site predicts: "
                                + "; ".join(f"{p['site']} — {p['predicts']}" for p in next_test["predictions"])
                            )
                        )
                        finding = next_test["finding"]
                        abnormal_word = {"weak": "weak", "reflex": "absent", "numb": "numb", "test": "positive"}.get(
                            finding["kind"], "present"
                        )
                        normal_word = {"numb": "sensation normal", "test": "negative"}.get(finding["kind"], "normal")
                        b1, b2 = st.columns(2)
                        b1.button(
                            f"Result: {abnormal_word}",
                            key=Key.NEXT_ABNORMAL,
                            on_click=_add_finding,
                            args=(finding["kind"], finding["term"], True),
                            width="stretch",
                            type="primary",
                        )
                        b2.button(
                            f"Result: {normal_word}",
                            key=Key.NEXT_NORMAL,
                            on_click=_add_finding,
                            args=(finding["kind"], finding["term"], False),
                            width="stretch",
                        )
                st.markdown("**Ranked lesion sites**")
                candidates = result["candidates"][:8]
                for rank, candidate in enumerate(candidates, start=1):
                    fit = candidate["fit"]
                    grade = candidate["grade"] + (f", {candidate['entrapment']}" if candidate["entrapment"] else "")
                    st.markdown(
                        f"**{rank}. {md(candidate['label'])}** :gray-badge[{md(candidate['kind'])}] "
                        f":small[{candidate['score']:.0%} · {md(grade)} · explains {fit['explained']}, "
                        f"unexplained {fit['unexplained']}, contradicts {fit['contradicted']}]"
                    )
                st.markdown("**What separates the top sites** (✓ explained · unexplained ✗ contradicted)")
                top = candidates[:5]
                table = {
                    "finding": [f["text"] for f in result["findings"]],
                    **{
                        f"{i}. {c['label']}": [STATUS_MARK[x] for x in c["evidence"]]
                        for i, c in enumerate(top, start=1)
                    },
                }
                st.dataframe(table, hide_index=True, width="stretch")
                with st.expander("Why each site scores as it does"):
                    for rank, candidate in enumerate(top, start=1):
                        lines = [f":green[✓] {md(x)}" for x in candidate["supporting"]]
                        lines += [f":gray[·] {md(x)}" for x in candidate["unexplained"]]
                        lines += [f":red[✗] {md(x)}" for x in candidate["contradicting"]]
                        st.markdown(f"**{rank}. {md(candidate['label'])}**  \n:small[" + "  \n".join(lines) + "]")
                        if candidate["kind"] not in ("mimic", "roots", "cauda equina") and st.button(
                            "Open card", key=f"localize_open_{rank}", type="tertiary"
                        ):
                            open_entity(candidate["id"])
footer(graph)

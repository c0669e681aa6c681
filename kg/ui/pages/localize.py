"""Localize: examination findings in, lesion sites ranked out, with the evidence for and against each and a next test."""

import re

import streamlit as st

from kg.ui.cardview import md
from kg.ui.state import Key, footer, open_entity, page_setup, user_errors
from kg.vocab import AKG

graph = page_setup(
    "Localize a lesion",
    "Enter what the examination found — weak and normal actions, numb regions, reflexes, signs. Lesion sites "
    "(roots, plexus, nerves, mimics) are ranked by how well they explain all findings; a normal finding counts "
    "as evidence too.",
)

REFLEX_CHOICES = ["not tested", "normal", "reduced", "absent", "brisk"]


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
        if not abnormal:
            return  # normal sensation is not an input of its own; nothing to add
        key = Key.NUMB
    else:
        key = Key.SIGNS
    values = list(st.session_state.get(key, []))
    if term not in values:
        values.append(term)
    st.session_state[key] = values


def _clear() -> None:
    for key in (Key.WEAK, Key.NORMAL, Key.NUMB, Key.SIGNS):
        st.session_state[key] = []
    for key in list(st.session_state):
        if str(key).startswith(str(Key.REFLEX)):
            st.session_state[key] = "not tested"


if graph is not None:
    with user_errors():
        actions = _labels([str(AKG.Action)])
        regions = _labels([str(AKG.SkinRegion)])
        reflexes = _labels([str(AKG.Reflex)])
        signs = _labels([str(AKG.Sign), str(AKG.Symptom)])
        for key in (Key.WEAK, Key.NORMAL, Key.NUMB, Key.SIGNS):
            st.session_state.setdefault(key, [])
        if not any(st.session_state[k] for k in (Key.WEAK, Key.NORMAL, Key.NUMB, Key.SIGNS)) and "weak" in (
            st.query_params
        ):
            st.session_state[Key.WEAK] = [w for w in st.query_params.get("weak", "").split("|") if w in actions]

        inputs, results = st.columns([2, 3], gap="large")
        with inputs:
            st.multiselect("Weak actions", actions, key=Key.WEAK, placeholder="e.g. ankle dorsiflexion")
            st.multiselect("Normal (spared) actions", actions, key=Key.NORMAL, placeholder="e.g. hip abduction")
            st.multiselect("Numb skin regions", regions, key=Key.NUMB, placeholder="e.g. dorsum of foot")
            st.multiselect("Signs and symptoms", signs, key=Key.SIGNS, placeholder="e.g. Trendelenburg sign")
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

        weak = st.session_state[Key.WEAK]
        normal = st.session_state[Key.NORMAL]
        numb = st.session_state[Key.NUMB]
        chosen_signs = st.session_state[Key.SIGNS]
        with results:
            if not (weak or normal or numb or chosen_signs or states):
                st.info("Add at least one finding on the left; the ranking updates as you go.")
            elif set(weak) & set(normal):
                both = ", ".join(sorted(set(weak) & set(normal)))
                st.error(md(f"An action cannot be both weak and normal: {both}. Remove it from one list."))
            else:
                result = graph.localize(weak=weak, normal=normal, numb=numb, reflexes=states, signs=chosen_signs)
                next_test = result["next_test"]
                if next_test:
                    with st.container(border=True):
                        st.markdown(f"**Suggested next test:** {md(next_test['label'])}")
                        st.caption(f"Why: {md(next_test['why'])}")
                        finding = next_test["finding"]
                        abnormal_word = {"weak": "weak", "reflex": "absent", "numb": "numb", "sign": "present"}.get(
                            finding["kind"], "abnormal"
                        )
                        normal_word = {"numb": "sensation normal", "sign": "absent"}.get(finding["kind"], "normal")
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
                            disabled=finding["kind"] == "numb",
                            help="Normal sensation is not an input here" if finding["kind"] == "numb" else None,
                        )
                st.markdown("**Ranked lesion sites**")
                for rank, candidate in enumerate(result["candidates"][:8], start=1):
                    with st.container(border=True):
                        head, score = st.columns([4, 1], vertical_alignment="center")
                        head.markdown(f"**{rank}. {md(candidate['label'])}** :gray-badge[{md(candidate['kind'])}]")
                        score.progress(min(max(candidate["score"], 0.0), 1.0), text=f"{candidate['score']:.0%}")
                        lines = [f":green[✓] {md(s)}" for s in candidate["supporting"]]
                        lines += [f":red[✗] {md(c)}" for c in candidate["contradicting"]]
                        if lines:
                            st.markdown(":small[" + "  \n".join(lines) + "]")
                        if candidate["kind"] != "mimic" and st.button(
                            "Open card", key=f"localize_open_{rank}", type="tertiary"
                        ):
                            open_entity(candidate["id"])
footer(graph)

"""Localize: examination findings in, lesion sites ranked out, with the evidence for and against each and a next test.

Findings come from the lists or from a click on the body map (a dermatome: numb over it; a muscle: the actions a
clinician grades it by are weak), on the side of the picture clicked. Every finding lives in the URL:
?weak=left ankle dorsiflexion|hip abduction&numb=left L4 dermatome&side=left&reflexes=ankle jerk:absent
"""

import re

import streamlit as st
from rdflib import URIRef

from kg import reasoning
from kg.bodymap import Region
from kg.errors import KGError
from kg.reasoning.findings import parse_findings, split_side
from kg.ui.bodyview import clickable_body
from kg.ui.cardview import md
from kg.ui.escape import md_link
from kg.ui.state import Key, footer, open_entity, page_setup, user_errors
from kg.viz import entity_slug
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
SIDE_CHOICES = ["not given", "left", "right", "bilateral"]
BODY_MAP = "localize_body_map"
BODY_MUSCLES = "_localize_body_muscles"  # (muscle IRI, side) → the sided actions a click added to the weak list
BODY_MESSAGE = "_localize_body_message"
#: URL parameter of each list (values joined by '|')
URL_NAMES = {
    Key.WEAK: "weak",
    Key.NORMAL: "normal",
    Key.NUMB: "numb",
    NORMAL_SENSATION: "sensation",
    Key.SIGNS: "signs",
    ABSENT: "absent",
    TESTS_POSITIVE: "positive",
    TESTS_NEGATIVE: "negative",
    CONTEXT: "context",
}


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
    st.session_state[BODY_MUSCLES] = {}
    st.session_state.pop(BODY_MESSAGE, None)
    for key in list(st.session_state):
        if str(key).startswith(str(Key.REFLEX)):
            st.session_state[key] = "not tested"


def _sided_options(base: list[str], values: list[str]) -> list[str]:
    """`base` plus the values that are a base entry with a side ('left L4 dermatome', added by the body map)."""
    known = set(base)
    extra = [v for v in values if v not in known and split_side(v)[1] and split_side(v)[0] in known]
    return base + list(dict.fromkeys(extra))


def _multiselect(label: str, choices: dict[str, list[str]], key: str, placeholder: str) -> None:
    values = list(st.session_state.get(key, []))
    options = _sided_options(choices[key], values)
    kept = [v for v in values if v in options]
    if kept != values:
        st.session_state[key] = kept
    st.multiselect(label, options, key=key, placeholder=placeholder)


def _from_url(choices: dict[str, list[str]], reflexes: list[str]) -> None:
    """Findings from the URL on a fresh page; what the page does not know is named in a message and left out."""
    problems = []
    for key, name in URL_NAMES.items():
        values = [v.strip() for v in st.query_params.get(name, "").split("|") if v.strip()]
        options = set(_sided_options(choices[key], values))
        unknown = [v for v in values if v not in options]
        if unknown:
            problems.append(f"Left out of '{name}' in the link (not a choice there): {', '.join(unknown)}.")
        st.session_state[key] = list(dict.fromkeys(v for v in values if v in options))
    side = st.query_params.get("side", "not given").strip().lower() or "not given"
    if side not in SIDE_CHOICES:
        problems.append(f"There is no side {side!r}; pick left, right or bilateral.")
        side = "not given"
    st.session_state[SIDE] = side
    for item in st.query_params.get("reflexes", "").split("|"):
        if not item.strip():
            continue
        reflex, _, state = item.rpartition(":")
        if reflex.strip() in reflexes and state.strip() in REFLEX_CHOICES:
            st.session_state[reflex_key(reflex.strip())] = state.strip()
        else:
            problems.append(f"Left out of 'reflexes' in the link: {item!r} (use e.g. 'ankle jerk:absent').")
    st.session_state["_localize_url_problems"] = problems


def _set_param(name: str, value: str) -> None:
    if value and st.query_params.get(name) != value:
        st.query_params[name] = value
    elif not value and name in st.query_params:
        del st.query_params[name]


def _to_url(states: dict[str, str]) -> None:
    for key, name in URL_NAMES.items():
        _set_param(name, "|".join(st.session_state.get(key, [])))
    side = st.session_state.get(SIDE, "not given")
    _set_param("side", "" if side == "not given" else side)
    _set_param("reflexes", "|".join(f"{r}:{s}" for r, s in states.items()))


def _region_label(region: Region) -> str:
    name = f"{region.side} {graph.label(region.entity)}"
    if region.picture == "dermatomes":
        return f"{name}: click to add numbness over it"
    return f"{name}: click to add its weakness"


def _shaded() -> dict[str, dict[str, str]]:
    """Regions in the current findings: numb dermatomes and clicked muscles whose actions are all still weak."""
    from kg.bodymap import regions_on

    numb: set[tuple[str, str]] = set()
    default_side = st.session_state.get(SIDE, "not given")
    for value in st.session_state.get(Key.NUMB, []):
        name, side = split_side(value, None if default_side == "not given" else default_side)
        for s in ("left", "right") if side in (None, "bilateral") else (side,):
            numb.add((name, s))
    weak = set(st.session_state.get(Key.WEAK, []))
    muscles = {m for m, added in st.session_state.get(BODY_MUSCLES, {}).items() if added and set(added) <= weak}
    shaded: dict[str, dict[str, str]] = {}
    for picture in ("dermatomes", "atlas_front", "atlas_back"):
        for region in regions_on(picture):
            if (graph.label(region.entity), region.side) in numb or (region.entity, region.side) in muscles:
                shaded.setdefault(picture, {})[region.id] = "highlight"
    return shaded


def _add_values(key: str, values: list[str]) -> None:
    current = list(st.session_state.get(key, []))
    st.session_state[key] = current + [v for v in values if v not in current]


def _body_click(region: Region) -> None:
    """Add what a click on the body map means (before the lists are drawn), and say what was added."""
    name = graph.label(region.entity)
    sided = f"{region.side} {name}"
    if region.picture == "dermatomes":
        _add_values(Key.NUMB, [sided])
        st.session_state[BODY_MESSAGE] = ("info", f"Added: numb {md(sided)}.")
        return
    try:
        findings = parse_findings(graph, weak=[sided])
    except KGError:
        actions = sorted(
            graph.label(str(row["a"]))
            for row in graph.query("SELECT ?a WHERE { ?m akg:hasAction ?a }", m=URIRef(region.entity))
        )
        card = md_link(name, "/entity?entity=" + entity_slug(region.entity))
        st.session_state[BODY_MESSAGE] = (
            "warning",
            f"Not added: no bedside test grades {card} on its own, so its weakness is not a finding here. "
            + (f"Its actions are {md(', '.join(actions))}; add the weak one under 'Weak actions'." if actions else ""),
        )
        return
    added = list(dict.fromkeys(f"{region.side} {f.label}" for f in findings))
    _add_values(Key.WEAK, added)
    st.session_state[BODY_MUSCLES] = {**st.session_state.get(BODY_MUSCLES, {}), (region.entity, region.side): added}
    st.session_state[BODY_MESSAGE] = (
        "info",
        f"Added the weakness of {md(sided)} as the action(s) a clinician grades it by: weak {md(', '.join(added))}.",
    )


if graph is not None:
    with user_errors():
        actions = _labels([str(AKG.Action)])
        regions = _labels([str(AKG.SkinRegion)])
        reflexes = _labels([str(AKG.Reflex)])
        signs = _labels([str(AKG.Sign), str(AKG.Symptom)])
        tests = _labels([str(AKG.ClinicalTest)])
        contexts = sorted(reasoning.localize_contexts())
        choices = {
            Key.WEAK: actions,
            Key.NORMAL: actions,
            Key.NUMB: regions,
            NORMAL_SENSATION: regions,
            Key.SIGNS: signs,
            ABSENT: signs,
            TESTS_POSITIVE: tests,
            TESTS_NEGATIVE: tests,
            CONTEXT: contexts,
        }
        if not any(key in st.session_state for key in LIST_KEYS):
            _from_url(choices, reflexes)
        for key in LIST_KEYS:
            st.session_state.setdefault(key, [])
        st.session_state.setdefault(SIDE, "not given")
        st.session_state.setdefault(BODY_MUSCLES, {})
        for problem in st.session_state.pop("_localize_url_problems", []):
            st.warning(md(problem))

        with st.expander("**On the body**: click a dermatome (numb over it) or a muscle (its actions weak)", True):
            clicked = clickable_body(
                ["dermatomes", "atlas_front", "atlas_back"],
                _region_label,
                key=BODY_MAP,
                shaded=_shaded(),
                hint="The side is the patient's: in the front views the patient's left is on your right; "
                "the legs drawn at the sides of the dermatome diagram and the back view are seen from behind. "
                "Blue: in your findings. Remove a finding with its × in the lists below.",
            )
            if clicked is not None:
                _body_click(clicked)
                st.rerun()  # draw the lists and the map again with the new finding in them
            message = st.session_state.get(BODY_MESSAGE)
            if message:
                (st.warning if message[0] == "warning" else st.info)(message[1])

        inputs, results = st.columns([2, 3], gap="large")
        with inputs:
            _multiselect("Weak actions", choices, Key.WEAK, "e.g. ankle dorsiflexion")
            _multiselect("Normal (spared) actions", choices, Key.NORMAL, "e.g. hip abduction")
            _multiselect("Numb skin regions", choices, Key.NUMB, "e.g. dorsum of foot")
            _multiselect("Normal sensation over", choices, NORMAL_SENSATION, "e.g. sole of foot")
            _multiselect("Signs and symptoms present", choices, Key.SIGNS, "e.g. Trendelenburg sign")
            _multiselect("Signs and symptoms absent", choices, ABSENT, "e.g. low back pain")
            _multiselect("Tests positive", choices, TESTS_POSITIVE, "e.g. FAIR test")
            _multiselect("Tests negative", choices, TESTS_NEGATIVE, "e.g. straight-leg raise test")
            c1, c2 = st.columns(2)
            c1.selectbox("Side of the findings", SIDE_CHOICES, key=SIDE)
            c2.multiselect("Context", contexts, key=CONTEXT, placeholder="e.g. diabetes")
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
        _to_url(states)

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
                for note in result["notes"]:
                    st.info(md(note[0].upper() + note[1:]))
                verdict = result["verdict"][0].upper() + result["verdict"][1:] + "."
                (st.warning if result["combination"] or result["tie"] else st.success)(md(verdict))
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

"""Root deficits: pick spinal roots and a severity; see what weakens and numbs, why, and as a layered graph.

URL parameters: ?roots=L5,S1&severity=80&side=left (side: left, right or both)
"""

import re

import streamlit as st

from kg import reasoning
from kg.bodymap import SIDES, deficit_map, territory_table
from kg.ui.bodyview import body_pictures, grade_key
from kg.ui.escape import md, md_link
from kg.ui.graph_component import graph_view
from kg.ui.state import Key, footer, open_entity, page_setup, user_errors
from kg.viz import deficit_layers, entity_slug
from kg.vocab import AKG

graph = page_setup(
    "Root deficits",
    "What a lesion of one or more spinal roots weakens: actions, muscles, nerves, reflexes and skin regions, "
    "graded by the share of each muscle's segmental supply that the roots carry.",
)

SEGMENT_ORDER = {"T": 0, "L": 1, "S": 2}


def _root_name(label: str) -> str:
    return label.replace(" spinal nerve", "").replace(" root", "").strip()


def _segment_key(name: str) -> tuple[int, int, str]:
    m = re.match(r"([TLS])(\d+)", name)
    return (SEGMENT_ORDER[m.group(1)], int(m.group(2)), name) if m else (9, 0, name)


def _body_section(result: dict, lesion_text: str) -> None:
    """Weak muscles on the atlas and numb dermatomes on the diagram, one side or both; what no picture shows beside."""
    st.subheader("On the body")
    if side_problem:
        st.warning(md(side_problem))
    side = st.radio(
        "Side of the lesion",
        SIDES,
        key=Key.DEFICIT_SIDE,
        horizontal=True,
        format_func=lambda s: {"left": "left (patient's)", "right": "right", "both": "both sides"}[s],
    )
    st.query_params["side"] = side
    body = deficit_map(result, side)
    pictures_col, beside_col = st.columns([3, 1.25], gap="medium")
    with pictures_col:
        body_pictures(body, ["atlas_front", "atlas_back", "dermatomes"], label=f"{side} side")
    with beside_col:
        st.html(grade_key())
        st.markdown(f"**Weak but not on the atlas** ({sum(1 for x in body.not_drawn if x['kind'] == 'muscle')})")
        lines = [
            "- " + md_link(x["label"], "/entity?entity=" + entity_slug(x["id"])) + f" :gray[{md(x['grade'])}]"
            for x in body.not_drawn
            if x["kind"] == "muscle"
        ]
        st.markdown("\n".join(lines) if lines else ":gray[none: every weak muscle is drawn]")
        skin_not_drawn = [x for x in body.not_drawn if x["kind"] == "skin region"]
        if skin_not_drawn:
            st.markdown(
                "**Dermatomes not on the diagram:** "
                + ", ".join(f"{md(x['label'])} ({md(x['grade'])})" for x in skin_not_drawn)
            )
        territories = territory_table(graph, result["skin_regions"])
        st.markdown("**Skin by cutaneous nerve**")
        if territories:
            st.dataframe(territories, hide_index=True, key="deficit_territories")
        else:
            st.caption("No skin region outside the dermatomes is affected.")


if graph is not None:
    with user_errors():
        roots_available = sorted(
            {_root_name(graph.label(i)) for i in graph.entities_of_types([str(AKG.SpinalNerve)])}, key=_segment_key
        )
        if Key.ROOTS not in st.session_state:
            from_url = [r.strip().upper() for r in st.query_params.get("roots", "L5").split(",") if r.strip()]
            st.session_state[Key.ROOTS] = [r for r in from_url if r in roots_available]
        side_problem = ""
        if Key.DEFICIT_SIDE not in st.session_state:
            wanted_side = st.query_params.get("side", "left").strip().lower()
            if wanted_side not in SIDES:
                side_problem = f"There is no side {wanted_side!r}; showing the left. Pick left, right or both."
                wanted_side = "left"
            st.session_state[Key.DEFICIT_SIDE] = wanted_side
        if Key.SEVERITY not in st.session_state:
            try:
                st.session_state[Key.SEVERITY] = min(max(int(st.query_params.get("severity", 100)), 0), 100)
            except ValueError:
                st.session_state[Key.SEVERITY] = 100

        c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
        roots = c1.multiselect("Lesioned roots", roots_available, key=Key.ROOTS, placeholder="pick roots, e.g. L5")
        severity = c2.slider("Severity (% of the roots' fibres lost)", 0, 100, key=Key.SEVERITY, step=5, format="%d%%")
        show_all = c3.toggle("Show unaffected", key=Key.SHOW_UNAFFECTED)
        st.query_params["roots"] = ",".join(roots)
        st.query_params["severity"] = str(severity)

        if not roots:
            st.info("Pick at least one root (T12 to S5) to see its deficits.")
        else:
            result = reasoning.deficit(graph, roots, severity=severity / 100)
            lesion_text = ", ".join(md(x["label"]) for x in result["lesions"])
            affected = [a for a in result["actions"] if a["grade"] != "none"]
            st.markdown(
                f"**{len(affected)} actions weakened** by a {severity}% lesion of {lesion_text}. "
                ":small[:gray[Weakness = share of an action's strength lost, from the segmental supply of each "
                "muscle and its role in the action; spared synergists keep their part.]]"
            )

            def rows(items: list[dict], unit: str) -> list[dict]:
                shown = items if show_all else [i for i in items if i["grade"] != "none"]
                return [
                    {
                        unit: item["label"],
                        "grade": item["grade"],
                        "loss": item["weakness"],
                        "why (first path)": " → ".join(item["paths"][0]) if item["paths"] else "",
                        "card": f"/entity?entity={entity_slug(item['id'])}",
                    }
                    for item in shown
                ]

            _body_section(result, lesion_text)
            st.subheader("Ranked deficits")
            table_col, graph_col = st.columns([1, 1], gap="medium")
            with table_col:
                tabs = st.tabs(["Actions", "Muscles", "Nerves", "Reflexes", "Skin regions"])
                for tab, (key, unit) in zip(
                    tabs,
                    [
                        ("actions", "action"),
                        ("muscles", "muscle"),
                        ("nerves", "nerve"),
                        ("reflexes", "reflex"),
                        ("skin_regions", "skin region"),
                    ],
                    strict=True,
                ):
                    with tab:
                        data = rows(result[key], unit)
                        if not data:
                            st.caption(f"No {unit} affected.")
                            continue
                        st.dataframe(
                            data,
                            hide_index=True,
                            height=min(36 + 35 * len(data), 390),
                            column_config={
                                "loss": st.column_config.ProgressColumn(
                                    "loss", min_value=0.0, max_value=1.0, format="percent", width=90
                                ),
                                "card": st.column_config.LinkColumn("card", display_text="open", width=45),
                                "why (first path)": st.column_config.TextColumn(width="large"),
                                "grade": st.column_config.TextColumn(width=75),
                            },
                            key=f"deficit_table_{key}",
                        )
            with graph_col:
                st.markdown("**Why: explanation paths**")
                for rank, action in enumerate(affected[:10]):
                    with st.expander(
                        f"{md(action['label'])} — {md(action['grade'])} ({action['weakness']:.0%} lost)",
                        expanded=rank < 3,
                    ):
                        for path in action["paths"]:
                            st.markdown("→ ".join(md(step) + " " for step in path))
            spec = deficit_layers(result)
            clicked = graph_view(
                spec,
                key=Key.DEFICIT_GRAPH,
                frame_width=960,
                hint="Columns: lesioned root → nerves → muscles → actions, coloured by impact. Click a node to open "
                "its card.",
            )
            if clicked:
                open_entity(clicked)
footer(graph)

"""Sources: every reference the graph cites, with its tier, kept apart from the entities.

URL parameters: ?tier=A&q=orthobullets
"""

import streamlit as st

from kg.ui.escape import md, safe_url
from kg.ui.state import Key, footer, page_setup, user_errors

graph = page_setup(
    "Sources",
    "Every reference the graph cites. Tier A: textbooks, peer-reviewed and professional references; B: reputable "
    "teaching sites; C: clinic pages and lone claims; S: the seed articles; U: the unsourced marker. Cards list tier A "
    "first.",
)
TIER_ORDER = ["A", "B", "C", "S"]

if graph is not None:
    with user_errors():
        all_rows = graph.named("sources_list")
        present = {str(row.get("tier") or "") or "none" for row in all_rows}
        TIERS = sorted(present, key=lambda t: (TIER_ORDER.index(t) if t in TIER_ORDER else 9, t))
        if Key.SOURCES_TIER not in st.session_state:
            wanted = [t.strip() for t in st.query_params.get("tier", "").split(",") if t.strip()]
            unknown = [t for t in wanted if t not in TIERS]
            if unknown:
                st.warning(md(f"No tier is called {', '.join(unknown)}; tiers are {', '.join(TIERS)}."))
            st.session_state[Key.SOURCES_TIER] = [t for t in wanted if t in TIERS]
        if Key.SOURCES_TEXT not in st.session_state:
            st.session_state[Key.SOURCES_TEXT] = st.query_params.get("q", "")
        c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
        tiers = c1.pills("Tier", TIERS, selection_mode="multi", key=Key.SOURCES_TIER)
        text = c2.text_input("Title or reference contains", key=Key.SOURCES_TEXT, placeholder="e.g. Orthobullets")
        st.query_params["tier"] = ",".join(tiers)
        st.query_params["q"] = text
        rows = []
        needle = text.strip().lower()
        for row in all_rows:
            tier = str(row.get("tier") or "") or "none"
            label = str(row.get("label") or row["source"])
            reference = str(row.get("referenceId") or "")
            if tiers and tier not in tiers:
                continue
            if needle and needle not in label.lower() and needle not in reference.lower():
                continue
            rows.append(
                {
                    "tier": tier,
                    "source": label,
                    "reference": reference,
                    "cited by": int(float(str(row.get("cited") or 0))),
                    "link": safe_url(row["url"]) if row.get("url") else None,
                }
            )
        rows.sort(key=lambda r: (TIERS.index(r["tier"]), -r["cited by"], r["source"].lower()))
        st.markdown(f"**{len(rows):,} sources**")
        st.dataframe(
            rows,
            hide_index=True,
            height=min(38 + 35 * max(len(rows), 1), 640),
            column_config={
                "tier": st.column_config.TextColumn(width=50),
                "source": st.column_config.TextColumn(width="large"),
                "cited by": st.column_config.NumberColumn(help="statements and graded facts citing it", width=80),
                "link": st.column_config.LinkColumn(display_text="open", width=60),
            },
            key="sources_table",
        )
footer(graph)

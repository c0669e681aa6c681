"""Compare: two or more muscles side by side — origins, insertions, nerve, roots, arteries, actions.

URL parameter: ?muscles=gluteus_maximus,gluteus_medius,gluteus_minimus
"""

import streamlit as st

from kg.ui.cardview import compare_table
from kg.ui.escape import md, md_link
from kg.ui.state import Key, footer, page_setup, user_errors
from kg.viz import entity_slug
from kg.vocab import AKG

graph = page_setup(
    "Compare muscles",
    "Two or more muscles side by side; where sources grade a root or a role differently, every position is shown.",
)

if graph is not None:
    with user_errors():
        muscles = {graph.label(i): i for i in graph.entities_of_types([str(AKG.Muscle)])}
        names = sorted(muscles, key=str.lower)
        if Key.COMPARE_MUSCLES not in st.session_state:
            wanted = st.query_params.get("muscles", "gluteus_maximus,gluteus_medius,gluteus_minimus").split(",")
            slugs = {entity_slug(iri): label for label, iri in muscles.items()}
            st.session_state[Key.COMPARE_MUSCLES] = [slugs[w] for w in wanted if w in slugs]
        chosen = st.multiselect("Muscles", names, key=Key.COMPARE_MUSCLES, max_selections=5)
        st.query_params["muscles"] = ",".join(entity_slug(muscles[c]) for c in chosen)
        if len(chosen) < 2:
            st.info("Pick at least two muscles to compare.")
        else:
            cards = [graph.entity(muscles[name]) for name in chosen]
            table = compare_table(cards)
            widths = [1.1] + [2] * len(cards)
            head = st.container(border=True).columns(widths)
            for col, card in zip(head[1:], cards, strict=True):
                col.markdown("#### " + md_link(card.label, f"/entity?entity={entity_slug(card.id)}"))
            for row in table:
                with st.container(border=True):
                    cols = st.columns(widths)
                    cols[0].markdown(f"**{md(row[''])}**")
                    for col, card in zip(cols[1:], cards, strict=True):
                        items = [i for i in row[card.label].split("\n") if i]
                        col.markdown(":small[" + "  \n".join(md(i) for i in items) + "]")
            st.caption("Roots: major/minor/absent as each source grades them; actions: role as each source gives it.")
footer(graph)

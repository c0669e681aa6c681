"""AnatomyKG explorer: `streamlit run app.py` (or `anatomy-kg app`). Wires the pages; each page lives in kg/ui/pages/."""

import streamlit as st

from kg.ui.state import Page

st.set_page_config(
    page_title="AnatomyKG", page_icon="kg/ui/assets/icon.png", layout="wide", initial_sidebar_state="expanded"
)

navigation = st.navigation(
    {
        "Browse": [
            st.Page(Page.EXPLORE, title="Explore", icon=":material/search:", url_path="explore", default=True),
            st.Page(Page.ENTITY, title="Entity card", icon=":material/article:", url_path="entity"),
            st.Page(Page.COMPARE, title="Compare muscles", icon=":material/compare_arrows:", url_path="compare"),
            st.Page(Page.PATH, title="How are they connected?", icon=":material/route:", url_path="path"),
            st.Page(Page.SOURCES, title="Sources", icon=":material/menu_book:", url_path="sources"),
            st.Page(Page.QUIZ, title="Quiz", icon=":material/quiz:", url_path="quiz"),
        ],
        "Clinical reasoning": [
            st.Page(Page.DEFICITS, title="Root deficits", icon=":material/bolt:", url_path="deficits"),
            st.Page(Page.LOCALIZE, title="Localize a lesion", icon=":material/my_location:", url_path="localize"),
            st.Page(Page.TRACE, title="Trace a sign", icon=":material/timeline:", url_path="trace"),
        ],
        "Query": [st.Page(Page.SPARQL, title="SPARQL", icon=":material/code:", url_path="sparql")],
    }
)
navigation.run()

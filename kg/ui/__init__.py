"""Streamlit user interface of AnatomyKG: the only package that imports streamlit."""

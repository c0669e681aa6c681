"""Localisation cases written from published sources (see localization.py)."""

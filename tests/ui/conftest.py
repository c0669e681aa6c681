"""AppTest helpers: start the real app (app.py) on the shipped graph, open a page, find widgets by key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kg.ui.state import Page

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    """open_page(Page.ENTITY, entity="gluteus_medius") → the app run on that page with those URL parameters."""

    def run(page: Page = Page.EXPLORE, **query_params: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.run()
        if page != Page.EXPLORE or query_params:
            for name, value in query_params.items():
                at.query_params[name] = value
            at.switch_page(str(page))
            at.run()
        return at

    return run

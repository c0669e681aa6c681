"""A SPARQL endpoint that is down is a message on every page, never a stack trace."""

from __future__ import annotations

import socket

import pytest

from kg.ui.state import Page


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("page", list(Page), ids=[p.name.lower() for p in Page])
def test_endpoint_down_is_reported_in_the_page(open_page, monkeypatch, page):
    monkeypatch.setenv("ANATOMY_KG_ENDPOINT", f"http://127.0.0.1:{closed_port()}/query")

    at = open_page(page)

    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith("The SPARQL endpoint cannot be reached or answered with an error")

"""Nothing a visitor types or a URL carries is rendered as Markdown: no remote image, no live link (issue 13 item 4).

The payloads are what an attacker would put in a link sent to a student. Each test reads what the page
rendered and checks that, once Markdown's backslash escapes are taken out, no link or image syntax and no
URL that GFM would turn into a link is left.
"""

from __future__ import annotations

import re

import pytest

from kg.ui.escape import md, md_link
from kg.ui.state import ALLOW_REMOTE_ENV, Key, Page, endpoint_problem
from tests.ui.helpers import texts, unescape

IMAGE = "![x](http://evil.example/p)"
PHISH = "[Session expired - log in again](http://evil.example/phish)"
PAYLOADS = [
    IMAGE,
    PHISH,
    "<img src=http://evil.example/i onerror=alert(1)>",
    "www.evil.example",
    ":red[alert]",
    "http://evil.example/bare",
    "mail me at someone@evil.example",
]


def live_markdown(rendered: str) -> list[str]:
    """Markup that Markdown would act on in `rendered`: links, images, raw HTML, directives, and autolinks.

    Link syntax only counts where its characters are not backslash-escaped; GFM autolinks bare URLs, 'www.'
    and e-mail addresses after escapes are resolved, so those are looked for in the unescaped text.
    """
    plain = re.sub(r"\\.", "", rendered)  # escaped characters are shown literally
    resolved = re.sub(r"\\(.)", r"\1", rendered)
    return re.findall(r"!\[|\]\(|<[a-z/]|:[a-z]+\[", plain) + re.findall(
        r"(?i)https?://|(?<![a-z0-9])www\.|@[a-z0-9]", resolved
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_leaves_nothing_markdown_would_act_on_and_reads_back_unchanged(payload):
    assert live_markdown(md(payload)) == []
    assert unescape(md(payload)) == payload


def test_md_link_keeps_only_http_and_app_targets():
    assert md_link("L5", "/entity?entity=L5_spinal_nerve") == "[L5](/entity?entity=L5_spinal_nerve)"
    assert md_link("x", "javascript:alert(1)") == "x"
    assert md_link("x", "http://h/a) ![y](http://evil") == "[x](http://h/a%29%20!%5By%5D%28http://evil)"


@pytest.mark.parametrize("payload", [IMAGE, PHISH])
def test_entity_url_parameter_is_shown_as_text_in_the_error(open_page, payload):
    at = open_page(Page.ENTITY, entity=payload)

    assert not at.exception
    shown = texts(at)
    assert live_markdown(shown) == []
    assert f"No entity is called {payload!r} in the graph." in unescape(at.error[0].value)


@pytest.mark.parametrize("payload", [IMAGE, PHISH])
def test_trace_url_parameter_is_shown_as_text(open_page, payload):
    at = open_page(Page.TRACE, term=payload)

    assert not at.exception
    assert live_markdown(texts(at)) == []
    assert payload in unescape(at.error[0].value)


def test_search_text_is_echoed_as_text(open_page):
    at = open_page()

    at.text_input(key=Key.SEARCH).input(PHISH).run()

    assert not at.exception
    assert live_markdown(texts(at)) == []
    assert f"Nothing in the graph is called or nicknamed {PHISH!r}" in unescape(texts(at))


def test_sidebar_refuses_a_remote_endpoint_and_keeps_the_built_in_graph(open_page, monkeypatch):
    monkeypatch.delenv(ALLOW_REMOTE_ENV, raising=False)
    monkeypatch.delenv("ANATOMY_KG_ENDPOINT", raising=False)
    at = open_page()

    at.text_input(key=Key.ENDPOINT).input("http://10.1.2.3:7878/query").run()

    assert not at.exception
    message = unescape(at.sidebar.error[0].value)
    assert message.startswith("'http://10.1.2.3:7878/query' is not on this machine: only loopback endpoints")
    assert ALLOW_REMOTE_ENV in message
    assert "Using: built-in graph (embedded Oxigraph)" in unescape("\n".join(c.value for c in at.sidebar.caption))


def test_sidebar_error_echoes_a_markdown_url_as_text(open_page):
    at = open_page()

    at.text_input(key=Key.ENDPOINT).input(IMAGE).run()

    assert live_markdown(at.sidebar.error[0].value) == []
    assert unescape(at.sidebar.error[0].value).startswith(f"{IMAGE!r} is not an http(s) URL")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:7878/query", "http://127.9.9.9/sparql", "https://localhost/q", "http://[::1]:7878/query"]
)
def test_loopback_endpoints_are_accepted(monkeypatch, url):
    monkeypatch.delenv(ALLOW_REMOTE_ENV, raising=False)
    assert endpoint_problem(url) is None


@pytest.mark.parametrize(
    "url", ["http://10.1.2.3/q", "http://localhost.evil.example/q", "http://[::2]/q", "http://169.254.169.254/"]
)
def test_remote_endpoints_need_the_operator_switch(monkeypatch, url):
    monkeypatch.delenv(ALLOW_REMOTE_ENV, raising=False)
    assert "only loopback endpoints" in endpoint_problem(url)
    monkeypatch.setenv(ALLOW_REMOTE_ENV, "1")
    assert endpoint_problem(url) is None


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/q", "file:///etc/passwd", "http://127.0.0.1:abc/q", "127.0.0.1"])
def test_non_http_endpoints_are_refused_even_with_the_switch(monkeypatch, url):
    monkeypatch.setenv(ALLOW_REMOTE_ENV, "1")
    assert endpoint_problem(url) is not None

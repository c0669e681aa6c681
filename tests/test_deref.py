"""`anatomy-kg serve` dereferences entity IRIs: /id/NAME as Turtle for programs, an HTML card for browsers."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from servers import ServerProcess

from kg.server.deref import wants_html

pytest_plugins = ["conftest_servers"]
pytestmark = pytest.mark.server

GMED = "https://w3id.org/anatomy-kg/id/gluteus_medius"


def base(server: ServerProcess) -> str:
    return server.url.removesuffix("/sparql")


def test_turtle_answers_the_entitys_triples(kg_server: ServerProcess) -> None:
    response = httpx.get(f"{base(kg_server)}/id/gluteus_medius", headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    triples = {
        (str(t.subject), str(t.predicate), str(t.object))
        for t in ox.parse(response.content, format=ox.RdfFormat.TURTLE)
    }
    assert (f"<{GMED}>", "<http://www.w3.org/2000/01/rdf-schema#label>", '"gluteus medius"@en') in triples
    assert (
        f"<{GMED}>",
        "<http://purl.obolibrary.org/obo/RO_0002005>",
        "<https://w3id.org/anatomy-kg/id/superior_gluteal_nerve>",
    ) in triples
    assert all(f"<{GMED}>" in (s, o) for s, _p, o in triples)


def test_html_is_a_readable_card(kg_server: ServerProcess) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what a browser sends
    response = httpx.get(f"{base(kg_server)}/id/gluteus_medius", headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>gluteus medius</h1>" in page
    assert '<a href="/id/superior_gluteal_nerve">superior gluteal nerve</a>' in page
    assert "For education, not diagnosis" in page


def test_unknown_or_malformed_names_are_404(kg_server: ServerProcess) -> None:
    missing = httpx.get(f"{base(kg_server)}/id/no_such_muscle", headers={"Accept": "text/turtle"}, timeout=30)
    assert missing.status_code == 404
    assert missing.text == "no entity https://w3id.org/anatomy-kg/id/no_such_muscle in the graph\n"
    odd = httpx.get(f"{base(kg_server)}/id/a%3E%20%3Fp%20%3Fo", timeout=30)  # `a> ?p ?o` cannot reach a query
    assert odd.status_code == 404
    assert odd.text.startswith("no such entity: /id/ names are letters, digits")


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (None, False),
        ("text/turtle", False),
        ("text/html", True),
        ("text/html,application/xhtml+xml,*/*;q=0.8", True),
        ("text/turtle;q=0.9, text/html;q=0.5", False),
        ("*/*", False),
    ],
)
def test_negotiation(accept: str | None, html: bool) -> None:
    assert wants_html(accept) is html

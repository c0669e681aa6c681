"""`anatomy-kg serve`: the SPARQL 1.1 Protocol, result formats, and every refusal the safety rules ask for.

The refusal tests would fail without the protection: the SERVICE test listens on a real
loopback port (pyoxigraph does call out), the update tests count triples, the timeout test
runs a query that would take hours and asks another question meanwhile.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from servers import ROOT, ServerProcess, child_pids, run_cli, start_anatomy_kg_serve

from kg.server.endpoint import Answer, negotiate, run_query

pytest_plugins = ["conftest_servers"]

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # (triples)³ rows: hours
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LABEL = "SELECT ?l WHERE { :femoral_artery rdfs:label ?l }"
LABEL_JSON = {
    "head": {"vars": ["l"]},
    "results": {"bindings": [{"l": {"type": "literal", "value": "femoral artery", "xml:lang": "en"}}]},
}
UPDATES = {
    "insert-data": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "delete-insert": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "load": "LOAD <file:///etc/hostname>",
    "clear": "CLEAR ALL",
    "drop": "DROP DEFAULT",
    "create": "CREATE GRAPH <urn:x:g>",
    "add": "ADD DEFAULT TO <urn:x:g>",
    "prefixed-insert": "PREFIX x: <urn:x:>\nINSERT DATA { x:a x:b x:c }",
}
UPDATE_REFUSED = "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE …) is refused: the graph is read-only\n"

TINY = r"""@prefix : <https://w3id.org/anatomy-kg/id/> .
@prefix akg: <https://w3id.org/anatomy-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:gluteus_medius a akg:Muscle ; rdfs:label "gluteus medius"@en ;
    akg:note "tab\there, \"quoted\"\nnew line" ; akg:count 3 .
:gluteus_minimus a akg:Muscle ; rdfs:label "gluteus minimus"@en .
"""
MUSCLES = "SELECT ?m ?l WHERE { ?m a akg:Muscle ; rdfs:label ?l } ORDER BY ?l"


# ---------------------------------------------------------------------------- answering, in process
@pytest.fixture(scope="module")
def tiny() -> ox.Store:
    store = ox.Store()
    store.load(TINY, format=ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize(
    ("accept", "form", "expected"),
    [
        pytest.param(None, "SELECT", "JSON", id="none-select"),
        pytest.param("*/*", "SELECT", "JSON", id="any-select"),
        pytest.param("text/html,application/xhtml+xml,*/*;q=0.8", "SELECT", "JSON", id="browser"),
        pytest.param("application/sparql-results+xml", "SELECT", "XML", id="xml"),
        pytest.param("text/csv", "SELECT", "CSV", id="csv"),
        pytest.param("text/tab-separated-values", "ASK", "TSV", id="tsv-ask"),
        pytest.param("text/csv;q=0.5, application/sparql-results+xml", "SELECT", "XML", id="q-values"),
        pytest.param("application/sparql-results+json;q=0, text/*", "SELECT", "CSV", id="q-zero-and-range"),
        pytest.param("text/html", "SELECT", None, id="html-refused"),
        pytest.param(None, "CONSTRUCT", "TURTLE", id="none-construct"),
        pytest.param("application/n-triples", "DESCRIBE", "N_TRIPLES", id="ntriples"),
        pytest.param("application/ld+json", "CONSTRUCT", "JSON_LD", id="jsonld"),
        pytest.param("application/sparql-results+json, */*;q=0.1", "CONSTRUCT", "TURTLE", id="results-type-graph"),
        pytest.param("text/csv", "CONSTRUCT", None, id="csv-graph-refused"),
    ],
)
def test_negotiate(accept: str | None, form: str, expected: str | None) -> None:
    assert negotiate(accept, form) == expected


@pytest.mark.parametrize(
    ("accept", "media_type", "body"),
    [
        pytest.param(
            "application/sparql-results+json",
            "application/sparql-results+json",
            '{"head":{"vars":["m","l"]},"results":{"bindings":['
            '{"m":{"type":"uri","value":"https://w3id.org/anatomy-kg/id/gluteus_medius"},'
            '"l":{"type":"literal","value":"gluteus medius","xml:lang":"en"}},'
            '{"m":{"type":"uri","value":"https://w3id.org/anatomy-kg/id/gluteus_minimus"},'
            '"l":{"type":"literal","value":"gluteus minimus","xml:lang":"en"}}]}}',
            id="json",
        ),
        pytest.param(
            "text/csv",
            "text/csv; charset=utf-8",
            "m,l\r\nhttps://w3id.org/anatomy-kg/id/gluteus_medius,gluteus medius\r\n"
            "https://w3id.org/anatomy-kg/id/gluteus_minimus,gluteus minimus\r\n",
            id="csv",
        ),
        pytest.param(
            "text/tab-separated-values",
            "text/tab-separated-values; charset=utf-8",
            '?m\t?l\n<https://w3id.org/anatomy-kg/id/gluteus_medius>\t"gluteus medius"@en\n'
            '<https://w3id.org/anatomy-kg/id/gluteus_minimus>\t"gluteus minimus"@en\n',
            id="tsv",
        ),
    ],
)
def test_select_formats(tiny: ox.Store, accept: str, media_type: str, body: str) -> None:
    assert run_query(tiny, MUSCLES, accept, 100) == Answer(200, media_type, body.encode())


def test_select_xml(tiny: ox.Store) -> None:
    answer = run_query(tiny, MUSCLES, "application/sparql-results+xml", 100)
    assert answer.media_type == "application/sparql-results+xml"
    assert answer.body.decode().count("<result>") == 2
    assert '<binding name="l"><literal xml:lang="en">gluteus medius</literal></binding>' in answer.body.decode()


def test_literal_with_tab_quote_and_newline_survives_every_format(tiny: ox.Store) -> None:
    query = "SELECT ?n WHERE { :gluteus_medius akg:note ?n }"
    note = 'tab\there, "quoted"\nnew line'
    json_answer = json.loads(run_query(tiny, query, None, 10).body)
    assert json_answer["results"]["bindings"][0]["n"]["value"] == note
    assert run_query(tiny, query, "text/csv", 10).body.decode() == 'n\r\n"tab\there, ""quoted""\nnew line"\r\n'
    assert run_query(tiny, query, "text/tab-separated-values", 10).body.decode() == (
        '?n\n"tab\\there, \\"quoted\\"\\nnew line"\n'
    )


def test_ask_and_construct(tiny: ox.Store) -> None:
    assert run_query(tiny, "ASK { :gluteus_medius a akg:Muscle }", None, 10).body == b'{"head":{},"boolean":true}'
    construct = "CONSTRUCT WHERE { :gluteus_medius rdfs:label ?l }"
    turtle = run_query(tiny, construct, None, 10)
    assert turtle.media_type == "text/turtle; charset=utf-8"
    assert turtle.body.decode().endswith(':gluteus_medius rdfs:label "gluteus medius"@en .\n')
    nt = run_query(tiny, construct, "application/n-triples", 10).body.decode()
    assert nt == (
        "<https://w3id.org/anatomy-kg/id/gluteus_medius> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"gluteus medius"@en .\n'
    )
    jsonld = json.loads(run_query(tiny, construct, "application/ld+json", 10).body)
    assert jsonld == [
        {
            "@id": "https://w3id.org/anatomy-kg/id/gluteus_medius",
            "http://www.w3.org/2000/01/rdf-schema#label": [{"@language": "en", "@value": "gluteus medius"}],
        }
    ]


def test_rows_and_triples_are_capped(tiny: ox.Store) -> None:
    capped = run_query(tiny, MUSCLES, "text/csv", 1)
    assert capped == Answer(
        200, "text/csv; charset=utf-8", b"m,l\r\nhttps://w3id.org/anatomy-kg/id/gluteus_medius,gluteus medius\r\n", True
    )
    assert run_query(tiny, MUSCLES, "text/csv", 2).truncated is False
    triples = run_query(tiny, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples", 3)
    assert triples.truncated is True
    assert len(triples.body.decode().splitlines()) == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param(
            "SELECT * WHERE { ?s ?p ", "SPARQL syntax error at line 1, column 18: Expected SelectQuery", id="open"
        ),
        pytest.param(
            "SELECT * WHERE { ?s ?p ?o FILTER(nope:f(?o)) }",
            "SPARQL syntax error: error at line 1, column 47: expected one of ENCODE_FOR_URI",
            id="unknown-prefix",
        ),
        pytest.param(
            "SELECT * WHERE { ?s ?p ?o FILTER(<urn:x:f>(?o)) }",
            "the query failed: The custom function <urn:x:f> is not supported",
            id="unknown-function",
        ),
        pytest.param("DESCRIBE", "SPARQL syntax error at line 1, column 9: Expected DescribeQuery", id="bare-describe"),
    ],
)
def test_malformed_query_is_400_with_the_parser_message(tiny: ox.Store, query: str, message: str) -> None:
    answer = run_query(tiny, query, None, 10)
    assert answer.status == 400
    assert answer.body.decode().startswith(message)
    assert "Traceback" not in answer.body.decode()


def test_unacceptable_type_is_406(tiny: ox.Store) -> None:
    answer = run_query(tiny, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv", 10)
    assert answer.status == 406
    assert answer.body.decode().startswith("cannot answer a CONSTRUCT query as 'text/csv'; acceptable types: ")


# ---------------------------------------------------------------------------- the real server
@pytest.fixture(scope="module")
def strict(snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """`anatomy-kg serve --timeout 2 --max-rows 25 --workers 2` over the session snapshot."""
    server = start_anatomy_kg_serve(
        "--timeout", "2", "--max-rows", "25", "--workers", "2", log_dir=tmp_path_factory.mktemp("strict"), home=snapshot
    )
    yield server
    server.stop()


def count_triples(url: str) -> list[int]:
    """The triple count as seen by each of the two workers (the idle queue hands them out in turn)."""
    counts = []
    for _ in range(2):
        response = httpx.get(url, params={"query": COUNT})
        assert response.status_code == 200
        counts.append(int(response.json()["results"]["bindings"][0]["n"]["value"]))
    return counts


@pytest.mark.server
def test_get_post_and_form_give_the_same_answer(strict: ServerProcess) -> None:
    by_get = httpx.get(strict.url, params={"query": LABEL})
    by_body = httpx.post(strict.url, content=LABEL, headers={"Content-Type": "application/sparql-query"})
    by_form = httpx.post(strict.url, data={"query": LABEL})
    for response in (by_get, by_body, by_form):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/sparql-results+json"
        assert response.json() == LABEL_JSON
        assert "X-AnatomyKG-Truncated" not in response.headers


@pytest.mark.server
@pytest.mark.parametrize(
    ("accept", "body"),
    [
        pytest.param("text/csv", "l\r\nfemoral artery\r\n", id="csv"),
        pytest.param("text/tab-separated-values", '?l\n"femoral artery"@en\n', id="tsv"),
        pytest.param(
            "application/sparql-results+xml",
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
            '<variable name="l"/></head><results><result><binding name="l"><literal xml:lang="en">'
            "femoral artery</literal></binding></result></results></sparql>",
            id="xml",
        ),
    ],
)
def test_accept_header_chooses_the_format(strict: ServerProcess, accept: str, body: str) -> None:
    response = httpx.get(strict.url, params={"query": LABEL}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.text == body


@pytest.mark.server
def test_construct_as_turtle_parses_back(strict: ServerProcess) -> None:
    query = "CONSTRUCT WHERE { :femoral_artery a ?type ; rdfs:label ?l }"
    response = httpx.post(strict.url, data={"query": query}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = {str(t) for t in ox.parse(response.content, format=ox.RdfFormat.TURTLE)}
    assert (
        "<https://w3id.org/anatomy-kg/id/femoral_artery> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"femoral artery"@en' in triples
    )
    assert (
        "<https://w3id.org/anatomy-kg/id/femoral_artery> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/anatomy-kg/ontology#Artery>" in triples
    )


@pytest.mark.server
def test_results_past_max_rows_are_cut_and_flagged(strict: ServerProcess) -> None:
    everything = httpx.get(strict.url, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert everything.status_code == 200
    assert len(everything.json()["results"]["bindings"]) == 25
    assert everything.headers["X-AnatomyKG-Truncated"] == "true"
    assert everything.headers["X-AnatomyKG-Max-Rows"] == "25"
    graph = httpx.get(
        strict.url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"}
    )
    assert len(graph.text.splitlines()) == 25
    assert graph.headers["X-AnatomyKG-Truncated"] == "true"
    limited = httpx.get(strict.url, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 25"})
    assert len(limited.json()["results"]["bindings"]) == 25
    assert "X-AnatomyKG-Truncated" not in limited.headers


@pytest.mark.server
def test_remote_store_refuses_a_cut_answer(strict: ServerProcess) -> None:
    import kg

    graph = kg.load(endpoint=strict.url)
    assert len(graph.store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 25")) == 25
    with pytest.raises(kg.EndpointError, match=r"cut the answer at 25 rows; start it with a larger --max-rows"):
        graph.store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 26")
    graph.store.close()  # type: ignore[attr-defined]


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP listener on a loopback port: (its URL, what each connection sent)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    received.append(conn.recv(65536))
                except TimeoutError:
                    received.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", received
    stop.set()
    thread.join(5)
    sock.close()


@pytest.mark.parametrize(
    "template",
    [
        pytest.param("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", id="service"),
        pytest.param("SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}", id="silent"),
        pytest.param("SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}", id="escaped-keyword"),
        pytest.param(
            "SELECT * WHERE {{ ?s a akg:Artery OPTIONAL {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }}",
            id="nested",
        ),
        pytest.param("ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", id="ask"),
    ],
)
@pytest.mark.server
def test_service_is_refused_and_nothing_leaves(
    strict: ServerProcess, listener: tuple[str, list[bytes]], template: str
) -> None:
    url, received = listener
    response = httpx.post(strict.url, data={"query": template.format(url=url)})
    assert response.status_code == 400
    assert response.text == "SERVICE is refused: queries may not make requests to other endpoints\n"
    time.sleep(0.3)  # a request the server had sent would have arrived by now
    assert received == []


def test_pyoxigraph_itself_would_call_the_listener(listener: tuple[str, list[bytes]]) -> None:
    """Why the SERVICE guard matters: without it, the engine sends the request."""
    url, received = listener
    with pytest.raises(OSError):  # the listener hangs up without an answer
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
    assert received and received[0].startswith(b"POST /sparql HTTP/1.1")


@pytest.mark.server
@pytest.mark.parametrize(
    ("params", "query", "message"),
    [
        pytest.param(
            {},
            "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
            "FROM / FROM NAMED is refused: queries run on the AnatomyKG graph only",
            id="from-file",
        ),
        pytest.param(
            {},
            "SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
            "FROM / FROM NAMED is refused: queries run on the AnatomyKG graph only",
            id="from-named",
        ),
        pytest.param(
            {"default-graph-uri": "file:///etc/passwd"},
            "ASK {}",
            "default-graph-uri is refused: queries run on the AnatomyKG graph only",
            id="default-graph-uri",
        ),
        pytest.param(
            {"named-graph-uri": "urn:x:g"},
            "ASK {}",
            "named-graph-uri is refused: queries run on the AnatomyKG graph only",
            id="named-graph-uri",
        ),
    ],
)
def test_other_graphs_are_refused(strict: ServerProcess, params: dict[str, str], query: str, message: str) -> None:
    response = httpx.get(strict.url, params={"query": query, **params})
    assert response.status_code == 400
    assert response.text == message + "\n"


@pytest.mark.server
@pytest.mark.parametrize("update", UPDATES.values(), ids=UPDATES.keys())
def test_updates_are_refused_and_change_nothing(strict: ServerProcess, update: str) -> None:
    before = count_triples(strict.url)
    as_query = httpx.post(strict.url, data={"query": update})
    as_update = httpx.post(strict.url, data={"update": update})
    as_body = httpx.post(strict.url, content=update, headers={"Content-Type": "application/sparql-update"})
    by_get = httpx.get(strict.url, params={"update": update})
    assert (as_query.status_code, as_query.text) == (400, UPDATE_REFUSED)
    for response in (as_update, as_body, by_get):
        assert (response.status_code, response.text) == (400, "SPARQL Update is refused: this endpoint is read-only\n")
    after = count_triples(strict.url)
    assert after == before
    assert before[0] == before[1] > 10_000


@pytest.mark.server
@pytest.mark.parametrize(
    ("request_kwargs", "status", "message"),
    [
        pytest.param(
            {"method": "GET"},
            400,
            "give exactly one query parameter (GET ?query=…, or POST application/sparql-query or a form with query=…)",
            id="no-query",
        ),
        pytest.param(
            {"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]},
            400,
            "give exactly one query parameter (GET ?query=…, or POST application/sparql-query or a form with query=…)",
            id="two-queries",
        ),
        pytest.param(
            {"method": "POST", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}},
            415,
            "send the query as application/sparql-query or as an application/x-www-form-urlencoded form with query=…",
            id="wrong-content-type",
        ),
        pytest.param(
            {"method": "POST", "content": b"ASK { \xff }", "headers": {"Content-Type": "application/sparql-query"}},
            400,
            "the request body is not UTF-8 text",
            id="not-utf8",
        ),
        pytest.param(
            {
                "method": "POST",
                "content": "ASK {}" + " " * 100_000,
                "headers": {"Content-Type": "application/sparql-query"},
            },
            413,
            "the request is longer than 100,000 bytes",
            id="too-long",
        ),
        pytest.param(
            {"method": "GET", "params": {"query": "SELECT ?s WHERE { ?s ?p"}},
            400,
            "SPARQL syntax error at line 1, column 19: Expected SelectQuery",
            id="malformed",
        ),
        pytest.param(
            {"method": "DELETE"},
            405,
            "Method Not Allowed",
            id="delete-method",
        ),
    ],
)
def test_bad_requests_get_one_line(
    strict: ServerProcess, request_kwargs: dict[str, object], status: int, message: str
) -> None:
    response = httpx.request(url=strict.url, **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert response.text.strip() == message
    assert "Traceback" not in response.text


@pytest.mark.server
def test_slow_query_is_stopped_while_others_are_served(strict: ServerProcess) -> None:
    workers_before = child_pids(strict.pid)
    slow: dict[str, object] = {}

    def ask_slow() -> None:
        response = httpx.post(strict.url, data={"query": CROSS_JOIN}, timeout=60)
        slow.update(status=response.status_code, text=response.text, done=time.monotonic())

    thread = threading.Thread(target=ask_slow)
    thread.start()
    time.sleep(0.5)  # the slow query now holds one worker
    fast = httpx.get(strict.url, params={"query": "ASK { :femoral_artery a akg:Artery }"}, timeout=60)
    fast_done = time.monotonic()
    thread.join(60)

    assert fast.status_code == 200
    assert fast.json() == {"head": {}, "boolean": True}
    assert slow["status"] == 504
    assert slow["text"] == "query stopped: it ran longer than the 2 s limit; narrow it or add a LIMIT\n"
    assert fast_done < slow["done"]  # type: ignore[operator]

    # the worker that ran it was killed, and a fresh one took its place
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers_after = child_pids(strict.pid)
        if len(workers_after) == len(workers_before) and workers_after != workers_before:
            break
        time.sleep(0.1)
    killed = workers_before - workers_after
    assert len(killed) == 1
    assert not Path(f"/proc/{killed.pop()}").exists()
    assert count_triples(strict.url)[0] > 10_000


@pytest.mark.server
def test_landing_page_says_what_it_is(strict: ServerProcess) -> None:
    response = httpx.get(strict.url.removesuffix("sparql"))
    assert response.status_code == 200
    assert "<h1>AnatomyKG SPARQL endpoint</h1>" in response.text
    assert "For education, not diagnosis" in response.text
    assert f"<code>{strict.url}</code>" in response.text
    assert "stopped after\n2 s" in response.text or "stopped after 2 s" in response.text


@pytest.mark.server
def test_listens_on_loopback_only_by_default(strict: ServerProcess) -> None:
    port = int(strict.url.split(":")[2].split("/")[0])
    listening = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port_hex = local.split(":")
        if int(port_hex, 16) == port and state == "0A":  # LISTEN
            listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, little-endian
    assert f"AnatomyKG SPARQL endpoint at {strict.url} (" in strict.output()


@pytest.mark.server
def test_port_in_use_is_one_line_and_nonzero(strict: ServerProcess) -> None:
    port = strict.url.split(":")[2].split("/")[0]
    result = run_cli("serve", "--port", port, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (
        f"anatomy-kg: error: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(is another server running there? choose one with --port)\n"
    )


@pytest.mark.server
def test_readme_script_runs_against_the_server(strict: ServerProcess, tmp_path: Path) -> None:
    """The SPARQLWrapper example in docs/sparql-endpoint.md, pointed at this server, prints what the doc shows."""
    doc = (ROOT / "docs" / "sparql-endpoint.md").read_text(encoding="utf-8")
    script = re.search(r"```python\n(.*?)```", doc, re.S)
    assert script is not None, "docs/sparql-endpoint.md has no ```python example"
    code = script.group(1).replace("http://127.0.0.1:7878/sparql", strict.url)
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    result = subprocess.run([sys.executable, str(tmp_path / "example.py")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "femoral artery" in result.stdout


def test_serve_help_is_fast_to_reach() -> None:
    """`anatomy-kg serve --help` does not import the web stack."""
    code = (
        "import sys; from click.testing import CliRunner; from kg.cli.main import cli; "
        "assert CliRunner().invoke(cli, ['serve', '--help']).exit_code == 0; "
        "assert 'kg.server.endpoint' in sys.modules and 'uvicorn' not in sys.modules and 'starlette' not in sys.modules"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


# ---------------------------------------------------------------------------- the app in process
@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient` is deprecated")
def test_app_refuses_updates_and_keeps_its_count(tmp_path: Path) -> None:
    """One worker, so every count below is that worker's store."""
    from starlette.testclient import TestClient

    from kg.server.endpoint import create_app

    data = tmp_path / "tiny.ttl"
    data.write_text(TINY, encoding="utf-8")
    app = create_app(timeout=5, max_rows=100, workers=1, files=[ROOT / "ontology" / "anatomy-kg.ttl", data])
    with TestClient(app) as client:

        def count() -> int:
            response = client.get("/sparql", params={"query": COUNT})
            return int(response.json()["results"]["bindings"][0]["n"]["value"])

        before = count()
        for update in UPDATES.values():
            response = client.post("/sparql", data={"query": update})
            assert (response.status_code, response.text) == (400, UPDATE_REFUSED)
        assert count() == before
        muscles = client.get("/sparql", params={"query": MUSCLES}, headers={"Accept": "text/csv"})
        assert muscles.text == (
            "m,l\r\nhttps://w3id.org/anatomy-kg/id/gluteus_medius,gluteus medius\r\n"
            "https://w3id.org/anatomy-kg/id/gluteus_minimus,gluteus minimus\r\n"
        )
        assert len(app.state.pool.pids) == 1
    assert app.state.pool.pids == []

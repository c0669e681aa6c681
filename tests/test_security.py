"""No request leaves the server: a differential corpus of SERVICE and FROM tricks, guard against engine.

A loopback listener counts the TCP connections it accepts. Every query of the corpus (comments
ended by CR, CR LF, escaped CR/LF, U+2028 …, `#` inside IRIs and strings, SERVICE ?var and
SILENT, mixed case, escaped keywords, nesting, subqueries, every query form) and a few hundred
Hypothesis-generated variants go through the guard; whatever it lets through is run by the real
engine (pyoxigraph, in this process, with network), and through the endpoint (`anatomy-kg serve`,
GET / POST form / POST application/sparql-query), the CLI (`anatomy-kg sparql`) and the app's
query runner. The listener must see zero connections and no FROM may reach a named graph.
`test_the_corpus_would_call_out_without_the_guard` shows the corpus is a real attack: the engine
alone calls the listener for the carriage-return variants.
"""

from __future__ import annotations

import contextlib
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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servers import ROOT, ServerProcess, run_cli, start_anatomy_kg_serve

import kg
from kg.errors import QueryError
from kg.queries import load_query
from kg.sparql.guard import guard, normalise, parsed_form, shortcut_form

pytest_plugins = ["conftest_servers"]

EXAMPLES = sorted(path.stem for path in (ROOT / "kg" / "queries").glob("example_*.rq"))
SECRET = "urn:x:secret"  # a named graph a FROM / FROM NAMED would expose
SECRET_VALUE = "the secret graph was read"


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts (and answers none)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


# {url}: the listener; each template is formatted with it. Doubled braces are SPARQL braces.
CORPUS = {
    "plain": "SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "cr-comment": "SELECT * WHERE {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "crlf-comment": "SELECT * WHERE {{ #\r\n SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "escaped-cr-comment": "SELECT * WHERE {{ #\\u000D SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "escaped-lf-comment": "SELECT * WHERE {{ #\\u000A SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "escaped-lower-cr": "SELECT * WHERE {{ #\\u000d SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "long-escaped-cr": "SELECT * WHERE {{ #\\U0000000D SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "u2028-comment": "SELECT * WHERE {{ #\u2028 SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "u2029-comment": "SELECT * WHERE {{ #\u2029 SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "vt-comment": "SELECT * WHERE {{ #\x0b SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "ff-comment": "SELECT * WHERE {{ #\x0c SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "nel-comment": "SELECT * WHERE {{ #\x85 SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "hash-in-iri": "SELECT * WHERE {{ ?s <urn:x#\r> ?o . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "hash-in-string": "SELECT * WHERE {{ BIND('#' AS ?x) SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "hash-in-long-string": "SELECT * WHERE {{ BIND('''#\r''' AS ?x) SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "cr-in-long-string": "SELECT * WHERE {{ BIND('''a\r#''' AS ?x) #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "service-var": "SELECT * WHERE {{ BIND(<{url}> AS ?e) #\r SERVICE ?e {{ ?a ?b ?c }} #\n}}",
    "silent": "SELECT * WHERE {{ #\r SERVICE SILENT <{url}> {{ ?a ?b ?c }} #\n}}",
    "lower-case": "select * where {{ #\r service <{url}> {{ ?a ?b ?c }} #\n}}",
    "mixed-case": "SeLeCt * WhErE {{ #\r SeRvIcE <{url}> {{ ?a ?b ?c }} #\n}}",
    "escaped-keyword": "SELECT * WHERE {{ #\r \\u0053ERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "escaped-keyword-8": "SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?a ?b ?c }} }}",
    "escaped-keyword-rdflib-8": "SELECT * WHERE {{ \\u00000053ERVICE <{url}> {{ ?a ?b ?c }} }}",
    "long-s-keyword": "SELECT * WHERE {{ \u017fERVICE <{url}> {{ ?a ?b ?c }} }}",  # U+017F upper-cases to S
    "dotless-i-keyword": "SELECT * WHERE {{ SERV\u0131CE <{url}> {{ ?a ?b ?c }} }}",  # U+0131 upper-cases to I
    "double-escape": "SELECT * WHERE {{ \\u005Cu0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
    "nested-group": "SELECT * WHERE {{ {{ {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}} }} }}",
    "optional": "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}} }}",
    "union": "SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}} }}",
    "minus": "SELECT * WHERE {{ ?s ?p ?o MINUS {{ #\r SERVICE <{url}> {{ ?s ?b ?c }} #\n}} }}",
    "exists": "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}} }}",
    "subquery": "SELECT * WHERE {{ {{ SELECT * WHERE {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}} }} }}",
    "ask": "ASK {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "construct": "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "construct-where": "CONSTRUCT WHERE {{ ?a ?b ?c #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "describe": "DESCRIBE ?a WHERE {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} #\n}}",
    "prefixed-iri": "PREFIX x: <{url}>\nSELECT * WHERE {{ #\r SERVICE x: {{ ?a ?b ?c }} #\n}}",
    "base-iri": "BASE <{url}>\nSELECT * WHERE {{ #\r SERVICE <> {{ ?a ?b ?c }} #\n}}",
    "from-file": "SELECT * #\r FROM <file:///etc/passwd>\nWHERE {{ ?s ?p ?o }}",
    "from-secret": "SELECT ?o #\r FROM <" + SECRET + ">\nWHERE {{ ?s ?p ?o }}",
    "from-named-secret": "SELECT ?o #\r FROM NAMED <" + SECRET + ">\nWHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "from-escaped-cr": "SELECT ?o #\\u000D FROM <" + SECRET + ">\nWHERE {{ ?s ?p ?o }}",
    "from-ask": "ASK #\r FROM <" + SECRET + ">\n{{ ?s ?p '" + SECRET_VALUE + "' }}",
    "from-construct": "CONSTRUCT {{ ?s ?p ?o }} #\r FROM <" + SECRET + ">\nWHERE {{ ?s ?p ?o }}",
}
# the corpus entries that only hide what they do behind a comment both parsers read alike: they may run
HARMLESS = {"u2028-comment", "u2029-comment", "vt-comment", "ff-comment", "nel-comment"}


def queries(url: str) -> dict[str, str]:
    return {name: template.format(url=url) for name, template in CORPUS.items()}


def tiny_store() -> ox.Store:
    """A store with one triple in the default graph and a secret one in a named graph."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("public")))
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal(SECRET_VALUE), ox.NamedNode(SECRET)))
    return store


def run_guarded(store: ox.Store, query: str) -> str:
    """What the engine answers for the guard's text ('refused: …' if the guard refused), as text."""
    try:
        guarded = guard(query)
    except QueryError as e:
        return f"refused: {e}"
    try:
        result = store.query(guarded.text)
    except (SyntaxError, OSError, ValueError, RuntimeError) as e:
        return f"engine error: {e}"
    if isinstance(result, ox.QueryBoolean):
        return str(bool(result))
    return " ".join(str(item) for item in result)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_guard_and_engine_agree_nothing_leaves(listener: Listener, name: str) -> None:
    before = listener.accepted
    answer = run_guarded(tiny_store(), queries(listener.url)[name])
    time.sleep(0.05)
    assert listener.accepted == before
    assert SECRET_VALUE not in answer
    if name in HARMLESS:
        assert not answer.startswith("refused"), answer
    else:
        assert answer.startswith("refused: "), answer


def test_the_corpus_would_call_out_without_the_guard(listener: Listener) -> None:
    """The engine alone calls the listener for the CR variants: the guard is what stops them."""
    before = listener.accepted
    store = tiny_store()
    for name in ("cr-comment", "silent", "construct", "ask"):
        with contextlib.suppress(OSError, RuntimeError):  # the listener hangs up without an answer
            list(store.query(queries(listener.url)[name]))
    time.sleep(0.1)
    assert listener.accepted - before == 4
    leaked = " ".join(str(s) for s in store.query(queries(listener.url)["from-secret"]))
    assert SECRET_VALUE in leaked


# ---------------------------------------------------------------------------- generated variants
LINE_ENDS = ["\r", "\n", "\r\n", "\\u000D", "\\u000a", "\\U0000000d", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", " "]
WRAPPERS = [
    "{body}",
    "{{ {body} }}",
    "OPTIONAL {{ {body} }}",
    "{{ SELECT * WHERE {{ {body} }} }} ",
    "{{ ?s ?p ?o }} UNION {{ {body} }}",
    "FILTER NOT EXISTS {{ {body} }}",
]
FORMS = [
    "SELECT * WHERE {{ {where} }}",
    "ASK {{ {where} }}",
    "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {where} }}",
    "DESCRIBE ?a WHERE {{ {where} }}",
]


@st.composite
def service_keyword(draw: st.DrawFn) -> str:
    """SERVICE in random case, some letters written as \\u escapes."""
    letters = []
    for letter in "SERVICE":
        letter = draw(st.sampled_from([letter, letter.lower()]))
        if draw(st.booleans()) and draw(st.booleans()):
            letter = f"\\u{ord(letter):04X}"
        letters.append(letter)
    return "".join(letters)


@st.composite
def attack(draw: st.DrawFn, url: str) -> str:
    keyword = draw(service_keyword())
    silent = draw(st.sampled_from(["", "SILENT "]))
    target = draw(st.sampled_from([f"<{url}>", "?endpoint"]))
    body = f"{keyword} {silent}{target} {{ ?a ?b ?c }}"
    if target == "?endpoint":
        body = f"BIND(<{url}> AS ?endpoint) " + body
    hide = draw(st.sampled_from(["", "#", "# note "]))
    end = draw(st.sampled_from(LINE_ENDS))
    after = draw(st.sampled_from(LINE_ENDS))
    body = f"{hide}{end}{body} #{after}\n"
    where = draw(st.sampled_from(WRAPPERS)).format(body=body)
    return draw(st.sampled_from(FORMS)).format(where=where)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_variants_never_call_out(listener: Listener, data: st.DataObject) -> None:
    query = data.draw(attack(listener.url))
    before = listener.accepted
    run_guarded(tiny_store(), query)
    assert listener.accepted == before, repr(query)


JUNK = ["#", '"', "'", "'''", '"""', "\\", "\r", "\n", "<", ">", " ", "a", "{", "}", ".", "\u2028", "\x85", "\\u000D"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(st.sampled_from(JUNK), max_size=8), after=st.lists(st.sampled_from(JUNK), max_size=8))
def test_junk_around_a_service_call_never_calls_out(listener: Listener, before: list[str], after: list[str]) -> None:
    """Quotes, comments, backslashes and line ends in any order: what the guard passes does not call out."""
    query = f"SELECT * WHERE {{ {''.join(before)} SERVICE <{listener.url}> {{ ?a ?b ?c }} {''.join(after)} }}"
    count = listener.accepted
    run_guarded(tiny_store(), query)
    assert listener.accepted == count, repr(query)


# pieces of SPARQL and of the tricks above, glued in any order: whatever the guard's shortcut lets
# past the rdflib parse must not call out, and the rdflib parse must not find SERVICE or FROM in it
PIECES = [
    "SELECT * WHERE {",
    "ASK {",
    "}",
    " ",
    "\n",
    "\t",
    "#",
    "'",
    '"',
    "'''",
    '"""',
    "<",
    ">",
    "<x#>",
    "<urn:x#>",
    "?a",
    "?b",
    "1",
    "ex:",
    ":",
    "akg:receivesFibresFrom",
    "(",
    ")",
    ".",
    "FILTER(?a<",
    "SERVICE",
    "service",
    "<{url}>",
    "{ ?a ?b ?c }",
    "FROM",
    "<urn:x:secret>",
    "\u017f",
    "\\",
    "\r",
]


def assert_the_shortcut_sends_nothing(listener: Listener, query: str) -> None:
    """If the guard's shortcut clears the query, rdflib reads the same form and the engine calls no one."""
    text = normalise(query)
    form = shortcut_form(text)
    if form is None:
        return
    with contextlib.suppress(QueryError):  # rdflib may find a syntax error Oxigraph does not; never SERVICE/FROM
        assert parsed_form(text) == form
    count = listener.accepted
    answer = run_guarded(tiny_store(), query)
    time.sleep(0.01)
    assert listener.accepted == count, repr(query)
    assert SECRET_VALUE not in answer


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_the_shortcut_never_passes_a_service_call(listener: Listener, pieces: list[str]) -> None:
    assert_the_shortcut_sends_nothing(listener, "".join(pieces).replace("{url}", listener.url))


PATTERNS = [
    "?s ?p ?o .",
    "# a note\n",
    "#\r",
    "# SERVICE\n",
    "#",
    "BIND('#' AS ?h)",
    "BIND('''a\r#''' AS ?l)",
    "FILTER(?o<1)",
    "FILTER(?o<akg:x#>)",
    "SERVICE <{url}> { ?a ?b ?c }",
    "\u017fERVICE <{url}> { ?a ?b ?c }",
    "?s akg:receivesFibresFrom ?r .",
    "?s ?p 'from' .",
    "{ ?s ?p ?o }",
    "OPTIONAL { ?s ?p ?o }",
    "?s <urn:x#> ?o .",
    "\n",
]
HEADS = [
    "SELECT * WHERE {",
    "ASK {",
    "CONSTRUCT { ?s ?p ?o } WHERE {",
    "DESCRIBE ?s WHERE {",
    "SELECT * #\rFROM <urn:x:secret>\nWHERE {",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=st.sampled_from(HEADS), body=st.lists(st.sampled_from(PATTERNS), max_size=6))
def test_the_shortcut_never_passes_a_service_call_in_a_query(listener: Listener, head: str, body: list[str]) -> None:
    assert_the_shortcut_sends_nothing(listener, (head + " ".join(body) + " }").replace("{url}", listener.url))


# ---------------------------------------------------------------------------- every path a person's SPARQL takes
@pytest.fixture(scope="module")
def endpoint(snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_anatomy_kg_serve(
        "--timeout", "5", "--workers", "2", log_dir=tmp_path_factory.mktemp("security"), home=snapshot
    )
    yield server
    server.stop()


@pytest.mark.server
def test_endpoint_sends_nothing_out(endpoint: ServerProcess, listener: Listener) -> None:
    before = listener.accepted
    statuses = {}
    with httpx.Client(timeout=30) as client:
        for name, query in queries(listener.url).items():
            answers = [
                client.get(endpoint.url, params={"query": query}),
                client.post(endpoint.url, data={"query": query}),
                client.post(endpoint.url, content=query.encode(), headers={"Content-Type": "application/sparql-query"}),
            ]
            statuses[name] = {a.status_code for a in answers}
            assert all(SECRET_VALUE not in a.text for a in answers)
        for param in ("default-graph-uri", "named-graph-uri"):
            answer = client.get(endpoint.url, params={"query": "ASK {}", param: "file:///etc/passwd"})
            assert (answer.status_code, answer.text) == (
                400,
                f"{param} is refused: queries run on the AnatomyKG graph only\n",
            )
    time.sleep(0.2)
    assert listener.accepted == before
    assert {name for name, codes in statuses.items() if codes == {200}} == HARMLESS
    assert {name for name, codes in statuses.items() if codes == {400}} == set(CORPUS) - HARMLESS


@pytest.mark.server
@pytest.mark.parametrize("name", ["cr-comment", "escaped-cr-comment", "service-var", "describe", "from-file"])
def test_cli_sends_nothing_out(snapshot: Path, listener: Listener, name: str) -> None:
    before = listener.accepted
    result = run_cli("sparql", queries(listener.url)[name], home=snapshot)
    assert result.returncode == 2, result.stdout
    assert "is refused" in result.stderr and "Traceback" not in result.stderr
    assert listener.accepted == before


def test_app_query_runner_sends_nothing_out(listener: Listener) -> None:
    from kg.ui.query_runner import QueryWorker

    worker = QueryWorker(None)
    before = listener.accepted
    outcomes = {}
    try:
        for name, query in queries(listener.url).items():
            try:
                worker.run(query, max_rows=100, timeout=30)
                outcomes[name] = "ran"
            except QueryError as e:
                outcomes[name] = str(e)
    finally:
        worker.stop()
    time.sleep(0.1)
    assert listener.accepted == before
    assert {name for name, outcome in outcomes.items() if outcome == "ran"} == HARMLESS


def test_a_worker_is_off_the_network_even_without_the_guard(listener: Listener, tmp_path: Path) -> None:
    """Second layer: the endpoint worker's own setup and execution step, fed a SERVICE query directly."""
    snapshot = tmp_path / "graph.nq"
    tiny_store().dump(str(snapshot), format=ox.RdfFormat.N_QUADS)
    script = (
        "import sys\n"
        "from kg.server.endpoint import execute, prepare_worker\n"
        "store = prepare_worker(sys.argv[1])\n"
        "answer = execute(store, sys.argv[2], 'SELECT', None, 10)\n"
        "print(answer.status, answer.body.decode())\n"
    )
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}"
    before = listener.accepted
    result = subprocess.run(
        [sys.executable, "-c", script, str(snapshot), query], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    if "warning: query worker keeps network access" in result.stderr:  # e.g. user namespaces disabled
        pytest.skip(f"this kernel refuses network namespaces: {result.stderr.strip()}")
    assert result.stdout.startswith("400 the query failed: ")
    assert "unreachable" in result.stdout.lower()
    time.sleep(0.1)
    assert listener.accepted == before


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_queries_answer_as_before(graph: kg.AnatomyGraph, name: str) -> None:
    text = load_query(name).text
    guarded = graph.user_query(text)
    direct = graph.query(text)  # the developer API: no guard, the text as written
    assert isinstance(direct, list) and len(direct) > 0
    if guarded["form"] == "SELECT":
        assert guarded["rows"] == direct
    else:
        assert sorted(map(str, guarded["triples"])) == sorted(map(str, direct))


@pytest.mark.server
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_queries_answer_the_same_through_the_endpoint(
    endpoint: ServerProcess, snapshot_graph: kg.AnatomyGraph, name: str
) -> None:
    text = load_query(name).text
    expected = snapshot_graph.user_query(text)
    if expected["form"] == "SELECT":
        response = httpx.post(endpoint.url, data={"query": text}, timeout=60)
        assert response.status_code == 200
        assert len(response.json()["results"]["bindings"]) == len(expected["rows"]) > 0
    else:
        response = httpx.post(
            endpoint.url, data={"query": text}, headers={"Accept": "application/n-triples"}, timeout=60
        )
        assert response.status_code == 200
        assert len(set(response.text.splitlines())) == len(set(map(str, expected["triples"]))) > 0

"""`anatomy-kg serve` under abuse: memory bombs, huge and slow requests, greedy clients, hang-ups.

Each test drives a real server process on 127.0.0.1 and would fail without its limit: the
memory bomb took a worker to 3 GB, half-sent requests stayed open for ever, a declared
10 GB body hung, and every hang-up was logged as an internal error.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servers import ServerProcess, child_pids, start_anatomy_kg_serve

pytest_plugins = ["conftest_servers"]

pytestmark = pytest.mark.server

MEMORY_BOMB = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f} ORDER BY ?c ?f LIMIT 1"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = {"query": "ASK { :femoral_artery a akg:Artery }"}


@pytest.fixture(scope="module")
def limited(snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server with small limits: 300 MiB per worker, 1 open query per client, 2 s to send a request."""
    server = start_anatomy_kg_serve(
        "--workers",
        "2",
        "--timeout",
        "20",
        "--max-memory",
        "300",
        "--per-client",
        "1",
        "--read-timeout",
        "2",
        log_dir=tmp_path_factory.mktemp("limited"),
        home=snapshot,
    )
    yield server
    server.stop()


def _wait_for_workers(server: ServerProcess, count: int) -> set[int]:
    """Worker pids once `count` answer (a replaced worker takes a moment to load)."""
    for _ in range(100):
        if httpx.get(server.url, params=ASK).status_code == 200:
            pids = child_pids(server.pid)
            if len(pids) >= count:
                return pids
        time.sleep(0.2)
    raise AssertionError("workers did not come back")


def test_memory_bomb_is_503_and_the_worker_is_replaced(limited: ServerProcess) -> None:
    before = _wait_for_workers(limited, 2)
    response = httpx.get(limited.url, params={"query": MEMORY_BOMB}, timeout=60)
    assert response.status_code == 503
    assert response.text == "query used too much memory (the limit is 300 MiB per query); narrow it or add a LIMIT\n"
    after = _wait_for_workers(limited, 2)
    assert len(before - after) >= 1  # a new process took the place of the one that ran out
    assert httpx.get(limited.url, params=ASK).json() == {"head": {}, "boolean": True}


def test_declared_huge_body_is_413_at_once(limited: ServerProcess) -> None:
    with socket.create_connection(("127.0.0.1", _port(limited)), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 10000000000\r\n\r\nASK {}"
        )
        head = b""
        while b"\r\n\r\nthe request" not in head or not head.endswith(b"\n"):
            data = sock.recv(4096)
            if not data:
                break
            head += data
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"the request is longer than 100,000 bytes" in head


def test_long_body_is_413(limited: ServerProcess) -> None:
    response = httpx.post(limited.url, content=b"#" * 200_000, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def _port(server: ServerProcess) -> int:
    return int(server.url.rsplit(":", 1)[1].split("/")[0])


def test_slow_clients_are_dropped_and_normal_ones_served(limited: ServerProcess) -> None:
    slow = []
    for i in range(20):
        sock = socket.create_connection(("127.0.0.1", _port(limited)), timeout=10)
        # half a request head, or a whole head and half the body
        if i % 2:
            sock.sendall(b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\n")
        else:
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 50\r\n\r\nASK"
            )
        slow.append(sock)
    assert httpx.get(limited.url, params=ASK, timeout=10).status_code == 200  # served while they hang
    time.sleep(3)  # past the 2 s read timeout
    closed = 0
    answers = []
    for sock in slow:
        data = sock.recv(4096)
        closed += data == b"" or data.startswith(b"HTTP/1.1 408 ")
        answers.append(data[:12])
        sock.close()
    assert closed == 20, answers
    assert httpx.get(limited.url, params=ASK, timeout=10).status_code == 200


def test_more_than_the_per_client_queries_at_once_is_429(limited: ServerProcess) -> None:
    _wait_for_workers(limited, 2)
    slow: dict[str, int] = {}

    def ask_slowly() -> None:
        slow["status"] = httpx.get(limited.url, params={"query": CROSS_JOIN}, timeout=60).status_code

    thread = threading.Thread(target=ask_slowly)
    thread.start()
    time.sleep(1.0)  # the slow query is open now
    second = httpx.get(limited.url, params=ASK, timeout=10)
    assert second.status_code == 429
    assert second.text.startswith("too many queries at once from 127.0.0.1: at most 1;")
    thread.join(60)
    assert slow["status"] == 504
    assert httpx.get(limited.url, params=ASK, timeout=30).status_code == 200  # the limit is per open query


def test_a_client_hanging_up_is_logged_as_such(limited: ServerProcess) -> None:
    with socket.create_connection(("127.0.0.1", _port(limited)), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 40\r\n\r\nASK"
        )
        time.sleep(0.3)
    time.sleep(0.5)
    log = limited.output()
    assert "anatomy-kg serve: client 127.0.0.1 disconnected before its request was read" in log
    assert "internal error" not in log
    assert "Traceback" not in log


# about 9 million rows to count: a few seconds of work, well inside the 20 s limit
SECONDS_OF_WORK = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a akg:Muscle VALUES ?x { 1 2 3 } }"


def test_a_client_hanging_up_while_its_query_runs_is_logged(limited: ServerProcess) -> None:
    _wait_for_workers(limited, 2)
    body = SECONDS_OF_WORK.encode()
    with socket.create_connection(("127.0.0.1", _port(limited)), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        time.sleep(0.5)  # the query is running now
    line = "anatomy-kg serve: client 127.0.0.1 hung up while its query ran; the answer (HTTP 200) was not sent"
    for _ in range(100):
        if line in limited.output():
            break
        time.sleep(0.2)
    log = limited.output()
    assert line in log
    assert "internal error" not in log and "Traceback" not in log
    assert httpx.get(limited.url, params=ASK, timeout=30).status_code == 200


# a 1 KB query whose strings grow tenfold per step: 10 characters, then 100 … 10^9
CONCAT_BOMB = (
    'SELECT (STRLEN(?s8) AS ?n) WHERE { BIND("aaaaaaaaaa" AS ?s0) '
    + " ".join(f"BIND(CONCAT({', '.join([f'?s{i}'] * 10)}) AS ?s{i + 1})" for i in range(8))
    + " }"
)


def test_concat_bomb_is_503(limited: ServerProcess) -> None:
    _wait_for_workers(limited, 2)
    response = httpx.post(limited.url, data={"query": CONCAT_BOMB}, timeout=60)
    assert (response.status_code, response.text) == (
        503,
        "query used too much memory (the limit is 300 MiB per query); narrow it or add a LIMIT\n",
    )
    assert httpx.get(limited.url, params=ASK, timeout=60).status_code == 200


@pytest.mark.parametrize("query", [MEMORY_BOMB, CONCAT_BOMB], ids=["cross-join", "concat"])
def test_app_query_runner_has_a_memory_cap(query: str) -> None:
    from kg.errors import QueryError
    from kg.ui.query_runner import QueryWorker

    worker = QueryWorker(None, max_memory_mb=300)
    try:
        with pytest.raises(QueryError) as refused:
            worker.run(query, max_rows=10, timeout=60)
        assert str(refused.value) == "query used too much memory (the limit is 300 MiB); narrow it or add a LIMIT"
        assert worker.run("ASK { :femoral_artery a akg:Artery }", max_rows=10, timeout=60)["boolean"] is True
    finally:
        worker.stop()


def test_one_address_flooding_connections_does_not_lock_out_another(limited: ServerProcess) -> None:
    flood = []
    for _ in range(100):
        sock = socket.create_connection(("127.0.0.1", _port(limited)), timeout=10)
        sock.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: x\r\n")  # never finished
        flood.append(sock)
    time.sleep(0.5)
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=10) as other:
        assert other.get(limited.url, params=ASK).status_code == 200  # served while the flood holds
    refused = 0
    for sock in flood:
        sock.settimeout(5)
        refused += sock.recv(4096).startswith(b"HTTP/1.1 503 Service Unavailable")
        sock.close()
    assert refused == 100 - 64  # past 64 connections from one address
    assert "Traceback" not in limited.output()

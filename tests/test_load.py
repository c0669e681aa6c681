"""A bounded load test: 4 clients × 200 mixed requests against `anatomy-kg serve` on loopback.

No request may fail, and the server's memory (main process plus workers) must stay bounded.
The figures it prints are the ones quoted in docs/sparql-endpoint.md; speed is not asserted.
"""

from __future__ import annotations

import statistics
import threading
import time

import httpx
import pytest
from servers import ServerProcess, child_pids, rss_kib

pytest_plugins = ["conftest_servers"]
pytestmark = [pytest.mark.slow, pytest.mark.server]

CLIENTS = 4
REQUESTS_PER_CLIENT = 200
# (method, query, Accept, expected status): what a script mixes
MIX = [
    ("GET", "SELECT ?l WHERE { :femoral_artery rdfs:label ?l }", "application/sparql-results+json", 200),
    (
        "POST",
        'SELECT ?e ?l WHERE { ?e rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "glute")) } ORDER BY ?l',
        "text/csv",
        200,
    ),
    ("POST", "SELECT ?type (COUNT(*) AS ?n) WHERE { ?e a ?type } GROUP BY ?type", "text/tab-separated-values", 200),
    ("GET", "ASK { :femoral_artery a akg:Artery }", "application/sparql-results+xml", 200),
    ("POST", "CONSTRUCT WHERE { :femoral_artery ?p ?o }", "text/turtle", 200),
    ("GET", "DESCRIBE :superior_gluteal_nerve", "application/n-triples", 200),
    ("POST", "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json", 200),  # cut at the row cap
    ("POST", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "*/*", 400),
    ("POST", "INSERT DATA { :a :b :c }", "*/*", 400),
]


def server_rss_kib(server: ServerProcess) -> int:
    """Resident memory of the server and its worker processes, in KiB."""
    return sum(rss_kib(pid) for pid in {server.pid, *child_pids(server.pid)})


def test_concurrent_clients_all_answered_with_bounded_memory(kg_server: ServerProcess) -> None:
    warm = httpx.get(kg_server.url, params={"query": MIX[0][1]})
    assert warm.status_code == 200
    rss_before = server_rss_kib(kg_server)
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        with httpx.Client(timeout=30) as http:
            for i in range(REQUESTS_PER_CLIENT):
                method, query, accept, expected = MIX[(offset + i) % len(MIX)]
                started = time.perf_counter()
                try:
                    if method == "GET":
                        response = http.get(kg_server.url, params={"query": query}, headers={"Accept": accept})
                    else:
                        response = http.post(kg_server.url, data={"query": query}, headers={"Accept": accept})
                    status = response.status_code
                except httpx.HTTPError as e:
                    status = -1
                    failures.append(f"{query[:40]}: {e}")
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if status != expected and status != -1:
                        failures.append(f"{query[:40]}: HTTP {status}, expected {expected}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    wall = time.perf_counter() - started
    rss_after = server_rss_kib(kg_server)

    total = CLIENTS * REQUESTS_PER_CLIENT
    ms = sorted(x * 1000 for x in latencies)
    print(
        f"\n{total} requests, {CLIENTS} clients, {len(failures)} failed, {wall:.1f} s: {total / wall:.0f} requests/s; "
        f"latency p50 {statistics.median(ms):.1f} ms, p95 {ms[int(0.95 * len(ms))]:.1f} ms, "
        f"p99 {ms[int(0.99 * len(ms))]:.1f} ms, max {ms[-1]:.1f} ms; "
        f"server RSS {rss_before / 1024:.0f} MiB before, {rss_after / 1024:.0f} MiB after"
    )
    assert not any(t.is_alive() for t in threads)
    assert failures == []
    assert len(latencies) == total
    assert rss_after - rss_before < 150 * 1024, f"server memory grew by {(rss_after - rss_before) / 1024:.0f} MiB"

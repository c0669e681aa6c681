"""`anatomy-kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the shipped graph.

Every query is parsed and refused if it updates, calls out (`SERVICE`) or names other graphs
(`FROM`, `default-graph-uri`), then the guard's own text (kg.sparql.guard) runs in a worker process
with a time limit, a row cap and a memory cap, and without network (kg.sparql.sandbox). pyoxigraph
cannot interrupt a running query from Python, so a query past its limit is stopped by killing
its worker; a fresh worker takes its place and the other workers keep answering. Slow, greedy
and oversized requests are bounded too (read timeouts, per-client limits, body cap); the
guarantees and their tests are listed in docs/security.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import math
import multiprocessing
import os
import re
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.errors import KGError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = [
    "DEFAULT_PORT",
    "Answer",
    "WorkerPool",
    "commands",
    "create_app",
    "execute",
    "negotiate",
    "prepare_worker",
    "run_query",
    "serve",
]

DEFAULT_PORT = 7878
MAX_QUERY_BYTES = 100_000  # request bodies and queries longer than this are HTTP 413
DEFAULT_MAX_MEMORY_MB = 1024  # address-space cap of one query worker (its graph takes about 80 MiB)
DEFAULT_PER_CLIENT = 8  # queries one client address may have open at once (HTTP 429 past it)
DEFAULT_READ_TIMEOUT = 10.0  # seconds for a request's headers, and again for its body, to arrive
IDLE_TIMEOUT = 5.0  # seconds a kept-alive connection may sit idle between requests
MAX_CONNECTIONS = 256  # open connections at once; past it uvicorn answers HTTP 503 at once
CONNECTIONS_PER_ADDRESS = 64  # open connections from one client address; past it HTTP 503 and closed
TRUNCATED_HEADER = "X-AnatomyKG-Truncated"

# media type → pyoxigraph format name, in order of preference; the first is the default
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "text/xml": "XML",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
# the media type each format is sent with
RESULT_MEDIA = {
    "JSON": "application/sparql-results+json",
    "XML": "application/sparql-results+xml",
    "CSV": "text/csv; charset=utf-8",
    "TSV": "text/tab-separated-values; charset=utf-8",
}
GRAPH_MEDIA = {
    "TURTLE": "text/turtle; charset=utf-8",
    "N_TRIPLES": "application/n-triples",
    "JSON_LD": "application/ld+json",
    "RDF_XML": "application/rdf+xml",
}


# ---------------------------------------------------------------------------- answering one query
@dataclass(frozen=True)
class Answer:
    """What the endpoint sends back: HTTP status, media type, body, and whether rows were cut."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def _accept_ranges(accept: str | None) -> list[str]:
    """Media ranges of an Accept header, most wanted first (q=0 dropped, ties keep their order)."""
    ranges = []
    for position, part in enumerate((accept or "").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, position, media))
    return [media for _q, _pos, media in sorted(ranges)]


def negotiate(accept: str | None, form: str) -> str | None:
    """The serialisation (a pyoxigraph format name such as 'JSON' or 'TURTLE') for an Accept header.

    SELECT and ASK answer in SPARQL JSON unless XML, CSV or TSV is preferred; CONSTRUCT and
    DESCRIBE answer in Turtle unless N-Triples, JSON-LD or RDF/XML is preferred. None means
    nothing acceptable (HTTP 406).
    """
    table = RESULT_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES
    ranges = _accept_ranges(accept) or ["*/*"]
    for media in ranges:
        if media in table:
            return table[media]
        if media == "*/*":
            return next(iter(table.values()))
        if media.endswith("/*"):
            for candidate, fmt in table.items():
                if candidate.startswith(media[:-1]):
                    return fmt
    return None


def _one_line(message: str) -> str:
    """The message on one line (parser messages may span several), positions as line and column."""
    message = re.sub(r"error at (\d+):(\d+)", r"error at line \1, column \2", message)
    return " ".join(message.split())


def run_query(store: ox.Store, query: str, accept: str | None, max_rows: int) -> Answer:
    """Answer one SPARQL query on `store` as the endpoint does (guard, negotiation, row cap).

    The project's prefixes (`:`, `akg:`, `obo:`, `rdfs:` …) are predeclared. Refusals and
    syntax errors are 400 with one line saying what was wrong; no traceback is ever sent.
    The engine runs the guard's text (kg.sparql.guard), never `query` itself.
    """
    from kg.errors import QueryError
    from kg.sparql.guard import guard

    try:
        guarded = guard(query)
    except QueryError as e:
        return Answer.error(400, _one_line(str(e)))
    return execute(store, guarded.text, guarded.form, accept, max_rows)


def execute(store: ox.Store, text: str, form: str, accept: str | None, max_rows: int) -> Answer:
    """Run `text` (a query `kg.sparql.guard.guard` let through, of form `form`) and serialise its answer.

    This is the worker's execution step without the guard; only `run_query` should call it.
    """
    import pyoxigraph as ox

    from kg.vocab import PREFIXES

    fmt = negotiate(accept, form)
    if fmt is None:
        offered = RESULT_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES
        return Answer.error(
            406, f"cannot answer a {form} query as {accept!r}; acceptable types: {', '.join(sorted(set(offered)))}"
        )
    try:
        result = store.query(text, prefixes=PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=getattr(ox.QueryResultsFormat, fmt))
            return Answer(200, RESULT_MEDIA[fmt], body or b"")
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, fmt, max_rows)
        triples = list(itertools.islice(result, max_rows + 1))
        truncated = len(triples) > max_rows
        prefixes = dict(PREFIXES) if fmt in ("TURTLE", "JSON_LD", "RDF_XML") else None
        body = ox.serialize(triples[:max_rows], format=getattr(ox.RdfFormat, fmt), prefixes=prefixes)
        return Answer(200, GRAPH_MEDIA[fmt], body or b"", truncated)
    except SyntaxError as e:
        return Answer.error(400, f"SPARQL syntax error: {_one_line(str(e))}")
    except (ValueError, RuntimeError, OSError) as e:
        return Answer.error(400, f"the query failed: {_one_line(str(e))}")


def _solutions(result: ox.QuerySolutions, fmt: str, max_rows: int) -> Answer:
    """Serialise at most `max_rows` solutions.

    pyoxigraph serialises a whole result set, so the capped rows are written as SPARQL TSV
    (each term in its N-Triples form) and re-read into a result set it can serialise.
    """
    import pyoxigraph as ox

    variables = result.variables
    lines = ["\t".join(str(v) for v in variables)]
    truncated = False
    for count, solution in enumerate(result):
        if count == max_rows:
            truncated = True
            break
        lines.append("\t".join("" if term is None else str(term) for term in solution))  # in variable order
    capped = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    body = capped.serialize(format=getattr(ox.QueryResultsFormat, fmt))
    return Answer(200, RESULT_MEDIA[fmt], body or b"", truncated)


# ---------------------------------------------------------------------------- worker processes
def _die_with_parent() -> None:
    """Ask Linux to kill this worker if the server process dies (best effort elsewhere)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes
            import signal

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def prepare_worker(snapshot: str, max_memory_mb: int | None = None) -> ox.Store:
    """A worker's setup: load the graph snapshot, cap its memory, then leave the network (kg.sparql.sandbox).

    Once off the network the worker cannot open a connection, so a SERVICE call that got past
    the guard fails instead of calling out. Where the kernel refuses, a warning is logged and
    the worker carries on behind the guard alone. With `max_memory_mb` the worker's address
    space is capped (RLIMIT_AS): a query that needs more fails to allocate and the worker ends.
    """
    import pyoxigraph as ox

    from kg.sparql.sandbox import drop_network

    store = ox.Store()
    store.bulk_load(path=snapshot, format=ox.RdfFormat.N_QUADS)
    if max_memory_mb is not None:
        import resource

        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    refused = drop_network()
    if refused:
        print(f"anatomy-kg serve: warning: query worker keeps network access: {refused}", file=sys.stderr)
    return store


MEMORY_EXIT = 75  # a worker's exit status after a query ran out of memory


def _worker_main(conn: Connection, snapshot: str, max_memory_mb: int | None = None) -> None:
    """Body of a worker process: load the graph snapshot once, then answer queries until told to stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _die_with_parent()
    store = prepare_worker(snapshot, max_memory_mb)
    conn.send(("ready", len(store)))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            answer = run_query(store, request["query"], request["accept"], request["max_rows"])
        except MemoryError:  # over the cap: this process may be in a bad state; end it and be replaced
            os._exit(MEMORY_EXIT)
        except Exception as e:  # a bug, not a user error: one line, never a traceback
            answer = Answer.error(500, f"internal error: {type(e).__name__}: {e}")
        conn.send(answer)


class _Worker:
    """One query process and the pipe to it."""

    def __init__(self, context: Any, snapshot: str, max_memory_mb: int | None = None) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, snapshot, max_memory_mb), name="anatomy-kg-sparql-worker", daemon=True
        )
        self.process.start()
        child.close()
        self.conn: Connection = parent

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def wait_ready(self, timeout: float) -> int:
        """Triples the worker loaded; KGError if it did not start."""
        if not self.conn.poll(timeout):
            self.kill()
            raise KGError(f"a SPARQL worker did not start within {timeout:.0f} s")
        try:
            _status, triples = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise KGError("a SPARQL worker stopped while loading the graph") from None
        return int(triples)

    def ask(self, request: dict[str, Any], timeout: float) -> Answer | None:
        """The worker's answer, or None if it took longer than `timeout` seconds (EOFError if it died)."""
        self.conn.send(request)
        if self.conn.poll(timeout):
            return self.conn.recv()
        return None

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def ran_out_of_memory(self) -> bool:
        """Whether the (ended) worker died of its memory cap: MemoryError, a failed allocation (abort) or the OOM killer."""
        self.process.join(5)
        return self.process.exitcode in (MEMORY_EXIT, -signal.SIGABRT, -signal.SIGKILL)

    def stop(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()


@dataclass
class WorkerPool:
    """A fixed number of worker processes, each holding the graph; a stuck one is replaced.

    Args:
        size: number of worker processes (queries answered at once).
        files: Turtle files to load (default: the shipped ontology and data).
        max_memory_mb: address-space cap of each worker in MiB (None: no cap).
    """

    size: int = 2
    files: Sequence[Path] | None = None
    max_memory_mb: int | None = None
    triples: int = 0
    started: bool = False
    _workers: list[_Worker] = field(default_factory=list)
    _idle: asyncio.Queue[_Worker] | None = None
    _tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    _snapshot_dir: tempfile.TemporaryDirectory[str] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        """Load the graph once, write it to a snapshot every worker loads, start the workers."""
        if self.started:
            return
        import pyoxigraph as ox

        from kg.graph import load_embedded

        store = load_embedded(self.files)
        self._snapshot_dir = tempfile.TemporaryDirectory(prefix="anatomy-kg-serve-")
        snapshot = str(Path(self._snapshot_dir.name) / "graph.nq")
        store.ox.dump(snapshot, format=ox.RdfFormat.N_QUADS)
        self.triples = len(store)
        del store
        self._snapshot = snapshot
        self._context = multiprocessing.get_context("spawn")
        workers = [_Worker(self._context, snapshot, self.max_memory_mb) for _ in range(self.size)]
        try:
            for worker in workers:
                worker.wait_ready(120)
        except KGError:
            for worker in workers:
                worker.kill()
            raise
        self._workers = workers
        self.started = True

    @property
    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return [w.pid for w in self._workers if w.pid is not None and w.process.is_alive()]

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self._snapshot, self.max_memory_mb)
        worker.wait_ready(120)
        with self._lock:
            self._workers.append(worker)
        return worker

    def _forget(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    async def _replace(self) -> None:
        """Start a worker in place of a killed one; retry while the start fails."""
        for attempt in range(5):
            try:
                worker = await asyncio.to_thread(self._spawn)
            except KGError as e:
                print(f"anatomy-kg serve: {e}; retrying", file=sys.stderr)
                await asyncio.sleep(2**attempt)
                continue
            self._queue().put_nowait(worker)
            return
        print("anatomy-kg serve: could not replace a SPARQL worker; serving with fewer", file=sys.stderr)

    def _background(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _use(self, worker: _Worker, request: dict[str, Any], timeout: float) -> Answer:
        """Ask one worker; kill and replace it if it overruns or dies. Always gives the worker back."""
        try:
            answer = await asyncio.to_thread(worker.ask, request, timeout)
        except (EOFError, OSError):
            if await asyncio.to_thread(worker.ran_out_of_memory):
                limit = f" (the limit is {self.max_memory_mb:,} MiB per query)" if self.max_memory_mb else ""
                answer = Answer.error(503, f"query used too much memory{limit}; narrow it or add a LIMIT")
            else:
                answer = Answer.error(500, "the query worker stopped unexpectedly; a new one is starting")
            await asyncio.to_thread(worker.kill)
            self._forget(worker)
            self._background(self._replace())
            return answer
        if answer is None:
            await asyncio.to_thread(worker.kill)
            self._forget(worker)
            self._background(self._replace())
            return Answer.error(
                504, f"query stopped: it ran longer than the {timeout:g} s limit; narrow it or add a LIMIT"
            )
        self._queue().put_nowait(worker)
        return answer

    async def run(self, query: str, accept: str | None, max_rows: int, timeout: float) -> Answer:
        """Answer a query on the first free worker; 503 if none frees up within `timeout` seconds."""
        try:
            worker = await asyncio.wait_for(self._queue().get(), timeout)
        except TimeoutError:
            return Answer.error(503, f"all {self.size} query workers are busy; try again shortly")
        request = {"query": query, "accept": accept, "max_rows": max_rows}
        # shielded: a client that hangs up must not leave a worker lost or a slow query running
        return await asyncio.shield(asyncio.ensure_future(self._use(worker, request, timeout)))

    def close(self) -> None:
        """Stop every worker and delete the snapshot."""
        for task in list(self._tasks):
            task.cancel()
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop()
        if self._snapshot_dir is not None:
            self._snapshot_dir.cleanup()
            self._snapshot_dir = None
        self._idle = None
        self.started = False


# ---------------------------------------------------------------------------- HTTP
LANDING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AnatomyKG SPARQL endpoint</title>
<style>body{{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
code,pre{{background:#f3f3f3;padding:.1rem .3rem}}pre{{padding:.6rem;overflow-x:auto}}</style></head>
<body>
<h1>AnatomyKG SPARQL endpoint</h1>
<p>A read-only <a href="https://www.w3.org/TR/sparql11-protocol/">SPARQL 1.1 Protocol</a> endpoint over
the AnatomyKG knowledge graph of lumbopelvic and lower-limb anatomy ({triples} triples).</p>
<p><strong>{disclaimer}</strong></p>
<p>Send queries to <code>{endpoint}</code> with GET <code>?query=</code>, POST
<code>application/sparql-query</code> or a POST form with <code>query=</code>. The prefixes
{prefixes} are predeclared.</p>
<pre>curl -H 'Accept: text/csv' {endpoint} \\
  --data-urlencode 'query=SELECT ?label WHERE {{ ?a a akg:Artery ; rdfs:label ?label }} LIMIT 5'</pre>
<p>SELECT and ASK answer in SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle
(default), N-Triples, JSON-LD or RDF/XML, chosen by the <code>Accept</code> header.</p>
<p>Refused with HTTP 400: SPARQL Update, <code>SERVICE</code>, <code>FROM</code> / <code>FROM NAMED</code>
and the <code>default-graph-uri</code> / <code>named-graph-uri</code> parameters. A query is stopped after
{timeout:g} s (HTTP 504) and results are cut at {max_rows:,} rows (header <code>{header}: true</code>).
A query that needs more than {memory} of memory is stopped (HTTP 503); requests are at most
{body:,} bytes (HTTP 413); one address may have {per_client} queries open at once (HTTP 429).
Queries never make requests elsewhere.</p>
</body></html>
"""


def _refusal(params: Any) -> str | None:
    """Why the protocol parameters of a request are refused, or None."""
    if "update" in params:
        return "SPARQL Update is refused: this endpoint is read-only"
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in params:
            return f"{name} is refused: queries run on the AnatomyKG graph only"
    return None


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None if it is longer than `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int = 2,
    files: Sequence[Path] | None = None,
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB,
    per_client: int = DEFAULT_PER_CLIENT,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
) -> Starlette:
    """The Starlette app serving the graph at /sparql (and a landing page at /).

    Args:
        timeout: seconds a query may run before it is stopped (HTTP 504).
        max_rows: most rows (or triples) in one answer; more are cut and flagged.
        workers: worker processes, i.e. queries answered at once.
        files: Turtle files to serve (default: the shipped ontology and data).
        max_memory_mb: memory cap of each worker in MiB; a query over it is HTTP 503 (None: no cap).
        per_client: queries one client address may have open at once; more are HTTP 429.
        read_timeout: seconds a request body may take to arrive (HTTP 408).

    The workers start with the app's lifespan, or earlier through `app.state.pool.start()`.
    """
    from urllib.parse import parse_qs

    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Route

    from kg.graph import DISCLAIMER
    from kg.vocab import PREFIXES

    pool = WorkerPool(size=max(1, workers), files=files, max_memory_mb=max_memory_mb)
    open_queries: dict[str, int] = {}  # client address -> queries it has open

    def respond(answer: Answer) -> Response:
        headers = {TRUNCATED_HEADER: "true", "X-AnatomyKG-Max-Rows": str(max_rows)} if answer.truncated else None
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=headers)

    def error(status: int, message: str) -> Response:
        return respond(Answer.error(status, message))

    async def sparql(request: Request) -> Response:
        from starlette.requests import ClientDisconnect

        client = request.client.host if request.client else "?"
        try:
            return await _sparql(request)
        except ClientDisconnect:
            print(f"anatomy-kg serve: client {client} disconnected before its request was read", file=sys.stderr)
            return error(400, "the client disconnected")
        except Exception as e:  # a bug, not a user error: one line for the client and the log
            print(f"anatomy-kg serve: internal error: {type(e).__name__}: {e}", file=sys.stderr)
            return error(500, f"internal error: {type(e).__name__}")

    async def _sparql(request: Request) -> Response:
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        query: str | None = None
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_QUERY_BYTES:
                return error(413, f"the request is longer than {MAX_QUERY_BYTES:,} bytes")
            try:
                body = await asyncio.wait_for(_read_body(request, MAX_QUERY_BYTES), read_timeout)
            except TimeoutError:
                client = request.client.host if request.client else "?"
                print(f"anatomy-kg serve: client {client} sent its request body too slowly; dropped", file=sys.stderr)
                return error(408, f"the request body did not arrive within {read_timeout:g} s")
            if body is None:
                return error(413, f"the request is longer than {MAX_QUERY_BYTES:,} bytes")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return error(400, "the request body is not UTF-8 text")
            if content_type == "application/sparql-query":
                query = text
            elif content_type == "application/x-www-form-urlencoded":
                for key, values in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-update":
                return error(400, "SPARQL Update is refused: this endpoint is read-only")
            else:
                return error(
                    415,
                    "send the query as application/sparql-query or as an application/x-www-form-urlencoded "
                    "form with query=…",
                )
        reason = _refusal(params)
        if reason:
            return error(400, reason)
        if query is None:
            queries = params.get("query", [])
            if len(queries) != 1:
                return error(
                    400,
                    "give exactly one query parameter (GET ?query=…, or POST application/sparql-query "
                    "or a form with query=…)",
                )
            query = queries[0]
        if len(query.encode()) > MAX_QUERY_BYTES:
            return error(413, f"the query is longer than {MAX_QUERY_BYTES:,} bytes")
        if not pool.started:
            return error(503, "the endpoint is still starting")
        client = request.client.host if request.client else "?"
        if open_queries.get(client, 0) >= per_client:
            return error(
                429, f"too many queries at once from {client}: at most {per_client}; wait for an answer, then ask again"
            )
        open_queries[client] = open_queries.get(client, 0) + 1
        try:
            answer = await pool.run(query, request.headers.get("accept"), max_rows, timeout)
        finally:
            open_queries[client] -= 1
            if not open_queries[client]:
                del open_queries[client]
        if await request.is_disconnected():
            print(
                f"anatomy-kg serve: client {client} hung up while its query ran; the answer "
                f"(HTTP {answer.status}) was not sent",
                file=sys.stderr,
            )
        return respond(answer)

    async def landing(request: Request) -> Response:
        endpoint = str(request.url_for("sparql"))
        page = LANDING.format(
            triples=f"{pool.triples:,}",
            disclaimer=html.escape(DISCLAIMER),
            endpoint=html.escape(endpoint),
            prefixes=", ".join(f"<code>{html.escape(p)}:</code>" for p in PREFIXES),
            timeout=timeout,
            max_rows=max_rows,
            header=TRUNCATED_HEADER,
            memory=f"{max_memory_mb:,} MiB" if max_memory_mb else "the machine's memory",
            body=MAX_QUERY_BYTES,
            per_client=per_client,
        )
        return HTMLResponse(page)

    async def entity(request: Request) -> Response:
        """GET /id/NAME: the entity's triples (Turtle by default) or, for a browser, an HTML card (kg.server.deref)."""
        from kg.server import deref

        iri = deref.entity_iri(request.path_params["name"])
        if iri is None:
            return error(404, "no such entity: /id/ names are letters, digits, '_', '.' and '-'")
        if not pool.started:
            return error(503, "the endpoint is still starting")
        accept = request.headers.get("accept")
        if deref.wants_html(accept):
            answer = await pool.run(deref.card_query(iri), "application/sparql-results+json", max_rows, timeout)
            page = deref.render_card(iri, deref.parse_json(answer.body), DISCLAIMER) if answer.status == 200 else None
            return HTMLResponse(page) if page else error(404, f"no entity {iri} in the graph")
        answer = await pool.run(deref.triples_query(iri), accept or "text/turtle", max_rows, timeout)
        if answer.status == 200 and not answer.body.strip():
            return error(404, f"no entity {iri} in the graph")
        return respond(answer)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        asyncio.get_running_loop().set_exception_handler(_quiet_exhaustion())
        if not pool.started:
            await asyncio.to_thread(pool.start)
        try:
            yield
        finally:
            await asyncio.to_thread(pool.close)

    app = Starlette(
        routes=[
            Route("/", landing, methods=["GET"]),
            Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
            Route("/id/{name}", entity, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.pool = pool
    return app


TOO_MANY_CONNECTIONS = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
    b"Content-Length: 62\r\n\r\ntoo many open connections from your address; close some first\n"
)


def _protocol(read_timeout: float, per_address: int) -> type:
    """uvicorn's h11 protocol with a deadline for request headers and a cap on connections per address.

    A connection must send a complete request head within `read_timeout` seconds of opening,
    and again of each answer; otherwise it is closed. uvicorn alone waits for ever, so a
    thousand half-sent requests held their descriptors and locked normal clients out. One
    client address may hold `per_address` connections; more are answered 503 and closed at once,
    so one address cannot take every descriptor.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol

    open_connections: dict[str, int] = {}

    class HeadDeadlineProtocol(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None
        _address: str | None = None

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(read_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            address = self.client[0] if self.client else "?"
            if open_connections.get(address, 0) >= per_address:
                transport.write(TOO_MANY_CONNECTIONS)
                transport.close()
                return
            self._address = address
            open_connections[address] = open_connections.get(address, 0) + 1
            self._arm()

        def handle_events(self) -> None:
            cycle = self.cycle
            super().handle_events()
            if self.cycle is not cycle:  # a request head arrived: the body has its own deadline in the app
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._address is not None:
                open_connections[self._address] -= 1
                if not open_connections[self._address]:
                    del open_connections[self._address]
                self._address = None
            super().connection_lost(exc)

    return HeadDeadlineProtocol


def _quiet_exhaustion() -> Any:
    """An asyncio exception handler that reports running out of descriptors in one line, at most every 10 s.

    asyncio logs a traceback for every failed accept(); under a flood of connections that was
    122 MB of log. Everything else goes to asyncio's default handler.
    """
    last = [0.0]

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if str(context.get("message", "")).startswith("socket.accept() out of system resource"):
            now = time.monotonic()
            if now - last[0] >= 10:
                last[0] = now
                error = context.get("exception")
                print(f"anatomy-kg serve: cannot accept more connections ({error}); new ones wait", file=sys.stderr)
            return
        loop.default_exception_handler(context)

    return handle


def _raise_descriptor_limit() -> None:
    """Let the server hold as many open files as the system allows (soft limit up to the hard one)."""
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; KGError in one line if it cannot be had."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise KGError(f"cannot listen on {host}:{port}: unknown host ({e.strerror})") from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as e:
        sock.close()
        hint = " (is another server running there? choose one with --port)" if e.errno in (98, 48, 10048) else ""
        raise KGError(f"cannot listen on {host}:{port}: {e.strerror or e}{hint}") from None
    return sock


class Seconds(click.ParamType):
    """A finite number of seconds within [low, high]: `nan`, `inf`, 0 and negative values are refused at start."""

    name = "seconds"

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds (for example 10 or 2.5)", param, ctx)
        if not math.isfinite(number) or not self.low <= number <= self.high:
            self.fail(f"{value!r} is not a number of seconds between {self.low:g} and {self.high:g}", param, ctx)
        return number


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 = everyone).")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=Seconds(0.1, 3600),
    help="Seconds a query may run before it is stopped.",
)
@click.option(
    "--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1), help="Most rows in one answer."
)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Queries answered at once.")
@click.option(
    "--max-memory",
    "max_memory_mb",
    default=DEFAULT_MAX_MEMORY_MB,
    show_default=True,
    type=click.IntRange(min=200),
    metavar="MIB",
    help="Memory cap of each query worker in MiB; a query over it is answered 503.",
)
@click.option(
    "--per-client",
    default=DEFAULT_PER_CLIENT,
    show_default=True,
    type=click.IntRange(min=1),
    help="Queries one client address may have open at once (429 past it).",
)
@click.option(
    "--read-timeout",
    default=DEFAULT_READ_TIMEOUT,
    show_default=True,
    type=Seconds(0.1, 600),
    help="Seconds a client has to send a request's headers, and again its body.",
)
@click.option("--access-log/--no-access-log", default=False, show_default=True, help="Log every request.")
def serve(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    max_memory_mb: int,
    per_client: int,
    read_timeout: float,
    access_log: bool,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    Updates, SERVICE and FROM are refused; slow queries are stopped; results are capped.
    Example: anatomy-kg serve --port 7878
    """
    import uvicorn

    from kg.graph import DISCLAIMER

    _raise_descriptor_limit()
    sock = _listen(host, port)
    started = time.perf_counter()
    app = create_app(
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        max_memory_mb=max_memory_mb,
        per_client=per_client,
        read_timeout=read_timeout,
    )
    try:
        app.state.pool.start()
    except BaseException:
        sock.close()
        raise
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(
        f"AnatomyKG SPARQL endpoint at http://{shown}:{bound_port}/sparql "
        f"({app.state.pool.triples:,} triples, {workers} worker(s), {timeout:g} s limit, "
        f"{max_rows:,} rows cap; ready in {time.perf_counter() - started:.1f} s). Ctrl-C stops.\n{DISCLAIMER}",
        err=True,
    )
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=access_log,
        lifespan="on",
        http=_protocol(read_timeout, CONNECTIONS_PER_ADDRESS),
        timeout_keep_alive=int(IDLE_TIMEOUT),
        limit_concurrency=MAX_CONNECTIONS,
        h11_max_incomplete_event_size=3 * MAX_QUERY_BYTES + 16_384,  # a GET query, URL-encoded, and its headers
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        app.state.pool.close()
        sock.close()


commands = [serve]

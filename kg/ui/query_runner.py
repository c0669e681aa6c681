"""Run people's SPARQL in a worker process, so a runaway query can be stopped after a time limit.

Oxigraph cannot cancel a query from another thread; a separate process can simply be ended.
The worker loads the graph once and answers queries one at a time through a pipe. Every query
goes through `AnatomyGraph.user_query`, i.e. the read-only guard (kg.sparql.guard), and the engine
runs the guard's text; a worker on the embedded store also runs without network (kg.sparql.sandbox).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import sys
import threading
from typing import Any

from kg.errors import EndpointError, KGError, QueryError

__all__ = ["MAX_MEMORY_MB", "QueryWorker"]

MAX_MEMORY_MB = 1024  # address-space cap of the worker on the embedded store (the graph takes about 150 MiB)
MEMORY_EXIT = 75  # the worker's exit status after a query ran out of memory


def _serve(
    conn: Any, endpoint: str | None, max_memory_mb: int = MAX_MEMORY_MB
) -> None:  # pragma: no cover - runs in the child process
    import kg

    try:
        graph = kg.load(endpoint)
    except KGError as e:
        conn.send(("error", type(e).__name__, str(e)))
        return
    from kg.store import EmbeddedStore

    if isinstance(graph.store, EmbeddedStore):  # it needs no network: take the worker off it (kg.sparql.sandbox)
        from kg.sparql.sandbox import drop_network

        refused = drop_network()
        if refused:
            print(f"anatomy-kg app: warning: SPARQL worker keeps network access: {refused}", file=sys.stderr)
        import resource

        with contextlib.suppress(ValueError, OSError):  # a cap above the hard limit: keep the hard limit
            cap = max_memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    conn.send(("ready", "", ""))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        sparql, max_rows = request
        try:
            conn.send(("ok", graph.user_query(sparql, max_rows=max_rows), ""))
        except KGError as e:
            conn.send(("error", type(e).__name__, str(e)))
        except MemoryError:  # over the cap: end this process; the next query starts a fresh one
            os._exit(MEMORY_EXIT)
        except Exception as e:  # a bug or an engine failure: report it as a query problem, keep serving
            conn.send(("error", "QueryError", f"the query could not be run: {type(e).__name__}: {e}"))


class QueryWorker:
    """One worker process per endpoint; `run` answers like `AnatomyGraph.user_query` within `timeout` seconds."""

    def __init__(
        self, endpoint: str | None = None, start_timeout: float = 60.0, max_memory_mb: int = MAX_MEMORY_MB
    ) -> None:
        self.endpoint = endpoint
        self.max_memory_mb = max_memory_mb
        self.start_timeout = start_timeout
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Any = None

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        process = ctx.Process(
            target=_serve, args=(child, self.endpoint, self.max_memory_mb), daemon=True, name="anatomy-kg-sparql"
        )
        process.start()
        child.close()
        if not parent.poll(self.start_timeout):
            process.kill()
            raise EndpointError(f"the query worker did not start within {self.start_timeout:.0f} s")
        status, kind, message = parent.recv()
        if status != "ready":
            process.join(1)
            raise (EndpointError if kind == "EndpointError" else KGError)(message)
        self._process, self._conn = process, parent

    def stop(self) -> None:
        """End the worker process (a new one starts on the next query)."""
        if self._process is not None:
            self._process.kill()
            self._process.join(2)
        self._process = self._conn = None

    def run(self, sparql: str, max_rows: int, timeout: float) -> dict[str, Any]:
        """The query's result dict; QueryError if refused, invalid or slower than `timeout` seconds."""
        if not self._lock.acquire(timeout=timeout):
            raise QueryError(f"another query is still running; try again in {timeout:g} s")
        try:
            if self._process is None or not self._process.is_alive():
                self._start()
            self._conn.send((sparql, max_rows))
            if not self._conn.poll(timeout):
                self.stop()
                raise QueryError(f"query stopped: it ran longer than the {timeout:g} s limit; narrow it or add a LIMIT")
            try:
                status, payload, message = self._conn.recv()
            except EOFError:
                self._process.join(5)
                out_of_memory = self._process.exitcode in (MEMORY_EXIT, -signal.SIGABRT, -signal.SIGKILL)
                self.stop()
                if out_of_memory:
                    raise QueryError(
                        f"query used too much memory (the limit is {self.max_memory_mb:,} MiB); narrow it or add a LIMIT"
                    ) from None
                raise QueryError("the query worker stopped unexpectedly; try again") from None
            if status == "ok":
                return payload
            error = {"EndpointError": EndpointError, "QueryError": QueryError}.get(payload, KGError)
            raise error(message)
        finally:
            self._lock.release()

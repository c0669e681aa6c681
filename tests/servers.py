"""Start and stop real SPARQL server processes on free 127.0.0.1 ports for tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

import kg

if TYPE_CHECKING:
    from kg.graph import AnatomyGraph

ROOT = Path(__file__).resolve().parent.parent

__all__ = [
    "ENGINES",
    "ServerProcess",
    "child_pids",
    "free_port",
    "load_oxigraph",
    "remote_graph",
    "rss_kib",
    "run_cli",
    "snapshot_home",
    "start_anatomy_kg_serve",
    "start_oxigraph_server",
    "start_virtuoso",
    "virtuoso_binaries",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """A server process, the URL its queries go to, and the file its output goes to."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def _wait_until_answering(server: ServerProcess, probe: str, seconds: float = 90.0) -> ServerProcess:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{server.output()}")
        try:
            response = httpx.get(server.url, params={"query": probe}, timeout=5)
            if response.status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"server did not answer within {seconds:.0f} s:\n{server.output()}")


def cli_env(home: Path | None = None, **extra: str) -> dict[str, str]:
    """Environment for an `anatomy-kg` subprocess: no endpoint unless given, data from `home`."""
    env = {k: v for k, v in os.environ.items() if k not in ("ANATOMY_KG_ENDPOINT", "ANATOMY_KG_DEBUG")}
    if home is not None:
        env["ANATOMY_KG_HOME"] = str(home)
    env.update(extra)
    return env


def run_cli(*args: str, home: Path | None = None, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `anatomy-kg ARGS` in a fresh Python process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_env(home, **env),
        cwd=ROOT,
    )


def start_anatomy_kg_serve(*options: str, log_dir: Path, home: Path | None = None) -> ServerProcess:
    """`anatomy-kg serve --port <free> OPTIONS` in its own process, once it answers queries."""
    port = free_port()
    log = log_dir / f"anatomy-kg-serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=cli_env(home),
            cwd=ROOT,
        )
    return _wait_until_answering(ServerProcess(process, f"http://127.0.0.1:{port}/sparql", log), "ASK {}")


def oxigraph_binary() -> str:
    """Path of the `oxigraph` server CLI (pip install oxigraph)."""
    from kg.bench.benchmark import oxigraph_binary as find

    found = find()
    if found is None:
        raise RuntimeError("the oxigraph server CLI is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


def load_oxigraph(data: Path, location: Path) -> None:
    """`oxigraph load --location LOCATION --file DATA`."""
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(data)],
        check=True,
        capture_output=True,
        timeout=300,
    )


def start_oxigraph_server(location: Path, log_dir: Path) -> ServerProcess:
    """`oxigraph serve-read-only --location LOCATION --bind 127.0.0.1:<free>` once it answers at /query."""
    port = free_port()
    log = log_dir / f"oxigraph-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return _wait_until_answering(ServerProcess(process, f"http://127.0.0.1:{port}/query", log), "ASK {}")


def snapshot_home(target: Path) -> Path:
    """A copy of ontology/ and data/ (other people edit data/ while tests run), usable as ANATOMY_KG_HOME."""
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("*.md"))
    return target


def child_pids(pid: int) -> set[int]:
    """Direct children of a process (Linux /proc)."""
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children.update(int(c) for c in text)
    return children


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (VmRSS from /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


# ---------------------------------------------------------------------------- Virtuoso open source
VIRTUOSO_GRAPH = "https://w3id.org/anatomy-kg/graph"

VIRTUOSO_INI = """\
; A private Virtuoso for the parity tests: its own database in {dir}, loopback only, free ports.
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {dir}/import
NumberOfBuffers      = 20000
MaxDirtyBuffers      = 15000
MaxQueryMem          = 500M
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
"""


def virtuoso_binaries() -> tuple[str, str] | None:
    """(virtuoso-t, isql) of Debian's virtuoso-opensource, or None when it is not installed."""
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    return (server, isql) if server and isql else None


def virtuoso_isql(isql: str, sql_port: int, statements: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run SQL statements through Virtuoso's isql as dba (the password of a new database is dba)."""
    return subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", "dba", "VERBOSE=OFF", f"EXEC={statements}"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_virtuoso(data: Path, workdir: Path) -> ServerProcess:
    """Virtuoso from a private ini in WORKDIR on free 127.0.0.1 ports, with DATA (N-Triples) bulk-loaded.

    The recipe of docs/sparql-endpoint.md: `ld_dir` + `rdf_loader_run` + `checkpoint` from isql into
    the graph VIRTUOSO_GRAPH, queried at /sparql with `default-graph-uri` naming it.
    """
    binaries = virtuoso_binaries()
    if binaries is None:
        raise RuntimeError("Virtuoso is not installed: apt-get install virtuoso-opensource")
    server_bin, isql = binaries
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    (workdir / "import").mkdir(parents=True, exist_ok=True)
    shutil.copy(data, workdir / "import" / "anatomy-kg.nt")
    ini = workdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=workdir, sql_port=sql_port, http_port=http_port))
    log = workdir / "virtuoso-stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [server_bin, "+foreground", "+configfile", str(ini)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=workdir,
        )
    url = f"http://127.0.0.1:{http_port}/sparql?default-graph-uri={VIRTUOSO_GRAPH}"
    server = ServerProcess(process, url, log)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{server.output()}")
        if virtuoso_isql(isql, sql_port, "status();", timeout=30).returncode == 0:
            break
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"Virtuoso did not accept isql connections within 120 s:\n{server.output()}")
        time.sleep(0.5)
    load = virtuoso_isql(
        isql,
        sql_port,
        f"ld_dir('{workdir}/import', 'anatomy-kg.nt', '{VIRTUOSO_GRAPH}'); rdf_loader_run(); checkpoint;",
    )
    failed = virtuoso_isql(isql, sql_port, "SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
    if load.returncode != 0 or "anatomy-kg.nt" in failed.stdout:
        server.stop()
        raise RuntimeError(f"Virtuoso could not load {data}:\n{load.stdout}{load.stderr}{failed.stdout}")
    return _wait_until_answering(server, "ASK {}")


#: remote engine name (test id) -> the fixture that starts it
ENGINES = {"oxigraph-server": "oxigraph_server", "anatomy-kg-serve": "kg_server", "virtuoso": "virtuoso_server"}


def remote_graph(request: Any, engine: str) -> AnatomyGraph:
    """The AnatomyGraph on the named remote engine (a pytest request), starting the engine on first use."""
    graphs: dict[str, AnatomyGraph] = request.getfixturevalue("remote_graphs")
    if engine not in graphs:
        server: ServerProcess = request.getfixturevalue(ENGINES[engine])
        graphs[engine] = kg.load(endpoint=server.url)
    return graphs[engine]

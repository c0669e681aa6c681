"""`anatomy-kg bench` (or `python -m kg.bench`): how fast AnatomyKG answers, and how its cost grows.

Sections (all run by default, `--sections` picks some):

- cold: loading the shipped graph into the embedded store (parse + inference), the first
  deficit on a fresh graph (model build), and the whole `anatomy-kg deficit L5` process (run
  through this Python, its cache filled once) side by side with the floor: a Python process that
  only loads the shipped Turtle into pyoxigraph;
- warm: median and p95 of search, entity card, deficit for every root T12–S5, localize,
  trace, and a ~60-node neighbourhood graph built and rendered with pyvis;
- engines: rdflib's own SPARQL engine beside pyoxigraph on the same data and query text;
- scale: the graph grown synthetically (kg.bench.synthetic) by about 10k, 100k and 1M triples,
  each size measured in a fresh process (load time, memory, cold model build, warm latency);
- server: `anatomy-kg serve` beside `oxigraph serve-read-only` on the same data, with the same
  client and query mixes (repeating, and every query new), and the ratio of their requests/s.
- app: a page rerun after a widget change on Localize, Root deficits and the entity card (kg/bench/app.py).

Targets (2-core machine) are printed with PASS/MISS beside the figure they judge. The
benchmark never fails on a missed target: speed is reported, not asserted.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from kg.bench import app as bench_app

__all__ = ["bench", "commands", "run_benchmarks"]

ROOTS = ["T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4", "S5"]
SECTIONS = ["cold", "warm", "engines", "scale", "server", "app"]
SEARCH_TEXT = "glute med"
ENTITY_NAME = "gluteus medius"
LOCALIZE_FINDINGS = {"weak": ["ankle dorsiflexion", "foot inversion", "hip abduction"]}
TRACE_TERM = "Trendelenburg gait"
GRAPH_FOCUS = "gluteus medius"
GRAPH_NODES = 60
JOIN_L5 = """PREFIX : <https://w3id.org/anatomy-kg/id/>
PREFIX akg: <https://w3id.org/anatomy-kg/ontology#>
PREFIX obo: <http://purl.obolibrary.org/obo/>
SELECT DISTINCT ?muscle ?nerve WHERE {
  ?muscle obo:RO_0002005 ?nerve .
  ?nerve akg:receivesFibresFrom :L5 .
}"""

#: (key, what, limit in ms); a target is judged on the median unless it says otherwise
TARGETS = {
    "warm_deficit": ("warm deficit, worst root, median (shipped graph)", 20.0),
    "warm_localize": ("warm localize, median (shipped graph)", 20.0),
    "process_deficit": ("`anatomy-kg deficit L5` whole process, median", 2000.0),
    "process_vs_floor": ("`anatomy-kg deficit L5` process ÷ Python loading the Turtle into pyoxigraph, medians", 1.5),
    "graph_render": (f"{GRAPH_NODES}-node neighbourhood graph build + pyvis render, median", 200.0),
    "scale_deficit": ("warm deficit L5, median, at 1M triples", 200.0),
    "scale_localize": ("warm localize, median, at 1M triples", 200.0),
    "server_repeating": ("`anatomy-kg serve` ÷ `oxigraph serve-read-only` requests/s, repeating queries", 0.5),
    "server_unique": ("`anatomy-kg serve` ÷ `oxigraph serve-read-only` requests/s, every query new", 0.5),
}
SCALE_TARGET_TRIPLES = 1_000_000
#: targets judged on a ratio, not on milliseconds
RATIO_TARGETS = {"process_vs_floor", "server_repeating", "server_unique"}
#: targets met by reaching at least the limit (the rest by staying under it)
AT_LEAST_TARGETS = {"server_repeating", "server_unique"}
FLOOR_CODE = """import sys
import pyoxigraph
store = pyoxigraph.Store()
for path in sys.argv[1:]:
    store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
print(len(store))
"""


# ---------------------------------------------------------------------------- measuring
def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def summarise(seconds: Sequence[float]) -> dict[str, Any]:
    """median, p95, min and max in milliseconds, and the number of runs."""
    return {
        "median_ms": _ms(statistics.median(seconds)),
        "p95_ms": _ms(percentile(seconds, 95)),
        "min_ms": _ms(min(seconds)),
        "max_ms": _ms(max(seconds)),
        "runs": len(seconds),
    }


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> dict[str, Any]:
    """Run `fn` `warmup` times unmeasured, then `repeat` times; summary of the measured runs."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return summarise(runs)


def rss_mb() -> dict[str, float]:
    """Resident memory of this process now (VmRSS) and at its peak (VmHWM), in MB."""
    out: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out["rss_mb" if key == "VmRSS" else "peak_rss_mb"] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        out = {"rss_mb": round(peak, 1), "peak_rss_mb": round(peak, 1)}
    return out


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    memory = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for package in ("pyoxigraph", "rdflib", "pyvis", "networkx", "starlette", "uvicorn"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:
            versions[package] = None
    commit = None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "load_average": load,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "commit": commit or None,
    }


def _cli_command() -> list[str]:
    """`anatomy-kg` through this very Python (not whatever `anatomy-kg` comes first on PATH)."""
    return [sys.executable, "-m", "kg.cli"]


# ---------------------------------------------------------------------------- sections
def cold_start(repeat: int, process_runs: int) -> dict[str, Any]:
    """Load the shipped graph; first deficit on a fresh graph; the whole `anatomy-kg deficit L5` process."""
    from kg import reasoning
    from kg.graph import AnatomyGraph, load_embedded

    loads = []
    firsts = []
    triples = 0
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        store = load_embedded()
        loads.append(time.perf_counter() - started)
        triples = len(store)
        graph = AnatomyGraph(store)
        started = time.perf_counter()
        reasoning.deficit(graph, ["L5"])
        firsts.append(time.perf_counter() - started)
    from kg.graph import data_files

    command = [*_cli_command(), "deficit", "L5"]
    floor = [sys.executable, "-c", FLOOR_CODE, *map(str, data_files())]
    env = dict(os.environ)
    env.pop("ANATOMY_KG_ENDPOINT", None)
    from kg.cache import CACHE_ENV, cache_dir

    # an empty cache of this section's own (removed when it is garbage-collected), so the first run
    # below really fills it and the others read it; with ANATOMY_KG_CACHE_DIR=off every run goes uncached
    scratch = tempfile.TemporaryDirectory(prefix="anatomy-kg-bench-cache-") if cache_dir() is not None else None
    if scratch is not None:
        env[CACHE_ENV] = scratch.name

    def run(what: list[str], name: str) -> float:
        started = time.perf_counter()
        done = subprocess.run(what, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=600)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise click.ClickException(f"{name} failed: {done.stderr.decode(errors='replace')[-500:]}")
        return seconds

    fill = run(command, "`anatomy-kg deficit L5`")  # the first run after a data change fills the cache
    runs, floors = [], []
    for _ in range(max(1, process_runs)):  # alternating, so both see the same load on the machine
        floors.append(run(floor, "loading the Turtle into pyoxigraph"))
        runs.append(run(command, "`anatomy-kg deficit L5`"))
    return {
        "triples": triples,
        "load": summarise(loads),
        "first_deficit": summarise(firsts),
        "process_first_run": summarise([fill]),
        "process_deficit_L5": summarise(runs),
        "floor_pyoxigraph_load": summarise(floors),
        "process_vs_floor": round(statistics.median(runs) / statistics.median(floors), 3),
    }


def warm_latency(graph: Any, repeat: int) -> dict[str, Any]:
    """Median and p95 of the everyday operations on an already-loaded, warmed-up graph."""
    from kg import reasoning, viz

    out: dict[str, Any] = {}
    out["search"] = timed(lambda: graph.search(SEARCH_TEXT), repeat)
    out["entity"] = timed(lambda: graph.entity(ENTITY_NAME), repeat)
    out["deficit"] = {root: timed(lambda root=root: reasoning.deficit(graph, [root]), repeat) for root in ROOTS}
    out["localize"] = timed(lambda: reasoning.localize(graph, **LOCALIZE_FINDINGS), repeat)
    out["trace"] = timed(lambda: reasoning.trace(graph, TRACE_TERM), repeat)

    focus = graph.resolve(GRAPH_FOCUS)
    spec_holder: dict[str, Any] = {}

    def build() -> None:
        spec_holder["spec"] = viz.neighbourhood(graph, focus, depth=2, max_nodes=GRAPH_NODES)

    def render() -> None:
        viz.to_pyvis_html(spec_holder["spec"])

    def both() -> None:
        build()
        render()

    graph_repeat = max(3, repeat // 5)
    out["graph"] = {
        "nodes": 0,
        "edges": 0,
        "build": timed(build, graph_repeat),
        "render": timed(render, graph_repeat),
        "build_and_render": timed(both, graph_repeat),
    }
    out["graph"]["nodes"] = len(spec_holder["spec"]["nodes"])
    out["graph"]["edges"] = len(spec_holder["spec"]["edges"])
    return out


def engines(store: Any, repeat: int) -> list[dict[str, Any]]:
    """rdflib's own SPARQL engine beside pyoxigraph: same triples, same query text (parameters bound by VALUES)."""
    import pyoxigraph as ox
    import rdflib

    from kg.queries import load_query
    from kg.store import bind_values

    data = store.ox.dump(format=ox.RdfFormat.N_QUADS)  # the default graph only: N-Quads lines are N-Triples
    started = time.perf_counter()
    rdf = rdflib.Graph()
    rdf.parse(data=data, format="nt")
    rdflib_parse = time.perf_counter() - started
    started = time.perf_counter()
    fresh = ox.Store()
    fresh.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    ox_parse = time.perf_counter() - started

    queries = [
        ("label search (search.rq, ?q bound)", bind_values(load_query("search").text, {"q": SEARCH_TEXT})),
        ("segmental innervation (model_segments.rq)", load_query("model_segments").text),
        ("join: muscles innervated by nerves carrying L5", JOIN_L5),
    ]
    rows = [
        {
            "name": f"parse {len(rdf):,} triples (N-Triples)",
            "oxigraph_ms": _ms(ox_parse),
            "rdflib_ms": _ms(rdflib_parse),
            "ratio": round(rdflib_parse / ox_parse, 1) if ox_parse else None,
            "rows": len(rdf),
            "same_rows": len(fresh) == len(rdf),
        }
    ]
    for name, text in queries:
        ox_rows = 0
        rdflib_rows = 0

        def run_ox(text: str = text) -> None:
            nonlocal ox_rows
            ox_rows = len(list(store.ox.query(text)))

        def run_rdflib(text: str = text) -> None:
            nonlocal rdflib_rows
            rdflib_rows = len(list(rdf.query(text)))

        ox_time = timed(run_ox, max(3, repeat))
        rdflib_time = timed(run_rdflib, max(1, repeat // 10), warmup=0)
        rows.append(
            {
                "name": name,
                "oxigraph_ms": ox_time["median_ms"],
                "rdflib_ms": rdflib_time["median_ms"],
                "ratio": round(rdflib_time["median_ms"] / ox_time["median_ms"], 1) if ox_time["median_ms"] else None,
                "rows": ox_rows,
                "same_rows": ox_rows == rdflib_rows,
            }
        )
    return rows


def scale_point(size: int, repeat: int, seed: int = 7) -> dict[str, Any]:
    """One scale measurement, in this process: generate, load, build the model, time the warm operations.

    Meant to run in a fresh process (`python -m kg.bench --scale-worker SIZE`) so memory and
    cold timings belong to this size alone. Size 0 measures the shipped graph.
    """
    from kg import reasoning
    from kg.bench.synthetic import write_synthetic
    from kg.graph import AnatomyGraph, load_embedded

    before = rss_mb()
    out: dict[str, Any] = {"size": size}
    with tempfile.TemporaryDirectory(prefix="anatomy-kg-bench-") as tmp:
        extra = []
        if size > 0:
            path = Path(tmp) / f"synthetic-{size}.nt"
            stats = write_synthetic(path, size, seed=seed)
            out["generate_s"] = round(stats.seconds, 3)
            out["file_mb"] = round(path.stat().st_size / 1e6, 1)
            out["synthetic"] = stats.counts
            extra = [path]
        started = time.perf_counter()
        store = load_embedded(extra=extra)
        out["load_s"] = round(time.perf_counter() - started, 3)
    out["triples"] = len(store)
    memory = rss_mb()
    out["rss_after_load_mb"] = memory.get("rss_mb")
    out["rss_before_mb"] = before.get("rss_mb")
    graph = AnatomyGraph(store)
    started = time.perf_counter()
    reasoning.deficit(graph, ["L5"])
    out["first_deficit_s"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    reasoning.localize(graph, **LOCALIZE_FINDINGS)
    out["first_localize_s"] = round(time.perf_counter() - started, 3)
    out["muscles"] = len(reasoning.model(graph).muscle_nerves)
    out["lesion_sites"] = len(reasoning.lesion_predictions(graph))
    out["deficit_L5"] = timed(lambda: reasoning.deficit(graph, ["L5"]), repeat)
    out["localize"] = timed(lambda: reasoning.localize(graph, **LOCALIZE_FINDINGS), repeat)
    out["search"] = timed(lambda: graph.search(SEARCH_TEXT), repeat)
    out["search_hits"] = len(graph.search(SEARCH_TEXT, limit=10_000))
    memory = rss_mb()
    out["rss_mb"] = memory.get("rss_mb")
    out["peak_rss_mb"] = memory.get("peak_rss_mb")
    return out


def scale(sizes: Sequence[int], repeat: int, timeout: float) -> list[dict[str, Any]]:
    """Each size (0 = the shipped graph) in a fresh process."""
    points = []
    for size in sizes:
        command = [sys.executable, "-m", "kg.bench", "--scale-worker", str(size), "--repeat", str(repeat)]
        started = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            points.append({"size": size, "error": f"took longer than {timeout:.0f} s"})
            continue
        if done.returncode != 0:
            points.append({"size": size, "error": (done.stderr.strip().splitlines() or ["failed"])[-1]})
            continue
        point = json.loads(done.stdout.strip().splitlines()[-1])
        point["process_s"] = round(time.perf_counter() - started, 1)
        points.append(point)
    return points


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(command: list[str], probe: str, what: str) -> tuple[subprocess.Popen[bytes], float]:
    """Start a server process; return it once `probe` answers 200, with the seconds that took."""
    import httpx

    env = dict(os.environ)
    env.pop("ANATOMY_KG_ENDPOINT", None)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise click.ClickException(f"{what} stopped: {message.strip()[-500:]}")
        try:
            if httpx.get(probe, timeout=1.0).status_code == 200:
                return process, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    _stop(process)
    raise click.ClickException(f"{what} did not answer within 180 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def server_queries(mix: str, index: int) -> str:
    """Request `index` of a query mix: 'repeating' cycles three queries; 'unique' never sends a text twice.

    The three: a label search (search.rq with ?q bound), a join (muscles innervated by nerves
    carrying L5) and a type scan. Each names its prefixes, so any SPARQL endpoint answers them.
    """
    from kg.queries import load_query
    from kg.store import bind_values

    shapes = [
        bind_values(load_query("search").text, {"q": SEARCH_TEXT}),
        JOIN_L5 + "\nLIMIT 1000",
        "PREFIX akg: <https://w3id.org/anatomy-kg/ontology#> SELECT ?m WHERE { ?m a akg:Muscle } LIMIT 100",
    ]
    query = shapes[index % len(shapes)]
    if mix == "unique":  # the same work, a different text: what a script sending new queries costs
        query += f" OFFSET {index // len(shapes)}"
    return query


def _drive(url: str, mix: str, clients: int, requests: int) -> dict[str, Any]:
    """`clients` threads each POST `requests` queries of `mix` as a form; throughput and latency."""
    import threading

    import httpx

    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def client(index: int) -> None:
        nonlocal failures
        mine = []
        bad = 0
        with httpx.Client(timeout=30.0) as http:
            for i in range(requests):
                query = server_queries(mix, index * requests + i)
                t0 = time.perf_counter()
                response = http.post(url, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
                mine.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    bad += 1
        with lock:
            latencies.extend(mine)
            failures += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    latency = summarise(latencies)
    return {
        "requests": len(latencies),
        "failures": failures,
        "requests_per_s": round(len(latencies) / wall, 1),
        "p50_ms": latency["median_ms"],
        "p95_ms": latency["p95_ms"],
    }


def server_throughput(clients: int, requests: int, workers: int = 2) -> dict[str, Any]:
    """`anatomy-kg serve` beside `oxigraph serve-read-only` on the same data, client and query mixes.

    Both serve the shipped graph as exported (`anatomy-kg export -f nt`) on a free 127.0.0.1
    port; `clients` threads each send `requests` queries, first the repeating mix, then the
    unique one, each server in turn. The ratio is anatomy-kg's requests/s over Oxigraph's.
    """
    port = _free_port()
    ours = f"http://127.0.0.1:{port}"
    command = [*_cli_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    result: dict[str, Any] = {"clients": clients, "requests_per_client": requests, "workers": workers, "mixes": {}}
    oxigraph = oxigraph_binary()
    with tempfile.TemporaryDirectory(prefix="anatomy-kg-bench-") as tmp:
        theirs = None
        if oxigraph:
            exported = Path(tmp) / "graph.nt"
            subprocess.run(
                [*_cli_command(), "export", "-f", "nt", "-o", str(exported)], check=True, capture_output=True
            )
            location = Path(tmp) / "oxigraph"
            subprocess.run(
                [oxigraph, "load", "--location", str(location), "--file", str(exported)],
                check=True,
                capture_output=True,
            )
            other_port = _free_port()
            theirs = f"http://127.0.0.1:{other_port}"
            other_command = [
                oxigraph,
                "serve-read-only",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{other_port}",
            ]
        else:
            result["oxigraph"] = "the oxigraph server CLI is not installed (pip install oxigraph): no comparison"
        process, result["startup_s"] = _start(command, ours + "/", "`anatomy-kg serve`")
        other = None
        try:
            if theirs:
                other, _ = _start(other_command, theirs + "/query?query=ASK%7B%7D", "`oxigraph serve-read-only`")
            for mix in ("repeating", "unique"):  # the two servers in turn, each idle while the other runs
                row = result["mixes"][mix] = {"anatomy-kg": _drive(ours + "/sparql", mix, clients, requests)}
                if theirs:
                    row["oxigraph"] = _drive(theirs + "/query", mix, clients, requests)
                    row["ratio"] = round(row["anatomy-kg"]["requests_per_s"] / row["oxigraph"]["requests_per_s"], 2)
        finally:
            _stop(process)
            if other is not None:
                _stop(other)
    return result


def oxigraph_binary() -> str | None:
    """The `oxigraph` server CLI beside this Python (a virtualenv's) or on PATH."""
    import shutil

    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


# ---------------------------------------------------------------------------- targets
def _verdict(value: float | None, limit: float, at_least: bool = False) -> str:
    if value is None:
        return "n/a"
    return "PASS" if (value >= limit if at_least else value < limit) else "MISS"


def judge(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the figure measured against it and PASS/MISS."""
    out = []

    def add(key: str, value: float | None, detail: str = "") -> None:
        what, limit = TARGETS[key]
        out.append(
            {
                "target": key,
                "what": what,
                "limit_ms": limit,
                "value_ms": value,
                "detail": detail,
                "verdict": _verdict(value, limit, key in AT_LEAST_TARGETS),
                "unit": "×" if key in RATIO_TARGETS else "ms",
            }
        )

    warm = results.get("warm")
    if warm:
        worst = max(warm["deficit"], key=lambda r: warm["deficit"][r]["median_ms"])
        add("warm_deficit", warm["deficit"][worst]["median_ms"], f"worst root {worst}")
        add("warm_localize", warm["localize"]["median_ms"])
        add("graph_render", warm["graph"]["build_and_render"]["median_ms"], f"{warm['graph']['nodes']} nodes")
    cold = results.get("cold")
    if cold:
        add("process_deficit", cold["process_deficit_L5"]["median_ms"])
        if "process_vs_floor" in cold:
            add("process_vs_floor", cold["process_vs_floor"])
    for mix, row in (results.get("server") or {}).get("mixes", {}).items():
        if "ratio" in row:
            add(f"server_{mix}", row["ratio"])
    for point in results.get("scale", []):
        if "error" not in point and point["triples"] >= 0.9 * SCALE_TARGET_TRIPLES:
            detail = f"{point['triples']:,} triples"
            add("scale_deficit", point["deficit_L5"]["median_ms"], detail)
            add("scale_localize", point["localize"]["median_ms"], detail)
    return out


# ---------------------------------------------------------------------------- report
def _fmt_ms(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 10_000:
        return f"{value / 1000:,.1f} s"
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def _fmt_target(target: dict[str, Any], value: float | None) -> str:
    if target.get("unit") == "×":
        return "–" if value is None else f"{value:.2f}×"
    return _fmt_ms(value)


def _target_cell(results: dict[str, Any], key: str, detail_has: str | None = None) -> str:
    for t in results.get("targets", []):
        if t["target"] == key and (detail_has is None or detail_has in t["detail"]):
            return f"< {_fmt_target(t, t['limit_ms'])}: **{t['verdict']}**"
    return ""


def _table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def report(results: dict[str, Any]) -> str:
    """The results as Markdown tables (what docs/benchmarks.md and the README carry)."""
    m = results["machine"]
    parts = [
        f"AnatomyKG benchmark — {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, Python {m['python']}, "
        f"pyoxigraph {m['versions'].get('pyoxigraph')}, rdflib {m['versions'].get('rdflib')}"
        + (f", commit {m['commit']}" if m.get("commit") else "")
        + ("  (--quick)" if results["config"]["quick"] else "")
    ]
    if m.get("load_average") is not None:
        parts.append(
            f"\nLoad average when it started: {' / '.join(str(x) for x in m['load_average'])} (1 / 5 / 15 min); "
            "other work on the machine inflates every figure."
        )
    cold = results.get("cold")
    if cold:
        parts.append(f"\n### Cold start (shipped graph, {cold['triples']:,} triples)\n")
        parts.append(
            _table(
                ["step", "median", "p95", "runs", "target"],
                [
                    ["load into embedded store (parse + inference)", *_cells(cold["load"]), ""],
                    ["first deficit on a fresh graph (model build)", *_cells(cold["first_deficit"]), ""],
                    [
                        "`anatomy-kg deficit L5`, whole process",
                        *_cells(cold["process_deficit_L5"]),
                        _target_cell(results, "process_deficit"),
                    ],
                    *(
                        [
                            [
                                "floor: Python loading the shipped Turtle into pyoxigraph",
                                *_cells(cold["floor_pyoxigraph_load"]),
                                "",
                            ],
                            [
                                "`anatomy-kg deficit L5` ÷ floor (medians, run alternately)",
                                f"{cold['process_vs_floor']:.2f}×",
                                "",
                                "",
                                _target_cell(results, "process_vs_floor"),
                            ],
                            [
                                "`anatomy-kg deficit L5` first run after a data change (fills the cache)",
                                *_cells(cold["process_first_run"]),
                                "",
                            ],
                        ]
                        if "floor_pyoxigraph_load" in cold
                        else []
                    ),
                ],
            )
        )
    warm = results.get("warm")
    if warm:
        deficits = warm["deficit"]
        worst = max(deficits, key=lambda r: deficits[r]["median_ms"])
        roots_median = statistics.median(d["median_ms"] for d in deficits.values())
        g = warm["graph"]
        rows = [
            [f'search "{SEARCH_TEXT}"', *_cells(warm["search"]), ""],
            [f'entity card "{ENTITY_NAME}"', *_cells(warm["entity"]), ""],
            ["deficit L5", *_cells(deficits["L5"]), ""],
            [f"deficit, worst root ({worst})", *_cells(deficits[worst]), _target_cell(results, "warm_deficit")],
            [f"deficit, median over {len(deficits)} roots T12–S5", _fmt_ms(roots_median), "", "", ""],
            [
                "localize: weak " + ", ".join(LOCALIZE_FINDINGS["weak"]),
                *_cells(warm["localize"]),
                _target_cell(results, "warm_localize"),
            ],
            [f'trace "{TRACE_TERM}"', *_cells(warm["trace"]), ""],
            [f"neighbourhood graph build ({g['nodes']} nodes, {g['edges']} edges)", *_cells(g["build"]), ""],
            ["pyvis render of it", *_cells(g["render"]), ""],
            ["graph build + render", *_cells(g["build_and_render"]), _target_cell(results, "graph_render")],
        ]
        parts.append("\n### Warm latency (shipped graph, loaded once)\n")
        parts.append(_table(["operation", "median", "p95", "runs", "target"], rows))
        per_root = " · ".join(f"{r} {_fmt_ms(d['median_ms'])}" for r, d in deficits.items())
        parts.append(f"\nDeficit median per root: {per_root}")
    eng = results.get("engines")
    if eng:
        parts.append("\n### rdflib's SPARQL engine beside pyoxigraph (same triples, same query text)\n")
        parts.append(
            _table(
                ["query", "pyoxigraph", "rdflib", "rdflib / pyoxigraph", "rows", "same answer"],
                [
                    [
                        r["name"],
                        _fmt_ms(r["oxigraph_ms"]),
                        _fmt_ms(r["rdflib_ms"]),
                        f"{r['ratio']:,}×" if r["ratio"] is not None else "–",
                        f"{r['rows']:,}",
                        "yes" if r["same_rows"] else "NO",
                    ]
                    for r in eng
                ],
            )
        )
    points = results.get("scale")
    if points:
        parts.append("\n### Scale (synthetic growth with the real graph's shape; one fresh process per size)\n")
        rows = []
        for p in points:
            name = "shipped" if p["size"] == 0 else f"+{_size(p['size'])}"
            if "error" in p:
                rows.append([name, "error: " + p["error"], *[""] * 9])
                continue
            deficit_cell = f"{_fmt_ms(p['deficit_L5']['median_ms'])} / {_fmt_ms(p['deficit_L5']['p95_ms'])}"
            localize_cell = f"{_fmt_ms(p['localize']['median_ms'])} / {_fmt_ms(p['localize']['p95_ms'])}"
            if p["triples"] >= 0.9 * SCALE_TARGET_TRIPLES:
                deficit_cell += " " + _target_cell(results, "scale_deficit", f"{p['triples']:,}")
                localize_cell += " " + _target_cell(results, "scale_localize", f"{p['triples']:,}")
            rows.append(
                [
                    name,
                    f"{p['triples']:,}",
                    f"{p['muscles']:,} / {p['lesion_sites']:,}",
                    f"{p['load_s']:.2f} s",
                    f"{p['rss_after_load_mb']:.0f} / {p['peak_rss_mb']:.0f} MB",
                    f"{p['first_deficit_s']:.2f} s",
                    f"{p['first_localize_s']:.2f} s",
                    deficit_cell,
                    localize_cell,
                    f"{_fmt_ms(p['search']['median_ms'])} / {_fmt_ms(p['search']['p95_ms'])}",
                    f"{p['search_hits']:,}",
                ]
            )
        parts.append(
            _table(
                [
                    "size",
                    "triples",
                    "muscles / lesion sites",
                    "load",
                    "RSS after load / peak",
                    "first deficit (model build)",
                    "first localize",
                    "deficit L5 median / p95",
                    "localize median / p95",
                    "search median / p95",
                    "search hits",
                ],
                rows,
            )
        )
    srv = results.get("server")
    if srv:
        parts.append(
            f"\n### SPARQL endpoint on loopback (shipped graph, {srv['clients']} clients × "
            f"{srv['requests_per_client']} requests, POST form, `anatomy-kg serve --workers {srv['workers']}`)\n"
        )
        rows = []
        for mix, row in srv["mixes"].items():
            for server in ("anatomy-kg", "oxigraph"):
                if server in row:
                    figures = row[server]
                    rows.append(
                        [
                            mix,
                            "`anatomy-kg serve`" if server == "anatomy-kg" else "`oxigraph serve-read-only`",
                            f"{figures['requests_per_s']:,.0f}",
                            _fmt_ms(figures["p50_ms"]),
                            _fmt_ms(figures["p95_ms"]),
                            str(figures["failures"]),
                            f"{row['ratio']:.2f}×" if server == "anatomy-kg" and "ratio" in row else "",
                        ]
                    )
        parts.append(_table(["query mix", "server", "requests/s", "p50", "p95", "failures", "ratio"], rows))
        if "oxigraph" in srv:
            parts.append(f"\n{srv['oxigraph']}")
    parts.append(bench_app.report_app(results))
    targets = results.get("targets")
    if targets:
        parts.append("\n### Targets\n")
        parts.append(
            _table(
                ["target", "limit", "measured", "verdict"],
                [
                    [
                        t["what"] + (f" ({t['detail']})" if t["detail"] else ""),
                        ("≥ " if t["target"] in AT_LEAST_TARGETS else "") + _fmt_target(t, t["limit_ms"]),
                        _fmt_target(t, t["value_ms"]),
                        f"**{t['verdict']}**",
                    ]
                    for t in targets
                ],
            )
        )
    parts.append(f"\nTotal benchmark time {results['seconds']:.0f} s.")
    return "\n".join(parts) + "\n"


def _cells(summary: dict[str, Any]) -> list[str]:
    return [_fmt_ms(summary["median_ms"]), _fmt_ms(summary["p95_ms"]), str(summary["runs"])]


def _size(n: int) -> str:
    from kg.bench.synthetic import format_size

    return format_size(n)


# ---------------------------------------------------------------------------- running
def run_benchmarks(
    sections: Sequence[str] = SECTIONS,
    sizes: Sequence[int] = (10_000, 100_000, 1_000_000),
    repeat: int = 50,
    quick: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Every requested section; a JSON-ready dict (see `report` for what it holds)."""
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "machine": machine(),
        "config": {"sections": list(sections), "sizes": list(sizes), "repeat": repeat, "quick": quick},
    }
    if "cold" in sections:
        say("cold start: loading the shipped graph, first deficit, whole `anatomy-kg deficit L5` process…")
        results["cold"] = cold_start(repeat=2 if quick else 5, process_runs=3 if quick else 7)
    if "warm" in sections or "engines" in sections:
        from kg.graph import AnatomyGraph, load_embedded

        store = load_embedded()
        graph = AnatomyGraph(store)
        if "warm" in sections:
            say(f"warm latency: {repeat} runs of each operation…")
            results["warm"] = warm_latency(graph, repeat)
        if "engines" in sections:
            say("engines: rdflib's SPARQL engine beside pyoxigraph…")
            results["engines"] = engines(store, repeat=3 if quick else 10)
        del graph, store
    if "scale" in sections:
        points = [0, *sizes]
        say(f"scale: shipped graph and +{', +'.join(_size(s) for s in sizes)} triples, one process each…")
        results["scale"] = scale(points, repeat=max(3, repeat // 2) if not quick else repeat, timeout=1800)
    if "server" in sections:
        clients, requests = (2, 25) if quick else (4, 250)
        say(f"server: {clients} clients × {requests} requests, `anatomy-kg serve` beside `oxigraph serve-read-only`…")
        results["server"] = server_throughput(clients, requests)
    if "app" in sections:
        results["app"] = bench_app.app_reruns(repeat=3 if quick else min(repeat, 30), progress=say)
    results["targets"] = judge(results) + bench_app.app_targets(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results


def _parse_sizes(_ctx: Any, _param: Any, value: str | None) -> list[int] | None:
    if value is None:
        return None
    from kg.bench.synthetic import parse_size

    try:
        return [parse_size(v) for v in value.split(",") if v.strip()]
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _parse_sections(_ctx: Any, _param: Any, value: str | None) -> list[str]:
    if value is None:
        return list(SECTIONS)
    chosen = [v.strip().lower() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in SECTIONS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(SECTIONS)} (comma-separated), got {value!r}")
    return chosen


@click.command()
@click.option("--quick", is_flag=True, help="A reduced run (small sizes, few repeats) for tests and CI.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of tables.")
@click.option(
    "--sizes",
    callback=_parse_sizes,
    metavar="LIST",
    help="Synthetic triples added on top of the shipped graph, comma-separated [default: 10k,100k,1m; quick: 10k].",
)
@click.option(
    "--repeat",
    type=click.IntRange(min=1),
    default=None,
    help="Runs per warm measurement [default: 50; quick: 5].",
)
@click.option(
    "--sections",
    callback=_parse_sections,
    metavar="LIST",
    help=f"Which parts to run, comma-separated [default: all of {','.join(SECTIONS)}].",
)
@click.option("--scale-worker", type=int, default=None, hidden=True)
def bench(
    quick: bool,
    as_json: bool,
    sizes: list[int] | None,
    repeat: int | None,
    sections: list[str],
    scale_worker: int | None,
) -> None:
    """Measure cold start, warm latency, engines, scaling and the SPARQL endpoint; print a table.

    Targets on a 2-core machine: warm deficit and localize under 20 ms median on the shipped
    graph and under 200 ms at 1M triples; `anatomy-kg deficit L5` under 2 s; a 60-node graph
    rendered under 200 ms. Each is printed with PASS or MISS. A full run takes a few minutes
    (the 1M size is the expensive part); --quick takes well under a minute.

    Example: anatomy-kg bench --quick
    """
    if scale_worker is not None:  # internal: one scale point in a fresh process, JSON on stdout
        click.echo(json.dumps(scale_point(scale_worker, repeat or 20)))
        return
    if sizes is None:
        sizes = [10_000] if quick else [10_000, 100_000, 1_000_000]
    if repeat is None:
        repeat = 5 if quick else 50
    progress = None if as_json else (lambda message: click.echo(message, err=True))
    results = run_benchmarks(sections=sections, sizes=sizes, repeat=repeat, quick=quick, progress=progress)
    if as_json:
        click.echo(json.dumps(results, indent=2))
    else:
        click.echo(report(results), nl=False)


commands = [bench]

if __name__ == "__main__":
    bench()

"""Every bad input to the CLI is answered with one specific line and exit 2 (validate findings: exit 1).

No traceback, no "internal error": wrong literals, unwritable outputs, non-UTF-8, FIFO and
directory files, malformed endpoints, endpoints answering the wrong shape, negative counts and
impossible server options.
"""

from __future__ import annotations

import http.server
import os
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import ROOT, cli_env

from kg.cli.main import main

PREFIXES = (
    "@prefix : <https://w3id.org/anatomy-kg/id/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix akg: <https://w3id.org/anatomy-kg/ontology#> .\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


# ---------------------------------------------------------------------------- validate
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            ":x akg:count " + "7" * 5000 + " .\n",
            "bad.ttl:4 :x: akg:count value '7777777777777777777777777777777777777…' has 5,000 characters; "
            "numbers and dates are at most 1,000",
            id="5000-digit-integer",
        ),
        pytest.param(
            ':x akg:count "high"^^xsd:decimal .\n',
            "bad.ttl:4 :x: akg:count value 'high' is not a valid xsd:decimal (for example 0.3)",
            id="word-as-decimal",
        ),
        pytest.param(
            ':x akg:count "maybe"^^xsd:boolean .\n',
            "bad.ttl:4 :x: akg:count value 'maybe' is not a valid xsd:boolean (for example true)",
            id="word-as-boolean",
        ),
        pytest.param(
            ':x akg:count "soon"^^xsd:time .\n',
            "bad.ttl:4 :x: akg:count value 'soon' is not a valid xsd:time",
            id="word-as-time",
        ),
    ],
)
def test_validate_reports_ill_typed_literals_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str, expected: str
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + body)
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert f"[ERROR] {bad}:4 :x: " in out
    assert expected in out
    assert "Traceback" not in out + err and "No issues found" not in out


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.ttl"
    os.mkfifo(path)
    return path


def _big(tmp_path: Path) -> Path:
    path = tmp_path / "big.ttl"
    with path.open("wb") as out:
        out.truncate(21_000_000)  # sparse: no real disk use
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(_fifo, "pipe.ttl: is not a regular file; give a Turtle file", id="fifo"),
        pytest.param(lambda tmp: tmp, ": is a directory; give a Turtle file", id="directory"),
        pytest.param(
            _big,
            "big.ttl: is 21.0 MB; validate checks files of up to 5 MB (split it, or load it into a triple store "
            "and check it there)",
            id="over-the-size-limit",
        ),
        pytest.param(lambda tmp: tmp / "missing.ttl", "missing.ttl: cannot read: No such file", id="missing"),
    ],
)
def test_validate_refuses_what_is_not_a_turtle_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: object, message: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    code, _out, err = run(capsys, "validate", str(path))
    assert code == 2
    assert err.startswith("anatomy-kg: error: ") and message in err


# ---------------------------------------------------------------------------- export
@pytest.mark.parametrize(
    ("output", "message"),
    [
        pytest.param("missing/graph.ttl", "/missing does not exist; create it first", id="missing-folder"),
        pytest.param(".", "it is a directory; give a file name such as", id="a-directory"),
        pytest.param("/proc/graph.ttl", "; choose another -o", id="unwritable"),
        pytest.param("file.txt/graph.ttl", "/file.txt is a file, not a folder; choose another -o", id="file-as-folder"),
    ],
)
def test_export_to_an_impossible_place_is_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: str, message: str
) -> None:
    target = output if output.startswith("/") else str(tmp_path / output)
    (tmp_path / "file.txt").write_text("a file\n")
    code, out, err = run(capsys, "export", "-o", target)
    assert (code, out) == (2, "")
    assert err.startswith(f"anatomy-kg: error: cannot write {target}: ") and message in err


def _limit_file_size() -> None:  # runs in the child before exec: files may not grow past 1 kB (a full disk)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))


def test_export_is_atomic_on_a_full_disk(tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("previous export\n")
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "export", "-f", "nt", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_env(None),
        cwd=ROOT,
        preexec_fn=_limit_file_size,
    )
    assert result.returncode == 2
    assert result.stderr == f"anatomy-kg: error: cannot write {target}: File too large; nothing was written\n"
    assert target.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


def test_export_writes_the_whole_file_and_no_leftovers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    code, _out, err = run(capsys, "export", "-f", "nt", "-o", str(target))
    assert code == 0
    size = target.stat().st_size
    assert err == f"wrote {size:,} bytes to {target}\n"
    assert target.read_text().endswith(" .\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


# ---------------------------------------------------------------------------- @file queries
@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            lambda tmp: _write(tmp / "latin1.rq", b"SELECT * WHERE {\n ?s ?p '\xe9' }"),
            "latin1.rq: it is not UTF-8 text (byte 0xe9 on line 2); save it as UTF-8",
            id="not-utf8",
        ),
        pytest.param(_fifo, "pipe.ttl: it is not a regular file (a pipe or device); give a file", id="fifo"),
        pytest.param(lambda tmp: tmp, ": it is a directory; give a file", id="directory"),
        pytest.param(lambda tmp: tmp / "missing.rq", "missing.rq: No such file or directory", id="missing"),
    ],
)
def test_query_file_problems_are_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: object, message: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    code, out, err = run(capsys, "sparql", f"@{path}")
    assert (code, out) == (2, "")
    assert err.startswith("anatomy-kg: error: cannot read query file ") and message in err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------- endpoints
@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("ftp://127.0.0.1/sparql", "endpoint must be an http:// or https:// URL, got 'ftp://", id="ftp"),
        pytest.param("127.0.0.1:7878/sparql", "endpoint must be an http:// or https:// URL", id="no-scheme"),
        pytest.param("http://", "endpoint 'http://' names no host", id="no-host"),
        pytest.param("http://host:99999/sparql", "is not a valid URL (Port out of range 0-65535)", id="bad-port"),
        pytest.param("http://a host/sparql", "contains spaces", id="space"),
    ],
)
def test_malformed_endpoint_is_exit_2(capsys: pytest.CaptureFixture[str], url: str, message: str) -> None:
    code, out, err = run(capsys, "search", "gluteus", "--endpoint", url)
    assert (code, out) == (2, "")
    assert "Invalid value for '--endpoint'" in err and message in err
    assert "for example http://127.0.0.1:7878/sparql" in err


class _Wrong(http.server.BaseHTTPRequestHandler):
    """A web server that answers every request with the body in its class attribute."""

    body = b""
    content_type = "application/sparql-results+json"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def wrong_endpoint() -> Iterator[http.server.HTTPServer]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Wrong)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        pytest.param(b"<html>hello</html>", "text/html", "did not answer with SPARQL JSON results", id="html"),
        pytest.param(b"[1, 2]", "application/json", "answered with a JSON list, not an object", id="a-list"),
        pytest.param(b'{"head": {}, "results": {}}', "application/json", "JSON missing or mistyping", id="no-bindings"),
        pytest.param(b'{"head": 3, "results": {"bindings": []}}', "application/json", "mistyping", id="bad-head"),
    ],
)
def test_endpoint_answering_the_wrong_shape_is_exit_2(
    capsys: pytest.CaptureFixture[str],
    wrong_endpoint: http.server.HTTPServer,
    body: bytes,
    content_type: str,
    message: str,
) -> None:
    _Wrong.body, _Wrong.content_type = body, content_type
    url = f"http://127.0.0.1:{wrong_endpoint.server_address[1]}/sparql"
    code, out, err = run(capsys, "search", "gluteus", "--endpoint", url)
    assert (code, out) == (2, "")
    assert err.startswith(f"anatomy-kg: error: SPARQL endpoint {url} ") and message in err
    assert "internal error" not in err


# ---------------------------------------------------------------------------- counts and server options
@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["search", "glute", "-n", "-1"], "Invalid value for '-n' / '--limit': -1 is not in the range x>=1"
        ),
        pytest.param(["search", "glute", "-n", "0"], "Invalid value for '-n' / '--limit': 0 is not in the range x>=1"),
        pytest.param(
            ["sparql", "ASK {}", "--max-rows", "-1"], "Invalid value for '--max-rows': -1 is not in the range x>=1"
        ),
        pytest.param(
            ["serve", "--timeout", "nan"], "Invalid value for '--timeout': 'nan' is not a number of seconds between"
        ),
        pytest.param(["serve", "--timeout", "inf"], "'inf' is not a number of seconds between 0.1 and 3600"),
        pytest.param(["serve", "--timeout", "-1"], "'-1' is not a number of seconds between 0.1 and 3600"),
        pytest.param(["serve", "--timeout", "0"], "'0' is not a number of seconds between 0.1 and 3600"),
        pytest.param(["serve", "--timeout", "soon"], "'soon' is not a number of seconds (for example 10 or 2.5)"),
        pytest.param(["serve", "--max-rows", "0"], "Invalid value for '--max-rows': 0 is not in the range x>=1"),
        pytest.param(["serve", "--workers", "0"], "Invalid value for '--workers': 0 is not in the range 1<=x<=64"),
    ],
)
def test_impossible_numbers_are_refused_at_start(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert message in err

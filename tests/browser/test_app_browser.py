"""The real app in a real headless Chromium: pages draw, graphs paint, a node click opens its card, nothing leaves 127.0.0.1.

Screenshots (1440×900) go to tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
GRAPH_FRAME = "[data-testid='stCustomComponentV1']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by `streamlit run app.py` on a free loopback port, stopped afterwards."""
    port = free_port()
    log = (tmp_path_factory.mktemp("app") / "streamlit.log").open("w")
    env = {k: v for k, v in os.environ.items() if k != "ANATOMY_KG_ENDPOINT"}
    env["ANATOMY_KG_QUIZ_FILE"] = str(tmp_path_factory.mktemp("quiz") / "quiz-progress.json")  # never the home dir
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"streamlit did not start on {url}; see {log.name}")
        time.sleep(0.5)
    yield url
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    """A 1440×900 tab that records every request it makes."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def outside_requests(tab) -> list[str]:
    """Requests to anywhere but 127.0.0.1 (data: and blob: URLs stay in the page)."""
    return [
        u
        for u in tab.requests
        if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname != "127.0.0.1"
    ]


def shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_and_settle(tab, url: str, text: str) -> None:
    tab.goto(url)
    tab.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def graph_frame(tab):
    """The graph component's frame, once its canvas has painted."""
    tab.locator(GRAPH_FRAME).first.wait_for(timeout=60_000)
    frame = tab.frame_locator(GRAPH_FRAME).first
    frame.locator("canvas").first.wait_for(timeout=30_000)
    handle = tab.locator(GRAPH_FRAME).first.element_handle()
    return handle.content_frame()


def painted_pixels(frame) -> dict:
    """Canvas size and how many of its pixels are not blank."""
    return frame.evaluate(
        """() => {
            const c = document.querySelector('canvas');
            const ctx = c.getContext('2d');
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            let inked = 0;
            for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) inked++;
            }
            return {width: c.width, height: c.height, inked: inked};
        }"""
    )


def wait_painted(frame) -> dict:
    for _ in range(40):
        result = painted_pixels(frame)
        if result["inked"] > 500:
            return result
        time.sleep(0.25)
    return result


def test_explore_search_finds_gluteus_medius_by_nickname(page, app_url):
    open_and_settle(page, f"{app_url}/", "AnatomyKG explorer")

    box = page.get_by_label("Search muscles, nerves, roots, arteries, actions, signs…")
    box.fill("glute med")
    box.press("Enter")
    first_hit = page.locator(".st-key-explore_hit_0")
    first_hit.wait_for(timeout=30_000)
    page.get_by_text("matched “glute med”").first.wait_for(timeout=30_000)

    shot(page, "explore-search")
    assert first_hit.inner_text().strip() == "gluteus medius"
    assert page.get_by_text("For education, not diagnosis").first.is_visible()
    assert outside_requests(page) == []


def test_entity_card_graph_draws_and_a_node_click_opens_its_card(page, app_url):
    open_and_settle(page, f"{app_url}/entity?entity=gluteus_medius", "Key facts")
    frame = graph_frame(page)

    drawn = wait_painted(frame)
    shot(page, "entity-gluteus-medius")
    target = "https://w3id.org/anatomy-kg/id/superior_gluteal_nerve"
    page.locator(GRAPH_FRAME).first.scroll_into_view_if_needed()
    time.sleep(0.5)
    point = frame.evaluate(
        "(id) => network.canvasToDOM(network.getPositions([id])[id])",
        target,
    )
    box = page.locator(GRAPH_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_url("**/entity?entity=superior_gluteal_nerve*", timeout=30_000)
    page.get_by_role("heading", name="superior gluteal nerve").first.wait_for(timeout=30_000)

    shot(page, "entity-after-click")
    assert drawn["width"] > 0 and drawn["height"] > 0 and drawn["inked"] > 500
    assert outside_requests(page) == []


def test_deficit_page_for_l5_draws_the_layered_graph(page, app_url):
    open_and_settle(page, f"{app_url}/deficits?roots=L5", "actions weakened")
    frame = graph_frame(page)

    drawn = wait_painted(frame)

    shot(page, "deficits-L5")
    assert drawn["inked"] > 500
    assert page.get_by_text("great toe extension").first.is_visible() or page.locator("canvas").count() > 0
    assert outside_requests(page) == []


def test_sparql_page_runs_a_query_and_refuses_an_update(page, app_url):
    open_and_settle(page, f"{app_url}/sparql", "Read-only")

    page.get_by_role("button", name="Run query").click()
    page.get_by_text("3 rows").wait_for(timeout=90_000)  # the first query starts the query worker (loads the graph)
    page.wait_for_timeout(1500)  # the results grid paints on a canvas just after the count appears
    shot(page, "sparql-results")
    editor = page.frame_locator("iframe[title='code_editor.code_editor']").first.locator(".ace_content").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("DROP ALL")
    page.keyboard.press("Control+Enter")  # the editor's own Run
    page.get_by_text("refused: the graph is read-only").wait_for(timeout=30_000)

    shot(page, "sparql-refused")
    assert outside_requests(page) == []


def test_other_pages_render_without_errors(page, app_url):
    for path, text, name in [
        ("/localize", "Add at least one finding", "localize-empty"),
        ("/trace?term=Trendelenburg%20gait", "paths", "trace-trendelenburg"),
        ("/compare", "Insertion", "compare-glutei"),
    ]:
        open_and_settle(page, f"{app_url}{path}", text)
        time.sleep(1.5)
        shot(page, name)
        assert page.locator("[data-testid='stException']").count() == 0
    assert outside_requests(page) == []

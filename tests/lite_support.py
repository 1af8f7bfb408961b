"""The in-browser edition in headless Chromium, for its tests and its benchmark: the site served on 127.0.0.1,
and a participant's browser that can reach nothing else."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from browser_support import Notebook, expect

KERNEL = "Python (Pyodide)"
RUN_ALL_TIMEOUT = 240_000  # milliseconds: Pyodide starts and installs the workbooks from the site first
# The first control a participant can use in an exercise.
FIRST_CONTROL = ".jp-OutputArea-output :is(.workbooks-exercise input, .workbooks-exercise textarea, " \
                ".workbooks-exercise select, .workbooks-exercise button)"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the browser closed a connection it no longer needed
            pass


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """The site at http://127.0.0.1:<port>, as any static web server serves it."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()


class LiteTab:
    """One participant's browser on the site: nothing outside the site is reachable."""

    def __init__(self, browser, server: str) -> None:
        self.server = server
        self.outside: list[str] = []
        self.context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        self.context.route("**/*", self._only_the_site)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)

    def _only_the_site(self, route) -> None:
        if route.request.url.startswith(self.server):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, notebook: Notebook) -> None:
        self.notebook = notebook
        self.page.goto(f"{self.server}/lab/index.html?path={notebook.session}/{notebook.name}")
        expect(self.page.locator(".jp-NotebookPanel")).to_be_visible(timeout=120_000)
        status = self.page.locator(".jp-StatusBar-Widget", has_text=KERNEL)
        expect(status.first).to_be_visible(timeout=120_000)
        assert self.page.locator(".jp-Dialog").count() == 0, "a dialog (such as Select Kernel) opened"

    def run_all(self) -> float:
        """Run > Run All Cells; returns the seconds until every code cell has its output."""
        started = time.monotonic()
        self.page.get_by_role("menuitem", name="Run", exact=True).click()
        self.page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
        self.page.wait_for_function(
            """(count) => {
                const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
                const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
                return cells.length === count && indicator && indicator.dataset.status === 'idle'
                    && cells.every(c => c.querySelector('.jp-OutputArea-output'));
            }""", arg=self.notebook.code_cells, timeout=RUN_ALL_TIMEOUT, polling=500)
        self.assert_no_traceback()
        return time.monotonic() - started

    def assert_no_traceback(self) -> None:
        stderr = self.page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        for text in stderr.all_text_contents():
            assert "Traceback" not in text and "Error" not in text, text[:3000]
        assert "Traceback" not in (self.page.locator("body").text_content() or "")

    def exercise(self, name: str):
        index = self.notebook.cell_index(f'show("{self.notebook.session}", "{name}")')
        output = self.page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-OutputArea")
        output.scroll_into_view_if_needed()
        return output

    def close(self) -> None:
        self.context.close()



"""What the browser tests share: a throw-away JupyterLab, headless Chromium, and a participant's tab.

Importing this module skips the importing test module when playwright (the Python
package), JupyterLab or a Chromium at ``/usr/bin/chromium`` (Debian's ``chromium``
package; ``WORKBOOKS_CHROMIUM`` names another) is missing. No browser is ever
downloaded: the system Chromium is launched directly.

The notebooks are copied into a fresh temporary folder that becomes the server's
root, and every Jupyter config, data, runtime, settings and workspace folder is a
temporary one, so neither the repository nor the user's own Jupyter set-up is
touched. The installed kernelspec and lab extensions are still found through
``sys.prefix``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from workbooks.sessions import session_ids

playwright_sync = pytest.importorskip("playwright.sync_api")
pytest.importorskip("jupyterlab")

REPO = Path(__file__).resolve().parents[1]
RELEASE = REPO / "release"
CHROMIUM = Path(os.environ.get("WORKBOOKS_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
KERNEL_NAME = "Python 3 (ipykernel)"  # the display name of the notebooks' kernelspec, python3
SERVER_START_TIMEOUT = 60  # seconds
RUN_ALL_TIMEOUT = 60_000  # milliseconds
ACTION_TIMEOUT = 15_000  # milliseconds
SAVE_TIMEOUT = 10  # seconds for an answer to reach the answers file

expect = playwright_sync.expect
# What the kernel shows waits its turn on a loaded machine: 15 s, as for actions, not Playwright's 5.
expect.set_options(timeout=ACTION_TIMEOUT)
# A menu item's keyboard shortcut: key chords such as "Ctrl+Shift+S", one or more, comma-separated ("0, 0").
SHORTCUT = r"(?: (?:[A-Za-z]+\+)*[^\s,]+(?:, (?:[A-Za-z]+\+)*[^\s,]+)*)?"
# A kernel message's header, as it crosses the websocket (spaced or not, by the JSON packer in use).
EXECUTE_REPLY = re.compile(rb'"msg_type":\s*"execute_reply"')

# What participants get on Binder and with make lab: no facilitator tools, no news toast (which
# would also reach out to the network), no update check, the file browser closed at the start.
PARTICIPANT_SETUP = REPO / "binder" / "hide_facilitator_tools.py"


@dataclass(frozen=True)
class Notebook:
    """One released notebook: where it is, and what the browser should find in it."""

    session: str  # "session2"

    @property
    def source(self) -> Path:
        return RELEASE / self.session / f"{self.session}.ipynb"

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def answer_file(self) -> str:
        return f"{self.session}_answers.json"

    @cached_property
    def cells(self) -> list[dict]:
        cells: list[dict] = json.loads(self.source.read_text(encoding="utf-8"))["cells"]
        return cells

    @property
    def code_cells(self) -> int:
        return sum(c["cell_type"] == "code" for c in self.cells)

    def cell_index(self, code: str) -> int:
        """Where the code cell whose code contains ``code`` is (its code is hidden in the page)."""
        return next(i for i, c in enumerate(self.cells) if c["cell_type"] == "code" and code in "".join(c["source"]))


ALL_NOTEBOOKS = tuple(Notebook(session) for session in session_ids())
SESSION1, SESSION2, SESSION3, SESSION4, SESSION5, SESSION6 = ALL_NOTEBOOKS


# -- the server and the browser ------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen, log: Path) -> None:
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with direct.open(f"{url}/api/status", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server we started and its kernels (its own process group)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def running_lab(notebooks=ALL_NOTEBOOKS, *, elsewhere=()) -> Iterator[dict]:
    """A JupyterLab server whose root is a fresh folder holding copies of ``notebooks``.

    Each notebook in ``elsewhere`` is copied a second time into the folder
    ``elsewhere``, a second place to restore into, like a fresh Binder.
    Yields the server's ``url``, its ``root`` folder, its ``log``, the ``scratch`` folder and its ``pid``.
    """
    scratch = Path(tempfile.mkdtemp(prefix="workbooks-browser-"))
    root = scratch / "course"
    root.mkdir()
    for notebook in notebooks:
        shutil.copy(notebook.source, root / notebook.name)
    if elsewhere:
        (root / "elsewhere").mkdir()
        for notebook in elsewhere:
            shutil.copy(notebook.source, root / "elsewhere" / notebook.name)
    env = dict(os.environ)
    for name, folder in {
        "JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings", "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "IPYTHONDIR": "ipython",
    }.items():
        (scratch / folder).mkdir()
        env[name] = str(scratch / folder)
    subprocess.run([sys.executable, str(PARTICIPANT_SETUP), "--config-dir", str(scratch / "config"),
                    "--workspaces-dir", str(scratch / "lab-workspaces")], check=True, timeout=60)
    for name in ("JPY_SESSION_NAME", "NBGRADER_EXECUTION", "WORKBOOKS_LANG"):
        env.pop(name, None)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = scratch / "jupyterlab.log"
    with log.open("w") as log_handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
             "--ServerApp.port_retries=0", "--ServerApp.token=", "--ServerApp.password=",
             "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}",
             "--allow-root", "--ServerApp.ip=127.0.0.1", "--LabApp.news_url=None"],
            cwd=root, env=env, stdout=log_handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        wait_for_server(url, process, log)
        yield {"url": url, "root": root, "log": log, "scratch": scratch, "pid": process.pid}
    finally:
        stop_server(process)
        shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def headless_chromium():
    with playwright_sync.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


# -- a participant's tab -------------------------------------------------------


class Session:
    """One browser tab on a notebook, with what a participant does in it."""

    def __init__(self, page, lab: dict, notebook: Notebook = SESSION2) -> None:
        self.lab = lab
        self.notebook = notebook
        self.browser_dialogs: list[str] = []
        self._opened: dict = {}
        self.cells_run = 0  # execute replies seen from any kernel of this tab
        self._use(page)

    def _use(self, page) -> None:
        self.page = page
        page.set_default_timeout(ACTION_TIMEOUT)
        page.on("dialog", self._browser_dialog)
        page.on("websocket", self._watch_kernel)

    def _watch_kernel(self, socket) -> None:
        """Count the kernel's execute replies: with every code cell's input hidden, the page shows no
        execution counts, so this is how a test knows that each cell has run."""
        if "/api/kernels/" in socket.url:
            socket.on("framereceived", self._kernel_frame)

    def _kernel_frame(self, payload) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        self.cells_run += len(EXECUTE_REPLY.findall(data))

    def _browser_dialog(self, dialog) -> None:
        self.browser_dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.accept()

    @property
    def code_cells(self) -> int:
        return self.notebook.code_cells

    # -- JupyterLab chrome --------------------------------------------------

    def no_lab_dialog(self, when: str) -> None:
        dialogs = self.page.locator(".jp-Dialog")
        if dialogs.count():
            raise AssertionError(f"JupyterLab asked a question {when}: {dialogs.first.inner_text()!r}")

    def open_notebook(self, path: str | None = None, *, fresh_workspace: bool = False,
                      workspace: str | None = None) -> None:
        """Open ``path`` (this session's notebook by default).

        A fresh workspace opens nothing else beside it. A named ``workspace`` keeps
        this tab's layout apart from other tabs' (JupyterLab keeps the default
        workspace on the server, so a new tab would reopen every notebook open in
        another), also across a reload.
        """
        path = path or self.notebook.name
        self._opened = {"path": path, "workspace": workspace}
        where = f"workspaces/{workspace}/tree" if workspace else "tree"
        self.page.goto(f"{self.lab['url']}/lab/{where}/{path}" + ("?reset" if fresh_workspace else ""))
        self.wait_until_ready("after opening the notebook")

    def reload(self) -> None:
        self.page.reload()
        self.wait_until_ready("after reloading the page")

    def close_and_reopen(self) -> None:
        """Close the tab without saving anything (no "Leave site?"), then open the notebook in a new one."""
        context = self.page.context
        self.page.close()
        self._use(context.new_page())
        self.open_notebook(**self._opened)

    def wait_until_ready(self, when: str) -> None:
        """The kernel is idle and every code cell of the notebook is in the page."""
        self.wait_for_kernel(when)
        # JupyterLab adds cells to the page while the browser is idle; on a busy 2-core machine that takes a while.
        expect(self.page.locator(".jp-CodeCell .jp-InputPrompt")).to_have_count(self.code_cells, timeout=30_000)

    def wait_for_kernel(self, when: str) -> None:
        """Wait until the notebook's own kernel is connected and idle.

        The execution indicator alone says "idle" while no kernel is chosen yet, so
        the status bar must also name the kernel ("Python 3 (ipykernel) | Idle").
        A dialog (such as Select Kernel) fails the test at once instead.
        """
        try:
            self.page.wait_for_function(
                """(name) => document.querySelector('.jp-Dialog') !== null || (
                    document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]') !== null
                    && [...document.querySelectorAll('.jp-StatusBar-Widget')]
                        .some(e => e.textContent.includes(`${name} | Idle`)))""",
                arg=KERNEL_NAME, timeout=RUN_ALL_TIMEOUT,
            )
        finally:
            self.no_lab_dialog(when)

    def menu(self, top: str, item: str) -> None:
        self.no_lab_dialog(f"before choosing {top} > {item}")
        self.page.get_by_role("menuitem", name=top, exact=True).click()
        # A menu item's name ends with its shortcut, if it has one ("Save Notebook Ctrl+S", "Restart Kernel… 0, 0"),
        # but "Save Notebook As…" is another item.
        self.page.get_by_role("menuitem", name=re.compile(rf"^{re.escape(item)}{SHORTCUT}$")).click()

    def wait_until_all_cells_ran(self, before: int, when: str) -> None:
        """The kernel has replied to one run of every code cell since ``before`` (``self.cells_run``
        then) and is idle again. JupyterLab stops a run at an error, so a failing cell times out here."""
        deadline = time.monotonic() + RUN_ALL_TIMEOUT / 1000
        indicator = self.page.locator(".jp-Notebook-ExecutionIndicator")
        while True:
            self.no_lab_dialog(when)
            if (self.cells_run - before >= self.code_cells
                    and indicator.first.get_attribute("data-status") == "idle"):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"cells did not all run {when}: {self.cells_run - before} of "
                                     f"{self.code_cells} ran")
            self.page.wait_for_timeout(100)  # lets Playwright deliver the socket's frames

    def run_all(self) -> None:
        before = self.cells_run
        self.menu("Run", "Run All Cells")
        self.wait_until_all_cells_ran(before, "while running all cells")
        self.assert_no_traceback("after Run All Cells")

    def restart_kernel(self, item: str = "Restart Kernel…") -> None:
        """Kernel > ``item``, then accept JupyterLab's question with the mouse."""
        self.menu("Kernel", item)
        dialog = self.page.locator(".jp-Dialog")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("Restart Kernel")
        dialog.get_by_role("button", name="Confirm Kernel Restart", exact=True).click()
        expect(dialog).to_have_count(0)

    def restart_clear_and_run_all(self) -> None:
        """Restart the kernel, clearing every output, then Run All Cells."""
        self.restart_kernel("Restart Kernel and Clear Outputs of All Cells…")
        expect(self.page.locator(".jp-OutputArea-output")).to_have_count(0, timeout=RUN_ALL_TIMEOUT)
        self.wait_for_kernel("after restarting the kernel")
        self.run_all()

    def save(self) -> None:
        self.menu("File", "Save Notebook")
        expect(self.page.locator(".jp-mod-dirty")).to_have_count(0)

    def assert_no_traceback(self, when: str) -> None:
        # JupyterLab shows both stderr streams and error outputs (tracebacks) under this type.
        stderr = self.page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        for text in stderr.all_text_contents():
            assert "Traceback" not in text and "Error" not in text, f"stderr output {when}: {text[:2000]}"
        body = self.page.locator("body").text_content()
        assert "Traceback" not in body, f"a traceback is on the page {when}"

    # -- the exercises ------------------------------------------------------

    def cell_output(self, source: str):
        """The output area of the code cell whose source contains ``source`` (its input is hidden)."""
        cell = self.page.locator(".jp-Notebook .jp-Cell").nth(self.notebook.cell_index(source))
        return cell.locator(".jp-OutputArea")

    def exercise(self, name: str):
        """The output of the cell that shows exercise ``name``, once its widgets are in the page."""
        output = self.cell_output(f'show("{self.notebook.session}", "{name}")')
        widget = output.locator(".jupyter-widgets").first
        widget.wait_for(state="attached", timeout=RUN_ALL_TIMEOUT)
        widget.scroll_into_view_if_needed()
        return output


def open_tab(browser, lab: dict, notebook: Notebook = SESSION2, *, session_class=Session, **options):
    """A new browser session with one tab on the lab, as a participant's own browser."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **options)
    page = context.new_page()
    return context, page, session_class(page, lab, notebook)


def button(output, label: str):
    """The button whose accessible name is ``label``."""
    return output.get_by_role("button", name=label, exact=True)


def table_row(table, first_cell: str):
    """The cells of the row of ``table`` whose first cell is ``first_cell``."""
    return table.locator("tr").filter(
        has=table.page.get_by_role("cell", name=first_cell, exact=True)).locator("td")


def assert_row(table, values: list[str], when: str) -> None:
    """The row starting with ``values[0]`` shows ``values``, cell by cell."""
    cells = table_row(table, values[0])
    for i, value in enumerate(values):
        expect(cells.nth(i), f"column {i + 1} of the row {values[0]!r} {when}").to_have_text(value)


CONTROLS = "input, select, textarea, button, a[href]"


def assert_controls_named(output, what: str) -> list[str]:
    """Every visible control in ``output`` has an accessible name; returns their HTML."""
    controls = output.locator(CONTROLS)
    checked = []
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible():
            continue
        html = control.evaluate("e => e.outerHTML.slice(0, 300)")
        expect(control, f"a control in {what} has an accessible name: {html}").to_have_accessible_name(
            re.compile(r"\S"), timeout=1_000)
        checked.append(html)
    assert checked, f"no visible controls found in {what}"
    return checked


# -- the answers file ------------------------------------------------------------


def answers_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def wait_for_answers(path: Path, holds: Callable[[dict], Any], what: str, timeout: float = SAVE_TIMEOUT) -> dict:
    """The answers in ``path`` once ``holds(answers)`` is true; ``what`` says what was waited for."""
    deadline = time.monotonic() + timeout
    while True:
        text = answers_text(path)
        with contextlib.suppress(ValueError, KeyError, TypeError):
            answers = json.loads(text)
            if holds(answers):
                return answers
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never reached {path}:\n{text[:2000]}")
        time.sleep(0.1)


# -- failure reports ---------------------------------------------------------------


class Steps:
    """The steps of a test, named for failure messages and timed for the -s output."""

    def __init__(self) -> None:
        self.times: list[tuple[str, float]] = []

    def __call__(self, name: str) -> None:
        self.times.append((name, time.monotonic()))

    @property
    def current(self) -> str:
        return self.times[-1][0] if self.times else "(before the first step)"

    def report(self) -> str:
        ends = [t for _, t in self.times[1:]] + [time.monotonic()]
        return "\n".join(f"  {end - start:5.1f} s  {name}" for (name, start), end in zip(self.times, ends, strict=True))


@contextlib.contextmanager
def screenshot_on_failure(page, lab: dict, steps: Steps):
    try:
        yield
    except Exception as problem:
        handle, name = tempfile.mkstemp(prefix="workbooks-browser-failure-", suffix=".png")
        os.close(handle)
        shot = Path(name)
        try:
            page.screenshot(path=str(shot), full_page=True)
            where = f"screenshot: {shot}"
        except Exception as shot_problem:  # the page may be gone
            where = f"no screenshot ({shot_problem})"
        log = lab["log"].read_text(errors="replace")[-3000:] if lab["log"].exists() else ""
        raise AssertionError(
            f"browser test failed at step {steps.current!r} ({where})\n{problem}\n--- JupyterLab log tail ---\n{log}"
        ) from problem

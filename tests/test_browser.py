"""A participant works through the stakeholder map in real JupyterLab and headless Chromium.

Run with ``python -m pytest tests/test_browser.py -m browser -q -s``. It needs the
``course`` extra (JupyterLab), playwright (the Python package) and a Chromium at
``/usr/bin/chromium`` (Debian's ``chromium`` package; ``WORKBOOKS_CHROMIUM`` names
another); without them it is skipped.
No browser is downloaded: the system Chromium is launched directly.

The notebook is copied into a fresh temporary folder that becomes the server's
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
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "release" / "session2" / "session2.ipynb"
ANSWER_FILE = "session2_answers.json"
CHROMIUM = Path(os.environ.get("WORKBOOKS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
STAKEHOLDER = "Open Source Guild"
RESTORED = "Garden Collective"
KERNEL_NAME = "Python 3 (ipykernel)"  # the display name of the notebook's kernelspec, python3
CODE_CELLS = sum(c["cell_type"] == "code" for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"])
SERVER_START_TIMEOUT = 60  # seconds
RUN_ALL_TIMEOUT = 60_000  # milliseconds
ACTION_TIMEOUT = 15_000  # milliseconds

playwright_sync = pytest.importorskip("playwright.sync_api")
pytest.importorskip("jupyterlab")
if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)

expect = playwright_sync.expect

# JupyterLab settings for the throw-away settings folder: no news toast (which
# would also reach out to the network) and no update check.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


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


@pytest.fixture(scope="module")
def lab():
    """A JupyterLab server whose root is a fresh folder holding a copy of session 2."""
    scratch = Path(tempfile.mkdtemp(prefix="workbooks-browser-"))
    root = scratch / "course"
    root.mkdir()
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    (root / "elsewhere").mkdir()  # a second place to restore into, like a fresh Binder
    shutil.copy(NOTEBOOK, root / "elsewhere" / NOTEBOOK.name)
    env = dict(os.environ)
    for name, folder in {
        "JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings", "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "IPYTHONDIR": "ipython",
    }.items():
        (scratch / folder).mkdir()
        env[name] = str(scratch / folder)
    for relative, values in LAB_SETTINGS.items():
        target = scratch / "lab-settings" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env.pop("JPY_SESSION_NAME", None)
    env.pop("NBGRADER_EXECUTION", None)
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
        yield {"url": url, "root": root, "log": log, "scratch": scratch}
    finally:
        stop_server(process)
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


# -- helpers -----------------------------------------------------------------


class Session:
    """One browser tab on the notebook, with what a participant does in it."""

    def __init__(self, page, lab: dict) -> None:
        self.page = page
        self.lab = lab
        self.browser_dialogs: list[str] = []
        page.set_default_timeout(ACTION_TIMEOUT)
        page.on("dialog", self._browser_dialog)

    def _browser_dialog(self, dialog) -> None:
        self.browser_dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.accept()

    # -- JupyterLab chrome --------------------------------------------------

    def no_lab_dialog(self, when: str) -> None:
        dialogs = self.page.locator(".jp-Dialog")
        if dialogs.count():
            raise AssertionError(f"JupyterLab asked a question {when}: {dialogs.first.inner_text()!r}")

    def open_notebook(self, path: str = NOTEBOOK.name, *, fresh_workspace: bool = False) -> None:
        """Open ``path``; a fresh workspace opens nothing else beside it."""
        self.page.goto(f"{self.lab['url']}/lab/tree/{path}" + ("?reset" if fresh_workspace else ""))
        self.wait_until_ready("after opening the notebook")

    def reload(self) -> None:
        self.page.reload()
        self.wait_until_ready("after reloading the page")

    def wait_until_ready(self, when: str) -> None:
        """The kernel is idle and every code cell of the notebook is in the page."""
        self.wait_for_kernel(when)
        expect(self.page.locator(".jp-CodeCell .jp-InputPrompt")).to_have_count(CODE_CELLS)

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
        # A menu item's name ends with its shortcut, if it has one ("Save Notebook Ctrl+S").
        self.page.get_by_role("menuitem", name=re.compile(rf"^{re.escape(item)}( \S+)?$")).click()

    def prompts(self) -> list[str]:
        # textContent, not innerText: off-screen cells are skipped by content-visibility.
        return [p.strip() for p in self.page.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()]

    def wait_until_all_cells_ran(self, before: list[str], when: str) -> None:
        """Every code cell shows a new execution count and the kernel is idle again.

        ``before`` holds the prompts from before the run: a cell counts as run once its
        prompt shows a number that differs from it (counts go on after a reload and
        start again at 1 after a restart).
        """
        try:
            self.page.wait_for_function(
                """([before, expected]) => {
                    if (document.querySelector('.jp-Dialog') !== null) return true;
                    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                        .map(p => p.textContent.trim());
                    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
                    return prompts.length === before.length && prompts.length === expected
                        && prompts.every((p, i) => /\\[\\d+\\]/.test(p) && p !== before[i].trim())
                        && indicator !== null && indicator.dataset.status === 'idle';
                }""",
                arg=[before, CODE_CELLS], timeout=RUN_ALL_TIMEOUT,
            )
        except playwright_sync.TimeoutError as problem:
            indicator = self.page.locator(".jp-Notebook-ExecutionIndicator")
            status = indicator.first.get_attribute("data-status") if indicator.count() else None
            raise AssertionError(
                f"cells did not all run {when}: prompts before {before}, now {self.prompts()}, "
                f"execution indicator {status!r}") from problem
        finally:
            self.no_lab_dialog(when)

    def run_all(self) -> None:
        before = self.prompts()
        self.menu("Run", "Run All Cells")
        self.wait_until_all_cells_ran(before, "while running all cells")
        self.assert_no_traceback("after Run All Cells")

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

    # -- the stakeholder map --------------------------------------------------

    def map_output(self):
        """The output of the cell that shows the stakeholder map."""
        cell = self.page.locator(".jp-CodeCell").filter(has_text='workbook.show("stakeholder_map")')
        return cell.locator(".jp-OutputArea")

    def wait_for_map(self):
        output = self.map_output()
        plot = output.locator(".js-plotly-plot")
        plot.wait_for(state="attached", timeout=RUN_ALL_TIMEOUT)
        plot.scroll_into_view_if_needed()
        expect(plot).to_be_visible()
        return output

    def map_row(self, name: str):
        """The cells of ``name``'s row in the table beside the chart."""
        table = self.map_output().locator("table").filter(has_text="How to engage them")
        return table.locator("tr").filter(has=self.page.get_by_role("cell", name=name, exact=True)).locator("td")

    def assert_on_map(self, name: str, when: str, *, power: int, interest: int) -> None:
        """``name`` is in the table (Stakeholder, Power, Interest, ...) and on the chart."""
        cells = self.map_row(name)
        expect(cells.first, f"{name} in the map's table {when}").to_have_text(name)
        expect(cells.nth(1), f"{name}'s power in the table {when}").to_have_text(str(power))
        expect(cells.nth(2), f"{name}'s interest in the table {when}").to_have_text(str(interest))
        expect(self.map_output().locator(".js-plotly-plot"), f"{name} on the chart {when}").to_contain_text(name)



def button(output, label: str):
    """The button whose accessible name is ``label``.

    """
    return output.get_by_role("button", name=label, exact=True)


def answers_text(root: Path) -> str:
    path = root / ANSWER_FILE
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def wait_for_saved(root: Path, name: str, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = answers_text(root)
        if name in text:
            with contextlib.suppress(ValueError):
                return json.loads(text)
        time.sleep(0.1)
    raise AssertionError(f"{name!r} never reached {root / ANSWER_FILE}:\n{answers_text(root)[:2000]}")


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
        return "\n".join(f"  {end - start:5.1f} s  {name}" for (name, start), end in zip(self.times, ends))


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


# -- the test ---------------------------------------------------------------


def open_tab(browser, lab: dict, **options):
    """A new browser session with one tab on the lab, as a participant's own browser."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **options)
    page = context.new_page()
    return context, page, Session(page, lab)


def test_participant_places_a_stakeholder_and_finds_it_again(lab, browser):
    context, page, session = open_tab(browser, lab)
    step = Steps()
    step("open the notebook")
    try:
        with screenshot_on_failure(page, lab, step):
            session.open_notebook()

            step("run all cells")
            session.run_all()
            output = session.wait_for_map()

            step("type a stakeholder (mouse click, then keyboard)")
            name_box = output.get_by_label("Stakeholder", exact=True)
            name_box.click()
            name_box.press_sequentially(STAKEHOLDER)
            expect(name_box).to_have_value(STAKEHOLDER)

            step("set power and interest with the keyboard, then press Place on map at once")
            # Tab order: Stakeholder -> Power -> Interest -> Place on map. No pause before
            # Enter: the press may reach the kernel before the last number does, and the
            # map must still end up with the numbers on screen.
            power = output.get_by_label("Power / influence", exact=True)
            interest = output.get_by_label("Interest", exact=True)
            place = button(output, "Place on map")
            page.keyboard.press("Tab")
            expect(power, "Tab from Stakeholder reaches Power / influence").to_be_focused()
            for _ in range(3):
                page.keyboard.press("ArrowUp")
            expect(power).to_have_value("8")
            page.keyboard.press("Tab")
            expect(interest, "Tab from Power reaches Interest").to_be_focused()
            for _ in range(2):
                page.keyboard.press("ArrowUp")
            expect(interest).to_have_value("7")
            page.keyboard.press("Tab")
            expect(place, "Tab from Interest reaches Place on map").to_be_focused()
            page.keyboard.press("Enter")
            expect(output).to_contain_text(f"{STAKEHOLDER} placed on the map.")
            session.assert_on_map(STAKEHOLDER, "after placing", power=8, interest=7)

            step("answers file")
            saved = wait_for_saved(lab["root"], STAKEHOLDER)
            placed = saved["exercises"]["stakeholder_map"]["stakeholders"]
            assert {"name": STAKEHOLDER, "power": 8, "interest": 7} in placed, placed

            step("check my work with the mouse")
            button(output, "Check my work").click()
            # Two stakeholders are needed to pass; the check says so in words.
            expect(output.get_by_role("alert")).to_contain_text(
                re.compile(r"Place at least 2 stakeholders on the map \(you have 1\)"))
            session.assert_no_traceback("after placing a stakeholder")
            session.no_lab_dialog("after placing a stakeholder")

            step("save and reload the page")
            session.save()
            session.reload()
            session.run_all()
            session.wait_for_map()
            session.assert_on_map(STAKEHOLDER, "after reloading the page and running all cells", power=8, interest=7)

            step("restart the kernel and run all cells")
            before = session.prompts()
            session.menu("Kernel", "Restart Kernel and Run All Cells…")
            dialog = page.locator(".jp-Dialog")
            expect(dialog).to_be_visible()
            expect(dialog).to_contain_text("Restart Kernel")
            dialog.get_by_role("button", name="Confirm Kernel Restart", exact=True).click()
            expect(dialog).to_have_count(0)
            session.wait_until_all_cells_ran(before, "after restarting the kernel")
            session.assert_no_traceback("after restarting the kernel")
            session.wait_for_map()
            session.assert_on_map(STAKEHOLDER, "after restarting the kernel", power=8, interest=7)

            assert not session.browser_dialogs, f"the browser asked: {session.browser_dialogs}"
        print(f"\nbrowser test steps:\n{step.report()}")
    finally:
        context.close()


@pytest.fixture(scope="module")
def map_view(lab, browser):
    """A fresh tab on the notebook, all cells run, scrolled to the stakeholder map."""
    context, page, session = open_tab(browser, lab)
    step = Steps()
    step("open the notebook and run all cells")
    try:
        with screenshot_on_failure(page, lab, step):
            session.open_notebook()
            session.run_all()
            output = session.wait_for_map()
        yield session, output
    finally:
        context.close()


def test_map_controls_have_accessible_names(map_view):
    session, output = map_view
    for label in ("Stakeholder", "Power / influence", "Interest", "On the map"):
        expect(output.get_by_label(label, exact=True), f"a control labelled {label!r}").to_have_count(1)
    for name in ("Place on map", "Remove from map", "Check my work"):
        expect(output.get_by_role("button", name=name, exact=True), f"a button named {name!r}").to_have_count(1)


def test_a_name_and_numbers_typed_quickly_are_the_ones_on_the_map(lab, map_view):
    """Type everything and press Place on map without a pause, as a fast typist or a slow Binder would."""
    session, output = map_view
    page = session.page
    name = "Rapid Response Team"
    step = Steps()
    step("type a name and both numbers, then press Place on map at once")
    with screenshot_on_failure(page, lab, step):
        output.get_by_label("Stakeholder", exact=True).fill(name)
        output.get_by_label("Power / influence", exact=True).fill("3")
        output.get_by_label("Interest", exact=True).fill("9")
        button(output, "Place on map").click()
        expect(output).to_contain_text(f"{name} placed on the map.")
        session.assert_on_map(name, "after a quick placement", power=3, interest=9)
        saved = wait_for_saved(lab["root"], name)
        assert {"name": name, "power": 3, "interest": 9} in saved["exercises"]["stakeholder_map"]["stakeholders"]


def test_download_then_restore_in_another_folder(lab, browser, tmp_path):
    """Download my work, then Restore my work in a fresh copy of the notebook elsewhere."""
    context, page, session = open_tab(browser, lab, accept_downloads=True)
    step = Steps()
    try:
        with screenshot_on_failure(page, lab, step):
            step("open the worked-on notebook and download the work")
            session.open_notebook()
            session.run_all()
            output = session.wait_for_map()
            output.get_by_label("Stakeholder", exact=True).fill(RESTORED)
            output.get_by_label("Power / influence", exact=True).fill("4")
            output.get_by_label("Interest", exact=True).fill("9")
            button(output, "Place on map").click()
            session.assert_on_map(RESTORED, "before downloading", power=4, interest=9)
            handin = page.locator(".jp-CodeCell").filter(has_text="workbook.hand_in()").locator(".jp-OutputArea")
            handin.scroll_into_view_if_needed()
            handin.get_by_label("Participant ID", exact=True).fill("alice")
            button(handin, "Download my work").click()
            link = handin.get_by_role("link", name=re.compile(r"alice__session2\.ipynb"))
            with page.expect_download() as started:
                link.click()
            download = started.value
            assert download.suggested_filename == "alice__session2.ipynb"
            handed_in = tmp_path / download.suggested_filename
            download.save_as(handed_in)
            assert RESTORED in handed_in.read_text(encoding="utf-8")

    finally:
        context.close()

    # A new browser session on a fresh copy in another folder, as on a new Binder.
    context, page, session = open_tab(browser, lab)
    try:
        with screenshot_on_failure(page, lab, step):
            step("restore it into a fresh notebook in another folder")
            session.open_notebook(f"elsewhere/{NOTEBOOK.name}", fresh_workspace=True)
            session.run_all()
            output = session.wait_for_map()
            expect(output).not_to_contain_text(RESTORED)
            handin = page.locator(".jp-CodeCell").filter(has_text="workbook.hand_in()").locator(".jp-OutputArea")
            handin.scroll_into_view_if_needed()
            with page.expect_file_chooser() as chooser:
                handin.get_by_role("button", name=re.compile(r"Restore my work")).click()
            chooser.value.set_files(str(handed_in))
            expect(handin).to_contain_text("Your work from alice__session2.ipynb is back.")
            session.assert_on_map(RESTORED, "after restoring elsewhere", power=4, interest=9)
            restored = wait_for_saved(lab["root"] / "elsewhere", RESTORED)
            assert restored["participant_id"] == "alice"
            session.assert_no_traceback("after restoring")
    finally:
        context.close()

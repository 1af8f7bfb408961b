"""The Sheet widget (workbooks/views/sheet.js) in real JupyterLab and headless Chromium.

Run with ``python -m pytest tests/test_sheet_widget_browser.py -m browser -q -s``; skipped without
playwright, JupyterLab or a Chromium (see ``browser_support``). It uses a scratch notebook holding one
Sheet whose callback writes every message it hears to ``sheet_log.jsonl`` beside the notebook.
One lab, one tab, one pass through: typing then Add row at once, Enter, Remove row, a change from
Python while a box has focus, a narrow output, a kernel restart and what was typed meanwhile.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    Notebook,
    Steps,
    expect,
    open_tab,
    running_lab,
    screenshot_on_failure,
)
from workbooks import messages

pytestmark = pytest.mark.browser

STORAGE_KEY = "workbooks-test/sheet"
SHEET_CELL = f"""\
import json, pathlib, time
from workbooks.views.sheet import Sheet, field
LOG = pathlib.Path("sheet_log.jsonl")
sheet = Sheet([field("name", "Name"), field("purpose", "Purpose", multiline=True, hint="at least 15 words")],
              caption="Your team", storage_key={STORAGE_KEY!r})
def record(rows, reason):
    time.sleep(0.2)  # a slow save: messages wait in line, as on a busy kernel
    with LOG.open("a", encoding="utf-8") as log:
        log.write(json.dumps({{"rows": rows, "reason": reason}}) + "\\n")
    if reason == "add" and len(rows) == 3:  # Python changes the rows while the new row's box has focus
        sheet.rows = [dict(rows[0], purpose="Changed by the kernel"), rows[1], dict(rows[2], name="Not typed")]
    sheet.status = {{"text": "Saved.", "ok": True}}
sheet.on_rows(record)
sheet
"""
FORM_CELL = """\
goal = Sheet([field("goal", "Goal", hint="one sentence"), field("why", "Why it matters", multiline=True)],
             layout="form", caption="Your goal")
goal
"""


@dataclass(frozen=True)
class ScratchNotebook(Notebook):
    """A notebook written for this test, not one of the released sessions."""

    path: Path = Path()

    @property
    def source(self) -> Path:
        return self.path


def scratch_notebook(folder: Path) -> ScratchNotebook:
    cells = [{"cell_type": "code", "execution_count": None, "id": name, "metadata": {}, "outputs": [],
              "source": source.splitlines(keepends=True)}
             for name, source in (("sheet", SHEET_CELL), ("form", FORM_CELL))]
    notebook = {"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}}}
    path = folder / "sheet_check.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return ScratchNotebook("sheet_check", path)


@pytest.fixture(scope="module")
def notebook():
    with tempfile.TemporaryDirectory(prefix="workbooks-sheet-") as folder:
        yield scratch_notebook(Path(folder))


@pytest.fixture(scope="module")
def lab(notebook):
    with running_lab([notebook]) as server:
        yield server


def logged(lab: dict, holds, what: str, timeout: float = 10) -> dict:
    """The last message the kernel's callback heard, once ``holds(it)``."""
    path = lab["root"] / "sheet_log.jsonl"
    deadline = time.monotonic() + timeout
    last: dict = {}
    while time.monotonic() < deadline:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        last = json.loads(lines[-1]) if lines else {}
        if last and holds(last):
            return last
        time.sleep(0.1)
    raise AssertionError(f"the kernel never heard {what}; last heard: {last}")


def stored(page) -> dict:
    return json.loads(page.evaluate("key => localStorage.getItem(key) || 'null'", STORAGE_KEY) or "null") or {}


def test_a_participant_edits_a_sheet_through_a_kernel_restart(lab, browser, notebook):
    context, page, session = open_tab(browser, lab, notebook)
    steps = Steps()
    blank = {"name": "", "purpose": ""}
    try:
        with screenshot_on_failure(page, lab, steps):
            steps("open and run the notebook")
            session.open_notebook(fresh_workspace=True)
            session.run_all()
            sheet = page.locator(".workbooks-sheet").first
            expect(sheet).to_be_visible()
            expect(sheet.locator("caption")).to_have_text("Your team")
            status = sheet.locator('[role="status"]')

            steps("type, then Add row at once: nothing typed is lost")
            name1 = page.get_by_role("textbox", name="Name, row 1", exact=True)
            purpose1 = page.get_by_role("textbox", name="Purpose, row 1", exact=True)
            expect(purpose1).to_have_accessible_description(re.compile("at least 15 words"))
            name1.click()
            page.keyboard.type("Ann mx")  # "m" and "x" are notebook shortcuts in command mode
            purpose1.click()
            page.keyboard.type("Runs the welcome call")
            page.get_by_role("button", name=messages.text("sheet.add"), exact=True).click()
            name2 = page.get_by_role("textbox", name="Name, row 2", exact=True)
            expect(name2).to_be_focused()
            ann = {"name": "Ann mx", "purpose": "Runs the welcome call"}
            logged(lab, lambda m: m["reason"] == "add" and m["rows"] == [ann, blank], "Ann's row and a new one")
            expect(page.locator(".jp-MarkdownCell")).to_have_count(0)  # "m" never reached JupyterLab
            expect(status).to_contain_text(messages.text("sheet.added", n=2))

            steps("Enter moves down a column, and adds a row on the last row")
            name1.press("Enter")
            expect(name2).to_be_focused()
            page.keyboard.type("Bea")
            page.keyboard.press("Enter")
            name3 = page.get_by_role("textbox", name="Name, row 3", exact=True)
            expect(name3).to_be_focused()
            page.keyboard.type("Cy")

            steps("a change from Python redraws, but not the box being typed in")
            expect(purpose1).to_have_value("Changed by the kernel")
            expect(name3).to_have_value("Cy")
            expect(name3).to_be_focused()
            logged(lab, lambda m: [r["name"] for r in m["rows"]] == ["Ann mx", "Bea", "Cy"],
                   "the typed name rather than Python's")

            steps("Remove row 3: focus on a neighbour, the status line says so")
            page.get_by_role("button", name=messages.text("sheet.remove_row", n=3), exact=True).click()
            expect(page.get_by_role("textbox", name="Name, row 3", exact=True)).to_have_count(0)
            expect(name2).to_be_focused()
            expect(status).to_contain_text(messages.text("sheet.removed", n=3))
            two = [dict(ann, purpose="Changed by the kernel"), {"name": "Bea", "purpose": ""}]
            logged(lab, lambda m: m["reason"] == "remove" and m["rows"] == two, "the removal")
            expect(status).to_contain_text("Saved.")
            page.wait_for_function("key => JSON.parse(localStorage.getItem(key) || '{}').acked === true",
                                   arg=STORAGE_KEY)

            steps("a form: one record, labels above boxes, no Add row")
            form = page.get_by_role("group", name="Your goal")
            goal = form.get_by_role("textbox", name="Goal", exact=True)
            expect(goal).to_have_accessible_description("one sentence")
            expect(form.get_by_role("button")).to_have_count(0)
            goal.click()
            page.keyboard.type("Welcome newcomers")
            page.keyboard.press("Enter")
            expect(form.get_by_role("textbox", name="Why it matters", exact=True)).to_be_focused()

            steps("a narrow output shows cards, and nothing is cut off")
            for width in (800, 480):
                page.set_viewport_size({"width": width, "height": 900})
                sheet.scroll_into_view_if_needed()
                page.wait_for_timeout(200)
                box = sheet.evaluate("e => ({width: e.clientWidth, scroll: e.scrollWidth,"
                                     " em: parseFloat(getComputedStyle(e).fontSize),"
                                     " row: getComputedStyle(e.querySelector('tbody tr')).display})")
                assert box["scroll"] <= box["width"] + 1, f"the sheet is cut off at {width} px: {box}"
                narrow = box["width"] < (2 * 11 + 7) * box["em"]  # two columns of about 11em, as sheet.js reckons
                assert (box["row"] == "block") == narrow, f"cards or table at {width} px: {box}"
            assert box["row"] == "block", f"no cards at 480 px: {box}"
            page.set_viewport_size({"width": 1400, "height": 1000})

            steps("restart the kernel: the sheet says at once that it has stopped")
            session.restart_kernel()
            expect(status).to_contain_text(messages.text("sheet.gone"), timeout=2_000)
            expect(status).not_to_contain_text("Saved.")
            name1.click()
            page.keyboard.press("End")
            page.keyboard.type(" (offline)")
            page.wait_for_timeout(500)
            kept = stored(page)
            assert kept.get("acked") is False and kept["rows"][0]["name"] == "Ann mx (offline)", kept

            steps("Run All: what was typed meanwhile comes back and reaches the kernel")
            session.wait_for_kernel("after restarting the kernel")
            session.run_all()
            name1 = page.get_by_role("textbox", name="Name, row 1", exact=True)
            expect(name1).to_have_value("Ann mx (offline)")
            expect(page.locator(".workbooks-sheet [role='status']").first).to_contain_text(messages.text("sheet.back"))
            logged(lab, lambda m: m["reason"] == "restore" and m["rows"][0]["name"] == "Ann mx (offline)",
                   "what was typed while the kernel was gone")
            page.wait_for_function("key => JSON.parse(localStorage.getItem(key) || '{}').acked === true",
                                   arg=STORAGE_KEY)
    finally:
        print("\n" + steps.report())
        context.close()

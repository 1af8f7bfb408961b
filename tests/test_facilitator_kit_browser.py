"""A facilitator's kit in real JupyterLab and Chromium: the room timer used by keyboard alone, on a clock the
test moves forward; the closing part's cohort feedback; and the accessibility checks on the kit's outputs.

The kit sits in ``facilitator/`` inside a course folder, as in the repository, so its closing cell finds the
course (with nothing collected yet).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from a11y_support import WIDTHS, audit, cut_off, describe
from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    REPO,
    Notebook,
    Steps,
    expect,
    open_tab,
    running_lab,
    screenshot_on_failure,
)
from colour_support import contrast
from workbooks import messages
from workbooks.facilitation.timer import session_presets

pytestmark = pytest.mark.browser

SESSION = "session1"
TIMER_CELL = f'room_timer("{SESSION}")'
CLOSING_CELL = f'cohort_closing_feedback("{SESSION}")'


@dataclass(frozen=True)
class KitNotebook(Notebook):
    """A facilitator's kit, opened from the course folder's facilitator/ folder."""

    @property
    def source(self) -> Path:
        return REPO / "facilitator" / f"{self.session}.ipynb"


KIT = KitNotebook(SESSION)


@pytest.fixture(scope="module")
def lab():
    with running_lab([]) as server:
        root = server["root"]
        shutil.copy(REPO / "nbgrader_config.py", root)
        (root / "source" / SESSION).mkdir(parents=True)
        shutil.copy(REPO / "source" / SESSION / f"{SESSION}.ipynb", root / "source" / SESSION)
        (root / "facilitator").mkdir()
        shutil.copy(KIT.source, root / "facilitator")
        yield server


def unique_start(label: str, labels: list[str]) -> str:
    """The first letters of ``label`` that no other label starts with: what a keyboard user types in a list."""
    for end in range(1, len(label) + 1):
        start = label[:end]
        if not start.endswith(" ") and [other.startswith(start) for other in labels].count(True) == 1:
            return start
    raise AssertionError(f"{label!r} is not told apart from the others by its start")


def t(key: str, **params: object) -> str:
    return messages.text(f"timer.{key}", **params)


def test_a_facilitator_runs_the_kit_timer_by_keyboard_and_reads_the_closing(lab, browser):
    context, page, session = open_tab(browser, lab, KIT)
    steps = Steps()
    presets = session_presets(SESSION)
    label, minutes = presets[1]
    try:
        with screenshot_on_failure(page, lab, steps):
            steps("open the kit and run all cells; then put the page on a clock the test can move")
            session.open_notebook(f"facilitator/{KIT.name}", workspace="kit")
            session.run_all()
            # Only now: JupyterLab draws cells when the browser is idle, which a fake clock installed from the
            # start holds back. The timer reads the clock each time, so it runs on this one from here on.
            page.clock.install()
            timer = session.cell_output(TIMER_CELL).locator(".workbooks-timer")
            expect(timer).to_be_visible(timeout=60_000)
            display = timer.get_by_role("timer")
            status = timer.locator(".timer-status")
            first_label, first_minutes = presets[0]
            expect(display).to_have_text(f"{first_minutes:02d}:00")
            expect(status).to_have_text(t("ready"))

            steps("pick the second part of the run sheet by typing its first letters")
            part = timer.get_by_label(t("part"), exact=True)
            part.focus()
            page.keyboard.type(unique_start(label, [name for name, _ in presets]))
            expect(part).to_have_value("1")
            expect(display).to_have_text(f"{minutes:02d}:00")

            steps("Tab to Start and press Enter: it runs and says so")
            page.keyboard.press("Tab")  # the minutes box
            expect(timer.get_by_label(t("minutes"), exact=True)).to_be_focused()
            page.keyboard.press("Tab")
            start = timer.get_by_role("button", name=t("start"), exact=True)
            expect(start).to_be_focused()
            focus = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                                  " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth),"
                                  " colour: s.outlineColor}; }")
            assert focus["style"] == "solid" and focus["width"] >= 3 and contrast(focus["colour"]) >= 3, focus
            page.keyboard.press("Enter")
            expect(status).to_have_text(t("running"))
            expect(timer.get_by_role("status")).to_have_text(t("started", minutes=minutes))

            steps("ten seconds later, Enter again pauses it, and time stands still")
            page.clock.fast_forward(10_000)
            # Ten seconds, and the moments the test itself took on the real clock, which flows too.
            expect(display).to_have_text(re.compile(rf"^{minutes - 1:02d}:(50|49|48)$"))
            page.keyboard.press("Enter")
            expect(status).to_have_text(t("paused"))
            paused_at = display.text_content()
            page.clock.fast_forward(30_000)
            page.wait_for_timeout(500)
            expect(display).to_have_text(paused_at)
            expect(timer.get_by_role("button", name=t("resume"), exact=True)).to_be_focused()

            steps("Tab to Reset and press Enter: back to the full time")
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            expect(display).to_have_text(f"{minutes:02d}:00")
            expect(status).to_have_text(t("ready"))

            steps("Add a minute, then Reset: back to the block's own length")
            page.keyboard.press("Tab")
            expect(timer.get_by_role("button", name=t("add_minute"), exact=True)).to_be_focused()
            page.keyboard.press("Enter")
            expect(display).to_have_text(f"{minutes + 1:02d}:00")
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Enter")
            expect(display).to_have_text(f"{minutes:02d}:00")

            steps("start again and let the time run out: it is said in words and announced at once")
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Enter")
            page.clock.fast_forward(minutes * 60_000 + 1_000)
            expect(display).to_have_text("00:00")
            expect(status).to_contain_text(t("up"))
            expect(timer.get_by_role("alert")).to_have_text(t("up_announce", label=label))

            steps("the closing part says that no feedback is collected yet")
            closing = session.cell_output(CLOSING_CELL)
            expect(closing).to_contain_text("No closing feedback for this session has been collected yet")
            session.assert_no_traceback("after running the kit")

            for width in WIDTHS:
                steps(f"axe audit of the kit's outputs at {width} px, and nothing cut off")
                page.set_viewport_size({"width": width, "height": 900})
                violations = audit(page)
                assert not violations, describe(violations)
                found = cut_off(page, width)
                assert not found, found
    finally:
        print("\n" + steps.report())
        context.close()


def test_the_kit_offers_the_run_sheet_as_the_timer_parts():
    cells = json.loads(KIT.source.read_text(encoding="utf-8"))["cells"]
    assert any(TIMER_CELL in "".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert any(CLOSING_CELL in "".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert len(session_presets(SESSION)) >= 2

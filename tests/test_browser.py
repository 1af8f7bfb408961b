"""A participant works through the stakeholder map in real JupyterLab and headless Chromium.

Run with ``python -m pytest tests/test_browser.py -m browser -q -s``. It needs the
``course`` extra (JupyterLab), playwright (the Python package) and a Chromium at
``/usr/bin/chromium`` (Debian's ``chromium`` package; ``WORKBOOKS_CHROMIUM`` names
another); without them it is skipped.
No browser is downloaded: the system Chromium is launched directly.

The notebooks are copied into a fresh temporary folder that becomes the server's
root (session 2 a second time into ``elsewhere``), and every Jupyter folder is a
temporary one: see ``browser_support``, which holds the server, the browser and
the participant's tab shared with ``test_browser_sessions.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    ALL_NOTEBOOKS,
    RUN_ALL_TIMEOUT,
    SESSION2,
    Session,
    Steps,
    button,
    expect,
    headless_chromium,
    running_lab,
    screenshot_on_failure,
    wait_for_answers,
)
from browser_support import (
    open_tab as open_any_tab,
)
from colour_support import contrast

pytestmark = pytest.mark.browser

NOTEBOOK = SESSION2.source
ANSWER_FILE = SESSION2.answer_file
STAKEHOLDER = "Open Source Guild"
RESTORED = "Garden Collective"


@pytest.fixture(scope="module")
def lab():
    """A JupyterLab server whose root is a fresh folder holding copies of the four notebooks."""
    with running_lab(ALL_NOTEBOOKS, elsewhere=[SESSION2]) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with headless_chromium() as chromium:
        yield chromium


# -- helpers -----------------------------------------------------------------


class MapSession(Session):
    """A tab on session 2, with the stakeholder map."""

    def map_output(self):
        """The output of the cell that shows the stakeholder map."""
        return self.cell_output('show("session2", "stakeholder_map")')

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


def wait_for_saved(root: Path, name: str, timeout: float = 10) -> dict:
    """The session 2 answers in ``root`` once they mention ``name``."""
    return wait_for_answers(root / ANSWER_FILE, lambda answers: name in json.dumps(answers), repr(name), timeout)


def open_tab(browser, lab: dict, **options):
    """A new browser session with one tab on session 2, as a participant's own browser."""
    return open_any_tab(browser, lab, SESSION2, session_class=MapSession, **options)


# -- the test ---------------------------------------------------------------


def test_participant_places_a_stakeholder_and_finds_it_again(lab, browser):
    context, page, session = open_tab(browser, lab)
    step = Steps()
    step("open the notebook")
    try:
        with screenshot_on_failure(page, lab, step):
            session.open_notebook()

            step("the notebook has the whole width: the file browser is closed, no notification covers it")
            expect(page.locator("#filebrowser")).to_be_hidden()
            expect(page.locator(".jp-Notebook")).to_be_visible()
            expect(page.locator(".Toastify__toast")).to_have_count(0)

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
            before = session.cells_run
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


def test_the_focused_control_has_an_outline_of_3_to_1_or_more(map_view):
    """WCAG 2.2 focus visibility: ipywidgets' own is a 1 px line at 2.2:1."""
    session, output = map_view
    for control in (output.get_by_label("Stakeholder", exact=True),
                    output.get_by_role("button", name="Place on map", exact=True)):
        control.focus()
        style = session.page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor}; }")
        assert style["style"] == "solid" and style["width"] >= 2, style
        assert contrast(style["colour"]) >= 3, style


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
            handin = session.cell_output("hand_in(")
            handin.scroll_into_view_if_needed()
            handin.get_by_label("Participant ID", exact=True).fill("alice")
            with page.expect_download() as started:  # one click: no second link to press
                button(handin, "Download my work").click()
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
            handin = session.cell_output("hand_in(")
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

"""A participant works through the stakeholder map in real JupyterLab and headless Chromium.

Run with ``python -m pytest tests/test_browser.py -m browser -q -s``. It needs the
``course`` extra (JupyterLab), playwright (the Python package) and a Chromium at
``/usr/bin/chromium`` (Debian's ``chromium`` package; ``WORKBOOKS_CHROMIUM`` names
another); without them it is skipped.
No browser is downloaded: the system Chromium is launched directly.

The map (workbooks/views/stakeholder_map.js) is used as a participant uses it: a click on the map places
the chosen stakeholder, a drag moves them; by keyboard only, the number boxes and Place on map, and the
arrow keys on a focused marker. At 800 px with the file browser open every marker is still in sight.

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


# -- helpers -----------------------------------------------------------------

# Where a marker, its name and the drawing are on the page; the name is found by the marker's id.
WHERE_ON_THE_PAGE = """([svg, marker]) => {
    const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const label = svg.querySelector(`[data-marker="${marker.id}"]`);
    return {svg: box(svg), marker: box(marker.querySelector('.map-shape')), label: label ? box(label) : null,
            output: box(svg.closest('.jp-OutputArea-output')), notebook: box(svg.closest('.jp-Notebook'))};
}"""


def inside(inner: list[float], outer: list[float]) -> bool:
    return (inner[0] >= outer[0] - 0.5 and inner[1] >= outer[1] - 0.5
            and inner[2] <= outer[2] + 0.5 and inner[3] <= outer[3] + 0.5)


class MapSession(Session):
    """A tab on session 2, with the stakeholder map."""

    def map_output(self):
        """The output of the cell that shows the stakeholder map."""
        return self.cell_output('show("session2", "stakeholder_map")')

    def drawing(self):
        """The map itself: an SVG named for screen readers, its markers buttons inside it."""
        return self.map_output().get_by_role("group", name="Stakeholder map", exact=True)

    def wait_for_map(self):
        output = self.map_output()
        drawing = self.drawing()
        drawing.wait_for(state="attached", timeout=RUN_ALL_TIMEOUT)
        drawing.scroll_into_view_if_needed()
        expect(drawing).to_be_visible()
        return output

    def status(self):
        """The map's own status line: what was just done, and whether it is saved."""
        return self.map_output().locator(".workbooks-map").get_by_role("status")

    def marker(self, name: str):
        """``name``'s marker: a button named for where it is ("Mentors: power 8, interest 7, Manage closely")."""
        return self.drawing().get_by_role("button", name=re.compile(rf"^{re.escape(name)}: power "))

    def point(self, power: int, interest: int) -> tuple[float, float]:
        """Where on the page the map shows ``power`` and ``interest``, measured now (the page may have moved).
        The plot reaches half a step beyond 0 and 10, so each whole number is the middle of one of 11 steps."""
        box = self.map_output().locator("rect.map-plot").bounding_box()
        assert box, "the map's plot is not on the page"
        return box["x"] + box["width"] * (interest + 0.5) / 11, box["y"] + box["height"] * (10.5 - power) / 11

    def click_map(self, power: int, interest: int) -> None:
        self.drawing().scroll_into_view_if_needed()
        self.page.mouse.click(*self.point(power, interest))

    def drag(self, name: str, power: int, interest: int) -> None:
        """Drags ``name``'s marker with the mouse to ``power`` and ``interest``, in small steps, as a hand does."""
        marker = self.marker(name)
        marker.scroll_into_view_if_needed()
        box = marker.bounding_box()
        assert box, f"{name} is not on the map"
        self.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        self.page.mouse.down()
        self.page.mouse.move(*self.point(power, interest), steps=12)
        self.page.mouse.up()

    def map_row(self, name: str):
        """The cells of ``name``'s row in the table beside the map."""
        table = self.map_output().locator("table").filter(has_text="How to engage them")
        return table.locator("tr").filter(has=self.page.get_by_role("cell", name=name, exact=True)).locator("td")

    def assert_on_map(self, name: str, when: str, *, power: int, interest: int, quadrant: str = "") -> None:
        """``name`` is in the table (Stakeholder, Power, Interest, ...) and on the map where it says, whole."""
        cells = self.map_row(name)
        expect(cells.first, f"{name} in the map's table {when}").to_have_text(name)
        expect(cells.nth(1), f"{name}'s power in the table {when}").to_have_text(str(power))
        expect(cells.nth(2), f"{name}'s interest in the table {when}").to_have_text(str(interest))
        where = rf"^{re.escape(name)}: power {power}, interest {interest}, {re.escape(quadrant) if quadrant else '.+'}$"
        expect(self.marker(name), f"{name} on the map {when}").to_have_accessible_name(re.compile(where))
        found = self.page.evaluate(WHERE_ON_THE_PAGE, [self.drawing().element_handle(),
                                                        self.marker(name).element_handle()])
        assert inside(found["marker"], found["svg"]), f"{name}'s marker leaves the drawing {when}: {found}"
        assert found["label"] and inside(found["label"], found["svg"]), \
            f"{name}'s name leaves the drawing {when}: {found}"
        assert inside(found["svg"], found["output"]), f"the drawing does not fit its output {when}: {found}"
        assert found["svg"][2] <= found["notebook"][2] + 0.5, f"the drawing runs past the notebook {when}: {found}"


def wait_for_saved(root: Path, name: str, timeout: float = 10) -> dict:
    """The session 2 answers in ``root`` once they mention ``name``."""
    return wait_for_answers(root / ANSWER_FILE, lambda answers: name in json.dumps(answers), repr(name), timeout)


def wait_for_placed(root: Path, name: str, power: int, interest: int, what: str) -> dict:
    """The session 2 answers in ``root`` once they have ``name`` at ``power`` and ``interest``."""
    entry = {"name": name, "power": power, "interest": interest}
    return wait_for_answers(root / ANSWER_FILE,
                            lambda answers: entry in answers["exercises"]["stakeholder_map"]["stakeholders"], what)


def open_tab(browser, lab: dict, **options):
    """A new browser session with one tab on session 2, as a participant's own browser."""
    return open_any_tab(browser, lab, SESSION2, session_class=MapSession, **options)


# -- the tests ---------------------------------------------------------------


def test_participant_places_a_stakeholder_and_finds_it_again(lab, browser):
    """With the mouse: click on the map to place, drag to move; then a reload, a stopped kernel, a restart."""
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

            step("type a stakeholder (mouse click, then keyboard): no position until placed")
            name_box = output.get_by_label("Stakeholder", exact=True)
            name_box.click()
            name_box.press_sequentially(STAKEHOLDER)
            expect(name_box).to_have_value(STAKEHOLDER)
            expect(output.get_by_label("Power / influence", exact=True)).to_have_value("")
            expect(output.get_by_label("Interest", exact=True)).to_have_value("")
            expect(session.marker(STAKEHOLDER)).to_have_count(0)
            expect(output).to_contain_text(f"{STAKEHOLDER} is not on the map yet.")

            step("click on the map to place them")
            session.click_map(8, 7)
            expect(session.status()).to_contain_text(f"{STAKEHOLDER} placed at power 8, interest 7: Manage closely.")
            session.assert_on_map(STAKEHOLDER, "after clicking on the map", power=8, interest=7,
                                  quadrant="Manage closely")
            expect(output.get_by_label("Power / influence", exact=True)).to_have_value("8")
            expect(output.get_by_label("Interest", exact=True)).to_have_value("7")
            expect(session.status()).to_contain_text(re.compile(r"Saved at \d\d:\d\d:\d\d"))

            step("drag them to another place")
            session.drag(STAKEHOLDER, 9, 3)
            expect(session.status()).to_contain_text(f"{STAKEHOLDER} moved to power 9, interest 3: Keep satisfied.")
            session.assert_on_map(STAKEHOLDER, "after dragging", power=9, interest=3, quadrant="Keep satisfied")

            step("answers file")
            saved = wait_for_placed(lab["root"], STAKEHOLDER, 9, 3, "the dragged stakeholder")
            assert [e["name"] for e in saved["exercises"]["stakeholder_map"]["stakeholders"]] == [STAKEHOLDER]

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
            session.assert_on_map(STAKEHOLDER, "after reloading the page and running all cells", power=9, interest=3)

            step("restart the kernel: the map says at once that nothing is saved")
            session.restart_kernel()
            output = session.map_output()
            expect(session.status()).to_contain_text("The workbook has stopped")
            expect(session.status()).not_to_contain_text("Saved at")

            step("move the stakeholder while the kernel is gone: choose them with a click, then click on the map")
            session.marker(STAKEHOLDER).click()
            expect(output.get_by_label("Stakeholder", exact=True)).to_have_value(STAKEHOLDER)
            session.click_map(2, 6)
            expect(session.marker(STAKEHOLDER)).to_have_accessible_name(
                f"{STAKEHOLDER}: power 2, interest 6, Inform regularly")
            expect(session.status()).to_contain_text("The workbook has stopped")

            step("run all cells: the move made meanwhile comes back from the browser and is saved")
            session.run_all()
            session.wait_for_map()
            expect(session.status()).to_contain_text("brought back from this browser")
            session.assert_on_map(STAKEHOLDER, "after running all cells again", power=2, interest=6)
            wait_for_placed(lab["root"], STAKEHOLDER, 2, 6, "the move made while the kernel was gone")

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
            session.assert_on_map(STAKEHOLDER, "after restarting the kernel", power=2, interest=6)

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
    for label in ("Stakeholder", "Power / influence", "Interest"):
        expect(output.get_by_label(label, exact=True), f"a control labelled {label!r}").to_have_count(1)
    for name in ("Place on map", "Remove from map", "Check my work"):
        expect(output.get_by_role("button", name=name, exact=True), f"a button named {name!r}").to_have_count(1)
    expect(session.drawing(), "the map is named for screen readers").to_have_count(1)
    expect(session.drawing()).to_have_accessible_description(re.compile(r"^Click on the map to place"))
    expect(output, "the text alternative beside the map").to_contain_text("Stakeholders on the map:")


def test_the_focused_control_has_an_outline_of_3_to_1_or_more(map_view):
    """WCAG 2.2 focus visibility (ipywidgets' own is a 1 px line at 2.2:1): the boxes, the buttons and the
    markers on the map, each reached with the Tab key."""
    session, output = map_view
    page = session.page
    name = "Outline Checkers"
    output.get_by_label("Stakeholder", exact=True).fill(name)
    session.click_map(1, 1)
    expect(session.status()).to_contain_text(f"{name} placed at power 1, interest 1")
    for control in (output.get_by_label("Stakeholder", exact=True),
                    output.get_by_label("Power / influence", exact=True),
                    output.get_by_role("button", name="Place on map", exact=True),
                    session.marker(name)):
        control.focus()
        page.keyboard.press("Shift+Tab")  # then back by keyboard: :focus-visible shows a keyboard's focus
        page.keyboard.press("Tab")
        expect(control).to_be_focused()
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor}; }")
        assert style["style"] == "solid" and style["width"] >= 3, style
        assert contrast(style["colour"]) >= 3, style
    # The marker's own ring, drawn whatever the browser does with outlines on SVG.
    ring = session.marker(name).locator(".map-ring").evaluate(
        "e => { const s = getComputedStyle(e); return {colour: s.stroke, width: parseFloat(s.strokeWidth)}; }")
    assert ring["width"] >= 3 and contrast(ring["colour"]) >= 3, ring


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
        expect(session.status()).to_contain_text(f"{name} placed at power 3, interest 9: Inform regularly.")
        session.assert_on_map(name, "after a quick placement", power=3, interest=9)
        saved = wait_for_saved(lab["root"], name)
        assert {"name": name, "power": 3, "interest": 9} in saved["exercises"]["stakeholder_map"]["stakeholders"]


def test_the_map_by_keyboard_only(lab, map_view):
    """The number boxes and Place on map, a number out of range said beside its box as typed, the arrow keys
    on a focused marker, and Remove from map: no mouse."""
    session, output = map_view
    page = session.page
    name = "Keyboard Guild"
    name_box = output.get_by_label("Stakeholder", exact=True)
    power = output.get_by_label("Power / influence", exact=True)
    interest = output.get_by_label("Interest", exact=True)
    step = Steps()
    with screenshot_on_failure(page, lab, step):
        step("type a name, Enter, then the numbers, one out of range, and press Place on map")
        name_box.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        expect(power, "Enter in the name box goes on to Power / influence").to_be_focused()
        expect(power, "a new stakeholder has no position").to_have_value("")
        page.keyboard.type("6")
        page.keyboard.press("Tab")
        expect(interest, "Tab from Power reaches Interest").to_be_focused()
        page.keyboard.type("12")
        page.keyboard.press("Tab")
        expect(button(output, "Place on map"), "Tab from Interest reaches Place on map").to_be_focused()
        page.keyboard.press("Enter")
        expect(interest, "the box to correct has the focus").to_be_focused()
        expect(interest, "kept as typed, never silently made 10").to_have_value("12")
        expect(output).to_contain_text("“12” is not a whole number from 0 to 10, so the map was not changed.")
        expect(interest).to_have_attribute("aria-invalid", "true")
        expect(interest).to_have_accessible_description(re.compile(r"“12” is not a whole number from 0 to 10"))
        expect(session.marker(name)).to_have_count(0)

        step("correct it and press Enter in the box")
        page.keyboard.press("Control+A")
        page.keyboard.type("7")
        page.keyboard.press("Enter")
        expect(session.status()).to_contain_text(f"{name} placed at power 6, interest 7: Manage closely.")
        session.assert_on_map(name, "after placing by keyboard", power=6, interest=7)
        expect(interest).not_to_have_attribute("aria-invalid", "true")

        step("Shift+Tab back to the marker, then the arrow keys move it")
        name_box.focus()
        for _ in range(15):
            page.keyboard.press("Shift+Tab")
            if page.evaluate("(n) => (document.activeElement.getAttribute('aria-label') || '').startsWith(n)",
                             f"{name}: "):
                break
        marker = session.marker(name)
        expect(marker, "the marker is reached by keyboard").to_be_focused()
        for key in ("ArrowDown", "ArrowDown", "ArrowLeft", "ArrowLeft", "ArrowLeft"):
            page.keyboard.press(key)
        expect(session.status()).to_contain_text(f"{name} moved to power 4, interest 4: Monitor and anticipate needs.")
        expect(marker, "the moved marker keeps the focus").to_be_focused()
        session.assert_on_map(name, "after the arrow keys", power=4, interest=4)
        wait_for_placed(lab["root"], name, 4, 4, "the keyboard's move")
        expect(power).to_have_value("4")
        expect(interest).to_have_value("4")

        step("Remove from map, by keyboard")
        button(output, "Remove from map").focus()
        page.keyboard.press("Enter")
        expect(session.status()).to_contain_text(f"{name} removed from the map.")
        expect(session.marker(name)).to_have_count(0)
        expect(power).to_have_value("")
        wait_for_answers(lab["root"] / ANSWER_FILE, lambda answers: name not in json.dumps(answers), "the removal")


def test_at_800_px_with_the_file_browser_open_every_marker_is_in_sight(lab, map_view):
    """The map follows its output's width, and nothing placed is ever out of the drawing."""
    session, output = map_view
    page = session.page
    edges = {"Edge Right Top": (10, 10), "Edge Left Bottom": (0, 0), "A Rather Long Stakeholder Name At 10": (5, 10)}
    step = Steps()
    with screenshot_on_failure(page, lab, step):
        step("place stakeholders at the edges of the map")
        for name, (power, interest) in edges.items():
            output.get_by_label("Stakeholder", exact=True).fill(name)
            output.get_by_label("Power / influence", exact=True).fill(str(power))
            output.get_by_label("Interest", exact=True).fill(str(interest))
            button(output, "Place on map").click()
            expect(session.status()).to_contain_text(f"{name} placed at power {power}, interest {interest}")
        wide = session.drawing().bounding_box()

        step("800 px wide with the file browser open (View > File Browser)")
        page.set_viewport_size({"width": 800, "height": 900})
        session.menu("View", "File Browser")
        expect(page.locator("#filebrowser")).to_be_visible()
        try:
            session.drawing().scroll_into_view_if_needed()
            expect(session.drawing()).to_be_visible()
            page.wait_for_timeout(300)  # the output takes its new width
            narrow = session.drawing().bounding_box()
            assert narrow["width"] < wide["width"], (wide, narrow)  # it follows its output's width
            placed = [e["name"] for e in wait_for_saved(lab["root"], "Edge Right Top")[
                "exercises"]["stakeholder_map"]["stakeholders"]]
            for name in placed:  # every stakeholder on the map, these and the earlier tests' ones
                expect(session.marker(name)).to_be_visible()
                found = page.evaluate(WHERE_ON_THE_PAGE, [session.drawing().element_handle(),
                                                          session.marker(name).element_handle()])
                assert inside(found["marker"], found["svg"]) and inside(found["label"], found["svg"]), (name, found)
                assert inside(found["svg"], found["output"]) and found["svg"][2] <= found["notebook"][2] + 0.5, found
            for name, (power, interest) in edges.items():
                session.assert_on_map(name, "at 800 px with the file browser open", power=power, interest=interest)
            for control in output.locator(".workbooks-map").locator("input, button").all():
                if control.is_visible():  # no box or button cut short
                    assert control.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), control.evaluate(
                        "e => e.outerHTML")

            step("a click still lands where it is meant to at this size")
            output.get_by_label("Stakeholder", exact=True).fill("Edge Left Bottom")
            session.click_map(1, 9)
            expect(session.status()).to_contain_text("Edge Left Bottom moved to power 1, interest 9")
        finally:
            session.menu("View", "File Browser")  # closed again, as the participant found it
            page.set_viewport_size({"width": 1400, "height": 1000})


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

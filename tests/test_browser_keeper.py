"""Download my work (the Keeper, workbooks/views/keeper.js) in real JupyterLab and headless Chromium.

Run with ``python -m pytest tests/test_browser_keeper.py -m browser -q -s``; skipped without playwright,
JupyterLab or a Chromium (see ``browser_support``).

* With the kernel running, one click downloads ``<id>__session2.ipynb``.
* With the server stopped (as Binder culls an idle participant's), one click still downloads the answers,
  as ``<id>__session2_answers.json`` with what was typed into a table after the stop, and the facilitator's
  ``workbooks collect`` and ``workbooks grade`` give it full marks. That test stops a lab of its own.
* A fresh copy of the notebook elsewhere, in the same browser, offers to bring back the answers this
  browser kept, and one click puts them in its answers file.
* Restore my work (a button; the browser reads the file and sends it to the kernel) brings a downloaded
  answers file into a fresh copy; with the server stopped it says that restoring needs the workbook running.
* Run All of a fresh notebook ends with its first cell in view, not its last (the hand-in panel).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    SESSION1,
    SESSION2,
    SESSION3,
    SESSION4,
    SESSION5,
    Session,
    Steps,
    button,
    expect,
    open_tab,
    playwright_sync,
    running_lab,
    screenshot_on_failure,
    wait_for_answers,
)
from course_support import AUTOGRADED_POINTS, autograded_points, make_course, workbooks_cli
from workbooks import Workbook, messages
from workbooks.answers import MIME_TYPE
from workbooks.sessions import get
from workbooks.views.keeper import MAX_SENT_FILE_BYTES

pytestmark = pytest.mark.browser

DOWNLOAD = messages.text("handin.download")
RESTORE = messages.text("handin.restore")
PARTICIPANT_ID = messages.text("handin.participant_id")
TYPED = {"project": "Seed swap evenings", "purpose": "Neighbours share seeds and stories",
         "outcomes": "Two swaps a year and a seed library"}
OFFLINE_TOOL = "Typed into the checklist after the stop"
OFFLINE = {"project": "Typed after the stop", "purpose": "Kept by the browser alone",
           "outcomes": "Handed in all the same"}
OFFER = re.compile(re.escape(messages.text("keeper.offer", time="@")).replace("@", ".+"))


@pytest.fixture(scope="module")
def lab():
    """Session 2, and a second copy of it in ``elsewhere`` (a fresh Binder)."""
    with running_lab([SESSION2], elsewhere=[SESSION2]) as server:
        yield server


def cell(output, column: str, row: int):
    """A box of the "Purpose and outcomes" table, by its accessible name, as a screen reader finds it."""
    label = messages.text(f"purpose_outcomes.column.{column}")
    return output.get_by_role("textbox", name=f"{label}, row {row}", exact=True)


def type_row(output, row: int, values: dict[str, str], *, into_box: bool = False) -> None:
    """Types ``values`` into the table's row ``row``; ``into_box`` fills each box directly, for when JupyterLab's
    reconnecting dialogs may take the keyboard and the pointer (the server is gone)."""
    for column, text in values.items():
        box = cell(output, column, row)
        if into_box:
            box.fill(text)
            continue
        box.click()
        box.press_sequentially(text)


def wait_for_draft(page, session: str, exercise: str, text: str) -> None:
    """Until the browser's copy of ``exercise`` holds ``text``, typed while the kernel was gone (not acknowledged)."""
    page.wait_for_function("""([prefix, text]) => Object.keys(localStorage).some((key) => key.startsWith(prefix)
        && JSON.parse(localStorage.getItem(key)).acked === false && localStorage.getItem(key).includes(text))""",
                           arg=[f"workbooks/{session}/{exercise}/", text])


def hand_in_panel(session: Session):
    panel = session.cell_output("hand_in(")
    panel.locator(".workbooks-keeper").wait_for(state="attached")
    panel.scroll_into_view_if_needed()
    return panel


def fresh_copy(lab: dict, folder: str) -> str:
    """One more fresh copy of session 2, in its own folder of the lab (another Binder); its path to open."""
    place = lab["root"] / folder
    place.mkdir()
    shutil.copy(SESSION2.source, place / SESSION2.name)
    return f"{folder}/{SESSION2.name}"


def restore_status(panel):
    """The live region under Restore my work."""
    return panel.locator(".keeper-restore-section [role='status']")


# The notebook shows its first cell at the top of its scrolling area (JupyterLab 4's windowed notebook).
FIRST_CELL_IN_VIEW = """() => {
    const scroller = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
    const first = scroller && scroller.querySelector('.jp-Cell');
    if (!first) return false;
    const view = scroller.getBoundingClientRect(), cell = first.getBoundingClientRect();
    return scroller.scrollTop === 0 && cell.top >= view.top - 1 && cell.top < view.bottom;
}"""


def kept_copies(page) -> dict[str, dict]:
    """The answers this browser keeps, by storage key."""
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter((key) => key.startsWith("workbooks/session2/answers/"))
        .map((key) => [key, JSON.parse(localStorage.getItem(key))]))""")


@pytest.fixture(scope="module")
def worked(lab, browser):
    """A participant's browser: session 2 run, a row typed into "Purpose and outcomes" and saved."""
    context, page, session = open_tab(browser, lab, SESSION2, accept_downloads=True)
    steps = Steps()
    try:
        with screenshot_on_failure(page, lab, steps):
            steps("open session 2, run all cells, type a row")
            session.open_notebook(workspace="first")
            session.run_all()
            type_row(session.exercise("purpose_outcomes"), 1, TYPED)
            wait_for_answers(lab["root"] / SESSION2.answer_file,
                             lambda a: TYPED in a["exercises"]["purpose_outcomes"]["rows"], "the typed row")
            page.wait_for_function("""(project) => Object.keys(localStorage).some((key) =>
                key.startsWith("workbooks/session2/answers/") && localStorage.getItem(key).includes(project))""",
                                   arg=TYPED["project"])
        yield context, page, session
    finally:
        print("\n" + steps.report())
        context.close()


def test_one_click_downloads_the_hand_in_notebook(lab, worked, tmp_path):
    context, page, session = worked
    steps = Steps()
    with screenshot_on_failure(page, lab, steps):
        steps("the panel says nothing was downloaded yet")
        panel = hand_in_panel(session)
        expect(panel).to_contain_text(messages.text("keeper.not_downloaded"))
        expect(panel.get_by_role("button", name=OFFER)).to_have_count(0)  # nothing kept in this browser before
        steps("by keyboard: type the ID (m and x are notebook shortcuts), Tab to the button, Enter")
        box = panel.get_by_label(PARTICIPANT_ID, exact=True)
        box.fill("")
        box.focus()
        cells = page.locator(".jp-Notebook .jp-Cell").count()
        markdown = page.locator(".jp-MarkdownCell").count()
        page.keyboard.type("max-1")
        expect(box).to_have_value("max-1")
        page.keyboard.press("Tab")
        download_button = button(panel, DOWNLOAD)
        expect(download_button).to_be_focused()
        outline = download_button.evaluate("e => { const s = getComputedStyle(e);"
                                           " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }")
        assert outline == ["solid", "3px", "rgb(0, 114, 178)"], outline
        with page.expect_download() as started:
            page.keyboard.press("Enter")
        download = started.value
        assert download.suggested_filename == "max-1__session2.ipynb"
        assert page.locator(".jp-Notebook .jp-Cell").count() == cells  # no cell cut ("x")
        assert page.locator(".jp-MarkdownCell").count() == markdown  # none turned into Markdown ("m")
        expect(panel.locator(".workbooks-keeper [role='status']").first).to_have_text(
            re.compile(re.escape(messages.text("handin.participant_saved"))))
        handed_in = tmp_path / download.suggested_filename
        download.save_as(handed_in)
        notebook = json.loads(handed_in.read_text(encoding="utf-8"))
        copies = [o["data"][MIME_TYPE] for c in notebook["cells"] if c["cell_type"] == "code"
                  for o in c.get("outputs", []) if MIME_TYPE in o.get("data", {})]
        assert len(copies) == 1 and copies[0]["participant_id"] == "max-1"
        assert TYPED in copies[0]["exercises"]["purpose_outcomes"]["rows"]
        steps("the panel says so, with no second link to click, and reminds without asking")
        status = panel.locator(".workbooks-keeper > [role='status']")
        expect(status).to_contain_text(messages.text("handin.ready", file="max-1__session2.ipynb"))
        expect(panel.get_by_role("link")).to_have_count(0)
        expect(panel).to_contain_text(re.compile(re.escape(messages.text("keeper.downloaded_at", time="@"))
                                                 .replace("@", r"\d?\d.\d\d[^;]*")))
        session.assert_no_traceback("after downloading")
        assert not session.browser_dialogs, session.browser_dialogs


def test_a_fresh_copy_elsewhere_offers_the_answers_this_browser_kept(lab, worked):
    context, first_page, _ = worked
    page = context.new_page()
    session = Session(page, lab, SESSION2)
    steps = Steps()
    try:
        with screenshot_on_failure(page, lab, steps):
            steps("open a fresh copy of session 2 in another folder, in the same browser")
            session.open_notebook(f"elsewhere/{SESSION2.name}", workspace="elsewhere")
            session.run_all()
            table = session.exercise("purpose_outcomes")
            expect(cell(table, "project", 1)).to_have_value("")
            panel = hand_in_panel(session)
            steps("one click brings the kept answers back")
            offer = panel.get_by_role("button", name=OFFER)
            expect(offer).to_be_visible()
            offer.click()
            expect(panel).to_contain_text(messages.text("keeper.brought_back"))
            expect(offer).to_be_hidden()
            answers = wait_for_answers(lab["root"] / "elsewhere" / SESSION2.answer_file,
                                       lambda a: TYPED in a["exercises"]["purpose_outcomes"]["rows"],
                                       "the answers brought back")
            assert answers["session"] == "session2"
            expect(cell(table, "project", 1)).to_have_value(TYPED["project"])
            session.assert_no_traceback("after bringing the answers back")
    finally:
        print("\n" + steps.report())
        page.close()


# -- Restore my work -----------------------------------------------------------------------------


def test_restore_my_work_brings_a_downloaded_answers_file_into_a_fresh_copy(lab, browser, tmp_path):
    """The button opens the file chooser; the hidden file box takes the same file a second time."""
    complete_answers(tmp_path, "p-007")
    name = "p-007__session2_answers.json"
    downloaded = tmp_path / name
    (tmp_path / SESSION2.answer_file).rename(downloaded)
    path = fresh_copy(lab, "restore-here")
    answers_file = lab["root"] / "restore-here" / SESSION2.answer_file
    context, page, session = open_tab(browser, lab, SESSION2)  # a browser that kept nothing: no offer
    steps = Steps()
    try:
        with screenshot_on_failure(page, lab, steps):
            steps("open a fresh copy of session 2 and run all cells")
            session.open_notebook(path, workspace="restore-here")
            session.run_all()
            page.wait_for_function(FIRST_CELL_IN_VIEW, timeout=15_000)  # a fresh notebook's view goes to its top
            panel = hand_in_panel(session)
            restore = button(panel, RESTORE)
            chooser = panel.locator("input.keeper-restore-file")
            expect(panel.get_by_role("heading", name=messages.text("handin.restore_title"), exact=True)).to_be_visible()
            expect(panel).to_contain_text(messages.text("handin.restore_help"))
            expect(panel).not_to_contain_text(f"{RESTORE} (0)")
            assert chooser.get_attribute("tabindex") == "-1" and chooser.get_attribute("aria-hidden") == "true"
            assert chooser.get_attribute("accept") == ".ipynb,.json"
            assert chooser.bounding_box()["width"] <= 1

            steps("by keyboard: Download my work, Tab to Restore my work, Tab leaves the panel")
            button(panel, DOWNLOAD).focus()
            page.keyboard.press("Tab")
            expect(restore).to_be_focused()
            page.keyboard.press("Tab")
            expect(chooser).not_to_be_focused()

            steps("Restore my work opens the file chooser; the downloaded answers file comes back")
            with page.expect_file_chooser() as chosen:
                restore.click()
            assert not chosen.value.is_multiple()
            chosen.value.set_files(downloaded)
            expect(restore_status(panel)).to_have_text(
                re.compile(re.escape(messages.text("handin.restored", file=name))))
            example = get("session2").exercise("purpose_outcomes").example
            answers = wait_for_answers(answers_file,
                                       lambda a: a["exercises"]["purpose_outcomes"] == example, "the restored answers")
            assert answers["participant_id"] == "p-007"
            expect(cell(session.exercise("purpose_outcomes"), "project", 1)).to_have_value(
                example["rows"][0]["project"])
            panel = hand_in_panel(session)
            expect(panel.get_by_label(PARTICIPANT_ID, exact=True)).to_have_value("p-007")
            assert chooser.evaluate("e => e.value") == ""  # the same file can be chosen again

            steps("the same file once more, through the hidden file box: the answers before it are kept aside")
            chooser.set_input_files(downloaded)
            wait_for_answers(answers_file, lambda a: any(answers_file.parent.glob("*before-restore*")),
                             "a copy kept aside")
            expect(restore_status(panel)).to_have_text(
                re.compile(re.escape(messages.text("handin.restored", file=name))))

            steps("a file too large for the kernel's connection: refused by the browser, which still restores")
            huge = tmp_path / "holiday-photos.json"
            huge.write_bytes(b" " * (MAX_SENT_FILE_BYTES + 1))
            chooser.set_input_files(huge)
            expect(restore_status(panel)).to_contain_text(
                messages.text("keeper.restore_too_big", file=huge.name), timeout=5_000)

            steps("a damaged file with HTML in its name: refused in words, the name shown as text")
            hostile = "<img src=x onerror=alert(1)>.json"
            chooser.set_input_files(files=[{"name": hostile, "mimeType": "application/json", "buffer": b"[1, 2"}])
            expect(restore_status(panel)).to_contain_text(
                messages.text("error.upload_unreadable", file=hostile))
            expect(restore_status(panel)).to_contain_text(messages.text("keeper.problem"))
            expect(panel.locator("img")).to_have_count(0)
            assert wait_for_answers(answers_file, lambda a: True, "the answers")["exercises"] == answers["exercises"]
            session.assert_no_traceback("after restoring")
            assert not session.browser_dialogs, session.browser_dialogs
    finally:
        print("\n" + steps.report())
        context.close()


# -- Run All of a fresh notebook ------------------------------------------------------------------


def test_run_all_of_a_fresh_notebook_ends_at_its_first_cell(lab, browser):
    """JupyterLab ends Run All on the last cell, the hand-in panel; a participant starts reading at the top.
    Once an exercise is started, Run All ends at the end, as JupyterLab does."""
    path = fresh_copy(lab, "top")
    context, page, session = open_tab(browser, lab, SESSION2)
    steps = Steps()
    try:
        with screenshot_on_failure(page, lab, steps):
            steps("open a fresh copy of session 2 and choose Run All")
            session.open_notebook(path, workspace="top")
            session.run_all()
            steps("the first cell comes into view, and stays there")
            page.wait_for_function(FIRST_CELL_IN_VIEW, timeout=15_000)
            for _ in range(20):  # 2 s: nothing takes the view back to the end
                page.wait_for_timeout(100)
                assert page.evaluate(FIRST_CELL_IN_VIEW), "the view left the first cell"
            assert page.evaluate("() => !document.activeElement.closest('.workbooks-keeper')")

            steps("an exercise started, then the page reloaded and Run All again: the view stays at the end")
            type_row(session.exercise("purpose_outcomes"), 1, TYPED)
            wait_for_answers(lab["root"] / "top" / SESSION2.answer_file,
                             lambda a: TYPED in a["exercises"]["purpose_outcomes"]["rows"], "the typed row")
            session.reload()
            session.run_all()
            page.wait_for_timeout(2_000)
            assert not page.evaluate(FIRST_CELL_IN_VIEW), "a started notebook was taken to its top"
            session.assert_no_traceback("after Run All")
    finally:
        print("\n" + steps.report())
        context.close()


# -- the server stops -----------------------------------------------------------------------------


def complete_answers(folder: Path, participant: str, session: str = "session2") -> None:
    """Every graded exercise filled with its worked example, and the participant ID, saved in ``folder``."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("JPY_SESSION_NAME", raising=False)
        env.delenv("NBGRADER_EXECUTION", raising=False)
        workbook = Workbook(session, folder)
        for name in workbook.spec.graded:
            workbook.use_example(name)
        workbook.answers.participant_id = participant
        workbook.save()


def stop_server(lab: dict) -> None:
    """Stop the lab's Jupyter server and its kernels, as Binder's culler does (the page stays open).

    Only the processes this test's lab started: the server named in its runtime folder, and its children.
    """
    (info,) = (lab["scratch"] / "runtime").glob("jpserver-*.json")
    server = psutil.Process(json.loads(info.read_text())["pid"])
    family = [server, *server.children(recursive=True)]
    with contextlib.suppress(ProcessLookupError):
        os.kill(server.pid, signal.SIGTERM)
    gone, alive = psutil.wait_procs(family, timeout=20)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(OSError):
        direct.open(f"{lab['url']}/api/status", timeout=2)


def dismiss_connection_lost(page) -> str:
    """JupyterLab says it lost the server (a dialog, which takes the keyboard); the participant closes it."""
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(state="visible", timeout=60_000)
    text = dialog.inner_text()
    dialog.get_by_role("button").last.click()
    expect(dialog).to_have_count(0)
    return text


def click_past_connection_dialogs(page, target) -> None:
    """JupyterLab asks again now and then while it tries to reconnect: the participant closes it, and clicks."""
    for _ in range(3):
        if page.locator(".jp-Dialog").count():
            dismiss_connection_lost(page)
        try:
            target.click(timeout=3_000)
            return
        except playwright_sync.TimeoutError:
            continue
    raise AssertionError("JupyterLab's dialogs kept covering the panel")


def test_with_the_server_stopped_one_click_still_hands_in_every_answer(browser, tmp_path):
    participant = "alice"
    with running_lab([SESSION2]) as lab:
        complete_answers(lab["root"], participant)
        context, page, session = open_tab(browser, lab, SESSION2, accept_downloads=True)
        steps = Steps()
        try:
            with screenshot_on_failure(page, lab, steps):
                steps("open the worked notebook and run all cells")
                session.open_notebook(fresh_workspace=True)
                session.run_all()
                table = session.exercise("purpose_outcomes")
                expect(cell(table, "project", 2)).not_to_have_value("")
                panel = hand_in_panel(session)
                expect(panel.get_by_label(PARTICIPANT_ID, exact=True)).to_have_value(participant)

                steps("the server stops, with its kernel and answers file (the page stays open)")
                stop_server(lab)
                stopped = time.monotonic()
                said = dismiss_connection_lost(page)
                print(f"\nJupyterLab said after {time.monotonic() - stopped:.1f} s: {said!r}")

                steps("type a new row into the table")
                table.scroll_into_view_if_needed()
                # JupyterLab may ask again about the lost server while it tries to reconnect: close it, then click.
                click_past_connection_dialogs(page, button(table, messages.text("sheet.add")))
                type_row(table, 3, OFFLINE, into_box=True)
                wait_for_draft(page, "session2", "purpose_outcomes", OFFLINE["outcomes"])

                steps("add a line to a checklist box")
                checklist = session.exercise("resources")
                tools = checklist.get_by_role("textbox", name=messages.text("resources.section.tools"), exact=True)
                # fill() types into the box itself: JupyterLab's reconnecting dialogs may take the keyboard now.
                tools.fill(f"{tools.input_value()}\n{OFFLINE_TOOL}")
                wait_for_draft(page, "session2", "resources", OFFLINE_TOOL)

                steps("one click on Download my work: the browser saves the answers file itself")
                panel.scroll_into_view_if_needed()
                clicked = time.monotonic()
                with page.expect_download(timeout=15_000) as started:
                    button(panel, DOWNLOAD).click()
                download = started.value
                waited = time.monotonic() - clicked
                name = f"{participant}__session2_answers.json"
                assert download.suggested_filename == name
                expect(panel.locator(".workbooks-keeper > [role='status']")).to_contain_text(
                    messages.text("keeper.offline", file=name))
                handed_in = tmp_path / "handed-in"
                handed_in.mkdir()
                download.save_as(handed_in / name)
                answers = json.loads((handed_in / name).read_text(encoding="utf-8"))
                rows = answers["exercises"]["purpose_outcomes"]["rows"]
                assert rows[-1] == OFFLINE, rows
                assert answers["participant_id"] == participant and answers["session"] == "session2"
                example = get("session2").exercise("resources").example
                assert answers["exercises"]["resources"]["items"] == {
                    **example["items"], "tools": [*example["items"]["tools"], OFFLINE_TOOL]}
                for exercise in get("session2").graded:
                    if exercise not in ("purpose_outcomes", "resources"):
                        assert answers["exercises"][exercise] == get("session2").exercise(exercise).example
                assert "Traceback" not in (page.locator("body").text_content() or "")
                print(f"\nthe answers file came {waited:.1f} s after the click")

                steps("Restore my work says that restoring needs the workbook running, without asking for a file")
                choosers: list = []
                page.on("filechooser", lambda chooser: choosers.append(chooser))
                click_past_connection_dialogs(page, button(panel, RESTORE))
                expect(restore_status(panel)).to_contain_text(messages.text("keeper.restore_needs_kernel"))
                page.wait_for_timeout(500)
                assert choosers == []
        finally:
            print("\n" + steps.report())
            context.close()

    steps("the facilitator collects and grades it: full marks for the autograded parts")
    course = make_course(tmp_path / "course")
    (course / "handed-in").mkdir()
    (course / "handed-in" / name).write_bytes((handed_in / name).read_bytes())
    collected = workbooks_cli(course, "collect", "handed-in")
    assert collected.returncode == 0, collected.stdout + collected.stderr
    filed = json.loads((course / "submitted" / participant / "session2" / "session2_answers.json").read_text())
    assert OFFLINE in filed["exercises"]["purpose_outcomes"]["rows"]
    graded = workbooks_cli(course, "grade")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert autograded_points(course, "session2", participant) == AUTOGRADED_POINTS["session2"] > 0


def test_with_the_server_stopped_the_phase_tables_typed_since_are_in_the_download(browser, tmp_path):
    """The mountain's and the pathway's tables (a row per phase) are kept by the browser too, and put
    back by phase."""
    participant, typed = "bea", "Typed into the mountain after the stop"
    with running_lab([SESSION3]) as lab:
        complete_answers(lab["root"], participant, "session3")
        context, page, session = open_tab(browser, lab, SESSION3, accept_downloads=True)
        steps = Steps()
        try:
            with screenshot_on_failure(page, lab, steps):
                steps("open the worked notebook and run all cells, then the server stops")
                session.open_notebook(fresh_workspace=True)
                session.run_all()
                mountain = session.exercise("mountain")
                second = messages.text("sheet.named_cell", field=messages.text("ladder.field.recognition"),
                                       row=messages.text("phase.first_contact"))
                box = mountain.get_by_role("textbox", name=second, exact=True)
                expect(box).not_to_have_value("")
                stop_server(lab)
                dismiss_connection_lost(page)

                steps("replace what the second phase's recognition box says")
                box.fill(typed)  # into the box itself: JupyterLab's reconnecting dialogs may take the keyboard
                wait_for_draft(page, "session3", "mountain", typed)

                steps("and a number in the pathway's table (written with a thousands comma)")
                pathway = session.exercise("pathway_numbers")
                people = messages.text("sheet.named_cell", field=messages.text("pathway.people_column"),
                                       row=messages.text("phase.discovery"))
                pathway.get_by_role("textbox", name=people, exact=True).fill("1,250")
                wait_for_draft(page, "session3", "pathway_numbers", "1,250")

                steps("Download my work: the answers file has them, in their phases, and every other answer")
                panel = hand_in_panel(session)
                with page.expect_download(timeout=15_000) as started:
                    click_past_connection_dialogs(page, button(panel, DOWNLOAD))
                path = tmp_path / started.value.suggested_filename
                started.value.save_as(path)
                answers = json.loads(path.read_text(encoding="utf-8"))
                example = get("session3").exercise("mountain").example
                expected = json.loads(json.dumps(example))
                expected["phases"]["first_contact"]["recognition"] = typed
                assert answers["exercises"]["mountain"] == expected
                counts = json.loads(json.dumps(get("session3").exercise("pathway_numbers").example))
                counts["people"]["discovery"] = 1250
                assert answers["exercises"]["pathway_numbers"] == counts
                assert answers["participant_id"] == participant
        finally:
            print("\n" + steps.report())
            context.close()


def test_with_the_server_stopped_picks_made_since_are_in_the_download(browser, tmp_path):
    """Drop-down lists (ratings, a choice of values, a scorecard's scores) are kept by the browser too. A value
    picked twice is one the kernel would refuse: that slot keeps its earlier pick."""
    participant = "cai"
    with running_lab([SESSION1, SESSION4, SESSION5]) as lab:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        steps = Steps()
        tabs = {}
        try:
            for notebook in (SESSION1, SESSION4, SESSION5):
                complete_answers(lab["root"], participant, notebook.session)
                page = context.new_page()
                tabs[notebook.session] = session = Session(page, lab, notebook)
                steps(f"open {notebook.session}, worked, and run all cells")
                session.open_notebook(workspace=f"picks-{notebook.session}")
                session.run_all()
                hand_in_panel(session)
            steps("the server stops")
            stop_server(lab)
            for session in tabs.values():
                # JupyterLab says so in each tab; it may ask again at once (two tabs reconnecting), and then
                # the downloads below click past it.
                with contextlib.suppress(AssertionError):
                    dismiss_connection_lost(session.page)

            steps("rate a skill again, and pick two values (one already taken)")
            ratings = tabs["session1"].exercise("skills_rating")
            ratings.get_by_label(messages.text("skills_rating.item.content"), exact=True).select_option("5")
            values = tabs["session4"].exercise("core_values")
            values.get_by_label(messages.text("choice.slot", number=2), exact=True).select_option("joy")
            values.get_by_label(messages.text("choice.slot", number=3), exact=True).select_option("openness")

            steps("score a principle again and change its evidence, in the self-audit's table")
            audit = tabs["session5"].exercise("principles_audit")
            row = messages.text("principles_audit.item.fairness")
            audit.get_by_label(messages.text("sheet.named_cell", field=messages.text("principles_audit.score_column"),
                                             row=row), exact=True).select_option("4")
            evidence = messages.text("sheet.named_cell", field=messages.text("principles_audit.note.evidence"), row=row)
            audit.get_by_role("textbox", name=evidence, exact=True).fill("Typed while the server was gone")
            wait_for_draft(tabs["session5"].page, "session5", "principles_audit", "Typed while the server was gone")

            steps("Download my work in each tab: the answers files have the picks")
            downloaded = {}
            for name, session in tabs.items():
                panel = hand_in_panel(session)
                with session.page.expect_download(timeout=15_000) as started:
                    click_past_connection_dialogs(session.page, button(panel, DOWNLOAD))
                path = tmp_path / started.value.suggested_filename
                started.value.save_as(path)
                downloaded[name] = json.loads(path.read_text(encoding="utf-8"))["exercises"]
            scores = dict(get("session1").exercise("skills_rating").example["scores"], content=5)
            assert downloaded["session1"]["skills_rating"] == {"scores": scores}
            assert downloaded["session4"]["core_values"] == {"chosen": ["openness", "joy", "learning"]}
            records = json.loads(json.dumps(get("session5").exercise("principles_audit").example["records"]))
            records["fairness"].update(score=4, evidence="Typed while the server was gone")
            assert downloaded["session5"]["principles_audit"] == {"records": records}
        finally:
            print("\n" + steps.report())
            context.close()

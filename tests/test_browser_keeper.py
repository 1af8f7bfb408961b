"""Download my work (the Keeper, workbooks/views/keeper.js) in real JupyterLab and headless Chromium.

Run with ``python -m pytest tests/test_browser_keeper.py -m browser -q -s``; skipped without playwright,
JupyterLab or a Chromium (see ``browser_support``).

* With the kernel running, one click downloads ``<id>__session2.ipynb``.
* With the server stopped (as Binder culls an idle participant's), one click still downloads the answers,
  as ``<id>__session2_answers.json`` with what was typed into a table after the stop, and the facilitator's
  ``workbooks collect`` and ``workbooks grade`` give it full marks. That test stops a lab of its own.
* A fresh copy of the notebook elsewhere, in the same browser, offers to bring back the answers this
  browser kept, and one click puts them in its answers file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    SESSION2,
    Session,
    Steps,
    button,
    expect,
    headless_chromium,
    open_tab,
    running_lab,
    screenshot_on_failure,
    wait_for_answers,
)
from course_support import AUTOGRADED_POINTS, make_course, workbooks_cli
from workbooks import Workbook, messages
from workbooks.answers import MIME_TYPE
from workbooks.sessions import get

pytestmark = pytest.mark.browser

DOWNLOAD = messages.text("handin.download")
PARTICIPANT_ID = messages.text("handin.participant_id")
TYPED = {"project": "Seed swap evenings", "purpose": "Neighbours share seeds and stories",
         "outcomes": "Two swaps a year and a seed library"}
OFFLINE = {"project": "Typed after the stop", "purpose": "Kept by the browser alone",
           "outcomes": "Handed in all the same"}
OFFER = re.compile(re.escape(messages.text("keeper.offer", time="@")).replace("@", ".+"))


@pytest.fixture(scope="module")
def browser():
    with headless_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def lab():
    """Session 2, and a second copy of it in ``elsewhere`` (a fresh Binder)."""
    with running_lab([SESSION2], elsewhere=[SESSION2]) as server:
        yield server


def cell(output, column: str, row: int):
    """A box of the "Purpose and outcomes" table, by its accessible name, as a screen reader finds it."""
    label = messages.text(f"purpose_outcomes.column.{column}")
    return output.get_by_role("textbox", name=f"{label}, row {row}", exact=True)


def type_row(output, row: int, values: dict[str, str]) -> None:
    for column, text in values.items():
        box = cell(output, column, row)
        box.click()
        box.press_sequentially(text)


def hand_in_panel(session: Session):
    panel = session.cell_output("hand_in(")
    panel.locator(".workbooks-keeper").wait_for(state="attached")
    panel.scroll_into_view_if_needed()
    return panel


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


# -- the server stops -----------------------------------------------------------------------------


def complete_answers(folder: Path, participant: str) -> None:
    """Every graded exercise filled with its worked example, and the participant ID, saved in ``folder``."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("JPY_SESSION_NAME", raising=False)
        env.delenv("NBGRADER_EXECUTION", raising=False)
        workbook = Workbook("session2", folder)
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
                button(table, messages.text("sheet.add")).click()
                type_row(table, 3, OFFLINE)
                page.wait_for_function("""(project) => Object.keys(localStorage).some((key) =>
                    key.startsWith("workbooks/session2/purpose_outcomes/")
                    && JSON.parse(localStorage.getItem(key)).acked === false
                    && localStorage.getItem(key).includes(project))""", arg=OFFLINE["outcomes"])

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
                for exercise in get("session2").graded:
                    if exercise != "purpose_outcomes":
                        assert answers["exercises"][exercise] == get("session2").exercise(exercise).example
                assert "Traceback" not in (page.locator("body").text_content() or "")
                print(f"\nthe answers file came {waited:.1f} s after the click")
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
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "community-building") as gradebook:
        notebook = gradebook.find_submission_notebook("session2", "session2", participant)
        points = sum(g.auto_score or 0 for g in notebook.grades if g.cell.cell_type == "code")
    assert points == AUTOGRADED_POINTS["session2"] > 0

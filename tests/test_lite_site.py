"""The in-browser edition (``make lite``): every session runs in headless Chromium from the static site alone,
with every request that leaves the site blocked; answers typed by keyboard survive a reload; the downloaded
hand-in goes through ``workbooks collect`` and ``grade`` and scores as the same answers do from JupyterLab.

The site is built once for this module, as ``make lite`` builds it (wheels and JupyterLite from PyPI, Pyodide
from lite/node_modules, which ``make test`` installs with npm).
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from a11y_support import WIDTHS, assert_a_planted_pale_paragraph_is_reported, audit, describe
from browser_support import REPO, Notebook, expect
from course_support import AUTOGRADED_POINTS, autograded_points, make_course, workbooks_cli
from handin_support import ago, answers_file, as_bytes
from lite_support import LiteTab, serving
from workbooks import messages, sessions
from workbooks.answers import MIME_TYPE, Answers
from workbooks.notebook_copy import embed

pytestmark = pytest.mark.lite

LITE = REPO / "lite"
PARTICIPANT_ID = messages.text("handin.participant_id")
SAVED = re.compile(re.escape(messages.text("status.saved", time="@", file="@")).replace("@", ".+"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if not (LITE / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        pytest.skip("Pyodide's npm package is missing (make lite/node_modules, which needs npm)")
    output = tmp_path_factory.mktemp("lite") / "site"
    done = subprocess.run([sys.executable, str(LITE / "build.py"), "--output", str(output)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return output


@pytest.fixture(scope="module")
def server(site):
    with serving(site) as url:
        yield url


@pytest.fixture
def tab(browser, server):
    opened = LiteTab(browser, server)
    yield opened
    opened.close()
    assert opened.outside == [], f"requests outside the site: {opened.outside[:5]}"


NOTEBOOKS = [Notebook(session) for session in sessions.session_ids()]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda n: n.session)
def test_every_session_runs_in_the_browser_alone_and_passes_the_accessibility_audit(notebook, tab):
    tab.open(notebook)
    seconds = tab.run_all()
    first = sessions.get(notebook.session).exercises[0].name
    expect(tab.exercise(first).locator("textarea, input, select").first).to_be_visible()
    print(f"\n{notebook.session}: Run All took {seconds:.1f} s in the in-browser edition")
    # The outputs are the same widgets as in JupyterLab, inside JupyterLite's page: audited there too.
    for width in WIDTHS:
        tab.page.set_viewport_size({"width": width, "height": 900})
        violations = audit(tab.page)
        assert not violations, f"{notebook.session} at {width} px:\n{describe(violations)}"
    if notebook == NOTEBOOKS[0]:  # the audit sees the text of our outputs here too
        assert_a_planted_pale_paragraph_is_reported(tab.page)


# ---------------------------------------------------------------- a participant's work, from typing to a grade

SESSION = "session1"
EXERCISE = "start_with_why"  # a form of three boxes, 2 autograded points


def example_answers() -> dict[str, str]:
    return dict(sessions.get(SESSION).exercise(EXERCISE).example["answers"])


def test_typed_answers_survive_a_reload_and_the_hand_in_grades_as_from_jupyterlab(tab, tmp_path):

    answers = example_answers()
    tab.open(Notebook(SESSION))
    tab.run_all()

    # By keyboard alone: focus the form's first box, type each answer, Tab to the next box.
    form = tab.exercise(EXERCISE)
    boxes = form.locator("textarea")
    expect(boxes).to_have_count(len(answers))
    boxes.first.focus()
    for text in answers.values():
        tab.page.keyboard.type(text)
        tab.page.keyboard.press("Tab")
    expect(form).to_contain_text(SAVED, timeout=30_000)

    # The answers file lives in the browser's storage: a reload and Run All bring every answer back.
    tab.page.reload()
    tab.open(Notebook(SESSION))
    tab.run_all()
    boxes = tab.exercise(EXERCISE).locator("textarea")
    for index, text in enumerate(answers.values()):
        expect(boxes.nth(index)).to_have_value(text)

    # Download my work, by keyboard: the participant ID, then Tab to the button and Enter.
    index = Notebook(SESSION).cell_index(f'hand_in("{SESSION}")')
    panel = tab.page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-OutputArea")
    panel.scroll_into_view_if_needed()
    box = panel.get_by_label(PARTICIPANT_ID, exact=True)
    box.focus()
    tab.page.keyboard.type("lite-1")
    tab.page.keyboard.press("Tab")
    with tab.page.expect_download(timeout=60_000) as started:
        tab.page.keyboard.press("Enter")
    download = started.value
    assert download.suggested_filename == f"lite-1__{SESSION}.ipynb"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    download.save_as(inbox / download.suggested_filename)
    copies = [o["data"][MIME_TYPE] for c in json.loads((inbox / download.suggested_filename).read_text())["cells"]
              if c["cell_type"] == "code" for o in c.get("outputs", []) if MIME_TYPE in o.get("data", {})]
    assert len(copies) == 1 and copies[0]["exercises"][EXERCISE]["answers"] == answers

    # The same answers, handed in from JupyterLab: the release notebook with them inside.
    same = Answers.empty(sessions.get(SESSION))
    same.models[EXERCISE].load({"answers": answers})
    same.participant_id, same.saved_at = "lab-1", copies[0]["saved_at"]
    lab_copy = embed(json.loads(Notebook(SESSION).source.read_text(encoding="utf-8")), same, "1 exercise started.")
    (inbox / f"lab-1__{SESSION}.ipynb").write_bytes(as_bytes(lab_copy))

    course = make_course(tmp_path / "course")
    collected = workbooks_cli(course, "collect", str(inbox))
    assert collected.returncode == 0, collected.stdout + collected.stderr
    with (course / "reports" / "collect.csv").open(encoding="utf-8") as report:
        filed = {row["participant"]: row["status"] for row in csv.DictReader(report)}
    assert filed == {"lite-1": "filed", "lab-1": "filed"}, filed  # no note about changed cells
    graded = workbooks_cli(course, "grade")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    points = sessions.get(SESSION).exercise(EXERCISE).points
    assert autograded_points(course, SESSION, "lite-1") == autograded_points(course, SESSION, "lab-1") == points


def hand_in_panel(tab: LiteTab, session: str):
    index = Notebook(session).cell_index(f'hand_in("{session}")')
    panel = tab.page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-OutputArea")
    panel.scroll_into_view_if_needed()
    return panel


def test_complete_work_restored_into_the_browser_is_handed_in_for_full_marks(tab, tmp_path):
    """Work done elsewhere (complete answers, as another computer's Download my work saves them) comes back
    with Restore my work, and the hand-in downloaded from the browser scores every autograded point."""
    session = "session3"
    complete = tmp_path / f"web-1__{session}_answers.json"
    complete.write_bytes(answers_file(session, "web-1", ago(hours=1)))
    tab.open(Notebook(session))
    tab.run_all()
    panel = hand_in_panel(tab, session)
    with tab.page.expect_file_chooser() as chosen:
        panel.get_by_role("button", name=messages.text("handin.restore"), exact=True).click()
    chosen.value.set_files(complete)
    expect(panel.locator(".keeper-restore-section [role='status']")).to_have_text(
        re.compile(re.escape(messages.text("handin.restored", file=complete.name))), timeout=60_000)
    expect(panel.get_by_label(PARTICIPANT_ID, exact=True)).to_have_value("web-1")

    with tab.page.expect_download(timeout=60_000) as started:
        panel.get_by_role("button", name=messages.text("handin.download"), exact=True).click()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    started.value.save_as(inbox / started.value.suggested_filename)
    assert started.value.suggested_filename == f"web-1__{session}.ipynb"

    course = make_course(tmp_path / "course")
    for step in (("collect", str(inbox)), ("grade",)):
        done = workbooks_cli(course, *step)
        assert done.returncode == 0, done.stdout + done.stderr
    assert autograded_points(course, session, "web-1") == AUTOGRADED_POINTS[session] > 0

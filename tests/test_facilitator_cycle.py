"""The facilitator guide's whole cycle, command by command, on real downloads of the release notebooks.

Binder route: participants press "Download my work" and send the file; the
facilitator collects the folder, grades, grades the reflections (here through
nbgrader's gradebook, as the formgrader does), then exports, issues badges and
builds the dashboard.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from course_support import (AUTOGRADED_POINTS, REFLECTION_POINTS, SESSIONS, blank_notebook, hand_in,
                            make_course, workbooks_cli)
from scripted_participant import ENTERED

pytestmark = pytest.mark.slow
GUIDE = Path(__file__).resolve().parents[1] / "docs" / "facilitator-guide.md"


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("cycle") / "course")
    desk = tmp_path_factory.mktemp("desks")
    handed_in = course / "handed-in"
    handed_in.mkdir()
    (course / "roster.csv").write_text("id,first_name,last_name,email\nalice,Alice,Smith,alice@example.org\n"
                                       "bob,Bob,Jones,bob@example.org\ncarol,Carol,Diaz,\n", encoding="utf-8")
    for session in SESSIONS:
        for participant in ["alice", "carol"]:
            name, content = hand_in(desk, course / "release", session, participant)
            (handed_in / name).write_bytes(content)
        # Bob sent his untouched download, renamed by the platform.
        (handed_in / f"Bob Jones_4242_assignsubmission_file_bob__{session}.ipynb").write_bytes(
            blank_notebook(course / "release", session))
    results = {"collect": workbooks_cli(course, "collect", "handed-in", "--roster", "roster.csv")}
    results["grade"] = workbooks_cli(course, "grade")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "community-building") as gradebook:
        for session in SESSIONS:  # the facilitator's marks in the formgrader
            notebook = gradebook.find_submission_notebook(session, session, "alice")
            for grade in notebook.grades:
                if grade.cell.cell_type == "markdown":
                    grade.manual_score, grade.needs_manual_grade = 3, False
        gradebook.db.commit()
    for step, extra in [("export", []), ("badges", ["--issuer-name", "Test Org"]), ("report", [])]:
        results[step] = workbooks_cli(course, step, *extra)
    return course, results


def test_the_guide_shows_every_command_the_cycle_uses():
    guide = GUIDE.read_text(encoding="utf-8")
    for command in ["workbooks release", "workbooks collect handed-in/ --roster roster.csv", "workbooks grade",
                    "make formgrader", "workbooks export", "workbooks badges", "workbooks report",
                    "workbooks collect --from-exchange", "workbooks release --to-exchange"]:
        assert command in guide, command
    assert "#1870" in guide and "/formgrader" in guide  # the blank-tab workaround


@pytest.mark.parametrize("step", ["collect", "grade", "export", "badges", "report"])
def test_every_step_succeeds_with_a_summary(cycle, step):
    result = cycle[1][step]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Written:" in result.stdout


def test_collect_files_everyone_from_the_downloads(cycle):
    course, _ = cycle
    for participant in ["alice", "bob", "carol"]:
        for session in SESSIONS:
            assert (course / "submitted" / participant / session / f"{session}.ipynb").is_file()


def test_grades_csv_has_full_marks_for_complete_work_and_zero_for_blank(cycle):
    course, _ = cycle
    with (course / "export" / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    numbers = {(r["participant_id"], r["session"]): r for r in rows}
    for session in SESSIONS:
        alice, bob = numbers[("alice", session)], numbers[("bob", session)]
        assert float(alice["autograded_points"]) == float(alice["autograded_max"]) == AUTOGRADED_POINTS[session]
        assert float(alice["total_points"]) == AUTOGRADED_POINTS[session] + REFLECTION_POINTS
        assert alice["status"] == "graded"
        assert float(bob["autograded_points"]) == 0 and bob["status"] == "awaiting reflection grading"


def test_feedback_pages_show_each_participant_their_own_answers(cycle):
    course, _ = cycle
    alice = (course / "export" / "feedback" / "alice.html").read_text(encoding="utf-8")
    bob = (course / "export" / "feedback" / "bob.html").read_text(encoding="utf-8")
    for session in SESSIONS:
        for entered in ENTERED[session]:
            assert entered in alice
            assert entered not in bob
    assert "MARK SCHEME" not in alice.upper().replace("MARK SCHEMES", "")
    assert not re.search(r"<script[^>]+src=[\"']https?:", alice)


def test_badges_go_to_those_who_completed_a_session(cycle):
    course, _ = cycle
    for session in SESSIONS:
        badge = json.loads((course / "badges" / "alice" / f"{session}.json").read_text(encoding="utf-8"))
        assert "OpenBadgeCredential" in badge["type"]
        assert badge["credentialSubject"]["achievement"]["name"]
    assert not (course / "badges" / "bob").exists()


def test_dashboard_is_one_page_that_opens_offline(cycle):
    course, _ = cycle
    page = (course / "reports" / "dashboard.html").read_text(encoding="utf-8")
    assert page.count("<script") >= 2 and "Plotly.newPlot" in page
    assert not re.search(r"<script[^>]+src=[\"']https?:", page)

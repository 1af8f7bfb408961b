"""The facilitator guide's whole cycle, command by command, on real downloads of the release notebooks.

Binder route: participants press "Download my work" and send the file; the
facilitator collects the folder, grades, grades the reflections (here through
nbgrader's gradebook, as the formgrader does), then exports, issues badges and
builds the dashboard.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from course_support import (
    AUTOGRADED_POINTS,
    HAND_GRADED_POINTS,
    SESSIONS,
    blank_notebook,
    hand_in,
    make_course,
    workbooks_cli,
)
from scripted_participant import entered

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
    add_troublesome_files(handed_in, course / "release")
    originals = fingerprints(handed_in)
    results = {"collect": workbooks_cli(course, "collect", "handed-in", "--roster", "roster.csv")}
    assert fingerprints(handed_in) == originals, "collect changed the files it was given"
    results["grade"] = workbooks_cli(course, "grade")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "community-building") as gradebook:
        for session in SESSIONS:  # the facilitator's marks in the formgrader
            notebook = gradebook.find_submission_notebook(session, session, "alice")
            for grade in notebook.grades:
                if grade.cell.cell_type == "markdown":
                    grade.manual_score, grade.needs_manual_grade = grade.max_score, False
        gradebook.db.commit()
    for step, extra in [("export", []), ("badges", ["--issuer-name", "Test Org"]), ("report", [])]:
        results[step] = workbooks_cli(course, step, *extra)
    return course, results


TROUBLE = {  # file in handed-in/ -> what its report row must say
    "dave__session3.ipynb": "not a notebook",
    "erin__session2.ipynb": "empty",
    "huge__session2.ipynb": "too big",
    "escape.zip > ../escaped__session2.ipynb": "climbs out",
    "caf\\xe9__session2.ipynb": "UTF-8",
}


def add_troublesome_files(folder: Path, release: Path) -> None:
    """What a real batch of hand-ins also holds: damaged, empty, huge, hostile and repeated files."""
    blank = (release / "session3" / "session3.ipynb").read_bytes()
    (folder / "dave__session3.ipynb").write_bytes(blank[: len(blank) // 2])
    (folder / "erin__session2.ipynb").write_bytes(b"")
    with (folder / "huge__session2.ipynb").open("wb") as huge:
        huge.truncate(60 * 1024 * 1024)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("../escaped__session2.ipynb", blank)
    (folder / "escape.zip").write_bytes(bundle.getvalue())
    (folder / "copy of alice__session1.ipynb").write_bytes((folder / "alice__session1.ipynb").read_bytes())
    with open(os.path.join(os.fsencode(folder), b"caf\xe9__session2.ipynb"), "wb") as odd:
        odd.write(blank)


def fingerprints(folder: Path) -> dict[str, tuple[str, int]]:
    return {os.fsdecode(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_every_troublesome_file_is_reported_with_its_reason_and_the_batch_goes_on(cycle):
    course, _ = cycle
    with (course / "reports" / "collect.csv").open(encoding="utf-8") as handle:
        rows = {row["item"]: row for row in csv.DictReader(handle)}
    for item, reason in TROUBLE.items():
        row = next((r for name, r in rows.items() if name.endswith(item)), None)
        assert row is not None, f"{item} missing from the report: {sorted(rows)}"
        assert row["status"] != "filed" and reason.lower() in row["reason"].lower(), row
    pair = [rows["alice__session1.ipynb"], rows["copy of alice__session1.ipynb"]]
    assert sorted(r["status"] for r in pair) == ["filed", "skipped"]
    assert "duplicate" in next(r for r in pair if r["status"] == "skipped")["reason"]
    assert not (course / "escaped__session2.ipynb").exists() and not list(course.parent.glob("escaped*"))
    assert not (course / "submitted" / "dave").exists() and not (course / "submitted" / "erin").exists()


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
        assert float(alice["total_points"]) == AUTOGRADED_POINTS[session] + HAND_GRADED_POINTS[session]
        assert alice["status"] == "graded"
        assert float(bob["autograded_points"]) == 0 and bob["status"] == "awaiting reflection grading"


def test_feedback_pages_show_each_participant_their_own_answers(cycle):
    course, _ = cycle
    alice = (course / "export" / "feedback" / "alice.html").read_text(encoding="utf-8")
    bob = (course / "export" / "feedback" / "bob.html").read_text(encoding="utf-8")
    for session in SESSIONS:
        for text in entered(session):
            assert text in alice
            assert text not in bob
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

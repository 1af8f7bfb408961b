"""Identity you can trust: a file is filed under a participant only when no clue to its owner says otherwise,
and a save time that cannot be right never decides which copy is filed.

The clues are the folder (a learning platform's bundle names its folders after who uploaded),
a platform's prefix in the file name, the file name itself, and the ID typed in the workbook;
the roster ties names, e-mail addresses and aliases to IDs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from course_support import make_course
from handin_support import NOW, ago, answers_file, as_bytes, notebook
from workbooks.facilitator.bundles import FILED, HELD, NOTED, SKIPPED, Found
from workbooks.facilitator.course import Course
from workbooks.facilitator.filing import choose
from workbooks.facilitator.identify import Context, Identified, Problem, identify_safely
from workbooks.facilitator.roster import read_roster

ROSTER = ("id,first_name,last_name,email,aliases\n"
          "alice,Alice,Smith,alice@example.org,asmith\n"
          "bob,Bob,Jones,bob@example.org,\n"
          "carol,Carol,Diaz,carol@example.org,\n")
MOODLE = "_1234_assignsubmission_file_"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    return Course.find(make_course(tmp_path_factory.mktemp("identity") / "course"))


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return read_roster(path)


class Files:
    """Hand-in files under the labels the report gives them ("bundle.zip > folder/name" inside bundles)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, label: str, content: bytes, mtime: float = 1_800_000_000) -> Found:
        path = self.folder / f"{len(list(self.folder.iterdir()))}.bin"
        path.write_bytes(content)
        name = label.rsplit(" > ", 1)[-1].rsplit("/", 1)[-1]
        return Found(label, name, path, len(content), mtime)


@pytest.fixture
def files(tmp_path) -> Files:
    folder = tmp_path / "files"
    folder.mkdir()
    return Files(folder)


def read(found: Found, course: Course, roster=None, released: datetime | None = None) -> Identified | Problem:
    when = {"released": released} if released else {}
    return identify_safely(found, Context.build(course, course.sessions, roster, **when))


def work(participant: str, saved_at: object = None) -> bytes:
    """Alice's, Bob's... session 2 download, with the ID they typed ("" for none)."""
    return as_bytes(notebook("session2", participant, ago(hours=2) if saved_at is None else saved_at))


# -- whose work it is ---------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["bob", ""])
def test_a_bundle_folder_and_a_file_name_that_name_different_people_hold_the_file(course, roster, files, typed):
    found = files(f"all.zip > Alice Smith{MOODLE}/bob__session2.ipynb", work(typed))

    result = read(found, course, roster)

    assert isinstance(result, Problem) and result.status == HELD
    reason = result.reason
    assert reason.startswith("held: ")
    assert "the folder says 'alice'" in reason and "the file name says 'bob'" in reason
    assert ("the ID typed in the workbook is 'bob'" in reason) == bool(typed)
    assert "file it by hand" in reason and "roster" in reason
    assert result.outcome().status == "held"


def test_a_platform_prefix_naming_someone_else_holds_the_file(course, roster, files):
    result = read(files(f"Alice Smith{MOODLE}bob__session2.ipynb", work("bob")), course, roster)
    assert isinstance(result, Problem) and result.status == HELD
    assert "the learning platform's name for the file says 'alice'" in result.reason
    assert "the file name says 'bob'" in result.reason


def test_a_typed_alias_and_a_folder_that_agree_file_the_work_and_say_how(course, roster, files):
    result = read(files(f"all.zip > Alice Smith{MOODLE}/session2.ipynb", work("asmith")), course, roster)
    assert isinstance(result, Identified) and result.participant == "alice"
    assert result.how == "the ID typed in the workbook and the folder (a roster name)"


def test_a_typed_id_that_contradicts_the_folder_holds_the_file(course, roster, files):
    result = read(files(f"Bob Jones{MOODLE}/session2.ipynb", work("alice")), course, roster)
    assert isinstance(result, Problem) and result.status == HELD
    assert "the folder says 'bob'" in result.reason and "the ID typed in the workbook is 'alice'" in result.reason


def test_a_folder_that_fits_two_people_contradicts_a_third(course, roster, files):
    result = read(files("Alice Smith and Bob Jones/carol__session2.ipynb", work("carol")), course, roster)
    assert isinstance(result, Problem) and result.status == HELD
    assert "the folder fits 'alice' or 'bob' on the roster" in result.reason
    fits = read(files("Alice Smith and Bob Jones/bob__session2.ipynb", work("bob")), course, roster)
    assert isinstance(fits, Identified) and fits.participant == "bob"


def test_someone_not_on_the_roster_is_held_until_the_roster_is_fixed(course, roster, files):
    result = read(files("dana__session2.ipynb", work("dana")), course, roster)
    assert isinstance(result, Problem) and result.status == HELD
    assert "unknown participant \"dana\"" in result.reason and "roster" in result.reason


def test_without_a_roster_folder_names_are_not_clues(course, files):
    result = read(files("again/bob__session2.ipynb", work("bob")), course)
    assert isinstance(result, Identified) and result.participant == "bob"


# -- which copy: save times that cannot be right ------------------------------------------------------

LATER_THAN_NOW = (NOW + timedelta(days=30)).isoformat()
ODD_TIMES = {
    "in the future": LATER_THAN_NOW,
    "year 1": "0001-01-01T00:00:00+00:00",
    "year 1, an hour east of UTC": "0001-01-01T00:00:00+01:00",  # out of range once in UTC
    "year 99999": "99999-01-01T00:00:00+00:00",
    "year 9999, west of UTC": "9999-12-31T23:59:59-05:00",
    "a number": 1_800_000_000,
    "not a date": "yesterday",
}


@pytest.mark.parametrize("odd", ODD_TIMES)
def test_a_save_time_that_cannot_be_right_never_wins(course, files, odd):
    real = read(files("alice__session2.ipynb", work("alice", ago(hours=3)), mtime=1_700_000_000), course)
    odd_copy = read(files("alice__session2 (1).ipynb", work("alice", ODD_TIMES[odd]), mtime=1_900_000_000), course)
    assert isinstance(real, Identified) and isinstance(odd_copy, Identified), odd_copy

    assert odd_copy.saved_at is None and odd_copy.time_note
    assert "unknown time" in odd_copy.time_note and odd_copy.time_note in odd_copy.notes
    chosen, rows = choose([odd_copy, real], {}, reject_late=False)

    assert chosen[0].notebook is real, "the copy with a usable save time is filed"
    row, = rows
    assert (row.item, row.status) == ("alice__session2 (1).ipynb", SKIPPED)
    assert "duplicate" in row.reason and odd_copy.time_note in row.reason


def test_an_odd_save_time_alone_is_filed_and_says_why_it_does_not_count(course, files):
    only = read(files("alice__session2.ipynb", work("alice", LATER_THAN_NOW)), course)
    assert isinstance(only, Identified) and only.saved_at is None
    assert any("is in the future, so the clock or the file is wrong" in n for n in only.notes)
    chosen, rows = choose([only], {"session2": NOW - timedelta(days=1)}, reject_late=True)
    assert chosen[0].notebook is only and rows == [], "nor is it late: its time is unknown"


def test_a_save_time_before_the_release_does_not_count(course, files):
    released = NOW - timedelta(days=3)
    early = read(files("alice__session2.ipynb", work("alice", ago(days=5))), course, released=released)
    assert isinstance(early, Identified) and early.saved_at is None
    assert f"before the session was released ({released:%Y-%m-%d})" in early.time_note
    fine = read(files("bob__session2.ipynb", work("bob", ago(days=1))), course, released=released)
    assert isinstance(fine, Identified) and fine.saved_at is not None and not fine.time_note


def test_an_answers_file_with_an_odd_time_is_not_filed_beside_a_notebook_with_a_real_one(course, files):
    # Grading takes whichever save time sorts last as written: "2099..." would beat the real notebook.
    notebook_copy = read(files("alice__session2.ipynb", work("alice", ago(hours=1))), course)
    side = read(files("alice__session2_answers.json", answers_file("session2", "alice", LATER_THAN_NOW)), course)
    assert isinstance(notebook_copy, Identified) and isinstance(side, Identified)

    chosen, rows = choose([notebook_copy, side], {}, reject_late=False)

    assert chosen[0].notebook is notebook_copy and chosen[0].answers is None
    row, = rows
    assert row.status == SKIPPED and "not filed beside alice__session2.ipynb" in row.reason
    assert "in the future" in row.reason


# -- the whole command ----------------------------------------------------------------------------------

@pytest.mark.slow
def test_an_lms_folder_naming_someone_else_no_longer_costs_the_owner_their_work(tmp_path):
    from test_collect import collect, filed, put, snapshot, zipped

    course_root = make_course(tmp_path / "course")
    inbox = tmp_path / "inbox"
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    bobs_own = work("bob", ago(hours=5))
    misfiled = work("", ago(hours=1))  # newer, and nothing typed inside: Alice's upload under Bob's file name
    put(inbox, "bob__session2.ipynb", bobs_own)
    put(inbox, "lms-download.zip", zipped({f"Alice Smith{MOODLE}/bob__session2.ipynb": misfiled}))
    put(inbox, "carol__session2.ipynb", work("carol", LATER_THAN_NOW))
    before = snapshot(inbox)

    rows, summary = collect(course_root, str(inbox), "--roster", str(tmp_path / "roster.csv"),
                            "--released", (NOW - timedelta(days=20)).isoformat())

    held = rows[f"lms-download.zip > Alice Smith{MOODLE}/bob__session2.ipynb"]
    assert held["status"] == "held" and "the folder says 'alice'" in held["reason"]
    assert rows["bob__session2.ipynb"]["status"] == FILED, rows["bob__session2.ipynb"]
    assert filed(course_root, "bob", "session2") == bobs_own
    assert not (course_root / "submitted" / "alice").exists()
    carol = rows["carol__session2.ipynb"]
    assert carol["status"] == NOTED and "in the future" in carol["reason"]
    assert "1 held" in summary and summary.index("the folder says 'alice'") < summary.index("in the future")
    stamp = course_root / "submitted" / "carol" / "session2" / "timestamp.txt"
    assert not stamp.exists() or LATER_THAN_NOW[:10] not in stamp.read_text(), "nbgrader is not given the odd time"
    assert snapshot(inbox) == before


def test_released_must_be_a_date(tmp_path):
    from test_collect import collect
    from workbooks.facilitator.course import CourseError

    with pytest.raises(CourseError, match="--released 'soon' is not a date"):
        collect(make_course(tmp_path / "course"), str(tmp_path), "--released", "soon")

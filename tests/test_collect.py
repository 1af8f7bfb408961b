"""``workbooks collect``: every file participants hand in is filed under the right participant, or reported.

The hand-ins are real "Download my work" files made once per module; variants (another participant ID,
an older save, tampered cells) are edits of those. Every test checks that the folder handed to
collect is left exactly as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tarfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from course_support import OUTSIDE_SETTINGS, REPO, hand_in, make_course, workbooks_cli
from workbooks.answers import MIME_TYPE
from workbooks.facilitator import bundles, identify
from workbooks.facilitator import collect as collect_step
from workbooks.facilitator.cli import build_parser
from workbooks.facilitator.course import Course, CourseError
from workbooks.facilitator.progress import Progress
from workbooks.notebook_copy import METADATA_KEY

pytestmark = pytest.mark.slow

# Save times must be plausible (after the workbooks existed, not in the future), so they follow the clock.
DUE = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
ON_TIME = (DUE - timedelta(hours=7)).isoformat(timespec="microseconds")
LATE = (DUE + timedelta(hours=1)).isoformat(timespec="microseconds")
DEADLINE = DUE.isoformat(timespec="minutes")


def shown(moment: str, timestamp: bool = False) -> str:
    """A save time as the report (or, with ``timestamp``, nbgrader's timestamp.txt) writes it."""
    when = datetime.fromisoformat(moment)
    return f"{when:%Y-%m-%d %H:%M:%S}" if timestamp else f"{when:%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True)
class HandIn:
    name: str          # the suggested name, <id>__<session>.ipynb
    notebook: bytes    # the downloaded notebook, answers inside
    answers: bytes     # the answers file beside the participant's notebook
    session: str


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> dict[str, HandIn]:
    """Real downloads: alice and bob do Session 2, carol Session 3."""
    desk = tmp_path_factory.mktemp("desk")
    made = {}
    for participant, session in (("alice", "session2"), ("bob", "session2"), ("carol", "session3")):
        name, content = hand_in(desk, REPO / "release", session, participant)
        answers = (desk / participant / session / f"{session}_answers.json").read_bytes()
        made[participant] = HandIn(name, content, answers, session)
    return made


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def course(tmp_path) -> Path:
    return make_course(tmp_path / "course")


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


# -- helpers ----------------------------------------------------------------------

def put(folder: Path, name: str | bytes, content: bytes, mtime: float | None = None) -> None:
    path = os.path.join(os.fsencode(folder), os.fsencode(name))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(content)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def snapshot(folder: Path) -> dict[bytes, tuple[int, int, bytes]]:
    """Every file under ``folder`` (bytes paths, so any name works): size, mtime and contents."""
    found = {}
    for root, _, files in os.walk(os.fsencode(folder)):
        for name in files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            content = b"" if info.st_size > 10_000_000 else open(path, "rb").read()
            found[path] = (info.st_size, info.st_mtime_ns, content)
    return found


def collect(course: Path, *argv: str) -> tuple[dict[str, dict[str, str]], str]:
    """Runs the step in this process, as the command line would; the report's rows by item, and the summary."""
    args = build_parser().parse_args(["collect", *argv])
    found = Course.find(course, db_url=args.db_url, exchange=args.exchange)
    summary = collect_step.run(found, args, Progress(enabled=False))
    return report(course), summary.render()


def report(course: Path) -> dict[str, dict[str, str]]:
    with (course / "reports" / "collect.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_item = {row["item"]: row for row in rows}
    assert len(by_item) == len(rows), "every file has exactly one row"
    return by_item


def filed(course: Path, participant: str, session: str, name: str | None = None) -> bytes:
    return (course / "submitted" / participant / session / (name or f"{session}.ipynb")).read_bytes()


def answer_copies(notebook: dict) -> list[dict]:
    copies = [output["data"][MIME_TYPE] for cell in notebook["cells"] for output in cell.get("outputs", [])
              if MIME_TYPE in output.get("data", {})]
    kept = notebook.get("metadata", {}).get(METADATA_KEY)
    return copies + ([kept["answers"]] if kept and kept.get("answers") else [])


def variant(content: bytes, participant: str | None = None, saved_at: str | None = None) -> bytes:
    """The same download with another participant ID or save time in every copy of the answers."""
    data = json.loads(content)
    copies = answer_copies(data) if "cells" in data else [data]
    assert copies
    for answers in copies:
        if participant is not None:
            answers["participant_id"] = participant
        if saved_at is not None:
            answers["saved_at"] = saved_at
    return json.dumps(data, indent=1).encode()


def grade_id(cell: dict) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def assert_other_filed(course: Path, rows: dict, participant: str, session: str, item: str) -> None:
    assert rows[item]["status"] == "filed", rows[item]
    assert (course / "submitted" / participant / session / f"{session}.ipynb").is_file()


@pytest.mark.parametrize("name, participant, session, renamed", [
    ("alice__session2.ipynb", "alice", "session2", ""),
    ("alice__session2_answers.json", "alice", "session2", ""),
    ("alice_smith-2__session3 (1).ipynb", "alice_smith-2", "session3", "(1)"),
    ("alice__session2_answers (2).json", "alice", "session2", "(2)"),
    ("alice__session2-Copy1.ipynb", "alice", "session2", "-Copy1"),
    ("Alice Smith_1234_assignsubmission_file_alice__session2.ipynb", "alice", "session2", ""),
    ("Alice Smith_1234_assignsubmission_file_session2.ipynb", "", "session2", ""),
    ("session4 (3).ipynb", "", "session4", "(3)"),
    ("smithalice_LATE_12345_67890_session1-1.ipynb", "", "session1", "-1"),
    ("session21.ipynb", "", "session21", ""),
    ("session2b.ipynb", "", "", ""),
    ("my notes.ipynb", "", "", ""),
])
def test_what_a_file_name_says(name, participant, session, renamed):
    clues = identify.read_name(name)
    assert (clues.participant, clues.session, clues.renamed) == (participant, session, renamed)


# -- the console script, on real downloads ---------------------------------------------------

def test_console_script_files_real_downloads_under_any_name(course, inbox, work):
    alice, bob, carol = work["alice"], work["bob"], work["carol"]
    put(inbox, alice.name, alice.notebook)                                              # Download my work
    put(inbox, "session2 (1).ipynb", bob.notebook)                                       # JupyterLab, twice
    put(inbox, "Carol Jones_1234_assignsubmission_file_session3.ipynb", carol.notebook)  # renamed by an LMS
    put(inbox, "carol__session3_answers.json", carol.answers)
    before = snapshot(inbox)

    result = workbooks_cli(course, "collect", str(inbox), "--quiet")

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "3 filed, 1 filed with a note, 0 held, 0 skipped" in result.stdout
    assert str(course / "reports" / "collect.csv") in result.stdout
    rows = report(course)
    assert rows[alice.name]["status"] == "filed"
    assert "the ID typed in the workbook and the file name" in rows[alice.name]["reason"]
    assert rows["session2 (1).ipynb"]["status"] == "filed-with-note"
    assert rows["session2 (1).ipynb"]["participant"] == "bob"
    assert "renamed" in rows["session2 (1).ipynb"]["reason"] and "(1)" in rows["session2 (1).ipynb"]["reason"]
    lms = rows["Carol Jones_1234_assignsubmission_file_session3.ipynb"]
    assert (lms["status"], lms["participant"], lms["session"]) == ("filed", "carol", "session3")
    assert filed(course, "alice", "session2") == alice.notebook
    assert filed(course, "bob", "session2") == bob.notebook
    assert filed(course, "carol", "session3") == carol.notebook
    assert filed(course, "carol", "session3", "session3_answers.json") == carol.answers
    saved_at = json.loads(alice.answers)["saved_at"]
    assert filed(course, "alice", "session2", "timestamp.txt").decode() == saved_at[:26].replace("T", " ")
    assert snapshot(inbox) == before


def test_missing_folder_is_a_plain_message(course, tmp_path):
    result = workbooks_cli(course, "collect", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "is not a folder" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(CourseError, match="Say which folder"):
        collect(course)


# -- who handed it in -------------------------------------------------------------------------

ROSTER = ("id,first_name,last_name,email,aliases\n"
          "alice,Alice,Smith,alice@example.org,asmith;a.smith\n"
          "bob,Bob,Jones,bob@example.org,\n")


def test_roster_names_participants_and_keeps_out_unknown_ones(course, inbox, tmp_path, work):
    alice, bob, carol = work["alice"], work["bob"], work["carol"]
    put(inbox, "Alice Smith_1234_assignsubmission_file_session2.ipynb", variant(alice.notebook, participant=""))
    put(inbox, "session3.ipynb", variant(carol.notebook, participant="asmith"))  # an alias typed in the workbook
    put(inbox, "zed__session2.ipynb", variant(bob.notebook, participant="zed"))
    put(inbox, bob.name, bob.notebook)
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    before = snapshot(inbox)

    rows, _ = collect(course, str(inbox), "--roster", str(roster))

    by_name = rows["Alice Smith_1234_assignsubmission_file_session2.ipynb"]
    assert (by_name["status"], by_name["participant"]) == ("filed", "alice")
    assert "roster" in by_name["reason"]
    assert (rows["session3.ipynb"]["status"], rows["session3.ipynb"]["participant"]) == ("filed", "alice")
    assert filed(course, "alice", "session3") == variant(carol.notebook, participant="asmith")
    unknown = rows["zed__session2.ipynb"]
    assert unknown["status"] == "held" and "unknown participant" in unknown["reason"]
    assert "zed" in unknown["reason"] and "roster.csv" in unknown["reason"]
    assert not (course / "submitted" / "zed").exists()
    assert_other_filed(course, rows, "bob", "session2", bob.name)
    with Course.find(course).gradebook() as gradebook:
        student = gradebook.find_student("alice")
        assert (student.first_name, student.last_name, student.email) == ("Alice", "Smith", "alice@example.org")
        assert gradebook.find_student("bob").last_name == "Jones"
    assert snapshot(inbox) == before


@pytest.mark.parametrize("text, message", [
    ("name,email\nalice,a@example.org\n", "no \"id\" column"),
    ("id,first_name\nalice smith,Alice\n", "not a usable participant ID"),
    ("id,first_name\nalice,Alice\nALICE,Alice\n", "listed twice|already used"),
    ("id,aliases\nalice,al\nbob,al\n", "alias \"al\" is already used by participant \"alice\""),
    ("id,first_name,last_name,email\n", "lists nobody"),
    (b"id,first_name\nalice,Ren\xe9e\n", "not UTF-8"),
])
def test_a_bad_roster_is_a_clear_error(course, inbox, tmp_path, text, message):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(CourseError, match=message):
        collect(course, str(inbox), "--roster", str(roster))
    with pytest.raises(CourseError, match="does not exist"):
        collect(course, str(inbox), "--roster", str(tmp_path / "missing.csv"))


def test_name_and_contents_that_disagree_are_not_filed(course, inbox, work):
    alice, carol = work["alice"], work["carol"]
    put(inbox, "bob__session2.ipynb", alice.notebook)     # alice's work under bob's name
    put(inbox, "carol__session2.ipynb", carol.notebook)   # session 3 work under a session 2 name
    put(inbox, "alice-final.ipynb", alice.notebook)
    before = snapshot(inbox)

    rows, _ = collect(course, str(inbox))

    swapped = rows["bob__session2.ipynb"]
    assert swapped["status"] == "held" and "disagree" in swapped["reason"]
    assert "typed in the workbook is 'alice'" in swapped["reason"] and "file name says 'bob'" in swapped["reason"]
    wrong_session = rows["carol__session2.ipynb"]
    assert wrong_session["status"] == "held"
    assert "session2" in wrong_session["reason"] and "session3" in wrong_session["reason"]
    assert not (course / "submitted" / "bob").exists() and not (course / "submitted" / "carol").exists()
    assert_other_filed(course, rows, "alice", "session2", "alice-final.ipynb")
    assert snapshot(inbox) == before


# -- which copy ---------------------------------------------------------------------------------

def test_the_newest_copy_wins_and_duplicates_say_which_file_won(course, inbox, work):
    alice, bob = work["alice"], work["bob"]
    older = variant(alice.notebook, saved_at=ON_TIME)
    put(inbox, "alice__session2 (1).ipynb", older, mtime=2_000_000_000)  # a newer file date does not matter
    put(inbox, alice.name, alice.notebook, mtime=1_700_000_100)
    put(inbox, "again/alice__session2.ipynb", alice.notebook, mtime=1_700_000_000)
    put(inbox, bob.name, bob.notebook)
    before = snapshot(inbox)

    rows, _ = collect(course, str(inbox))

    assert rows[alice.name]["status"] == "filed"
    assert filed(course, "alice", "session2") == alice.notebook
    old = rows["alice__session2 (1).ipynb"]
    assert old["status"] == "skipped" and "duplicate" in old["reason"]
    assert alice.name in old["reason"] and shown(ON_TIME) in old["reason"]
    same = rows["again/alice__session2.ipynb"]
    assert same["status"] == "skipped" and "identical copy of alice__session2.ipynb" in same["reason"]
    assert_other_filed(course, rows, "bob", "session2", bob.name)
    assert snapshot(inbox) == before


def test_late_work_is_filed_with_a_note(course, inbox, work):
    alice, bob = work["alice"], work["bob"]
    put(inbox, "alice__session2.ipynb", variant(alice.notebook, saved_at=ON_TIME))
    put(inbox, "alice__session2 (1).ipynb", variant(alice.notebook, saved_at=LATE))
    put(inbox, bob.name, variant(bob.notebook, saved_at=ON_TIME))
    before = snapshot(inbox)

    rows, summary = collect(course, str(inbox), "--deadline", DEADLINE)

    late = rows["alice__session2 (1).ipynb"]
    assert late["status"] == "filed-with-note"
    assert f"late: saved {shown(LATE)}, after the deadline {shown(DEADLINE)}" in late["reason"]
    assert rows["alice__session2.ipynb"]["status"] == "skipped"
    assert filed(course, "alice", "session2", "timestamp.txt") == shown(LATE, timestamp=True).encode()
    assert_other_filed(course, rows, "bob", "session2", bob.name)
    assert f"Late means saved after {shown(DEADLINE)}" in summary
    assert snapshot(inbox) == before


def test_reject_late_files_the_last_copy_before_the_gradebook_due_date(course, inbox, work):
    alice, bob = work["alice"], work["bob"]
    put(inbox, "alice__session2.ipynb", variant(alice.notebook, saved_at=ON_TIME))
    put(inbox, "alice__session2 (1).ipynb", variant(alice.notebook, saved_at=LATE))
    put(inbox, "bob__session2.ipynb", variant(bob.notebook, saved_at=LATE))
    put(inbox, "carol__session2.ipynb", variant(alice.notebook, participant="carol", saved_at=ON_TIME))
    with Course.find(course).gradebook() as gradebook:  # a due date set in the formgrader (nbgrader keeps UTC)
        gradebook.update_or_create_assignment("session2", duedate=DUE.replace(tzinfo=None))
    before = snapshot(inbox)

    rows, _ = collect(course, str(inbox), "--reject-late")

    for item in ("alice__session2 (1).ipynb", "bob__session2.ipynb"):
        assert rows[item]["status"] == "skipped"
        assert "late" in rows[item]["reason"] and "--reject-late" in rows[item]["reason"]
    assert not (course / "submitted" / "bob").exists()
    assert rows["alice__session2.ipynb"]["status"] == "filed"
    assert filed(course, "alice", "session2") == variant(alice.notebook, saved_at=ON_TIME)
    assert filed(course, "alice", "session2", "timestamp.txt") == shown(ON_TIME, timestamp=True).encode()
    assert_other_filed(course, rows, "carol", "session2", "carol__session2.ipynb")
    assert snapshot(inbox) == before


def test_a_second_run_adds_and_replaces_only_what_changed(course, inbox, tmp_path, work):
    alice, bob = work["alice"], work["bob"]
    put(inbox, alice.name, variant(alice.notebook, saved_at=ON_TIME))
    put(inbox, bob.name, variant(bob.notebook, saved_at=ON_TIME))
    collect(course, str(inbox))
    alice_before = snapshot(course / "submitted" / "alice")

    later = tmp_path / "later"
    later.mkdir()
    put(later, bob.name, variant(bob.notebook, saved_at=LATE))
    put(later, "alice__session2 (2).ipynb", variant(alice.notebook, saved_at=(DUE - timedelta(days=2)).isoformat()))
    put(later, "dana__session2_answers.json", variant(alice.answers, participant="dana"))  # answers only
    before = snapshot(later)
    rows, _ = collect(course, str(later))

    assert snapshot(course / "submitted" / "alice") == alice_before
    older = rows["alice__session2 (2).ipynb"]
    assert older["status"] == "skipped" and "newer submission is already filed" in older["reason"]
    assert rows[bob.name]["status"] == "filed"
    assert filed(course, "bob", "session2") == variant(bob.notebook, saved_at=LATE)
    answers_only = rows["dana__session2_answers.json"]
    assert answers_only["status"] == "filed-with-note" and "blank copy" in answers_only["reason"]
    assert filed(course, "dana", "session2") == (course / "release" / "session2" / "session2.ipynb").read_bytes()
    assert filed(course, "dana", "session2", "session2_answers.json") == variant(alice.answers, participant="dana")
    assert snapshot(later) == before

    rows, _ = collect(course, str(later))  # the same folder again changes nothing
    assert rows[bob.name]["status"] == "filed" and "unchanged" in rows[bob.name]["reason"]
    assert snapshot(course / "submitted" / "alice") == alice_before


def test_only_the_chosen_sessions_are_collected(course, inbox, work):
    put(inbox, work["alice"].name, work["alice"].notebook)
    put(inbox, work["carol"].name, work["carol"].notebook)
    before = snapshot(inbox)

    rows, _ = collect(course, str(inbox), "--session", "session3")

    other = rows[work["alice"].name]
    assert other["status"] == "skipped" and "session2 was not among the sessions collected" in other["reason"]
    assert not (course / "submitted" / "alice").exists()
    assert_other_filed(course, rows, "carol", "session3", work["carol"].name)
    with pytest.raises(CourseError, match="No session called session9"):
        collect(course, str(inbox), "--session", "session9")
    assert snapshot(inbox) == before


# -- what is wrong with a file -----------------------------------------------------------------

def test_malformed_files_are_reported_and_the_rest_filed(course, inbox, work):
    alice, bob = work["alice"], work["bob"]
    put(inbox, "cut__session2.ipynb", alice.notebook[: len(alice.notebook) // 2])
    put(inbox, "empty__session2.ipynb", b"")
    with open(inbox / "huge__session2.ipynb", "wb") as handle:  # sparse: big on paper, nothing to read
        handle.truncate(bundles.MAX_FILE_BYTES + 1)
    put(inbox, "list__session2.ipynb", b"[1, 2, 3]")
    put(inbox, "notes.json", b'{"hello": "world"}')
    put(inbox, "dave__session9.ipynb", json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                                   "nbformat_minor": 5}).encode())
    put(inbox, "anonymous.ipynb", (course / "release" / "session2" / "session2.ipynb").read_bytes())
    put(inbox, "slides.pdf", b"%PDF-1.4")
    put(inbox, "erin__session2.ipynb", (course / "release" / "session2" / "session2.ipynb").read_bytes())
    put(inbox, bob.name, bob.notebook)
    before = snapshot(inbox)

    rows, summary = collect(course, str(inbox))

    expected = {
        "cut__session2.ipynb": "not readable JSON",
        "empty__session2.ipynb": "empty file",
        "huge__session2.ipynb": "too big",
        "list__session2.ipynb": "not a notebook or an answers file",
        "notes.json": "not a notebook or an answers file",
        "dave__session9.ipynb": "session9 is not one of this course's sessions",
        "slides.pdf": "not a notebook",
    }
    for item, cause in expected.items():
        assert rows[item]["status"] == "skipped", rows[item]
        assert cause in rows[item]["reason"], rows[item]
    anonymous = rows["anonymous.ipynb"]  # someone's workbook: a person decides whose
    assert anonymous["status"] == "held" and "could not tell whose work this is" in anonymous["reason"]
    assert "at most 50 MB, so it was not read" in rows["huge__session2.ipynb"]["reason"]
    assert rows["anonymous.ipynb"]["session"] == "session2"  # told by the workbook's cells
    blank = rows["erin__session2.ipynb"]
    assert blank["status"] == "filed-with-note" and "no saved answers" in blank["reason"]
    assert_other_filed(course, rows, "bob", "session2", bob.name)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["bob", "erin"]
    assert "1 filed, 1 filed with a note, 1 held, 7 skipped" in summary
    assert snapshot(inbox) == before


def test_tampered_or_deleted_graded_cells_are_filed_with_a_note(course, inbox, work):
    alice, bob = work["alice"], work["bob"]
    notebook = json.loads(alice.notebook)
    checks = [grade_id(c) for c in notebook["cells"] if grade_id(c).endswith("_check")]
    notebook["cells"] = [c for c in notebook["cells"] if grade_id(c) not in ("workbook_setup", checks[0])]
    for cell in notebook["cells"]:
        if grade_id(cell) == checks[1]:
            cell["source"] = "assert True"
    notebook["metadata"][METADATA_KEY] = {"answers": answer_copies(json.loads(alice.notebook))[0]}
    tampered = json.dumps(notebook).encode()
    put(inbox, alice.name, tampered)
    put(inbox, bob.name, bob.notebook)
    before = snapshot(inbox)

    rows, _ = collect(course, str(inbox))

    row = rows[alice.name]
    assert row["status"] == "filed-with-note"
    assert f"deleted (workbook_setup, {checks[0]})" in row["reason"] and f"changed ({checks[1]})" in row["reason"]
    assert "autograde puts the original cells back" in row["reason"]
    assert filed(course, "alice", "session2") == tampered
    assert_other_filed(course, rows, "bob", "session2", bob.name)
    assert snapshot(inbox) == before


def test_names_that_are_not_utf8_are_shown_escaped(course, inbox, work):
    alice, bob = work["alice"], work["bob"]
    put(inbox, b"caf\xe9__session2.ipynb", alice.notebook)
    put(inbox, b"\xff\xfe.ipynb", (course / "release" / "session2" / "session2.ipynb").read_bytes())
    archive = zipped({"bXb__session2.ipynb": bob.notebook}).replace(b"bXb__", b"b\xf6b__")  # no UTF-8 flag
    put(inbox, "bundle.zip", archive)
    put(inbox, "carol__session3.ipynb", work["carol"].notebook)
    before = snapshot(inbox)

    rows, _ = collect(course, str(inbox))

    cafe = rows["caf\\xe9__session2.ipynb"]
    assert (cafe["status"], cafe["participant"]) == ("filed-with-note", "alice")
    assert "not valid UTF-8" in cafe["reason"] and "caf\\xe9" in cafe["reason"]
    assert filed(course, "alice", "session2") == alice.notebook
    inside = rows["bundle.zip > b\\xf6b__session2.ipynb"]
    assert (inside["status"], inside["participant"]) == ("filed-with-note", "bob")
    assert "not valid UTF-8" in inside["reason"]
    unnamed = rows["\\xff\\xfe.ipynb"]
    assert unnamed["status"] == "held" and "could not tell whose work" in unnamed["reason"]
    assert "not valid UTF-8" in unnamed["reason"]
    assert_other_filed(course, rows, "carol", "session3", "carol__session3.ipynb")
    assert snapshot(inbox) == before


# -- bundles ------------------------------------------------------------------------------------

def test_bundles_are_unpacked_safely(course, inbox, tmp_path, work):
    alice, bob, carol = work["alice"], work["bob"], work["carol"]
    put(inbox, "alice-work.zip", zipped({"session2.ipynb": alice.notebook, "session2_answers.json": alice.answers}))
    put(inbox, "lms/session3-all.zip", zipped({
        "Carol Jones_1234_assignsubmission_file_/session3.ipynb": carol.notebook,
        "__MACOSX/Carol Jones_1234_assignsubmission_file_/._session3.ipynb": b"\x00\x05",
        "Dana Lee_5678_assignsubmission_file_/dana.zip": zipped({"session3.ipynb": variant(carol.notebook,
                                                                                           participant="dana")}),
    }))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("bob/bob__session2.ipynb")
        info.size = len(bob.notebook)
        archive.addfile(info, io.BytesIO(bob.notebook))
        link = tarfile.TarInfo("bob/shadow.ipynb")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    put(inbox, "bob.tar.gz", buffer.getvalue())
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../../evil__session2.ipynb", alice.notebook)
        archive.writestr("/tmp/evil-absolute__session2.ipynb", alice.notebook)
        link = zipfile.ZipInfo("evil-link__session2.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    put(inbox, "evil.zip", evil.getvalue())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros__session2.ipynb", b"\0" * (bundles.MAX_FILE_BYTES + 1))
    put(inbox, "bomb.zip", bomb.getvalue())
    put(inbox, "broken.zip", b"PK\x03\x04 this is not really a zip")
    before = snapshot(inbox)

    rows, _ = collect(course, str(inbox))

    assert rows["alice-work.zip"]["status"] == "unpacked"
    assert rows["alice-work.zip > session2.ipynb"]["status"] == "filed"
    assert rows["alice-work.zip > session2_answers.json"]["status"] == "filed"
    assert filed(course, "alice", "session2") == alice.notebook
    assert filed(course, "alice", "session2", "session2_answers.json") == alice.answers
    lms = rows["lms/session3-all.zip > Carol Jones_1234_assignsubmission_file_/session3.ipynb"]
    assert (lms["status"], lms["participant"]) == ("filed", "carol")
    mac = "lms/session3-all.zip > __MACOSX/Carol Jones_1234_assignsubmission_file_/._session3.ipynb"
    assert rows[mac]["status"] == "skipped" and "system" in rows[mac]["reason"]
    nested = rows["lms/session3-all.zip > Dana Lee_5678_assignsubmission_file_/dana.zip > session3.ipynb"]
    assert (nested["status"], nested["participant"]) == ("filed", "dana")
    assert rows["bob.tar.gz > bob/bob__session2.ipynb"]["status"] == "filed"
    assert filed(course, "bob", "session2") == bob.notebook
    assert "link" in rows["bob.tar.gz > bob/shadow.ipynb"]["reason"]
    assert "climbs out" in rows["evil.zip > ../../evil__session2.ipynb"]["reason"]
    assert "absolute path" in rows["evil.zip > /tmp/evil-absolute__session2.ipynb"]["reason"]
    assert "link" in rows["evil.zip > evil-link__session2.ipynb"]["reason"]
    for item in [i for i in rows if i.startswith("evil.zip > ")]:
        assert rows[item]["status"] == "skipped"
    assert not any("evil" in name for name in os.listdir(tmp_path.parent))
    assert not Path("/tmp/evil-absolute__session2.ipynb").exists()
    assert [p for p in tmp_path.rglob("*evil*") if p.parent != inbox] == []
    assert "too big" in rows["bomb.zip > zeros__session2.ipynb"]["reason"]
    assert rows["broken.zip"]["status"] == "skipped" and "damaged" in rows["broken.zip"]["reason"]
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["alice", "bob", "carol", "dana"]
    assert not [p for p in (course / "downloaded").iterdir()], "the temporary folder is gone"
    assert snapshot(inbox) == before


def test_a_bundle_over_the_limits_is_not_unpacked(course, inbox, work, monkeypatch):
    monkeypatch.setattr(bundles, "MAX_UNPACKED_BYTES", 3 * len(work["bob"].notebook))
    monkeypatch.setattr(bundles, "MAX_BUNDLE_ENTRIES", 5)
    put(inbox, "many.zip", zipped({f"p{n}__session2.ipynb": b"{}" for n in range(6)}))
    put(inbox, "large.zip", zipped({f"p{n}__session2.ipynb": work["bob"].notebook for n in range(4)}))
    put(inbox, "fine.zip", zipped({"bob__session2.ipynb": work["bob"].notebook}))
    before = snapshot(inbox)

    rows, _ = collect(course, str(inbox))

    for item in ("many.zip", "large.zip"):
        assert rows[item]["status"] == "skipped" and "zip bomb" in rows[item]["reason"]
    assert not [item for item in rows if item.startswith(("many.zip >", "large.zip >"))]
    assert_other_filed(course, rows, "bob", "session2", "fine.zip > bob__session2.ipynb")
    assert snapshot(inbox) == before


# -- JupyterHub: nbgrader's exchange ------------------------------------------------------------

def stamp(moment: str, hours: int = 0) -> str:
    """A time as nbgrader's submit writes it in timestamp.txt."""
    return f"{datetime.fromisoformat(moment) + timedelta(hours=hours):%Y-%m-%d %H:%M:%S.%f} UTC"


def submit_to_exchange(exchange: Path, participant: str, session: str, notebook: bytes, stamp: str,
                       answers: bytes | None = None) -> None:
    """What ``nbgrader submit`` leaves in the exchange: inbound/<id>+<session>+<timestamp>+<random>/."""
    folder = exchange / "community-building" / "inbound" / f"{participant}+{session}+{stamp}+x{participant}"
    folder.mkdir(parents=True)
    (folder / f"{session}.ipynb").write_bytes(notebook)
    if answers is not None:
        (folder / f"{session}_answers.json").write_bytes(answers)
    (folder / "timestamp.txt").write_text(stamp)


def test_from_exchange_collects_with_nbgrader_and_checks_each_submission(course, tmp_path, work):
    alice, bob = work["alice"], work["bob"]
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    api = Course.find(course, exchange=exchange).api()
    assert api.release_assignment("session2")["success"]
    tampered = json.loads(bob.notebook)
    tampered["cells"] = [c for c in tampered["cells"] if not grade_id(c).endswith("_check")]
    submit_to_exchange(exchange, "alice", "session2", alice.notebook, stamp(ON_TIME),
                       answers=alice.answers)
    submit_to_exchange(exchange, "bob", "session2", json.dumps(tampered).encode(), stamp(LATE))
    submit_to_exchange(exchange, "carol", "session2", b"not json", stamp(ON_TIME, 1))
    submit_to_exchange(exchange, "dana", "session2", alice.notebook, stamp(ON_TIME, 2))
    inbound = exchange / "community-building" / "inbound"
    before = snapshot(inbound)

    rows, _ = collect(course, "--from-exchange", "--exchange", str(exchange), "--session", "session2",
                      "--deadline", DEADLINE)

    assert rows["submitted/alice/session2"]["status"] == "filed"
    assert "collected now" in rows["submitted/alice/session2"]["reason"]
    assert filed(course, "alice", "session2") == alice.notebook
    # The course's CourseDirectory.ignore lists *_answers.json; collect must still bring the answer file.
    assert filed(course, "alice", "session2", "session2_answers.json") == alice.answers
    tampered_row = rows["submitted/bob/session2"]
    assert tampered_row["status"] == "filed-with-note"
    assert "deleted" in tampered_row["reason"] and "late" in tampered_row["reason"]
    assert "not readable JSON" in rows["submitted/carol/session2"]["reason"]
    dana = rows["submitted/dana/session2"]
    assert dana["status"] == "filed-with-note" and "typed in the workbook is alice" in dana["reason"]
    assert snapshot(inbound) == before

    rows, _ = collect(course, "--from-exchange", "--exchange", str(exchange), "--session", "session2")
    assert "collected earlier" in rows["submitted/alice/session2"]["reason"]


def test_from_exchange_without_an_exchange_is_a_plain_message(course, tmp_path):
    with pytest.raises(CourseError, match="does not exist"):
        collect(course, "--from-exchange", "--exchange", str(tmp_path / "no-exchange"))
    with pytest.raises(CourseError, match="either a FOLDER or --from-exchange"):
        collect(course, str(tmp_path), "--from-exchange")

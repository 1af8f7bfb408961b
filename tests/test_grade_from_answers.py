"""``workbooks grade`` by default: grades from the saved answers, starts no kernel, runs no participant code.

The optional path that runs the notebooks in a sandbox is in test_grade_and_release.py.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from course_support import AUTOGRADED_POINTS, autograded_points, blank_notebook, hand_in, make_course, workbooks_cli
from workbooks import messages
from workbooks.cells import grade_id, nbgrader_meta
from workbooks.facilitator import cli
from workbooks.facilitator.course import Course
from workbooks.notebook_copy import METADATA_KEY
from workbooks.sessions import get

pytestmark = pytest.mark.slow
SESSION = "session2"
FIRST_CHECK = get(SESSION).exercises[0].check_id


def with_cell(notebook: bytes, cell_id: str, code: str) -> bytes:
    data = json.loads(notebook)
    for cell in data["cells"]:
        if grade_id(cell) == cell_id:
            cell["source"] = code
    return json.dumps(data).encode()


def without_answers(notebook: bytes) -> bytes:
    """The notebook with the copy of the answers its setup cell carries taken out."""
    data = json.loads(notebook)
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
    return json.dumps(data).encode()


def without_cell(notebook: bytes, cell_id: str) -> bytes:
    data = json.loads(notebook)
    data["cells"] = [cell for cell in data["cells"] if grade_id(cell) != cell_id]
    return json.dumps(data).encode()


def with_added_cells(notebook: bytes, marker: Path) -> bytes:
    data = json.loads(notebook)
    data["cells"] += [
        {"cell_type": "markdown", "id": "mine-1", "metadata": {}, "source": "My own notes on the session."},
        {"cell_type": "code", "id": "mine-2", "metadata": {}, "execution_count": None, "outputs": [],
         "source": f"open({str(marker)!r}, 'w').write('ran')"},
    ]
    return json.dumps(data).encode()


def score(course: Path, participant: str) -> float:
    return autograded_points(course, SESSION, participant)


def report(course: Path) -> dict[str, dict[str, str]]:
    with (course / "reports" / "grade.csv").open(encoding="utf-8") as handle:
        return {row["participant"]: row for row in csv.DictReader(handle)}


def graded_notebook(course: Path, participant: str) -> dict:
    return json.loads((course / "autograded" / participant / SESSION / f"{SESSION}.ipynb").read_text())


def check_outputs(notebook: dict) -> dict[str, list[dict]]:
    return {grade_id(c): c.get("outputs", []) for c in notebook["cells"]
            if c["cell_type"] == "code" and nbgrader_meta(c).get("grade")}


def place(course: Path, participant: str, content: bytes) -> None:
    folder = course / "submitted" / participant / SESSION
    folder.mkdir(parents=True)
    (folder / f"{SESSION}.ipynb").write_bytes(content)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("from-answers")
    course = make_course(root / "course")
    marker = root / "code-ran.txt"
    _, complete = hand_in(root / "desk", course / "release", SESSION, "alice")
    blank = blank_notebook(course / "release", SESSION)
    handed_in = {
        "alice": complete,
        "blank": blank,
        # Complete answers, and code in an answer cell that would leave a mark if it ran.
        "coder": with_cell(complete, get(SESSION).exercises[0].answer_id,
                           f"open({str(marker)!r}, 'w').write('ran')"),
        # Every check rewritten to pass, nothing entered.
        "cheater": with_cell(blank, FIRST_CHECK, "pass"),
        # Complete work, with a note and a cell of code of the participant's own.
        "annotator": with_added_cells(complete, marker),
        # The answers taken out of a complete notebook, and no answers file beside it.
        "stripped": without_answers(complete),
        # Nothing entered, and the first exercise's answer cell deleted.
        "deleter": without_cell(blank, get(SESSION).exercises[0].answer_id),
        # Complete answers, the first exercise's answer cell deleted: the answers still count.
        "tidy": without_cell(complete, get(SESSION).exercises[0].answer_id),
    }
    for participant, content in handed_in.items():
        place(course, participant, content)
    result = workbooks_cli(course, "grade")
    yield course, result, marker


def test_every_submission_is_graded_and_reported(graded):
    course, result, _ = graded
    assert result.returncode == 0, result.stderr
    assert sorted(report(course)) == sorted(["alice", "blank", "coder", "cheater", "annotator", "stripped",
                                             "deleter", "tidy"])
    assert "Traceback" not in result.stdout + result.stderr
    assert "WARNING" not in result.stdout  # no sandbox warning: nothing runs


def test_complete_work_scores_full_marks_and_blank_scores_zero(graded):
    course, *_ = graded
    assert score(course, "alice") == AUTOGRADED_POINTS[SESSION]
    assert score(course, "blank") == 0
    assert report(course)["alice"]["status"] == "graded"


def test_no_participant_code_runs(graded):
    course, _, marker = graded
    assert not marker.exists()
    assert score(course, "coder") == AUTOGRADED_POINTS[SESSION]  # the answers count, the code never ran
    assert score(course, "cheater") == 0


def test_participants_own_cells_stay_in_the_graded_notebook_as_text(graded):
    course, _, marker = graded
    cells = {c.get("id"): c for c in graded_notebook(course, "annotator")["cells"]}
    assert "".join(cells["mine-1"]["source"]) == "My own notes on the session."
    assert "code-ran.txt" in "".join(cells["mine-2"]["source"]) and cells["mine-2"]["outputs"] == []
    assert score(course, "annotator") == AUTOGRADED_POINTS[SESSION] and not marker.exists()


def test_the_answers_are_shown_under_each_exercise_for_the_formgrader(graded):
    course, *_ = graded
    notebook = graded_notebook(course, "alice")
    shown = {grade_id(c): c["outputs"] for c in notebook["cells"] if c["cell_type"] == "code"}
    for exercise in get(SESSION).graded:
        outputs = shown[get(SESSION).exercise(exercise).answer_id]
        assert outputs and "text/html" in outputs[0]["data"]
    assert all(output["output_type"] != "error" for outputs in check_outputs(notebook).values()
               for output in outputs)


@pytest.mark.parametrize("participant", ["stripped", "deleter"])
def test_a_hand_in_without_answers_scores_zero_with_its_reason(graded, participant):
    course, *_ = graded
    assert score(course, participant) == 0
    row = report(course)[participant]
    assert row["status"] == "graded with problems" and "no answers were found" in row["reason"]
    outputs = check_outputs(graded_notebook(course, participant))
    assert outputs[FIRST_CHECK][0]["output_type"] == "error"
    assert messages.text("grading.no_answers") in outputs[FIRST_CHECK][0]["evalue"]


def test_a_deleted_answer_cell_loses_none_of_the_answers_saved(graded):
    course, *_ = graded
    assert score(course, "tidy") == AUTOGRADED_POINTS[SESSION]


def test_grading_starts_no_kernel(graded, monkeypatch):
    """In this process, with every way of starting a kernel made to fail loudly."""
    from jupyter_client import manager

    started = []

    def refuse(*args, **kwargs):
        started.append(args)
        raise AssertionError("a kernel was started")

    for name in ("start_kernel", "_async_start_kernel"):
        monkeypatch.setattr(manager.KernelManager, name, refuse, raising=False)
        monkeypatch.setattr(manager.AsyncKernelManager, name, refuse, raising=False)
    course, *_ = graded
    status = cli.main(["grade", "--course", str(course), "--participant", "alice", "--again", "--jobs", "1",
                       "--quiet"])
    assert status == 0 and started == []
    assert report(course)["alice"]["status"] == "graded"
    assert score(course, "alice") == AUTOGRADED_POINTS[SESSION]


# -- failing closed ---------------------------------------------------------------

@pytest.fixture
def misconfigured(graded, tmp_path):
    """A copy of the course whose nbgrader_config.py leaves the checks out of autograde."""
    course = tmp_path / "course"
    shutil.copytree(graded[0], course)
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nc.Autograde.autograde_preprocessors = "
                                           "[SaveAutoGrades, AssignLatePenalties, CheckCellMetadataQuickly]\n")
    return course


def test_a_course_that_would_not_check_answers_refuses_to_grade(misconfigured):
    result = workbooks_cli(misconfigured, "grade", "--again")
    assert result.returncode == 1
    assert "GradeFromAnswers" in result.stderr and "Traceback" not in result.stderr


def test_nbgrader_with_the_checks_left_out_gives_zero_and_says_why(misconfigured):
    """Straight through nbgrader (as the formgrader's autograde button does): 0, never full marks."""
    api = Course.find(misconfigured).api()
    assert api.autograde(SESSION, "alice", force=True, create=True)["success"]
    assert score(misconfigured, "alice") == 0
    outputs = check_outputs(graded_notebook(misconfigured, "alice"))
    assert all(o[0]["output_type"] == "error" and o[0]["evalue"] == messages.text("grading.not_checked")
               for o in outputs.values())


def test_the_check_step_cannot_be_switched_off(graded, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded[0], course)
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nc.GradeFromAnswers.enabled = False\nc.MarkUnchecked.enabled = False\n")
    api = Course.find(course).api()
    assert api.autograde(SESSION, "alice", force=True, create=True)["success"]
    assert api.autograde(SESSION, "blank", force=True, create=True)["success"]
    assert score(course, "alice") == AUTOGRADED_POINTS[SESSION] and score(course, "blank") == 0
    assert METADATA_KEY in graded_notebook(course, "alice")["metadata"]


# -- workers and the SQLite gradebook ------------------------------------------------

class Turn:
    """A stand-in for the workers' lock that notes whether it is held."""

    def __init__(self) -> None:
        self.held = False

    def __call__(self) -> Turn:
        return self

    def __enter__(self) -> None:
        assert not self.held, "the turn was taken twice"
        self.held = True

    def __exit__(self, *exc_info: object) -> None:
        self.held = False


def test_autograde_writes_the_gradebook_only_in_its_turn_and_reads_outside_it(graded, tmp_path):
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from workbooks.facilitator.grade import autograde

    course = tmp_path / "course"
    shutil.copytree(graded[0], course)
    for newcomer, like in (("newcomer", "alice"), ("newblank", "blank")):  # not in the gradebook yet
        shutil.copytree(course / "submitted" / like, course / "submitted" / newcomer)
    turn, statements = Turn(), []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement.lstrip().split(None, 1)[0].upper(), turn.held))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        for participant in ("newcomer", "newblank"):
            assert autograde(Course.find(course).api(), SESSION, participant, turn)["success"]
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    writes = [held for verb, held in statements if verb in ("INSERT", "UPDATE", "DELETE")]
    reads = [held for verb, held in statements if verb == "SELECT"]
    assert writes and all(writes), "a gradebook write outside the worker's turn"
    assert not all(reads), "every read waited for the turn: the workers could not overlap"
    assert score(course, "newcomer") == AUTOGRADED_POINTS[SESSION] and score(course, "newblank") == 0


def test_two_workers_on_a_sqlite_gradebook_grade_every_submission_as_one_would(tmp_path):
    from workbooks.facilitator.grade import PARALLEL_FROM

    course = make_course(tmp_path / "course")
    _, complete = hand_in(tmp_path / "desk", course / "release", SESSION, "p00")
    blank = blank_notebook(course / "release", SESSION)
    people = {f"p{n:02d}": complete if n % 2 == 0 else blank for n in range(PARALLEL_FROM + 2)}
    for participant, content in people.items():
        place(course, participant, content)
    result = workbooks_cli(course, "grade", "--jobs", "2", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = report(course)
    assert sorted(rows) == sorted(people)
    for participant, content in people.items():
        expected = ("graded", AUTOGRADED_POINTS[SESSION]) if content is complete else ("graded with problems", 0)
        assert (rows[participant]["status"], score(course, participant)) == expected, rows[participant]
        assert "no answers" in rows[participant]["reason"] or content is complete

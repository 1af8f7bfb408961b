"""``workbooks grade --execute`` and ``workbooks release`` with nbgrader for real, and participants who misbehave.

Running the notebooks is the optional path; the default, grading from the
answers without running anything, is in test_grade_from_answers.py.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest

from course_support import (
    AUTOGRADED_POINTS,
    REPO,
    SESSIONS,
    autograded_points,
    blank_notebook,
    hand_in,
    make_course,
    workbooks_cli,
)
from workbooks.facilitator import sandbox
from workbooks.facilitator.release import leaks

pytestmark = pytest.mark.slow
SESSION = "session2"
SECRET = "grader-token-7d1e5"  # in the grader's environment, for no notebook to see
SANDBOX = sandbox.bwrap_problem() == ""
ARTIFACTS = REPO / ".test-artifacts"


def with_code(notebook: bytes, code: str, cell: str = "purpose_outcomes_answer") -> bytes:
    """The notebook with ``code`` typed into one of its cells, as a participant could."""
    data = json.loads(notebook)
    for each in data["cells"]:
        if each["metadata"].get("nbgrader", {}).get("grade_id") == cell:
            each["source"] = code
    return json.dumps(data).encode()


class Listener:
    """A TCP server on this machine that counts who connects."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def listener() -> Listener:
    return Listener()


@pytest.fixture(scope="module")
def graded(tmp_path_factory, listener):
    # Outside /tmp and the home folder, like a facilitator's course folder (the sandbox hides
    # both of those wholesale, which would hide a leak from the course folder itself).
    ARTIFACTS.mkdir(exist_ok=True)
    course = make_course(Path(tempfile.mkdtemp(prefix="grading-", dir=ARTIFACTS)) / "course")
    yield from _graded(course, tmp_path_factory, listener)
    shutil.rmtree(course.parent, ignore_errors=True)


def _graded(course, tmp_path_factory, listener):
    _, complete = hand_in(tmp_path_factory.mktemp("desk"), course / "release", SESSION, "alice")
    blank = blank_notebook(course / "release", SESSION)
    secret_line = 'use_example("session2", "stakeholders")'
    handed_in = {
        "alice": complete,
        "blank": blank,
        # Complete answers, and an endless loop in one cell: the loop is stopped, the answers still count.
        "looper": with_code(complete, "while True:\n    pass"),
        # bytes(n) is calloc'd, so reaching the limit takes no time zeroing pages on a busy machine.
        "hog": with_code(blank, "hoard = []\nwhile True:\n    hoard.append(bytes(50 * 1024 * 1024))"),
        "netter": with_code(blank, "import socket\n"
                                   f"socket.create_connection(('127.0.0.1', {listener.port}), timeout=3)"),
        "snoop": with_code(blank, "\n".join([
            f"for path in [{str(course / 'roster.csv')!r}, {str(course / 'handed-in' / 'bob__session2.ipynb')!r}]:",
            "    try:",
            "        print(open(path).read())",
            "    except OSError as problem:",
            "        print('blocked', type(problem).__name__)",
            f"print(open({str(course / 'source' / SESSION / (SESSION + '.ipynb'))!r}).read())"])),
        "vandal": with_code(blank, "\n".join([
            f"open({str(course / 'gradebook.db')!r}, 'w').write('gone')",
        ])),
        "vandal2": with_code(blank, f"open({str(course / 'submitted' / 'alice' / SESSION / (SESSION + '.ipynb'))!r}, "
                                    "'w').write('gone')"),
        # Links planted in its folder, for nbgrader to write through or copy into the feedback.
        "linker": with_code(blank, "\n".join([
            "import os",
            f"os.remove({SESSION + '.ipynb'!r})",
            f"os.symlink({str(course / 'gradebook.db')!r}, {SESSION + '.ipynb'!r})",
            f"os.symlink({str(course / 'source' / SESSION / (SESSION + '.ipynb'))!r}, 'solutions.txt')",
        ])),
        # What the sandbox's own processes can tell: their environment and the notebook being run.
        "peeker": with_code(blank, "\n".join([
            "import os",
            "for pid in ('1', 'self'):",
            "    try:",
            "        print(open(f'/proc/{pid}/environ', 'rb').read())",
            "    except OSError as problem:",
            "        print('blocked', type(problem).__name__)",
            "print(dict(os.environ))",
            f"print(open({SESSION + '.ipynb'!r}).read())"])),
        # Memory that the process limit does not count: files in the sandbox's scratch mounts.
        "filler": with_code(blank, "\n".join([
            "for folder in ('/tmp', '/dev/shm', '/run'):",
            "    written = 0",
            "    try:",
            "        with open(folder + '/fill', 'wb') as handle:",
            "            while written < 600 * 2**20:",
            "                handle.write(bytes(2**20))",
            "                written += 2**20",
            "    except OSError as problem:",
            "        pass",
            "    print('wrote', folder, written // 2**20)"])),
        # Nothing entered, and every check redefined to pass.
        "patcher": with_code(blank, "from workbooks.sessions import get\nfrom workbooks.checks import CheckResult\n"
                                    f"spec = get({SESSION!r})\nfor exercise in spec.exercises:\n"
                                    "    object.__setattr__(exercise, 'check',\n"
                                    "                       lambda model: CheckResult(True, 'fine'))"),
    }
    (course / "roster.csv").write_text("id,email\nalice,alice@example.org\n")  # what a course folder also holds
    (course / "handed-in").mkdir()
    (course / "handed-in" / "bob__session2.ipynb").write_text("Bob's private hand-in")
    for participant, content in handed_in.items():
        folder = course / "submitted" / participant / SESSION
        folder.mkdir(parents=True)
        (folder / f"{SESSION}.ipynb").write_bytes(content)
    originals = digest(course / "submitted")
    result = workbooks_cli(course, "grade", "--execute", "--timeout", "5", "--memory", "1024",
                           env_extra={"GRADER_API_TOKEN": SECRET})
    yield course, result, originals, secret_line


def report(course: Path) -> dict[str, dict[str, str]]:
    import csv

    with (course / "reports" / "grade.csv").open(encoding="utf-8") as handle:
        return {row["participant"]: row for row in csv.DictReader(handle)}


def score(course: Path, participant: str) -> float:
    return autograded_points(course, SESSION, participant)


def test_grade_finishes_the_batch_and_reports_every_submission(graded):
    course, result, _, _ = graded
    assert result.returncode == 0, result.stderr
    assert "Grading" in result.stdout and "Written:" in result.stdout
    assert sorted(report(course)) == ["alice", "blank", "filler", "hog", "linker", "looper", "netter", "patcher",
                                      "peeker", "snoop", "vandal", "vandal2"]
    assert "Traceback" not in result.stdout + result.stderr


def test_complete_work_scores_full_marks_and_blank_scores_zero(graded):
    course, *_ = graded
    assert score(course, "alice") == AUTOGRADED_POINTS[SESSION]
    assert score(course, "blank") == 0
    assert (course / "feedback" / "alice" / SESSION / f"{SESSION}.html").is_file()


def test_an_endless_loop_is_stopped_and_the_other_answers_still_count(graded):
    course, *_ = graded
    row = report(course)["looper"]
    assert row["status"] == "graded with problems" and "time limit" in row["reason"]
    assert score(course, "looper") == AUTOGRADED_POINTS[SESSION]


def test_a_memory_hog_is_stopped(graded):
    row = report(graded[0])["hog"]
    assert row["status"] in ("graded with problems", "not graded") and "memory" in row["reason"], row


@pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {sandbox.bwrap_problem()}")
def test_the_network_is_out_of_reach(graded, listener):
    row = report(graded[0])["netter"]
    assert "ConnectionRefusedError" in row["reason"] or "OSError" in row["reason"], row
    assert listener.connections == 0


@pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {sandbox.bwrap_problem()}")
def test_solutions_rosters_and_hand_ins_are_out_of_reach(graded):
    course, _, _, secret_line = graded
    assert "FileNotFoundError" in report(course)["snoop"]["reason"]
    outputs = json.loads((course / "autograded" / "snoop" / SESSION / f"{SESSION}.ipynb").read_text())
    shown = json.dumps([cell.get("outputs", []) for cell in outputs["cells"]])
    assert "use_example" not in shown and "MARK SCHEME" not in shown
    assert shown.count("blocked FileNotFoundError") == 2
    assert "alice@example.org" not in shown and "private hand-in" not in shown


def shown_by(course: Path, participant: str) -> str:
    """Everything the participant's notebook printed while it ran."""
    notebook = json.loads((course / "autograded" / participant / SESSION / f"{SESSION}.ipynb").read_text())
    return json.dumps([cell.get("outputs", []) for cell in notebook["cells"]])


def mark_scheme_lines(course: Path) -> list[str]:
    source = json.loads((course / "source" / SESSION / f"{SESSION}.ipynb").read_text())
    lines = []
    for cell in source["cells"]:
        text = "".join(cell["source"])
        if "BEGIN MARK SCHEME" in text:
            inside = text.split("BEGIN MARK SCHEME", 1)[1].split("END MARK SCHEME", 1)[0]
            lines += [line for line in inside.splitlines() if len(line) > 30]
    return lines


@pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {sandbox.bwrap_problem()}")
def test_the_graders_environment_is_out_of_reach_even_of_the_sandboxs_first_process(graded):
    course, *_ = graded
    shown = shown_by(course, "peeker")
    assert "environ" not in report(course)["peeker"]["reason"]  # it ran to the end
    assert "NBGRADER_EXECUTION" in shown  # the environment was printed ...
    assert SECRET not in shown and "GRADER_API_TOKEN" not in shown  # ... without the grader's secrets


@pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {sandbox.bwrap_problem()}")
def test_the_notebook_a_kernel_can_read_has_no_mark_schemes(graded):
    course, *_ = graded
    shown = shown_by(course, "peeker")
    assert "purpose_outcomes_check" in shown  # the notebook was read ...
    assert mark_scheme_lines(course)
    assert "MARK SCHEME" not in shown  # ... with its mark schemes cut
    assert not [line for line in mark_scheme_lines(course) if json.dumps(line)[1:-1] in shown]


@pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {sandbox.bwrap_problem()}")
def test_the_sandboxs_scratch_space_is_capped(graded):
    course, *_ = graded
    written = {folder: int(megabytes) for folder, megabytes in
               re.findall(r"wrote (/[a-z/]+) (\d+)", shown_by(course, "filler"))}
    scratch = 1024 // sandbox.SCRATCH_SHARE  # of the 1024 MB limit the fixture sets
    assert written.keys() == {"/tmp", "/dev/shm", "/run"}
    assert written["/tmp"] <= scratch and written["/dev/shm"] <= scratch and written["/run"] <= 1


def test_feedback_never_shows_the_mark_schemes(graded):
    feedback = (graded[0] / "feedback" / "alice" / SESSION / f"{SESSION}.html").read_text()
    assert "Reflection (a)" in feedback
    assert "MARK SCHEME" not in feedback and "Mark scheme:" not in feedback


@pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {sandbox.bwrap_problem()}")
def test_the_gradebook_and_other_submissions_cannot_be_written(graded):
    course, _, originals, _ = graded
    rows = report(course)
    assert "PermissionError" in rows["vandal"]["reason"] or "Read-only" in rows["vandal"]["reason"]
    assert "Error" in rows["vandal2"]["reason"]
    assert digest(course / "submitted") == originals
    assert score(course, "alice") == AUTOGRADED_POINTS[SESSION]  # the gradebook is intact


@pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {sandbox.bwrap_problem()}")
def test_links_planted_by_a_notebook_reach_neither_the_gradebook_nor_the_feedback(graded):
    course, *_ = graded
    graded_notebook = course / "autograded" / "linker" / SESSION / f"{SESSION}.ipynb"
    assert graded_notebook.is_file() and not graded_notebook.is_symlink()
    assert not list((course / "autograded" / "linker").rglob("solutions.txt"))
    assert not list((course / "feedback" / "linker").rglob("solutions.txt"))
    assert score(course, "alice") == AUTOGRADED_POINTS[SESSION] and score(course, "linker") == 0


def test_checks_redefined_in_the_notebook_do_not_earn_points(graded):
    course, *_ = graded
    assert score(course, "patcher") == 0
    assert "scored 0" in report(course)["patcher"]["reason"]


def test_grading_again_skips_what_was_graded_unless_asked(graded):
    course, *_ = graded
    again = workbooks_cli(course, "grade", "--participant", "alice", "--quiet")
    assert again.returncode == 0 and report(course)["alice"]["status"] == "unchanged"


def test_without_the_sandbox_the_facilitator_is_warned_and_grading_still_works(graded):
    course, *_ = graded
    result = workbooks_cli(course, "grade", "--execute", "--participant", "alice", "--again", "--no-sandbox",
                           "--quiet")
    assert result.returncode == 0
    assert "WARNING" in result.stderr + result.stdout and "WITHOUT a sandbox" in result.stdout
    assert score(course, "alice") == AUTOGRADED_POINTS[SESSION]


def test_a_missing_bwrap_is_explained(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    monkeypatch.setattr(sandbox.sys, "platform", "linux")
    assert "apt-get install bubblewrap" in sandbox.bwrap_problem()


def test_sandbox_kernel_refuses_to_start_outside_autograded(tmp_path, monkeypatch):
    settings = tmp_path / "sandbox.json"
    settings.write_text(json.dumps({"autograded": str(tmp_path / "autograded"), "runtime": str(tmp_path)}))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit, match="refusing"):
        sandbox.launch([str(settings), str(tmp_path / "kernel.json")])


# -- release ---------------------------------------------------------------------

@pytest.fixture
def course(tmp_path) -> Path:
    return make_course(tmp_path / "course")


def test_release_regenerates_and_keeps_a_clean_release_as_it_is(course):
    before = digest(course / "release")
    result = workbooks_cli(course, "release", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(SESSIONS)} unchanged" in result.stdout
    assert digest(course / "release") == before


def test_release_brings_the_source_cells_in_step_with_the_declarations_first(course):
    path = course / "source" / SESSION / f"{SESSION}.ipynb"
    original, released = path.read_bytes(), digest(course / "release")
    notebook = json.loads(original)
    notebook["cells"] = [c for c in notebook["cells"] if c["id"] != "stakeholders_check"]
    for cell in notebook["cells"]:
        if cell["id"] == "resources_check":
            cell["metadata"]["nbgrader"]["points"] = 7
    path.write_text(json.dumps(notebook, indent=1))
    result = workbooks_cli(course, "release", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "stakeholders_check: added" in result.stdout and "resources_check: grading metadata" in result.stdout
    assert path.read_bytes() == original  # as nbformat writes it: the same file as before the edit
    assert digest(course / "release") == released
    again = workbooks_cli(course, "release", "--quiet")
    assert "brought in step" not in again.stdout and path.read_bytes() == original


def test_release_refuses_a_graded_cell_that_no_exercise_declares(course):
    path = course / "source" / SESSION / f"{SESSION}.ipynb"
    notebook = json.loads(path.read_text())
    stray = next(c for c in notebook["cells"] if c["id"] == "stakeholders_check")
    notebook["cells"].append({**stray, "id": "budget_check",
                              "metadata": {"nbgrader": {**stray["metadata"]["nbgrader"], "grade_id": "budget_check"}}})
    path.write_text(json.dumps(notebook, indent=1))
    before = path.read_bytes()
    result = workbooks_cli(course, "release", "--quiet")
    assert result.returncode == 1
    assert "budget_check" in result.stdout and "Nothing was generated" in result.stdout
    assert path.read_bytes() == before


def test_release_refuses_to_leak_and_leaves_release_alone(course):
    before = digest(course / "release")
    path = course / "source" / SESSION / f"{SESSION}.ipynb"
    notebook = json.loads(path.read_text())
    notebook["cells"].insert(2, {"cell_type": "markdown", "id": "oops", "metadata": {},
                                 "source": 'use_example("session2", "stakeholders")'})
    path.write_text(json.dumps(notebook))
    (course / "source" / "session3" / "session3_marks.csv").write_text("alice,9")
    result = workbooks_cli(course, "release", "--quiet")
    assert result.returncode == 1
    assert "REFUSED session2/session2.ipynb: cell 3 shows a solution" in result.stdout
    assert "REFUSED session3/session3_marks.csv" in result.stdout
    assert digest(course / "release") == before


def test_leak_check_finds_markers_outputs_and_answers(course, tmp_path):
    release = tmp_path / "check" / SESSION
    shutil.copytree(course / "release" / SESSION, release)
    path = release / f"{SESSION}.ipynb"
    notebook = json.loads(path.read_text())
    notebook["cells"][1]["source"] = "=== BEGIN MARK SCHEME ===\n3 points for anything"
    notebook["cells"][2].setdefault("outputs", []).append({"output_type": "stream", "name": "stdout", "text": "hi"})
    notebook["metadata"]["widgets"] = {}
    path.write_text(json.dumps(notebook))
    found = "\n".join(map(str, leaks(course / "source" / SESSION, release)))
    assert "marker of a mark scheme" in found and "has outputs" in found and "widget state" in found


@pytest.mark.parametrize("step", ["release", "collect", "grade", "export", "report", "badges"])
def test_every_step_explains_itself(step, tmp_path):
    result = workbooks_cli(tmp_path, step, "--help")
    assert result.returncode == 0 and "usage: workbooks" in result.stdout and "--course" in result.stdout


def test_outside_a_course_folder_the_message_says_what_to_do(tmp_path):
    result = workbooks_cli(tmp_path, "grade")
    assert result.returncode == 1 and "No course folder here" in result.stderr and "Traceback" not in result.stderr

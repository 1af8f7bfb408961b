"""The whole nbgrader cycle with real commands: release, hand-in, zip_collect, autograde, feedback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from course_support import AUTOGRADED_POINTS
from scripted_participant import ENTERED, FEEDBACK, entered, fill_everything
from workbooks import Workbook, messages, sessions
from workbooks.answers import MIME_TYPE
from workbooks.cells import grade_id, nbgrader_meta

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# nbgrader's Gradebook runs the `alembic` command, which lives beside this Python.
os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
SESSIONS = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())
PARTICIPANTS = ["alice", "blank", "bob", "cheater", "mallory", "solution", "unrun-solution"]


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for name in ("NBGRADER_EXECUTION", "JPY_SESSION_NAME"):
        env.pop(name, None)
    result = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copy(REPO / "nbgrader_config.py", root)
    for session in SESSIONS:
        nbgrader(root, "generate_assignment", session)
    return root


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_release_folder_is_exactly_what_generate_assignment_produces(course):
    ours, fresh = files_under(REPO / "release"), files_under(course / "release")
    assert sorted(ours) == sorted(fresh)
    for name in fresh:
        assert ours[name] == fresh[name], f"release/{name} differs from a fresh generate_assignment; run `make release`"


def participant_hands_in(course: Path, folder: Path, session: str, participant: str) -> tuple[str, bytes, Path]:
    """A participant opens the release notebook in ``folder``, does everything, downloads."""
    folder.mkdir(parents=True)
    shutil.copy(course / "release" / session / f"{session}.ipynb", folder / f"{session}.ipynb")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JPY_SESSION_NAME", f"{session}.ipynb")
        env.delenv("NBGRADER_EXECUTION", raising=False)
        name, content = fill_everything(Workbook(session, folder), participant)
    return name, content, folder / f"{session}_answers.json"


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory) -> Path:
    """Six hand-ins per session, collected and graded in one batch as a facilitator would."""
    desk = tmp_path_factory.mktemp("participants")
    for session in SESSIONS:
        release = course / "release" / session / f"{session}.ipynb"
        archive = course / "downloaded" / session / "archive"
        archive.mkdir(parents=True)

        # The downloaded notebook on its own carries every answer.
        name, content, _ = participant_hands_in(course, desk / session / "alice", session, "alice")
        assert name == f"alice__{session}.ipynb"
        (archive / name).write_bytes(content)

        # A notebook never saved after the exercises, plus the side file beside it.
        _, _, side_file = participant_hands_in(course, desk / session / "bob", session, "bob")
        shutil.copy(release, archive / f"bob__{session}.ipynb")
        shutil.copy(side_file, archive / f"bob__{session}_answers.json")

        # Setup cell and a test cell deleted, another test rewritten; answers in the side file.
        _, _, side_file = participant_hands_in(course, desk / session / "mallory", session, "mallory")
        (archive / f"mallory__{session}.ipynb").write_text(json.dumps(tamper(json.loads(release.read_text()))))
        shutil.copy(side_file, archive / f"mallory__{session}_answers.json")

        # Every test rewritten to pass, and nothing entered.
        notebook = json.loads(release.read_text())
        for cell in notebook["cells"]:
            if grade_id(cell).endswith("_check"):
                cell["source"] = "pass"
        (archive / f"cheater__{session}.ipynb").write_text(json.dumps(notebook))

        shutil.copy(release, archive / f"blank__{session}.ipynb")
        # The solution notebook as its author runs and saves it, and as it is, never run.
        solution = course / "source" / session / f"{session}.ipynb"
        (archive / f"solution__{session}.ipynb").write_text(json.dumps(run_notebook(solution, desk / session)))
        shutil.copy(solution, archive / f"unrun-solution__{session}.ipynb")

        nbgrader(course, "zip_collect", session)
        nbgrader(course, "autograde", session)
        nbgrader(course, "generate_feedback", session)
    return course


def run_notebook(notebook: Path, desk: Path) -> dict:
    """The notebook after Run All in a fresh kernel, in a folder of its own, with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    folder = desk / "author"
    folder.mkdir(parents=True)
    shutil.copy(notebook, folder / notebook.name)
    node = nbformat.read(folder / notebook.name, as_version=4)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JPY_SESSION_NAME", notebook.name)
        env.delenv("NBGRADER_EXECUTION", raising=False)
        client = NotebookClient(node, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(folder)}})
        client.execute()
    return dict(node)


def tamper(notebook: dict) -> dict:
    """Delete the setup cell and the first test cell; rewrite the last test to pass (if it is another)."""
    checks = [grade_id(c) for c in notebook["cells"] if nbgrader_meta(c).get("grade") and c["cell_type"] == "code"]
    notebook["cells"] = [c for c in notebook["cells"] if grade_id(c) not in ("workbook_setup", checks[0])]
    for cell in notebook["cells"]:
        if grade_id(cell) == checks[-1] != checks[0]:
            cell["source"] = "assert True"
    return notebook


def scores(course: Path, session: str, participant: str) -> tuple[float, float, list]:
    """Points and maximum of the autograded (code) cells, and the manually graded ones."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "community-building") as gradebook:
        notebook = gradebook.find_submission_notebook(session, session, participant)
        auto = [g for g in notebook.grades if g.cell.cell_type == "code"]
        manual = [(g.name, g.auto_score, g.needs_manual_grade) for g in notebook.grades if g.cell.cell_type != "code"]
        return sum(g.auto_score or 0 for g in auto), sum(g.max_score for g in auto), manual


def graded_outputs(course: Path, session: str, participant: str) -> str:
    notebook = json.loads((course / "autograded" / participant / session / f"{session}.ipynb").read_text())
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            for value in output.get("data", {}).values():
                texts.append(value if isinstance(value, str) else json.dumps(value))
    return "\n".join(texts)


@pytest.mark.parametrize("session", SESSIONS)
def test_collect_files_each_hand_in_under_its_participant(graded, session):
    submitted = graded / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == PARTICIPANTS
    for participant in PARTICIPANTS:
        assert (submitted / participant / session / f"{session}.ipynb").is_file()
    assert (submitted / "bob" / session / f"{session}_answers.json").is_file()


@pytest.mark.parametrize("session", SESSIONS)
def test_blank_release_notebook_scores_zero(graded, session):
    points, maximum, _ = scores(graded, session, "blank")
    assert maximum == AUTOGRADED_POINTS[session]
    assert points == 0


@pytest.mark.parametrize("session", SESSIONS)
def test_solution_scores_full_marks(graded, session):
    points, maximum, _ = scores(graded, session, "solution")
    assert points == maximum == AUTOGRADED_POINTS[session]


@pytest.mark.parametrize("session", SESSIONS)
def test_code_that_would_fill_in_the_answers_earns_nothing_when_it_never_ran(graded, session):
    """Grading reads the answers saved, not what a cell's code would enter if someone ran it."""
    points, maximum, _ = scores(graded, session, "unrun-solution")
    assert maximum == AUTOGRADED_POINTS[session]
    assert points == 0


@pytest.mark.parametrize("session", SESSIONS)
def test_tests_rewritten_to_pass_still_score_zero_without_answers(graded, session):
    points, maximum, _ = scores(graded, session, "cheater")
    assert maximum == AUTOGRADED_POINTS[session]
    assert points == 0


@pytest.mark.parametrize("session", SESSIONS)
@pytest.mark.parametrize("participant", ["alice", "bob", "mallory"],
                         ids=["ipynb-alone", "with-side-file", "deleted-and-tampered-cells"])
def test_scripted_participant_gets_full_marks_for_what_they_entered(graded, session, participant):
    points, maximum, manual = scores(graded, session, participant)
    assert points == maximum == AUTOGRADED_POINTS[session]
    shown = graded_outputs(graded, session, participant)
    for text in entered(session):
        assert text in shown, f"{text!r} missing from what the formgrader shows"
    by_hand = [c for c in sessions.get(session).grade_cells if c.by_hand]
    assert all(needs for _, _, needs in manual) and len(manual) == len(by_hand)


@pytest.mark.parametrize("session", SESSIONS)
def test_feedback_shows_the_answers_as_static_tables(graded, session):
    html = (graded / "feedback" / "alice" / session / f"{session}.html").read_text()
    for text in entered(session):
        assert text in html
    assert "<table" in html
    assert "application/vnd.jupyter.widget-view+json" not in html


@pytest.mark.parametrize("session", SESSIONS)
def test_closing_feedback_is_kept_with_the_answers_but_not_shown_by_name(graded, session):
    """The graded notebook carries it (for the cohort dashboard) but neither it nor the feedback page shows it."""
    notebook = json.loads((graded / "autograded" / "alice" / session / f"{session}.ipynb").read_text())
    kept = [o["data"][MIME_TYPE] for c in notebook["cells"] for o in c.get("outputs", [])
            if MIME_TYPE in o.get("data", {})]
    assert kept and all(k["exercises"]["closing_feedback"] == {"answers": FEEDBACK} for k in kept)
    html = (graded / "feedback" / "alice" / session / f"{session}.html").read_text()
    for text in FEEDBACK.values():
        assert text not in html
    assert messages.text("static.not_graded") in unescape(html)


def test_feedback_draws_the_stakeholder_map(graded):
    html = (graded / "feedback" / "alice" / "session2" / "session2.html").read_text()
    assert "<svg" in html and "Allotment committee" in html


def test_grading_stores_no_widget_state(graded):
    notebook = json.loads((graded / "autograded" / "alice" / "session2" / "session2.ipynb").read_text())
    assert "widgets" not in notebook["metadata"]


def test_formgrader_shows_the_participants_answers(graded, tmp_path):
    """Ask the real formgrader for Alice's graded notebook, as a facilitator's browser would."""
    import socket
    import time
    import urllib.request

    with Gradebook(f"sqlite:///{graded / 'gradebook.db'}", "community-building") as gradebook:
        submission_id = gradebook.find_submission_notebook("session2", "session2", "alice").id
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([str(BIN / "jupyter"), "server", "--no-browser", "--allow-root", f"--port={port}",
                               "--ServerApp.token=", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={graded}"],
                              cwd=graded, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/formgrader/submissions/{submission_id}/"
    try:
        page = ""
        for _ in range(120):
            try:
                page = urllib.request.urlopen(url, timeout=30).read().decode()
                break
            except OSError:
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert page, (tmp_path / "server.log").read_text()[-3000:]
    for text in ENTERED["session2"]:
        assert text in page, f"the formgrader does not show {text!r}"
    for text in FEEDBACK.values():
        assert text not in page, "closing feedback is read in the cohort summary, not beside a name"
    assert "Mark scheme" in page, "graders should see the mark scheme beside the reflections"

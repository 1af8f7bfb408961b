"""``workbooks grade``: autograde every collected submission, sandboxed, and write feedback.

It uses nbgrader's own autograde and generate_feedback (through nbgrader's
Python API, in one process, so nbgrader starts once per batch rather than once
per notebook). Each notebook runs in a fresh sandboxed kernel (see
``sandbox``). A submission that fails, hangs or eats memory is reported with the
reason; the batch goes on.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path

from ..cells import grade_id, nbgrader_meta
from ..models import AnswerError
from ..notebook_copy import read_notebook, stored_answers
from ..sessions import get
from .course import Course, add_session_option, nbgrader_problem
from .progress import Outcome, Progress, Summary, write_outcomes
from .sandbox import DEFAULT_CELL_TIMEOUT, DEFAULT_MEMORY_MB, Sandbox

HELP = "autograde collected work in a sandbox and write nbgrader's feedback"
DESCRIPTION = """\
Autograde every collected submission with nbgrader, then generate its feedback.

Each participant's notebook runs in its own sandboxed kernel: no network, only
its own submission folder writable, source/ and the gradebook out of reach, a
per-cell timeout and a memory limit (bubblewrap on Linux; elsewhere only the
limits apply, and you are warned). Submissions graded before are skipped unless
they were collected again since, or you pass --again.

Reflections are graded by hand afterwards, in the formgrader
(docs/facilitator-guide.md explains how).
"""
REPORT = "grade.csv"


def add_arguments(parser) -> None:
    add_session_option(parser, "grade")
    parser.add_argument("--participant", action="append", metavar="ID",
                        help="grade only this participant (repeat for several; default: everyone collected)")
    parser.add_argument("--again", action="store_true", help="grade again submissions already graded")
    parser.add_argument("--timeout", type=int, default=DEFAULT_CELL_TIMEOUT, metavar="SECONDS",
                        help=f"stop any cell that runs longer (default: {DEFAULT_CELL_TIMEOUT})")
    parser.add_argument("--memory", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                        help=f"memory limit for each notebook's kernel (default: {DEFAULT_MEMORY_MB})")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run notebooks without the sandbox (not recommended; for diagnosing problems)")


def submissions(course: Course, sessions: list[str], participants: list[str] | None) -> list[tuple[str, str]]:
    found = []
    for session in sessions:
        if not course.submitted.is_dir():
            break
        for folder in sorted(course.submitted.iterdir()):
            if (folder / session / f"{session}.ipynb").is_file() and (not participants or folder.name in participants):
                found.append((folder.name, session))
    return found


def needs_grading(course: Course, participant: str, session: str) -> bool:
    graded = course.autograded / participant / session / f"{session}.ipynb"
    handed_in = course.submitted / participant / session
    if not graded.is_file():
        return True
    newest = max(p.stat().st_mtime for p in handed_in.iterdir())
    return newest > graded.stat().st_mtime


def ensure_in_gradebook(course: Course, session: str) -> str:
    """nbgrader grades only what its gradebook knows: record the session if it is missing.

    Generating into a scratch folder records it without touching release/.
    """
    with course.gradebook() as gradebook:
        try:
            assignment = gradebook.find_assignment(session)
            if assignment.notebooks:
                return ""
        except Exception:  # nbgrader raises MissingEntry
            pass
    with tempfile.TemporaryDirectory(prefix="wbk-release-") as scratch:
        scratch_api = course.api(CourseDirectory={"release_directory": str(Path(scratch))})
        result = scratch_api.generate_assignment(session, force=True, create=True)
    return "" if result.get("success") else _reason(result)


# Log lines that explain a failure better than nbgrader's last words.
_EXPLAINED = [
    (re.compile(r"CellTimeoutError|Cell execution timed out|timed out", re.I),
     "a cell ran longer than the time limit and was stopped"),
    (re.compile(r"DeadKernelError|Kernel died|kernel.*(died|restarting)", re.I),
     "the notebook's kernel died (often: it used more memory than allowed)"),
    (re.compile(r"MemoryError", re.I), "the notebook ran out of memory"),
    (re.compile(r"NotJSONError|Notebook does not appear to be JSON|Unreadable Notebook|JSONDecodeError", re.I),
     "the notebook file is damaged and cannot be read"),
    (re.compile(r"Kernel didn't respond", re.I), "the grading kernel did not start"),
]


def _reason(result: dict) -> str:
    text = "\n".join(str(result.get(key) or "") for key in ("log", "error"))
    for pattern, reason in _EXPLAINED:
        if pattern.search(text):
            return reason
    return nbgrader_problem(result)[:300]


_ERROR_NOTES = {
    "KeyboardInterrupt": "a cell ran longer than the time limit and was stopped",
    "CellTimeoutError": "a cell ran longer than the time limit and was stopped",
    "MemoryError": "a cell ran out of memory and was stopped",
}


def problems_in_run(graded: Path) -> list[str]:
    """Errors raised while the notebook ran, other than checks that did not pass; one note per kind."""
    notebook = json.loads(graded.read_text(encoding="utf-8"))
    first: dict[str, str] = {}
    count: dict[str, int] = {}
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        for output in cell.get("outputs", []):
            name = output.get("ename", "")
            autograded = cell.get("cell_type") == "code" and nbgrader_meta(cell).get("grade") is True
            if output.get("output_type") != "error" or (name == "AssertionError" and autograded):
                continue
            note = _ERROR_NOTES.get(name) or f"{name} in {grade_id(cell) or f'cell {number}'}: " \
                                              f"{str(output.get('evalue', ''))[:120]}"
            first.setdefault(name, note)
            count[name] = count.get(name, 0) + 1
    return [note if count[name] == 1 or name in _ERROR_NOTES else f"{note} (and {count[name] - 1} more cells)"
            for name, note in first.items()]


def score_on_answers(course: Course, participant: str, session: str) -> list[str]:
    """Re-run each check here, outside the notebook, on the answers nbgrader stored.

    Code in a notebook can redefine the checks so that they always pass. The
    answers in the graded notebook's metadata were written by nbgrader before any
    participant code ran, so a check that passed in the notebook while the answers
    fail it is set back to 0 points.
    """
    try:
        spec = get(session)
    except AnswerError:  # not one of our workbooks: nothing to re-check
        return []
    graded = course.autograded / participant / session / f"{session}.ipynb"
    notebook = read_notebook(graded)
    answers = stored_answers(spec, notebook) if notebook is not None else None
    notes = []
    with course.gradebook() as gradebook:
        notebook = gradebook.find_submission_notebook(session, session, participant)
        for grade in notebook.grades:
            cell = spec.grade_cell(grade.name)
            if cell is None or cell.by_hand or not grade.auto_score:
                continue
            if answers is None or not answers.check(cell.exercise).passed:
                grade.auto_score = 0
                notes.append(f"{grade.name} passed inside the notebook but the answers do not meet it "
                             "(the notebook's code may have changed the check): scored 0")
        gradebook.db.commit()
    return notes


def grade_one(course: Course, api, sandbox: Sandbox, participant: str, session: str) -> Outcome:
    """Autograde one submission, re-check it on its answers, and write its feedback."""
    item = f"{participant}/{session}"
    sandbox.reset()
    started = time.monotonic()
    result = api.autograde(session, participant, force=True, create=True)
    seconds = time.monotonic() - started
    if not result.get("success"):
        return Outcome(item, "not graded", _reason(result), participant, session, seconds)
    try:
        notes = score_on_answers(course, participant, session)
        notes += problems_in_run(course.autograded / participant / session / f"{session}.ipynb")
        feedback = api.generate_feedback(session, participant, force=True)
    except Exception as problem:  # noqa: BLE001 (one submission must never stop the batch)
        return Outcome(item, "graded with problems", f"graded, but checking it failed: {problem!r}",
                       participant, session, seconds)
    if not feedback.get("success"):
        notes.append(f"no feedback file: {_reason(feedback)}")
    note = "; ".join(n for n in notes if n)
    return Outcome(item, "graded with problems" if note else "graded", note, participant, session, seconds)


def run(course: Course, args, progress: Progress) -> Summary:
    sessions = course.pick_sessions(args.session)
    summary = Summary("Grading")
    sandbox = Sandbox(course, memory_mb=args.memory, cell_timeout=args.timeout, confine=not args.no_sandbox)
    if sandbox.warning():
        progress.note(sandbox.warning())
        summary.lines.append(sandbox.warning())
    todo = submissions(course, sessions, args.participant)
    outcomes: list[Outcome] = []
    waiting = [(p, s) for p, s in todo if args.again or needs_grading(course, p, s)]
    for participant, session in todo:
        if (participant, session) not in waiting:
            outcomes.append(Outcome(f"{participant}/{session}", "unchanged", "graded before; use --again to regrade",
                                    participant, session))
            summary.count("unchanged")
    with sandbox.active() as kernel_settings:
        api = course.api(**kernel_settings)
        missing = {s: ensure_in_gradebook(course, s) for s in sorted({s for _, s in waiting})}
        for participant, session in progress.over(waiting, "Grading", lambda item: f"{item[0]} {item[1]}"):
            if missing[session]:
                outcome = Outcome(f"{participant}/{session}", "not graded",
                                  f"session not in the gradebook: {missing[session]}", participant, session)
            else:
                outcome = grade_one(course, api, sandbox, participant, session)
            outcomes.append(outcome)
            summary.count(outcome.status)
    summary.outputs.append(write_outcomes(course.reports / REPORT, outcomes))
    if not todo:
        summary.lines.append("Nothing collected yet: run `workbooks collect` first.")
    summary.lines.append("Next: grade the reflections in the formgrader, then `workbooks export`.")
    return summary

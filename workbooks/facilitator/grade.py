"""``workbooks grade``: autograde every collected submission and write its feedback.

By default the grade comes from the answers, not the code: nbgrader's own
autograde runs with ``GradeFromAnswers`` in place of its ``Execute`` step
(``workbooks/grading.py``), so no kernel starts and nothing a participant put
in a cell runs. ``--execute`` runs each notebook instead, as any nbgrader
course does, in a fresh sandboxed kernel (see ``sandbox``).

Everything else is stock nbgrader, through its Python API: the gradebook, late
penalties, the formgrader and the feedback pages. Submissions are graded in
``--jobs`` worker processes. nbgrader writes the gradebook as it grades; SQLite
takes one writer at a time, so with SQLite the workers take turns at the steps
that write it (recording the submission, saving the scores and late penalties,
our re-check) and do everything else side by side (SQLite lets a reader wait
out a write); with PostgreSQL they all write at once. A submission that fails,
hangs or eats memory is reported with the reason; the batch goes on.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from nbgrader.converters import Autograde
from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades
from nbgrader.utils import capture_log, temp_attrs

from ..cells import grade_id, nbgrader_meta
from ..grading import NOT_MET, GradeFromAnswers, grading_record, repairs_made
from ..models import AnswerError
from ..notebook_copy import read_notebook, stored_answers
from ..sessions import get
from .course import Course, CourseError, add_session_option, nbgrader_problem
from .diagnose import notebook_problems
from .progress import Outcome, Progress, Summary, write_outcomes
from .sandbox import DEFAULT_CELL_TIMEOUT, DEFAULT_MEMORY_MB, Sandbox
from .workers import run_in_workers

HELP = "autograde collected work from its answers (or run it in a sandbox) and write nbgrader's feedback"
DESCRIPTION = """\
Autograde every collected submission with nbgrader, then generate its feedback.

By default each submission is graded from the answers the participant saved:
the completeness checks run here, on those answers, and no participant code runs
(no kernel starts). --execute instead runs each notebook, like any nbgrader
course, in its own sandboxed kernel: no network, only its own submission folder
writable, source/ and the gradebook out of reach, a per-cell timeout and a memory
limit (bubblewrap on Linux; elsewhere only the limits apply, and you are warned).

Submissions graded before are skipped unless they were collected again since, or
you pass --again. --jobs sets how many submissions are graded at once.

Reflections are graded by hand afterwards, in the formgrader
(docs/facilitator-guide.md explains how).
"""
REPORT = "grade.csv"
# Starting a worker process costs a few seconds (it imports nbgrader); a notebook, well under one.
PARALLEL_FROM = 12
# nbgrader's own autograde steps, for --execute (its defaults, as import strings).
EXECUTE_PREPROCESSORS = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "workbooks.grading.CheckCellMetadataQuickly",
]


def add_arguments(parser) -> None:
    add_session_option(parser, "grade")
    parser.add_argument("--participant", action="append", metavar="ID",
                        help="grade only this participant (repeat for several; default: everyone collected)")
    parser.add_argument("--again", action="store_true", help="grade again submissions already graded")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="grade N submissions at once (default: the number of cores, here "
                             f"{os.cpu_count() or 1})")
    execute = parser.add_argument_group("running the notebooks (--execute)")
    execute.add_argument("--execute", action="store_true",
                         help="run each notebook in a sandboxed kernel instead of grading its saved answers")
    execute.add_argument("--timeout", type=int, default=DEFAULT_CELL_TIMEOUT, metavar="SECONDS",
                         help=f"stop any cell that runs longer (default: {DEFAULT_CELL_TIMEOUT})")
    execute.add_argument("--memory", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                         help=f"memory limit for each notebook's kernel (default: {DEFAULT_MEMORY_MB})")
    execute.add_argument("--no-sandbox", action="store_true",
                         help="run notebooks without the sandbox (not recommended; for diagnosing problems)")


@dataclass(frozen=True)
class Plan:
    """How this batch grades: what a worker process needs to grade like the others."""

    root: str
    db_url: str
    exchange: str | None
    execute: bool = False
    memory_mb: int = DEFAULT_MEMORY_MB
    cell_timeout: int = DEFAULT_CELL_TIMEOUT
    confine: bool = True

    @classmethod
    def from_args(cls, course: Course, args) -> Plan:
        return cls(str(course.root), course.db_url, str(course.exchange) if course.exchange else None,
                   execute=args.execute, memory_mb=args.memory, cell_timeout=args.timeout,
                   confine=not args.no_sandbox)

    def course(self) -> Course:
        return Course(Path(self.root), self.db_url, Path(self.exchange) if self.exchange else None)

    def sandbox(self, course: Course) -> Sandbox:
        return Sandbox(course, memory_mb=self.memory_mb, cell_timeout=self.cell_timeout, confine=self.confine)


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


def grades_from_answers(course: Course) -> bool:
    """Whether the course's nbgrader_config.py grades from answers (as ours does)."""
    steps = course.config().Autograde.get("autograde_preprocessors") or []
    return any(step is GradeFromAnswers or str(step).endswith("GradeFromAnswers") for step in steps)


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


def _failure_reason(result: dict, participant: str, session: str, course: Course) -> str:
    """Why autograde failed: what is wrong with the hand-in, as collect reports it, else nbgrader's words."""
    handed_in = course.submitted / participant / session / f"{session}.ipynb"
    try:
        problems = notebook_problems(handed_in, session)
    except Exception:  # noqa: BLE001 (the diagnosis must not hide the failure it explains)
        problems = []
    return "; ".join(problems) or _reason(result)


_ERROR_NOTES = {
    "KeyboardInterrupt": "a cell ran longer than the time limit and was stopped",
    "CellTimeoutError": "a cell ran longer than the time limit and was stopped",
    "MemoryError": "a cell ran out of memory and was stopped",
}


def problems_in_run(notebook: dict[str, Any]) -> list[str]:
    """Errors raised while the notebook ran, other than checks that did not pass; one note per kind."""
    first: dict[str, str] = {}
    count: dict[str, int] = {}
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        for output in cell.get("outputs", []):
            name = output.get("ename", "")
            autograded = cell.get("cell_type") == "code" and nbgrader_meta(cell).get("grade") is True
            if output.get("output_type") != "error" or (name == NOT_MET and autograded):
                continue
            note = _ERROR_NOTES.get(name) or f"{name} in {grade_id(cell) or f'cell {number}'}: " \
                                              f"{str(output.get('evalue', ''))[:120]}"
            first.setdefault(name, note)
            count[name] = count.get(name, 0) + 1
    return [note if count[name] == 1 or name in _ERROR_NOTES else f"{note} (and {count[name] - 1} more cells)"
            for name, note in first.items()]


def score_on_answers(course: Course, participant: str, session: str, notebook: dict[str, Any] | None) -> list[str]:
    """Re-run each check here on the answers nbgrader stored; a score the answers do not earn goes to 0.

    When a notebook runs (--execute), its code can redefine the checks so that
    they always pass; the answers in its metadata were stored before any of its
    code ran. Grading from answers needs no such correction, so this is the
    second line of defence there: whatever went wrong, no unearned points.
    """
    try:
        spec = get(session)
    except AnswerError:  # not one of our workbooks: nothing to re-check
        return []
    answers = stored_answers(spec, notebook) if notebook is not None else None
    notes = []
    with course.gradebook() as gradebook:
        submitted = gradebook.find_submission_notebook(session, session, participant)
        for grade in submitted.grades:
            cell = spec.grade_cell(grade.name)
            if cell is None or cell.by_hand or not grade.auto_score:
                continue
            if answers is None or not answers.check(cell.exercise).passed:
                grade.auto_score = 0
                notes.append(f"{grade.name} passed inside the notebook but the answers do not meet it "
                             "(the notebook's code may have changed the check): scored 0")
        gradebook.db.commit()
    return notes


def grading_notes(notebook: dict[str, Any] | None, executed: bool) -> list[str]:
    """What the facilitator should know about how a graded notebook was scored."""
    if notebook is None:
        return ["the graded notebook could not be read back"]
    repaired = repairs_made(notebook)
    if executed:
        return repaired + problems_in_run(notebook)
    record = grading_record(notebook)
    if record is None:
        return repaired + ["the checks did not run, so every check scored 0: nbgrader_config.py must list "
                           "GradeFromAnswers in Autograde.autograde_preprocessors"]
    return repaired + [str(problem) for problem in record.get("problems", [])]


class TakingTurns(Autograde):
    """nbgrader's autograde, holding ``writing`` only at the steps that write the gradebook: recording
    the participant and the submission, saving the scores and the late penalty."""

    def __init__(self, writing: Callable[[], AbstractContextManager[Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._writing = writing

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        with self._writing():
            super().init_assignment(assignment_id, student_id)

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        for step in self.exporter._preprocessors:
            if isinstance(step, SaveAutoGrades | AssignLatePenalties):
                step.preprocess = self._in_turn(step.preprocess)

    def _in_turn(self, preprocess: Callable[..., Any]) -> Callable[..., Any]:
        def in_turn(nb: Any, resources: Any) -> Any:
            with self._writing():
                return preprocess(nb, resources)
        return in_turn


def autograde(api: Any, session: str, participant: str,
              writing: Callable[[], AbstractContextManager[Any]] = nullcontext) -> dict[str, Any]:
    """``api.autograde(session, participant, force=True, create=True)``, taking turns at the gradebook."""
    with temp_attrs(api.coursedir, assignment_id=session, student_id=participant):
        app = TakingTurns(writing, coursedir=api.coursedir, parent=api)
        app.force = True
        app.create_student = True
        result: dict[str, Any] = capture_log(app)
        return result


class Grader:
    """Grades one submission at a time, in this process."""

    def __init__(self, course: Course, api, plan: Plan, sandbox: Sandbox | None,
                 writing: Callable[[], AbstractContextManager[Any]] = nullcontext) -> None:
        self.course, self.api, self.plan, self.sandbox = course, api, plan, sandbox
        self.writing = writing  # held while this process writes the gradebook
        self.waited = 0.0  # for the turn, while autograding the current submission

    @contextmanager
    def _turn(self) -> Iterator[None]:
        asked = time.monotonic()
        with self.writing():
            self.waited += time.monotonic() - asked
            yield

    def grade(self, item: tuple[str, str]) -> Outcome:
        """Autograde one submission, re-check it on its answers, and write its feedback."""
        participant, session = item
        name = f"{participant}/{session}"
        graded = self.course.autograded / participant / session / f"{session}.ipynb"
        seconds = None  # how long nbgrader's autograde took (the benchmark compares it with stock nbgrader)
        try:
            if self.sandbox is not None:
                self.sandbox.reset()
            self.waited = 0.0
            started = time.monotonic()
            result = autograde(self.api, session, participant, self._turn)
            seconds = time.monotonic() - started - self.waited
            if not result.get("success"):
                return Outcome(name, "not graded", _failure_reason(result, participant, session, self.course),
                               participant, session, seconds)
            notebook = read_notebook(graded)
            with self.writing():
                notes = score_on_answers(self.course, participant, session, notebook)
            notes += grading_notes(notebook, self.plan.execute)
            feedback = self.api.generate_feedback(session, participant, force=True)
        except Exception as problem:  # noqa: BLE001 (one submission must never stop the batch)
            return Outcome(name, "graded with problems", f"graded, but checking it failed: {problem!r}",
                           participant, session, seconds)
        if not feedback.get("success"):
            notes.append(f"no feedback file: {_reason(feedback)}")
        note = "; ".join(n for n in notes if n)
        return Outcome(name, "graded with problems" if note else "graded", note, participant, session, seconds)


@contextmanager
def grader(plan: Plan, writing: Any = None) -> Iterator[Callable[[tuple[str, str]], Outcome]]:
    """A grader for this process: with --execute, inside its own sandbox."""
    # nbgrader's gradebook makes SQLAlchemy warn about its own session handling on every notebook.
    warnings.filterwarnings("ignore", message=".*not in session, add operation along")
    course = plan.course()
    lock = (lambda: writing) if writing is not None else nullcontext
    if not plan.execute:
        yield Grader(course, course.api(), plan, None, lock).grade
        return
    sandbox = plan.sandbox(course)
    with sandbox.active() as kernel_settings:
        api = course.api(Autograde={"autograde_preprocessors": EXECUTE_PREPROCESSORS}, **kernel_settings)
        yield Grader(course, api, plan, sandbox, lock).grade


def run(course: Course, args, progress: Progress) -> Summary:
    sessions = course.pick_sessions(args.session)
    if args.jobs < 1:
        raise CourseError("--jobs needs a number of 1 or more.")
    if not args.execute and not grades_from_answers(course):
        raise CourseError(f"{course.root / 'nbgrader_config.py'} does not grade from answers: its "
                          "Autograde.autograde_preprocessors must list workbooks.grading.GradeFromAnswers "
                          "(as the course's own nbgrader_config.py does). Or pass --execute to run the notebooks.")
    summary = Summary("Grading")
    plan = Plan.from_args(course, args)
    if args.execute:
        warning = plan.sandbox(course).warning()
        if warning:
            progress.note(warning)
            summary.lines.append(warning)
    todo = submissions(course, sessions, args.participant)
    outcomes: list[Outcome] = []
    waiting = [(p, s) for p, s in todo if args.again or needs_grading(course, p, s)]
    for participant, session in todo:
        if (participant, session) not in waiting:
            outcomes.append(Outcome(f"{participant}/{session}", "unchanged", "graded before; use --again to regrade",
                                    participant, session))
            summary.count("unchanged")
    missing = {s: ensure_in_gradebook(course, s) for s in sorted({s for _, s in waiting})}
    for participant, session in [item for item in waiting if missing[item[1]]]:
        outcomes.append(Outcome(f"{participant}/{session}", "not graded",
                                f"session not in the gradebook: {missing[session]}", participant, session))
        summary.count("not graded")
    ready = [item for item in waiting if not missing[item[1]]]
    results = _graded(plan, ready, args.jobs, course)
    try:
        for _, outcome in zip(progress.over(range(len(ready)), "Grading", lambda n: ""), results, strict=False):
            outcomes.append(outcome)
            summary.count(outcome.status)
    finally:
        results.close()  # ends the workers (and their sandboxes)
    summary.outputs.append(write_outcomes(course.reports / REPORT, outcomes))
    if not todo:
        summary.lines.append("Nothing collected yet: run `workbooks collect` first.")
    summary.lines.append("Next: grade the reflections in the formgrader, then `workbooks export`.")
    return summary


def _lost(item: tuple[str, str]) -> Outcome:
    participant, session = item
    return Outcome(f"{participant}/{session}", "not graded",
                   "the grading process stopped on this submission (it may have used too much memory); "
                   "try it alone with --jobs 1", participant, session)


def _graded(plan: Plan, items: list[tuple[str, str]], jobs: int, course: Course) -> Generator[Outcome, None, None]:
    if not items:
        return
    if jobs == 1 or len(items) < PARALLEL_FROM:
        with grader(plan) as grade:
            for item in items:
                yield grade(item)
        return
    import multiprocessing

    # SQLite takes one writer at a time: the workers take turns to autograde.
    writing = multiprocessing.get_context("spawn").Lock() if course.gradebook_file is not None else None
    for _, outcome in run_in_workers(partial(grader, plan, writing), items, jobs, _lost):
        yield outcome

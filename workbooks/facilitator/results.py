"""The cohort's results as plain data: scores from nbgrader's gradebook, answers from the graded notebooks.

``load(course)`` reads, for every participant and session, whether work was
handed in, the autograded and reflection points, what still needs grading by
hand, the answers that were graded and the facilitator's comments. It only
reads: the gradebook and the course folder are never changed. A damaged
notebook or missing gradebook rows become a ``problems`` entry, never an error.

Export, report and badges are views over this model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..answers import Answers
from ..exercises import GradeCell, Session
from ..notebook_copy import read_notebook, stored_answers
from ..sessions import all_sessions
from .course import Course

AUTO, REFLECTION = "autograded", "reflection"

# A session's status, as the facilitator reads it in exports and the dashboard.
NOT_SUBMITTED = "not submitted"
NOT_GRADED = "submitted, not graded yet"
AWAITING = "awaiting reflection grading"
GRADED = "graded"
STATUSES = (GRADED, AWAITING, NOT_GRADED, NOT_SUBMITTED)

# A badge needs this many points on every reflection (see docs/results.md).
REFLECTION_PASS = 1.0


@dataclass(frozen=True)
class Part:
    """One graded cell: an autograded completeness check or a reflection graded by hand."""

    grade_id: str
    kind: str                      # AUTO or REFLECTION
    exercise: str                  # the exercise it belongs to ("" if unknown)
    prompt: str                    # the reflection prompt (reflections only)
    max_points: float
    points: float | None = None    # None: no score yet
    needs_manual_grade: bool = False

    @property
    def graded(self) -> bool:
        return self.points is not None and not self.needs_manual_grade


@dataclass(frozen=True)
class Remark:
    """A comment the facilitator wrote in the formgrader."""

    cell: str
    exercise: str
    prompt: str
    text: str


@dataclass
class SessionResult:
    participant: str
    session: str
    submitted: bool = False        # handed in (a submitted/ folder or a gradebook row)
    in_gradebook: bool = False     # autograded: nbgrader has grades for it
    parts: list[Part] = field(default_factory=list)
    answers: Answers | None = None  # the answers that were graded
    comments: list[Remark] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    timestamp: str = ""

    def _of(self, kind: str) -> list[Part]:
        return [p for p in self.parts if p.kind == kind]

    @property
    def auto_parts(self) -> list[Part]:
        return self._of(AUTO)

    @property
    def reflection_parts(self) -> list[Part]:
        return self._of(REFLECTION)

    @property
    def auto_max(self) -> float:
        return sum(p.max_points for p in self.auto_parts)

    @property
    def auto_points(self) -> float | None:
        """Autograded points; None before autograding."""
        if not self.in_gradebook:
            return None
        return sum(p.points or 0.0 for p in self.auto_parts)

    @property
    def reflection_max(self) -> float:
        return sum(p.max_points for p in self.reflection_parts)

    @property
    def reflections_graded(self) -> int:
        return sum(p.graded for p in self.reflection_parts)

    @property
    def reflection_points(self) -> float | None:
        """Points of the reflections graded so far; None while none is graded."""
        graded = [p.points or 0.0 for p in self.reflection_parts if p.graded]
        return sum(graded) if graded else None

    @property
    def total(self) -> float | None:
        if self.auto_points is None:
            return None
        return self.auto_points + (self.reflection_points or 0.0)

    @property
    def total_max(self) -> float:
        return self.auto_max + self.reflection_max

    @property
    def needs_manual_grade(self) -> bool:
        return any(p.needs_manual_grade or (p.kind == REFLECTION and not p.graded) for p in self.parts)

    @property
    def status(self) -> str:
        if not self.submitted:
            return NOT_SUBMITTED
        if not self.in_gradebook:
            return NOT_GRADED
        return AWAITING if self.needs_manual_grade else GRADED

    @property
    def complete(self) -> bool:
        """Full autograded points and every reflection graded with at least ``REFLECTION_PASS`` points."""
        reflections = self.reflection_parts
        return (self.status == GRADED and self.auto_max > 0 and (self.auto_points or 0) >= self.auto_max
                and bool(reflections) and all((p.points or 0) >= REFLECTION_PASS for p in reflections))


@dataclass
class Participant:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    sessions: dict[str, SessionResult] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return " ".join(n for n in (self.first_name, self.last_name) if n)

    @property
    def submitted_any(self) -> bool:
        return any(r.submitted for r in self.sessions.values())


@dataclass
class Cohort:
    sessions: list[str]
    participants: list[Participant]
    problems: list[str] = field(default_factory=list)   # problems not tied to one participant

    def results(self, session: str | None = None) -> Iterator[SessionResult]:
        for participant in self.participants:
            for result in participant.sessions.values():
                if session is None or result.session == session:
                    yield result

    def answers(self, session: str) -> list[Answers]:
        """The graded answers of every participant who handed in ``session`` (participants' order)."""
        return [r.answers for r in self.results(session) if r.answers is not None]

    def all_problems(self) -> list[str]:
        found = list(self.problems)
        for result in self.results():
            found += [f"{result.participant}, {result.session}: {p}" for p in result.problems]
        return found


# ---------------------------------------------------------------- reading

def specs() -> dict[str, Session]:
    return {s.id: s for s in all_sessions()}


def _locate(spec: Session | None, grade_id: str) -> tuple[str, str]:
    """The exercise (and reflection prompt) a grade or comment cell belongs to, as the declarations say."""
    cell = spec.grade_cell(grade_id) if spec else None
    return (cell.exercise, cell.prompt) if cell else ("", "")


def _kind(cell: GradeCell) -> str:
    return REFLECTION if cell.by_hand else AUTO


@dataclass
class _Row:
    """What the gradebook holds for one submitted notebook (plain values, read inside the session)."""

    grades: dict[str, dict[str, Any]]
    comments: dict[str, str]
    timestamp: str


def _read_gradebook(course: Course, sessions: list[str]) -> tuple[dict[str, tuple[str, str, str]],
                                                                    dict[tuple[str, str], _Row], list[str]]:
    students: dict[str, tuple[str, str, str]] = {}
    rows: dict[tuple[str, str], _Row] = {}
    file = course.gradebook_file
    if file is not None and not file.exists():
        return students, rows, []  # nothing graded yet; opening it would create it
    from nbgrader.api import MissingEntry

    try:
        with course.gradebook() as gradebook:
            for student in gradebook.students:
                students[student.id] = (student.first_name or "", student.last_name or "", student.email or "")
            for session in sessions:
                try:
                    submissions = gradebook.notebook_submissions(session, session)
                except MissingEntry:
                    continue
                for notebook in submissions:
                    grades = {g.name: {"cell_type": g.cell.cell_type, "max": float(g.max_score or 0),
                                       "auto": g.auto_score, "manual": g.manual_score,
                                       "extra": g.extra_credit or 0.0, "needs": bool(g.needs_manual_grade)}
                              for g in notebook.grades}
                    comments = {c.name: c.manual_comment.strip() for c in notebook.comments
                                if c.manual_comment and c.manual_comment.strip()}
                    stamp = notebook.assignment.timestamp
                    rows[(notebook.student.id, session)] = _Row(grades, comments, stamp.isoformat() if stamp else "")
    except Exception as problem:  # a locked, damaged or foreign database: say so, carry on with the files
        return students, rows, [f"The gradebook could not be read ({problem}); scores are missing."]
    return students, rows, []


def _folders(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()


def _parts(row: _Row | None, spec: Session | None, problems: list[str]) -> list[Part]:
    parts = []
    seen = set()
    for cell in spec.grade_cells if spec else ():
        kind, exercise, prompt = _kind(cell), cell.exercise, cell.prompt
        if row is None:
            parts.append(Part(cell.grade_id, kind, exercise, prompt, float(cell.points)))
            continue
        grade = row.grades.get(cell.grade_id)
        seen.add(cell.grade_id)
        if grade is None:
            problems.append(f"no grade in the gradebook for {cell.grade_id}")
            parts.append(Part(cell.grade_id, kind, exercise, prompt, float(cell.points), None, True))
            continue
        parts.append(_part(cell.grade_id, kind, exercise, prompt, grade))
    for name, grade in (row.grades.items() if row else ()):  # graded cells the declarations no longer have
        if name not in seen:
            kind = AUTO if grade["cell_type"] == "code" else REFLECTION
            parts.append(_part(name, kind, *_locate(spec, name), grade))
    return parts


def _part(grade_id: str, kind: str, exercise: str, prompt: str, grade: dict[str, Any]) -> Part:
    manual, auto = grade["manual"], grade["auto"]
    if manual is not None:
        points = manual + grade["extra"]
    elif kind == AUTO and auto is not None:
        points = auto + grade["extra"]
    else:
        points = None  # reflections count only once a facilitator has scored them
    return Part(grade_id, kind, exercise, prompt, grade["max"], points, grade["needs"])


def _graded_answers(course: Course, spec: Session | None, participant: str,
                    problems: list[str]) -> Answers | None:
    if spec is None:
        return None
    path = course.autograded / participant / spec.id / spec.notebook
    if not path.is_file():
        return None
    notebook = read_notebook(path)
    if notebook is None:
        problems.append(f"the graded notebook could not be read: {path.relative_to(course.root)}")
        return None
    answers = stored_answers(spec, notebook)
    if answers is None:
        problems.append("the graded notebook holds no readable answers")
    elif answers.participant_id and answers.participant_id != participant:
        problems.append(f"the answers were saved under another participant ID, {answers.participant_id}")
    if answers is not None:
        problems += [f"answers: {p}" for p in answers.problems]
    return answers


def load(course: Course, sessions: list[str] | None = None) -> Cohort:
    """Everything known about the cohort's work in ``sessions`` (default: all of the course's)."""
    sessions = course.pick_sessions(sessions)
    known = specs()
    students, rows, problems = _read_gradebook(course, sessions)
    ids = set(students) | _folders(course.submitted) | _folders(course.autograded)
    ids |= {participant for participant, _ in rows}

    participants = []
    for pid in sorted(ids):
        first, last, email = students.get(pid, ("", "", ""))
        participant = Participant(pid, first, last, email)
        for session in sessions:
            spec, row = known.get(session), rows.get((pid, session))
            result = SessionResult(pid, session)
            handed_in = (course.submitted / pid / session / f"{session}.ipynb").is_file()
            graded_file = (course.autograded / pid / session / f"{session}.ipynb").is_file()
            result.submitted = handed_in or row is not None or graded_file
            result.in_gradebook = row is not None
            result.parts = _parts(row, spec, result.problems)
            if row is not None:
                result.timestamp = row.timestamp
                result.comments = [Remark(name, *_locate(spec, name), text)
                                   for name, text in sorted(row.comments.items())]
                if not result.parts:
                    result.problems.append("the gradebook has the submission but no grades for it")
            elif result.submitted:
                result.problems.append("no grades in the gradebook yet (run `workbooks grade`)")
            if result.submitted:
                result.answers = _graded_answers(course, spec, pid, result.problems)
                if row is not None and not graded_file:
                    result.problems.append("the graded notebook is missing from autograded/")
            participant.sessions[session] = result
        participants.append(participant)
    return Cohort(sessions, participants, problems)


def number(value: float | None) -> str:
    """Points as the facilitator reads them: 9, 7.5, or blank when there is no score."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"

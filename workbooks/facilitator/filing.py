"""Filing identified work: the newest copy per participant and session, handed to nbgrader's zip_collect.

``choose`` picks the copies (late and duplicate files get their rows), and
``file_submissions`` stages them and runs zip_collect, then checks what landed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..handin import HANDIN_SEPARATOR
from .bundles import FILED, NOTED, SKIPPED
from .course import Course, nbgrader_problem
from .diagnose import unreadable_for_nbgrader
from .identify import Context, Identified
from .progress import Outcome, Progress

# What this step hands to zip_collect: <staging>/<session>/archive/<id>/<stamp>/<id>__<file>.
# The folder <stamp> carries the answers' saved_at, so zip_collect writes timestamp.txt.
STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
UNTIMED = "untimed"
STAGED_NAME = (r".*/(?P<student_id>[^/]+)/(?:(?P<timestamp>\d{8}T\d{6}\.\d{6}Z)|" + UNTIMED + r")/"
               r"(?P=student_id)" + HANDIN_SEPARATOR + r"(?P<file_id>[^/]+)$")


# -- choosing the newest copies ---------------------------------------------------

@dataclass
class Submission:
    """What is filed for one participant and session: a notebook, an answers file, or both."""

    participant: str
    session: str
    notebook: Identified | None = None
    answers: Identified | None = None

    @property
    def items(self) -> list[Identified]:
        return [i for i in (self.notebook, self.answers) if i is not None]

    @property
    def saved_at(self) -> datetime | None:
        return max((i.saved_at for i in self.items if i.saved_at), default=None)


def choose(items: list[Identified], deadlines: dict[str, datetime],
           reject_late: bool) -> tuple[list[Submission], list[Outcome]]:
    """The newest notebook and answers file per participant and session; rows for late and duplicate files."""
    outcomes: list[Outcome] = []
    groups: dict[tuple[str, str, str], list[Identified]] = {}
    for item in items:
        deadline = deadlines.get(item.session)
        if deadline and item.saved_at and item.saved_at > deadline:
            late = f"late: saved {when(item.saved_at)}, after the deadline {when(deadline)}"
            if reject_late:
                outcomes.append(_row(item, SKIPPED, [f"{late}; not filed (--reject-late)", *item.found.notes]))
                continue
            item.notes.insert(0, late)
        groups.setdefault((item.participant, item.session, item.kind), []).append(item)
    submissions: dict[tuple[str, str], Submission] = {}
    for (participant, session, kind), group in groups.items():
        group.sort(key=lambda i: (i.newness, not i.renamed, i.found.mtime, i.found.label), reverse=True)
        winner = group[0]
        for loser in group[1:]:
            outcomes.append(_row(loser, SKIPPED, [duplicate_reason(loser, winner), loser.time_note,
                                                  *loser.found.notes]))
        submission = submissions.setdefault((participant, session), Submission(participant, session))
        setattr(submission, kind, winner)
    for submission in submissions.values():
        outcomes.extend(_drop_untimed_beside_timed(submission))
    return list(submissions.values()), outcomes


def _drop_untimed_beside_timed(submission: Submission) -> list[Outcome]:
    """A notebook and an answers file are filed side by side, and grading takes the one whose save time
    sorts last, as written. So one whose save time does not count must not sit beside one whose does."""
    notebook, answers = submission.notebook, submission.answers
    if notebook is None or answers is None:
        return []
    for odd, other in ((notebook, answers), (answers, notebook)):
        if odd.time_note and odd.has_answers and other.saved_at is not None:
            setattr(submission, odd.kind, None)
            reason = (f"not filed beside {other.found.label}, which holds answers saved {when(other.saved_at)}: "
                      "grading would go by this file's save time, which cannot be right")
            return [_row(odd, SKIPPED, [reason, odd.time_note, *odd.found.notes])]
    return []


def duplicate_reason(loser: Identified, winner: Identified) -> str:
    whose = f"{winner.participant}'s {winner.session}"
    if loser.digest == winner.digest:
        return f"duplicate: an identical copy of {winner.found.label}, which was filed for {whose}"
    if loser.saved_at and winner.saved_at:
        return (f"duplicate: {winner.found.label} holds newer work for {whose} (saved {when(winner.saved_at)}; "
                f"this one {when(loser.saved_at)}) and was filed instead")
    if winner.saved_at:
        return (f"duplicate: {winner.found.label} holds answers for {whose} saved {when(winner.saved_at)} and was "
                "filed instead")
    if winner.has_answers and not loser.has_answers:
        return f"duplicate: {winner.found.label} holds saved answers for {whose} and was filed instead"
    return (f"duplicate: {winner.found.label} was filed instead for {whose}: neither has a usable save time, "
            "so the newer file won")


def when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "at an unknown time"


def _row(item: Identified, status: str, reasons: list[str]) -> Outcome:
    return Outcome(item.found.label, status, "; ".join(r for r in reasons if r), item.participant, item.session)


# -- filing with nbgrader's zip_collect ------------------------------------------------

@dataclass
class Staged:
    submission: Submission
    folder: Path                                  # submitted/<id>/<session>
    expected: dict[str, str] = field(default_factory=dict)  # file name -> sha256 of what should land there
    notes: dict[str, list[str]] = field(default_factory=dict)  # kind -> notes added while staging


def file_submissions(course: Course, submissions: list[Submission], context: Context, staging: Path,
                     progress: Progress) -> tuple[list[Outcome], list[str]]:
    """Files each submission in ``submitted/`` with nbgrader's zip_collect, session by session.

    zip_collect --force empties ``submitted/<id>/<session>`` before filing, but only for the
    participants it is given; so each run stages only the submissions it changes, each with the
    files it keeps from the earlier submission (a notebook when only answers came in, say).
    """
    nbgrader = ZipCollect.for_course(course, staging)
    outcomes: list[Outcome] = []
    failures: list[str] = []
    for session in progress.over(sorted({s.session for s in submissions}), "Filing"):
        staged: list[Staged] = []
        for submission in (s for s in submissions if s.session == session):
            folder = nbgrader.submission_folder(submission.participant, session)
            kept = compare_with_filed(submission, folder, course)
            if kept is not None:
                outcomes.extend(kept)
                continue
            staged.append(stage(submission, folder, staging, context))
        if not staged:
            continue
        ok, log = nbgrader.run(session)
        if not ok:
            failures.append(f"nbgrader zip_collect {session} stopped: {log}")
        for entry in staged:
            outcomes.extend(verify(entry, course, log))
    return outcomes, failures


def compare_with_filed(submission: Submission, folder: Path, course: Course) -> list[Outcome] | None:
    """Rows when the submission already filed should stay (it is newer, or the same); None to file this one."""
    if not folder.is_dir():
        return None
    session = submission.session
    filed_at = filed_timestamp(folder)
    new_at = submission.saved_at
    unreadable = _unreadable(folder / filed_names(session)["notebook"])
    if unreadable:  # however new it is, grading cannot use it
        for item in submission.items:
            item.notes.append(f"it replaces the submission filed earlier, which grading could not read ({unreadable})")
        return None
    if filed_at and (new_at is None or filed_at > new_at):
        reason = (f"a newer submission is already filed in {relative_path(folder, course)} (saved {when(filed_at)}; "
                  f"this one {when(new_at) if new_at else 'has no usable save time'}), so it was kept")
        return [_row(i, SKIPPED, [reason, i.time_note, *i.found.notes]) for i in submission.items]
    names = filed_names(session)
    if all(_digest(folder / names[i.kind]) == i.digest for i in submission.items):
        return [_row(i, NOTED if i.notes else FILED,
                     [f"already filed in {relative_path(folder, course)} by an earlier run, unchanged; identified by "
                      f"{i.how}", *i.notes]) for i in submission.items]
    return None


def _unreadable(notebook: Path) -> str:
    try:
        return unreadable_for_nbgrader(notebook.read_bytes()) if notebook.is_file() else ""
    except OSError as problem:
        return problem.strerror or str(problem)


def filed_names(session: str) -> dict[str, str]:
    """The file names of a submission in submitted/<id>/<session>, by kind."""
    return {"notebook": f"{session}.ipynb", "answers": f"{session}_answers.json"}


def filed_timestamp(folder: Path) -> datetime | None:
    from nbgrader.utils import parse_utc

    try:
        text = (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
        return parse_utc(text).replace(tzinfo=UTC) if text else None
    except (OSError, ValueError, OverflowError):
        return None


def stage(submission: Submission, folder: Path, staging: Path, context: Context) -> Staged:
    """Copies the submission's files where zip_collect will read them, named <id>__<file>."""
    session, participant = submission.session, submission.participant
    stamp = submission.saved_at.strftime(STAMP_FORMAT) if submission.saved_at else UNTIMED
    target = staging / session / "archive" / participant / stamp
    target.mkdir(parents=True, exist_ok=True)
    entry = Staged(submission, folder)
    notebook_name, answers_name = filed_names(session).values()
    earlier_notebook, earlier_answers = folder / notebook_name, folder / answers_name

    notebook: Path | bytes | None = _source(submission.notebook)
    if notebook is None and earlier_notebook.is_file():
        notebook = earlier_notebook
        entry.notes["answers"] = ["filed beside the notebook filed earlier"]
    elif notebook is None and context.sessions[session].release is not None:
        notebook = context.sessions[session].release
        entry.notes["answers"] = ["no usable notebook came in, only answers: filed with a blank copy of the "
                                  "session's notebook, so autograde grades these answers"]
    answers: Path | bytes | None = _source(submission.answers)
    if answers is None and earlier_answers.is_file():
        answers = earlier_answers  # kept: when the new notebook is newer, autograde takes the newer answers
    if submission.notebook and not submission.notebook.has_answers and answers is None:
        entry.notes["notebook"] = ["no saved answers inside (downloaded before any work was saved?) and no "
                                   "answers file: it will score 0 unless the answers file is handed in"]
    for source, name in ((notebook, notebook_name), (answers, answers_name)):
        staged = target / f"{participant}{HANDIN_SEPARATOR}{name}"
        if isinstance(source, bytes):
            staged.write_bytes(source)
            entry.expected[name] = hashlib.sha256(source).hexdigest()
        elif source is not None:
            shutil.copyfile(source, staged)
            entry.expected[name] = _digest(source)
    return entry


def _source(item: Identified | None) -> Path | bytes | None:
    """What to file for an item: its converted copy, or else the file itself."""
    if item is None:
        return None
    return item.content if item.content is not None else item.found.path


def verify(entry: Staged, course: Course, log: str) -> list[Outcome]:
    """Rows for a staged submission, after checking zip_collect put every file in place."""
    submission = entry.submission
    missing = [name for name, digest in entry.expected.items() if _digest(entry.folder / name) != digest]
    rows = []
    for item in submission.items:
        if missing:
            rows.append(_row(item, SKIPPED, [f"not filed: nbgrader zip_collect did not put {', '.join(missing)} in "
                                             f"{relative_path(entry.folder, course)} ({log})", *item.notes]))
            continue
        name = filed_names(submission.session)[item.kind]
        notes = [*item.notes, *entry.notes.get(item.kind, [])]
        rows.append(_row(item, NOTED if notes else FILED,
                         [f"filed as {relative_path(entry.folder / name, course)}; identified by {item.how}", *notes]))
    return rows


@dataclass
class ZipCollect:
    """nbgrader's ``zip_collect <session> --force`` run in this process on what was staged."""

    config: object
    coursedir: Any  # nbgrader's CourseDirectory

    @classmethod
    def for_course(cls, course: Course, staging: Path) -> ZipCollect:
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.plugins import ExtractorPlugin, FileNameCollectorPlugin

        config = course.config(
            ZipCollectApp={"collect_directory_structure": os.path.join(str(staging), "{assignment_id}",
                                                                       "{collect_step}"),
                           "force": True, "strict": True, "collector_plugin": FileNameCollectorPlugin,
                           "extractor_plugin": ExtractorPlugin},
            ExtractorPlugin={"force": True, "zip_ext": []},  # only plain files are staged
            FileNameCollectorPlugin={"named_regexp": STAGED_NAME, "valid_ext": [".ipynb", ".json"]})
        return cls(config, CourseDirectory(config=config))

    def submission_folder(self, participant: str, session: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.submitted_directory, participant, session))

    def run(self, session: str) -> tuple[bool, str]:
        """Whether it worked, and its last error line; its log is kept, not printed."""
        from nbgrader.apps.zipcollectapp import ZipCollectApp
        from nbgrader.utils import capture_log, temp_attrs

        with temp_attrs(self.coursedir, assignment_id=session):
            app = ZipCollectApp(coursedir=self.coursedir, config=self.config)
            with _silenced(app.log):
                result = capture_log(app)
        return bool(result.get("success")), nbgrader_problem(result)


@contextmanager
def _silenced(logger: logging.Logger) -> Iterator[None]:
    handlers = list(logger.handlers)
    for handler in handlers:
        logger.removeHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.propagate = propagate
        for handler in handlers:
            logger.addHandler(handler)


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def relative_path(path: Path, course: Course) -> str:
    try:
        return path.relative_to(course.root).as_posix()
    except ValueError:
        return str(path)

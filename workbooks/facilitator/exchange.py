"""The JupyterHub route: nbgrader's exchange ``collect --update`` for each session, then a check of
every submission it filed (the right session and participant, saved answers, late, on the roster)."""

from __future__ import annotations

import fnmatch
import glob
import os
import re
from datetime import datetime
from pathlib import Path

from .bundles import FILED, MAX_FILE_BYTES, NOTED, megabytes, unexpected_error
from .course import Course, CourseError, nbgrader_problem
from .filing import filed_names, filed_timestamp, relative_path, when
from .identify import Contents, Context, altered_cells_note, read_contents
from .progress import Outcome, Progress


def collect_from_exchange(course: Course, context: Context, deadlines: dict[str, datetime],
                          progress: Progress) -> tuple[list[Outcome], list[str]]:
    """nbgrader's own exchange collect for each session, then a check of every submission."""
    api = course.api(CourseDirectory={"ignore": ignore_without_answer_files(course)})
    inbound = exchange_root(api) / course.course_id() / "inbound"
    if not inbound.is_dir():
        raise CourseError(f"No submissions folder in the exchange: {inbound} does not exist. Pass --exchange PATH "
                          "(or set $WORKBOOKS_EXCHANGE) to the exchange folder participants submit to.")
    outcomes: list[Outcome] = []
    failures: list[str] = []
    for session in progress.over(context.selected, "Collecting"):
        before = {p: filed_timestamp(f) for p, f in filed_submissions(api, session).items()}
        try:
            result = api.collect(session, update=True)
        except Exception as problem:  # nbgrader's own failures come back in the result; this is anything else
            result = {"success": False, "error": unexpected_error(problem)}
        if not result or not result.get("success"):
            failures.append(f"nbgrader collect {session} stopped: {nbgrader_problem(result)}")
        for participant, folder in sorted(filed_submissions(api, session).items()):
            stamp = filed_timestamp(folder)
            change = ("collected now" if participant not in before
                      else "updated with a newer submission" if before[participant] != stamp
                      else "collected earlier")
            outcomes.append(check_submission(folder, participant, session, context, deadlines.get(session),
                                             change, course))
    return outcomes, failures


def ignore_without_answer_files(course: Course) -> list[str]:
    """The course's CourseDirectory.ignore, less the patterns that would drop <session>_answers.json.

    The course ignores answer files so that they never reach release/; nbgrader's collect uses
    the same list, and would leave behind the answer file a participant submitted.
    """
    from nbgrader.coursedir import CourseDirectory

    ignore = CourseDirectory(config=course.config()).ignore
    return [p for p in ignore if not any(fnmatch.fnmatch(f"{s}_answers.json", p) for s in course.sessions)]


def exchange_root(api) -> Path:
    from nbgrader.exchange.default.exchange import Exchange

    configured = api.config.Exchange.get("root") if "Exchange" in api.config else None
    return Path(configured or Exchange.root.default_value)


def filed_submissions(api, session: str) -> dict[str, Path]:
    """Each participant's submission folder for ``session`` in submitted/."""
    coursedir = api.coursedir
    marker = "PARTICIPANTIDMARKER"
    template = coursedir.format_path(coursedir.submitted_directory, marker, session)
    pattern = re.compile(re.escape(template).replace(marker, "(?P<id>[^/\\\\]+)") + "$")
    folders = {}
    for name in sorted(glob.glob(glob.escape(template).replace(marker, "*"))):
        match = pattern.match(name)
        if match and os.path.isdir(name):
            folders[match["id"]] = Path(name)
    return folders


def check_submission(folder: Path, participant: str, session: str, context: Context,
                     deadline: datetime | None, change: str, course: Course) -> Outcome:
    """A row for a submission nbgrader filed, with what needs a look."""
    notes: list[str] = []
    names = filed_names(session)
    notebook, side_file = folder / names["notebook"], folder / names["answers"]
    if not notebook.is_file():
        notes.append(f"no {session}.ipynb in the submission: autograde will score it 0")
    else:
        contents = _read_filed(notebook, context)
        if isinstance(contents, str):
            notes.append(f"{contents}; autograde cannot grade it")
        else:
            notes.extend(_exchange_notes(contents, participant, session, context, side_file))
    if context.roster is not None and context.roster.resolve(participant) is None:
        notes.append(f"\"{participant}\" is not on the roster {context.roster.source.name}")
    filed_at = filed_timestamp(folder)
    if deadline and filed_at and filed_at > deadline:
        notes.append(f"late: submitted {when(filed_at)}, after the deadline {when(deadline)}")
    return Outcome(relative_path(folder, course), NOTED if notes else FILED, "; ".join([change, *notes]),
                   participant, session)


def _read_filed(path: Path, context: Context) -> Contents | str:
    size = path.stat().st_size
    if size == 0:
        return "an empty file"
    if size > MAX_FILE_BYTES:
        return f"too big ({megabytes(size)})"
    return read_contents(path.read_bytes(), context)


def _exchange_notes(contents: Contents, participant: str, session: str, context: Context,
                    side_file: Path) -> list[str]:
    notes = []
    if contents.session and contents.session != session:
        notes.append(f"the notebook holds {contents.session}'s workbook, not {session}'s")
    typed = contents.participant
    if typed:
        typed_id = context.roster.resolve(typed) if context.roster else typed
        if (typed_id or typed).casefold() != participant.casefold():
            notes.append(f"the ID typed in the workbook is {typed}; filed under {participant}, "
                         "the JupyterHub user who submitted it")
    if contents.notebook is not None and session in context.sessions:
        notes.extend(altered_cells_note(contents.notebook, context.sessions[session]))
    side = _read_filed(side_file, context) if side_file.is_file() else None
    has_side_answers = isinstance(side, Contents) and side.kind == "answers" and side.has_answers
    if not contents.has_answers and not has_side_answers:
        notes.append("no saved answers in the notebook or beside it: it will score 0")
    return notes

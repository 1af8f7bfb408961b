"""``workbooks collect``: file what participants handed in under the right participant and session.

Binder route, ``workbooks collect FOLDER``: every file in FOLDER (subfolders and
.zip/.tar.gz bundles included) is identified (whose work, which session), the
newest copy per participant and session is chosen, and nbgrader's own
``zip_collect`` files it in ``submitted/``. JupyterHub route, ``workbooks collect
--from-exchange``: nbgrader's exchange ``collect`` runs, then every submission is
checked. Either way each file gets a row in ``reports/collect.csv``. FOLDER is
only ever read; bundles are unpacked into a temporary folder.

The steps live apart: :mod:`.bundles` lists the files and unpacks bundles,
:mod:`.identify` reads each file (with :mod:`.roster`), :mod:`.filing` picks the
newest copies and hands them to nbgrader, :mod:`.exchange` is the JupyterHub route.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from .bundles import FILED, HELD, NOTED, SKIPPED, TEMPORARY_PREFIX, gather, list_folder, plain_error
from .course import Course, CourseError, add_session_option
from .exchange import collect_from_exchange
from .filing import choose, file_submissions, when
from .identify import Context, Identified, Problem, identify_safely
from .progress import Outcome, Progress, Summary, write_outcomes
from .roster import Roster, read_roster

HELP = "file the notebooks participants handed in (a folder of downloads, or nbgrader's exchange)"
DESCRIPTION = """\
Binder and other downloads:  workbooks collect FOLDER [--roster roster.csv] [--deadline WHEN]
  FOLDER holds whatever participants handed in, under any names: downloaded notebooks,
  answer files (*_answers.json) and .zip or .tar.gz bundles of them (an LMS bulk download
  works). Each file is matched to a participant by the ID typed in the workbook, the file
  name (<participant id>__<session>.ipynb) or a roster name, and the newest copy per
  participant and session is filed in submitted/ with nbgrader's zip_collect. FOLDER is
  never changed.

Shared JupyterHub:  workbooks collect --from-exchange [--exchange PATH]
  Runs nbgrader's exchange collect for each session and checks what came in.

Every file gets a row in reports/collect.csv: filed, filed-with-note, held (a person must
decide: its clues disagree, or it cannot be filed as it is) or skipped, and why.
The rules are in docs/collecting.md."""

REPORT_NAME = "collect.csv"
SHOWN_IN_SUMMARY = 12


# -- the command --------------------------------------------------------------

def add_arguments(parser) -> None:
    parser.add_argument("folder", nargs="?", type=Path, metavar="FOLDER",
                        help="the folder holding what participants handed in (read only; subfolders, "
                             ".zip and .tar.gz bundles included)")
    parser.add_argument("--from-exchange", action="store_true",
                        help="collect from nbgrader's exchange on a shared JupyterHub instead of a folder")
    parser.add_argument("--roster", type=Path, metavar="CSV",
                        help="the participants: id,first_name,last_name,email and an optional aliases column "
                             "(several separated by ;). Files from anyone else are not filed")
    parser.add_argument("--deadline", metavar="WHEN",
                        help="e.g. 2026-12-01T17:00 (your computer's time zone unless one is given); work saved "
                             "later is marked late (default: the session's due date in the gradebook, if any)")
    parser.add_argument("--released", metavar="WHEN",
                        help="when you released the sessions, e.g. 2026-11-02T09:00: a save time before it cannot be "
                             "right, so it never decides which copy is filed")
    parser.add_argument("--reject-late", action="store_true",
                        help="do not file work saved after the deadline (folder route only)")
    add_session_option(parser, "collect")


def run(course: Course, args, progress: Progress) -> Summary:
    sessions = course.pick_sessions(args.session)
    folder = None if args.from_exchange else check_folder(args.folder)
    if args.from_exchange and args.folder is not None:
        raise CourseError("Give either a FOLDER or --from-exchange, not both.")
    if args.from_exchange and args.reject_late:
        raise CourseError("--reject-late works with a FOLDER only. With the exchange, nbgrader's own due date "
                          "and late penalty apply.")
    roster = read_roster(args.roster) if args.roster else None
    deadline = parse_deadline(args.deadline) if args.deadline else None
    released = parse_moment(args.released, "--released") if args.released else None
    context = Context.build(course, sessions, roster, released)
    deadlines, lines = sync_gradebook(course, roster, sessions, deadline)
    if folder is None:
        outcomes, failures = collect_from_exchange(course, context, deadlines, progress)
        title = f"Collected {', '.join(sessions)} from the exchange"
    else:
        outcomes, failures = collect_from_folder(course, folder, context, deadlines, args.reject_late, progress)
        title = f"Collected {', '.join(sessions)} from {folder}"
    report = write_outcomes(course.reports / REPORT_NAME, outcomes)
    return summarise(title, outcomes, lines, failures, report)


def check_folder(folder: Path | None) -> Path:
    if folder is None:
        raise CourseError("Say which folder holds the hand-ins: workbooks collect FOLDER "
                          "(or workbooks collect --from-exchange on a shared JupyterHub).")
    folder = folder.expanduser().resolve()
    if not folder.is_dir():
        raise CourseError(f"{folder} is not a folder. Put every file participants handed in into one "
                          "folder (bundles and subfolders are fine) and give its path.")
    return folder


def parse_deadline(text: str) -> datetime:
    return parse_moment(text, "--deadline")


def parse_moment(text: str, option: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip()).astimezone(UTC)  # a naive time is taken as local time
    except (ValueError, OverflowError):
        raise CourseError(f"{option} {text!r} is not a date and time. Write it like 2026-12-01T17:00 "
                          "(your computer's time zone) or 2026-12-01T17:00+01:00.") from None


def summarise(title: str, outcomes: list[Outcome], lines: list[str], failures: list[str],
              report: Path) -> Summary:
    summary = Summary(title)
    for status, label in ((FILED, "filed"), (NOTED, "filed with a note"), (HELD, "held"), (SKIPPED, "skipped")):
        summary.counts[label] = sum(o.status == status for o in outcomes)
    participants = {o.participant for o in outcomes if o.status in (FILED, NOTED)}
    summary.lines.append(f"Work filed for {len(participants)} participant{'s' * (len(participants) != 1)}.")
    # Held work first: a person must act on it.
    worth_a_look = sorted((o for o in outcomes if o.status in (HELD, NOTED, SKIPPED)), key=lambda o: o.status != HELD)
    summary.lines += failures + lines
    summary.lines += [f"{o.item}: {o.reason}" if o.reason.startswith(f"{o.status}:") else
                      f"{o.item}: {o.status}, {o.reason}" for o in worth_a_look[:SHOWN_IN_SUMMARY]]
    if len(worth_a_look) > SHOWN_IN_SUMMARY:
        summary.lines.append(f"... and {len(worth_a_look) - SHOWN_IN_SUMMARY} more in the report.")
    summary.outputs.append(report)
    summary.failed = bool(failures)
    return summary


# -- the folder route ---------------------------------------------------------

def collect_from_folder(course: Course, folder: Path, context: Context, deadlines: dict[str, datetime],
                        reject_late: bool, progress: Progress) -> tuple[list[Outcome], list[str]]:
    listed, outcomes = list_folder(folder)  # listed before the temporary folder exists, in case it is inside
    work = course.root / "downloaded"
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=TEMPORARY_PREFIX, dir=work, ignore_cleanup_errors=True) as temp:
        unpack_to, staging = Path(temp) / "unpacked", Path(temp) / "staging"
        unpack_to.mkdir()
        files, rows = gather(listed, unpack_to)
        outcomes += rows
        identified: list[Identified] = []
        for found in progress.over(files, "Reading", describe=lambda f: f.name):
            result = identify_safely(found, context)
            if isinstance(result, Problem):
                outcomes.append(result.outcome())
            else:
                identified.append(result)
        submissions, rows = choose(identified, deadlines, reject_late)
        outcomes += rows
        filed, failures = file_submissions(course, submissions, context, staging, progress)
    return sorted(outcomes + filed, key=lambda o: o.item.casefold()), failures


# -- the gradebook --------------------------------------------------------------

def sync_gradebook(course: Course, roster: Roster | None, sessions: list[str],
                   deadline: datetime | None) -> tuple[dict[str, datetime], list[str]]:
    """The deadline per session (--deadline, else the gradebook's due dates); the roster written to the gradebook."""
    deadlines = {s: deadline for s in sessions} if deadline else {}
    lines = [f"Late means saved after {when(deadline)}."] if deadline else []
    gradebook_file = course.gradebook_file
    if roster is None and (deadline is not None or (gradebook_file is not None and not gradebook_file.exists())):
        return deadlines, lines
    try:
        with course.gradebook() as gradebook:
            if deadline is None:
                for session, due in _due_dates(gradebook, sessions).items():
                    deadlines[session] = due
                    lines.append(f"Late means saved after {when(due)} for {session} (its due date in the gradebook).")
            if roster is not None:
                for person in roster.people.values():
                    details = {"first_name": person.first_name, "last_name": person.last_name, "email": person.email}
                    gradebook.update_or_create_student(person.id, **{k: v for k, v in details.items() if v})
                lines.append(f"The gradebook now lists the {len(roster.people)} participants of {roster.source.name}.")
    except CourseError:
        raise
    except Exception as problem:  # the database is the facilitator's to fix; collecting can still go on
        lines.append(f"The gradebook could not be read or updated ({plain_error(problem)}); "
                     "files are still collected.")
    return deadlines, lines


def _due_dates(gradebook, sessions: list[str]) -> dict[str, datetime]:
    from nbgrader.api import MissingEntry

    found = {}
    for session in sessions:
        try:
            due = gradebook.find_assignment(session).duedate
        except MissingEntry:
            continue
        if due is not None:
            found[session] = due.replace(tzinfo=UTC)  # nbgrader keeps due dates in UTC
    return found

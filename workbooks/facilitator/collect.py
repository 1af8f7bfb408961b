"""``workbooks collect``: file what participants handed in under the right participant and session.

Binder route, ``workbooks collect FOLDER``: every file in FOLDER (subfolders and
.zip/.tar.gz bundles included) is identified (whose work, which session), the
newest copy per participant and session is chosen, and nbgrader's own
``zip_collect`` files it in ``submitted/``. JupyterHub route, ``workbooks collect
--from-exchange``: nbgrader's exchange ``collect`` runs, then every submission is
checked. Either way each file gets a row in ``reports/collect.csv``. FOLDER is
only ever read; bundles are unpacked into a temporary folder.

The steps are kept apart: ``gather`` lists files, ``identify`` reads one file
into an :class:`Identified` or a :class:`Problem`, ``choose`` picks the newest
copies, ``file_submissions`` hands them to nbgrader.
"""

from __future__ import annotations

import csv
import fnmatch
import glob
import hashlib
import io
import json
import logging
import os
import re
import shutil
import stat
import tarfile
import tempfile
import unicodedata
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ..answers import FORMAT as ANSWERS_FORMAT, Answers, newest, parse
from ..handin import HANDIN_SEPARATOR
from ..models import AnswerError, clean_participant_id
from ..notebook_copy import MAX_NOTEBOOK_BYTES, SETUP_GRADE_ID, embedded
from ..sessions import SessionSpec, get as get_session
from .course import Course, CourseError
from .progress import Outcome, Progress, Summary, write_outcomes

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

Every file gets a row in reports/collect.csv: filed, filed-with-note or skipped, and why.
The rules are in docs/collecting.md."""

REPORT_NAME = "collect.csv"
FILED, NOTED, SKIPPED, UNPACKED = "filed", "filed-with-note", "skipped", "unpacked"

# Limits: a notebook or answers file over MAX_FILE_BYTES is not read at all; an
# archive may be at most MAX_BUNDLE_BYTES, and may unpack (nested archives
# included) to at most MAX_UNPACKED_BYTES in MAX_BUNDLE_ENTRIES files.
MAX_FILE_BYTES = MAX_NOTEBOOK_BYTES
MAX_BUNDLE_BYTES = 1_000_000_000
MAX_UNPACKED_BYTES = 1_000_000_000
MAX_BUNDLE_ENTRIES = 5_000
MAX_NESTING = 2  # a bundle inside a bundle is unpacked; one level deeper is not
SHOWN_IN_SUMMARY = 12

NOTEBOOK_EXTENSIONS = (".ipynb", ".json")
BUNDLE_EXTENSIONS = (".zip", ".tar.gz", ".tgz", ".tar")
SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
SYSTEM_FOLDERS = {"__macosx", ".ipynb_checkpoints", ".git"}
TEMPORARY_PREFIX = ".workbooks-collect-"

# "<id>__<session>", then "_answers" for an answer file, then whatever a browser,
# JupyterLab or an LMS added (" (1)", "-Copy1", "-1").
NAME_RULE = re.compile(rf"^(?P<id>[A-Za-z0-9][A-Za-z0-9_-]{{0,63}}?){HANDIN_SEPARATOR}"
                       r"(?P<session>session\d+)(?P<rest>.*)$", re.IGNORECASE)
SESSION_IN_NAME = re.compile(r"(?<![A-Za-z0-9])(session\d+)(?P<rest>(?:_answers)?.*)$", re.IGNORECASE)
MOODLE_PREFIX = re.compile(r"^.+?_\d+_assignsubmission_(?:file|onlinetext)_(?P<rest>.+)$")
SESSION_CALL = re.compile(r"""(?:open_workbook|check)\(\s*["'](session\d+)["']""")

# What this step hands to zip_collect: <staging>/<session>/archive/<id>/<stamp>/<id>__<file>.
# The folder <stamp> carries the answers' saved_at, so zip_collect writes timestamp.txt.
STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
UNTIMED = "untimed"
STAGED_NAME = (r".*/(?P<student_id>[^/]+)/(?:(?P<timestamp>\d{8}T\d{6}\.\d{6}Z)|" + UNTIMED + r")/"
               r"(?P=student_id)" + HANDIN_SEPARATOR + r"(?P<file_id>[^/]+)$")


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
    parser.add_argument("--reject-late", action="store_true",
                        help="do not file work saved after the deadline (folder route only)")
    parser.add_argument("--session", action="append", dest="sessions", metavar="SESSION",
                        help="collect only this session (repeat for several; default: every session)")


def run(course: Course, args, progress: Progress) -> Summary:
    sessions = pick_sessions(course, args.sessions)
    folder = None if args.from_exchange else check_folder(args.folder)
    if args.from_exchange and args.folder is not None:
        raise CourseError("Give either a FOLDER or --from-exchange, not both.")
    if args.from_exchange and args.reject_late:
        raise CourseError("--reject-late works with a FOLDER only. With the exchange, nbgrader's own due date "
                          "and late penalty apply.")
    roster = read_roster(args.roster) if args.roster else None
    deadline = parse_deadline(args.deadline) if args.deadline else None
    context = Context.build(course, sessions, roster)
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


def pick_sessions(course: Course, chosen: list[str] | None) -> list[str]:
    available = course.sessions
    if not available:
        raise CourseError(f"No sessions in {course.source}: each needs source/<session>/<session>.ipynb.")
    unknown = [s for s in chosen or [] if s not in available]
    if unknown:
        raise CourseError(f"No session called {', '.join(unknown)} in this course. "
                          f"The sessions are: {', '.join(available)}.")
    return [s for s in available if s in chosen] if chosen else available


def parse_deadline(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CourseError(f"--deadline {text!r} is not a date and time. Write it like 2026-12-01T17:00 "
                          "(your computer's time zone) or 2026-12-01T17:00+01:00.") from None
    return when.astimezone(timezone.utc)  # a naive time is taken as local time


def summarise(title: str, outcomes: list[Outcome], lines: list[str], failures: list[str],
              report: Path) -> Summary:
    summary = Summary(title)
    for status, label in ((FILED, "filed"), (NOTED, "filed with a note"), (SKIPPED, "skipped")):
        summary.counts[label] = sum(o.status == status for o in outcomes)
    participants = {o.participant for o in outcomes if o.status in (FILED, NOTED)}
    summary.lines.append(f"Work filed for {len(participants)} participant{'s' * (len(participants) != 1)}.")
    worth_a_look = [o for o in outcomes if o.status in (NOTED, SKIPPED)]
    summary.lines += failures + lines
    summary.lines += [f"{o.item}: {o.status}, {o.reason}" for o in worth_a_look[:SHOWN_IN_SUMMARY]]
    if len(worth_a_look) > SHOWN_IN_SUMMARY:
        summary.lines.append(f"... and {len(worth_a_look) - SHOWN_IN_SUMMARY} more in the report.")
    summary.outputs.append(report)
    summary.failed = bool(failures)
    return summary


# -- the roster -----------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    aliases: tuple[str, ...] = ()

    def phrases(self) -> list[str]:
        """What may stand for this person in a file name."""
        found = [self.id, self.email, *self.aliases]
        if self.first_name and self.last_name:
            first, last = self.first_name, self.last_name
            found += [f"{first} {last}", f"{last} {first}", f"{first}{last}", f"{last}{first}"]
        return [w for w in (words(p) for p in found if p) if len(w) >= 2]


@dataclass
class Roster:
    people: dict[str, Person]
    source: Path
    _lookup: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for person in self.people.values():
            for key in (person.id, person.email, *person.aliases):
                if key:
                    self._lookup[key.casefold()] = person.id

    def resolve(self, token: str) -> str | None:
        """The roster ID for an ID, alias or e-mail address (any case), or None."""
        return self._lookup.get(token.strip().casefold())

    def named_in(self, text: str) -> tuple[str | None, list[str]]:
        """The one participant ``text`` names, or None and every participant it could be."""
        haystack = f" {words(text)} "
        spans: dict[str, list[tuple[int, int]]] = {}
        for person in self.people.values():
            for phrase in person.phrases():
                for match in re.finditer(re.escape(f" {phrase} "), haystack):
                    spans.setdefault(person.id, []).append((match.start(), match.end()))
        # "alice" inside "alice smith" does not name a second participant.
        kept = [pid for pid, own in spans.items()
                if not all(_inside(span, [o for other, theirs in spans.items() if other != pid for o in theirs])
                           for span in own)]
        if len(kept) == 1:
            return kept[0], []
        return None, sorted(kept)


def _inside(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(o[0] <= span[0] and span[1] <= o[1] and o != span for o in others)


def words(text: str) -> str:
    """Lower case, accents and punctuation gone: "José_Smith-2" -> "jose smith 2"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def read_roster(path: Path) -> Roster:
    path = path.expanduser()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CourseError(f"The roster {path} does not exist.") from None
    except UnicodeDecodeError:
        raise CourseError(f"The roster {path} is not UTF-8 text. Save it from your spreadsheet as "
                          "\"CSV UTF-8\" and try again.") from None
    except OSError as problem:
        raise CourseError(f"The roster {path} could not be read: {problem.strerror or problem}.") from None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as problem:
        raise CourseError(f"The roster {path} is not a readable CSV file: {problem}.") from None
    header = [h.strip().casefold() for h in rows[0]] if rows else []
    if "id" not in header:
        raise CourseError(f"The roster {path} has no \"id\" column. Its first line must name the columns, "
                          "as nbgrader's do: id,first_name,last_name,email (and, if you like, aliases).")
    people: dict[str, Person] = {}
    claimed: dict[str, str] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        person = _person(values, path, line)
        keys = [("ID", person.id), ("e-mail address", person.email)] + [("alias", a) for a in person.aliases]
        for kind, key in keys:
            if not key:
                continue
            owner = claimed.get(key.casefold())
            if owner is not None and owner != person.id:
                raise CourseError(f"Line {line} of the roster {path}: the {kind} \"{key}\" is already used by "
                                  f"participant \"{owner}\". Each ID, e-mail address and alias must be unique.")
            if owner == person.id and kind == "ID":
                raise CourseError(f"Line {line} of the roster {path}: participant \"{person.id}\" is listed twice.")
            claimed[key.casefold()] = person.id
        people[person.id] = person
    if not people:
        raise CourseError(f"The roster {path} lists nobody: add one line per participant under the header.")
    return Roster(people, path)


def _person(values: dict[str, str], path: Path, line: int) -> Person:
    try:
        participant = clean_participant_id(values.get("id", ""))
    except AnswerError:
        raise CourseError(f"Line {line} of the roster {path}: \"{values.get('id', '')}\" is not a usable "
                          "participant ID. IDs use letters, digits, - and _ (no spaces), start with a letter "
                          "or digit, and are at most 64 characters long.") from None
    aliases = tuple(a.strip() for a in values.get("aliases", "").split(";") if a.strip())
    return Person(participant, values.get("first_name", ""), values.get("last_name", ""),
                  values.get("email", ""), aliases)


# -- what the course's sessions look like ----------------------------------------

@dataclass(frozen=True)
class SessionInfo:
    id: str
    spec: SessionSpec | None
    release: Path | None
    locked: dict[str, str]  # grade_id -> source of the cells participants cannot edit
    grade_ids: frozenset[str]


@dataclass
class Context:
    sessions: dict[str, SessionInfo]  # every session of the course
    selected: list[str]               # the ones being collected
    roster: Roster | None

    @classmethod
    def build(cls, course: Course, selected: list[str], roster: Roster | None) -> "Context":
        return cls({s: _session_info(course, s) for s in course.sessions}, selected, roster)


def _session_info(course: Course, session: str) -> SessionInfo:
    try:
        spec: SessionSpec | None = get_session(session)
    except AnswerError:
        spec = None
    release = course.release / session / f"{session}.ipynb"
    notebook = _load_json(release.read_bytes()) if release.is_file() else None
    cells = notebook.get("cells", []) if isinstance(notebook, dict) else []
    graded = [c for c in cells if isinstance(c, dict) and grade_id(c)]
    locked = {grade_id(c): cell_source(c) for c in graded if nbgrader_meta(c).get("locked")}
    ids = frozenset(grade_id(c) for c in graded)
    return SessionInfo(session, spec, release if release.is_file() else None, locked, ids)


def nbgrader_meta(cell: dict) -> dict:
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: dict) -> str:
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) else ""


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


# -- finding the files ------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    """One file to read: in FOLDER, or unpacked from a bundle into the temporary folder."""

    label: str   # how the report names it: its path under FOLDER, "bundle.zip > inner/name" inside bundles
    name: str    # its own file name, readable
    path: Path   # where its bytes are now (never written to)
    size: int
    mtime: float
    notes: tuple[str, ...] = ()


@dataclass
class Budget:
    """What one top-level bundle may still unpack."""

    entries: int = field(default_factory=lambda: MAX_BUNDLE_ENTRIES)
    bytes: int = field(default_factory=lambda: MAX_UNPACKED_BYTES)


def readable(name: str) -> tuple[str, bool]:
    """A file name as text, and whether it was valid UTF-8; bad bytes come back escaped: caf\\xe9."""
    raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), True


def not_utf8_note(name: str) -> str:
    return f"the file name is not valid UTF-8 text (shown as {name})"


def ignored_reason(parts: list[str]) -> str:
    """Why a file is left out without being read (system files, checkpoints), or ""."""
    lowered = [p.casefold() for p in parts if p]
    if not lowered:
        return ""
    if ".ipynb_checkpoints" in lowered[:-1]:
        return "a JupyterLab checkpoint copy, ignored (the notebook itself is what counts)"
    if any(p in SYSTEM_FOLDERS or p.startswith(TEMPORARY_PREFIX) for p in lowered[:-1]):
        return "a file from a system folder, ignored"
    if lowered[-1] in SYSTEM_FILES or lowered[-1].startswith("._"):
        return "a system file, ignored"
    return ""


def extension(name: str) -> str:
    lowered = name.casefold()
    for ext in (".tar.gz", *NOTEBOOK_EXTENSIONS, *BUNDLE_EXTENSIONS):
        if lowered.endswith(ext):
            return ext
    return os.path.splitext(lowered)[1]


def list_folder(folder: Path) -> tuple[list[Found], list[Outcome]]:
    """Every file under ``folder``; links and special files are reported, never followed."""
    found: list[Found] = []
    outcomes: list[Outcome] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in dirs:
            if os.path.islink(os.path.join(root, name)):
                label = readable(os.path.relpath(os.path.join(root, name), folder))[0]
                outcomes.append(Outcome(label, SKIPPED, "a link to a folder, not followed"))
        for name in sorted(files):
            path = Path(root) / name
            label, bad_name = readable(os.path.relpath(path, folder))
            try:
                info = path.lstat()
            except OSError as problem:
                outcomes.append(Outcome(label, SKIPPED, f"could not be read: {_plain(problem)}"))
                continue
            if stat.S_ISLNK(info.st_mode):
                outcomes.append(Outcome(label, SKIPPED, "a link, not followed: put the file itself in the folder"))
            elif not stat.S_ISREG(info.st_mode):
                outcomes.append(Outcome(label, SKIPPED, "not a regular file"))
            else:
                notes = (not_utf8_note(label),) if bad_name else ()
                found.append(Found(label, readable(name)[0], path, info.st_size, info.st_mtime, notes))
    return found, outcomes


def gather(files: list[Found], unpack_to: Path) -> tuple[list[Found], list[Outcome]]:
    """The notebooks and answer files among ``files``, bundles unpacked; everything else reported."""
    result: list[Found] = []
    outcomes: list[Outcome] = []
    for found in files:
        try:
            _take(found, unpack_to, result, outcomes, depth=0, budget=None)
        except Exception as problem:  # one odd file must never stop the batch
            outcomes.append(Outcome(found.label, SKIPPED, f"could not be read: {_unexpected(problem)}"))
    return result, outcomes


def _take(found: Found, unpack_to: Path, result: list[Found], outcomes: list[Outcome], depth: int,
          budget: Budget | None) -> None:
    reason = ignored_reason(found.label.split("/")) if depth == 0 else ""  # entries were checked when unpacked
    ext = extension(found.name)
    if reason:
        outcomes.append(Outcome(found.label, SKIPPED, reason))
    elif ext in NOTEBOOK_EXTENSIONS:
        result.append(found)
    elif ext not in BUNDLE_EXTENSIONS:
        outcomes.append(Outcome(found.label, SKIPPED,
                                "not a notebook (.ipynb), answers file (.json) or bundle (.zip, .tar.gz)"))
    elif depth >= MAX_NESTING:
        outcomes.append(Outcome(found.label, SKIPPED, "a bundle nested too deep inside other bundles: not unpacked"))
    else:
        budget = budget or Budget()  # one budget for a bundle and everything nested in it
        entries, rows = unpack(found, unpack_to, budget)
        outcomes.extend(rows)
        for entry in entries:
            _take(entry, unpack_to, result, outcomes, depth + 1, budget)


def unpack(bundle: Found, into: Path, budget: Budget) -> tuple[list[Found], list[Outcome]]:
    """The files inside a bundle, each copied to a new temporary file under ``into`` (names are never used
    as paths, so no entry can land outside it); rows for the bundle and for entries not unpacked."""
    if bundle.size > MAX_BUNDLE_BYTES:
        return [], [Outcome(bundle.label, SKIPPED, f"too big: {_megabytes(bundle.size)}, and a bundle may be "
                                                   f"at most {_megabytes(MAX_BUNDLE_BYTES)}")]
    folder = Path(tempfile.mkdtemp(prefix="bundle-", dir=into))
    found: list[Found] = []
    rows: list[Outcome] = []
    try:
        if extension(bundle.name) == ".zip":
            stopped = _unpack_zip(bundle, folder, budget, found, rows)
        else:
            stopped = _unpack_tar(bundle, folder, budget, found, rows)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as problem:
        return [], [Outcome(bundle.label, SKIPPED, f"a damaged or unreadable bundle ({_plain(problem)})")]
    if stopped:
        return [], [Outcome(bundle.label, SKIPPED, stopped)]
    count = len(found) + len(rows)
    row = Outcome(bundle.label, UNPACKED, f"a bundle of {count} file{'s' * (count != 1)}, "
                                          "each with its own row in this report")
    return found, [row, *rows]


@dataclass(frozen=True)
class EntryName:
    """A bundle entry's name: as shown (bad bytes escaped), its last part, and whether it was valid UTF-8."""

    raw: bytes

    @property
    def parts(self) -> list[bytes]:
        return self.raw.replace(b"\\", b"/").split(b"/")

    @property
    def shown(self) -> str:
        return self.raw.decode("utf-8", "backslashreplace")

    @property
    def base(self) -> str:
        return self.parts[-1].decode("utf-8", "backslashreplace")

    @property
    def bad(self) -> bool:
        return not _is_utf8(self.raw)

    def unsafe(self) -> str:
        """Why unpacking this name as a path would reach outside the folder, or ""."""
        if self.raw.startswith((b"/", b"\\")) or re.match(rb"^[A-Za-z]:", self.raw):
            return "an absolute path inside the bundle, not unpacked"
        if b".." in self.parts:
            return "a path that climbs out of the bundle (../), not unpacked"
        return ""

    def ignored(self) -> str:
        return ignored_reason([p.decode("utf-8", "backslashreplace") for p in self.parts])


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def zip_entry_name(info: zipfile.ZipInfo) -> EntryName:
    if info.flag_bits & 0x800:
        return EntryName(info.filename.encode("utf-8"))
    return EntryName(info.filename.encode("cp437"))  # zipfile decoded the raw bytes as cp437


def _unpack_zip(bundle: Found, folder: Path, budget: Budget, found: list[Found], rows: list[Outcome]) -> str:
    with zipfile.ZipFile(bundle.path) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        declared = sum(i.file_size for i in infos)
        if len(infos) > budget.entries or declared > budget.bytes:
            return (f"not unpacked: it would unpack to {len(infos)} files and {_megabytes(declared)}, over the "
                    f"limit of {MAX_BUNDLE_ENTRIES} files and {_megabytes(MAX_UNPACKED_BYTES)} (a zip bomb?)")
        budget.entries -= len(infos)
        for info in infos:
            name = zip_entry_name(info)
            label = f"{bundle.label} > {name.shown}"
            reason = name.unsafe() or name.ignored()
            if not reason and stat.S_ISLNK(info.external_attr >> 16):
                reason = "a link inside the bundle, not unpacked"
            if not reason and info.file_size > _entry_limit(name.base):
                reason = f"too big: {_megabytes(info.file_size)} once unpacked, so not read (a zip bomb?)"
            if reason:
                rows.append(Outcome(label, SKIPPED, reason))
                continue
            target = folder / f"{len(found) + len(rows)}{extension(name.base)}"
            try:
                with archive.open(info) as source:
                    size = _copy_limited(source, target, min(_entry_limit(name.base), budget.bytes))
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error, OSError) as problem:
                rows.append(Outcome(label, SKIPPED, f"could not be unpacked ({_plain(problem)})"))
                continue
            if size is None:  # the entry's header understated its size
                rows.append(Outcome(label, SKIPPED, "too big once unpacked, so not read (a zip bomb?)"))
                continue
            budget.bytes -= size
            notes = (not_utf8_note(name.shown),) if name.bad else ()
            found.append(Found(label, name.base, target, size, _zip_time(info), bundle.notes + notes))
    return ""


def _unpack_tar(bundle: Found, folder: Path, budget: Budget, found: list[Found], rows: list[Outcome]) -> str:
    with tarfile.open(bundle.path, "r:*", encoding="utf-8", errors="surrogateescape") as archive:
        while (member := archive.next()) is not None:  # one header at a time, so a bomb stops early
            if member.isdir():
                continue
            budget.entries -= 1
            budget.bytes -= member.size if member.isfile() else 0
            if budget.entries < 0 or budget.bytes < 0:
                return (f"not unpacked: it holds more than {MAX_BUNDLE_ENTRIES} files or "
                        f"{_megabytes(MAX_UNPACKED_BYTES)} (a tar bomb?)")
            name = EntryName(member.name.encode("utf-8", "surrogateescape"))
            label = f"{bundle.label} > {name.shown}"
            reason = name.unsafe()
            if not reason and (member.issym() or member.islnk()):
                reason = "a link inside the bundle, not unpacked"
            elif not reason and not member.isfile():
                reason = "not a regular file, not unpacked"
            reason = reason or name.ignored()
            if not reason and member.size > _entry_limit(name.base):
                reason = f"too big: {_megabytes(member.size)}, so not read"
            if reason:
                rows.append(Outcome(label, SKIPPED, reason))
                continue
            target = folder / f"{len(found) + len(rows)}{extension(name.base)}"
            size = _copy_limited(archive.extractfile(member), target, member.size)
            notes = (not_utf8_note(name.shown),) if name.bad else ()
            found.append(Found(label, name.base, target, size or 0, float(member.mtime), bundle.notes + notes))
    return ""


def _entry_limit(name: str) -> int:
    return MAX_BUNDLE_BYTES if extension(name) in BUNDLE_EXTENSIONS else MAX_FILE_BYTES


def _copy_limited(source, target: Path, limit: int) -> int | None:
    """Copies at most ``limit`` bytes; returns the size, or None (and keeps nothing) when there was more."""
    copied = 0
    with target.open("wb") as out:
        while chunk := source.read(1 << 20):
            copied += len(chunk)
            if copied > limit:
                break
            out.write(chunk)
    if copied > limit:
        target.unlink()
        return None
    return copied


def _zip_time(info: zipfile.ZipInfo) -> float:
    try:
        return datetime(*info.date_time).timestamp()
    except (ValueError, OverflowError):
        return 0.0


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB" if size >= 1_000_000 else f"{max(size, 1) / 1000:.0f} kB"


def _plain(problem: BaseException) -> str:
    text = getattr(problem, "strerror", None) or str(problem) or type(problem).__name__
    return text.rstrip(".")


# -- identifying one file -------------------------------------------------------

@dataclass
class Identified:
    found: Found
    participant: str
    session: str
    kind: str                      # "notebook" or "answers"
    saved_at: datetime | None      # when the answers inside were last saved
    digest: str
    how: str                       # which clues named the participant
    has_answers: bool
    notes: list[str] = field(default_factory=list)
    renamed: bool = False

    @property
    def newness(self) -> tuple[bool, datetime]:
        """Work with saved answers beats work without; then the latest save, then the latest file date."""
        fallback = datetime.fromtimestamp(self.found.mtime, timezone.utc)
        return (self.saved_at is not None, self.saved_at or fallback)


@dataclass
class Problem:
    found: Found
    reason: str
    participant: str = ""
    session: str = ""

    def outcome(self) -> Outcome:
        reason = "; ".join([self.reason, *self.found.notes])
        return Outcome(self.found.label, SKIPPED, reason, self.participant, self.session)


@dataclass
class Contents:
    """What a file's contents say about it."""

    kind: str
    session: str = ""
    participant: str = ""
    saved_at: datetime | None = None
    has_answers: bool = False
    notes: list[str] = field(default_factory=list)
    notebook: dict | None = None


@dataclass(frozen=True)
class NameClues:
    """What a file's name says: "<id>__<session>", a session, a download suffix such as " (1)"."""

    participant: str = ""
    session: str = ""
    renamed: str = ""


def identify(found: Found, context: Context) -> Identified | Problem:
    """Whose work ``found`` is and for which session, from its contents, its name and the roster."""
    if found.size == 0:
        return Problem(found, "an empty file (0 bytes): ask the participant to download their work again")
    if found.size > MAX_FILE_BYTES:
        return Problem(found, f"too big: {_megabytes(found.size)}, and a notebook may be at most "
                              f"{_megabytes(MAX_FILE_BYTES)}, so it was not read")
    try:
        with found.path.open("rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
    except OSError as problem:
        return Problem(found, f"could not be read ({_plain(problem)})")
    if len(content) > MAX_FILE_BYTES:
        return Problem(found, "too big, so it was not read")
    contents = read_contents(content, context)
    if isinstance(contents, str):
        return Problem(found, contents)
    clues = read_name(found.name)
    session = _decide_session(found, contents, clues, context)
    if isinstance(session, Problem):
        return session
    decided = _decide_participant(found, contents, clues, context)
    if isinstance(decided, Problem):
        decided.session = session
        return decided
    participant, how = decided
    notes = list(contents.notes)
    if clues.renamed:
        notes.append(f"renamed on download (the name ends in \"{clues.renamed}\")")
    notes.extend(found.notes)
    if contents.notebook is not None:
        notes.extend(altered_cells_note(contents.notebook, context.sessions[session]))
    return Identified(found, participant, session, contents.kind, contents.saved_at,
                      hashlib.sha256(content).hexdigest(), how, contents.has_answers, notes, bool(clues.renamed))


def read_name(name: str) -> NameClues:
    stem = re.sub(r"\.(?:ipynb|json)$", "", name, flags=re.IGNORECASE)
    lms = MOODLE_PREFIX.match(stem)
    if lms:
        stem = lms["rest"]
    rule = NAME_RULE.match(stem)
    if rule:
        participant, session, rest = rule["id"], rule["session"].lower(), rule["rest"]
    else:
        found = SESSION_IN_NAME.search(stem)
        if not found:
            return NameClues()
        participant, session, rest = "", found[1].lower(), found["rest"]
    rest = rest[len("_answers"):] if rest.casefold().startswith("_answers") else rest
    if rest and rest[0].isalnum():  # "session21" is not session2 renamed
        return NameClues()
    rest = rest.removesuffix("_answers")  # "session2 (1)_answers.json"
    return NameClues(participant, session, rest.strip())


def read_contents(content: bytes, context: Context) -> Contents | str:
    """What the contents say, or why the file cannot be used."""
    data = _load_json(content)
    if data is None:
        return ("not a notebook: the file is not readable JSON text (damaged, cut short, or another kind "
                "of file with a notebook's name)")
    if isinstance(data, dict) and isinstance(data.get("cells"), list):
        return _notebook_contents(data, context)
    if isinstance(data, dict) and data.get("format") == ANSWERS_FORMAT:
        return _answers_contents(data, context)
    return "not a notebook or an answers file: it is JSON, but neither of those"


def _load_json(content: bytes) -> object | None:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _notebook_contents(notebook: dict, context: Context) -> Contents:
    copies: list[Answers] = []
    for info in context.sessions.values():
        if info.spec is not None:
            copies.extend(embedded(info.spec, notebook))
    contents = Contents("notebook", notebook=notebook)
    found = newest(copies)
    if found is not None:
        contents.session = found.spec.id
        contents.saved_at = parse_time(found.saved_at)
        contents.has_answers = not found.is_empty()
        contents.participant = next((c.participant_id for c in sorted(copies, key=lambda c: c.saved_at, reverse=True)
                                     if c.participant_id), "")
        contents.notes.extend(f"damaged answers: {p}" for p in found.problems)
    contents.session = contents.session or session_of_cells(notebook, context)
    return contents


def _answers_contents(data: dict, context: Context) -> Contents | str:
    session = data.get("session")
    info = context.sessions.get(session) if isinstance(session, str) else None
    if info is None or info.spec is None:
        return f"answers for \"{session}\", which is not one of this course's sessions ({', '.join(context.sessions)})"
    try:
        answers = parse(info.spec, data)
    except AnswerError as problem:
        return f"not a usable answers file: {problem}"
    return Contents("answers", info.id, answers.participant_id, parse_time(answers.saved_at), not answers.is_empty(),
                    [f"damaged answers: {p}" for p in answers.problems])


def session_of_cells(notebook: dict, context: Context) -> str:
    """The session a notebook's cells belong to, by the workbook calls and nbgrader's cell ids."""
    cells = [c for c in notebook["cells"] if isinstance(c, dict)]
    calls = {m for c in cells for m in SESSION_CALL.findall(cell_source(c))}
    if len(calls) == 1:
        return calls.pop()
    ids = {grade_id(c) for c in cells} - {"", SETUP_GRADE_ID}
    scores = {s: len(ids & info.grade_ids) / max(1, len(info.grade_ids)) for s, info in context.sessions.items()}
    best = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if best and best[0][1] >= 0.5 and (len(best) == 1 or best[1][1] < best[0][1]):
        return best[0][0]
    return ""


def parse_time(text: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _decide_session(found: Found, contents: Contents, clues: NameClues, context: Context) -> str | Problem:
    if contents.session and clues.session and contents.session != clues.session:
        return Problem(found, f"conflict: the file name says {clues.session}, but the contents are "
                              f"{contents.session}'s; not filed, check with the participant")
    session = contents.session or clues.session
    if not session:
        return Problem(found, "could not tell which session this is: no workbook answers or session cells "
                              "inside, and no session in the file name")
    if session not in context.sessions:
        return Problem(found, f"{session} is not one of this course's sessions ({', '.join(context.sessions)})",
                       session=session)
    if session not in context.selected:
        return Problem(found, f"{session} was not among the sessions collected this time "
                              f"({', '.join(context.selected)})", session=session)
    return session


def _decide_participant(found: Found, contents: Contents, clues: NameClues,
                        context: Context) -> tuple[str, str] | Problem:
    roster = context.roster
    claims = []  # (clue, ID as found, roster ID or None)
    if contents.participant:
        claims.append(("the ID typed in the workbook", contents.participant))
    if clues.participant:
        claims.append(("the file name", clues.participant))
    ambiguous: list[str] = []
    if roster is not None:
        named, ambiguous = roster.named_in(found.label)
        if named:
            claims.append(("a roster entry in the file name", named))
    if not claims:
        reason = ("could not tell whose work this is: no participant ID typed in the workbook, and the file "
                  f"name does not follow <participant id>{HANDIN_SEPARATOR}<session>")
        if ambiguous:
            reason += f" (it matches several roster entries: {', '.join(ambiguous)})"
        elif roster is not None:
            reason += " or name anyone on the roster"
        return Problem(found, reason)
    resolved = [(clue, given, roster.resolve(given) if roster else given) for clue, given in claims]
    keys = {(found_id or f"?{given}").casefold() for _, given, found_id in resolved}
    if len(keys) > 1:
        said = ", ".join(f"{clue} says {given}" for clue, given, _ in resolved)
        return Problem(found, f"conflict: {said}; not filed, check with the participants, then rename the "
                              f"file to <participant id>{HANDIN_SEPARATOR}<session>.ipynb")
    clue, given, participant = resolved[0]
    if participant is None:
        return Problem(found, f"unknown participant \"{given}\" ({clue}): not on the roster {roster.source.name}, "
                              "so not filed", participant=given)
    if roster is None:
        try:
            participant = clean_participant_id(participant)
        except AnswerError:
            return Problem(found, f"\"{participant}\" ({clue}) cannot be a participant ID")
    how = " and ".join(dict.fromkeys(c for c, _, _ in resolved))
    return participant, how


def altered_cells_note(notebook: object, info: SessionInfo) -> list[str]:
    """A note when cells participants cannot edit were deleted or changed."""
    if not isinstance(notebook, dict) or not info.locked:
        return []
    present: dict[str, str] = {}
    for cell in notebook.get("cells", []):
        if isinstance(cell, dict) and grade_id(cell) in info.locked:
            present.setdefault(grade_id(cell), cell_source(cell))
    deleted = [g for g in info.locked if g not in present]
    changed = [g for g, source in present.items() if source.strip() != info.locked[g].strip()]
    if not deleted and not changed:
        return []
    parts = [f"{label} {_list(ids)}" for label, ids in (("deleted", deleted), ("changed", changed)) if ids]
    return [f"graded or locked cells {' and '.join(parts)}; filed anyway: nbgrader autograde puts the "
            "original cells back"]


def _list(items: list[str], shown: int = 3) -> str:
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return "(" + ", ".join(items[:shown]) + more + ")"


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
            outcomes.append(_row(loser, SKIPPED, [duplicate_reason(loser, winner), *loser.found.notes]))
        submission = submissions.setdefault((participant, session), Submission(participant, session))
        setattr(submission, kind, winner)
    return list(submissions.values()), outcomes


def duplicate_reason(loser: Identified, winner: Identified) -> str:
    whose = f"{winner.participant}'s {winner.session}"
    if loser.digest == winner.digest:
        return f"duplicate: an identical copy of {winner.found.label}, which was filed for {whose}"
    if loser.saved_at and winner.saved_at:
        return (f"duplicate: {winner.found.label} holds newer work for {whose} (saved {when(winner.saved_at)}; "
                f"this one {when(loser.saved_at)}) and was filed instead")
    if winner.saved_at:
        return f"duplicate: {winner.found.label} holds saved answers for {whose} and was filed instead"
    return f"duplicate: {winner.found.label} is a newer file for {whose} and was filed instead"


def when(moment: datetime | None) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if moment else "at an unknown time"


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
    if filed_at and (new_at is None or filed_at > new_at):
        reason = (f"a newer submission is already filed in {_relative(folder, course)} (saved {when(filed_at)}; "
                  f"this one {when(new_at) if new_at else 'has no saved answers'}), so it was kept")
        return [_row(i, SKIPPED, [reason, *i.found.notes]) for i in submission.items]
    names = {"notebook": f"{session}.ipynb", "answers": f"{session}_answers.json"}
    if all(_digest(folder / names[i.kind]) == i.digest for i in submission.items):
        return [_row(i, NOTED if i.notes else FILED,
                     [f"already filed in {_relative(folder, course)} by an earlier run, unchanged; identified by "
                      f"{i.how}", *i.notes]) for i in submission.items]
    return None


def filed_timestamp(folder: Path) -> datetime | None:
    from nbgrader.utils import parse_utc

    try:
        text = (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
        return parse_utc(text).replace(tzinfo=timezone.utc) if text else None
    except (OSError, ValueError, OverflowError):
        return None


def stage(submission: Submission, folder: Path, staging: Path, context: Context) -> Staged:
    """Copies the submission's files where zip_collect will read them, named <id>__<file>."""
    session, participant = submission.session, submission.participant
    stamp = submission.saved_at.strftime(STAMP_FORMAT) if submission.saved_at else UNTIMED
    target = staging / session / "archive" / participant / stamp
    target.mkdir(parents=True, exist_ok=True)
    entry = Staged(submission, folder)
    notebook_name, answers_name = f"{session}.ipynb", f"{session}_answers.json"
    earlier_notebook, earlier_answers = folder / notebook_name, folder / answers_name

    notebook = submission.notebook.found.path if submission.notebook else None
    if notebook is None and earlier_notebook.is_file():
        notebook = earlier_notebook
        entry.notes["answers"] = ["filed beside the notebook filed earlier"]
    elif notebook is None and context.sessions[session].release is not None:
        notebook = context.sessions[session].release
        entry.notes["answers"] = ["only the answers file was handed in: filed with a blank copy of the "
                                  "session's notebook, so autograde grades these answers"]
    answers = submission.answers.found.path if submission.answers else None
    if answers is None and earlier_answers.is_file():
        answers = earlier_answers  # kept: when the new notebook is newer, autograde takes the newer answers
    if submission.notebook and not submission.notebook.has_answers and answers is None:
        entry.notes["notebook"] = ["no saved answers inside (downloaded before any work was saved?) and no "
                                   "answers file: it will score 0 unless the answers file is handed in"]
    for source, name in ((notebook, notebook_name), (answers, answers_name)):
        if source is not None:
            shutil.copyfile(source, target / f"{participant}{HANDIN_SEPARATOR}{name}")
            entry.expected[name] = _digest(source)
    return entry


def verify(entry: Staged, course: Course, log: str) -> list[Outcome]:
    """Rows for a staged submission, after checking zip_collect put every file in place."""
    submission = entry.submission
    missing = [name for name, digest in entry.expected.items() if _digest(entry.folder / name) != digest]
    rows = []
    for item in submission.items:
        if missing:
            rows.append(_row(item, SKIPPED, [f"not filed: nbgrader zip_collect did not put {', '.join(missing)} in "
                                             f"{_relative(entry.folder, course)} ({log})", *item.notes]))
            continue
        name = f"{submission.session}.ipynb" if item.kind == "notebook" else f"{submission.session}_answers.json"
        notes = [*item.notes, *entry.notes.get(item.kind, [])]
        rows.append(_row(item, NOTED if notes else FILED,
                         [f"filed as {_relative(entry.folder / name, course)}; identified by {item.how}", *notes]))
    return rows


@dataclass
class ZipCollect:
    """nbgrader's ``zip_collect <session> --force`` run in this process on what was staged."""

    config: object
    coursedir: object

    @classmethod
    def for_course(cls, course: Course, staging: Path) -> "ZipCollect":
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
        return bool(result.get("success")), _last_problem(result)


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


def _last_problem(result: dict | None) -> str:
    """The last error or warning line of an nbgrader run, for the report."""
    if not result:
        return "nbgrader gave no answer"
    lines = [line.strip() for line in (result.get("log") or "").splitlines() if line.strip()]
    problems = [line for line in lines if line.startswith(("[ERROR]", "[CRITICAL]"))]
    if problems:
        return problems[-1]
    if result.get("error"):
        return result["error"].strip().splitlines()[-1]
    return "see nbgrader's log" if not result.get("success") else "no problem reported"


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _relative(path: Path, course: Course) -> str:
    try:
        return path.relative_to(course.root).as_posix()
    except ValueError:
        return str(path)


# -- the two routes -------------------------------------------------------------

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
            result = _identify_safely(found, context)
            if isinstance(result, Problem):
                outcomes.append(result.outcome())
            else:
                identified.append(result)
        submissions, rows = choose(identified, deadlines, reject_late)
        outcomes += rows
        filed, failures = file_submissions(course, submissions, context, staging, progress)
    return sorted(outcomes + filed, key=lambda o: o.item.casefold()), failures


def _identify_safely(found: Found, context: Context) -> Identified | Problem:
    try:
        return identify(found, context)
    except Exception as problem:  # one odd file must never stop the batch
        return Problem(found, f"could not be read: {_unexpected(problem)}")


def _unexpected(problem: Exception) -> str:
    return f"an unexpected problem ({type(problem).__name__}: {problem}); please report it"


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
            result = {"success": False, "error": _unexpected(problem)}
        if not result or not result.get("success"):
            failures.append(f"nbgrader collect {session} stopped: {_last_problem(result)}")
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
    notebook = folder / f"{session}.ipynb"
    side_file = folder / f"{session}_answers.json"
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
    return Outcome(_relative(folder, course), NOTED if notes else FILED, "; ".join([change, *notes]),
                   participant, session)


def _read_filed(path: Path, context: Context) -> Contents | str:
    size = path.stat().st_size
    if size == 0:
        return "an empty file"
    if size > MAX_FILE_BYTES:
        return f"too big ({_megabytes(size)})"
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
        lines.append(f"The gradebook could not be read or updated ({_plain(problem)}); files are still collected.")
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
            found[session] = due.replace(tzinfo=timezone.utc)  # nbgrader keeps due dates in UTC
    return found

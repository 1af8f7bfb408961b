"""Whose work a file is and for which session: from its contents, its name and the roster.

``identify`` reads one file into an :class:`Identified` or a :class:`Problem`; a
:class:`Context` holds what it compares against (the course's sessions, the roster).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..answers import FORMAT as ANSWERS_FORMAT
from ..answers import Answers, newest, parse
from ..cells import SETUP_GRADE_ID, cell_source, grade_id, nbgrader_meta
from ..exercises import Session
from ..handin import HANDIN_SEPARATOR
from ..models import AnswerError, clean_participant_id
from ..notebook_copy import embedded
from ..sessions import get as get_session
from .bundles import MAX_FILE_BYTES, SKIPPED, Found, megabytes, plain_error, unexpected_error
from .course import Course
from .progress import Outcome
from .roster import Roster

# "<id>__<session>", then "_answers" for an answer file, then whatever a browser,
# JupyterLab or an LMS added (" (1)", "-Copy1", "-1").
NAME_RULE = re.compile(rf"^(?P<id>[A-Za-z0-9][A-Za-z0-9_-]{{0,63}}?){HANDIN_SEPARATOR}"
                       r"(?P<session>session\d+)(?P<rest>.*)$", re.IGNORECASE)
SESSION_IN_NAME = re.compile(r"(?<![A-Za-z0-9])(session\d+)(?P<rest>(?:_answers)?.*)$", re.IGNORECASE)
MOODLE_PREFIX = re.compile(r"^.+?_\d+_assignsubmission_(?:file|onlinetext)_(?P<rest>.+)$")
SESSION_CALL = re.compile(r"""(?:open_workbook|check)\(\s*["'](session\d+)["']""")


# -- what the course's sessions look like ----------------------------------------

@dataclass(frozen=True)
class SessionInfo:
    id: str
    spec: Session | None
    release: Path | None
    locked: dict[str, str]  # grade_id -> source of the cells participants cannot edit
    grade_ids: frozenset[str]


@dataclass
class Context:
    sessions: dict[str, SessionInfo]  # every session of the course
    selected: list[str]               # the ones being collected
    roster: Roster | None

    @classmethod
    def build(cls, course: Course, selected: list[str], roster: Roster | None) -> Context:
        return cls({s: _session_info(course, s) for s in course.sessions}, selected, roster)


def _session_info(course: Course, session: str) -> SessionInfo:
    try:
        spec: Session | None = get_session(session)
    except AnswerError:
        spec = None
    release = course.release / session / f"{session}.ipynb"
    notebook = _load_json(release.read_bytes()) if release.is_file() else None
    cells = notebook.get("cells", []) if isinstance(notebook, dict) else []
    graded = [c for c in cells if isinstance(c, dict) and grade_id(c)]
    locked = {grade_id(c): cell_source(c) for c in graded if nbgrader_meta(c).get("locked")}
    ids = frozenset(grade_id(c) for c in graded)
    return SessionInfo(session, spec, release if release.is_file() else None, locked, ids)


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
        fallback = datetime.fromtimestamp(self.found.mtime, UTC)
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
        return Problem(found, f"too big: {megabytes(found.size)}, and a notebook may be at most "
                              f"{megabytes(MAX_FILE_BYTES)}, so it was not read")
    try:
        with found.path.open("rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
    except OSError as problem:
        return Problem(found, f"could not be read ({plain_error(problem)})")
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


def identify_safely(found: Found, context: Context) -> Identified | Problem:
    try:
        return identify(found, context)
    except Exception as problem:  # one odd file must never stop the batch
        return Problem(found, f"could not be read: {unexpected_error(problem)}")


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
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


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
        source = roster.source.name if roster else ""
        return Problem(found, f"unknown participant \"{given}\" ({clue}): not on the roster {source}, "
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

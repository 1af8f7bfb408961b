"""Whose work a file is and for which session: from its contents, its name, its folder and the roster.

``identify`` reads one file into an :class:`Identified` or a :class:`Problem`; a
:class:`Context` holds what it compares against (the course's sessions, the roster,
when the sessions were released). Every clue to the participant must agree, or the
file is held for the facilitator; a save time that cannot be right never counts.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..answers import FORMAT as ANSWERS_FORMAT
from ..answers import Answers, newest, parse
from ..cell_roles import DELETED, role_problems
from ..cells import SETUP_GRADE_ID, cell_source, grade_id, nbgrader_meta
from ..exercises import Session
from ..handin import HANDIN_SEPARATOR
from ..models import AnswerError, clean_participant_id
from ..notebook_copy import embedded
from ..sessions import get as get_session
from .bundles import HELD, MAX_FILE_BYTES, SKIPPED, Found, megabytes, plain_error, unexpected_error
from .course import Course
from .diagnose import Decoded, decode, format_problem, unreadable_for_nbgrader
from .progress import Outcome
from .roster import Roster

# "<id>__<session>", then "_answers" for an answer file, then whatever a browser,
# JupyterLab or an LMS added (" (1)", "-Copy1", "-1").
NAME_RULE = re.compile(rf"^(?P<id>[A-Za-z0-9][A-Za-z0-9_-]{{0,63}}?){HANDIN_SEPARATOR}"
                       r"(?P<session>session\d+)(?P<rest>.*)$", re.IGNORECASE)
SESSION_IN_NAME = re.compile(r"(?<![A-Za-z0-9])(session\d+)(?P<rest>(?:_answers)?.*)$", re.IGNORECASE)
MOODLE_PREFIX = re.compile(r"^.+?_\d+_assignsubmission_(?:file|onlinetext)_(?P<rest>.+)$")
SESSION_CALL = re.compile(r"""(?:open_workbook|check|show|hand_in|show_charter)\(\s*["'](session\d+)["']""")

# A save time outside [release, now + a day] is a wrong clock or an edited file. Without --released,
# the earliest is when the answers format began: no workbook was saved before it.
FIRST_POSSIBLE_SAVE = datetime(2026, 11, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(days=1)


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
    released: datetime | None = None  # when the sessions were released (--released), if known
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def build(cls, course: Course, selected: list[str], roster: Roster | None,
              released: datetime | None = None) -> Context:
        return cls({s: _session_info(course, s) for s in course.sessions}, selected, roster, released)

    def why_implausible(self, moment: datetime) -> str:
        """Why a save time cannot be right ("" when it can be)."""
        earliest = self.released or FIRST_POSSIBLE_SAVE
        if moment < earliest:
            since = "the session was released" if self.released else "the workbooks existed"
            return f"before {since} ({earliest:%Y-%m-%d})"
        if moment > self.now + CLOCK_SLACK:
            return "in the future"
        return ""


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
    content: bytes | None = None   # what to file instead of the file itself (a converted copy), if anything
    time_note: str = ""            # why the save time inside does not count, if it does not

    @property
    def newness(self) -> tuple[bool, bool, datetime]:
        """A usable save time beats none; then saved answers beat none; then the latest save or file date."""
        fallback = datetime.fromtimestamp(max(self.found.mtime, 0), UTC)
        return (self.saved_at is not None, self.has_answers, self.saved_at or fallback)


@dataclass
class Problem:
    found: Found
    reason: str
    participant: str = ""
    session: str = ""
    status: str = SKIPPED  # HELD: someone's work that a person must file or fix

    def outcome(self) -> Outcome:
        reason = "; ".join([self.reason, *self.found.notes])
        return Outcome(self.found.label, self.status, reason, self.participant, self.session)


def held(found: Found, reason: str, participant: str = "", session: str = "") -> Problem:
    return Problem(found, f"held: {reason}", participant, session, HELD)


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
    answers: Answers | None = None  # the newest answers inside
    saved_text: str = ""            # their save time as written


@dataclass(frozen=True)
class NameClues:
    """What a file's name says: "<id>__<session>", a session, a download suffix such as " (1)"."""

    participant: str = ""
    session: str = ""
    renamed: str = ""
    platform: str = ""  # a platform's prefix naming who uploaded it: "Alice Smith_1234_assignsubmission_file_"
    stem: str = ""      # the name without that prefix and the extension


@dataclass(frozen=True)
class Clue:
    """One clue to whose work a file is, and the participant it points to."""

    source: str                     # "the folder", "the file name", ...
    given: str                      # what it says
    participant: str | None         # the roster ID (None: not on the roster); without a roster, ``given``
    candidates: tuple[str, ...] = ()  # a name that fits several people on the roster: all of them
    by_roster: bool = False         # found by matching roster names

    def said(self) -> str:
        if self.candidates:
            return f"{self.source} fits {' or '.join(repr(c) for c in self.candidates)} on the roster"
        verb = "is" if self.source.startswith("the ID") else "says"
        also = f" ({self.participant} on the roster)" if self.participant and self.participant != self.given else ""
        return f"{self.source} {verb} '{self.given}'{also}"


def identify(found: Found, context: Context) -> Identified | Problem:
    """Whose work ``found`` is and for which session, from its contents, its name, its folder and the roster."""
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
    decoded = decode(content)
    if decoded.problem:
        return Problem(found, decoded.problem)
    contents = contents_of(decoded.data, context)
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
    kind, filed, notes = _what_to_file(found, decoded, contents, context.sessions[session])
    if isinstance(filed, Problem):
        filed.participant, filed.session = participant, session
        return filed
    saved_at, time_note = judge_time(contents, context)
    notes = [*notes, *([time_note] if time_note else []), *contents.notes]
    if clues.renamed:
        notes.append(f"renamed on download (the name ends in \"{clues.renamed}\")")
    notes.extend(found.notes)
    digest = hashlib.sha256(filed if filed is not None else content).hexdigest()
    return Identified(found, participant, session, kind, saved_at, digest, how, contents.has_answers, notes,
                      bool(clues.renamed), filed, time_note)


def identify_safely(found: Found, context: Context) -> Identified | Problem:
    try:
        return identify(found, context)
    except Exception as problem:  # one odd file must never stop the batch
        return Problem(found, f"could not be read: {unexpected_error(problem)}")


def _what_to_file(found: Found, decoded: Decoded, contents: Contents,
                  info: SessionInfo) -> tuple[str, bytes | Problem | None, list[str]]:
    """The kind filed, the bytes to file instead of the file (None: the file as it is), and notes.

    A notebook nbformat refuses cannot be graded; the answers saved inside it can, beside a blank notebook.
    """
    notes = [decoded.note] if decoded.conversions else []
    if contents.notebook is None:
        return contents.kind, decoded.converted, notes
    problem = format_problem(contents.notebook)
    if not problem:
        return contents.kind, decoded.converted, notes + altered_cells_note(contents.notebook, info)
    if contents.answers is None or not contents.has_answers:
        return contents.kind, held(found, f"{problem}, so nbgrader cannot grade it, and it holds no saved answers: "
                                          "ask the participant to download their work again"), []
    answers = (contents.answers.to_json() + "\n").encode("utf-8")
    return "answers", answers, [f"{problem}, so nbgrader cannot grade it: the answers saved inside it were filed as "
                                "an answers file instead, and those are graded (ask the participant for a new "
                                "download if you want their notebook itself)"]


def judge_time(contents: Contents, context: Context) -> tuple[datetime | None, str]:
    """The save time that counts (None: unknown), and why the one written inside does not count."""
    if not contents.has_answers:
        return None, ""
    text = contents.saved_text
    moment = parse_time(text) if text else None
    if not text:
        odd = "its answers carry no save time (it is missing, or not text)"
    elif moment is None:
        odd = f"its save time \"{text[:40]}\" is not a usable date"
    else:
        wrong = context.why_implausible(moment)
        if not wrong:
            return moment, ""
        odd = f"its save time \"{text[:40]}\" is {wrong}, so the clock or the file is wrong"
    return None, (f"{odd}: it counts as saved at an unknown time, after any copy with a usable save time "
                  "(it is not late either)")


def read_name(name: str) -> NameClues:
    stem = re.sub(r"\.(?:ipynb|json)$", "", name, flags=re.IGNORECASE)
    platform = ""
    lms = MOODLE_PREFIX.match(stem)
    if lms:
        platform, stem = stem[:lms.start("rest")], lms["rest"]
    nothing = NameClues(platform=platform, stem=stem)
    rule = NAME_RULE.match(stem)
    if rule:
        participant, session, rest = rule["id"], rule["session"].lower(), rule["rest"]
    else:
        found = SESSION_IN_NAME.search(stem)
        if not found:
            return nothing
        participant, session, rest = "", found[1].lower(), found["rest"]
    rest = rest[len("_answers"):] if rest.casefold().startswith("_answers") else rest
    if rest and rest[0].isalnum():  # "session21" is not session2 renamed
        return nothing
    rest = rest.removesuffix("_answers")  # "session2 (1)_answers.json"
    return NameClues(participant, session, rest.strip(), platform, stem)


def read_contents(content: bytes, context: Context) -> Contents | str:
    """What the contents say, or why nbgrader could not grade the file as it is."""
    unreadable = unreadable_for_nbgrader(content)
    if unreadable:
        return (f"{unreadable}: ask the participant to hand it in again, or put the file in a folder and run "
                "workbooks collect FOLDER, which files a converted copy or the answers inside")
    return contents_of(decode(content).data, context)


def contents_of(data: object, context: Context) -> Contents | str:
    """What decoded JSON says about itself, or why it is not something collect files."""
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
    found = newest(copies)  # as grading picks them
    if found is not None:
        contents.session = found.spec.id
        contents.saved_at = parse_time(found.saved_at)
        contents.has_answers = not found.is_empty()
        contents.answers, contents.saved_text = found, found.saved_at
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
                    [f"damaged answers: {p}" for p in answers.problems], answers=answers, saved_text=answers.saved_at)


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


def parse_time(text: object) -> datetime | None:
    """A save time in UTC, or None when it is not one (not text, not a date, or out of range once in UTC)."""
    try:
        when = datetime.fromisoformat(text)  # type: ignore[arg-type]
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _decide_session(found: Found, contents: Contents, clues: NameClues, context: Context) -> str | Problem:
    if contents.session and clues.session and contents.session != clues.session:
        return held(found, f"the file name says {clues.session}, but the contents are {contents.session}'s: "
                           "check with the participant, then file it by hand or rename it")
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


def participant_clues(found: Found, contents: Contents, clues: NameClues, roster: Roster | None) -> list[Clue]:
    """Every clue to whose work this is: the folder, the platform's prefix, the file name, the ID typed inside."""
    found_clues = []

    def from_roster(source: str, text: str) -> None:
        if roster is None or not text:
            return
        named, several = roster.named_in(text)
        if named:
            found_clues.append(Clue(source, named, named, by_roster=True))
        elif several:
            found_clues.append(Clue(source, text, None, tuple(several), by_roster=True))

    from_roster("the folder", _folder_of(found))
    from_roster("the learning platform's name for the file", clues.platform)
    if clues.participant:
        found_clues.append(_given("the file name", clues.participant, roster))
    else:
        from_roster("the file name", clues.stem)
    if contents.participant:
        found_clues.append(_given("the ID typed in the workbook", contents.participant, roster))
    return found_clues


def _given(source: str, given: str, roster: Roster | None) -> Clue:
    return Clue(source, given, roster.resolve(given) if roster else given)


def _folder_of(found: Found) -> str:
    """The folders (and bundles) above the file, as the report names them."""
    return found.label[: -len(found.name)] if found.label.endswith(found.name) else ""


def _decide_participant(found: Found, contents: Contents, clues: NameClues,
                        context: Context) -> tuple[str, str] | Problem:
    roster = context.roster
    every = participant_clues(found, contents, clues, roster)
    definite = [c for c in every if not c.candidates]
    if not definite:
        reason = ("could not tell whose work this is: no participant ID typed in the workbook, and the file "
                  f"name does not follow <participant id>{HANDIN_SEPARATOR}<session>")
        several = sorted({c for clue in every for c in clue.candidates})
        if several:
            reason += f" (it fits several roster entries: {', '.join(several)})"
        elif roster is not None:
            reason += " or name anyone on the roster"
        return held(found, reason)
    keys = {(c.participant or f"?{c.given}").casefold() for c in definite}
    chosen = definite[0].participant
    contradicted = len(keys) > 1 or any(chosen not in c.candidates for c in every if c.candidates)
    if contradicted:
        return held(found, f"the clues to whose work this is disagree: {', '.join(c.said() for c in every)}; "
                           "check with the participants, then file it by hand (rename it to "
                           f"<participant id>{HANDIN_SEPARATOR}<session>.ipynb) or fix the roster")
    clue = definite[0]
    if chosen is None:
        source = roster.source.name if roster else ""
        return held(found, f"unknown participant \"{clue.given}\" ({clue.source}): not on the roster {source}, so "
                           "not filed; add them to the roster, or file it by hand", participant=clue.given)
    participant = chosen
    if roster is None:
        try:
            participant = clean_participant_id(chosen)
        except AnswerError:
            return held(found, f"\"{chosen}\" ({clue.source}) cannot be a participant ID: file it by hand")
    # The strongest clue first: what was typed, then the file name, the platform's name, the folder.
    how = " and ".join(dict.fromkeys(f"{c.source} (a roster name)" if c.by_roster else c.source
                                     for c in reversed(definite)))
    return participant, how


def altered_cells_note(notebook: object, info: SessionInfo) -> list[str]:
    """A note when cells participants cannot edit were deleted or changed, or graded cells lost their roles.

    Everything it names, grading repairs: nbgrader puts back the text of locked cells, and
    :func:`workbooks.cell_roles.repair_roles` the roles.
    """
    if not isinstance(notebook, dict):
        return []
    # The release's locked cells include the lesson's own (session 4's charter), which no declaration lists.
    lesson_cells = set(info.locked) or None
    problems = role_problems(info.spec, notebook, lesson_cells) if info.spec is not None else []
    deleted = [p.grade_id for p in problems if p.kind == DELETED]
    others = [p.message for p in problems if p.kind != DELETED]
    present: dict[str, str] = {}
    for cell in notebook.get("cells", []):
        if isinstance(cell, dict) and grade_id(cell) in info.locked:
            present.setdefault(grade_id(cell), cell_source(cell))
    if info.spec is None:
        deleted = [g for g in info.locked if g not in present]
    changed = [g for g, source in present.items() if source.strip() != info.locked[g].strip()]
    if not deleted and not changed and not others:
        return []
    notes = []
    if deleted or changed:
        parts = [f"{label} {_list(ids)}" for label, ids in (("deleted", deleted), ("changed", changed)) if ids]
        notes.append(f"graded or locked cells {' and '.join(parts)}; filed anyway: nbgrader autograde puts the "
                     "original cells back")
    if others:
        more = f" (and {len(others) - 3} more)" if len(others) > 3 else ""
        notes.append(f"graded cells altered, filed anyway ({'; '.join(others[:3])}{more})")
    return notes


def _list(items: list[str], shown: int = 3) -> str:
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return "(" + ", ".join(items[:shown]) + more + ")"

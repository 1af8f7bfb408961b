"""The course roster (nbgrader's student CSV, plus aliases), and finding its participants in file names."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..models import AnswerError, clean_participant_id
from .course import CourseError


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
